"""Citizens' complaints: the names of kinds, statuses, actions and routes (shared by the
public form, the status page, the Complaints area and the CLI), and the central side's
sentences. The desk's own sentences are in ``complaints_desk``. A kind's name is
``COMPLAINT_KIND_`` + the wire value upper-cased (likewise STATUS, ACTION, ROUTE)."""

MESSAGES: dict[str, dict[str, str]] = {
    # The five kinds (wire/complaints.py KINDS), as the Ministry's guidance words them.
    "COMPLAINT_KIND_MISSING_DOB": {
        "vi": "Đã tiêm nhưng thiếu ngày sinh",
        "en": "Vaccinated, but the date of birth is missing",
    },
    "COMPLAINT_KIND_NOT_ON_SYSTEM": {
        "vi": "Đã tiêm nhưng chưa có trên hệ thống",
        "en": "Vaccinated, but not on the system",
    },
    "COMPLAINT_KIND_DOSE_MISSING": {
        "vi": "Đã có trên hệ thống nhưng thiếu mũi tiêm",
        "en": "On the system, but a dose is missing",
    },
    "COMPLAINT_KIND_DETAILS_HIDE_DOSES": {
        "vi": "Sai thông tin cá nhân nên không hiển thị mũi tiêm",
        "en": "Personal details wrong, so no dose shows",
    },
    "COMPLAINT_KIND_DETAILS_WRONG": {
        "vi": "Sai thông tin cá nhân hoặc thông tin mũi tiêm",
        "en": "Personal or dose details wrong",
    },
    "COMPLAINT_STATUS_OPEN": {"vi": "Đang xử lý", "en": "Being handled"},
    "COMPLAINT_STATUS_RESOLVED": {"vi": "Đã giải quyết", "en": "Resolved"},
    "COMPLAINT_STATUS_REJECTED": {"vi": "Không chấp nhận", "en": "Not accepted"},
    "COMPLAINT_ACTION_ADD_DOSE": {"vi": "Đã bổ sung mũi tiêm", "en": "Missing dose added"},
    "COMPLAINT_ACTION_CORRECT": {"vi": "Đã sửa thông tin", "en": "Details corrected"},
    "COMPLAINT_ACTION_MERGE": {
        "vi": "Đã gộp hai hồ sơ của cùng một người",
        "en": "Two records of the same person merged",
    },
    "COMPLAINT_ACTION_REJECT": {"vi": "Từ chối", "en": "Rejected"},
    "COMPLAINT_ROUTE_SITE": {
        "vi": "Điểm tiêm đã ghi nhận mũi tiêm",
        "en": "The site that recorded the dose",
    },
    "COMPLAINT_ROUTE_COMMUNE": {
        "vi": "Trạm y tế xã/phường nơi người dân cư trú",
        "en": "The health station of the citizen's commune",
    },
    "COMPLAINT_ROUTE_PROVINCE": {"vi": "Sở Y tế tỉnh/thành phố", "en": "The provincial health department"},
}
