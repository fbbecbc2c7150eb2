"""The audit trail in words: what was done, and what its check found."""

MESSAGES: dict[str, dict[str, str]] = {
    "AUDIT_CREATED": {"vi": "Tạo mới", "en": "Created"},
    "AUDIT_CORRECTED": {"vi": "Sửa", "en": "Corrected"},
    "AUDIT_VOIDED": {"vi": "Đánh dấu mũi tiêm nhập nhầm", "en": "Voided"},
    "AUDIT_CERTIFICATE": {"vi": "In chứng nhận", "en": "Certificate printed"},
    "AUDIT_REVOKED": {"vi": "Thu hồi chứng nhận", "en": "Certificate revoked"},
    "AUDIT_BATCH_TOLD": {"vi": "Đã được báo đợt in chứng nhận bị dừng",
                         "en": "Told a certificate batch had stopped"},
    "AUDIT_BATCH_TOLD_WHAT": {
        "vi": "{file}, {count} trong số {people} người đã được ghi nhận",
        "en": "{file}, {count} of {people} {people:person|people} recorded",
    },
    "AUDIT_IMPORTED": {"vi": "Nhập từ tệp", "en": "Imported from a file"},
    "AUDIT_IMPORT_FAILED_PART": {"vi": "dừng giữa chừng, đã lưu {committed} dòng",
                                 "en": "stopped part-way, {committed} {committed:row|rows} stored"},
    "AUDIT_SYNCED": {"vi": "Đồng bộ", "en": "Synced"},
    "AUDIT_SYNC_FAILED": {"vi": "Đồng bộ dừng", "en": "Sync stopped"},
    "AUDIT_SYNC_FAILED_WHAT": {"vi": "gửi tới {server}; {why}", "en": "to {server}; {why}"},
    "AUDIT_LOGIN": {"vi": "Đăng nhập", "en": "Logged in"},
    "AUDIT_LOGIN_FAILED": {"vi": "Đăng nhập sai", "en": "Failed login"},
    "AUDIT_LOGIN_WAIT": {"vi": "Thử đăng nhập khi đang phải chờ (bị từ chối)",
                         "en": "Login tried during the wait (refused)"},
    "AUDIT_BACKUP": {"vi": "Sao lưu", "en": "Backup"},
    "AUDIT_EXPORT": {"vi": "Xuất dữ liệu ra tệp", "en": "Exported to a file"},
    # People's data printed in bulk at the command line (services/bulk_output.py): what
    # was asked and how many came back, never who.
    "AUDIT_OUTPUT": {"vi": "Xuất dữ liệu ra dòng lệnh", "en": "Output at the command line"},
    "FIELD_QUERY": {"vi": "Nội dung tìm", "en": "Searched for"},
    "FIELD_LIMIT": {"vi": "Số người tối đa", "en": "At most"},
    "AUDIT_CLEANING": {"vi": "Làm sạch dữ liệu", "en": "Data cleaning"},
    "AUDIT_BROUGHT": {"vi": "Bổ sung mũi tiêm ở điểm tiêm khác",
                      "en": "Added doses given at other sites"},
    "AUDIT_MERGED": {"vi": "Gộp hồ sơ", "en": "Records merged"},
    "AUDIT_MERGE_WHAT": {"vi": "hồ sơ {folded} gộp vào {kept}; {doses} mũi tiêm chuyển sang",
                         "en": "record {folded} folded into {kept}; {doses} {doses:dose|doses} moved"},
    "AUDIT_DOSE_OF": {"vi": "mũi {dose_number} của {person}", "en": "dose {dose_number} of {person}"},
    "AUDIT_ORIGIN_TOLD": {"vi": "hệ thống trung tâm báo mũi tiêm ở điểm tiêm khác khi đồng bộ: {doses}",
                          "en": "told by the central platform in a sync, doses at other sites: {doses}"},
    "AUDIT_ANOTHER_RECORD": {"vi": "một hồ sơ khác", "en": "another record"},
    "AUDIT_RECORD_NAMED": {"vi": "“{name}” (số giấy tờ {id_number})",
                           "en": "“{name}” (ID number {id_number})"},
    "AUDIT_RECORD_NAMED_NO_ID": {"vi": "“{name}” (không có số giấy tờ)",
                                 "en": "“{name}” (no ID number)"},
    "AUDIT_UNMERGED": {"vi": "Tách lại hồ sơ đã gộp", "en": "Merge undone"},
    "AUDIT_UNMERGE_WHAT": {"vi": "hồ sơ {folded} tách khỏi {kept}; {doses} mũi tiêm trở về",
                           "en": "record {folded} split from {kept}; {doses} {doses:dose|doses} moved back"},
    "AUDIT_COMPLAINT": {"vi": "Xử lý phản ánh", "en": "Complaint handled"},
    "AUDIT_ORIGIN": {"vi": "lấy từ hệ thống trung tâm: hồ sơ {patients}; mũi tiêm {doses}",
                     "en": "from the central platform: records {patients}; doses {doses}"},
    # A later look-up of a person brought before: the other sites' doses made the platform's.
    "AUDIT_ORIGIN_DROPPED": {
        "vi": "bỏ mũi tiêm không còn trên hệ thống trung tâm (nhập nhầm hoặc đã xóa ở đó) {doses}",
        "en": "doses dropped, no longer on the central platform (voided or deleted there) {doses}"},
    "AUDIT_ORIGIN_UPDATED": {"vi": "cập nhật mũi tiêm đã sửa trên hệ thống trung tâm {doses}",
                             "en": "doses updated as corrected on the central platform {doses}"},
    "AUDIT_ORIGIN_UNLINKED": {
        "vi": "bỏ mũi tiêm của hồ sơ mà hệ thống trung tâm không coi là cùng một người {doses}",
        "en": "doses dropped, of a record the central platform does not take for this person {doses}"},
    "AUDIT_ORIGIN_CLASH": {
        "vi": "trùng số mũi với mũi đã có, đưa vào danh sách làm sạch {doses}",
        "en": "dose number already held, put on the cleaning worklist {doses}"},
    "AUDIT_CLASH_DOSE": {"vi": "{dose} (mũi {dose_number})", "en": "{dose} (dose {dose_number})"},
    "AUDIT_ORIGIN_REFUSED": {
        "vi": "số này còn được ghi cho người khác ở điểm tiêm khác: chỉ bổ sung mũi tiêm của các hồ sơ được liên kết với người này",
        "en": "the number is also held by another person at another site: only doses of the records linked to this person added"},
    # A look-up of a citizen ID on the central platform (services/lookup.look_up)
    "AUDIT_LOOKUP": {"vi": "Tra cứu trên hệ thống trung tâm", "en": "Looked up on the central platform"},
    "AUDIT_LOOKUP_WHAT": {"vi": "số {number}: hồ sơ {patients}; mũi tiêm {doses}",
                          "en": "number {number}: records {patients}; doses {doses}"},
    "AUDIT_LOOKUP_NOBODY": {"vi": "số {number}: không có ai", "en": "number {number}: nobody"},
    "AUDIT_LOOKUP_LIMITED": {
        "vi": "số {number}: hệ thống trung tâm tạm ngừng tra cứu (đã đủ số lần trong một giờ)",
        "en": "number {number}: the central platform paused lookups (the hour's limit)"},
    "AUDIT_RESOLVED": {"vi": "Giải quyết xung đột", "en": "Conflict settled"},
    "AUDIT_KEPT_MINE": {"vi": "giữ bản trên máy này", "en": "kept this laptop's copy"},
    "AUDIT_KEPT_THEIRS": {"vi": "lấy bản của hệ thống trung tâm",
                          "en": "took the central platform's copy"},
    "AUDIT_RETRIED": {"vi": "Gửi lại hồ sơ bị từ chối", "en": "Rejected record sent again"},
    # This site's own doses a look-up after a restore had kept as another site's, dropped
    # once the dose itself is here again (sync/doubled_doses.py).
    "AUDIT_DOUBLED": {"vi": "Sửa mũi tiêm của điểm tiêm này bị tính hai lần",
                      "en": "This site's dose counted twice, set right"},
    "AUDIT_DOUBLED_WHAT": {
        "vi": "mũi tiêm của chính điểm tiêm này từng bị lưu như của điểm tiêm khác (tra cứu sau khi khôi phục bản sao lưu), nay chỉ giữ là của điểm tiêm này: {doses}",
        "en": "this site's own doses stored as another site's by a look-up after a restore, kept as this site's only: {doses}"},
    "AUDIT_RESTORED": {"vi": "Khôi phục từ bản sao lưu", "en": "Restored from a backup"},
    # A restore refused, in the file it would have replaced (services/restore_refused.py):
    # why, by the refusal's code; and what was wrong with a login refused.
    "AUDIT_RESTORE_REFUSED": {"vi": "Khôi phục bản sao lưu bị từ chối",
                              "en": "Restore of a backup refused"},
    "AUDIT_RESTORE_REFUSED_WHAT": {"vi": "bản sao {copy}: {why}", "en": "copy {copy}: {why}"},
    "AUDIT_RESTORE_WHY_BACKUP_EMPTY": {"vi": "bản sao trống hoặc không có",
                                       "en": "the copy is empty or missing"},
    "AUDIT_RESTORE_WHY_BACKUP_NOT_OURS": {
        "vi": "không phải bản sao lưu VaxDesk mà phiên bản này mở được",
        "en": "not a VaxDesk backup this version can open"},
    "AUDIT_RESTORE_WHY_BACKUP_DAMAGED": {"vi": "bản sao bị hỏng", "en": "the copy is damaged"},
    # The same refusal, as entries written before it had a code of its own say it.
    "AUDIT_RESTORE_WHY_DB_DAMAGED_NO_BACKUP": {"vi": "bản sao bị hỏng",
                                               "en": "the copy is damaged"},
    # A copy made before the data passphrase was changed: restoring it would undo the change.
    "AUDIT_RESTORE_WHY_BACKUP_PASSPHRASE_REPLACED": {
        "vi": "bản sao được mã hóa bằng mật khẩu dữ liệu cũ, đã được thay",
        "en": "the copy is encrypted with the old data passphrase, which was replaced"},
    "AUDIT_RESTORE_WHY_BACKUP_WRONG_PASSPHRASE": {
        "vi": "mật khẩu dữ liệu đã nhập không mở được bản sao",
        "en": "the data passphrase given does not open the copy"},
    "AUDIT_RESTORE_WHY_RESTORE_NEEDS_CURRENT_SUPERVISOR": {
        "vi": "không phải đăng nhập của một người giám sát đang hoạt động của cơ sở dữ liệu này",
        "en": "not the login of an active supervisor of this database"},
    "AUDIT_RESTORE_WHY_RESTORE_CURRENT_OTHER_PASSPHRASE": {
        "vi": "mật khẩu dữ liệu đã nhập mở được bản sao nhưng không mở được cơ sở dữ liệu này",
        "en": "the data passphrase given opens the copy but not this database"},
    "AUDIT_RESTORE_WHY_RESTORE_NEEDS_SUPERVISOR": {
        "vi": "không phải đăng nhập của một người giám sát có trong bản sao",
        "en": "not the login of a supervisor in the copy"},
    "AUDIT_RESTORE_WHY_RESTORE_OTHER_DATABASE": {
        "vi": "bản sao của một cơ sở dữ liệu khác, chưa được xác nhận",
        "en": "a copy of another database, not confirmed"},
    "AUDIT_RESTORE_WHY_RESTORE_UNSENT_REFUSED": {
        "vi": "dữ liệu ở đây còn mũi tiêm hoặc người chưa gửi mà bản sao không có, chưa được xác nhận",
        "en": "records here never sent that the copy lacks, not confirmed"},
    "AUDIT_RESTORE_WHY_DB_LOCKED": {"vi": "VaxDesk đang mở cơ sở dữ liệu",
                                    "en": "VaxDesk had the database open"},
    # Tried while the name waits after failed logins (services/restore_login.py).
    "AUDIT_RESTORE_WHY_LOGIN_WAIT": {
        "vi": "thử khi tên đăng nhập đang phải chờ sau nhiều lần đăng nhập sai",
        "en": "tried while the user name waits after failed logins"},
    "AUDIT_RESTORE_WHY_LOGIN_WAIT_MINUTES": {
        "vi": "thử khi tên đăng nhập đang phải chờ sau nhiều lần đăng nhập sai",
        "en": "tried while the user name waits after failed logins"},
    "AUDIT_RESTORE_LOGIN_LOGIN": {"vi": "tên đăng nhập hoặc mật khẩu sai",
                                  "en": "wrong user name or password"},
    "AUDIT_RESTORE_LOGIN_DISABLED": {"vi": "tài khoản bị khóa", "en": "the account is disabled"},
    "AUDIT_RESTORE_LOGIN_ROLE": {"vi": "tài khoản không phải của người giám sát",
                                 "en": "the account is not a supervisor's"},
    "AUDIT_PASSPHRASE": {"vi": "Đổi mật khẩu dữ liệu", "en": "Data passphrase changed"},
    "AUDIT_PASSPHRASE_WHAT": {"vi": "{copies} bản sao được mã hóa lại, {kept} bản giữ mật khẩu cũ",
                              "en": "{copies} {copies:copy|copies} re-encrypted, {kept} kept their older passphrase"},
    # Written once the file itself is re-encrypted, before its copies are.
    "AUDIT_PASSPHRASE_FILE": {"vi": "đã mã hóa lại tệp cơ sở dữ liệu; tiếp theo mã hóa lại {count} bản sao",
                              "en": "the database file re-encrypted, {count} {count:copy|copies} to re-encrypt next"},
    "AUDIT_PASSPHRASE_UNFINISHED": {"vi": ", {count} bản dở dang bị xóa",
                                    "en": ", {count} unfinished deleted"},
    "AUDIT_CENTRAL": {"vi": "Cập nhật theo hệ thống trung tâm", "en": "Updated from the central platform"},
    "AUDIT_UNVOIDED": {"vi": "Bỏ đánh dấu nhập nhầm (theo hệ thống trung tâm)",
                       "en": "Void taken back (by the central platform)"},
    "AUDIT_OTHER": {"vi": "Thao tác “{action}”", "en": "Action “{action}”"},
    # Accounts managed (services/accounts_admin.py) and refusals (services/actor.require)
    "AUDIT_DISABLED": {"vi": "Khóa tài khoản", "en": "Account disabled"},
    "AUDIT_ENABLED": {"vi": "Mở lại tài khoản", "en": "Account enabled"},
    "AUDIT_ROLE_CHANGED": {"vi": "Đổi vai trò", "en": "Role changed"},
    "AUDIT_PASSWORD_CHANGED": {"vi": "Đổi mật khẩu", "en": "Password changed"},
    "AUDIT_PASSWORD_RESET": {"vi": "Đặt mật khẩu tạm", "en": "Temporary password set"},
    "AUDIT_REFUSED": {"vi": "Bị từ chối", "en": "Refused"},
    "AUDIT_REFUSED_WHAT": {
        "vi": "“{asked}” cần vai trò {roles}; người này có vai trò {role}",
        "en": "“{asked}” needs the role of {roles}; this person is a {role}",
    },
    "FIELD_ACTIVE": {"vi": "Còn hoạt động", "en": "Active"},
    "FIELD_MUST_CHANGE_PASSWORD": {"vi": "Phải đổi mật khẩu", "en": "Must change the password"},
    # What the settings' entries name (describe: each field “old” → “new”); secrets only
    # as fingerprints (rules/fingerprints.py).
    # A sync round's word on the site's signing key (services/sync._signing_said).
    "FIELD_SIGNING_STATE": {"vi": "Khóa ký chứng nhận", "en": "Certificate signing key"},
    "FIELD_PENDING_KEY": {"vi": "Mã nhận dạng khóa mới", "en": "New key's fingerprint"},
    "VALUE_SIGNING_KEY_ENROLLED": {"vi": "hệ thống trung tâm đã cấp chứng thư",
                                   "en": "certified by the central platform"},
    "VALUE_SIGNING_KEY_REVOKED": {"vi": "hệ thống trung tâm đã thu hồi: không in được giấy "
                                        "chứng nhận", "en": "revoked by the central platform: "
                                                        "no certificate can be printed"},
    "VALUE_SIGNING_KEY_PENDING": {"vi": "khóa mới đang chờ trung tâm duyệt",
                                  "en": "a new key waits for central approval"},
    "FIELD_SERVER_URL": {"vi": "Địa chỉ hệ thống trung tâm", "en": "Central platform address"},
    # The settings an entry is about (its record column: ``record_words``).
    "FIELD_SYNC_SERVER_URL": {"vi": "Địa chỉ hệ thống trung tâm",
                              "en": "Central platform address"},
    "FIELD_DAY_DEFAULTS": {"vi": "Vắc xin, lô và người tiêm của ngày",
                           "en": "The day's vaccine, lot and vaccinator"},
    # A sync round's counts (services/sync.py), an export's (report_export, audit.export)
    # and a lot's expiry: said in words, as every other entry's fields.
    "FIELD_SENT": {"vi": "Đã gửi", "en": "Sent"},
    "FIELD_SYNCED": {"vi": "Đã đồng bộ", "en": "Synced"},
    "FIELD_REJECTED": {"vi": "Bị từ chối", "en": "Rejected"},
    "FIELD_CONFLICTS": {"vi": "Xung đột", "en": "Conflicts"},
    "FIELD_PULLED": {"vi": "Nhận về", "en": "Received"},
    "FIELD_WAITING": {"vi": "Còn chờ", "en": "Still waiting"},
    "FIELD_BROUGHT_BACK": {"vi": "Bản ghi của điểm được đưa về",
                           "en": "The site's records brought back"},
    "FIELD_CLASHES": {"vi": "Trùng số mũi với nơi khác", "en": "Dose numbers clashing elsewhere"},
    "FIELD_ELSEWHERE": {"vi": "Mũi tiêm nơi khác nhận về", "en": "Other sites' doses received"},
    "FIELD_REPORTS": {"vi": "Báo cáo", "en": "Reports"},
    "FIELD_FROM": {"vi": "Từ ngày", "en": "From"},
    "FIELD_TO": {"vi": "Đến ngày", "en": "To"},
    "FIELD_ENTRIES": {"vi": "Số mục", "en": "Entries"},
    "FIELD_RECORDS": {"vi": "Số bản ghi", "en": "Records"},
    "FIELD_QUEUED": {"vi": "Số hồ sơ xếp hàng gửi lại", "en": "Records queued"},  # send_all_again
    "FIELD_FILE": {"vi": "Tệp", "en": "File"},
    "FIELD_PATH": {"vi": "Đường dẫn", "en": "Path"},
    "FIELD_EXPIRY_DATE": {"vi": "Hạn sử dụng", "en": "Expiry date"},
    "FIELD_SYNC_TOKEN": {"vi": "Mã truy cập của điểm tiêm (mã nhận dạng)",
                         "en": "Site access code (fingerprint)"},
    "FIELD_SIGNING_KEY": {"vi": "Khóa ký (mã nhận dạng)", "en": "Signing key (fingerprint)"},
    "FIELD_SITE": {"vi": "Điểm tiêm", "en": "Vaccination site"},
    "FIELD_SITE_CODE": {"vi": "Mã điểm tiêm", "en": "Site code"},
    "FIELD_DAY": {"vi": "Ngày làm việc", "en": "Working day"},
    "FIELD_IDLE_LOCK_MINUTES": {"vi": "Tự khóa sau (phút)", "en": "Lock after (minutes)"},
    "FIELD_BACKUP_FOLDER": {"vi": "Thư mục sao lưu", "en": "Backup folder"},
    "FIELD_COPY": {"vi": "Bản sao lưu", "en": "Backup copy"},
    "FIELD_FOLDER": {"vi": "Thư mục", "en": "Folder"},
    "FIELD_REMOVED": {"vi": "Bản cũ đã xóa", "en": "Older copies removed"},
    "FIELD_FOLDER_MISSING": {"vi": "Không thấy thư mục sao lưu", "en": "Backup folder not there"},
    "FIELD_FINISHED": {"vi": "Hoàn tất lần khôi phục bị ngắt, từ",
                       "en": "Interrupted restore finished, from"},
    "FIELD_ASIDE": {"vi": "Tệp trước đó được giữ ở", "en": "The file before it kept as"},
    "FIELD_PUT_BACK": {"vi": "Lần khôi phục bị ngắt được hoàn lại, đưa về",
                       "en": "Interrupted restore undone, put back"},
    # The other fields the record's history shows, and stored codes told in words
    # (rules/field_values.py)
    "FIELD_OLD_ID_NUMBER": {"vi": "Số CMND cũ", "en": "Old ID card number"},
    "FIELD_ID_NUMBER_ELSEWHERE": {"vi": "Số CCCD/CMND nơi khác ghi",
                                  "en": "ID number at another site"},
    # What a linked record of another site gives otherwise (services/cleaning_elsewhere.py)
    "FIELD_SITE_ELSEWHERE": {"vi": "Điểm tiêm ghi khác", "en": "Site recording otherwise"},
    "FIELD_DOSE_NUMBER_ELSEWHERE": {"vi": "Mũi cùng số ở điểm tiêm khác",
                                    "en": "Same-numbered dose at another site"},
    "FIELD_FULL_NAME_ELSEWHERE": {"vi": "Họ tên nơi khác ghi", "en": "Full name at another site"},
    "FIELD_DOB_ELSEWHERE": {"vi": "Ngày sinh nơi khác ghi",
                            "en": "Date of birth at another site"},
    "FIELD_SEX_ELSEWHERE": {"vi": "Giới tính nơi khác ghi", "en": "Sex at another site"},
    "FIELD_IDENTITY_VERIFIED": {"vi": "Đã xác minh danh tính", "en": "Identity verified"},
    "FIELD_CONFIRMED_WARNINGS": {"vi": "Cảnh báo đã xác nhận", "en": "Warnings confirmed"},
    "FIELD_AGE_OVERRIDE": {"vi": "Lý do tiêm ngoài độ tuổi", "en": "Reason to inject outside the ages"},
    "FIELD_OUTCOME": {"vi": "Kết luận khám sàng lọc", "en": "Screening outcome"},
    "FIELD_ANSWERS": {"vi": "Trả lời “có”", "en": "Answered yes"},
    "FIELD_REASON": {"vi": "Lý do", "en": "Reason"},
    "FIELD_SEVERITY": {"vi": "Mức độ", "en": "Severity"},
    "FIELD_ONSET_AT": {"vi": "Bắt đầu lúc", "en": "Began at"},
    "FIELD_DESCRIPTION": {"vi": "Mô tả", "en": "Description"},
    "FIELD_ACTION_TAKEN": {"vi": "Xử trí", "en": "Action taken"},
    "FIELD_MINUTES": {"vi": "Số phút theo dõi", "en": "Minutes watched"},
    "VALUE_YES": {"vi": "Có", "en": "Yes"},
    "VALUE_NO": {"vi": "Không", "en": "No"},
    "VALUE_ID_TYPE_CCCD": {"vi": "Căn cước công dân (CCCD)", "en": "Citizen ID (CCCD)"},
    "VALUE_ID_TYPE_CMND": {"vi": "Chứng minh nhân dân (CMND)", "en": "Old ID card (CMND)"},
    "VALUE_ID_TYPE_PASSPORT": {"vi": "Hộ chiếu", "en": "Passport"},
    "VALUE_ID_TYPE_NONE": {"vi": "Không có giấy tờ tùy thân", "en": "No identity document"},
    "VALUE_SOURCE_DESK": {"vi": "Tại điểm tiêm", "en": "Desk"},
    "VALUE_SOURCE_BACKFILL": {"vi": "Hồi cứu", "en": "Backfill"},
    "VALUE_SOURCE_IMPORT": {"vi": "Nhập từ tệp", "en": "Import"},
    # How a complaint came in (wire/complaints.CHANNELS), and what it is about.
    "VALUE_CHANNEL_WEB": {"vi": "Cổng thông tin", "en": "Web portal"},
    "VALUE_CHANNEL_API": {"vi": "Ứng dụng", "en": "App"},
    "VALUE_CHANNEL_HOTLINE": {"vi": "Qua điện thoại", "en": "By phone"},
    "FIELD_CHANNEL": {"vi": "Kênh tiếp nhận", "en": "Received by"},
    "FIELD_KIND": {"vi": "Loại phản ánh", "en": "Kind of complaint"},
    # The desk's warnings a person confirmed, in a few words (the rule's sentence needs the
    # values it found, which the audit entry does not keep)
    "WARNING_NAME_SINGLE_WORD": {"vi": "Họ tên chỉ có một từ", "en": "Single-word name"},
    "WARNING_NAME_NO_DIACRITICS": {"vi": "Họ tên không dấu", "en": "Name without diacritics"},
    "WARNING_DOSE_NUMBER_GAP": {"vi": "Thiếu mũi trước", "en": "Earlier doses missing"},
    "WARNING_DOSE_INTERVAL_SHORT": {"vi": "Cách mũi trước quá ngắn",
                                    "en": "Too soon after the previous dose"},
    "WARNING_BOOSTER_INTERVAL_SHORT": {"vi": "Mũi nhắc lại quá sớm", "en": "Booster too soon"},
    "WARNING_PERSON_MAYBE_REGISTERED": {
        "vi": "Đã có hồ sơ cùng họ tên, ngày sinh và giới tính",
        "en": "A record of the same name, birth date and sex exists"},
    "AUDIT_DOSE_MOVED": {"vi": "chuyển sang hồ sơ khác (gộp hoặc tách hồ sơ)",
                         "en": "moved to another record (records merged or split)"},
    "AUDIT_CHANGE": {"vi": "{field} “{old}” → “{new}”", "en": "{field} “{old}” → “{new}”"},
    "AUDIT_REASON": {"vi": "lý do “{reason}”", "en": "reason “{reason}”"},
    # The sync set up on a database that never synced (sync/own_records.py): what it means.
    "AUDIT_OWN_RECORDS": {
        "vi": "máy này chưa từng đồng bộ: lần đồng bộ đầu tiên lấy lại mọi hồ sơ và mũi tiêm "
              "của điểm tiêm này mà hệ thống trung tâm đang giữ",
        "en": "this laptop had never synced: its first sync brings back every record and dose "
              "of this site the central platform holds",
    },
    "AUDIT_COL_NO": {"vi": "Số", "en": "No."},
    "AUDIT_COL_TIME": {"vi": "Thời gian", "en": "Time"},
    "AUDIT_COL_USER": {"vi": "Người thực hiện", "en": "By"},
    "AUDIT_COL_RECORD": {"vi": "Hồ sơ", "en": "Record"},
    "AUDIT_COL_WHAT": {"vi": "Nội dung", "en": "What"},
    # The record column names what an entry is about in words, beside its id
    # (services/audit.record_words); an entity not listed keeps its stored name.
    "AUDIT_ENTITY_PERSON": {"vi": "Người được tiêm", "en": "Person"},
    "AUDIT_ENTITY_DOSE": {"vi": "Mũi tiêm", "en": "Dose"},
    "AUDIT_ENTITY_USER": {"vi": "Tài khoản", "en": "Account"},
    "AUDIT_ENTITY_SETTING": {"vi": "Cài đặt", "en": "Setting"},
    "AUDIT_ENTITY_FILE": {"vi": "Tệp", "en": "File"},
    "AUDIT_ENTITY_SITE": {"vi": "Điểm tiêm", "en": "Site"},
    "AUDIT_ENTITY_SITE_SYNC": {"vi": "Đồng bộ của điểm tiêm", "en": "The site's sync"},
    "AUDIT_ENTITY_LOT": {"vi": "Lô vắc xin", "en": "Vaccine lot"},
    "AUDIT_ENTITY_COMPLAINT": {"vi": "Phản ánh", "en": "Complaint"},
    "AUDIT_ENTITY_CLEANING": {"vi": "Danh sách làm sạch", "en": "Cleaning list"},
    "AUDIT_ENTITY_OUTBOX": {"vi": "Hàng chờ đồng bộ", "en": "Sync queue"},
    "AUDIT_ENTITY_OUTBOX_ALL": {"vi": "Mọi hồ sơ đã đồng bộ", "en": "Every record already synced"},
    "AUDIT_ENTITY_AUDIT": {"vi": "Nhật ký thao tác", "en": "Audit trail"},
    "AUDIT_ENTITY_CITIZEN_ID": {"vi": "Số CCCD/CMND", "en": "Citizen ID"},
    "AUDIT_ENTITY_REPORT": {"vi": "Báo cáo", "en": "Report"},
    "AUDIT_ENTITY_IMPORT": {"vi": "Lần nhập", "en": "Import"},
    "AUDIT_IMPORT_ANSWER": {"vi": "Trả lời có sửa hồ sơ theo dữ liệu nhập không",
                            "en": "Answered whether the entry corrects records"},
    "AUDIT_IMPORT_ANSWER_YES": {
        "vi": "{file}: sửa {applied} hồ sơ; {stale} hồ sơ đã thay đổi từ lúc hỏi nên giữ nguyên",
        "en": "{file}: {applied} {applied:record|records} corrected; {stale} changed since the question, left as they are",
    },
    "AUDIT_IMPORT_ANSWER_NO": {
        "vi": "{file}: không sửa, giữ nguyên {declined} hồ sơ",
        "en": "{file}: not corrected, {declined} {declined:record|records} left as they are",
    },
    "AUDIT_PAPER_FORM": {"vi": "Phiếu giấy", "en": "Paper form"},
    "AUDIT_UNDO_VOIDED": {"vi": "đánh dấu nhập nhầm {voided} mũi tiêm",
                          "en": "{voided} {voided:dose|doses} voided"},
    "FIELD_CLEANING_REASON": {"vi": "Vấn đề cần làm sạch", "en": "Cleaning problems"},
    "AUDIT_IMPORT_COUNTS": {
        "vi": "{imported} đã nhập, {flagged} cần làm sạch, {duplicate} trùng, {rejected} bị từ chối, {corrected} đã sửa hồ sơ",
        "en": "{imported} imported, {flagged} flagged, {duplicate} {duplicate:duplicate|duplicates}, {rejected} rejected, {corrected} corrected",
    },
    "FIELD_USERNAME": {"vi": "Tên đăng nhập", "en": "Username"},
    "FIELD_FAILED_LOGINS": {"vi": "Số lần đăng nhập sai liên tiếp", "en": "Failed logins in a row"},
    "FIELD_WAIT_UNTIL": {"vi": "Phải chờ đến", "en": "Waiting until"},
    # A failed login with a name no account has: the name only as a fingerprint (it is
    # often the password typed into the wrong box).
    "FIELD_USERNAME_FINGERPRINT": {"vi": "Tên đăng nhập đã gõ (mã nhận dạng)",
                                   "en": "Name typed (fingerprint)"},
    "AUDIT_ENTITY_USER_UNKNOWN": {"vi": "Tài khoản không có trên máy",
                                  "en": "No such account"},
    "FIELD_ROLE": {"vi": "Vai trò", "en": "Role"},
    "FIELD_CURRENT_SITE_ID": {"vi": "Điểm tiêm của máy này", "en": "This laptop's site"},
    "AUDIT_COL_HASH": {"vi": "Mã kiểm tra", "en": "Check hash"},
    "AUDIT_INTACT": {
        "vi": "Nhật ký thao tác nguyên vẹn: {entries} mục, không mục nào bị sửa, xóa hay đổi thứ tự.",
        "en": "The audit trail is intact: {entries} {entries:entry|entries}, none changed, deleted or reordered.",
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
        "en": "The last {missing:entry|{missing} entries} of the audit trail {missing:was|were} deleted.",
    },
    "AUDIT_SENT_AGAIN": {
        "vi": "gửi lại danh sách cho công an lúc {at} (lần gửi trước: {before}); hai ngày chờ được tính lại từ đầu",
        "en": "sent to the police again at {at} (sent before at {before}); the two days start again",
    },
    "AUDIT_HEAD_MISSING": {
        "vi": "Bản ghi khóa cuối nhật ký thao tác đã bị xóa: không còn kiểm tra được các mục "
              "cuối có bị xóa hay không.",
        "en": "The record that seals the end of the audit trail was deleted: whether its last "
              "entries were deleted can no longer be checked.",
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
        # After one failure too (a second's wait): not "too many".
        "vi": "Vừa đăng nhập sai: hãy chờ {seconds} giây rồi thử lại.",
        "en": "A login just failed: wait {seconds} {seconds:second|seconds} and try again.",
    },
    "LOGIN_WAIT_MINUTES": {
        "vi": "Đăng nhập sai nhiều lần: hãy chờ {minutes} phút {seconds} giây rồi thử lại.",
        "en": "Too many failed logins: wait {minutes} {minutes:minute|minutes} {seconds} {seconds:second|seconds} and try again.",
    },
    "LOGIN_NEEDED": {
        "vi": "Cần đăng nhập: dùng --user TÊN (mật khẩu sẽ được hỏi), hoặc đặt VAXDESK_USER và VAXDESK_PASSWORD khi chạy bằng script.",
        "en": "A login is needed: give --user NAME (the password is asked), or set VAXDESK_USER and VAXDESK_PASSWORD when running from a script.",
    },
    "NO_ACCOUNTS_YET": {
        "vi": "Máy này chưa có tài khoản nào: hãy tạo người giám sát đầu tiên bằng `vaxdesk user add TÊN --role supervisor`.",
        "en": "This laptop has no account yet: create the first supervisor with `vaxdesk user add NAME --role supervisor`.",
    },
    "USERNAME_REQUIRED": {
        "vi": "Cần nhập tên đăng nhập.",
        "en": "The user name is required.",
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
    # A button a role may not use, disabled, says whose it is
    "ROLE_ONLY": {"vi": "Việc của {roles}.", "en": "A {roles}'s work."},
    "ROLE_CLERK": {"vi": "nhân viên ghi nhận", "en": "clerk"},
    "ROLE_VOLUNTEER": {"vi": "tình nguyện viên", "en": "volunteer"},
    "ROLE_SUPERVISOR": {"vi": "người giám sát", "en": "supervisor"},
    "ROLES_EITHER": {"vi": "{first} hoặc {second}", "en": "{first} or {second}"},
    "IDLE_LOCK_RANGE": {
        "vi": "Thời gian khóa khi không dùng phải từ 1 đến 240 phút (đã nhập {minutes}).",
        "en": "The idle lock must be between 1 and 240 minutes (given: {minutes}).",
    },
    "IDLE_LOCK_SET": {
        "vi": "Ứng dụng sẽ tự khóa sau {minutes} phút không dùng.",
        "en": "The app now locks after {minutes} {minutes:minute|minutes} without use.",
    },
    "PASSWORD_PROMPT": {"vi": "Mật khẩu của {username}: ", "en": "Password for {username}: "},
    "AUDIT_EXPORTED": {"vi": "Đã xuất {count} mục vào {path}.", "en": "Exported {count} {count:entry|entries} to {path}."},
}
