"""The central platform's web pages: the words shared by every page. Each page's own words
live with its area (``complaints``, ``dashboard``)."""

MESSAGES: dict[str, dict[str, str]] = {
    "WEB_PLATFORM": {
        "vi": "Hệ thống trung tâm quản lý tiêm chủng",
        "en": "Central vaccination platform",  # the glossary's "central platform"
    },
    # A page that failed on the platform's side (errors.py): its SERVER_ERROR beneath.
    "WEB_ERROR_TITLE": {"vi": "Trang này đang gặp lỗi", "en": "This page failed"},
    # An address that opens no page (a mistyped one, an old link; errors.http_error), with
    # a link back to where its readers start.
    "WEB_NOT_FOUND_TITLE": {"vi": "Không tìm thấy trang", "en": "Page not found"},
    "WEB_NOT_FOUND": {
        "vi": "Không có trang nào ở địa chỉ {path}. Có thể địa chỉ bị gõ sai hoặc đường "
              "liên kết đã cũ.",
        "en": "There is no page at {path}. The address may be mistyped, or the link out "
              "of date.",
    },
    "WEB_BACK_TO_DASHBOARD": {"vi": "Về bảng theo dõi", "en": "Go to the dashboard"},
    "WEB_BACK_TO_COMPLAINTS": {"vi": "Về trang gửi phản ánh", "en": "Go to the complaint form"},
}
