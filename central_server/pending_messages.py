"""Words the complaints' moves say (a site handing one back, the province moving one to a
site), waiting for their place in the one catalogue (``desktop_app/rules/messages``), which
this side may not edit: the lead moves each entry there (``complaints.py`` and
``dashboard.py``) and deletes this module and its one import (``complaints/store.py``).
Until then they are added to the catalogue here, never over an entry it has (``setdefault``:
once the lead's are in, theirs are said)."""

from __future__ import annotations

from desktop_app.rules.messages import CATALOGUE

MESSAGES: dict[str, dict[str, str]] = {
    # central_server/complaints/store.py: hand_back, reroute
    "COMPLAINT_MOVE_NEEDS_REASON": {
        "vi": "Hãy ghi lý do chuyển phản ánh đi (ví dụ: người dân tiêm ở nơi khác).",
        "en": "Say why the complaint moves on (the citizen was vaccinated elsewhere, say).",
    },
    "COMPLAINT_MOVE_CLOSED": {
        "vi": "Phản ánh {complaint} đã có kết quả nên không chuyển đi được.",
        "en": "Complaint {complaint} already has its outcome, so it cannot be moved.",
    },
    "COMPLAINT_MOVE_UNKNOWN_SITE": {
        "vi": "Không có điểm tiêm {site}.",
        "en": "There is no site {site}.",
    },
    "COMPLAINT_MOVE_SAME_SITE": {
        "vi": "Phản ánh {complaint} đang ở điểm tiêm {site} rồi.",
        "en": "Complaint {complaint} is with site {site} already.",
    },
    # central_server/api/complaint_routes.py: a central token asking to hand back
    "COMPLAINT_HAND_BACK_STAFF": {
        "vi": "Chỉ điểm tiêm đang giữ phản ánh mới trả lại được. Cán bộ trung tâm chuyển phản "
              "ánh cho điểm tiêm khác (trang quản lý, hoặc vaxdesk-central complaints route).",
        "en": "Only the site holding a complaint hands it back. Central staff move it to "
              "another site (the dashboard, or vaxdesk-central complaints route).",
    },
    # the dashboard's move form (central_server/web/templates/dashboard.html)
    # open_complaints.facts: a site the complaint left, why and when
    "DASH_COMPLAINT_LEFT": {"vi": "Đã chuyển khỏi", "en": "Moved away from"},
    "DASH_MOVE_TITLE": {"vi": "Chuyển cho điểm tiêm", "en": "Move to a site"},
    "DASH_MOVE_HINT": {
        "vi": "Phản ánh đến nhầm nơi: chọn điểm tiêm giữ hồ sơ của người dân. Điểm tiêm đó "
              "nhận phản ánh ở lần đồng bộ tới; hạn 48 giờ vẫn tính từ lúc nhận phản ánh.",
        "en": "Sent to the wrong place: choose the site that keeps the citizen's record. It "
              "receives the complaint at its next sync; the 48 hours still run from when the "
              "complaint was received.",
    },
    "DASH_MOVE_REASON_HINT": {
        "vi": "Bắt buộc: vì sao phản ánh không thuộc nơi đang giữ.",
        "en": "Required: why it is not where it is.",
    },
    "DASH_MOVE_SEND": {"vi": "Chuyển phản ánh", "en": "Move the complaint"},
    "DASH_MOVE_SITE_REQUIRED": {
        "vi": "Hãy chọn điểm tiêm nhận phản ánh.",
        "en": "Choose the site to take the complaint.",
    },
    "DASH_MOVED": {
        "vi": "Đã chuyển phản ánh cho {site}. Điểm tiêm nhận phản ánh ở lần đồng bộ tới.",
        "en": "The complaint is moved to {site}, which receives it at its next sync.",
    },
}

for _code, _words in MESSAGES.items():
    CATALOGUE.setdefault(_code, _words)
