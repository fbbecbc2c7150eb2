"""Citizens' complaints: the names of kinds, statuses, actions and routes (shared by the
public form, the status page, the Complaints area and the CLI), and the central side's
sentences. The desk's own sentences are in ``complaints_desk``."""

MESSAGES: dict[str, dict[str, str]] = {
    # The five kinds (wire/complaints.py KINDS), as the Ministry's guidance words them.
    "COMPLAINT_KIND_missing_dob": {
        "vi": "Đã tiêm nhưng thiếu ngày sinh",
        "en": "Vaccinated, but the date of birth is missing",
    },
    "COMPLAINT_KIND_not_on_system": {
        "vi": "Đã tiêm nhưng chưa có trên hệ thống",
        "en": "Vaccinated, but not on the system",
    },
    "COMPLAINT_KIND_dose_missing": {
        "vi": "Đã có trên hệ thống nhưng thiếu mũi tiêm",
        "en": "On the system, but a dose is missing",
    },
    "COMPLAINT_KIND_details_hide_doses": {
        "vi": "Sai thông tin cá nhân nên không hiển thị mũi tiêm",
        "en": "Personal details wrong, so no dose shows",
    },
    "COMPLAINT_KIND_details_wrong": {
        "vi": "Sai thông tin cá nhân hoặc thông tin mũi tiêm",
        "en": "Personal or dose details wrong",
    },
    "COMPLAINT_STATUS_open": {"vi": "Đang xử lý", "en": "Being handled"},
    "COMPLAINT_STATUS_resolved": {"vi": "Đã giải quyết", "en": "Resolved"},
    "COMPLAINT_STATUS_rejected": {"vi": "Không chấp nhận", "en": "Not accepted"},
    "COMPLAINT_ACTION_add_dose": {"vi": "Đã bổ sung mũi tiêm", "en": "Missing dose added"},
    "COMPLAINT_ACTION_correct": {"vi": "Đã sửa thông tin", "en": "Details corrected"},
    "COMPLAINT_ACTION_merge": {
        "vi": "Đã gộp hai hồ sơ của cùng một người",
        "en": "Two records of the same person merged",
    },
    "COMPLAINT_ACTION_reject": {"vi": "Từ chối", "en": "Rejected"},
    "COMPLAINT_ROUTE_site": {
        "vi": "Điểm tiêm đã ghi nhận mũi tiêm",
        "en": "The site that recorded the dose",
    },
    "COMPLAINT_ROUTE_commune": {
        "vi": "Trạm y tế xã/phường nơi người dân cư trú",
        "en": "The health station of the citizen's commune",
    },
    "COMPLAINT_ROUTE_province": {"vi": "Sở Y tế tỉnh/thành phố", "en": "The provincial health department"},
}
