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
        "vi": "Mật khẩu cơ sở dữ liệu không đúng, nên không mở được {path}. Tệp không bị thay đổi; hãy nhập lại (chú ý bộ gõ tiếng Việt và phím Caps Lock). Nếu chắc chắn mật khẩu đúng, có thể tệp đã bị hỏng: hãy liên hệ bộ phận kỹ thuật.",
        "en": "The database passphrase is wrong, so {path} cannot be opened. The file was not changed; enter it again (mind the Vietnamese keyboard and Caps Lock). If you are sure of the passphrase, the file may be damaged: contact technical support.",
    },
    "DB_PASSPHRASE_MISSING": {
        "vi": "Cần mật khẩu cơ sở dữ liệu để mở {path}: nhập khi được hỏi, hoặc đặt biến môi trường VAXDESK_DB_PASSPHRASE khi chạy bằng script.",
        "en": "The database passphrase is needed to open {path}: enter it when asked, or set VAXDESK_DB_PASSPHRASE when running from a script.",
    },
    "DB_PASSPHRASE_SHORT": {
        "vi": "Mật khẩu cơ sở dữ liệu cần ít nhất {min} ký tự.",
        "en": "The database passphrase needs at least {min} characters.",
    },
    "DB_PASSPHRASE_DIFFERS": {
        "vi": "Hai lần nhập mật khẩu không giống nhau.",
        "en": "The two passphrases differ.",
    },
    "DB_PASSPHRASE_PROMPT": {"vi": "Mật khẩu cơ sở dữ liệu: ", "en": "Database passphrase: "},
    "DB_PASSPHRASE_NEW_PROMPT": {
        "vi": "Đặt mật khẩu cơ sở dữ liệu mới (ít nhất {min} ký tự): ",
        "en": "Choose a database passphrase (at least {min} characters): ",
    },
    "DB_PASSPHRASE_AGAIN_PROMPT": {"vi": "Nhập lại mật khẩu: ", "en": "Enter it again: "},
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
        "vi": "Mật khẩu cơ sở dữ liệu không mở được bản sao lưu {path}. Cơ sở dữ liệu hiện tại được giữ nguyên.",
        "en": "The database passphrase does not open the backup {path}. The current database is kept as it is.",
    },
    "RESTORE_NEEDS_SUPERVISOR": {
        "vi": "Khôi phục bản sao lưu cần đăng nhập của một người giám sát có trong bản sao lưu đó.",
        "en": "Restoring a backup needs the login of a supervisor who is in that backup.",
    },
    "BACKUP_MADE": {"vi": "Đã sao lưu vào {path}.", "en": "Backed up to {path}."},
    "RESTORED": {
        "vi": "Đã khôi phục từ {copy}. Tệp trước đó được giữ lại ở {aside}.",
        "en": "Restored from {copy}. The file before it is kept as {aside}.",
    },
    # The offline transfer file
    "TRANSFER_NOT_ENROLLED": {
        "vi": "Chưa tạo được tệp chuyển dữ liệu: điểm tiêm cần được hệ thống trung ương chứng thực khoá ký ít nhất một lần (đồng bộ một lần khi có mạng).",
        "en": "No transfer file yet: the site's signing key must have been certified by the central platform once (sync once while online).",
    },
    "TRANSFER_WRITTEN": {
        "vi": "Đã ghi {count} hồ sơ chưa đồng bộ vào {path}. Mang tệp tới hệ thống trung ương; lần đồng bộ sau máy sẽ biết kết quả.",
        "en": "Wrote {count} unsynced records to {path}. Take the file to the central platform; the next sync tells this laptop the outcome.",
    },
    # The display (checked before Qt loads: desktop_app/display_check.py)
    "DISPLAY_NONE": {
        "vi": "Không có màn hình để mở cửa sổ VaxDesk (biến DISPLAY chưa được đặt). Hãy chạy VaxDesk trong phiên làm việc có giao diện đồ hoạ, hoặc dùng lệnh `vaxdesk info`, `vaxdesk import`… không cần cửa sổ.",
        "en": "There is no display to open the VaxDesk window on (DISPLAY is not set). Run VaxDesk in a graphical session, or use the commands that need no window (`vaxdesk info`, `vaxdesk import`, …).",
    },
    "DISPLAY_UNREACHABLE": {
        "vi": "Không kết nối được tới màn hình “{display}”. Hãy kiểm tra phiên đồ hoạ đang chạy và biến DISPLAY đúng.",
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
