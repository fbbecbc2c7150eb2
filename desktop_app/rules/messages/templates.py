"""Provincial templates of every shape, and the demo database: their sentences."""

MESSAGES: dict[str, dict[str, str]] = {
    "IMPORT_DOSE_LABEL": {"vi": "Mũi {dose}", "en": "Dose {dose}"},
    "BACKFILL_DONE_DOSES": {
        "vi": "{imported} mũi đã nhập, {flagged} mũi cần làm sạch, {duplicate} mũi trùng bỏ qua, {rejected} mũi bị từ chối, {corrected} mũi đã sửa hồ sơ có sẵn.",
        "en": "{imported} {imported:dose|doses} imported, {flagged} flagged for cleaning, {duplicate} {duplicate:duplicate|duplicates} skipped, {rejected} rejected, {corrected} used to correct a record already here.",
    },
    "BACKFILL_WIDE_AT": {
        "vi": "mẫu theo người: mỗi dòng một người, {groups} nhóm cột mũi tiêm, tiêu đề đến dòng {row}",
        "en": "one row per person: {groups} dose column groups, header down to row {row}",
    },
    "DEMO_BANNER": {
        "vi": "DỮ LIỆU MẪU — không phải dữ liệu thật",
        "en": "SAMPLE DATA — not real data",
    },
    "DEMO_MAKING": {
        "vi": "Đang tạo dữ liệu mẫu trong một tệp riêng…",
        "en": "Making the sample data in a file of its own…",
    },
    "DEMO_NOT_THERE": {
        "vi": "Dữ liệu mẫu chỉ được tạo trong tệp riêng tên {name}, không phải {file}: cơ sở dữ liệu thật không bao giờ bị ghi đè.",
        "en": "Sample data is only made in its own file named {name}, not {file}: the real database is never overwritten.",
    },
    "DEMO_MADE": {
        "vi": "Đã tạo dữ liệu mẫu tại {path}: {people} người, {doses} mũi tiêm đến hôm qua từ bảng tính của tỉnh ({flagged} dòng cần làm sạch, của {to_clean} người trong danh sách làm sạch; {rejected} dòng bị từ chối) và {today} mũi tiêm ghi nhận hôm nay, {complaints} phản ánh, {synced} bản ghi ghi là đã đồng bộ (của dữ liệu mẫu: không gửi đi đâu), {unsynced} chưa đồng bộ.",
        "en": "Sample data made at {path}: {people} people, {doses} doses up to yesterday from the province's sheet ({flagged} rows flagged for cleaning, {to_clean} people on the cleaning worklist; {rejected} rows rejected) and {today} recorded at the desk today, {complaints} complaints, {synced} records shown as synced (part of the sample: never sent anywhere), {unsynced} not yet synced.",
    },
    "DEMO_HOW_TO_OPEN": {
        "vi": "Mở bằng: vaxdesk --db \"{path}\" (không cần mật khẩu; cơ sở dữ liệu thật vẫn nguyên vẹn, mở lại bằng vaxdesk).",
        "en": "Open it with: vaxdesk --db \"{path}\" (no password needed; the real database is untouched, open it again with vaxdesk).",
    },
    "DEMO_EXPORT_MARK": {
        "vi": "MẪU (DEMO) — dữ liệu mẫu, không phải dữ liệu thật",
        "en": "DEMO — sample data, not real",
    },
    "DEMO_EXPORT_COLUMN": {"vi": "Dữ liệu mẫu (DEMO)", "en": "Sample data (DEMO)"},
    "DEMO_NOT_SENT": {
        "vi": "Đây là dữ liệu mẫu (DEMO): dữ liệu này không bao giờ được gửi lên hệ thống trung tâm, kể cả qua tệp chuyển dữ liệu. Để đồng bộ, hãy mở cơ sở dữ liệu thật của điểm tiêm.",
        "en": "This is the sample data (DEMO): it is never sent to a central platform, nor in a transfer file. To sync, open the site's real database.",
    },
    "DEMO_NO_LOOKUP": {
        "vi": "Đây là dữ liệu mẫu (DEMO): không tra cứu trên hệ thống trung tâm. Để tra cứu, "
              "hãy mở cơ sở dữ liệu thật của điểm tiêm.",
        "en": "This is the sample data (DEMO): it asks no central platform. To look someone "
              "up, open the site's real database.",
    },
    "CLI_DEMO_DATABASE": {
        "vi": "DỮ LIỆU MẪU (DEMO) — không phải dữ liệu thật; không bao giờ được đồng bộ",
        "en": "SAMPLE DATA (DEMO) — not real data; never synced",
    },
    "CERT_DEMO_MARK": {
        "vi": "MẪU (DEMO) — không có giá trị",
        "en": "DEMO — not valid",
    },
    # Where the QR code goes, on the certificate dialog's preview (certificates/pdf.py):
    # a signed code on screen was one a phone could take with nothing recorded.
    "CERT_QR_AT_PRINT": {
        "vi": "Mã QR được ký khi in hoặc lưu chứng nhận",
        "en": "The QR code is signed when the certificate is printed or saved",
    },
}
