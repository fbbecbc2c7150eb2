"""A scanned chip card that disagrees with the record it opened (rules/card_check.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    "CARD_DIFFERS_HEAD": {
        "vi": "Thẻ CCCD vừa quét khác hồ sơ của {name}:",
        "en": "The ID card just scanned differs from {name}'s record:",
    },
    "CARD_DIFFERS_LINE": {
        "vi": "{field}: thẻ ghi “{card}”, hồ sơ ghi “{record}”",
        "en": "{field}: the card says “{card}”, the record “{record}”",
    },
    "CARD_DIFFERS_SUPERVISOR": {
        "vi": "Nếu thẻ đúng là của người này, hãy sửa hồ sơ theo thẻ (F4).",
        "en": "If the card is this person's, correct the record from it (F4).",
    },
    "CERT_CARD_DIFFERS": {
        "vi": "Chưa in chứng nhận: giấy in theo hồ sơ, mà thẻ cho thấy hồ sơ sai. Hãy mở người này ở “Ghi nhận mũi tiêm” và quét lại thẻ: thư ký đưa vào danh sách làm sạch (F4), giám sát viên sửa hồ sơ theo thẻ; sau đó in chứng nhận.",
        "en": "No certificate printed: it prints the record, which the card shows to be wrong. Open this person in “Record doses” and scan the card again: a clerk puts them on the data-cleaning list (F4), a supervisor corrects the record from the card; then print the certificate.",
    },
    "CARD_DIFFERS_CLERK": {
        "vi": "Người giám sát sẽ kiểm tra và sửa hồ sơ: đưa người này vào danh sách làm sạch (F4), kèm thông tin trên thẻ. Vẫn ghi mũi tiêm như thường.",
        "en": "A supervisor checks and corrects the record: put this person on the data-cleaning list (F4), with what the card says. The dose is recorded as usual.",
    },
    "CARD_ALREADY_FLAGGED": {
        "vi": "Người này đã có trong danh sách làm sạch dữ liệu vì thẻ khác hồ sơ; người giám sát sẽ kiểm tra. Vẫn ghi mũi tiêm như thường.",
        "en": "This person is already on the data-cleaning list for a card that differs from the record; a supervisor will check. The dose is recorded as usual.",
    },
    "CARD_FLAGGED": {
        "vi": "Đã đưa {name} vào danh sách làm sạch dữ liệu, kèm thông tin trên thẻ.",
        "en": "{name} is on the data-cleaning list, with what the card says.",
    },
    "CARD_CORRECTED": {
        "vi": "Đã sửa hồ sơ của {name} theo thẻ: {fields}.",
        "en": "{name}'s record was corrected from the card: {fields}.",
    },
    "CARD_FILLED": {
        "vi": "Đã bổ sung từ thẻ CCCD: {fields}.",
        "en": "Filled in from the ID card: {fields}.",
    },
    "CARD_CONFIRM_CORRECT": {
        "vi": "Sửa hồ sơ của {name} theo thẻ CCCD?\n\n{changes}\n\nChứng nhận đã in cho người này (nếu có) sẽ bị thu hồi và phải in lại.",
        "en": "Correct {name}'s record from the ID card?\n\n{changes}\n\nCertificates printed for this person (if any) are revoked and must be printed again.",
    },
    "CARD_NOTE": {
        "vi": "Thẻ CCCD ghi: {values}",
        "en": "The ID card says: {values}",
    },
    "DESK_SCAN_WAITS": {
        "vi": "Người tiếp theo đã quét ({name}): lưu hoặc Esc trước; thẻ của người đó sẽ mở sau.",
        "en": "Next person scanned ({name}): save or press Esc first; their card opens then.",
    },
    "DESK_SCAN_KEPT": {
        "vi": "Cửa sổ này không tìm người, nên thẻ CCCD vừa quét ({name}) được giữ lại. Đóng cửa sổ này thì thẻ sẽ được tìm ở màn hình {area}.",
        "en": "This window does not search people, so the ID card just scanned ({name}) is kept. Close this window and the card is searched at {area}.",
    },
    "DESK_SCAN_LOCKED": {
        "vi": "Ứng dụng đang khóa: thẻ CCCD vừa quét không được nhập. Đăng nhập rồi quét lại thẻ.",
        "en": "The app is locked: the ID card just scanned was not entered. Log in, then scan the card again.",
    },
    "DESK_SCAN_BROUGHT": {
        "vi": "Thẻ CCCD quét ở màn hình {area} được tìm ở đây. Quay lại {area}: Ctrl+{key}.",
        "en": "The ID card scanned at {area} is searched here. Back to {area}: Ctrl+{key}.",
    },
    "PROBLEM_CARD_DIFFERS": {
        "vi": "Thẻ CCCD khác hồ sơ",
        "en": "ID card differs from the record",
    },
}
