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
    # Checking what a complaint says (rules/complaints.py).
    "COMPLAINT_KIND_REQUIRED": {
        "vi": "Hãy chọn loại phản ánh.",
        "en": "Choose what the complaint is about.",
    },
    "COMPLAINT_ID_REQUIRED": {
        "vi": "Hãy nhập số CCCD/CMND hoặc hộ chiếu.",
        "en": "Enter the citizen ID, old ID card or passport number.",
    },
    "COMPLAINT_ID_INVALID": {
        "vi": "Số giấy tờ “{value}” không đúng: CCCD có 12 chữ số, CMND 9 chữ số, hộ chiếu "
              "5–20 chữ cái và chữ số.",
        "en": "“{value}” is not an ID number: a CCCD has 12 digits, a CMND 9, a passport "
              "5–20 letters and digits.",
    },
    "COMPLAINT_DOSE_NUMBER_INVALID": {
        "vi": "Mũi tiêm thứ mấy: từ 1 đến {most}.",
        "en": "The dose number is 1 to {most}.",
    },
    "COMPLAINT_DOSE_DATE_FUTURE": {
        "vi": "Ngày tiêm không thể ở tương lai.",
        "en": "The date of the dose cannot be in the future.",
    },
    "COMPLAINT_DOSE_BEFORE_BIRTH": {
        "vi": "Ngày tiêm không thể trước ngày sinh.",
        "en": "The date of the dose cannot be before the date of birth.",
    },
    "COMPLAINT_WHICH_DOSE": {
        "vi": "Hãy cho biết mũi tiêm thứ mấy hoặc ngày tiêm.",
        "en": "Say which dose it was, or when it was given.",
    },
    "COMPLAINT_TEXT_TOO_LONG": {
        "vi": "Nội dung phản ánh dài quá {most} ký tự.",
        "en": "The complaint is longer than {most} characters.",
    },
}
