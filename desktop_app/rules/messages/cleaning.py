"""The identity-cleaning worklist: statuses, lists, problems in short, the police file."""

MESSAGES: dict[str, dict[str, str]] = {
    # A returned case the police's answer could not be applied to: the answer is its
    # status's tooltip (ui/cleaning/case_table_model.py).
    "CLEANING_STATUS_WITH_NOTE": {"vi": "{status} (có ghi chú của công an)",
                                  "en": "{status} (a police note)"},
    # Statuses and lists, as the worklist and the CLI name them
    "CLEANING_STATUS_TO_CHECK": {"vi": "Cần kiểm tra", "en": "To check"},
    "CLEANING_STATUS_CONTACTED": {"vi": "Đã liên hệ", "en": "Contacted"},
    "CLEANING_STATUS_SENT": {"vi": "Đã gửi xác minh", "en": "Sent for verification"},
    "CLEANING_STATUS_RETURNED": {"vi": "Đã có kết quả", "en": "Returned"},
    "CLEANING_STATUS_FIXED": {"vi": "Đã sửa", "en": "Fixed"},
    "CLEANING_STATUS_CANNOT_VERIFY": {"vi": "Không xác minh được", "en": "Cannot verify"},
    # A case the platform's copy of the person moved (sync/inbox.py): the audit says so.
    "CLEANING_BY_CENTRAL": {"vi": "theo bản của hệ thống trung tâm",
                            "en": "by the central platform's copy"},
    "CLEANING_LATE": {"vi": "Quá hạn (gửi {days} ngày chưa có kết quả)",
                      "en": "Late (sent {days} {days:day|days} ago, not returned)"},
    "CLEANING_LIST_MAIN": {"vi": "Người có CCCD/CMND", "en": "Citizens with an ID"},
    "CLEANING_LIST_FOREIGNERS": {"vi": "Người nước ngoài (công an xuất nhập cảnh)",
                                 "en": "Foreigners (immigration police)"},
    "CLEANING_LIST_UNKNOWN_IDENTITY": {"vi": "Không rõ danh tính", "en": "Unknown identity"},
    "CLEANING_LIST_HOMELESS": {"vi": "Vô gia cư, lang thang", "en": "Homeless or itinerant"},
    "CLEANING_LIST_CHILDREN": {"vi": "Trẻ em chưa có mã định danh",
                               "en": "Children without a number"},
    "CLEANING_LIST_MAIN_SHORT": {"vi": "Có CCCD/CMND", "en": "With an ID"},
    "CLEANING_LIST_FOREIGNERS_SHORT": {"vi": "Người nước ngoài", "en": "Foreigners"},
    "CLEANING_LIST_UNKNOWN_IDENTITY_SHORT": {"vi": "Không rõ danh tính", "en": "Unknown"},
    "CLEANING_LIST_HOMELESS_SHORT": {"vi": "Vô gia cư", "en": "Homeless"},
    "CLEANING_LIST_CHILDREN_SHORT": {"vi": "Trẻ em", "en": "Children"},
    "CLEANING_REASON_REQUIRED": {
        "vi": "Chuyển sang {status} cần ghi lý do (ví dụ: đã chuyển đi, không liên lạc được): hồ sơ đóng lại mà không xác minh được phải nói vì sao.",
        "en": "Moving to {status} needs a reason (e.g. moved away, could not be reached): a case closed unverified must say why.",
    },
    "CLEANING_NO_COMMUNE": {"vi": "(không rõ xã/phường)", "en": "(commune not known)"},
    # Problems in a few words, for the worklist's groups (the full sentence is the rule's)
    "PROBLEM_NAME_REQUIRED": {"vi": "Thiếu họ tên", "en": "No name"},
    "PROBLEM_NAME_TOO_LONG": {"vi": "Họ tên quá dài", "en": "Name too long"},
    "PROBLEM_NAME_INVALID_CHARS": {"vi": "Họ tên có ký tự lạ", "en": "Odd characters in name"},
    "PROBLEM_NAME_NOT_LATIN": {"vi": "Họ tên không viết bằng chữ Latinh",
                               "en": "Name not in Latin letters"},
    "PROBLEM_NAME_NO_DIACRITICS": {"vi": "Họ tên không dấu", "en": "Name without diacritics"},
    "PROBLEM_SEX_REQUIRED": {"vi": "Thiếu giới tính", "en": "No sex"},
    "PROBLEM_SEX_INVALID": {"vi": "Giới tính không đọc được", "en": "Unreadable sex"},
    "PROBLEM_DOB_REQUIRED": {"vi": "Thiếu ngày sinh", "en": "No date of birth"},
    "PROBLEM_DOB_INVALID": {"vi": "Ngày sinh sai dạng", "en": "Unreadable date of birth"},
    "PROBLEM_DOB_AMBIGUOUS": {"vi": "Ngày sinh đọc được hai cách",
                              "en": "Date of birth reads two ways"},
    "PROBLEM_DOSE_AGE_OUTSIDE": {"vi": "Vắc xin không hợp độ tuổi",
                                 "en": "Vaccine outside its ages"},
    "PROBLEM_DOSE_ORDER": {"vi": "Mũi tiêm sai thứ tự ngày", "en": "Doses out of date order"},
    "PROBLEM_DOSE_INTERVAL_SHORT": {"vi": "Hai mũi cách nhau quá ngắn",
                                    "en": "Doses too close together"},
    "PROBLEM_BOOSTER_INTERVAL_SHORT": {"vi": "Mũi nhắc lại quá sớm", "en": "Booster too soon"},
    "PROBLEM_DOB_IN_FUTURE": {"vi": "Ngày sinh ở tương lai", "en": "Birth in the future"},
    "PROBLEM_DOB_TOO_OLD": {"vi": "Tuổi quá cao", "en": "Implausible age"},
    "PROBLEM_ID_TYPE_REQUIRED": {"vi": "Thiếu loại giấy tờ", "en": "No document type"},
    "PROBLEM_ID_NUMBER_REQUIRED": {"vi": "Thiếu số giấy tờ", "en": "No ID number"},
    "PROBLEM_ID_NOT_DIGITS": {"vi": "Số giấy tờ có ký tự lạ", "en": "ID has non-digits"},
    "PROBLEM_ID_WRONG_LENGTH": {"vi": "Số giấy tờ sai độ dài", "en": "ID of wrong length"},
    "PROBLEM_ID_SCIENTIFIC_NOTATION": {"vi": "Số giấy tờ mất chữ số (dạng số mũ)",
                                       "en": "ID digits lost (scientific notation)"},
    "PROBLEM_ID_PROVINCE_UNKNOWN": {"vi": "Mã tỉnh trong CCCD sai",
                                    "en": "Unknown province in ID"},
    "PROBLEM_ID_CENTURY_INVALID": {"vi": "Chữ số thế kỷ trong CCCD sai",
                                   "en": "Bad century digit in ID"},
    "PROBLEM_ID_SEX_MISMATCH": {"vi": "CCCD không khớp giới tính", "en": "ID contradicts sex"},
    "PROBLEM_ID_BIRTH_YEAR_MISMATCH": {"vi": "CCCD không khớp năm sinh",
                                       "en": "ID contradicts birth year"},
    "PROBLEM_PASSPORT_INVALID": {"vi": "Số hộ chiếu sai", "en": "Bad passport number"},
    "PROBLEM_NATIONALITY_REQUIRED": {"vi": "Thiếu quốc tịch", "en": "No nationality"},
    "PROBLEM_NO_ID_REASON_REQUIRED": {"vi": "Không giấy tờ, không lý do",
                                      "en": "No ID and no reason"},
    "PROBLEM_NO_ID_CHILD_TOO_OLD": {"vi": "Quá tuổi trẻ em không mã",
                                    "en": "Too old for a child without ID"},
    "PROBLEM_PHONE_INVALID": {"vi": "Số điện thoại sai", "en": "Bad phone number"},
    "PROBLEM_DOSE_NUMBER_OUT_OF_RANGE": {"vi": "Số mũi ngoài phạm vi",
                                         "en": "Dose number out of range"},
    "PROBLEM_DOSE_BOOSTER_AS_FIRST": {"vi": "Mũi nhắc lại lưu là mũi 1",
                                      "en": "Booster stored as dose 1"},
    "PROBLEM_DOSE_BOOSTER_IN_SERIES": {"vi": "Mũi nhắc lại lưu vào loạt mũi cơ bản",
                                       "en": "Booster stored within the primary series"},
    "PROBLEM_OLD_ID_OTHERS": {"vi": "Số CMND cũ là của người khác",
                              "en": "Old ID number is someone else's"},
    "PROBLEM_DOSE_NUMBER_TAKEN": {"vi": "Số mũi đã có, lưu thành mũi kế tiếp",
                                  "en": "Dose number taken, stored as the next"},
    "PROBLEM_PERSON_ROWS_DIFFER": {"vi": "Các dòng trong tệp ghi khác nhau",
                                   "en": "The file's rows disagree"},
    # Another ID under one name, birth date and sex (an import), or one ID held by two
    # records (a person the sync brought back: sync/own_records.py).
    "PROBLEM_POSSIBLE_SAME_PERSON": {"vi": "Có thể trùng người với một hồ sơ khác",
                                     "en": "Perhaps the same person as another record"},
    # ... and which records (services/cleaning_twins.py), for the supervisor to merge them
    # or tell them apart.
    "POSSIBLE_SAME_PERSON_RECORDS": {"vi": "Có thể trùng người với: {records}",
                                     "en": "Perhaps the same person as: {records}"},
    "SAME_PERSON_RECORD": {"vi": "{name}, số giấy tờ {id_number}",
                           "en": "{name}, ID number {id_number}"},
    "SAME_PERSON_RECORD_NO_ID": {"vi": "{name}, không có số giấy tờ",
                                 "en": "{name}, no ID number"},
    "SAME_PERSON_RECORD_LAST_DOSE": {
        "vi": "{name}, không có số giấy tờ, mũi gần nhất: mũi {dose_number} ngày {date}",
        "en": "{name}, no ID number, last dose {dose_number} on {date}"},
    "SAME_PERSON_SAME_NAME": {"vi": "cùng tên", "en": "same name"},
    "SAME_PERSON_MORE": {"vi": "và {count} hồ sơ khác", "en": "and {count} more"},
    # A merge made from the worklist (ui/cleaning/case_merge.py).
    "CLEANING_MERGED": {
        "vi": "Đã gộp hồ sơ {folded} vào hồ sơ {kept}: {doses} mũi tiêm đã chuyển sang. Nếu gộp nhầm, bấm “Tách lại hai hồ sơ”.",
        "en": "The record {folded} was merged into the record {kept}: {doses} {doses:dose|doses} moved over. If they are two people, click “Split the records again”.",
    },
    "PROBLEM_IMPORT_UNDONE_NO_DOSE": {"vi": "Không còn mũi tiêm (lần nhập đã hoàn tác)",
                                      "en": "No dose left (its import undone)"},
    "PROBLEM_ID_DIFFERS_ELSEWHERE": {"vi": "Nơi khác ghi số CCCD/CMND khác",
                                     "en": "Another ID number at another site"},
    # ... and the number the platform holds, beside the case's own ID
    # (services/cleaning_elsewhere.py).
    "ID_DIFFERS_ELSEWHERE_NUMBER": {"vi": "Nơi khác ghi số CCCD/CMND khác: {number}",
                                    "en": "Another ID number at another site: {number}"},
    # A record of another site linked to the person gives another name, birth date or sex
    # (services/cleaning_elsewhere.py): the site and its values beside the case.
    "PROBLEM_IDENTITY_DIFFERS_ELSEWHERE": {"vi": "Nơi khác ghi họ tên/ngày sinh/giới tính khác",
                                           "en": "Other details at another site"},
    "IDENTITY_DIFFERS_ELSEWHERE_VALUES": {"vi": "{site} ghi khác: {values}",
                                          "en": "{site} records otherwise: {values}"},
    # A dose brought from another site under a dose number the person already holds.
    "PROBLEM_DOSE_NUMBER_CLASH": {"vi": "Trùng số mũi với mũi tiêm ở điểm tiêm khác",
                                  "en": "Dose number clashes with another site's dose"},
    "PROBLEM_REGISTER_NOT_FOUND": {"vi": "Không có trong CSDL dân cư",
                                   "en": "Not in the population register"},
    "PROBLEM_REGISTER_MISMATCH": {"vi": "Sai lệch với CSDL dân cư",
                                  "en": "Differs from the population register"},
    "REGISTER_MISMATCH_FIELDS": {"vi": "Sai lệch với CSDL dân cư: {fields}",
                                 "en": "Differs from the population register: {fields}"},
    # Moving a case
    "CLEANING_MOVE_REFUSED": {
        "vi": "Không thể chuyển {name} từ “{old}” sang “{new}”.",
        "en": "{name} cannot go from “{old}” to “{new}”.",
    },
    "CLEANING_FIX_REFUSED": {
        "vi": "Chưa thể chuyển {name} sang “{fixed}”: hồ sơ vẫn còn vấn đề ({problems}). "
              "Hãy sửa thông tin của người này (Enter); nếu không thể sửa, chuyển sang "
              "“{unverifiable}” kèm ghi chú.",
        "en": "{name} cannot be marked “{fixed}”: the record still has a problem "
              "({problems}). Correct the person (Enter); if it cannot be put right, move the "
              "case to “{unverifiable}” with a note.",
    },
    "CLEANING_NOTHING_CHOSEN": {"vi": "Chưa chọn người nào.", "en": "No one is chosen."},
    "CLEANING_MOVE_MANY": {
        "vi": "Chuyển {count} người sang “{status}”?",
        "en": "Move {count} {count:person|people} to “{status}”?",
    },
    "CLEANING_CORRECTED_LEFT": {
        "vi": "Đã lưu hồ sơ của {name}. Vẫn còn cần làm sạch: {problems}.",
        "en": "{name}'s record is saved. Still to clean: {problems}.",
    },
    "CLEANING_CORRECTED_CLEAN": {
        "vi": "Đã lưu hồ sơ của {name}: không còn vấn đề, đã chuyển sang “{status}”.",
        "en": "{name}'s record is saved: nothing left to clean, moved to “{status}”.",
    },
    "CLEANING_MOVED": {"vi": "Đã chuyển {count} người sang “{status}”.",
                       "en": "Moved to “{status}”: {count}."},
    "CLEANING_RECHECKED": {
        "vi": "Đã kiểm tra lại danh sách: {count} người có vấn đề hoặc trạng thái thay đổi.",
        "en": "The list is checked again: problems or status changed for {count} "
              "{count:person|people}.",
    },
    "POLICE_EXPORT_ASK": {
        "vi": "{count} người trong danh sách đang chọn sẽ được ghi ra tệp cho công an xác minh "
              "và chuyển sang “Đã gửi xác minh”.",
        "en": "{count} {count:person|people} of the list chosen will be written to a file for police "
              "verification and marked sent for verification.",
    },
    "POLICE_EXPORT_LEFT_OUT": {
        "vi": "{count} người đã gửi xác minh trước đó không được ghi lại: hạn của họ vẫn tính "
              "từ lần gửi đầu. Muốn gửi lại, hãy chọn mục “Đã gửi xác minh” rồi xuất.",
        "en": "{count} {count:person|people} already sent for verification {count:is|are} left out: "
              "their time still runs from when they were first sent. To send them again, "
              "choose “Sent for verification” and export.",
    },
    "POLICE_EXPORT_RESENT": {
        "vi": "Trong đó {count} người đã gửi trước đó sẽ được gửi lại: hạn hai ngày tính lại "
              "từ hôm nay.",
        "en": "{count} of them {count:was|were} sent before and will be sent again: their "
              "two days start again today.",
    },
    "POLICE_EXPORT_DOSES_ONLY": {
        "vi": "{count} người chỉ có vấn đề về mũi tiêm (số mũi, thứ tự ngày) không được ghi: "
              "công an xác minh danh tính, không xác minh mũi tiêm. Hãy sửa mũi tiêm trong "
              "hồ sơ.",
        "en": "{count} {count:person|people} with only dose problems (a dose number, dates "
              "out of order) {count:is|are} left out: the police verify identities, not "
              "doses. Correct the dose in the record.",
    },
    "POLICE_EXPORT_REFUSED": {
        "vi": "{count} người ở mục “{status}” không được ghi: trạng thái này không thể chuyển "
              "sang “{sent}”. Nếu cần công an xác minh lại, hãy chuyển họ về “Cần kiểm tra” "
              "trước.",
        "en": "{count} {count:person|people} under “{status}” {count:is|are} left out: that "
              "status cannot go to “{sent}”. If the police must verify them again, move "
              "them back to “To check” first.",
    },
    "POLICE_EXPORT_GO_ON": {"vi": "Tiếp tục?", "en": "Go on?"},
    "POLICE_EXPORT_NOBODY": {
        "vi": "Không có ai để gửi: mọi người trong mục đang chọn đã được gửi xác minh. Muốn "
              "gửi lại, hãy chọn mục “Đã gửi xác minh”.",
        "en": "Nobody to send: everyone chosen was sent for verification already. To send "
              "them again, choose “Sent for verification”.",
    },
    "CLEANING_NONE_HERE": {
        "vi": "Không có ai trong mục đang chọn.",
        "en": "Nobody matches what is chosen.",
    },
    # The police file
    "POLICE_FILE_NOT_OURS": {
        "vi": "Tệp {file} không phải danh sách xác minh của VaxDesk: không trang nào có dòng "
              "tiêu đề ghi mỗi cột đúng một lần (có thể thêm cột, đổi thứ tự, thêm dòng tên "
              "danh sách phía trên hoặc trang khác phía trước); thiếu hoặc trùng: {missing}.",
        "en": "{file} is not a VaxDesk verification list: no sheet has a header row holding "
              "each heading once (columns may be added or moved, a title row put above it or "
              "another sheet before it); missing or repeated: {missing}.",
    },
    "POLICE_FILE_OTHER_SITE": {
        "vi": "Tệp {file} là danh sách xác minh do điểm tiêm {site} xuất, không phải điểm tiêm "
              "này ({here}): không dòng nào được áp dụng.",
        "en": "{file} is a verification list exported by site {site}, not by this site "
              "({here}): no row is applied.",
    },
    "POLICE_OTHER_SHEETS": {
        "vi": "Chỉ đọc trang “{sheet}”; các trang {others} cũng là danh sách xác minh: hãy "
              "chép mỗi trang sang một tệp riêng rồi nhập.",
        "en": "Only the sheet “{sheet}” is read; the sheets {others} are verification lists "
              "too: copy each to a file of its own and import it.",
    },
    # Which export a row answers: the hidden last column of the list (police_file.ROUND).
    "POLICE_ROUND_HINT": {
        "vi": "VaxDesk dùng cột này để biết tệp trả về thuộc lần gửi nào. Xin không sửa hay "
              "xóa cột này.",
        "en": "VaxDesk reads this column to tell which list a returned file answers. Please "
              "do not change or delete it.",
    },
    "POLICE_ROW_EARLIER_LIST": {
        "vi": "Dòng này thuộc danh sách gửi lúc {sent}, nhưng người này đã được gửi xác minh "
              "lại lúc {here}: đây là tệp của lần gửi trước nên kết quả không được áp dụng. "
              "Hãy nhập tệp trả về của lần gửi lúc {here}.",
        "en": "This row belongs to the list sent at {sent}, but the person was sent for "
              "verification again at {here}: this is an earlier list's file, so its answer is "
              "not applied. Import the returned file of the list sent at {here}.",
    },
    "POLICE_ROW_OTHER_LIST": {
        "vi": "Dòng này thuộc danh sách gửi lúc {sent}, nhưng trên máy này người này được gửi "
              "xác minh lúc {here}: không phải tệp của lần gửi đó nên kết quả không được áp "
              "dụng.",
        "en": "This row belongs to the list sent at {sent}, but on this laptop the person was "
              "sent for verification at {here}: not that list's file, so its answer is not "
              "applied.",
    },
    "POLICE_ROW_UNMARKED_RESENT": {
        "vi": "Tệp không ghi lần gửi (cột “{column}” trống hoặc không có: tệp xuất từ phiên "
              "bản cũ, hoặc được chép sang tệp khác) mà người này đã được gửi xác minh {count} "
              "lần: không biết kết quả thuộc lần nào nên không được áp dụng. Hãy nhập tệp trả "
              "về của lần gửi lúc {here}.",
        "en": "The file does not say which list it answers (the column “{column}” is empty or "
              "missing: a file exported by an older version, or copied into another) and the "
              "person was sent for verification {count} times: which list the answer belongs "
              "to cannot be told, so it is not applied. Import the returned file of the list "
              "sent at {here}.",
    },
    "POLICE_SEX_UNREADABLE": {
        "vi": "Giới tính (xác minh) “{value}” không đọc được; ghi Nam hoặc Nữ.",
        "en": "Verified sex “{value}” is unreadable; write Nam or Nữ.",
    },
    "POLICE_RESULT_UNKNOWN": {
        "vi": "Kết quả xác minh “{value}” không hợp lệ; ghi một trong: {allowed}.",
        "en": "Verification result “{value}” is not valid; write one of: {allowed}.",
    },
    "POLICE_ROWS_NO_RESULT": {
        "vi": "{count} dòng chưa có kết quả (dòng {rows}): vẫn chờ công an trả lời.",
        "en": "{count} {count:row|rows} without a result yet ({count:row|rows} {rows}): "
              "still waiting for the police.",
    },
    "POLICE_ROW_NO_RESULT": {
        "vi": "Chưa có kết quả xác minh.",
        "en": "No verification result yet.",
    },
    "POLICE_ROW_NO_CODE": {
        "vi": "Dòng của {name} không có mã hồ sơ (cột “Mã hồ sơ” trống): người này không có "
              "trong danh sách đã gửi, có lẽ do cán bộ thêm vào; dòng bị bỏ qua. Nếu cần, hãy "
              "tìm hoặc tạo hồ sơ cho người này rồi gửi xác minh.",
        "en": "The row of {name} has no record code (“Mã hồ sơ” is empty): this person was "
              "not on the list sent, perhaps added by the officer; the row is skipped. If "
              "need be, find or create their record and send it for verification.",
    },
    "POLICE_ROW_NO_CODE_NO_NAME": {
        "vi": "Dòng này không có mã hồ sơ (cột “Mã hồ sơ” trống) và không ghi tên; dòng bị "
              "bỏ qua.",
        "en": "This row has no record code (“Mã hồ sơ” is empty) and no name; the row is "
              "skipped.",
    },
    "POLICE_ROW_UNKNOWN_PERSON": {
        "vi": "Mã hồ sơ “{person_id}” không có trong cơ sở dữ liệu này; dòng bị bỏ qua.",
        "en": "Record code “{person_id}” is not in this database; the row is skipped.",
    },
    "POLICE_ROW_TWICE": {
        "vi": "Cùng một mã hồ sơ ở các dòng {rows}: không biết dòng nào đúng, nên không dòng nào được áp dụng.",
        "en": "The same record code is on rows {rows}: which one is right is not known, so none is applied.",
    },
    "POLICE_ROW_MERGED": {
        "vi": "Hồ sơ này đã được gộp vào hồ sơ của {name} (sinh {dob}, giấy tờ {id_number}) "
              "sau khi xuất danh sách; dòng bị bỏ qua. Hãy xuất danh sách mới.",
        "en": "This record was merged into the record of {name} (born {dob}, ID {id_number}) "
              "after the list was exported; the row is skipped. Export a new list.",
    },
    "POLICE_ROW_CONTRADICTS": {
        "vi": "Hồ sơ đã được xử lý sau khi gửi xác minh, nhưng công an trả về thông tin khác ({values}): không tự sửa hồ sơ; khi áp dụng, hồ sơ được đưa về “Đã có kết quả” để kiểm tra lại.",
        "en": "The record was settled here after the list went, but the police give other values ({values}): the record is not rewritten; on Apply its case goes back to “Returned” to be checked again.",
    },
    "POLICE_NOTE_SETTLED_SINCE": {
        "vi": "hồ sơ đã được xử lý sau khi gửi xác minh; hãy đối chiếu lại với thông tin công an",
        "en": "the record was settled after the list went; check it against the police's values",
    },
    "POLICE_ROW_NOT_SENT": {
        "vi": "Hồ sơ này không còn ở trạng thái “Đã gửi xác minh” (kết quả đã được áp dụng, hoặc hồ sơ đã được xử lý): dòng bị bỏ qua.",
        "en": "This record is no longer “sent for verification” (the result was applied already, or the case was handled): the row is skipped.",
    },
    "POLICE_ROW_CHANGED": {
        "vi": "Hồ sơ đã được sửa sau khi xuất danh sách ({fields}): kết quả có thể đã cũ nên không được áp dụng. Hãy xuất danh sách mới.",
        "en": "The record was corrected after the list was exported ({fields}): the result may be out of date, so it is not applied. Export a new list.",
    },
    "POLICE_ROW_DOCUMENT_EDITED": {
        "vi": "Công an đã sửa giấy tờ trong tệp ({changes}): các cột này không được đọc để "
              "sửa hồ sơ, nên kết quả không được áp dụng. Nếu đúng, hãy sửa hồ sơ trên máy "
              "rồi gửi xác minh lại.",
        "en": "The police changed the document in the file ({changes}): these columns are "
              "not read to correct the record, so the answer is not applied. If it is "
              "right, correct the record here and send it for verification again.",
    },
    "POLICE_ROW_SENT_EDITED": {
        "vi": "Cột “{columns}” của danh sách đã gửi bị sửa trong tệp (hồ sơ không thay đổi): "
              "kết quả không được áp dụng. Thông tin công an xác minh phải ghi vào cột "
              "“{verified}”: hãy chuyển giá trị sang cột đó, trả lại cột đã gửi như cũ, rồi "
              "nhập lại tệp.",
        "en": "The list's own column “{columns}” was edited in the file (the record did not "
              "change): the result is not applied. What the police verified goes in "
              "“{verified}”: move the value to that column, put the sent column back as it "
              "was, and import the file again.",
    },
    "POLICE_ROW_MATCH_DIFFERS": {
        "vi": "Kết quả là “khớp” nhưng các cột (xác minh) ghi thông tin khác hồ sơ: hãy ghi “sai thông tin” nếu cần sửa, hoặc xóa các giá trị đó.",
        "en": "The result is “khớp” but the verified columns differ from the record: write “sai thông tin” if it needs correcting, or clear those values.",
    },
    "POLICE_ROW_NOTE_ONLY": {
        "vi": "Công an chưa ghi kết quả, chỉ ghi chú “{note}”: chưa áp dụng gì, hồ sơ vẫn chờ kết quả; ghi chú được lưu kèm hồ sơ để người giám sát đọc.",
        "en": "The police wrote no result, only the note “{note}”: nothing applied, the case still waits for their result; the note is kept on it for a supervisor to read.",
    },
    "POLICE_ROW_OTHER_PERSON": {
        "vi": "Các cột (xác minh) ghi một người khác hẳn hồ sơ (khác cả họ lẫn tên, và ngày sinh, giới tính hoặc số giấy tờ cũng khác, hoặc hồ sơ không có ngày sinh, số giấy tờ nào để đối chiếu): có thể kết quả của người khác đã bị dán nhầm vào dòng này. Chưa sửa gì; hãy hỏi lại công an, rồi sửa trong hồ sơ nếu đúng là người này.",
        "en": "The verified columns name someone quite unlike the record (another family and given name, and another birth date, sex or ID number, or the record holds no birth date or ID number to check it by): another person's answer may have been pasted on this row. Nothing was changed; ask the police again, then correct the record if it is this person.",
    },
    "POLICE_ROW_NOT_FOUND_VALUES": {
        "vi": "Kết quả là “không tìm thấy” nhưng các cột (xác minh) vẫn ghi thông tin khác hồ "
              "sơ: thông tin đó không được ghi vào hồ sơ. Hãy ghi “sai thông tin” nếu đó là "
              "thông tin đúng của người này, hoặc xóa các giá trị đó.",
        "en": "The result is “không tìm thấy” (not found) but the verified columns hold values "
              "that differ from the record: they are not written to the record. Write “sai "
              "thông tin” if they are this person's right details, or clear those values.",
    },
    "POLICE_ROW_WRONG_NO_VALUES": {
        "vi": "Kết quả là “sai thông tin” nhưng chưa ghi thông tin đúng ở các cột (xác minh).",
        "en": "The result is “sai thông tin” but no verified values are filled in.",
    },
    "POLICE_ID_HELD_HERE": {
        "vi": "Số giấy tờ {id_number} đã được ghi cho {full_name} (sinh {dob}) trên máy này: "
              "hai người không thể có cùng một số, nên số này không được ghi. Hãy đối chiếu hồ "
              "sơ hai người với thẻ CCCD, hoặc hỏi lại công an",
        "en": "ID number {id_number} is held by {full_name} (born {dob}) on this laptop: two "
              "people cannot share a number, so it is not written. Check both records against "
              "the ID card, or ask the police again",
    },
    "POLICE_ID_HELD_ELSEWHERE": {
        "vi": "Trên hệ thống trung tâm, điểm tiêm {site} đã ghi số giấy tờ {id_number} cho "
              "{full_name} (sinh {dob}), không phải người này: hai người không thể có cùng một "
              "số, nên số này không được ghi. Hãy đối chiếu với thẻ CCCD của người này, hoặc "
              "hỏi lại công an.",
        "en": "On the central platform, site {site} holds ID number {id_number} for "
              "{full_name} (born {dob}), not this person: two people cannot share a number, so "
              "it is not written. Check this person's ID card, or ask the police again.",
    },
    "POLICE_UNCHECKED_ELSEWHERE": {
        "vi": "{count} số giấy tờ mới chưa được đối chiếu với các điểm tiêm khác ({why}); "
              "các số đó vẫn được áp dụng.",
        "en": "{count} new ID {count:number was|numbers were} not checked against other "
              "sites ({why}); {count:it is|they are} applied all the same.",
    },
    # Said by the preview and the dry run alike; {when} says how Apply is asked for there.
    "POLICE_ELSEWHERE_ON_APPLY": {
        "vi": "{count} số giấy tờ mới sẽ được đối chiếu với các điểm tiêm khác {when}. Trước "
              "đó hệ thống trung tâm không được hỏi: mỗi lần hỏi là một lần tra cứu thông tin "
              "công dân, được ghi nhật ký và tính vào giới hạn tra cứu mỗi giờ của điểm tiêm.",
        "en": "{count} new ID {count:number is|numbers are} checked against other sites "
              "{when}. Until then the central platform is not asked: each question is a "
              "look-up of a citizen's data, audited and counted in the site's hourly look-up "
              "limit.",
    },
    "POLICE_ON_APPLY_COMMAND": {"vi": "khi chạy với --apply", "en": "with --apply"},
    "POLICE_ON_APPLY_APP": {"vi": "khi bấm “Áp dụng”", "en": "when Apply is pressed"},
    "POLICE_APPLY_STOPPED": {
        "vi": "Đã dừng khi đang đối chiếu số giấy tờ mới với các điểm tiêm khác: chưa áp dụng "
              "gì. Bấm “Áp dụng” để đối chiếu lại và áp dụng.",
        "en": "Stopped while checking the new ID numbers against other sites: nothing was "
              "applied. Press Apply to check them again and apply.",
    },
    # Rows the officer hid (struck out, filtered out): skipped, as the backfill skips them.
    "POLICE_ROW_HIDDEN": {
        "vi": "Dòng này bị ẩn trong tệp hoặc bị gạch ngang (dòng đã gạch bỏ, hoặc bị bộ lọc "
              "che): kết quả không được áp dụng. Nếu cần áp dụng, hãy bỏ ẩn (bỏ gạch ngang) "
              "dòng này trong tệp rồi nhập lại tệp.",
        "en": "This row is hidden or struck through in the file (struck out, or left out by "
              "a filter): its answer is not applied. To apply it, unhide it (remove the "
              "strikethrough) in the file and import the file again.",
    },
    "POLICE_HIDDEN_ROWS_SKIPPED": {
        "vi": "Bỏ qua {count} dòng bị ẩn trong tệp hoặc bị gạch ngang (dòng {rows}): những dòng "
              "này (dòng đã gạch bỏ, hoặc bị bộ lọc che) không được áp dụng, người trong đó vẫn "
              "ở “Đã gửi xác minh”. Nếu có kết quả cần áp dụng, hãy bỏ ẩn (bỏ gạch ngang) trong "
              "tệp rồi nhập lại tệp: những dòng đã áp dụng sẽ được bỏ qua.",
        "en": "Skipped {count} {count:row|rows} hidden or struck through in the file "
              "({count:row|rows} {rows}): such rows (struck out, or left out by a filter) "
              "are not applied, their people stay sent for verification. If any holds an "
              "answer to apply, unhide it (remove the strikethrough) in the file and import "
              "the file again: the rows already applied are skipped.",
    },
    "POLICE_UNCHECKED_UNREACHABLE": {"vi": "không kết nối được hệ thống trung tâm",
                                     "en": "the central platform cannot be reached"},
    "POLICE_UNCHECKED_STOPPED": {"vi": "đã dừng", "en": "stopped"},
    "POLICE_UNCHECKED_TOO_MANY": {"vi": "mỗi tệp chỉ hỏi tối đa {most} số",
                                  "en": "at most {most} numbers are asked per file"},
    "POLICE_ROW_CORRECTION_REFUSED": {
        "vi": "Thông tin xác minh vẫn sai: {problems}",
        "en": "The verified values are still wrong: {problems}",
    },
    "POLICE_ROW_NAME_NO_DIACRITICS": {
        "vi": "Họ tên công an ghi “{name}” không có dấu nên không thay “{old}”: hãy xem và sửa "
              "tay trong hồ sơ nếu cần.",
        "en": "The police wrote the name “{name}” without diacritics, so it does not replace "
              "“{old}”: look at it and correct the record by hand if needed.",
    },
    "POLICE_RESULT_HINT": {
        "vi": "Ghi một trong: {allowed}. Để trống nếu chưa xác minh. Ghi rõ thêm (đã chết năm "
              "nào, chuyển đi đâu…) ở cột “Ghi chú (xác minh)”.",
        "en": "Write one of: {allowed}. Leave empty if not verified yet. Say more (the year "
              "of death, where they moved…) in the column “Ghi chú (xác minh)”.",
    },
    "POLICE_RESULT_NOT_RECOGNISED": {
        "vi": "“{value}”: không phải kết quả hợp lệ",
        "en": "“{value}”: not a recognised answer",
    },
    # A case's note for the police's answer (police_apply._police_said): the file and row,
    # their answer, the values they gave, their notes, and why it was not applied.
    "POLICE_NOTE_FROM": {
        "vi": "Tệp {file}, dòng {row}: công an trả lời “{result}”",
        "en": "File {file}, row {row}: the police answered “{result}”",
    },
    "POLICE_NOTE_FROM_NO_RESULT": {
        "vi": "Tệp {file}, dòng {row}: công an chưa ghi kết quả",
        "en": "File {file}, row {row}: the police gave no result",
    },
    "POLICE_NOTE_REMARK": {"vi": "ghi chú: {note}", "en": "note: {note}"},
    "POLICE_NOTE_NOT_APPLIED": {"vi": "Không áp dụng: {why}", "en": "Not applied: {why}"},
    # The audit's words for an export's count and for a returned file applied
    "FIELD_PEOPLE": {"vi": "Số người", "en": "People"},
    "FIELD_POLICE_FILE": {"vi": "Áp dụng kết quả xác minh của công an từ tệp",
                          "en": "Police verification results applied from"},
    "FIELD_POLICE_CORRECTED": {"vi": "Số người được sửa", "en": "People corrected"},
    "FIELD_POLICE_FIXED": {"vi": "Đã sửa xong", "en": "Fixed"},
    "FIELD_POLICE_CANNOT_VERIFY": {"vi": "Không xác minh được", "en": "Cannot verify"},
    "FIELD_POLICE_STILL_OPEN": {"vi": "Đã xác minh nhưng vẫn còn vấn đề",
                                "en": "Verified, a problem left"},
    "FIELD_POLICE_NOT_APPLIED": {"vi": "Số dòng không áp dụng", "en": "Rows not applied"},
    "POLICE_MISSING": {
        "vi": "{count} người đã gửi cùng đợt không có trong tệp trả về (vẫn ở “Đã gửi xác "
              "minh”).",
        "en": "{count} {count:person|people} sent in the same list {count:is|are} not in the "
              "returned file (still sent for verification).",
    },
    "POLICE_MISSING_ROW": {
        "vi": "Không có trong tệp trả về: {name} ({person_id})",
        "en": "Not in the returned file: {name} ({person_id})",
    },
    "POLICE_ROW": {"vi": "Dòng {row}: {message}", "en": "Row {row}: {message}"},
    "POLICE_DIFF": {"vi": "Dòng {row} ({name}): {changes}", "en": "Row {row} ({name}): {changes}"},
    "POLICE_EXPORTED": {
        "vi": "Đã ghi {count} người vào {path} và chuyển sang “Đã gửi xác minh”.",
        "en": "Wrote {count} {count:person|people} to {path} and marked them sent for verification.",
    },
    "POLICE_SUMMARY": {
        "vi": "{rows} dòng: {matches} khớp, {corrected} sai thông tin (sẽ sửa), {not_found} "
              "không xác minh được; "
              "{refused} bị quy tắc từ chối (chuyển sang “Đã có kết quả” kèm ghi chú), "
              "{held} cần xem lại, {pending} chưa có kết quả, {skipped} bỏ qua.",
        "en": "{rows} {rows:row|rows}: {matches} matched, {corrected} to correct, {not_found} cannot be verified; "
              "{refused} refused by the rules (moved to returned, with a note), "
              "{held} to look at, {pending} without a result, {skipped} skipped.",
    },
    "POLICE_APPLIED_COUNTS": {
        "vi": "Đã áp dụng: thông tin của {corrected} người được sửa; {fixed} hồ sơ chuyển "
              "sang “Đã sửa”, {cannot_verify} sang “Không xác minh được”, {still_open} đã "
              "xác minh nhưng vẫn còn vấn đề (trở lại danh sách); {refused} dòng không áp "
              "dụng.",
        "en": "Applied: {corrected} {corrected:person|people} corrected; {fixed} moved to "
              "“Fixed”, {cannot_verify} to “Cannot verify”, {still_open} verified but with a "
              "problem left (back on the list); {refused} {refused:row|rows} not applied.",
    },
    "CLEANING_LISTED": {"vi": "{n} trường hợp được liệt kê. Cả danh sách: {counts}",
                        "en": "{n} {n:case|cases} listed. The whole list: {counts}"},
    "CLEANING_EMPTY": {"vi": "Không có ai cần làm sạch dữ liệu.",
                       "en": "Nobody needs their data cleaned."},
    "POLICE_DRY_RUN": {
        "vi": "Chưa thay đổi gì: chạy lại với --apply để áp dụng.",
        "en": "Nothing changed yet: run again with --apply to apply.",
    },
    # Certificates and identity
    "CERT_IDENTITY_OPEN": {
        "vi": "Chưa thể cấp chứng nhận cho {name}: {problems}. Hãy sửa thông tin trước, hoặc "
              "giám sát viên cấp kèm lý do.",
        "en": "No certificate for {name} yet: {problems}. Correct the record first, or a "
              "supervisor may issue it with a reason.",
    },
    "CERT_OVERRIDE_REASON_REQUIRED": {
        "vi": "Cấp chứng nhận khi thông tin còn sai cần ghi lý do.",
        "en": "Issuing a certificate over an identity error needs a reason.",
    },
}
