"""Reports in the app, the site's report to the platform, and the provincial dashboard."""

MESSAGES: dict[str, dict[str, str]] = {
    # -- the Reports area, its exports and `vaxdesk report` --------------------------------
    "REPORT_DOSES": {"vi": "Số mũi tiêm theo ngày, vắc xin, mũi và nhóm tuổi",
                     "en": "Doses per day, vaccine, dose number and age group"},
    "REPORT_COMPLETENESS": {"vi": "Mức độ đầy đủ dữ liệu đồng bộ theo ngày",
                            "en": "Upload completeness per day"},
    # Every status, the closed ones too ("backlog" headed cases fixed or closed).
    "REPORT_CLEANING": {"vi": "Ca làm sạch dữ liệu theo trạng thái",
                        "en": "Data-cleaning cases by status"},
    "REPORT_COL_DATE": {"vi": "Ngày tiêm", "en": "Date"},
    "REPORT_COL_PRODUCT": {"vi": "Vắc xin", "en": "Vaccine"},
    "REPORT_COL_DOSE_NUMBER": {"vi": "Mũi", "en": "Dose"},
    "REPORT_COL_AGE_GROUP": {"vi": "Nhóm tuổi", "en": "Age group"},
    "REPORT_AGE_UNKNOWN": {"vi": "không rõ", "en": "unknown"},
    "REPORT_COL_COUNT": {"vi": "Số lượng", "en": "Count"},
    "REPORT_COL_RECORDED": {"vi": "Đã ghi nhận", "en": "Recorded"},
    "REPORT_COL_SYNCED": {"vi": "Đã đồng bộ", "en": "Synced"},
    "REPORT_COL_REJECTED": {"vi": "Bị từ chối", "en": "Rejected"},
    "REPORT_COL_PENDING": {"vi": "Chờ đồng bộ", "en": "Pending"},
    "REPORT_COL_SHARE": {"vi": "Tỷ lệ đã đồng bộ (%)", "en": "Synced (%)"},
    "REPORT_COL_STATUS": {"vi": "Trạng thái", "en": "Status"},
    "REPORT_PERIOD": {"vi": "Từ {start} đến {end}", "en": "From {start} to {end}"},
    "REPORT_TOTAL": {"vi": "Tổng cộng", "en": "Total"},
    # Figures of a moment, not of the period the export is headed with.
    "REPORT_SNAPSHOT_CLEANING": {
        "vi": "Tình trạng lúc {at}: số ca không tính theo khoảng thời gian đã chọn.",
        "en": "As it stands at {at}: the cases do not follow the period chosen.",
    },
    # The dashboard's backlog figure, beside the cases per status: a site manager asked
    # why the province's "Chưa sạch" is not the open cases' sum (a special list's passport
    # holder is a case with nothing wrong; an error closed as unverifiable still counts).
    "REPORT_NOT_CLEAN_RECORDS": {
        "vi": "Hồ sơ chưa sạch, như tỉnh tính khi xếp hạng (hồ sơ còn lỗi định danh): {n}.",
        "en": "Records not clean, as the province counts them when ranking (records with an "
              "identity problem left): {n}.",
    },
    "REPORT_SNAPSHOT_COMPLAINTS": {
        "vi": "Phản ánh đang xử lý: tình trạng lúc {at}, bất kể ngày nhận; phản ánh đã đóng: "
              "nhận trong khoảng thời gian đã chọn.",
        "en": "Open complaints: as they stand at {at}, whenever received; closed ones: "
              "received in the period chosen.",
    },
    "REPORT_TOTALS_HEADING": {"vi": "Tổng hợp", "en": "Totals"},
    "REPORT_TOTALS_SAID": {"vi": "Tổng cộng: {total}. {parts}.",
                           "en": "Total: {total}. {parts}."},
    "REPORT_EMPTY": {"vi": "Không có số liệu trong khoảng thời gian này.",
                     "en": "No figures in this period."},
    "REPORT_CHART_LATEST": {
        # Said on the screen (the table beside the chart) and in the PDF (under it).
        "vi": "Biểu đồ chỉ vẽ {shown} ngày gần nhất có số liệu, từ {first} đến {last}; bảng "
              "số liệu có đủ {total} ngày.",
        "en": "The chart draws only the latest {shown} days with figures, {first} to {last}; "
              "the table has all {total}."},
    # -- a report's PDF: every page says where, when and which page -------------------------
    "REPORT_PDF_SITE": {"vi": "{name} (mã điểm tiêm {code})", "en": "{name} (site code {code})"},
    "REPORT_PDF_PAGE": {"vi": "Trang {n}/{total}", "en": "Page {n}/{total}"},
    "REPORT_PDF_PRINTED": {"vi": "In lúc {at}", "en": "Printed on {at}"},
    "REPORT_PDF_TITLE": {"vi": "Báo cáo của điểm tiêm ({count} báo cáo)",
                         "en": "Site reports ({count} {count:report|reports})"},
    "REPORT_PDF_DEMO": {"vi": "MẪU (DEMO) — dữ liệu mẫu, không phải số liệu thật",
                        "en": "DEMO — sample data, not real figures"},
    "REPORT_IMPORT_PENDING": {
        "vi": "Đang nhập một tệp lớn: các mũi tiêm của tệp sẽ được tính vào báo cáo khi nhập "
              "xong.",
        "en": "A large file is being imported: its doses are counted in the reports when "
              "the import ends."},
    "REPORT_SHARE_ROUNDED_DOWN": {
        "vi": "Tỷ lệ được làm tròn xuống (14 trên 21 là 66,6%), nên 100,0% chỉ khi mọi mũi "
              "đã lên hệ thống trung tâm.",
        "en": "Shares are rounded down (14 of 21 is 66.6%), so 100.0% only when every dose "
              "has reached the central platform.",
    },
    "REPORT_DATE_INVALID": {
        "vi": "Khoảng ngày báo cáo không hợp lệ (từ {start} đến {end}): hãy nhập ngày dạng "
              "dd/mm/yyyy hoặc yyyy-mm-dd.",
        "en": "The report's dates are not valid (from {start} to {end}): give dates as "
              "dd/mm/yyyy or yyyy-mm-dd."},
    "REPORT_RANGE_BACKWARDS": {
        "vi": "Ngày bắt đầu {start} sau ngày kết thúc {end}: hãy đổi lại hai ngày.",
        "en": "The start date {start} is after the end date {end}: swap the two dates."},
    "REPORT_EXPORTED": {"vi": "Đã xuất báo cáo vào {path}.", "en": "Report exported to {path}."},
    "REPORT_COMPLAINTS": {"vi": "Phản ánh theo thời hạn giải quyết 48 giờ",
                          "en": "Complaints against their 48-hour deadline"},
    "REPORT_COL_DEADLINE": {"vi": "Thời hạn", "en": "Deadline"},
    "REPORT_DEADLINE_OVERDUE": {"vi": "Đang xử lý, quá hạn", "en": "Open, overdue"},
    "REPORT_DEADLINE_UNDER_12H": {"vi": "Đang xử lý, còn dưới 12 giờ",
                                  "en": "Open, under 12 hours left"},
    "REPORT_DEADLINE_UNDER_24H": {"vi": "Đang xử lý, còn 12–24 giờ",
                                  "en": "Open, 12–24 hours left"},
    "REPORT_DEADLINE_UNDER_48H": {"vi": "Đang xử lý, còn 24–48 giờ",
                                  "en": "Open, 24–48 hours left"},
    "REPORT_DEADLINE_CLOSED_IN_TIME": {"vi": "Nhận trong kỳ, giải quyết đúng hạn",
                                       "en": "Received in the period, closed in time"},
    "REPORT_DEADLINE_CLOSED_LATE": {"vi": "Nhận trong kỳ, giải quyết trễ hạn",
                                    "en": "Received in the period, closed late"},
}
