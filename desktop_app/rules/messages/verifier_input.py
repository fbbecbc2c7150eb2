"""What the verifier says when it finds no certificate to judge in what it was given."""

MESSAGES: dict[str, dict[str, str]] = {
    "VERIFY_UNREADABLE": {
        "vi": "KHÔNG CÓ GÌ ĐỂ KIỂM TRA: {reason}",
        "en": "NOTHING TO CHECK: {reason}",
    },
    "INPUT_NOT_FOUND": {
        "vi": "“{input}” không phải văn bản HC1: và không có tệp nào tên như vậy.",
        "en": "“{input}” is neither an HC1: text nor an existing file.",
    },
    "INPUT_IS_FOLDER": {
        "vi": "{input} là một thư mục, không phải tệp.",
        "en": "{input} is a folder, not a file.",
    },
    "INPUT_NO_PERMISSION": {
        "vi": "không có quyền đọc tệp {input}.",
        "en": "no permission to read {input}.",
    },
    "INPUT_CANNOT_OPEN": {
        "vi": "không mở được tệp {input} ({detail}).",
        "en": "cannot open {input} ({detail}).",
    },
    "INPUT_EMPTY": {"vi": "tệp {input} rỗng.", "en": "{input} is empty."},
    "INPUT_TOO_LARGE": {
        "vi": "tệp {input} quá lớn ({size} MB); một chứng nhận, ảnh chụp hay bản quét không quá {limit} MB.",
        "en": "{input} is too large ({size} MB); a certificate, photo or scan is at most {limit} MB.",
    },
    "INPUT_TEXT_TOO_LONG": {
        "vi": "văn bản HC1: dài {length} ký tự, quá dài để là một chứng nhận (mã QR chứa tối đa {limit} ký tự).",
        "en": "the HC1: text is {length} characters long, too long to be a certificate (a QR code holds at most {limit}).",
    },
    "INPUT_NOT_RECOGNISED": {
        "vi": "{input} không phải ảnh (PNG, JPEG…), PDF hay văn bản có chứng nhận HC1:.",
        "en": "{input} is not an image (PNG, JPEG…), a PDF or a text holding an HC1: certificate.",
    },
    "INPUT_IMAGE_BROKEN": {
        "vi": "ảnh {input} bị hỏng hoặc không phải ảnh thật.",
        "en": "the image {input} is damaged or not really an image.",
    },
    "INPUT_IMAGE_TOO_LARGE": {
        "vi": "ảnh {input} quá lớn ({megapixels} triệu điểm ảnh; tối đa {limit} triệu). Hãy chụp hoặc quét lại với độ phân giải thấp hơn.",
        "en": "the image {input} is too large ({megapixels} megapixels; at most {limit}). Take or scan it again at a lower resolution.",
    },
    "INPUT_PDF_BROKEN": {
        "vi": "tệp PDF {input} bị hỏng hoặc không đọc được.",
        "en": "the PDF {input} is damaged or cannot be read.",
    },
    "INPUT_NO_QR": {
        "vi": "không tìm thấy mã QR nào trong {input}.",
        "en": "no QR code found in {input}.",
    },
    "INPUT_NO_QR_IN_PAGES": {
        "vi": "không tìm thấy mã QR nào trong {read} trang đầu của {input} (tệp có {pages} trang; chỉ đọc {read} trang đầu).",
        "en": "no QR code found in the first {read} {read:page|pages} of {input} (it has {pages}; only the first {read} are read).",
    },
}
