"""The sync area's records that need a person: the words of a conflict's side-by-side
comparison, and why a record waits when the central platform gave no sentence of its own."""

MESSAGES: dict[str, dict[str, str]] = {
    # A dose's state, a row of the comparison (the other rows: rules/field_values.py).
    "FIELD_DOSE_STATE": {"vi": "Trạng thái", "en": "State"},
    "DOSE_STATE_ACTIVE": {"vi": "Hiệu lực", "en": "Active"},
    "DOSE_STATE_VOIDED": {"vi": "Nhập nhầm", "en": "Voided"},
    # The central platform's version when there is none to show beside this laptop's.
    "SYNC_THEIRS_GONE": {"vi": "(đã bị xóa)", "en": "(deleted)"},
    "SYNC_THEIRS_UNREADABLE": {"vi": "(không đọc được)", "en": "(cannot be read)"},
    # Why a record waits, when the answer carried no sentence: a plain FHIR server's bare
    # issue type (``sync/push.issues_of``), grouped by what the clerk can do about it.
    "SYNC_ISSUE_INVALID": {
        "vi": "Hệ thống trung tâm báo hồ sơ có thông tin không hợp lệ nhưng không nói rõ thông tin nào. Hãy mở hồ sơ để kiểm tra, sửa nếu cần, rồi gửi lại.",
        "en": "The central platform found a detail of the record invalid but did not say which. Open the record to check it, correct it if needed, then send it again.",
    },
    "SYNC_ISSUE_ACCESS": {
        "vi": "Hệ thống trung tâm không cho phép điểm tiêm gửi hồ sơ này. Hãy kiểm tra mã truy cập trong phần cài đặt đồng bộ, hoặc hỏi hệ thống trung tâm.",
        "en": "The central platform did not allow this site to send this record. Check the access code in the sync settings, or ask the central platform.",
    },
    "SYNC_ISSUE_CLASH": {
        "vi": "Hệ thống trung tâm báo hồ sơ này trùng hoặc mâu thuẫn với một hồ sơ đã có ở đó. Hãy hỏi hệ thống trung tâm trước khi gửi lại.",
        "en": "The central platform says this record duplicates or contradicts one it already holds. Ask the central platform before sending it again.",
    },
    "SYNC_ISSUE_NOT_FOUND": {
        "vi": "Hệ thống trung tâm không tìm thấy hồ sơ liên quan (người được tiêm hoặc bản trước của hồ sơ). Hãy gửi lại; nếu vẫn bị từ chối, hãy hỏi hệ thống trung tâm.",
        "en": "The central platform did not find a related record (the person, or the record's earlier version). Send it again; if it is still refused, ask the central platform.",
    },
    "SYNC_ISSUE_BUSY": {
        "vi": "Hệ thống trung tâm tạm thời không nhận được hồ sơ này. Hãy gửi lại sau ít phút.",
        "en": "The central platform could not take this record for now. Send it again in a few minutes.",
    },
    "SYNC_REASON_UNSTATED": {
        "vi": "Hệ thống trung tâm không nhận hồ sơ này nhưng không cho biết lý do. Hãy kiểm tra hồ sơ, hoặc hỏi hệ thống trung tâm.",
        "en": "The central platform did not take this record and gave no reason. Check the record, or ask the central platform.",
    },
}
