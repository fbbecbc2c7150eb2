"""Faults of the machine rather than of the data: the database file, the display."""

MESSAGES: dict[str, dict[str, str]] = {
    # The site database
    "DB_LOCKED": {
        "vi": "Cơ sở dữ liệu {path} đang được mở trong một cửa sổ VaxDesk khác. Hãy chuyển sang cửa sổ đó, hoặc đóng nó rồi thử lại.",
        "en": "The database {path} is already open in another VaxDesk window. Switch to that window, or close it and try again.",
    },
    "DB_DAMAGED": {
        "vi": "Cơ sở dữ liệu {path} bị hỏng ({detail}). VaxDesk đã dừng để không mất thêm dữ liệu; tệp được giữ nguyên. Khôi phục bản sao lưu mới nhất {backup}: mở lại VaxDesk và chọn khôi phục, hoặc chạy `vaxdesk restore {backup}`.",
        "en": "The database {path} is damaged ({detail}). VaxDesk stopped so that nothing more is lost; the file is left untouched. Restore the newest backup {backup}: open VaxDesk again and choose to restore it, or run `vaxdesk restore {backup}`.",
    },
    "DB_DAMAGED_NO_BACKUP": {
        "vi": "Cơ sở dữ liệu {path} bị hỏng ({detail}). VaxDesk đã dừng để không mất thêm dữ liệu; tệp được giữ nguyên. Không tìm thấy bản sao lưu; hãy liên hệ bộ phận kỹ thuật trước khi làm gì với tệp này.",
        "en": "The database {path} is damaged ({detail}). VaxDesk stopped so that nothing more is lost; the file is left untouched. No backup copy was found; contact technical support before doing anything with this file.",
    },
    "DB_TOO_NEW": {
        "vi": "Cơ sở dữ liệu {path} được tạo bởi phiên bản VaxDesk mới hơn ({detail}). Hãy cập nhật VaxDesk trên máy này.",
        "en": "The database {path} was written by a newer VaxDesk ({detail}). Update VaxDesk on this laptop.",
    },
    "DB_WRONG_PASSPHRASE": {
        "vi": "Mật khẩu dữ liệu không đúng, nên không mở được {path}. Tệp không bị thay đổi; hãy nhập lại (chú ý bộ gõ tiếng Việt và phím Caps Lock). Nếu chắc chắn mật khẩu đúng, có thể tệp đã bị hỏng: hãy liên hệ bộ phận kỹ thuật.",
        "en": "The database passphrase is wrong, so {path} cannot be opened. The file was not changed; enter it again (mind the Vietnamese keyboard and Caps Lock). If you are sure of the passphrase, the file may be damaged: contact technical support.",
    },
    "DB_PASSPHRASE_REPLACED": {
        "vi": "Đây là mật khẩu dữ liệu cũ của {path}: người giám sát đã đổi sang mật khẩu mới. Hãy nhập mật khẩu mới (hỏi người giám sát).",
        "en": "This is the old data passphrase of {path}: a supervisor has changed it. Enter the new passphrase (ask the supervisor).",
    },
    "DB_PATH_IS_A_FOLDER": {
        "vi": "{path} là một thư mục, không phải tệp cơ sở dữ liệu. Hãy chỉ ra tệp cơ sở dữ liệu (tệp .db) trong thư mục đó.",
        "en": "{path} is a folder, not a database file. Give the database file (the .db file) in that folder.",
    },
    "DB_FOLDER_IS_A_FILE": {
        "vi": "{file} là một tệp, không phải thư mục, nên không thể có cơ sở dữ liệu {path}. Hãy kiểm tra --db hoặc biến môi trường VAXDESK_DATA_DIR: thư mục dữ liệu phải là một thư mục.",
        "en": "{file} is a file, not a folder, so the database {path} cannot be there. Check --db or the VAXDESK_DATA_DIR environment variable: the data folder must be a folder.",
    },
    "DB_PASSPHRASE_MISSING": {
        "vi": "Cần mật khẩu dữ liệu để mở {path}: nhập khi được hỏi, hoặc đặt biến môi trường VAXDESK_DB_PASSPHRASE khi chạy bằng script.",
        "en": "The database passphrase is needed to open {path}: enter it when asked, or set VAXDESK_DB_PASSPHRASE when running from a script.",
    },
    "DB_PASSPHRASE_SHORT": {
        "vi": "Mật khẩu dữ liệu cần ít nhất {min} ký tự.",
        "en": "The database passphrase needs at least {min} characters.",
    },
    "DB_PASSPHRASE_DIFFERS": {
        "vi": "Hai lần nhập mật khẩu không giống nhau.",
        "en": "The two passphrases differ.",
    },
    "DB_PASSPHRASE_PROMPT": {"vi": "Mật khẩu dữ liệu: ", "en": "Database passphrase: "},
    "DB_PASSPHRASE_NEW_PROMPT": {
        "vi": "Đặt mật khẩu dữ liệu mới (ít nhất {min} ký tự): ",
        "en": "Choose a database passphrase (at least {min} characters): ",
    },
    "DB_PASSPHRASE_AGAIN_PROMPT": {"vi": "Nhập lại mật khẩu: ", "en": "Enter it again: "},
    # The machine refused (desktop_app/db/faults.py names them; one exit code each)
    "FAULT_READ_ONLY": {
        "vi": "VaxDesk không ghi được vào {path} vì nơi này chỉ cho phép đọc (thư mục hoặc tệp đặt chế độ chỉ đọc, hay ổ USB/thẻ nhớ đang gạt khóa chống ghi). Việc vừa làm chưa được lưu; dữ liệu đã có không bị ghi dở. Hãy bỏ chế độ chỉ đọc (hoặc gạt khóa của ổ) rồi thử lại, hoặc dùng thư mục khác: đặt biến VAXDESK_DATA_DIR hay chạy với --db TỆP.",
        "en": "VaxDesk cannot write to {path}: it is read-only (a folder or file set read-only, or a USB drive or memory card with its write-protect switch on). What was just done was not saved; the data already there is not half-written. Make it writable (or slide the drive's switch) and try again, or use another folder: set VAXDESK_DATA_DIR or run with --db FILE.",
    },
    "FAULT_NO_PERMISSION": {
        "vi": "Tài khoản máy tính đang dùng không có quyền đọc hoặc ghi {path}. Việc vừa làm chưa được lưu. Hãy đăng nhập máy bằng tài khoản thường dùng VaxDesk, hoặc nhờ người quản trị máy cấp quyền đọc và ghi thư mục này cho tài khoản hiện tại.",
        "en": "This computer account may not read or write {path}. What was just done was not saved. Log in to the computer with the account that normally runs VaxDesk, or ask the computer's administrator to give this account read and write access to that folder.",
    },
    "FAULT_DISK_FULL": {
        "vi": "Ổ đĩa chứa {path} đã đầy, nên việc vừa làm chưa được lưu; dữ liệu đã có không bị ghi dở. Hãy giải phóng dung lượng (xóa tệp không cần, dọn Thùng rác, chép các bản sao lưu cũ sang ổ khác) rồi làm lại.",
        "en": "The disk that holds {path} is full, so what was just done was not saved; the data already there is not half-written. Free some space (delete files you do not need, empty the Recycle Bin, move old backups to another drive) and do it again.",
    },
    "FAULT_FILE_TOO_LARGE": {
        "vi": "Tệp {path} đã lớn tới mức tối đa mà ổ đĩa này cho phép (ổ định dạng FAT32, như nhiều ổ USB, chỉ chứa tệp dưới 4 GB), nên việc vừa làm chưa được lưu; dữ liệu đã có không bị ghi dở. Giải phóng dung lượng không giúp được: hãy chép thư mục dữ liệu sang ổ định dạng NTFS hoặc exFAT rồi mở VaxDesk từ đó (đặt biến VAXDESK_DATA_DIR hay chạy với --db TỆP).",
        "en": "The file {path} has reached the largest size this drive allows (a FAT32 drive, as many USB drives are, holds no file of 4 GB or more), so what was just done was not saved; the data already there is not half-written. Freeing space will not help: copy the data folder to a drive formatted NTFS or exFAT and open VaxDesk from there (set VAXDESK_DATA_DIR or run with --db FILE).",
    },
    "FAULT_DB_BUSY": {
        "vi": "Cơ sở dữ liệu {path} đang bị một chương trình khác giữ (một VaxDesk khác, hoặc chương trình sao lưu, đồng bộ thư mục hay diệt virus), nên việc vừa làm chưa được lưu. Hãy đóng chương trình đó, đợi một lát rồi thử lại.",
        "en": "The database {path} is held by another program (another VaxDesk, or a backup, folder-sync or antivirus program), so what was just done was not saved. Close that program, wait a moment and try again.",
    },
    "FAULT_DISK_ERROR": {
        "vi": "Không đọc hoặc ghi được {path}: ổ đĩa báo lỗi (ổ USB bị rút ra, ổ mạng mất kết nối, hay ổ đĩa đang hỏng). Việc vừa làm chưa được lưu. Hãy kiểm tra ổ đĩa rồi mở lại VaxDesk; nếu lỗi lặp lại, hãy chép bản sao lưu mới nhất sang ổ khác và liên hệ bộ phận kỹ thuật.",
        "en": "{path} cannot be read or written: the disk reported an error (a USB drive pulled out, a network drive disconnected, or a failing disk). What was just done was not saved. Check the drive and open VaxDesk again; if it happens again, copy the newest backup to another drive and contact technical support.",
    },
    "FAULT_BACKUP_DRIVE_GONE": {
        "vi": "Không ghi được bản sao lưu vào {folder}: ổ sao lưu không còn đó (ổ USB bị rút ra, hay ổ mạng mất kết nối). Bản sao chưa được tạo; dữ liệu vẫn an toàn (cơ sở dữ liệu không bị thay đổi). Hãy cắm lại ổ hoặc chọn thư mục sao lưu khác, rồi sao lưu lại.",
        "en": "The backup could not be written to {folder}: the backup drive is no longer there (a USB drive pulled out, or a network drive disconnected). No copy was made; your data is safe (the database was not changed). Plug the drive in again or choose another backup folder, then back up again.",
    },
    "FAULT_BACKUP_FULL": {
        "vi": "Ổ sao lưu {folder} đã đầy: bản sao chưa được tạo; dữ liệu vẫn an toàn (cơ sở dữ liệu không bị thay đổi). Hãy giải phóng dung lượng trên ổ đó (xóa tệp không cần, hoặc chép các bản sao lưu cũ sang nơi khác) hay chọn thư mục sao lưu khác, rồi sao lưu lại.",
        "en": "The backup drive {folder} is full: no copy was made; your data is safe (the database was not changed). Free some space on that drive (delete files you do not need, or move old backups elsewhere) or choose another backup folder, then back up again.",
    },
    "FAULT_TITLE_LOCKED": {"vi": "Cơ sở dữ liệu đang được dùng", "en": "The database is in use"},
    "FAULT_TITLE_READ_ONLY": {"vi": "Không ghi được: chỉ cho phép đọc", "en": "Cannot write: read-only"},
    "FAULT_TITLE_NO_PERMISSION": {"vi": "Không có quyền truy cập", "en": "No permission"},
    "FAULT_TITLE_DISK_FULL": {"vi": "Ổ đĩa đã đầy", "en": "The disk is full"},
    "FAULT_TITLE_DAMAGED": {"vi": "Cơ sở dữ liệu bị hỏng", "en": "The database is damaged"},
    "FAULT_TITLE_DISK_ERROR": {"vi": "Lỗi ổ đĩa", "en": "Disk error"},
    "CRASH_TITLE": {"vi": "VaxDesk gặp lỗi", "en": "VaxDesk ran into an error"},
    "CRASH_LOGGED": {
        "vi": "VaxDesk gặp một lỗi không lường trước: {detail}. Những gì đã lưu trước đó vẫn còn nguyên. Chi tiết kỹ thuật đã được ghi vào {log}; hãy gửi tệp này cho bộ phận kỹ thuật.",
        "en": "VaxDesk ran into an unexpected error: {detail}. What was saved before is intact. The technical details were written to {log}; send that file to technical support.",
    },
    "CRASH_NOT_LOGGED": {
        "vi": "VaxDesk gặp một lỗi không lường trước: {detail}. Những gì đã lưu trước đó vẫn còn nguyên. Không ghi được chi tiết kỹ thuật ra tệp; hãy chụp màn hình này gửi bộ phận kỹ thuật.",
        "en": "VaxDesk ran into an unexpected error: {detail}. What was saved before is intact. The technical details could not be written to a file; send a screenshot of this to technical support.",
    },
    # Backups
    "BACKUP_EMPTY": {
        "vi": "{path} trống hoặc không tồn tại: không phải bản sao lưu dùng được. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "{path} is empty or missing: not a usable backup. The current database is kept as it is.",
    },
    "BACKUP_NOT_OURS": {
        "vi": "{path} không phải bản sao lưu VaxDesk mà phiên bản này mở được. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "{path} is not a VaxDesk backup this version can open. The current database is kept as it is.",
    },
    "BACKUP_WRONG_PASSPHRASE": {
        "vi": "Mật khẩu dữ liệu không mở được bản sao lưu {path}. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "The database passphrase does not open the backup {path}. The current database is kept as it is.",
    },
    "BACKUP_DAMAGED": {
        "vi": "Bản sao lưu {path} bị hỏng ({detail}): không khôi phục được từ bản này. Hãy chọn một bản sao lưu khác. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "The backup {path} is damaged ({detail}): it cannot be restored. Choose another backup. The current database is kept as it is.",
    },
    "RESTORE_NEEDS_SUPERVISOR": {
        "vi": "Khôi phục bản sao lưu cần đăng nhập của một người giám sát có trong bản sao lưu đó (cơ sở dữ liệu hiện tại không có hoặc hỏng, không hỏi được).",
        "en": "Restoring a backup needs the login of a supervisor who is in that backup (the current database is missing or too damaged to ask).",
    },
    "BACKUP_PASSPHRASE_REPLACED": {
        "vi": "Bản sao lưu {path} được mã hóa bằng mật khẩu dữ liệu cũ, đã được thay: khôi phục nó sẽ đưa mật khẩu cũ trở lại. Hãy chọn bản sao lưu làm sau lần đổi mật khẩu. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "The backup {path} is encrypted with the old data passphrase, which was replaced: restoring it would bring the old passphrase back. Choose a backup made after the change. The current database is kept as it is.",
    },
    "RESTORE_NEEDS_CURRENT_SUPERVISOR": {
        "vi": "Khôi phục bản sao lưu cần đăng nhập của một người giám sát của cơ sở dữ liệu hiện tại, với tài khoản đang hoạt động. Tài khoản trên máy này quyết định, không phải tài khoản trong bản sao lưu: tài khoản đã bị khóa hoặc không còn là người giám sát thì không khôi phục được.",
        "en": "Restoring a backup needs the login of a supervisor of the current database whose account is active. The accounts on this laptop decide, not those in the backup: an account disabled, or no longer a supervisor's, cannot restore.",
    },
    "RESTORE_CURRENT_OTHER_PASSPHRASE": {
        "vi": "Mật khẩu dữ liệu vừa nhập mở được bản sao lưu nhưng không mở được cơ sở dữ liệu trên máy này ({db}): cơ sở dữ liệu đó được mã hóa bằng một mật khẩu dữ liệu khác (ví dụ mật khẩu đặt khi cài máy). Khôi phục chỉ thay dữ liệu ở đây khi một người giám sát của nó đồng ý, và đăng nhập của họ chỉ kiểm tra được bằng mật khẩu của nó. Hãy làm một trong hai cách rồi khôi phục lại: đổi mật khẩu dữ liệu của máy này thành mật khẩu của bản sao (Cài đặt → Đổi mật khẩu dữ liệu…, hoặc vaxdesk passphrase change), hoặc, nếu máy này không có dữ liệu cần giữ (máy mới vừa cài), đóng VaxDesk và chuyển tệp {db} (cùng các tệp -wal, -shm bên cạnh) sang chỗ khác, không xóa, rồi khôi phục như trên một máy mới. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "The data passphrase given opens the backup but not the database on this laptop ({db}): that database is encrypted under another data passphrase (one chosen when the laptop was set up, say). A restore replaces the data here only with the consent of one of its supervisors, whose login can be checked only under its own passphrase. Do one of these, then restore again: change this laptop's data passphrase to the copy's (Settings → Change the data passphrase…, or vaxdesk passphrase change), or, if this laptop holds no data to keep (a new one just set up), close VaxDesk and move {db} (with the -wal, -shm files beside it) elsewhere, never deleting it, then restore as on a new laptop. The current database is kept as it is.",
    },
    "BACKUP_MADE": {"vi": "Đã sao lưu vào {path}.", "en": "Backed up to {path}."},
    "BACKUP_MADE_BESIDE": {
        "vi": "Không thấy thư mục sao lưu {folder} (ổ USB chưa được cắm?), nên bản sao được lưu cạnh cơ sở dữ liệu: {path}. Bản sao này vẫn nằm trên máy: hãy cắm ổ sao lưu để các bản sau được chép ra ngoài máy.",
        "en": "The backup folder {folder} is not there (the USB drive not plugged in?), so the copy was saved beside the database: {path}. That copy is still on this laptop: plug the backup drive in so that the next copies leave it.",
    },
    "RESTORE_FAILED": {
        "vi": "Không khôi phục được từ {copy}: {detail}. Cơ sở dữ liệu hiện tại không bị thay đổi.",
        "en": "Could not restore from {copy}: {detail}. The current database was not changed.",
    },
    "RESTORED": {
        "vi": "Đã khôi phục từ {copy}. Tệp trước đó được giữ lại ở {aside}.",
        "en": "Restored from {copy}. The file before it is kept as {aside}.",
    },
    # A restore a kill stopped, finished or undone when the database was next opened
    # (db/interrupted_restore.py; services/restore.finished_at_opening).
    "RESTORE_FINISHED_AT_OPENING": {
        "vi": "Lần khôi phục từ bản sao lưu trước đó bị ngắt giữa chừng (mất điện, hoặc VaxDesk bị tắt đột ngột) và vừa được hoàn tất khi mở: dữ liệu đang dùng là bản sao lưu đã chọn khi đó.",
        "en": "A restore from a backup was cut short (a power cut, or VaxDesk closed abruptly) and was finished now, at opening: the data in use is the backup chosen then.",
    },
    "RESTORE_FINISHED_ASIDE": {
        "vi": "Tệp trước lần khôi phục được giữ lại ở {aside}: những gì ghi sau khi bản sao lưu được tạo chỉ còn trong tệp đó.",
        "en": "The file from before the restore is kept as {aside}: what was recorded after the backup was made is only in that file.",
    },
    "RESTORE_UNDONE_AT_OPENING": {
        "vi": "Lần khôi phục từ bản sao lưu trước đó bị ngắt giữa chừng (mất điện, hoặc VaxDesk bị tắt đột ngột) trước khi bản sao được chép xong, nên đã được hoàn lại khi mở: dữ liệu đang dùng vẫn như trước lần khôi phục. Nếu vẫn cần, hãy khôi phục lại.",
        "en": "A restore from a backup was cut short (a power cut, or VaxDesk closed abruptly) before its copy was whole, so it was undone at opening: the data in use is as it was before it. Restore again if it is still needed.",
    },
    "RESTORED_NEW": {"vi": "Đã khôi phục từ {copy}.", "en": "Restored from {copy}."},
    # Records the replaced file never sent and the copy lacks (services/restore_unsent.py).
    "RESTORED_UNSENT": {
        "vi": "Chú ý: {doses} mũi tiêm và {people} người được ghi hoặc sửa sau khi bản sao được tạo chưa từng được gửi lên hệ thống trung tâm: chúng không có trong dữ liệu vừa khôi phục và không lần đồng bộ nào mang chúng về. Chúng chỉ còn trong tệp đã để riêng {aside}. Để lấy lại, khôi phục lại chính tệp đó: Cài đặt → Sao lưu… → Khôi phục từ một tệp…, chọn tệp này (dữ liệu đang dùng được để riêng như lần này; ở dòng lệnh: vaxdesk restore \"{aside}\"), hoặc liên hệ bộ phận kỹ thuật.",
        "en": "Note: {doses} {doses:dose|doses} and {people} {people:person|people} recorded or changed after the copy was made had never been sent to the central platform: they are not in the restored data and no sync brings them back. They are only in the file set aside, {aside}. To get them back, restore that very file: Settings → Backups… → Restore from a file…, and choose it (the data in use is set aside as this did; on the command line: vaxdesk restore \"{aside}\"), or contact technical support.",
    },
    "RESTORE_UNSENT_WARNING": {
        "vi": "{doses} mũi tiêm và {people} người được ghi hoặc sửa ở máy này chưa được gửi lên hệ thống trung tâm và không có trong bản sao này. Sau khi khôi phục, chúng không còn trong dữ liệu đang dùng (chỉ còn trong tệp được để riêng) và không lần đồng bộ nào mang chúng về. Nếu có thể, hãy đồng bộ trước. Vẫn khôi phục?",
        "en": "{doses} {doses:dose|doses} and {people} {people:person|people} recorded or changed on this laptop were never sent to the central platform and are not in this copy. Once it is restored they are no longer in the data in use (only in the file set aside) and no sync brings them back. If you can, sync first. Restore anyway?",
    },
    "RESTORE_UNSENT_REFUSED": {
        "vi": "Chưa khôi phục: {doses} mũi tiêm và {people} người được ghi hoặc sửa ở máy này chưa được gửi lên hệ thống trung tâm và không có trong bản sao này. Sau khi khôi phục, chúng chỉ còn trong tệp được để riêng và không lần đồng bộ nào mang chúng về. Hãy đồng bộ trước nếu có thể.",
        "en": "Not restored: {doses} {doses:dose|doses} and {people} {people:person|people} recorded or changed on this laptop were never sent to the central platform and are not in this copy. Once it is restored they are only in the file set aside, and no sync brings them back. Sync first if you can.",
    },
    "RESTORE_UNSENT_CLI": {
        "vi": "Nếu vẫn muốn khôi phục, hãy chạy lại lệnh với --set-aside-unsent.",
        "en": "To restore all the same, run the command again with --set-aside-unsent.",
    },
    # The accounts a restore kept as the replaced file had them (services/restore_accounts.py).
    "RESTORED_ACCOUNTS": {
        "vi": "Tài khoản được giữ như trong tệp vừa bị thay, không trở lại như trong bản sao lưu: {accounts}.",
        "en": "Accounts are kept as the replaced file had them, not as in the backup: {accounts}.",
    },
    "RESTORED_ACCOUNT_DISABLED": {"vi": "{username} vẫn bị khóa", "en": "{username} stays disabled"},
    "RESTORED_ACCOUNT_ENABLED": {"vi": "{username} vẫn được mở", "en": "{username} stays enabled"},
    "RESTORED_ACCOUNT_ROLE": {"vi": "{username} vẫn có vai trò {role}",
                              "en": "{username} keeps the role of {role}"},
    "RESTORED_ACCOUNT_PASSWORD": {"vi": "{username} giữ mật khẩu hiện tại",
                                  "en": "{username} keeps the current password"},
    "RESTORED_ACCOUNT_ADDED": {"vi": "{username} ({role}, tạo sau bản sao lưu) được giữ",
                               "en": "{username} ({role}, made after the backup) is kept"},
    "RESTORED_OWN_RECORDS": {
        "vi": "Lần đồng bộ tới sẽ lấy lại từ hệ thống trung tâm các hồ sơ và mũi tiêm của điểm tiêm này đã gửi lên sau khi bản sao lưu được làm.",
        "en": "The next sync brings back from the central platform this site's records and doses sent there after the backup was made.",
    },
    # Certificates the replaced file recorded and the copy lacked (services/restore_certificates.py).
    "RESTORED_CERTIFICATES": {
        "vi": "Giữ lại {count} chứng nhận đã cấp và {revoked} lần thu hồi chứng nhận ghi sau khi bản sao được tạo: hủy hay sửa mũi tiêm vẫn thu hồi giấy đã phát.",
        "en": "{count} {count:certificate|certificates} issued and {revoked} {revoked:revocation|revocations} recorded after the copy was made are kept: voiding or correcting a dose still revokes the paper handed out.",
    },
    "RESTORED_CERTIFICATES_AWAITING": {
        "vi": "{count} chứng nhận đã in cho mũi tiêm không có trong bản sao: được ghi lại khi lần đồng bộ tới lấy lại mũi tiêm đó; mũi tiêm chưa từng gửi thì chỉ còn trong tệp đã để riêng.",
        "en": "{count} {count:certificate was|certificates were} printed for doses the copy lacks: recorded once the next sync brings the dose back; a dose never sent is only in the file set aside.",
    },
    "FIELD_CERTIFICATES_KEPT": {"vi": "Chứng nhận giữ như tệp bị thay", "en": "Certificates kept as the replaced file had them"},
    "FIELD_REVOCATIONS_KEPT": {"vi": "Lần thu hồi chứng nhận giữ như tệp bị thay", "en": "Revocations kept as the replaced file had them"},
    "FIELD_CERTIFICATES_AWAITING_DOSE": {"vi": "Chứng nhận chờ lấy lại mũi tiêm", "en": "Certificates waiting for their dose to come back"},
    "FIELD_CERTIFICATE_KEPT_WITH_DOSE": {"vi": "Chứng nhận ghi lại cùng mũi tiêm được lấy lại", "en": "Certificate recorded with its dose brought back"},
    "FIELD_ACCOUNTS_KEPT": {"vi": "Tài khoản giữ như tệp bị thay", "en": "Accounts kept as the replaced file had them"},
    # A restore's entry: the file it replaced (its trail since the copy is there), and its
    # records never sent, set aside in it with that file (services/restore.py).
    "FIELD_REPLACED_FILE": {"vi": "Tệp bị thay, để riêng", "en": "File replaced, set aside"},
    "FIELD_UNSENT_DOSES_SET_ASIDE": {"vi": "Mũi tiêm chưa gửi, chỉ còn trong tệp để riêng", "en": "Doses never sent, only in the file set aside"},
    "FIELD_UNSENT_PEOPLE_SET_ASIDE": {"vi": "Người chưa gửi, chỉ còn trong tệp để riêng", "en": "People never sent, only in the file set aside"},
    "RESTORE_OTHER_DATABASE": {
        "vi": "{path} là bản sao của một cơ sở dữ liệu khác (máy {laptop}, điểm tiêm {site}), không phải của {db}. Khôi phục nó sẽ thay toàn bộ dữ liệu ở đây bằng dữ liệu của bản sao đó. Chưa có gì thay đổi: chỉ khôi phục khi điều đó được xác nhận rõ ràng.",
        "en": "{path} is a copy of another database (laptop {laptop}, site {site}), not of {db}. Restoring it would replace all the data here with that copy's. Nothing was changed: it is restored only once that is explicitly confirmed.",
    },
    "RESTORE_OTHER_DATABASE_CLI": {
        "vi": "Nếu thật sự muốn vậy (ví dụ dữ liệu của máy cũ chuyển sang máy này), hãy chạy lại lệnh với --other-database.",
        "en": "If that is really what you want (the old laptop's data moving to this one, say), run the command again with --other-database.",
    },
    "RESTORE_OTHER_WARNING": {
        "vi": "Bản sao này KHÔNG phải của cơ sở dữ liệu trên máy này: nó được làm trên máy {laptop}, cho điểm tiêm {site}. Khôi phục nó sẽ thay toàn bộ dữ liệu của máy này bằng dữ liệu của bản sao đó (máy này sẽ thành điểm tiêm đó); tệp hiện tại được giữ lại bên cạnh.",
        "en": "This copy is NOT of the database on this laptop: it was made on the laptop {laptop} for the site {site}. Restoring it replaces all of this laptop's data with that copy's (this laptop becomes that site); the current file is kept aside.",
    },
    "BACKUP_ABOUT": {
        "vi": "{whose}: làm lúc {made} trên máy {laptop}, điểm tiêm {site}; {size}, ở {folder}.",
        "en": "{whose}: made {made} on the laptop {laptop}, site {site}; {size}, in {folder}.",
    },
    "BACKUP_KIND_AUTO": {"vi": "Tự động (bản cũ nhất được xóa dần)",
                         "en": "Automatic (the oldest removed in turn)"},
    "BACKUP_KIND_MANUAL": {"vi": "Theo yêu cầu (được giữ lại)", "en": "On request (kept)"},
    "BACKUP_KIND_UPGRADE": {"vi": "Trước khi nâng cấp phần mềm", "en": "Before an upgrade"},
    "BACKUP_WHOSE_OWN": {"vi": "Bản sao của cơ sở dữ liệu này", "en": "A copy of this database"},
    "BACKUP_WHOSE_OTHER": {"vi": "Bản sao của cơ sở dữ liệu KHÁC", "en": "A copy of ANOTHER database"},
    "BACKUP_WHOSE_UNKNOWN": {
        "vi": "Bản sao (máy này chưa có cơ sở dữ liệu để so)",
        "en": "A copy (there is no database here to compare it with)",
    },
    "BACKUP_NOT_RECORDED": {"vi": "(không ghi lại)", "en": "(not recorded)"},
    "BACKUP_SIZE_MB": {"vi": "{mb} MB", "en": "{mb} MB"},
    "BACKUP_FOLDER_UNUSABLE": {
        "vi": "Không sao lưu được vào thư mục {folder} ({detail}). Hãy cắm ổ USB hoặc chọn thư mục khác; nơi sao lưu chưa thay đổi.",
        "en": "Backups cannot go to the folder {folder} ({detail}). Plug the drive in or choose another folder; where backups go is unchanged.",
    },
    "BACKUP_AT_EXIT": {"vi": "Đang sao lưu trước khi đóng…", "en": "Backing up before closing…"},
    "RESTORING": {"vi": "Đang khôi phục bản sao lưu…", "en": "Restoring the backup…"},
    # Starting again after a first run left unfinished (services/passphrase.py)
    "START_OVER_REFUSED": {
        "vi": "Không xóa {path}: tệp đã thay đổi từ khi lần khởi động đầu tiên dừng lại (có thể đã có dữ liệu, ví dụ nhập bằng lệnh vaxdesk), hoặc đang được mở ở nơi khác. Hãy nhập mật khẩu dữ liệu để mở tệp.",
        "en": "{path} was not deleted: it has changed since the first start stopped (it may hold records, e.g. entered with the vaxdesk command), or it is open elsewhere. Enter its data passphrase to open it.",
    },
    # Changing the passphrase (services/passphrase_change.py)
    "PASSPHRASE_CURRENT_WRONG": {
        "vi": "Mật khẩu dữ liệu hiện tại không đúng. Chưa có gì thay đổi.",
        "en": "The current data passphrase is wrong. Nothing was changed.",
    },
    "PASSPHRASE_UNCHANGED": {
        "vi": "Mật khẩu mới giống mật khẩu hiện tại. Hãy chọn một mật khẩu khác.",
        "en": "The new passphrase is the current one. Choose another.",
    },
    "PASSPHRASE_CHANGE_DEMO": {
        "vi": "Dữ liệu thử có mật khẩu cố định, không đổi được.",
        "en": "The demo data has a fixed passphrase; it cannot be changed.",
    },
    "PASSPHRASE_CHANGED": {
        "vi": "Đã đổi mật khẩu dữ liệu. Cơ sở dữ liệu và {copies} bản sao lưu giờ chỉ mở bằng mật khẩu mới.",
        "en": "The data passphrase is changed. The database and {copies} backup {copies:copy|copies} now open with the new passphrase only.",
    },
    "PASSPHRASE_COPIES_KEPT": {
        "vi": "{count} bản sao vẫn giữ mật khẩu cũ của chúng (mật khẩu hiện tại không mở được, vì làm trước một lần đổi mật khẩu, hoặc ổ chứa không cho ghi): {paths}.",
        "en": "Copies that keep their older passphrase ({count}; the current one does not open them, made before an earlier change, or their drive refused the writes): {paths}.",
    },
    "PASSPHRASE_UNFINISHED_REMOVED": {
        "vi": "Đã xóa {count} bản sao dở dang (do một lần sao lưu, khôi phục hoặc mã hóa bị ngắt giữa chừng) vẫn mở được bằng mật khẩu cũ.",
        "en": "{count} unfinished {count:copy|copies} (left by a backup, restore or encryption cut short), which the old passphrase still opened, {count:was|were} deleted.",
    },
    "PASSPHRASE_COPIES_FINISHED": {
        "vi": "Lần đổi mật khẩu dữ liệu trước đã bị dừng khi đang mã hóa lại các bản sao lưu; VaxDesk vừa làm nốt: {n} bản sao lưu nay mở bằng mật khẩu mới.",
        "en": "The last data passphrase change stopped while it re-encrypted the backups; VaxDesk has just finished it: {n} {n:backup|backups} now open with the new passphrase.",
    },
    "PASSPHRASE_DRAFT_REMOVED": {
        "vi": "Phiếu đang nhập dở ở bàn tiêm (giữ lại khi VaxDesk bị tắt giữa chừng) không ghi lại được dưới mật khẩu mới nên đã bị xóa: hãy nhập lại.",
        "en": "The desk's unsaved form (kept when VaxDesk was closed part-way) could not be written again under the new passphrase and was deleted: type it again.",
    },
    "PASSPHRASE_COPIES_ELSEWHERE": {
        "vi": "Không thấy thư mục sao lưu {folder} (ổ USB chưa cắm?): các bản sao ở đó vẫn mở bằng mật khẩu cũ. Hãy cắm ổ rồi đổi mật khẩu lại một lần nữa, hoặc cất giữ ổ cẩn thận.",
        "en": "The backup folder {folder} is not there (a drive not plugged in?): the copies in it still open with the old passphrase. Plug it in and change the passphrase once more, or keep the drive safe.",
    },
    "PASSPHRASE_IN_KEYRING": {
        "vi": "Mật khẩu mới đã được lưu vào kho mật khẩu của máy thay cho mật khẩu cũ.",
        "en": "The new passphrase replaced the old one in this computer's keyring.",
    },
    "PASSPHRASE_ENV_STALE": {
        "vi": "Biến môi trường VAXDESK_DB_PASSPHRASE vẫn là mật khẩu cũ: hãy sửa nó trước lần chạy sau.",
        "en": "VAXDESK_DB_PASSPHRASE still holds the old passphrase: change it before the next start.",
    },
    "PASSPHRASE_NEW_MISSING": {
        "vi": "Cần mật khẩu dữ liệu mới: chạy lệnh ở cửa sổ dòng lệnh để được hỏi, hoặc đặt biến môi trường {env}.",
        "en": "The new data passphrase is needed: run the command at a terminal to be asked, or set {env}.",
    },
    "PASSPHRASE_CHANGE_BUSY": {
        "vi": "Chưa đổi mật khẩu dữ liệu: còn việc đang chạy (nhập hồi cứu, lưu, sao lưu). Hãy đợi xong rồi đổi lại.",
        "en": "The data passphrase was not changed: work is still running (a backfill import, a save, a backup). Wait until it is done, then change it.",
    },
    "PASSPHRASE_COPIES_FINISHING": {
        "vi": "Lần đổi mật khẩu dữ liệu trước đã bị dừng giữa chừng; đang mã hóa nốt các bản sao lưu bằng mật khẩu mới…",
        "en": "The last data passphrase change stopped part-way; re-encrypting the remaining backups under the new passphrase…",
    },
    "PASSPHRASE_CHANGING": {
        "vi": "Đang mã hóa lại dữ liệu bằng mật khẩu mới…",
        "en": "Re-encrypting the data under the new passphrase…",
    },
    # The offline transfer file
    "TRANSFER_READ_FIRST": {
        "vi": "Chưa nhận bản ghi này từ tệp chuyển dữ liệu: hệ thống khác đã ghi thêm thông tin vào bản ghi trên hệ thống trung tâm mà máy của điểm tiêm chưa đọc. Bản ghi sẽ được gửi ở lần đồng bộ có mạng tiếp theo, giữ nguyên thông tin đó.",
        "en": "This record was not taken from the transfer file: another system added to it on the central platform since the site's laptop last read it. It goes at the laptop's next online sync, keeping what they added.",
    },
    "TRANSFER_NOT_ENROLLED": {
        "vi": "Chưa tạo được tệp chuyển dữ liệu: điểm tiêm cần được hệ thống trung tâm chứng thực khóa ký ít nhất một lần (đồng bộ một lần khi có mạng).",
        "en": "No transfer file yet: the site's signing key must have been certified by the central platform once (sync once while online).",
    },
    "TRANSFER_WRITTEN": {
        "vi": "Đã ghi {count} hồ sơ chưa đồng bộ vào {path}. Mang tệp tới hệ thống trung tâm; lần đồng bộ sau máy sẽ biết kết quả.",
        "en": "Wrote {count} unsynced {count:record|records} to {path}. Take the file to the central platform; the next sync tells this laptop the outcome.",
    },
    # The display (checked before Qt loads: desktop_app/display_check.py)
    "DISPLAY_NONE": {
        "vi": "Không có màn hình để mở cửa sổ VaxDesk (biến DISPLAY chưa được đặt). Hãy chạy VaxDesk trong phiên làm việc có giao diện đồ họa, hoặc dùng lệnh `vaxdesk info`, `vaxdesk import`… không cần cửa sổ.",
        "en": "There is no display to open the VaxDesk window on (DISPLAY is not set). Run VaxDesk in a graphical session, or use the commands that need no window (`vaxdesk info`, `vaxdesk import`, …).",
    },
    "DISPLAY_UNREACHABLE": {
        "vi": "Không kết nối được tới màn hình “{display}”. Hãy kiểm tra phiên đồ họa đang chạy và biến DISPLAY đúng.",
        "en": "Cannot connect to the display “{display}”. Check that the graphical session is running and DISPLAY names it.",
    },
    "QT_LIBRARIES_MISSING": {
        "vi": "Máy này thiếu thư viện hệ thống mà cửa sổ Qt cần: {libraries}. Cài bằng lệnh:\n    {install}",
        "en": "This computer lacks system libraries that Qt's window needs: {libraries}. Install them with:\n    {install}",
    },
    "QT_PLUGIN_UNLOADABLE": {
        "vi": "Không nạp được phần hiển thị X11 của Qt: {detail}",
        "en": "Qt's X11 display plugin cannot be loaded: {detail}",
    },
}
