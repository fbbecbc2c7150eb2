"""The provincial dashboard's pages and its staff logins."""

MESSAGES: dict[str, dict[str, str]] = {
    # The site report a site sends at each sync round (POST /api/site-report)
    "SITE_REPORT_SITES_ONLY": {
        "vi": "Chỉ điểm tiêm mới gửi được báo cáo của điểm tiêm.",
        "en": "Only a vaccination site can send a site report.",
    },
    "SITE_REPORT_BAD": {
        "vi": "Báo cáo của điểm tiêm không hợp lệ: {detail}",
        "en": "The site report is malformed: {detail}",
    },
    # The audit head a site anchors at each sync round (POST /api/audit-anchor)
    "AUDIT_ANCHOR_SITES_ONLY": {
        "vi": "Chỉ điểm tiêm mới gửi được mốc nhật ký thao tác.",
        "en": "Only a vaccination site can anchor its audit trail.",
    },
    "AUDIT_ANCHOR_BAD": {
        "vi": "Mốc nhật ký thao tác không hợp lệ: {detail}",
        "en": "The audit anchor is malformed: {detail}",
    },
    # Logging in
    "DASH_LOGIN_TITLE": {"vi": "Đăng nhập bảng theo dõi", "en": "Dashboard sign-in"},
    "DASH_USERNAME": {"vi": "Tên đăng nhập", "en": "Username"},
    "DASH_PASSWORD": {"vi": "Mật khẩu", "en": "Password"},
    "DASH_LOGIN": {"vi": "Đăng nhập", "en": "Sign in"},
    "DASH_LOGOUT": {"vi": "Đăng xuất", "en": "Sign out"},
    # A sign-out this server's page did not send (another site's page, an old tab): asked.
    "DASH_LOGOUT_ASK": {
        "vi": "Bạn chưa đăng xuất. Bấm nút “Đăng xuất” dưới đây để kết thúc phiên làm việc "
              "trên máy này.",
        "en": "You are still signed in. Press “Sign out” below to end your session on this "
              "computer.",
    },
    "DASH_LOGOUT_STAY": {"vi": "Quay lại bảng theo dõi", "en": "Back to the dashboard"},
    "DASH_LOGIN_ELSEWHERE": {
        "vi": "Không đăng nhập: biểu mẫu được gửi từ một trang web khác. Hãy mở trang đăng "
              "nhập của hệ thống rồi đăng nhập tại đó.",
        "en": "Not signed in: the form was sent from another website. Open the platform's "
              "own sign-in page and sign in there.",
    },
    "DASH_LOGIN_WRONG": {
        "vi": "Sai tên đăng nhập hoặc mật khẩu.",
        "en": "Wrong username or password.",
    },
    "DASH_LOGIN_LOCKED": {
        "vi": "Vừa đăng nhập sai. Vui lòng thử lại sau {seconds} giây.",
        "en": "A sign-in just failed. Please try again in {seconds} {seconds:second|seconds}.",
    },
    # Said only once the right password was typed (dashboard/staff.py log_in).
    "DASH_LOGIN_DISABLED": {
        "vi": "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên hệ thống.",
        "en": "This login has been disabled. Please contact the system administrator.",
    },
    "DASH_SIGNED_IN_AS": {"vi": "{username} · {area}", "en": "{username} · {area}"},
    "DASH_FORBIDDEN": {
        "vi": "Điểm tiêm {site} không thuộc địa bàn của bạn.",
        "en": "Site {site} is not in your area.",
    },
    "DASH_BAD_DATE": {
        "vi": "{box}: ngày không hợp lệ “{value}” (nhập theo dạng ngày/tháng/năm, ví dụ "
              "30/11/2026).",
        "en": "{box}: “{value}” is not a date (type day/month/year, e.g. 30/11/2026).",
    },
    "DASH_DATE_OUT_OF_RANGE": {
        "vi": "{box}: ngày {value} nằm ngoài khoảng thời gian bảng theo dõi có số liệu (từ "
              "{earliest} đến {latest}).",
        "en": "{box}: {value} is outside the dates the dashboard covers ({earliest} to "
              "{latest}).",
    },
    # Levels and areas
    "DASH_LEVEL_NATIONAL": {"vi": "Toàn quốc", "en": "Nationwide"},
    "DASH_LEVEL_PROVINCE": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "DASH_LEVEL_DISTRICT": {"vi": "Quận/huyện (trước 2025)", "en": "District (before 2025)"},
    "DASH_LEVEL_COMMUNE": {"vi": "Xã/phường", "en": "Commune"},
    "DASH_UNKNOWN_AREA": {"vi": "(chưa rõ địa bàn)", "en": "(area not known)"},
    # Pages and their tables
    "DASH_NAV_OVERVIEW": {"vi": "Tỷ lệ đầy đủ", "en": "Completeness"},
    "DASH_NAV_BACKLOG": {"vi": "Tồn đọng", "en": "Backlog"},
    "DASH_NAV_CLEANING": {"vi": "Làm sạch dữ liệu", "en": "Data cleaning"},
    "DASH_OVERVIEW_TITLE": {
        "vi": "Tỷ lệ mũi tiêm đã đưa lên hệ thống trung tâm",
        "en": "Share of doses received by the platform",
    },
    "DASH_OVERVIEW_HINT": {
        "vi": "Số mũi hệ thống trung tâm đã nhận trên số mũi các điểm tiêm đã ghi nhận, theo ngày tiêm, "
              "từ {start} đến {end}. Cần quan tâm nhất đứng đầu: điểm tiêm chưa từng gửi báo cáo, "
              "rồi điểm tiêm báo cáo cũ (cả hai không tính vào tỷ lệ, không xếp hạng), rồi tỷ "
              "lệ thấp nhất; hạng 1 là tỷ lệ cao nhất. Mỗi ngày tiêm được tính riêng: ngày "
              "trung tâm nhận nhiều hơn số điểm tiêm đã báo cáo (báo cáo chưa cập nhật) tính "
              "là 100 %, không bù cho ngày còn thiếu, nên tỷ lệ có thể khác phép chia hai cột.",
        "en": "Doses the platform received over doses the sites recorded, by day of "
              "injection, from {start} to {end}. Those needing attention come first: sites "
              "that never sent a report, then sites whose last report is old (both left out "
              "of the shares and unranked), then the lowest share; rank 1 is the highest. "
              "Each day of injection counts alone: a day the platform received more than the "
              "site last reported (its report not yet updated) counts as 100 %, never making "
              "up for a day still missing doses, so a share may differ from the two columns' "
              "quotient.",
    },
    "DASH_BACKLOG_TITLE": {"vi": "Tồn đọng theo thời gian", "en": "Backlog over time"},
    "DASH_BACKLOG_HINT": {
        "vi": "Mũi tiêm chưa đưa lên (đang chờ hoặc bị từ chối) và hồ sơ chưa sạch, mỗi điểm tiêm "
              "theo báo cáo gần nhất đến ngày đó (điểm tiêm chưa đồng bộ vẫn được tính), "
              "từ {start} đến {end}.",
        "en": "Doses not yet uploaded (waiting or refused) and records not clean, each site "
              "as of its latest report up to that day (a site that has not synced since "
              "still counts), from {start} to {end}.",
    },
    "DASH_CLEANING_TITLE": {
        "vi": "Hồ sơ chưa sạch theo loại lỗi",
        "en": "Records not clean, by problem",
    },
    "DASH_CLEANING_HINT": {
        "vi": "Hồ sơ chưa sạch: theo báo cáo gần nhất của mỗi điểm tiêm. Trùng số mũi giữa "
              "hai điểm tiêm: theo hệ thống trung tâm, tính đến thời điểm xem.",
        "en": "Records not clean: as of each site's latest report. Dose numbers held at two "
              "sites: as the platform holds them now.",
    },
    "DASH_FROM": {"vi": "Từ ngày", "en": "From"},
    "DASH_TO": {"vi": "Đến ngày", "en": "To"},
    "DASH_SHOW": {"vi": "Xem", "en": "Show"},
    "DASH_DOWNLOAD_XLSX": {"vi": "Tải .xlsx", "en": "Download .xlsx"},
    "DASH_NO_ROWS": {"vi": "Chưa có số liệu.", "en": "No figures yet."},
    "DASH_DATE_PLACEHOLDER": {"vi": "ngày/tháng/năm", "en": "dd/mm/yyyy"},
    "DASH_EMPTY_SITES": {
        "vi": "Không có điểm tiêm nào trong địa bàn.",
        "en": "No site in this area.",
    },
    "DASH_EMPTY_BACKLOG": {
        "vi": "Chưa điểm tiêm nào gửi báo cáo đến hết khoảng ngày này.",
        "en": "No site had sent a report by the end of this period.",
    },
    "DASH_EMPTY_PROBLEMS": {
        "vi": "Không có hồ sơ nào cần làm sạch.",
        "en": "No record needs cleaning.",
    },
    "DASH_EMPTY_COMPLAINTS": {
        "vi": "Không có phản ánh nào đang chờ xử lý.",
        "en": "No complaint is open.",
    },
    "DASH_EMPTY_LOOKUPS": {
        "vi": "Không điểm tiêm nào tra cứu trong khoảng ngày này.",
        "en": "No site looked anyone up in this period.",
    },
    "DASH_NOT_REPORTED": {"vi": "chưa báo cáo", "en": "not reported"},
    # A site whose last report is older than Settings.stale_report_hours (tables.stale_flag):
    # in place of its share, as "chưa báo cáo" is for a site that never sent one.
    "DASH_STALE": {"vi": "báo cáo cũ: {span}", "en": "report {span} old"},
    "DASH_STALE_NOTE": {
        "vi": "Báo cáo cũ: điểm tiêm không gửi báo cáo quá {hours} giờ (máy tắt, mất mạng "
              "hoặc đồng bộ bị lỗi). Mũi tiêm ghi nhận sau báo cáo đó chỉ máy của điểm tiêm "
              "biết, nên điểm tiêm không có tỷ lệ, không xếp hạng và không được tính vào tỷ "
              "lệ của địa bàn. Hãy liên hệ điểm tiêm.",
        "en": "Old report: the site has sent no report for over {hours} {hours:hour|hours} "
              "(laptop off, offline, or its sync failing). Doses recorded since that report "
              "are known only to its laptop, so it has no share, no rank, and is left out "
              "of its areas' shares. Contact the site.",
    },
    # On the completeness total's table where a site in scope has no current report
    # (tables.completeness): its doses are in the received column, not in the share.
    "DASH_RECEIVED_NOTE": {
        "vi": "Trung tâm đã nhận: mọi mũi tiêm trung tâm đã nhận từ các điểm tiêm của địa "
              "bàn, kể cả điểm tiêm chưa báo cáo hoặc báo cáo cũ. Đã ghi nhận và tỷ lệ đầy "
              "đủ (cùng xếp hạng) chỉ tính các điểm tiêm có báo cáo mới, nên số trung tâm đã "
              "nhận có thể lớn hơn số đã ghi nhận.",
        "en": "Received: every dose the platform holds from the area's sites, those not "
              "reporting or with an old report included. Recorded and completeness (and the "
              "rank) count only the sites with a current report, so received may exceed "
              "recorded.",
    },
    "DASH_TABLE_STALE_SITES": {
        "vi": "Điểm tiêm chưa báo cáo hoặc báo cáo cũ",
        "en": "Sites not reporting or with an old report",
    },
    "DASH_STALE_SITES_NOTE": {
        "vi": "Tồn đọng ở trên tính mỗi điểm tiêm theo báo cáo gần nhất: mũi tiêm các điểm "
              "tiêm này ghi nhận sau báo cáo đó (hoặc từ trước đến nay, với điểm tiêm chưa "
              "báo cáo) chưa được tính. Báo cáo cũ: không gửi báo cáo quá {hours} giờ.",
        "en": "The backlog above counts each site as of its latest report: the doses these "
              "sites recorded since (or ever, for a site that never reported) are not in "
              "it. An old report: none sent for over {hours} {hours:hour|hours}.",
    },
    "DASH_EMPTY_STALE_SITES": {
        "vi": "Mọi điểm tiêm đều đã gửi báo cáo trong {hours} giờ qua.",
        "en": "Every site has sent a report in the last {hours} {hours:hour|hours}.",
    },
    "DASH_TABLE_SITES": {"vi": "Theo điểm tiêm", "en": "By site"},
    "DASH_TABLE_COMMUNES": {"vi": "Theo xã/phường", "en": "By commune"},
    "DASH_TABLE_DISTRICTS": {"vi": "Theo quận/huyện", "en": "By district"},
    "DASH_TABLE_PROVINCES": {"vi": "Theo tỉnh/thành phố", "en": "By province"},
    "DASH_TABLE_TOTAL": {"vi": "Toàn địa bàn", "en": "Whole area"},
    "DASH_TABLE_BACKLOG": {"vi": "Tồn đọng theo ngày", "en": "Backlog per day"},
    "DASH_TABLE_PROBLEMS": {"vi": "Theo loại lỗi", "en": "By problem"},
    "DASH_TABLE_PROBLEMS_BY_SITE": {
        "vi": "Theo điểm tiêm và loại lỗi",
        "en": "By site and problem",
    },
    "DASH_COL_RANK": {"vi": "Hạng", "en": "Rank"},
    "DASH_COL_SITE": {"vi": "Điểm tiêm", "en": "Site"},
    "DASH_COL_CODE": {"vi": "Mã", "en": "Code"},
    "DASH_COL_COMMUNE": {"vi": "Xã/phường", "en": "Commune"},
    "DASH_COL_DISTRICT": {"vi": "Quận/huyện", "en": "District"},
    "DASH_COL_PROVINCE": {"vi": "Tỉnh/thành phố", "en": "Province"},
    "DASH_COL_AREA": {"vi": "Địa bàn", "en": "Area"},
    "DASH_COL_RECORDED": {"vi": "Đã ghi nhận", "en": "Recorded"},
    "DASH_COL_RECEIVED": {"vi": "Trung tâm đã nhận", "en": "Received"},
    "DASH_COL_COMPLETENESS": {"vi": "Tỷ lệ đầy đủ", "en": "Completeness"},
    "DASH_COL_SILENT": {"vi": "Điểm tiêm chưa báo cáo", "en": "Sites not reporting"},
    "DASH_COL_STALE": {"vi": "Điểm tiêm báo cáo cũ", "en": "Sites with an old report"},
    "DASH_COL_REPORT_STATE": {"vi": "Tình trạng báo cáo", "en": "Report"},
    "DASH_COL_LAST_REPORT": {"vi": "Báo cáo gần nhất", "en": "Last report"},
    "DASH_COL_DAY": {"vi": "Ngày", "en": "Day"},
    "DASH_COL_PENDING": {"vi": "Chưa đưa lên", "en": "Not uploaded"},
    "DASH_COL_NOT_CLEAN": {"vi": "Chưa sạch", "en": "Not clean"},
    "DASH_COL_PROBLEM": {"vi": "Loại lỗi", "en": "Problem"},
    "DASH_COL_COUNT": {"vi": "Số hồ sơ", "en": "Records"},
    # One citizen's dose number at two sites, as the platform holds it (dashboard/
    # dose_clashes.py): each site sees its side only, the province calls both.
    "DASH_TABLE_DOSE_CLASHES": {
        "vi": "Trùng số mũi giữa hai điểm tiêm",
        "en": "Dose numbers held at two sites",
    },
    "DASH_DOSE_CLASHES_NOTE": {
        "vi": "Một người có cùng một số mũi ở hai điểm tiêm (hai hồ sơ là cùng một người). "
              "Mỗi điểm tiêm chỉ thấy phía mình trên danh sách làm sạch: hãy liên hệ cả hai "
              "điểm tiêm để xác định mũi nào ghi nhầm; điểm tiêm đó đánh dấu nhập nhầm hoặc sửa "
              "số mũi. Cặp trùng tự mất khỏi bảng khi điểm tiêm đồng bộ thay đổi đó. Phát "
              "hiện sớm nhất đứng đầu, giờ Việt Nam.",
        "en": "One person holds the same dose number at two sites (the two records are one "
              "person). Each site sees only its side, on its cleaning worklist: contact both "
              "to find which dose is wrong; that site voids or renumbers it. A pair leaves "
              "this table once the site syncs that change. The oldest found first, Vietnam "
              "time.",
    },
    "DASH_DOSE_CLASHES_MORE": {
        "vi": "Bảng chỉ hiện {shown} cặp phát hiện sớm nhất trong {n} cặp.",
        "en": "Only the {shown} oldest of {n} pairs are listed.",
    },
    "DASH_EMPTY_DOSE_CLASHES": {
        "vi": "Không có mũi tiêm nào trùng số giữa hai điểm tiêm.",
        "en": "No dose number is held at two sites.",
    },
    "DASH_TABLE_DOSE_CLASH_SITES": {
        "vi": "Trùng số mũi theo điểm tiêm",
        "en": "Dose numbers held at two sites, by site",
    },
    "DASH_COL_CLASH_FOUND": {"vi": "Phát hiện lúc", "en": "Found"},
    "DASH_COL_DOSE_NUMBER": {"vi": "Mũi số", "en": "Dose"},
    "DASH_COL_DOSE_DATE": {"vi": "Ngày tiêm", "en": "Given on"},
    "DASH_COL_OTHER_CODE": {"vi": "Mã điểm tiêm kia", "en": "Other site's code"},
    "DASH_COL_OTHER_SITE": {"vi": "Điểm tiêm kia", "en": "Other site"},
    "DASH_COL_OTHER_DOSE_DATE": {"vi": "Ngày tiêm ở điểm kia", "en": "Given there on"},
    "DASH_COL_CLASHES": {"vi": "Số cặp trùng", "en": "Pairs"},
    "DASH_COL_OLDEST_CLASH": {"vi": "Phát hiện sớm nhất", "en": "Oldest found"},
    # The backlog chart: a bar a day (tables.backlog).
    "DASH_CHART_DOSES": {"vi": "{n} mũi", "en": "{n} {n:dose|doses}"},
    "DASH_CHART_BAR": {
        "vi": "{day}: {n} mũi chưa đưa lên",
        "en": "{day}: {n} {n:dose|doses} not uploaded",
    },
    "DASH_CHART_NO_FIGURE": {"vi": "{day}: chưa có số liệu", "en": "{day}: no figure"},
    "DASH_CHART_BACKLOG_LEGEND": {
        "vi": "Mỗi cột là một ngày: số mũi tiêm chưa đưa lên hệ thống trung tâm (đang chờ hoặc "
              "bị từ chối). Ngày chưa có số liệu để trống.",
        "en": "One bar a day: doses not yet on the platform (waiting or refused). A day "
              "without a figure is left empty.",
    },
    # Complaints open and overdue (tables.complaints).
    "DASH_NAV_COMPLAINTS": {"vi": "Phản ánh", "en": "Complaints"},
    "DASH_COMPLAINTS_TITLE": {
        "vi": "Phản ánh đang xử lý và quá hạn",
        "en": "Complaints open and overdue",
    },
    "DASH_COMPLAINTS_HINT": {
        "vi": "Mọi phản ánh đang xử lý trong địa bàn, hạn gần nhất trước, giờ Việt Nam. Phản "
              "ánh phải được giải quyết trong 48 giờ; phản ánh quá hạn được chuyển lên Sở Y "
              "tế. Bấm vào mã để đọc nội dung. Phản ánh đang xử lý tính đến thời điểm xem; "
              "bảng trả lời đúng hạn tính các phản ánh nhận từ {start} đến {end}.",
        "en": "Every open complaint in your area, the soonest due first, Vietnam time. "
              "Complaints must be resolved within 48 hours; overdue ones rise to the "
              "provincial health department. Open a code to read it. Open complaints as of "
              "now; the answers in time count the complaints received from {start} to {end}.",
    },
    "DASH_COMPLAINTS_SUMMARY": {
        "vi": "Phản ánh đang xử lý: {open}, trong đó {overdue} quá hạn.",
        "en": "Complaints open: {open}, of which {overdue} overdue.",
    },
    "DASH_COMPLAINTS_SEE": {"vi": "Xem danh sách", "en": "See the list"},
    "DASH_NAV_LATE": {"vi": "{n} quá hạn", "en": "{n} overdue"},
    "DASH_NAV_CLASH_COUNT": {
        "vi": "{n} cặp mũi tiêm của một người mang cùng số mũi ở hai điểm tiêm, cần xác minh",
        "en": "{n} {n:pair|pairs} of one citizen's doses with one dose number at two sites, "
              "to settle",
    },
    "DASH_NAV_COMPLAINT_COUNTS": {
        "vi": "{open} phản ánh đang xử lý, {overdue} quá hạn",
        "en": "{open} open, {overdue} overdue",
    },
    "DASH_TABLE_OPEN_COMPLAINTS": {
        "vi": "Phản ánh đang xử lý, hạn gần nhất trước",
        "en": "Open complaints, soonest due first",
    },
    "DASH_COL_DEADLINE": {"vi": "Thời hạn", "en": "Deadline"},
    "DASH_OVERDUE_BY": {"vi": "Quá hạn {span}", "en": "{span} overdue"},
    "DASH_DUE_IN": {"vi": "Còn {span}", "en": "{span} left"},
    "DASH_SPAN_MINUTES": {"vi": "{n} phút", "en": "{n} {n:minute|minutes}"},
    "DASH_SPAN_HOURS": {"vi": "{n} giờ", "en": "{n} {n:hour|hours}"},
    "DASH_SPAN_DAYS": {
        "vi": "{days} ngày {hours} giờ",
        "en": "{days} {days:day|days} {hours} {hours:hour|hours}",
    },
    # One complaint, as an officer of its area reads it (open_complaints.facts).
    "DASH_COMPLAINT_TITLE": {"vi": "Phản ánh {code}", "en": "Complaint {code}"},
    "DASH_COMPLAINT_BACK": {"vi": "← Danh sách phản ánh", "en": "← All complaints"},
    "DASH_COMPLAINT_UNKNOWN": {
        "vi": "Không có phản ánh mã {code} trong địa bàn của bạn.",
        "en": "No complaint {code} in your area.",
    },
    "DASH_COMPLAINT_DOSE": {"vi": "Mũi tiêm được nói đến", "en": "The dose in question"},
    "DASH_COMPLAINT_DOSE_IS": {"vi": "Mũi {n}, ngày {day}", "en": "Dose {n}, {day}"},
    "DASH_COMPLAINT_PLACE": {
        "vi": "Nơi tiêm (theo lời người dân)",
        "en": "Where (in the citizen's words)",
    },
    "DASH_COMPLAINT_TEXT": {"vi": "Người dân viết", "en": "What the citizen wrote"},
    "DASH_COMPLAINT_NO_TEXT": {"vi": "(không viết thêm)", "en": "(nothing more)"},
    "DASH_TABLE_COMPLAINTS": {
        "vi": "Phản ánh đang xử lý theo điểm tiêm",
        "en": "Open complaints by site",
    },
    "DASH_COL_OPEN": {"vi": "Đang xử lý", "en": "Open"},
    "DASH_COL_OVERDUE": {"vi": "Quá hạn", "en": "Overdue"},
    "DASH_COL_COMPLAINT": {"vi": "Mã phản ánh", "en": "Complaint"},
    "DASH_COL_KIND": {"vi": "Nội dung", "en": "Kind"},
    "DASH_COL_FILED": {"vi": "Nhận lúc", "en": "Received"},
    "DASH_COL_DUE": {"vi": "Hạn giải quyết", "en": "Due"},
    # Sites whose audit trail no longer agrees with what they anchored (tables.audit_alarms).
    "DASH_TABLE_AUDIT_ALARMS": {
        "vi": "Cảnh báo: nhật ký thao tác của điểm tiêm không khớp mốc đã lưu tại trung tâm",
        "en": "Alarms: sites whose audit trail no longer matches what the platform anchored",
    },
    "DASH_COL_ALARMS": {"vi": "Số cảnh báo", "en": "Alarms"},
    "DASH_COL_LATEST_ALARM": {"vi": "Cảnh báo gần nhất", "en": "Latest alarm"},
    "DASH_COL_ALARM_WHAT": {"vi": "Nội dung", "en": "What"},
    "AUDIT_ALARM_CHANGED": {
        "vi": "Một mục nhật ký đã lưu mốc tại trung tâm bị sửa",
        "en": "An anchored entry was changed",
    },
    "AUDIT_ALARM_MISSING": {
        "vi": "Một mục nhật ký đã lưu mốc tại trung tâm bị xóa",
        "en": "An anchored entry is gone",
    },
    "AUDIT_ALARM_SEGMENT": {
        "vi": "Có mục nhật ký giữa hai mốc bị sửa, thêm hoặc xóa",
        "en": "An entry between two anchors was changed, added or deleted",
    },
    "AUDIT_ALARM_BACKWARDS": {
        "vi": "Nhật ký bị lùi lại (phần cuối bị xóa, một bản sao lưu cũ được khôi phục hoặc "
              "máy được cài lại)",
        "en": "The trail went back (its end deleted, an old backup restored or a fresh start)",
    },
    # Sites' lookups of other sites' people by ID number (tables.lookups, lookup_log.py).
    "DASH_NAV_LOOKUPS": {"vi": "Tra cứu liên điểm tiêm", "en": "Cross-site lookups"},
    "DASH_LOOKUPS_TITLE": {
        "vi": "Tra cứu người tiêm ở điểm tiêm khác theo số CCCD/CMND",
        "en": "Lookups of other sites' people by ID number",
    },
    "DASH_LOOKUPS_HINT": {
        "vi": "Số lần mỗi điểm tiêm tìm người đã tiêm ở điểm tiêm khác theo số CCCD/CMND, từ {start} "
              "đến {end}, giờ Việt Nam. Mỗi điểm tiêm được tra tối đa một số lần trong 60 phút; "
              "quá mức đó hệ thống trung tâm từ chối (mỗi đợt bị từ chối tính một lần). Số "
              "CCCD/CMND đã tra không hiện ở đây; nếu cần biết chi tiết, hãy đề nghị bộ phận "
              "quản trị hệ thống trung tâm.",
        "en": "How often each site looked up people vaccinated at other sites by their ID "
              "number, from {start} to {end}, Vietnam time. A site may make only so many in "
              "60 minutes; past that the platform refuses (each run of refusals counts once). "
              "The ID numbers asked are not shown here; for the details, ask the platform's "
              "operators.",
    },
    "DASH_TABLE_LOOKUPS": {"vi": "Tra cứu theo điểm tiêm", "en": "Lookups by site"},
    "DASH_COL_LOOKUPS": {"vi": "Số lần tra cứu", "en": "Lookups"},
    "DASH_COL_LOOKUPS_REFUSED": {"vi": "Số lần vượt giới hạn", "en": "Times over the limit"},
    "DASH_COL_BUSIEST_HOUR": {"vi": "Nhiều nhất trong 60 phút", "en": "Most in 60 minutes"},
    "DASH_COL_HOURLY_LIMIT": {"vi": "Giới hạn mỗi giờ", "en": "Hourly limit"},
    "DASH_COL_LATEST_LOOKUP": {"vi": "Lần tra gần nhất", "en": "Latest lookup"},
    # Complaints nobody closer than the province holds, or raised to it when overdue:
    # answered on the dashboard (dashboard/answers.py), the citizen's contact shown to that
    # level alone.
    "DASH_ANSWER_TITLE": {"vi": "Trả lời phản ánh", "en": "Answer the complaint"},
    "DASH_ANSWER_HINT": {
        "vi": "Không điểm tiêm nào giữ phản ánh này: địa bàn của bạn giải quyết và trả lời "
              "người dân. Người dân đọc nội dung trả lời khi tra cứu mã phản ánh.",
        "en": "No site holds this complaint: your area resolves it and answers the citizen, "
              "who reads the answer by the complaint's code.",
    },
    "DASH_ANSWER_HINT_RAISED": {
        "vi": "Phản ánh này đã quá hạn nên được chuyển lên địa bàn của bạn: hãy liên hệ và "
              "trả lời người dân. Người dân đọc nội dung trả lời khi tra cứu mã phản ánh. "
              "Trả lời của bạn không đóng phản ánh: điểm tiêm vẫn phải bổ sung mũi tiêm hoặc "
              "sửa hồ sơ, và thấy nội dung bạn trả lời. Chỉ “Không chấp nhận” mới đóng phản "
              "ánh; kết quả nào lưu trước thì được giữ.",
        "en": "This complaint is past its deadline, so it was raised to your area: contact "
              "the citizen and answer. The citizen reads your reply by the complaint's code. "
              "A reply does not close it: the site must still add the dose or correct the "
              "record, and sees your reply. Only “Not accepted” closes it; whichever outcome "
              "is saved first stands.",
    },
    "DASH_ANSWER_REPLY": {"vi": "Trả lời người dân", "en": "Reply to the citizen"},
    "DASH_ANSWER_NOTE": {"vi": "Nội dung trả lời người dân", "en": "What to tell the citizen"},
    "DASH_ANSWER_NOTE_HINT": {
        "vi": "Bắt buộc: người dân đọc nội dung này. Khi không chấp nhận, ghi rõ lý do.",
        "en": "Required: the citizen reads it. To reject, say why.",
    },
    "DASH_ANSWER_SEND": {"vi": "Lưu kết quả", "en": "Save the answer"},
    "DASH_ANSWER_SAVED": {
        "vi": "Đã lưu kết quả. Người dân xem được khi tra cứu mã phản ánh.",
        "en": "The answer is saved. The citizen sees it by the complaint's code.",
    },
    # A reply on a complaint a site holds: said, and the complaint still open there.
    "DASH_REPLY_SAVED_OPEN": {
        "vi": "Đã lưu trả lời. Người dân xem được khi tra cứu mã phản ánh. Phản ánh vẫn mở ở "
              "điểm tiêm cho đến khi điểm tiêm bổ sung mũi tiêm hoặc sửa hồ sơ.",
        "en": "The reply is saved. The citizen sees it by the complaint's code. The complaint "
              "stays open at the site until the site adds the dose or corrects the record.",
    },
    "DASH_ANSWER_ACTION_REQUIRED": {
        "vi": "Hãy chọn kết quả giải quyết.",
        "en": "Choose the outcome.",
    },
    "DASH_ANSWER_STALE": {
        "vi": "Biểu mẫu này đã cũ. Hãy xem lại phản ánh rồi gửi lại.",
        "en": "This form is out of date. Read the complaint again, then send it again.",
    },
    # An answer typed while the 8-hour session ended: kept through the sign-in, unsent.
    "DASH_LOGIN_ANSWER_KEPT": {
        "vi": "Phiên làm việc đã hết hạn nên câu trả lời bạn vừa viết chưa được lưu. Nội dung "
              "vẫn được giữ lại: hãy đăng nhập lại để xem lại và lưu.",
        "en": "Your session ended, so the answer you just wrote is not saved yet. It is kept: "
              "sign in again to look it over and save it.",
    },
    "DASH_ANSWER_KEPT": {
        "vi": "Đây là câu trả lời bạn đã viết trước khi phiên làm việc hết hạn, chưa được lưu. "
              "Hãy xem lại rồi bấm “Lưu kết quả”.",
        "en": "This is the answer you wrote before your session ended; it is not saved yet. "
              "Look it over, then press “Save the answer”.",
    },
    # A move chosen while the 8-hour session ended: kept through the sign-in, unsent.
    "DASH_LOGIN_MOVE_KEPT": {
        "vi": "Phiên làm việc đã hết hạn nên phản ánh chưa được chuyển. Điểm tiêm và lý do "
              "bạn vừa chọn vẫn được giữ lại: hãy đăng nhập lại để xem lại và chuyển.",
        "en": "Your session ended, so the complaint was not moved yet. The site and the "
              "reason you chose are kept: sign in again to look them over and move it.",
    },
    "DASH_MOVE_KEPT": {
        "vi": "Đây là điểm tiêm và lý do bạn đã chọn trước khi phiên làm việc hết hạn; phản "
              "ánh chưa được chuyển. Hãy xem lại rồi bấm “Chuyển phản ánh”.",
        "en": "This is the site and the reason you chose before your session ended; the "
              "complaint is not moved yet. Look them over, then press “Move the complaint”.",
    },
    "DASH_ANSWER_NOT_HELD": {
        "vi": "Phản ánh {complaint} hiện không do cấp của bạn trả lời (có thể vừa được chuyển "
              "cho nơi khác xử lý): câu trả lời chưa được lưu.",
        "en": "Complaint {complaint} is not for your level to answer now (it may have just "
              "been moved elsewhere): the answer was not saved.",
    },
    "DASH_MOVE_NOT_HELD": {
        "vi": "Phản ánh {complaint} hiện không do cấp của bạn xử lý (có thể vừa được chuyển "
              "hoặc trả lời): phản ánh chưa được chuyển.",
        "en": "Complaint {complaint} is not for your level to handle now (it may have just "
              "been moved or answered): it was not moved.",
    },
    "DASH_MOVE_WORDS_UNSENT": {
        "vi": "Lý do chuyển bạn đã viết (chưa lưu, hãy sao chép nếu cần): “{note}”",
        "en": "The reason for the move you wrote (not saved; copy it if you need it): “{note}”",
    },
    "DASH_ANSWER_WORDS_UNSENT": {
        "vi": "Nội dung bạn đã viết (chưa lưu, hãy sao chép nếu cần): “{note}”",
        "en": "What you wrote (not saved; copy it if you need it): “{note}”",
    },
    "DASH_ANSWER_KEPT_UNSENT": {
        "vi": "Câu trả lời bạn đã viết trước khi phiên làm việc hết hạn chưa được lưu, và phản "
              "ánh này không còn chờ bạn trả lời. Nội dung bạn đã viết: “{note}”",
        "en": "The answer you wrote before your session ended was not saved, and this "
              "complaint no longer waits for your answer. What you wrote: “{note}”",
    },
    "DASH_COMPLAINT_RESOLVED_BY": {"vi": "Người giải quyết", "en": "Resolved by"},
    # Who holds a complaint no site holds, in the dashboard's lists and on its page.
    "DASH_HANDLER_PROVINCE": {"vi": "Sở Y tế {province}", "en": "Health department of {province}"},
    # Sites whose area is not known (dashboard/unplaced_sites.py): the national scope's.
    "DASH_TABLE_UNPLACED_SITES": {
        "vi": "Điểm tiêm chưa có địa bàn",
        "en": "Sites without an area",
    },
    "DASH_UNPLACED_NOTE": {
        "vi": "Không cán bộ tỉnh hay xã nào thấy các điểm tiêm này, cả số liệu lẫn phản ánh. "
              "Đặt địa bàn bằng lệnh: vaxdesk-central set-area MÃ --province … --commune …",
        "en": "No province or commune officer sees these sites, their figures or their "
              "complaints. Set their area: vaxdesk-central set-area CODE --province … "
              "--commune …",
    },
    "DASH_COL_CREATED": {"vi": "Tạo lúc", "en": "Created"},
    # vaxdesk-central create-site: where a site is decides who sees it.
    "SITE_AREA_REQUIRED": {
        "vi": "Chưa tạo điểm tiêm: thiếu {option}. Điểm tiêm không có địa bàn thì không cán "
              "bộ nào thấy; hãy cho mã tỉnh (--province) và mã xã (--commune) theo danh mục "
              "của Tổng cục Thống kê.",
        "en": "The site was not created: {option} is missing. A site without its area is "
              "seen by no officer; give its province (--province) and commune (--commune) "
              "codes from the GSO list.",
    },
    "SITE_AREA_UNKNOWN": {
        "vi": "Chưa tạo điểm tiêm: {option} {code} không có trong danh mục của Tổng cục Thống "
              "kê, hoặc xã không thuộc tỉnh đã cho.",
        "en": "The site was not created: {option} {code} is not in the GSO list, or the "
              "commune is not in the province given.",
    },
    # vaxdesk-central issue-token SITE (or create-site run again) for a site whose laptop
    # has a token in use (central_server/auth.py: one laptop per site code).
    "SITE_ONE_LAPTOP": {
        "vi": "Chưa cấp mã truy cập: điểm tiêm {site} đã có mã truy cập đang dùng "
              "({in_use}). VaxDesk chỉ dùng một máy tính cho mỗi mã điểm tiêm: hệ thống "
              "trung tâm giữ hồ sơ, báo cáo, mốc nhật ký, khóa ký và mã chứng nhận (UVCI) "
              "theo mã điểm tiêm, nên hai máy dùng chung một mã sẽ làm hỏng dữ liệu của "
              "nhau. Điểm tiêm lớn dùng nhiều máy thì cấp cho mỗi máy một mã điểm tiêm "
              "riêng: vaxdesk-central create-site {site}-2 … (rồi {site}-3 …). Thay máy "
              "(mất, hỏng, máy mới): vaxdesk-central issue-token {site} --replace; lệnh này "
              "thu hồi các mã truy cập đang dùng của điểm tiêm rồi in mã mới.",
        "en": "No token issued: site {site} has a token in use already ({in_use}). VaxDesk "
              "keeps one laptop per site code: the platform keeps records, reports, audit "
              "anchors, signing keys and certificate identifiers (UVCI) by site code, so two "
              "laptops under one code corrupt each other's data. A big site with several "
              "laptops gives each laptop its own site code: vaxdesk-central create-site "
              "{site}-2 … (then {site}-3 …). To replace the laptop (lost, broken, a new "
              "one): vaxdesk-central issue-token {site} --replace, which revokes the site's "
              "tokens in use and prints the new one.",
    },
    # vaxdesk-central set-area: the parts given over those recorded, checked as above.
    # vaxdesk-central approve-key with no key waiting for approval
    "KEY_NONE_PENDING": {
        "vi": "Điểm tiêm {site} không có khóa ký nào chờ duyệt (pending-keys liệt kê các khóa đang chờ).",
        "en": "No signing key of site {site} waits for approval (pending-keys lists those that do).",
    },
    # vaxdesk-central link of two sites' records that share no identity number: only the
    # officer's word ties them (central_server/register/decisions.py), so it says why.
    "LINK_REASON_REQUIRED": {
        "vi": "Chưa liên kết: hai hồ sơ Patient/{one} và Patient/{other} không có chung số "
              "giấy tờ nào, nên chỉ cán bộ mới liên kết được. Hãy ghi vì sao đây là một "
              "người (--reason \"…\"), để lưu vào nhật ký quản trị.",
        "en": "Not linked: Patient/{one} and Patient/{other} share no identity number, so "
              "only an officer can link them. Say why they are one person "
              "(--reason \"…\"); it is kept in the admin log.",
    },
    "LINK_DOB_DIFFERS": {
        "vi": "Chưa liên kết: hai hồ sơ không có chung số giấy tờ và khác ngày sinh ({dob} ở "
              "{site}, {other_dob} ở {other_site}). Nếu đã đối chiếu giấy tờ và chắc là một "
              "người, hãy chạy lại lệnh với --force.",
        "en": "Not linked: the two records share no identity number and their dates of birth "
              "differ ({dob} at {site}, {other_dob} at {other_site}). If the papers show one "
              "person, run the command again with --force.",
    },
    # vaxdesk-central: the platform's own database not to be opened
    "CENTRAL_STORE_UNOPENED": {
        "vi": "Không mở được cơ sở dữ liệu của hệ thống trung tâm ({url}): {detail}. Hãy kiểm tra PostgreSQL đang chạy, địa chỉ --database-url và tệp cơ sở dữ liệu, rồi chạy lại lệnh.",
        "en": "The central platform's database ({url}) could not be opened: {detail}. Check that PostgreSQL is running, the --database-url and the database file, then run the command again.",
    },
    # vaxdesk-central revoke-site-token with a code no site has (a staff token meant)
    "SITE_NO_SUCH_TOKENS": {
        "vi": "Không có điểm tiêm '{site}': không thu hồi mã truy cập nào. Mã truy cập của cán bộ trung tâm: revoke-token --label HOLDER hoặc --fingerprint FP.",
        "en": "There is no site '{site}': nothing revoked. A central staff token: revoke-token --label HOLDER or --fingerprint FP.",
    },
    "SITE_MOVE_NO_SITE": {
        "vi": "Không có điểm tiêm '{site}'; hãy tạo điểm tiêm trước (create-site).",
        "en": "There is no site '{site}'; create it first (create-site).",
    },
    "SITE_MOVE_REQUIRED": {
        "vi": "Chưa đổi địa bàn của điểm tiêm {site}: thiếu {option} (không cho, cũng chưa "
              "ghi). Điểm tiêm không có địa bàn thì không cán bộ nào thấy; hãy cho mã tỉnh "
              "(--province) và mã xã (--commune) theo danh mục của Tổng cục Thống kê.",
        "en": "The area of site {site} was not changed: {option} is neither given nor "
              "recorded. A site without its area is seen by no officer; give its province "
              "(--province) and commune (--commune) codes from the GSO list.",
    },
    "SITE_MOVE_UNKNOWN": {
        "vi": "Chưa đổi địa bàn của điểm tiêm {site}: tỉnh {province}, xã {commune} (mã đã "
              "cho, hoặc đang ghi cho điểm tiêm) không phải một tỉnh và một xã của tỉnh đó "
              "trong danh mục của Tổng cục Thống kê.",
        "en": "The area of site {site} was not changed: province {province}, commune "
              "{commune} (as given, or as recorded for the site) are not a province and one "
              "of its communes in the GSO list.",
    },
    # the dashboard's move form (central_server/web/templates/dashboard.html)
    # open_complaints.facts: a site the complaint left, why and when
    "DASH_COMPLAINT_LEFT": {"vi": "Đã chuyển khỏi", "en": "Moved away from"},
    "DASH_COMPLAINT_MOVED": {"vi": "Đã chuyển", "en": "Moved"},
    "DASH_COMPLAINT_REOPENED": {"vi": "Mở lại", "en": "Reopened"},
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
    # The sites table: doses that reached the platform already voided (tally.record_voided).
    "DASH_COL_VOIDED_ON_ARRIVAL": {"vi": "Hủy trước khi gửi", "en": "Voided before sending"},
    # The complaints page's table of answers in time (dashboard/answer_times.py).
    "DASH_TABLE_ANSWER_TIMES": {
        "vi": "Trả lời phản ánh đúng hạn 48 giờ theo nơi giải quyết",
        "en": "Complaints answered within 48 hours, by who holds them",
    },
    "DASH_COL_RECEIVED_COMPLAINTS": {"vi": "Phản ánh nhận", "en": "Received"},
    "DASH_COL_IN_TIME": {"vi": "Trả lời đúng hạn", "en": "Answered in time"},
    "DASH_COL_LATE": {"vi": "Trả lời trễ", "en": "Answered late"},
    "DASH_COL_ARRIVED_LATE": {"vi": "Trong đó đến muộn", "en": "Of those, arrived late"},
    # Above a downloaded table whose figures are as of now (the open complaints).
    "DASH_XLSX_AS_OF": {"vi": "Số liệu lúc {at}", "en": "Figures as of {at}"},
    "DASH_COL_IN_TIME_SHARE": {"vi": "Tỷ lệ đúng hạn", "en": "In time"},
    "DASH_EMPTY_ANSWER_TIMES": {
        "vi": "Không có phản ánh nào nhận trong khoảng thời gian này.",
        "en": "No complaint was received in this period.",
    },
    "DASH_ANSWER_TIMES_NOTE": {
        "vi": "Thời hạn 48 giờ tính từ lúc nhận phản ánh. \u201cĐến muộn\u201d: phản ánh trả lời trễ "
              "hoặc quá hạn mà đến nơi giải quyết khi đã quá nửa thời hạn (cuộc gọi chuyển "
              "muộn, phản ánh được chuyển từ nơi khác); không tính vào tỷ lệ đúng hạn của nơi "
              "đó. Điểm tiêm giữ phản ánh quá hạn rồi mới trả về hoặc bị chuyển đi vẫn bị "
              "tính trả lời trễ.",
        "en": "The 48 hours run from when the complaint was received. \u201cArrived late\u201d: "
              "answered late or overdue, having reached whoever holds it with under half its "
              "time left (a call passed on late, a complaint moved from elsewhere); left out "
              "of that holder's share in time. A site that held a complaint past its "
              "deadline before handing it back or having it moved is counted late for it.",
    },
}
