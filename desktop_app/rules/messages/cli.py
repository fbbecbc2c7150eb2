"""What the `vaxdesk` command prints, beyond the messages it shares with the app."""

MESSAGES: dict[str, dict[str, str]] = {
    "CLI_DATABASE": {"vi": "cơ sở dữ liệu: {path}", "en": "database: {path}"},
    "CLI_SITE": {"vi": "điểm tiêm: {code} {name}", "en": "site: {code} {name}"},
    "CLI_SITE_NONE": {"vi": "điểm tiêm: (chưa thiết lập)", "en": "site: (not set up)"},
    # setup-site of a code with no area given nor recorded: the province's dashboard can
    # place it in no area, and counts it in no area's share (dashboard/unplaced_sites.py).
    "CLI_SITE_NO_AREA": {
        "vi": "Lưu ý: điểm tiêm chưa có tỉnh và xã. Hệ thống trung tâm sẽ xếp điểm này vào "
              "“Điểm tiêm chưa có địa bàn”, không tính vào tỷ lệ của xã, huyện, tỉnh nào. "
              "Chạy lại với --province MÃ --commune MÃ (mã GSO, vd. --province 01 --commune "
              "00070).",
        "en": "Note: the site has no province and commune. The central platform will list it "
              "under “Sites without an area”, counted in no commune's, district's or "
              "province's share. Run it again with --province CODE --commune CODE (GSO codes, "
              "e.g. --province 01 --commune 00070).",
    },
    "CLI_COUNTS": {
        "vi": "số người: {people}  số mũi: {doses}  chờ đồng bộ: {pending}  bị từ chối: {rejected}  xung đột: {conflicts}",
        "en": "people: {people}  doses: {doses}  waiting to upload: {pending}  rejected: {rejected}  conflicts: {conflicts}",
    },
    "CLI_NO_SIGNING_KEY": {
        "vi": "Chưa có khóa ký chứng nhận: chạy `vaxdesk signing-key create`.",
        "en": "No certificate-signing key yet: run `vaxdesk signing-key create`.",
    },
    # A file a command was asked to write (--out, --report, --fix-file) that cannot be
    # written: said before any work (services/output_paths.py), so nothing was done.
    "OUTPUT_FOLDER_MISSING": {
        "vi": "Không ghi được {path}: thư mục {folder} không có. Chưa làm gì cả. Hãy tạo thư mục đó hoặc chọn chỗ khác, rồi chạy lại.",
        "en": "Cannot write {path}: the folder {folder} does not exist. Nothing was done. Create the folder or choose another place, then run again.",
    },
    "OUTPUT_FOLDER_UNWRITABLE": {
        "vi": "Không ghi được {path}: thư mục {folder} không nhận tệp mới ({detail}). Chưa làm gì cả. Hãy chọn thư mục khác, hoặc nhờ người quản trị máy cấp quyền ghi, rồi chạy lại.",
        "en": "Cannot write {path}: the folder {folder} takes no new file ({detail}). Nothing was done. Choose another folder, or ask the computer's administrator for write access, then run again.",
    },
    "OUTPUT_IS_INPUT": {
        "vi": "Không ghi vào {path}: đó chính là tệp mà lệnh này đọc, ghi vào sẽ làm mất nội dung của nó. Chưa làm gì cả. Hãy chọn một tên tệp khác, rồi chạy lại.",
        "en": "Will not write {path}: it is the very file this command reads, and writing it would lose what it holds. Nothing was done. Choose another file name, then run again.",
    },
    "OUTPUT_IS_FOLDER": {
        "vi": "Không ghi được {path}: đó là một thư mục, cần tên một tệp. Chưa làm gì cả. Hãy thêm tên tệp vào sau thư mục, rồi chạy lại.",
        "en": "Cannot write {path}: it is a folder, and a file name is needed. Nothing was done. Add a file name after the folder, then run again.",
    },
    # Exit codes (desktop_app/exit_codes.py; the README's table says the same)
    "EXIT_CODES_HEADER": {"vi": "mã thoát:", "en": "exit codes:"},
    "EXIT_DONE": {"vi": "xong", "en": "done"},
    "EXIT_NEEDS_A_PERSON": {"vi": "xong, còn dòng hoặc hồ sơ cần người xem", "en": "done, with rows or records needing a person"},
    "EXIT_CANNOT_START": {"vi": "không bắt đầu được (thiếu hoặc sai mật khẩu, chưa đăng nhập, dữ liệu nhập bị từ chối)", "en": "could not start (no or wrong passphrase, no login, refused input)"},
    "EXIT_SYNC_STOPPED": {"vi": "đồng bộ bị dừng", "en": "sync stopped"},
    "EXIT_NO_DISPLAY": {"vi": "không có màn hình để mở ứng dụng", "en": "no display for the app"},
    "EXIT_AUDIT_TAMPERED": {"vi": "nhật ký thao tác đã bị sửa", "en": "the audit trail was tampered with"},
    "EXIT_LOCKED": {"vi": "cơ sở dữ liệu đang mở trong VaxDesk khác (kể cả qua lối tắt hay liên kết cứng) hoặc bị chương trình khác giữ", "en": "the database is open in another VaxDesk (by any name: a symlink or hard link too) or held by another program"},
    "EXIT_READ_ONLY": {"vi": "thư mục hoặc tệp chỉ cho phép đọc", "en": "a read-only folder or file"},
    "EXIT_NO_PERMISSION": {"vi": "tài khoản máy không có quyền đọc hoặc ghi", "en": "the computer account may not read or write there"},
    "EXIT_DISK_FULL": {"vi": "ổ đĩa đã đầy", "en": "the disk is full"},
    "EXIT_DAMAGED": {"vi": "cơ sở dữ liệu bị hỏng (thông báo nêu bản sao lưu để khôi phục)", "en": "the database is damaged (the message names the backup to restore)"},
    "EXIT_DISK_ERROR": {"vi": "ổ đĩa báo lỗi đọc/ghi", "en": "the disk reported a read or write error"},
    "EXIT_CRASHED": {"vi": "ứng dụng dừng vì lỗi không lường trước (chi tiết trong vaxdesk.log ở thư mục dữ liệu)", "en": "the app stopped on an unexpected error (details in vaxdesk.log in the data folder)"},
    # vaxdesk --self-test (desktop_app/self_test.py)
    "SELF_TEST_DATABASE": {"vi": "mở và nâng cấp một cơ sở dữ liệu mới", "en": "open and migrate a new database"},
    "SELF_TEST_DOSE": {"vi": "ghi một mũi tiêm và đọc lại", "en": "record a dose and read it back"},
    "SELF_TEST_CERTIFICATE": {"vi": "ký, in và xác thực một chứng nhận", "en": "sign, print and verify a certificate"},
    "SELF_TEST_WINDOW": {"vi": "mở cửa sổ chính (không hiển thị)", "en": "open the main window (offscreen)"},
    "SELF_TEST_STEP_OK": {"vi": "đạt: {step}", "en": "ok: {step}"},
    "SELF_TEST_STEP_FAILED": {"vi": "LỖI: {step}: {detail}", "en": "FAILED: {step}: {detail}"},
    "SELF_TEST_PASSED": {"vi": "Tự kiểm tra đạt: mọi bước đều chạy được trên máy này ({seconds} giây).", "en": "Self-test passed: every step works on this machine ({seconds} s)."},
    "SELF_TEST_FAILED": {"vi": "Tự kiểm tra không đạt ở bước: {step}. Chi tiết kỹ thuật ở trên và trong luồng lỗi.", "en": "Self-test failed at the step: {step}. Technical details above and on standard error."},
    "CLI_NOTHING_FOUND": {"vi": "Không tìm thấy.", "en": "Nothing found."},
    "CLI_CARD_NOT_REGISTERED": {
        "vi": "Chưa có ở điểm tiêm này: {name}, sinh {dob}, {sex}, CCCD {id_number}, CMND cũ {old_id}, {address}.",
        "en": "Not registered at this site: {name}, born {dob}, {sex}, CCCD {id_number}, old CMND {old_id}, {address}.",
    },
    "CLI_LAST_DOSE": {
        "vi": "mũi {dose_number} {date} {product}",
        "en": "dose {dose_number} {date} {product}",
    },
    # --db naming no database, for a command on a site's data (cli_session.refuse_missing_database)
    "CLI_DB_NOT_FOUND": {
        "vi": "Không có cơ sở dữ liệu nào ở {path}: hãy kiểm tra đường dẫn sau --db (có gõ nhầm không?). Chưa làm gì cả, không tạo tệp nào. Cơ sở dữ liệu mới chỉ được tạo khi mở ứng dụng lần đầu, hoặc bằng `vaxdesk --db ĐƯỜNG-DẪN user add TÊN --role supervisor`.",
        "en": "There is no database at {path}: check the path after --db (a typo?). Nothing was done and no file was made. A new database is made only by the app's first start, or by `vaxdesk --db PATH user add NAME --role supervisor`.",
    },
    "CLI_FILE_NOT_FOUND": {"vi": "{path}: không tìm thấy tệp", "en": "{path}: not found"},
    "CLI_FILE_UNREADABLE": {"vi": "{path}: không đọc được ({detail})", "en": "{path}: cannot be read ({detail})"},
    # sync
    "CLI_SYNC_QUEUED_AGAIN": {
        "vi": "Đã xếp {count} hồ sơ vào hàng chờ để gửi lại.",
        "en": "{count} {count:record|records} queued to be sent again.",
    },
    "CLI_SYNC_SUMMARY": {
        "vi": "đã gửi: {sent}\nđã đồng bộ: {synced}\nbị từ chối: {rejected}\nxung đột: {conflicts}\nkhôi phục sau khi mất phản hồi: {recovered}\nthay đổi từ trung tâm đã áp dụng: {pulled}\ncòn chờ: {waiting}\nbyte đã gửi: {bytes_sent}\ngiây: {seconds}",
        "en": "sent: {sent}\nsynced: {synced}\nrejected: {rejected}\nconflicts: {conflicts}\nrecovered after a lost answer: {recovered}\ncentral changes applied: {pulled}\nstill waiting: {waiting}\nbytes sent: {bytes_sent}\nseconds: {seconds}",
    },
    # ``vaxdesk sync`` as long without a word as the Sync area waits before its
    # SYNC_WAITING_ANSWER (rules/sync_view.QUIET_SECONDS); Ctrl+C in place of its Stop.
    "CLI_SYNC_WAITING_ANSWER": {
        "vi": "Đang chờ hệ thống trung tâm trả lời ({seconds} giây): mạng chậm hoặc hệ thống "
              "đang bận. Các bản ghi vẫn chờ an toàn trên máy; có thể bấm Ctrl+C để dừng và "
              "đồng bộ lại sau.",
        "en": "Waiting for the central platform to answer ({seconds} s): the network is slow "
              "or the platform busy. The records wait safely on this laptop; you may press "
              "Ctrl+C to stop and sync again later.",
    },
    "CLI_SYNC_CTRL_C": {"vi": "đã bấm Ctrl+C.", "en": "Ctrl+C was pressed."},
    "CLI_TOKEN_PROMPT": {"vi": "Mã truy cập của điểm tiêm: ", "en": "The site's access code: "},
    "CLI_TOKEN_VISIBLE": {
        "vi": "Cảnh báo: mã truy cập gõ sau --token hiện cho mọi tài khoản trên máy này (ps) và nằm lại trong lịch sử lệnh. Hãy dùng biến môi trường VAXDESK_SYNC_TOKEN, hoặc --token - để đọc từ đầu vào chuẩn, hoặc --token không kèm giá trị để được hỏi.",
        "en": "Warning: an access code typed after --token is shown to every account on this machine (ps) and stays in the shell history. Use the VAXDESK_SYNC_TOKEN environment variable, --token - to read it from standard input, or --token alone to be asked.",
    },
    "CLI_SYNC_ISSUE": {
        "vi": "  [{state}] {name} {label}: {reason}",
        "en": "  [{state}] {name} {label}: {reason}",
    },
    # a record's state in that list (the sync screen's "Trạng thái" column says the same)
    "SYNC_STATE_REJECTED": {"vi": "Bị hệ thống trung tâm từ chối",
                            "en": "Rejected by the central platform"},
    "SYNC_STATE_CONFLICT": {"vi": "Xung đột", "en": "Conflict"},
    # lookup on the central platform
    "CLI_LOOKUP_PERSON": {
        "vi": "{name}\tsinh {dob}\t{sex}\tđiểm tiêm {site}",
        "en": "{name}\tborn {dob}\t{sex}\tsite {site}",
    },
    "CLI_LOOKUP_DOSE": {
        "vi": "  {date}\t{product}\tmũi {dose_number}\tđiểm tiêm {site}",
        "en": "  {date}\t{product}\tdose {dose_number}\tsite {site}",
    },
    "CLI_LOOKUP_BROUGHT": {
        "vi": "Đã lấy về máy này: {name} ({person_id}); mũi tiếp theo: {next_dose}.",
        "en": "Brought to this laptop: {name} ({person_id}); next dose: {next_dose}.",
    },
    # import
    # Ctrl+C: the app's Stop (cli_import.ctrl_c_stops).
    "CLI_IMPORT_STOPPED": {
        "vi": "Đã dừng theo yêu cầu (Ctrl+C) sau {rows} dòng đã đọc: những dòng đó đã được "
              "lưu như dưới đây. Nhập lại chính tệp này để nhập phần còn lại.",
        "en": "Stopped as asked (Ctrl+C) after {rows} {rows:row|rows} read: those are stored,"
              " as below. Import the same file again to take the rest.",
    },
    "CLI_IMPORT_STOPPED_BEFORE": {
        "vi": "Đã dừng theo yêu cầu (Ctrl+C) trước khi nhập dòng nào của {file}: không có "
              "gì thay đổi.",
        "en": "Stopped as asked (Ctrl+C) before any row of {file} was imported: nothing "
              "was changed.",
    },
    "CLI_IMPORT_HEADER": {
        "vi": "{file} [{sheet}], dòng tiêu đề {row}",
        "en": "{file} [{sheet}], header row {row}",
    },
    "CLI_IMPORT_COUNTS": {
        "vi": "đã nhập: {imported}\ncần làm sạch: {flagged}\ntrùng, bỏ qua: {duplicate}\nbị từ chối: {rejected}\nđã sửa hồ sơ: {corrected}\nngười mới: {people}",
        "en": "imported: {imported}\nflagged: {flagged}\nduplicate: {duplicate}\nrejected: {rejected}\ncorrected: {corrected}\nnew people: {people}",
    },
    "CLI_IMPORT_ROW": {"vi": "Dòng {row}: {message}", "en": "Row {row}: {message}"},
    "CLI_IMPORT_REJECTED_MORE": {
        "vi": "… và {count} dòng cần sửa khác (--report hoặc --fix-file ghi ra tất cả).",
        "en": "… and {count} more {count:row|rows} to fix (--report or --fix-file lists them all).",
    },
    # certificates
    "CLI_KEY_STATUS": {
        "vi": "khóa: {has_key}\nmã nhận dạng khóa: {fingerprint}\nchứng thư có hiệu lực đến: {until}\nbị thu hồi: {revoked}\ndanh sách tin cậy từ: {trust_list_at}",
        "en": "key: {has_key}\nkey fingerprint: {fingerprint}\ncertificate valid until: {until}\nrevoked: {revoked}\ntrust list from: {trust_list_at}",
    },
    "CLI_YES": {"vi": "có", "en": "yes"},
    "CLI_NO": {"vi": "không", "en": "no"},
    "CLI_KEY_CREATED": {
        "vi": "Đã tạo khóa ký; khóa được chứng thực ở lần đồng bộ tới.",
        "en": "Signing key created; it is certified at the next sync.",
    },
    # A replacement: the platform holds it for its staff, and printing waits (#16).
    "CLI_KEY_REPLACED": {
        "vi": "Đã tạo khóa ký mới thay khóa cũ; khóa cũ không còn ký được. Điểm tiêm chưa in được chứng nhận cho đến khi cán bộ hệ thống trung tâm duyệt khóa mới: đồng bộ, gọi cho họ và đọc mã nhận dạng khóa {fingerprint}, rồi đồng bộ lại sau khi họ duyệt. Nếu khóa cũ có thể đã lọt vào tay người khác (máy bị mất), hãy đề nghị họ thu hồi cả khóa cũ (docs/lost-laptop.md): đến lúc đó nó vẫn được tin cậy.",
        "en": "New signing key created in place of the old one, which can no longer sign. This site cannot print certificates until central staff approve the new key: sync, call them and read them the key's fingerprint {fingerprint}, then sync again once they have approved it. If the old key may be in other hands (a lost laptop), ask them to revoke it as well (docs/lost-laptop.md): until then it is still trusted.",
    },
    "CLI_DAY_ALL_HELD_BACK": {
        "vi": "Mọi người tiêm trong ngày đều bị giữ lại (nêu ở trên): chưa in giấy chứng nhận nào.",
        "en": "Everyone vaccinated that day is held back (named above): no certificate was printed.",
    },
    "CLI_NO_DOSES_THAT_DAY": {
        "vi": "Không có mũi tiêm nào trong ngày.",
        "en": "No doses on that day.",
    },
    # Whose certificate `vaxdesk certificate` made ({person}: AUDIT_RECORD_NAMED), said so
    # that a certificate made for the wrong person shows at once.
    "CLI_CERTIFICATE_WRITTEN": {"vi": "{path}: chứng nhận của {person}",
                                "en": "{path}: the certificate of {person}"},
    "CLI_CERTIFICATE_SIGNED": {"vi": "Chứng nhận của {person}",
                               "en": "The certificate of {person}"},
    "CLI_PAGES_WRITTEN": {"vi": "{path}: {count} trang", "en": "{path}: {count} {count:page|pages}"},
    "CLI_PASSPHRASE_PROMPT": {"vi": "Mật khẩu khóa ký: ", "en": "Signing key passphrase: "},
    # vaxdesk user (desktop_app/cli_session.py)
    "CLI_PASSWORD_MUST_CHANGE": {
        "vi": "Mật khẩu của {username} là mật khẩu tạm do người giám sát đặt: hãy đặt mật khẩu mới bằng `vaxdesk --user {username} user password {username}`.",
        "en": "The password of {username} is a temporary one a supervisor set: choose a new one with `vaxdesk --user {username} user password {username}`.",
    },
    "NEW_PASSWORD_NEEDED": {
        "vi": "Cần mật khẩu mới: chạy lệnh ở cửa sổ dòng lệnh để được hỏi, hoặc đặt biến môi trường {env}.",
        "en": "The new password is needed: run the command at a terminal to be asked, or set {env}.",
    },
    "NEW_PASSWORD_PROMPT": {
        "vi": "Mật khẩu mới của {username} (ít nhất {min} ký tự): ",
        "en": "New password for {username} (at least {min} characters): ",
    },
    "NEW_PASSWORD_AGAIN_PROMPT": {"vi": "Nhập lại mật khẩu mới: ", "en": "The new password again: "},
    "USER_LIST_HEADER": {
        "vi": "Tên đăng nhập\tHọ và tên\tVai trò\tTrạng thái\tĐăng nhập lần cuối",
        "en": "User name\tFull name\tRole\tState\tLast login",
    },
    "USER_DISABLED_DONE": {"vi": "Đã khóa tài khoản {username}.", "en": "Account {username} disabled."},
    "USER_ENABLED_DONE": {"vi": "Đã mở lại tài khoản {username}.", "en": "Account {username} enabled."},
    "USER_ROLE_DONE": {
        "vi": "Tài khoản {username} giờ có vai trò {role} (từ lần đăng nhập tới).",
        "en": "Account {username} is now a {role} (from its next login).",
    },
    "USER_PASSWORD_RESET_DONE": {
        "vi": "Đã đặt mật khẩu tạm cho {username}: ở lần đăng nhập tới, người này phải đặt mật khẩu mới.",
        "en": "Temporary password set for {username}: they must choose a new one at their next login.",
    },
    "USER_PASSWORD_CHANGED_DONE": {"vi": "Đã đổi mật khẩu của {username}.", "en": "The password of {username} was changed."},
}
