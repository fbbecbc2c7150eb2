"""The central platform's web pages: the words shared by every page. Each page's own words
live with its area (``complaints``, ``dashboard``)."""

MESSAGES: dict[str, dict[str, str]] = {
    "WEB_PLATFORM": {
        "vi": "Hệ thống trung tâm quản lý tiêm chủng",
        "en": "Central vaccination platform",  # the glossary's "central platform"
    },
    # A page that failed on the platform's side (errors.py): its SERVER_ERROR beneath.
    "WEB_ERROR_TITLE": {"vi": "Trang này đang gặp lỗi", "en": "This page failed"},
}
