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
    # The same words as the status it leads to (COMPLAINT_STATUS_REJECTED): one outcome.
    "COMPLAINT_ACTION_REJECT": {"vi": "Không chấp nhận", "en": "Not accepted"},
    # Not an outcome: the site handed the complaint back to the province (audit, lists).
    "COMPLAINT_ACTION_HAND_BACK": {"vi": "Trả về Sở Y tế", "en": "Handed back to the health department"},
    # Not an outcome: the site withdrew its answer and the complaint is open again (audit).
    "COMPLAINT_ACTION_REOPEN": {"vi": "Mở lại để xử lý lại", "en": "Reopened to be handled again"},
    # The province (or central staff) answered in words: it added no dose and corrected no
    # record, so it never says so (wire.PROVINCE_REPLY).
    "COMPLAINT_ACTION_PROVINCE_REPLY": {
        "vi": "Sở Y tế đã trả lời",
        "en": "The health department replied",
    },
    # The site holding the citizen's doses: for a missing dose it recorded none of this one.
    "COMPLAINT_ROUTE_SITE": {
        "vi": "Điểm tiêm phụ trách hồ sơ tiêm chủng của bạn",
        "en": "The vaccination site responsible for your record",
    },
    "COMPLAINT_ROUTE_COMMUNE": {
        "vi": "Trạm y tế xã/phường nơi người dân cư trú",
        "en": "The health station of the citizen's commune",
    },
    "COMPLAINT_ROUTE_PROVINCE": {"vi": "Sở Y tế tỉnh/thành phố", "en": "The provincial health department"},
    # What the status page says when the complaint does not prove whose records routed it
    # (routing.may_name_handler): the same for every route, so it tells nothing.
    "COMPLAINT_ROUTE_UNNAMED": {
        "vi": "Điểm tiêm, trạm y tế xã/phường hoặc Sở Y tế được giao giải quyết",
        "en": "The vaccination site, commune health station or health department assigned",
    },
    "COMPLAINT_ROUTE_WHY_UNNAMED": {
        "vi": "Để bảo vệ thông tin cá nhân, tên nơi giải quyết chỉ hiện khi họ tên và ngày "
              "sinh trong phản ánh khớp với hồ sơ tiêm chủng.",
        "en": "To protect personal data, the name shows only when the complaint's name and "
              "date of birth match the vaccination record.",
    },
    # Checking what a complaint says (rules/complaints.py).
    "COMPLAINT_KIND_REQUIRED": {
        "vi": "Hãy chọn loại phản ánh.",
        "en": "Choose what the complaint is about.",
    },
    "COMPLAINT_ID_REQUIRED": {
        "vi": "Hãy nhập số CCCD/CMND hoặc hộ chiếu.",
        "en": "Enter the citizen ID, old ID card or passport number.",
    },
    "COMPLAINT_COMMUNE_UNKNOWN": {
        "vi": "Không có xã/phường “{value}” trong danh mục: hãy chọn từ danh sách, hoặc để "
              "trống nếu không biết.",
        "en": "“{value}” is no commune of the list: choose one from it, or leave it empty "
              "if it is not known.",
    },
    "COMPLAINT_ID_INVALID": {
        "vi": "Số giấy tờ “{value}” không đúng: CCCD có 12 chữ số, CMND 9 chữ số, hộ chiếu "
              "5–20 chữ cái và chữ số.",
        "en": "“{value}” is not an ID number: a CCCD has 12 digits, a CMND 9, a passport "
              "5–20 letters and digits.",
    },
    # Digits alone, neither 12 nor 9 of them: a digit left out or typed twice.
    "COMPLAINT_ID_DIGITS": {
        "vi": "Số giấy tờ “{value}” có {length} chữ số: số CCCD có 12 chữ số, số CMND 9 chữ "
              "số. Hãy kiểm tra xem có thiếu hoặc thừa chữ số nào không.",
        "en": "The ID number “{value}” has {length} {length:digit|digits}: a CCCD has 12 "
              "digits, a CMND 9. Check whether a digit is missing or extra.",
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
    # A site's answer (rules/complaints.py check_resolution).
    "COMPLAINT_REJECT_NEEDS_REASON": {
        "vi": "Khi không chấp nhận phản ánh, hãy ghi rõ lý do cho người dân.",
        "en": "To reject a complaint, write the reason for the citizen.",
    },
    "COMPLAINT_REPLY_NEEDS_NOTE": {
        "vi": "Hãy ghi nội dung trả lời người dân: người dân đọc nội dung này khi tra cứu mã "
              "phản ánh.",
        "en": "Write the reply to the citizen: they read it by the complaint's code.",
    },
    # The province or central staff chose a site's action (rules.check_staff_answer).
    "COMPLAINT_STAFF_ACTION": {
        "vi": "Sở Y tế không bổ sung mũi tiêm, không sửa hay gộp hồ sơ: hãy chọn “Trả lời "
              "người dân” (ghi nội dung) hoặc “Không chấp nhận” (ghi lý do). Việc bổ sung, "
              "sửa hồ sơ do điểm tiêm thực hiện.",
        "en": "The health department adds no dose and corrects or merges no record: choose "
              "“Reply to the citizen” (write the reply) or “Not accepted” (write the reason). "
              "The site adds or corrects the record.",
    },
    # A site's token sent the province's action (complaints/store.resolve).
    "COMPLAINT_REPLY_NOT_A_SITES": {
        "vi": "Điểm tiêm không thể trả lời thay Sở Y tế: hãy chọn cách giải quyết của điểm "
              "tiêm.",
        "en": "A site cannot answer as the health department: choose one of the site's "
              "resolutions.",
    },
    # A site's answer through the API that claims a change names neither the record changed
    # nor, in words, what changed (rules/complaints.check_site_answer).
    "COMPLAINT_CHANGE_UNNAMED": {
        "vi": "Khi báo đã bổ sung mũi tiêm, đã sửa hoặc đã gộp hồ sơ, hãy ghi cho người dân "
              "rõ đã thay đổi gì, hoặc gửi kèm hồ sơ đã thay đổi (mũi tiêm đã bổ sung, hồ sơ "
              "đã sửa, hai hồ sơ đã gộp).",
        "en": "An answer saying a dose was added or a record corrected or merged must say "
              "what changed: a note for the citizen, or the record changed (the dose added, "
              "the record corrected, the two records merged).",
    },
    # A site's word that a complaint routed to it is not its own (wire.HandBack).
    "COMPLAINT_HAND_BACK_NEEDS_REASON": {
        "vi": "Hãy ghi lý do phản ánh không thuộc điểm tiêm này (ví dụ: người dân tiêm ở "
              "nơi khác): Sở Y tế đọc lý do để chuyển phản ánh đến đúng nơi.",
        "en": "Say why the complaint is not this site's (for example: the citizen was "
              "vaccinated elsewhere): the health department reads it to send the "
              "complaint to the right place.",
    },
    "COMPLAINT_NOTE_TOO_LONG": {
        "vi": "Ghi chú dài quá {most} ký tự.",
        "en": "The note is longer than {most} characters.",
    },
    # The central API's answers (central_server/api/complaint_routes.py).
    "COMPLAINT_MALFORMED": {
        "vi": "Dữ liệu phản ánh không đúng định dạng: {detail}",
        "en": "The complaint data is malformed: {detail}",
    },
    "COMPLAINT_NOT_FOUND": {
        "vi": "Không có phản ánh mã {complaint}.",
        "en": "No complaint {complaint}.",
    },
    "COMPLAINT_NOT_YOURS": {
        "vi": "Phản ánh {complaint} không được chuyển cho điểm tiêm {site}, nên điểm tiêm không thể giải quyết.",
        "en": "Complaint {complaint} was not routed to site {site}, so the site cannot resolve it.",
    },
    "COMPLAINT_RESOLVED_OTHERWISE": {
        "vi": "Phản ánh {complaint} đã được giải quyết với nội dung khác.",
        "en": "Complaint {complaint} was already resolved differently.",
    },
    # The public pages (central_server/web/complaint_pages.py).
    "COMPLAINT_NAV_FORM": {"vi": "Gửi phản ánh", "en": "File a complaint"},
    "COMPLAINT_NAV_STATUS": {"vi": "Tra cứu phản ánh", "en": "Follow a complaint"},
    "COMPLAINT_FORM_TITLE": {
        "vi": "Phản ánh về thông tin tiêm chủng",
        "en": "A complaint about your vaccination records",
    },
    "COMPLAINT_FORM_INTRO": {
        "vi": "Nếu hồ sơ tiêm chủng của bạn thiếu hoặc sai, hãy cho chúng tôi biết. Phản ánh "
              "sẽ được gửi đến điểm tiêm đã tiêm cho bạn, hoặc trạm y tế xã/phường nơi bạn ở, "
              "và được giải quyết trong vòng {hours} giờ.",
        "en": "If your vaccination record is missing or wrong, tell us. The complaint goes to "
              "the site that vaccinated you, or your commune's health station, and is "
              "resolved within {hours} hours.",
    },
    "COMPLAINT_REQUIRED_NOTE": {
        "vi": "Các mục có dấu * là bắt buộc.",
        "en": "Fields marked * are required.",
    },
    "COMPLAINT_FIELD_KIND": {"vi": "Loại phản ánh", "en": "Kind of complaint"},
    "COMPLAINT_FIELD_ID_NUMBER": {
        "vi": "Số CCCD / CMND / hộ chiếu",
        "en": "Citizen ID / old ID card / passport number",
    },
    "COMPLAINT_FIELD_FULL_NAME": {"vi": "Họ và tên", "en": "Full name"},
    "COMPLAINT_FIELD_DOB": {"vi": "Ngày sinh", "en": "Date of birth"},
    "COMPLAINT_FIELD_PHONE": {"vi": "Số điện thoại", "en": "Phone number"},
    "COMPLAINT_FIELD_DOSE_NUMBER": {"vi": "Mũi tiêm thứ mấy", "en": "Which dose"},
    "COMPLAINT_FIELD_DOSE_DATE": {"vi": "Ngày tiêm", "en": "Date of the dose"},
    "COMPLAINT_FIELD_PLACE": {"vi": "Nơi tiêm", "en": "Where you were vaccinated"},
    "COMPLAINT_FIELD_PROVINCE": {"vi": "Tỉnh/thành phố nơi bạn ở", "en": "Your province"},
    "COMPLAINT_FIELD_COMMUNE": {"vi": "Xã/phường nơi bạn ở", "en": "Your commune or ward"},
    "COMPLAINT_FIELD_TEXT": {"vi": "Mô tả thêm", "en": "Anything else"},
    "COMPLAINT_HINT_DOSE": {
        "vi": "Nếu phản ánh về một mũi tiêm, cho biết mũi thứ mấy hoặc ngày tiêm.",
        "en": "If it is about one dose, say which dose or when it was given.",
    },
    # The public form's other number: a 2021 record made under the old 9-digit CMND, which
    # the new CCCD does not find (routing looks by both: wire.Submission.other_id_number).
    "COMPLAINT_FIELD_OTHER_ID_NUMBER": {
        "vi": "Số CMND cũ (nếu có)",
        "en": "Old ID card number (if any)",
    },
    "COMPLAINT_HINT_OTHER_ID": {
        "vi": "Nếu khi tiêm bạn dùng CMND cũ, hãy ghi số đó để tìm đúng hồ sơ.",
        "en": "If you were vaccinated under your old ID card, give its number so your record is found.",
    },
    "COMPLAINT_OTHER_ID_INVALID": {
        "vi": "Số CMND cũ “{value}” không đúng: CMND có 9 hoặc 12 chữ số.",
        "en": "Old ID card number “{value}” is not valid: an old ID card has 9 or 12 digits.",
    },
    "COMPLAINT_HINT_PLACE": {
        "vi": "Tên điểm tiêm hoặc xã/phường, nếu bạn nhớ.",
        "en": "The site's or commune's name, if you remember it.",
    },
    "COMPLAINT_AREA_LEGEND": {"vi": "Nơi bạn ở", "en": "Where you live"},
    "COMPLAINT_HINT_AREA": {
        "vi": "Chọn tỉnh/thành phố rồi chọn xã/phường: phản ánh sẽ đến trạm y tế nơi bạn ở "
              "nếu không tìm thấy mũi tiêm của bạn.",
        "en": "Choose the province, then the commune: the complaint goes to your commune's "
              "health station if your doses are not found.",
    },
    # A phone's number pad (the fields ask for one) may have no "/": digits alone are
    # read day first too (rules/dates.parse_date).
    "COMPLAINT_DATE_EXAMPLE": {
        "vi": "ngày/tháng/năm, vd. 05/09/1990 hoặc chỉ gõ số 05091990",
        "en": "day/month/year, e.g. 05/09/1990, or digits only: 05091990",
    },
    "COMPLAINT_CHOOSE": {"vi": "— Chọn —", "en": "— Choose —"},
    "COMPLAINT_DOSE_UNKNOWN": {"vi": "Không rõ / không liên quan", "en": "Not sure / none"},
    "COMPLAINT_DOSE_N": {"vi": "Mũi {n}", "en": "Dose {n}"},
    # Shown only where scripts do not run (the list then comes with the page again).
    "COMPLAINT_SHOW_COMMUNES": {
        "vi": "Chọn tỉnh/thành phố này",
        "en": "Choose this province",
    },
    "COMPLAINT_SUBMIT": {"vi": "Gửi phản ánh", "en": "Send the complaint"},
    "COMPLAINT_ERRORS_SUMMARY": {
        "vi": "Phản ánh chưa được gửi. Hãy sửa {count} chỗ sau:",
        "en": "The complaint was not sent. Correct {count} {count:thing|things}:",
    },
    # A warning on the form (a one-word name): the citizen checks, then may send anyway.
    "COMPLAINT_WARNINGS_SUMMARY": {
        "vi": "Phản ánh chưa được gửi. Hãy kiểm tra lại; nếu thông tin đã đúng, đánh dấu ô "
              "dưới đây rồi bấm “Gửi phản ánh”:",
        "en": "The complaint was not sent yet. Please check; if it is right, tick the box "
              "below and press “Send the complaint”:",
    },
    "COMPLAINT_CONFIRM_WARNINGS": {
        "vi": "Tôi đã kiểm tra, vẫn gửi",
        "en": "I have checked it: send it anyway",
    },
    "COMPLAINT_TOO_MANY": {
        "vi": "Phản ánh chưa được gửi: từ địa chỉ mạng của bạn đã có {most} phản ánh trong một "
              "giờ qua. Vui lòng thử lại sau {minutes} phút, hoặc gọi trạm y tế xã/phường nơi "
              "bạn ở để được ghi nhận phản ánh.",
        "en": "The complaint was not sent: {most} complaints came from your network address in "
              "the last hour. Please try again in {minutes} {minutes:minute|minutes}, or call your commune's "
              "health station to take the complaint.",
    },
    "COMPLAINT_TOO_MANY_FOR_ID": {
        "vi": "Phản ánh chưa được gửi: số giấy tờ này đã có {most} phản ánh trong một giờ qua. "
              "Phản ánh đã gửi vẫn được xử lý; nếu cần gửi thêm, vui lòng thử lại sau {minutes} "
              "phút, hoặc gọi trạm y tế xã/phường nơi bạn ở.",
        "en": "The complaint was not sent: {most} complaints about this ID number came in the "
              "last hour. Those sent are being dealt with; to send another, please try again "
              "in {minutes} {minutes:minute|minutes}, or call your commune's health station.",
    },
    "COMPLAINT_SENT_TITLE": {"vi": "Đã nhận phản ánh", "en": "Complaint received"},
    "COMPLAINT_SENT_CODE": {"vi": "Mã phản ánh của bạn", "en": "Your complaint code"},
    "COMPLAINT_SENT_KEEP": {
        "vi": "Hãy ghi lại mã này: nhập mã ở trang “Tra cứu phản ánh” để xem kết quả.",
        "en": "Write this code down: enter it on the “Follow a complaint” page to see the "
              "outcome.",
    },
    "COMPLAINT_PROMISE": {
        "vi": "Phản ánh sẽ được giải quyết trong vòng {hours} giờ, trước {due}.",
        "en": "It will be resolved within {hours} hours, by {due}.",
    },
    "COMPLAINT_STATUS_LINK": {"vi": "Xem tình trạng xử lý", "en": "See how it is going"},
    "COMPLAINT_STATUS_TITLE": {"vi": "Tra cứu phản ánh", "en": "Follow a complaint"},
    "COMPLAINT_STATUS_ASK": {"vi": "Mã phản ánh", "en": "Complaint code"},
    "COMPLAINT_STATUS_LOOKUP": {"vi": "Tra cứu", "en": "Look up"},
    "COMPLAINT_UNKNOWN_CODE": {
        "vi": "Không tìm thấy phản ánh mã “{code}”. Hãy kiểm tra lại mã (dạng PA-XXXXXXXX).",
        "en": "No complaint has the code “{code}”. Check the code (it looks like PA-XXXXXXXX).",
    },
    "COMPLAINT_LABEL_CODE": {"vi": "Mã phản ánh", "en": "Code"},
    "COMPLAINT_LABEL_RECEIVED": {"vi": "Nhận lúc", "en": "Received"},
    "COMPLAINT_LABEL_DUE": {"vi": "Hạn giải quyết", "en": "Due by"},
    "COMPLAINT_LABEL_STATUS": {"vi": "Tình trạng", "en": "Status"},
    "COMPLAINT_LABEL_HANDLER": {"vi": "Nơi giải quyết", "en": "Handled by"},
    "COMPLAINT_LABEL_OUTCOME": {"vi": "Kết quả", "en": "Outcome"},
    "COMPLAINT_LABEL_RESOLVED_AT": {"vi": "Giải quyết lúc", "en": "Resolved"},
    # The province's reply on a complaint a site still holds: shown to the citizen while
    # the site adds or corrects the record.
    "COMPLAINT_LABEL_PROVINCE_REPLY": {"vi": "Sở Y tế trả lời", "en": "Health department's reply"},
    "COMPLAINT_PROVINCE_REPLY_AT": {"vi": "lúc {at}", "en": "at {at}"},
    "COMPLAINT_ESCALATED": {
        "vi": "Đã quá hạn giải quyết ({hours} giờ): đã báo lên Sở Y tế để đôn đốc.",
        "en": "Past its {hours}-hour deadline: raised to the provincial health department.",
    },
    # Reopened by the site that answered it (the merge it named split again): the citizen
    # reads that the earlier outcome no longer stands, not the site's reason.
    "COMPLAINT_LABEL_REOPENED": {"vi": "Xử lý lại", "en": "Handled again"},
    "COMPLAINT_REOPENED_SAID": {
        "vi": "Kết quả giải quyết trước đây đã được rút lại; phản ánh của bạn đang được xử "
              "lý lại từ {at}",
        "en": "The earlier outcome was withdrawn; your complaint is being handled again "
              "since {at}",
    },
    "COMPLAINT_TIME_ZONE": {"vi": "giờ Việt Nam", "en": "Vietnam time"},
    "COMPLAINT_ANOTHER": {"vi": "Gửi phản ánh khác", "en": "File another complaint"},
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
    # central_server/complaints/store.py: reopen (a site withdrawing its own answer)
    "COMPLAINT_REOPEN_NEEDS_REASON": {
        "vi": "Hãy ghi lý do mở lại phản ánh: Sở Y tế đọc lý do này.",
        "en": "Say why the complaint is reopened: the health department reads the reason.",
    },
    "COMPLAINT_REOPEN_NOT_A_SITE_ANSWER": {
        "vi": "Điểm tiêm chỉ rút lại được câu trả lời của chính mình (bổ sung mũi tiêm, sửa "
              "thông tin, gộp hồ sơ, không chấp nhận).",
        "en": "A site withdraws only an answer of its own (a dose added, details corrected, "
              "records merged, not accepted).",
    },
    "COMPLAINT_REOPEN_NOT_YOURS": {
        "vi": "Chỉ điểm tiêm đã trả lời và đang giữ phản ánh {complaint} mới mở lại được "
              "phản ánh này.",
        "en": "Only the site that answered complaint {complaint}, and holds it, may reopen it.",
    },
    "COMPLAINT_REOPEN_OTHER_ANSWER": {
        "vi": "Phản ánh {complaint} không mang câu trả lời cần rút lại (chưa được trả lời, "
              "hoặc đã có câu trả lời khác): không mở lại.",
        "en": "Complaint {complaint} does not carry the answer to withdraw (not answered, or "
              "answered otherwise): not reopened.",
    },
    # central_server/api/complaint_routes.py: a central token asking to hand back
    "COMPLAINT_HAND_BACK_STAFF": {
        "vi": "Chỉ điểm tiêm đang giữ phản ánh mới trả lại được. Cán bộ trung tâm chuyển phản "
              "ánh cho điểm tiêm khác (trang quản lý, hoặc vaxdesk-central complaints route).",
        "en": "Only the site holding a complaint hands it back. Central staff move it to "
              "another site (the dashboard, or vaxdesk-central complaints route).",
    },
}
