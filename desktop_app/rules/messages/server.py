"""The central platform's answers (OperationOutcome texts), beyond the rules' own findings."""

MESSAGES: dict[str, dict[str, str]] = {
    "UNAUTHORIZED": {
        "vi": "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
        "en": "Missing, unknown or revoked bearer token.",
    },
    "BAD_GZIP": {"vi": "Dữ liệu nén bị hỏng.", "en": "Body is not valid gzip."},
    "TOO_LARGE": {
        "vi": "Gói dữ liệu quá lớn (tối đa {limit} byte).",
        "en": "Body is too large (at most {limit} bytes).",
    },
    "BAD_JSON": {
        "vi": "Dữ liệu không phải JSON hợp lệ: {detail}",
        "en": "Body is not acceptable JSON: {detail}",
    },
    "BAD_REQUEST": {
        "vi": "Yêu cầu không hợp lệ ở: {detail}",
        "en": "The request is not valid at: {detail}",
    },
    "NO_SUCH_ENDPOINT": {
        "vi": "Địa chỉ này không nhận yêu cầu {method} (mã {status}).",
        "en": "No {method} here (HTTP {status}).",
    },
    "SERVER_ERROR": {
        "vi": "Lỗi ở hệ thống trung tâm; hãy báo cho quản trị viên mã yêu cầu {request_id}.",
        "en": "Error at the central platform; quote request id {request_id} to the "
              "administrator.",
    },
    "BAD_BUNDLE": {
        "vi": "Gói dữ liệu không đúng định dạng: {detail}",
        "en": "The Bundle is malformed: {detail}",
    },
    "BAD_IF_MATCH": {
        "vi": "If-Match không hợp lệ: {detail}",
        "en": "If-Match is not valid: {detail}",
    },
    "BAD_SEARCH": {
        "vi": "Tham số tìm kiếm không hợp lệ: {detail}",
        "en": "A search parameter is not valid: {detail}",
    },
    "NOT_SUPPORTED": {
        "vi": "Loại tài nguyên {type} không được hỗ trợ.",
        "en": "{type} is not supported.",
    },
    "NOT_FOUND": {
        "vi": "Không tìm thấy hồ sơ {ref}.",
        "en": "{ref} not found.",
    },
    "STRUCTURE": {
        "vi": "Dữ liệu không đúng cấu trúc FHIR được chấp nhận: {detail}",
        "en": "Not the FHIR structure the central platform accepts: {detail}",
    },
    "PATIENT_UNKNOWN": {
        "vi": "Người được tiêm ({patient}) chưa có trên hệ thống trung tâm.",
        "en": "The patient {patient} is not on the central platform.",
    },
    "ACCESS_CODE_OTHER_SITE": {
        "vi": "Mã truy cập này là của điểm tiêm {site}, nhưng hồ sơ gửi lên ghi điểm tiêm {named}.",
        "en": "This access code is site {site}'s, but the record sent names site {named}.",
    },
    "FORBIDDEN_SITE": {
        "vi": "Điểm tiêm {site} chỉ được ghi hồ sơ của chính mình.",
        "en": "Site {site} may write only its own records.",
    },
    "ALREADY_EXISTS": {
        "vi": "Hồ sơ {ref} đã có trên hệ thống trung tâm với nội dung khác.",
        "en": "{ref} already exists with different content; send If-Match.",
    },
    "VERSION_CONFLICT": {
        "vi": "Hồ sơ {ref} đã được sửa trên hệ thống trung tâm kể từ lần đồng bộ trước (phiên bản {current}, không phải {given}).",
        "en": "{ref} is at version {current}, not {given}.",
    },
    # Signing authority
    "SITE_ONLY": {
        "vi": "Chỉ điểm tiêm mới được cấp chứng thư ký.",
        "en": "Only a vaccination site can enrol a signing key.",
    },
    "KEY_MISSING": {"vi": "Thiếu khóa công khai (public_key).", "en": "public_key is missing."},
    "BAD_KEY": {
        "vi": "Khóa công khai không phải khóa P-256 (ES256) hợp lệ.",
        "en": "The public key is not a valid P-256 (ES256) key.",
    },
    "SIGNER_REVOKED": {
        "vi": "Khóa ký này đã bị thu hồi; điểm tiêm phải tạo khóa mới.",
        "en": "This signing key was revoked; the site must make a new key.",
    },
    "KEY_IN_USE": {"vi": "Khóa ký này thuộc điểm tiêm khác.", "en": "This signing key belongs to another site."},
    "ENROLMENT_PENDING": {
        "vi": "Khóa ký mới thay cho khóa đã được chứng thực: đang chờ hệ thống trung tâm duyệt. Hãy gọi cho cán bộ trung tâm và đọc mã nhận dạng khóa: {fingerprint}",
        "en": "The new signing key replaces a certified one: it waits for central approval. Call central staff and read them the key's fingerprint: {fingerprint}",
    },
    "KEY_FINGERPRINT_MISMATCH": {
        "vi": "Khóa đang chờ duyệt của điểm tiêm {site} không có mã nhận dạng {given}: chưa chứng thực gì. Hãy hỏi lại điểm tiêm mã hiện trên máy của họ; nếu vẫn khác mã trong danh sách chờ (pending-keys), khóa đó có thể không phải của điểm tiêm.",
        "en": "The key waiting for site {site} does not have fingerprint {given}: nothing was certified. Ask the site again for the fingerprint its laptop shows; if it still differs from the one pending-keys lists, that key may not be the site's.",
    },
    "LOOKUPS_TOO_MANY": {
        "vi": "Điểm tiêm đã tra cứu người của điểm tiêm khác {most} lần trong một giờ qua, mức tối đa được phép. Hãy thử lại sau {minutes} phút.",
        "en": "This site has looked up other sites' people {most} times in the past hour, the most allowed. Try again in {minutes} {minutes:minute|minutes}.",
    },
    "ENROLMENT_RATE_LIMITED": {
        "vi": "Quá nhiều yêu cầu chứng thực khóa ký trong một giờ; hãy thử lại sau.",
        "en": "Too many signing-key enrolment requests this hour; try again later.",
    },
    "SIGNER_NOT_FOUND": {"vi": "Không có chứng thư ký này.", "en": "No such signer."},
    "REGISTER_NOT_LOADED": {
        "vi": "Hệ thống trung tâm chưa nạp cơ sở dữ liệu dân cư: chưa có kết quả đối chiếu.",
        "en": "No population register is loaded on this platform: there are no verdicts.",
    },
    "REVOCATION_SITE_ONLY": {
        "vi": "Chỉ điểm tiêm mới được thu hồi chứng nhận.",
        "en": "Only a vaccination site can revoke certificates.",
    },
    "REVOCATION_NOT_YOURS": {
        "vi": "Điểm tiêm {site} không cấp chứng nhận {uvci}, nên không được thu hồi nó.",
        "en": "Site {site} did not issue certificate {uvci}, so it cannot revoke it.",
    },
    "REVOCATION_INVALID": {
        "vi": "Yêu cầu thu hồi chứng nhận không hợp lệ: {detail}",
        "en": "The certificate revocation request is invalid: {detail}",
    },
}
