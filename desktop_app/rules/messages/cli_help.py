"""The `vaxdesk` command's help, and argparse's own words and errors, in the language asked
(desktop_app/cli_parser.py). Option names, metavars and command names stay as typed: scripts
depend on them. No "%" in a help text: argparse formats them with it."""

MESSAGES: dict[str, dict[str, str]] = {
    # argparse's own words (CPython's Lib/argparse.py says them in English only)
    "ARGS_USAGE": {"vi": "cách dùng: ", "en": "usage: "},
    "ARGS_POSITIONALS": {"vi": "đối số theo vị trí", "en": "positional arguments"},
    "ARGS_OPTIONS": {"vi": "tùy chọn", "en": "options"},
    "ARGS_HELP": {"vi": "hiện hướng dẫn này rồi thoát", "en": "show this help message and exit"},
    "ARGS_ERROR": {"vi": "{prog}: lỗi: {message}", "en": "{prog}: error: {message}"},
    "ARGS_ARGUMENT": {"vi": "đối số {argument_name}: {message}", "en": "argument {argument_name}: {message}"},
    "ARGS_INVALID_CHOICE": {
        "vi": "lựa chọn không hợp lệ: {value} (chọn một trong: {choices})",
        "en": "invalid choice: {value} (choose from {choices})",
    },
    "ARGS_REQUIRED": {"vi": "còn thiếu đối số bắt buộc: {value}", "en": "the following arguments are required: {value}"},
    "ARGS_UNRECOGNIZED": {"vi": "không hiểu các đối số: {value}", "en": "unrecognized arguments: {value}"},
    "ARGS_EXPECTED_ONE": {"vi": "cần một giá trị", "en": "expected one argument"},
    "ARGS_EXPECTED_AT_MOST_ONE": {"vi": "chỉ nhận nhiều nhất một giá trị", "en": "expected at most one argument"},
    "ARGS_EXPECTED_AT_LEAST_ONE": {"vi": "cần ít nhất một giá trị", "en": "expected at least one argument"},
    "ARGS_NOT_ALLOWED_WITH": {"vi": "không dùng được cùng với {value}", "en": "not allowed with argument {value}"},
    "ARGS_ONE_REQUIRED": {"vi": "cần một trong các đối số {value}", "en": "one of the arguments {value} is required"},
    # argparse names the type's function ("int", "fromisoformat"): nothing a person can read
    "ARGS_INVALID_VALUE": {"vi": "giá trị không hợp lệ: {value}", "en": "invalid value: {value}"},
    "ARGS_NOT_POSITIVE": {"vi": "{value} không phải số nguyên lớn hơn 0", "en": "{value} is not a whole number above zero"},
    "ARGS_NOT_A_DAY": {"vi": "{value} không phải một ngày: hãy nhập dạng dd/mm/yyyy hoặc yyyy-mm-dd", "en": "{value} is not a day: give it as dd/mm/yyyy or yyyy-mm-dd"},
    "ARGS_NOT_A_TIME": {
        "vi": "{value} không phải một thời điểm: hãy nhập một ngày dd/mm/yyyy hoặc yyyy-mm-dd, hoặc giờ dạng yyyy-mm-ddThh:mm (giờ UTC, hoặc kèm múi giờ như +07:00)",
        "en": "{value} is not a time: give a day as dd/mm/yyyy or yyyy-mm-dd, or a time as yyyy-mm-ddThh:mm (UTC, or with its zone such as +07:00)",
    },
    "ARGS_AMBIGUOUS": {"vi": "tùy chọn chưa rõ: {option} có thể là {matches}", "en": "ambiguous option: {option} could match {matches}"},
    "ARGS_IGNORED_VALUE": {"vi": "tùy chọn này không nhận giá trị: {value}", "en": "ignored explicit argument {value}"},
    # vaxdesk (desktop_app/cli.py)
    "HELP_VAXDESK": {
        "vi": "Lệnh vaxdesk: các việc của VaxDesk làm từ dòng lệnh, hoặc mở cửa sổ ứng dụng (mặc định).",
        "en": "The vaxdesk command: VaxDesk's work from the command line, or the app's window (the default).",
    },
    "HELP_VERSION": {
        "vi": "hiện phiên bản ứng dụng và phiên bản lược đồ cơ sở dữ liệu rồi thoát",
        "en": "show the app's version and its database schema, then exit",
    },
    "CLI_VERSION": {
        "vi": "VaxDesk {version} (lược đồ cơ sở dữ liệu {schema})",
        "en": "VaxDesk {version} (database schema {schema})",
    },
    "HELP_SELF_TEST": {
        "vi": "kiểm tra bản ứng dụng này trên một thư mục dữ liệu tạm, thoát với mã 0 nếu mọi bước đều chạy được (desktop_app/self_test.py)",
        "en": "check this copy of the app on a throw-away data folder, exit 0 if every step works (desktop_app/self_test.py)",
    },
    "HELP_DB": {
        "vi": "tệp cơ sở dữ liệu (mặc định: trong thư mục dữ liệu của người dùng); các lệnh làm việc trên dữ liệu của điểm tiêm cần tệp đã có (`user add … --role supervisor` tạo tệp mới)",
        "en": "database file (default: user data folder); a command on a site's data needs one that is there (`user add … --role supervisor` makes a new one)",
    },
    "HELP_LANG": {
        "vi": "ngôn ngữ: vi (tiếng Việt) hoặc en (tiếng Anh) (mặc định: như lần chọn gần nhất)",
        "en": "language: vi (Vietnamese) or en (English) (default: as last set)",
    },
    "HELP_USER": {
        "vi": "đăng nhập bằng tài khoản này (mặc định: VAXDESK_USER); mật khẩu được hỏi khi chạy, hoặc lấy từ VAXDESK_PASSWORD",
        "en": "log in as this user (default: VAXDESK_USER); the password is asked, or taken from VAXDESK_PASSWORD",
    },
    "HELP_GUI": {"vi": "mở ứng dụng (mặc định)", "en": "open the app (the default)"},
    "HELP_INFO": {
        "vi": "cho biết cơ sở dữ liệu nằm ở đâu và số hồ sơ trong đó",
        "en": "show the database location and counts",
    },
    "HELP_SETUP_SITE": {"vi": "thiết lập điểm tiêm mà máy này ghi nhận", "en": "set the site this laptop records for"},
    "HELP_SETUP_SITE_CODE": {"vi": "mã điểm tiêm, vd. 79-00123", "en": "the site code, e.g. 79-00123"},
    "HELP_SETUP_SITE_NAME": {"vi": "tên điểm tiêm, như sẽ in trên giấy chứng nhận", "en": "the site's name, as certificates print it"},
    "HELP_SETUP_SITE_PROVINCE": {
        "vi": "mã tỉnh/thành phố nơi có điểm tiêm, theo danh mục của Tổng cục Thống kê, vd. 01 (Thành phố Hà Nội); không cho thì giữ khu vực đã ghi của điểm tiêm này",
        "en": "the site's province or city, by its GSO code, e.g. 01 for Hanoi; left out, the area recorded for this site is kept",
    },
    "HELP_SETUP_SITE_COMMUNE": {
        "vi": "mã xã/phường nơi có điểm tiêm, theo danh mục của Tổng cục Thống kê, vd. 00070; phải thuộc tỉnh đã cho (--province, nếu không thì tỉnh đã ghi của điểm tiêm này)",
        "en": "the site's commune or ward, by its GSO code, e.g. 00070; it must be in the province given (--province, else the one recorded for this site)",
    },
    "HELP_SEARCH": {"vi": "tìm người được tiêm", "en": "find people"},
    "HELP_SEARCH_QUERY": {
        "vi": "số giấy tờ (hoặc các chữ số đầu), số điện thoại (hoặc các chữ số cuối), các từ trong họ tên theo thứ tự bất kỳ, hoặc nội dung mã QR quét từ CCCD",
        "en": "an ID number (or its first digits), a phone number (or its last digits), name words in any order, or a scanned CCCD's QR text",
    },
    "HELP_SEARCH_LIMIT": {"vi": "số người tìm được hiện ra nhiều nhất (mặc định {page}; nhiều hơn {page} thì được ghi vào nhật ký thao tác)",
                          "en": "at most this many people shown (default {page}; over {page}, audited)"},
    "HELP_SYNC": {"vi": "đồng bộ với hệ thống trung tâm ngay", "en": "sync with the central platform now"},
    "HELP_SYNC_SERVER": {
        "vi": "địa chỉ FHIR của hệ thống trung tâm, vd. https://host/fhir (mặc định: địa chỉ đã lưu; địa chỉ hoặc mã truy cập khác với cài đặt đã lưu: chỉ người giám sát)",
        "en": "FHIR base URL, e.g. https://host/fhir (default: saved; an address or access code other than the saved ones: a supervisor only)",
    },
    "HELP_SYNC_TOKEN": {
        "vi": "mã truy cập của điểm tiêm: '-' để đọc từ đầu vào chuẩn, để trống thì được hỏi khi chạy (mặc định: $VAXDESK_SYNC_TOKEN, nếu không có thì mã đã lưu); mã gõ thẳng ở đây hiện cho các tài khoản khác trên máy (ps) và nằm lại trong lịch sử lệnh",
        "en": "the site's access code: '-' reads it from standard input, alone it is asked (default: $VAXDESK_SYNC_TOKEN, else saved); a code typed here is visible to other accounts (ps) and the history",
    },
    "HELP_SYNC_SAVE": {"vi": "ghi nhớ --server và mã truy cập", "en": "remember --server and the code"},
    "HELP_SYNC_SEND_ALL_AGAIN": {
        "vi": "gửi lại mọi hồ sơ đã đồng bộ, khi hệ thống trung tâm được khôi phục từ một bản sao lưu cũ (người giám sát)",
        "en": "send every synced record again, when the central platform was restored from an older backup (a supervisor's)",
    },
    # certificates (desktop_app/cli_certificates.py)
    "HELP_SIGNING_KEY": {"vi": "khóa ký chứng nhận của điểm tiêm", "en": "the site's certificate-signing key"},
    "HELP_SIGNING_KEY_ACTION": {
        "vi": "create: tạo khóa (mật khẩu khóa ký được hỏi hai lần); status: tình trạng khóa, chứng thư và danh sách tin cậy",
        "en": "create: make the key (its passphrase is asked twice); status: the key, its certificate and the trust list",
    },
    "HELP_SIGNING_KEY_REPLACE": {
        "vi": "thay khóa đã bị thu hồi hoặc đã quên mật khẩu (các chứng nhận đã in vẫn còn giá trị)",
        "en": "replace a revoked or forgotten key (old certificates stay valid)",
    },
    "HELP_CERTIFICATE": {"vi": "chứng nhận tiêm chủng của một người", "en": "a person's vaccination certificate"},
    "HELP_CERTIFICATE_PERSON": {
        "vi": "số giấy tờ đầy đủ của người được tiêm (CCCD, CMND hoặc hộ chiếu), hoặc mã hồ sơ; gõ thiếu hay sai thì bị từ chối, kèm những người gần khớp",
        "en": "the person's full ID number (CCCD, CMND or passport), or their record id; anything else is refused, naming close matches",
    },
    "HELP_CERTIFICATE_OUT": {"vi": "ghi tệp PDF vào đây", "en": "write the PDF here"},
    "HELP_CERTIFICATE_QR_TEXT": {"vi": "in ra văn bản HC1: thay cho tệp PDF", "en": "print the HC1: text"},
    "HELP_CERTIFICATE_FORMAT": {"vi": "khổ giấy", "en": "the paper size"},
    "HELP_CERTIFICATE_OVERRIDE": {
        "vi": "người giám sát vẫn cấp dù còn lỗi nhận dạng chưa xử lý, với lý do này (ghi vào nhật ký thao tác)",
        "en": "a supervisor issues it despite an open identity error, for this reason (audited)",
    },
    "HELP_CERTIFICATES": {"vi": "một tệp PDF gồm các chứng nhận của một ngày", "en": "one PDF with the certificates of a day"},
    "HELP_CERTIFICATES_DAY": {"vi": "ngày tiêm, dạng dd/mm/yyyy hoặc yyyy-mm-dd", "en": "the day of the doses, as dd/mm/yyyy or yyyy-mm-dd"},
    "HELP_CERTIFICATES_SESSION": {
        "vi": "cả ngày (mặc định) hoặc một buổi, theo giờ nhập",
        "en": "the whole day (default) or one session, by time of entry",
    },
    "HELP_CERTIFICATES_OUT": {"vi": "ghi tệp PDF vào đây", "en": "write the PDF here"},
    "HELP_VERIFY": {"vi": "kiểm tra một chứng nhận (văn bản HC1:, ảnh hoặc PDF)", "en": "check a certificate (HC1: text, image or PDF)"},
    "HELP_VERIFY_DESCRIPTION": {
        "vi": "Kiểm tra một chứng nhận: văn bản HC1:, hoặc tệp ảnh, PDF hay văn bản có chứa chứng nhận.",
        "en": "Check a certificate: an HC1: text, or an image, PDF or text file holding one.",
    },
    "HELP_VERIFY_INPUT": {"vi": "văn bản HC1:..., hoặc tên tệp ảnh, PDF hay văn bản", "en": "HC1:... text, or the name of an image, PDF or text file"},
    "HELP_VERIFY_EXIT_CODES": {
        "vi": "mã thoát:\n  0  hợp lệ\n  1  không hợp lệ: kết luận nêu lý do (người ký không rõ hoặc đã bị thu hồi, chữ ký sai,\n     hết hạn, đã thu hồi, sai định dạng, ...)\n  2  không có gì để kiểm tra: không tìm thấy chứng nhận trong dữ liệu đưa vào (tệp không có,\n     rỗng, hỏng hoặc quá lớn, ảnh hay PDF không có mã QR), hoặc không đọc được danh sách tin cậy\n--json in ra một đối tượng: verdict (kết luận), message (lời giải thích), rồi payload khi đọc\nđược chứng nhận.",
        "en": "exit codes:\n  0  valid\n  1  not valid: the verdict says why (unknown or revoked signer, bad signature, expired,\n     revoked, malformed, ...)\n  2  nothing to check: no certificate found in the input (a missing, empty, damaged or\n     oversized file, an image or PDF without a QR code), or an unreadable trust list\n--json prints one object: verdict, message, then payload when the certificate was read.",
    },
    "HELP_VERIFY_TRUST_LIST": {
        "vi": "danh sách tin cậy dạng JSON: của VaxDesk, hoặc danh sách DSC của cổng EU DCC (mặc định: danh sách đã lưu trên máy)",
        "en": "a trust list JSON: VaxDesk's, or the EU DCC gateway's DSC list (default: the cached one)",
    },
    "HELP_VERIFY_AT": {"vi": "kiểm tra như tại thời điểm này: một ngày (dd/mm/yyyy hoặc yyyy-mm-dd) hoặc giờ ISO (mặc định: bây giờ)", "en": "verify as of this time: a day (dd/mm/yyyy or yyyy-mm-dd) or an ISO time (default: now)"},
    "HELP_VERIFY_JSON": {"vi": "in kết luận dạng JSON", "en": "print the verdict as JSON"},
    # import (desktop_app/cli_import.py)
    "HELP_IMPORT": {"vi": "nhập số liệu tiêm hồi cứu từ tệp .xlsx/.xls/.csv", "en": "backfill historical doses from .xlsx/.xls/.csv"},
    "HELP_IMPORT_FILE": {"vi": "bảng tính cần nhập", "en": "the spreadsheet to import"},
    "HELP_IMPORT_REPORT": {"vi": "ghi báo cáo JSON vào đây", "en": "write the JSON report here"},
    "HELP_IMPORT_FIX_FILE": {
        "vi": "ghi các dòng cần sửa vào đây (.xlsx, cột 'Lỗi' nêu lý do)",
        "en": "write the rows to fix here (.xlsx, the 'Lỗi' column says why)",
    },
    "HELP_IMPORT_SITE": {
        "vi": "mã (CODE) hoặc mã:tên (CODE:NAME) của điểm tiêm ghi nhận các mũi tiêm",
        "en": "CODE or CODE:NAME of the site the doses are recorded under",
    },
    "HELP_IMPORT_SHEET": {"vi": "trang tính cần đọc (mặc định: trang đầu tiên có dòng tiêu đề; các trang khác có dữ liệu được nêu tên)", "en": "the sheet to read (default: the first with a header row; other sheets with data are named)"},
    # audit (desktop_app/cli_audit.py)
    "HELP_AUDIT": {
        "vi": "kiểm tra nhật ký thao tác có bị sửa không, hoặc xuất nhật ký ra tệp",
        "en": "check the audit trail for tampering, or export it",
    },
    "HELP_AUDIT_VERIFY": {
        "vi": "kiểm tra chuỗi băm; thoát với mã 5 nếu nhật ký thao tác đã bị sửa",
        "en": "walk the hash chain; exit 5 if it was tampered with",
    },
    "HELP_AUDIT_EXPORT": {"vi": "ghi toàn bộ nhật ký thao tác ra tệp CSV", "en": "write the whole trail as CSV"},
    "HELP_AUDIT_OUT": {"vi": "tệp CSV cần ghi", "en": "the CSV file to write"},
    # backups (desktop_app/cli_backups.py)
    "HELP_BACKUP": {"vi": "tạo ngay một bản sao lưu đã mã hóa (người giám sát)", "en": "make an encrypted backup copy now (a supervisor)"},
    "HELP_RESTORE": {"vi": "khôi phục cơ sở dữ liệu từ một bản sao lưu", "en": "put a backup copy in place of the database"},
    "HELP_RESTORE_FILE": {"vi": "bản sao lưu cần khôi phục", "en": "the backup copy to restore"},
    "HELP_RESTORE_OTHER": {"vi": "xác nhận khôi phục bản sao của một cơ sở dữ liệu khác (máy khác, điểm tiêm khác) thay cho dữ liệu ở đây", "en": "confirm restoring a copy of another database (another laptop's, another site's) in place of the data here"},
    "HELP_RESTORE_UNSENT": {"vi": "vẫn khôi phục khi máy này còn mũi tiêm hoặc người chưa gửi mà bản sao không có (chúng chỉ còn trong tệp được để riêng)", "en": "restore even when this laptop holds doses or people never sent that the copy lacks (they are then only in the file set aside)"},
    # passphrase (desktop_app/cli_passphrase.py)
    "HELP_PASSPHRASE": {"vi": "đổi mật khẩu dữ liệu (người giám sát)", "en": "change the data passphrase (a supervisor)"},
    "HELP_PASSPHRASE_CHANGE": {
        "vi": "mã hóa lại cơ sở dữ liệu và các bản sao lưu bằng mật khẩu mới (được hỏi khi chạy, hoặc lấy từ {env})",
        "en": "re-encrypt the database and its backups under a new passphrase (asked, or {env})",
    },
    # export-outbox (desktop_app/cli_transfer.py)
    "HELP_EXPORT_OUTBOX": {
        "vi": "ghi mọi hồ sơ chưa đồng bộ ra tệp để chuyển cho hệ thống trung tâm",
        "en": "write every unsynced record to a file for the central platform",
    },
    "HELP_EXPORT_OUTBOX_OUT": {"vi": "tệp cần ghi", "en": "the file to write"},
    # cleaning (desktop_app/cli_cleaning.py)
    "HELP_CLEANING": {"vi": "danh sách làm sạch dữ liệu nhận dạng", "en": "the identity-cleaning worklist"},
    "HELP_CLEANING_LIST": {"vi": "in danh sách cần làm sạch (người giám sát; được ghi vào nhật ký thao tác)",
                           "en": "print the worklist (a supervisor's; audited)"},
    "HELP_CLEANING_JSON": {"vi": "dạng danh sách các đối tượng JSON", "en": "as a JSON list of objects"},
    "HELP_CLEANING_EXPORT": {"vi": "ghi danh sách gửi công an xác minh", "en": "write the list for police verification"},
    "HELP_CLEANING_OUT": {"vi": "tệp .xlsx cần ghi", "en": "the .xlsx file to write"},
    "HELP_CLEANING_STATUS": {"vi": "chỉ những trường hợp ở trạng thái này", "en": "only the cases in this status"},
    "HELP_CLEANING_PROBLEM": {"vi": "mã vấn đề, vd. ID_SEX_MISMATCH", "en": "a problem code, e.g. ID_SEX_MISMATCH"},
    "HELP_CLEANING_LIST_NAME": {"vi": "chỉ những trường hợp trong danh sách này", "en": "only the cases on this list"},
    "HELP_CLEANING_IMPORT": {"vi": "đọc tệp kết quả công an trả về", "en": "read the police's returned file"},
    "HELP_CLEANING_FILE": {"vi": "tệp .xlsx công an trả về", "en": "the .xlsx file the police returned"},
    "HELP_CLEANING_APPLY": {
        "vi": "sửa thông tin theo kết quả xác minh và đóng các trường hợp (không có thì chỉ xem trước)",
        "en": "correct and close the cases (without it: a preview only)",
    },
    "HELP_CLEANING_REPORT": {"vi": "ghi các điểm khác biệt ra tệp JSON", "en": "write the differences as JSON"},
    # lookup (desktop_app/cli_lookup.py)
    "HELP_LOOKUP": {
        "vi": "tìm một số CCCD/CMND trên hệ thống trung tâm, ở mọi điểm tiêm",
        "en": "find a citizen ID on the central platform, at every site",
    },
    "HELP_LOOKUP_ID": {"vi": "CCCD (12 số) hoặc CMND (9 số)", "en": "CCCD (12 digits) or CMND (9 digits)"},
    "HELP_LOOKUP_BRING": {
        "vi": "lấy hồ sơ người này về điểm tiêm này, cùng các mũi đã tiêm ở điểm tiêm khác",
        "en": "make the person a person of this site, with their doses elsewhere",
    },
    # report (desktop_app/cli_report.py)
    "HELP_REPORT": {"vi": "báo cáo của điểm tiêm", "en": "the site's reports"},
    "HELP_REPORT_DAILY": {
        "vi": "số mũi tiêm và mức độ đầy đủ dữ liệu đồng bộ theo từng ngày",
        "en": "doses and upload completeness per day",
    },
    "HELP_REPORT_FROM": {"vi": "ngày đầu (dd/mm/yyyy hoặc yyyy-mm-dd)", "en": "first day (dd/mm/yyyy or yyyy-mm-dd)"},
    "HELP_REPORT_TO": {"vi": "ngày cuối (dd/mm/yyyy hoặc yyyy-mm-dd)", "en": "last day (dd/mm/yyyy or yyyy-mm-dd)"},
    "HELP_REPORT_OUT": {"vi": "ghi ra tệp Excel .xlsx", "en": "write an .xlsx workbook"},
    "HELP_REPORT_JSON": {"vi": "in ra dạng JSON", "en": "print JSON"},
    # user (desktop_app/cli_session.py)
    "HELP_USER_COMMAND": {"vi": "quản lý tài khoản trên máy này", "en": "manage the laptop's accounts"},
    "HELP_USER_ADD": {
        "vi": "thêm tài khoản (tài khoản đầu tiên: người giám sát)",
        "en": "add an account (the first one: a supervisor)",
    },
    "HELP_USER_NAME": {"vi": "tên đăng nhập", "en": "the login name"},
    "HELP_USER_ROLE": {
        "vi": "vai trò: clerk (nhân viên), volunteer (tình nguyện viên), supervisor (người giám sát)",
        "en": "the role: clerk, volunteer or supervisor",
    },
    "HELP_USER_FULL_NAME": {"vi": "họ và tên", "en": "the full name"},
    "HELP_USER_LIST": {
        "vi": "liệt kê các tài khoản: vai trò, trạng thái, lần đăng nhập cuối",
        "en": "list the accounts: role, state, last login",
    },
    "HELP_USER_DISABLE": {
        "vi": "khóa một tài khoản: người đó không đăng nhập được nữa (người giám sát)",
        "en": "disable an account: it can no longer log in (a supervisor)",
    },
    "HELP_USER_ENABLE": {"vi": "mở lại một tài khoản đã khóa (người giám sát)", "en": "enable a disabled account again (a supervisor)"},
    "HELP_USER_ROLE_COMMAND": {"vi": "đổi vai trò của một tài khoản (người giám sát)", "en": "change an account's role (a supervisor)"},
    "HELP_USER_PASSWORD": {
        "vi": "đổi mật khẩu: của chính mình (cần mật khẩu hiện tại), hoặc đặt mật khẩu tạm cho người khác (người giám sát); mật khẩu mới được hỏi, hoặc lấy từ VAXDESK_NEW_PASSWORD",
        "en": "change a password: your own (the current one is needed), or set a temporary one for someone else (a supervisor); the new one is asked, or taken from VAXDESK_NEW_PASSWORD",
    },
    "HELP_USER_IDLE_LOCK": {
        "vi": "số phút không dùng trước khi ứng dụng tự khóa",
        "en": "minutes without use before the app locks",
    },
    # demo (desktop_app/cli_demo.py)
    "HELP_DEMO": {
        "vi": "tạo một cơ sở dữ liệu dùng thử riêng với dữ liệu mẫu",
        "en": "make a separate demo database with sample data",
    },
    "HELP_DEMO_PEOPLE": {"vi": "số người (mặc định: {people})", "en": "how many people (default: {people})"},
    "HELP_DEMO_OPEN": {"vi": "rồi mở ứng dụng với cơ sở dữ liệu đó", "en": "then open the app on it"},
}
