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
        "vi": "Đã tạo dữ liệu mẫu tại {path}: {people} người, {doses} mũi tiêm ({flagged} cần làm sạch, {rejected} dòng bị từ chối), {complaints} phản ánh, {synced} bản ghi đã đồng bộ, {unsynced} chưa đồng bộ.",
        "en": "Sample data made at {path}: {people} people, {doses} doses ({flagged} to clean, {rejected} rows rejected), {complaints} complaints, {synced} records synced, {unsynced} not yet synced.",
    },
    "DEMO_HOW_TO_OPEN": {
        "vi": "Mở bằng: vaxdesk --db \"{path}\" (không cần mật khẩu; cơ sở dữ liệu thật vẫn nguyên vẹn, mở lại bằng vaxdesk).",
        "en": "Open it with: vaxdesk --db \"{path}\" (no password needed; the real database is untouched, open it again with vaxdesk).",
    },
    "CERT_DEMO_MARK": {
        "vi": "MẪU (DEMO) — không có giá trị",
        "en": "DEMO — not valid",
    },
}
