"""The sync area's records that need a person: the words of a conflict's side-by-side
comparison, and why a record waits when the central platform gave no sentence of its own."""

MESSAGES: dict[str, dict[str, str]] = {
    # A dose's state, a row of the comparison (the other rows: rules/field_values.py).
    "FIELD_DOSE_STATE": {"vi": "Trạng thái", "en": "State"},
    "DOSE_STATE_ACTIVE": {"vi": "Hiệu lực", "en": "Active"},
    "DOSE_STATE_VOIDED": {"vi": "Nhập nhầm", "en": "Voided"},
    # Another system's ``not-done`` (FHIR R4: the injection was not given): only ever the
    # central version's state, kept in conflict (``CENTRAL_NOT_DONE``).
    "DOSE_STATE_NOT_DONE": {"vi": "Không tiêm", "en": "Not given"},
    # A dose's reactions, a row of the comparison: one only this laptop holds is sent again
    # over the central version if that is kept (``sync/inbox.py``), never lost with it.
    "FIELD_REACTIONS": {"vi": "Phản ứng sau tiêm", "en": "Reactions"},
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
    # The same, when the platform gave a detail in a developer's words only (diagnostics:
    # HAPI's, often English), said after the sentence (``SYNC_ISSUE_DETAIL``).
    "SYNC_ISSUE_INVALID_DETAILED": {
        "vi": "Hệ thống trung tâm báo hồ sơ có thông tin không hợp lệ. Hãy mở hồ sơ, sửa thông tin mà chi tiết dưới đây nêu, rồi gửi lại.",
        "en": "The central platform found a detail of the record invalid. Open the record, correct what the detail below names, then send it again.",
    },
    "SYNC_ISSUE_REFUSED": {
        "vi": "Hệ thống trung tâm không nhận hồ sơ này. Hãy kiểm tra hồ sơ theo chi tiết dưới đây, hoặc hỏi hệ thống trung tâm.",
        "en": "The central platform did not take this record. Check the record against the detail below, or ask the central platform.",
    },
    "SYNC_ISSUE_DETAIL": {
        "vi": "{reason} Chi tiết từ hệ thống trung tâm: {detail}",
        "en": "{reason} The central platform's detail: {detail}",
    },
    # Central versions the database here cannot take as they are (``sync/inbox.py``).
    "CENTRAL_NUMBER_CLASH": {
        "vi": "Hệ thống trung tâm đổi mũi tiêm này thành mũi {number}, nhưng người này đã có một mũi {number} khác trên máy: hãy giữ bản trên máy này, hoặc sửa mũi {number} kia trước rồi lấy bản của hệ thống trung tâm.",
        "en": "The central platform made this dose number {number}, but the person has another dose {number} on this laptop: keep this laptop's version, or correct that other dose {number} first and then take the central platform's version.",
    },
    "CENTRAL_NOT_DONE": {
        "vi": "Hệ thống trung tâm ghi mũi tiêm này là không tiêm (lý do: {reason}), nhưng trên máy này mũi tiêm vẫn được tính là đã tiêm. Nếu mũi tiêm đã thực sự được tiêm, hãy giữ bản trên máy này (gửi lại là đã tiêm); nếu không, hãy lấy bản của hệ thống trung tâm: mũi tiêm được đánh dấu nhập nhầm trên máy này và không còn được tính.",
        "en": "The central platform records this dose as not given (reason: {reason}), but this laptop still counts it as given. If the dose was given, keep this laptop's version (sent back as given); if not, take the central platform's version: the dose is voided on this laptop and no longer counts.",
    },
    "CENTRAL_NOT_STORABLE": {
        "vi": "Bản sửa của hệ thống trung tâm cho hồ sơ này không lưu được trên máy này (trái với dữ liệu khác trên máy): hãy giữ bản trên máy này, hoặc báo cho hệ thống trung tâm.",
        "en": "The central platform's edit of this record cannot be stored on this laptop (it contradicts other data here): keep this laptop's version, or tell the central platform.",
    },
    # The platform's word that our people hold a dose number another site holds too
    # (sync/dose_clashes.py): put on the cleaning worklist.
    "SYNC_ELSEWHERE": {
        "vi": "Hệ thống trung tâm báo mũi tiêm tại điểm tiêm khác của {count} người ở đây đã thay đổi; thẻ, số mũi tiếp theo và giấy chứng nhận của họ đã được cập nhật.",
        "en": "The central platform reports changed doses at other sites for {count} {count:person|people} here; their cards, next dose numbers and certificates now follow them.",
    },
    "SYNC_PARTED": {
        "vi": "Hệ thống trung tâm không còn coi {count} người ở đây là một người với hồ sơ ở điểm tiêm khác (một bên đã sửa số CCCD/CMND hoặc ngày sinh): mũi tiêm ở nơi đó đã bị bỏ khỏi thẻ của họ; đã đưa vào danh sách làm sạch để kiểm tra trên giấy tờ.",
        "en": "The central platform no longer links {count} {count:person|people} here to their records at another site (one side corrected the ID number or date of birth): the doses from there were dropped from their cards; put on the cleaning worklist to check against the card.",
    },
    "SYNC_DOSE_CLASHES": {
        "vi": "Hệ thống trung tâm báo {count} người có mũi tiêm trùng số mũi với mũi tiêm ở điểm tiêm khác; đã đưa vào danh sách làm sạch để kiểm tra.",
        "en": "The central platform reports {count} {count:person|people} with a dose numbered as a dose at another site; put on the cleaning worklist to check.",
    },
    # After a restore, or on a replacement laptop started fresh: this site's records the
    # platform holds and the laptop lacked, back as its own (sync/own_records.py). The sync
    # screen and ``vaxdesk sync`` say it.
    "SYNC_BROUGHT_BACK": {
        "vi": "Đã lấy lại từ hệ thống trung tâm {count} hồ sơ và mũi tiêm của điểm tiêm này mà máy này chưa có (sau khi khôi phục bản sao lưu, hoặc máy thay thế mới cài).",
        "en": "Brought back from the central platform {count} of this site's {count:record|records} and doses that this laptop lacked (after a restored backup, or on a replacement laptop set up afresh).",
    },
    "SYNC_REASON_UNSTATED": {
        "vi": "Hệ thống trung tâm không nhận hồ sơ này nhưng không cho biết lý do. Hãy kiểm tra hồ sơ, hoặc hỏi hệ thống trung tâm.",
        "en": "The central platform did not take this record and gave no reason. Check the record, or ask the central platform.",
    },
}
