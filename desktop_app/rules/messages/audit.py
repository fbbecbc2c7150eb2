"""The audit trail in words: what was done, and what its check found."""

MESSAGES: dict[str, dict[str, str]] = {
    "AUDIT_CREATED": {"vi": "Tạo mới", "en": "Created"},
    "AUDIT_CORRECTED": {"vi": "Sửa", "en": "Corrected"},
    "AUDIT_VOIDED": {"vi": "Đánh dấu mũi tiêm nhập nhầm", "en": "Voided"},
    "AUDIT_CERTIFICATE": {"vi": "In chứng nhận", "en": "Certificate printed"},
    "AUDIT_REVOKED": {"vi": "Thu hồi chứng nhận", "en": "Certificate revoked"},
    "AUDIT_IMPORTED": {"vi": "Nhập từ tệp", "en": "Imported from a file"},
    "AUDIT_IMPORT_FAILED_PART": {"vi": "dừng giữa chừng, đã lưu {committed} dòng",
                                 "en": "stopped part-way, {committed} rows stored"},
    "AUDIT_SYNCED": {"vi": "Đồng bộ", "en": "Synced"},
    "AUDIT_SYNC_FAILED": {"vi": "Đồng bộ dừng", "en": "Sync stopped"},
    "AUDIT_LOGIN": {"vi": "Đăng nhập", "en": "Logged in"},
    "AUDIT_LOGIN_FAILED": {"vi": "Đăng nhập sai", "en": "Failed login"},
    "AUDIT_BACKUP": {"vi": "Sao lưu", "en": "Backup"},
    "AUDIT_EXPORT": {"vi": "Xuất dữ liệu ra tệp", "en": "Exported to a file"},
    "AUDIT_CLEANING": {"vi": "Làm sạch dữ liệu", "en": "Data cleaning"},
    "AUDIT_BROUGHT": {"vi": "Bổ sung mũi tiêm ở cơ sở khác",
                      "en": "Added doses given at other sites"},
    "AUDIT_MERGED": {"vi": "Gộp hồ sơ", "en": "Records merged"},
    "AUDIT_MERGE_WHAT": {"vi": "hồ sơ {folded} gộp vào {kept}; {doses} mũi tiêm chuyển sang",
                         "en": "record {folded} folded into {kept}; {doses} doses moved"},
    "AUDIT_COMPLAINT": {"vi": "Xử lý phản ánh", "en": "Complaint handled"},
    "AUDIT_ORIGIN": {"vi": "lấy từ hệ thống trung tâm: hồ sơ {patients}; mũi tiêm {doses}",
                     "en": "from the central platform: records {patients}; doses {doses}"},
    "AUDIT_OTHER": {"vi": "Thao tác “{action}”", "en": "Action “{action}”"},
    "AUDIT_CHANGE": {"vi": "{field} “{old}” → “{new}”", "en": "{field} “{old}” → “{new}”"},
    "AUDIT_REASON": {"vi": "lý do “{reason}”", "en": "reason “{reason}”"},
    "AUDIT_COL_NO": {"vi": "Số", "en": "No."},
    "AUDIT_COL_TIME": {"vi": "Thời gian", "en": "Time"},
    "AUDIT_COL_USER": {"vi": "Người thực hiện", "en": "By"},
    "AUDIT_COL_RECORD": {"vi": "Hồ sơ", "en": "Record"},
    "AUDIT_COL_WHAT": {"vi": "Nội dung", "en": "What"},
    "AUDIT_COL_HASH": {"vi": "Mã kiểm tra", "en": "Check hash"},
    "AUDIT_INTACT": {
        "vi": "Nhật ký thao tác nguyên vẹn: {entries} mục, không mục nào bị sửa, xóa hay đổi thứ tự.",
        "en": "The audit trail is intact: {entries} entries, none changed, deleted or reordered.",
    },
    "AUDIT_ENTRY_CHANGED": {
        "vi": "Mục nhật ký số {id} ({at}, “{action}”) đã bị sửa sau khi ghi.",
        "en": "Audit entry {id} ({at}, “{action}”) was changed after it was written.",
    },
    "AUDIT_ENTRIES_MISSING": {
        "vi": "Trước mục nhật ký số {id} ({at}, “{action}”) có mục đã bị xóa hoặc đổi thứ tự.",
        "en": "Entries before audit entry {id} ({at}, “{action}”) were deleted or reordered.",
    },
    "AUDIT_TAIL_MISSING": {
        "vi": "{missing} mục cuối của nhật ký thao tác đã bị xóa.",
        "en": "The last {missing} entries of the audit trail were deleted.",
    },
    "AUDIT_BROKEN_TITLE": {
        "vi": "Nhật ký thao tác đã bị can thiệp",
        "en": "The audit trail was tampered with",
    },
    # Accounts and roles
    "ROLE_REQUIRED": {
        "vi": "Việc này cần vai trò {roles}; {name} có vai trò {role}.",
        "en": "This needs the role of {roles}; {name} is a {role}.",
    },
    "LOGIN_REFUSED": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "The user name or password is wrong.",
    },
    "LOGIN_WAIT": {
        "vi": "Đăng nhập sai nhiều lần: hãy chờ {seconds} giây rồi thử lại.",
        "en": "Too many failed logins: wait {seconds} seconds and try again.",
    },
    "LOGIN_NEEDED": {
        "vi": "Cần đăng nhập: dùng --user TÊN (mật khẩu sẽ được hỏi), hoặc đặt VAXDESK_USER và VAXDESK_PASSWORD khi chạy bằng script.",
        "en": "A login is needed: give --user NAME (the password is asked), or set VAXDESK_USER and VAXDESK_PASSWORD when running from a script.",
    },
    "NO_ACCOUNTS_YET": {
        "vi": "Máy này chưa có tài khoản nào: hãy tạo người giám sát đầu tiên bằng `vaxdesk user add TÊN --role supervisor`.",
        "en": "This laptop has no account yet: create the first supervisor with `vaxdesk user add NAME --role supervisor`.",
    },
    "USERNAME_INVALID": {
        "vi": "Tên đăng nhập “{username}” chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (2–64 ký tự).",
        "en": "The user name “{username}” may only have lower-case letters without accents, digits, dots, hyphens or underscores (2–64 characters).",
    },
    "PASSWORD_SHORT": {
        "vi": "Mật khẩu cần ít nhất {min} ký tự.",
        "en": "The password needs at least {min} characters.",
    },
    "FIRST_USER_SUPERVISOR": {
        "vi": "Tài khoản đầu tiên của máy phải là người giám sát (supervisor).",
        "en": "The first account of a laptop must be a supervisor.",
    },
    "USER_EXISTS": {
        "vi": "Đã có tài khoản “{username}”.",
        "en": "There is already an account “{username}”.",
    },
    "USER_ADDED": {
        "vi": "Đã tạo tài khoản {username} ({role}).",
        "en": "Account {username} ({role}) created.",
    },
    "SIGNED_IN": {"vi": "{name} ({role})", "en": "{name} ({role})"},
    "ROLE_CLERK": {"vi": "nhân viên ghi nhận", "en": "clerk"},
    "ROLE_VOLUNTEER": {"vi": "tình nguyện viên", "en": "volunteer"},
    "ROLE_SUPERVISOR": {"vi": "người giám sát", "en": "supervisor"},
    "IDLE_LOCK_RANGE": {
        "vi": "Thời gian khóa khi không dùng phải từ 1 đến 240 phút (đã nhập {minutes}).",
        "en": "The idle lock must be between 1 and 240 minutes (given: {minutes}).",
    },
    "IDLE_LOCK_SET": {
        "vi": "Ứng dụng sẽ tự khóa sau {minutes} phút không dùng.",
        "en": "The app now locks after {minutes} minutes without use.",
    },
    "PASSWORD_PROMPT": {"vi": "Mật khẩu của {username}: ", "en": "Password for {username}: "},
    "AUDIT_EXPORTED": {"vi": "Đã xuất {count} mục vào {path}.", "en": "Exported {count} entries to {path}."},
}
