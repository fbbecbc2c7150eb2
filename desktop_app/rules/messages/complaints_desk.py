"""The Complaints area of the app and its services: the desk's sentences about complaints."""

MESSAGES: dict[str, dict[str, str]] = {
    "COMPLAINT_ALREADY_CLOSED": {
        "vi": "Phản ánh {code} đã được xử lý ({status}); không xử lý lại.",
        "en": "Complaint {code} was already dealt with ({status}); it is not resolved again.",
    },
    "COMPLAINT_DOSE_NOT_THE_ANSWER": {
        "vi": "Phản ánh {code} là “{kind}”: bổ sung một mũi tiêm không giải quyết được; hãy sửa thông tin hồ sơ hoặc trả lời phản ánh.",
        "en": "Complaint {code} is “{kind}”: adding a dose does not answer it; correct the record or reply to the complaint.",
    },
    "COMPLAINT_NOTHING_CORRECTED": {
        "vi": "Chưa sửa thông tin nào, và hồ sơ chưa được sửa từ khi nhận phản ánh: hãy sửa thông tin sai rồi mới lưu (một mũi tiêm chưa từng tiêm thì đánh dấu nhập nhầm trong Danh sách bản ghi trước), hoặc chọn cách xử lý khác.",
        "en": "Nothing was edited, and the record was not corrected since the complaint came: correct what is wrong before saving (a dose never given: void it in Records first), or choose another action.",
    },
    "COMPLAINT_NO_PERSON": {
        "vi": "Phản ánh {code} chưa gắn với hồ sơ nào ở điểm tiêm này (không có hồ sơ mang số giấy tờ {id_number}).",
        "en": "Complaint {code} is not linked to a record at this site (no record carries the ID number {id_number}).",
    },
    # An id handed to a resolution that is not the complainant's (services.complaints).
    "COMPLAINT_DOSE_NOT_THEIRS": {
        "vi": "Chưa sửa: mũi tiêm đã chọn không thuộc hồ sơ mà phản ánh {code} nói tới. Hãy chọn lại một mũi tiêm của hồ sơ này.",
        "en": "Nothing was corrected: the chosen dose is not on the record complaint {code} is about. Choose one of that record's doses.",
    },
    "COMPLAINT_MERGE_NOT_THEIRS": {
        "vi": "Chưa gộp: phản ánh {code} nói về hồ sơ của {name}, mà hồ sơ này không nằm trong hai hồ sơ đã chọn để gộp. Hãy chọn lại.",
        "en": "Nothing was merged: complaint {code} is about the record of {name}, which is not one of the two records chosen. Choose again.",
    },
    # A supervisor's choice of the record a complaint is about (services.complaints.link_person).
    "COMPLAINT_LINK_NO_RECORD": {
        "vi": "Chưa gắn phản ánh {code}: hồ sơ đã chọn không còn ở điểm tiêm này (có thể đã được gộp vào hồ sơ khác). Hãy tìm lại.",
        "en": "Complaint {code} was not linked: the chosen record is no longer at this site (it may have been merged into another). Search again.",
    },
    "AUDIT_COMPLAINT_LINKED": {"vi": "Gắn phản ánh với hồ sơ", "en": "Complaint linked to a record"},
    "AUDIT_LINK_WHAT": {
        "vi": "hồ sơ của {name} (số giấy tờ {id_number})",
        "en": "the record of {name} (ID {id_number})",
    },
    "AUDIT_RELINK_WHAT": {
        "vi": "hồ sơ của {name} (số giấy tờ {id_number}), thay cho hồ sơ đã chọn trước đó",
        "en": "the record of {name} (ID {id_number}), instead of the one chosen before",
    },
    # A call taken here that central routed to another site or the province (forwarded).
    "COMPLAINT_FORWARDED": {
        "vi": "Phản ánh {code} đã được hệ thống trung tâm chuyển cho nơi khác xử lý: điểm tiêm này chỉ theo dõi tình trạng, không xử lý.",
        "en": "Complaint {code} was passed on by the central platform to be handled elsewhere: this site follows how it stands but does not resolve it.",
    },
    "COMPLAINT_FORWARDED_SHORT": {"vi": "Đã chuyển đi", "en": "Passed on"},
    # A complaint this site handed back to the province (services/complaints.hand_back).
    "COMPLAINT_HANDED_BACK": {
        "vi": "Phản ánh {code} đã được trả về Sở Y tế: điểm tiêm này không xử lý nữa.",
        "en": "Complaint {code} was handed back to the health department: this site no longer resolves it.",
    },
    "COMPLAINT_HAND_BACK_NOT_SENT": {
        "vi": "Phản ánh này chưa được gửi lên hệ thống trung tâm nên chưa giao cho nơi nào; sau lần đồng bộ tới, hệ thống sẽ chuyển đến nơi giữ hồ sơ của người dân.",
        "en": "This complaint has not reached the central platform yet, so it is nobody's yet; at the next sync the platform sends it to whoever holds the citizen's record.",
    },
    # Moved here by the province (wire.MovedHere): the site is told why it is its own.
    "COMPLAINT_MOVED_HERE_WHY": {
        "vi": "Sở Y tế chuyển phản ánh này về điểm tiêm (từ {source}, {at}): {reason}",
        "en": "Moved to this site by the health department (from {source}, {at}): {reason}",
    },
    "COMPLAINT_FROM_PROVINCE": {"vi": "Sở Y tế", "en": "the health department"},
    "COMPLAINT_HANDED_BACK_WHY": {
        "vi": "Đã trả về Sở Y tế ({by}, {at}): {reason}",
        "en": "Handed back to the health department ({by}, {at}): {reason}",
    },
    # Central's refusals of a hand-back (sync/complaints.push_hand_backs), on the complaint.
    "COMPLAINT_HAND_BACK_CLOSED": {
        "vi": "Không trả về được: phản ánh đã được xử lý xong trên hệ thống trung tâm.",
        "en": "Not handed back: the complaint was already resolved on the central platform.",
    },
    "COMPLAINT_HAND_BACK_MOVED": {
        "vi": "Không trả về được: phản ánh đã được chuyển cho nơi khác xử lý.",
        "en": "Not handed back: the complaint had already been moved elsewhere.",
    },
    "COMPLAINT_HAND_BACK_UNKNOWN": {
        "vi": "Không trả về được: hệ thống trung tâm không còn giữ phản ánh này. Hãy báo cho tuyến trên.",
        "en": "Not handed back: the central platform no longer holds this complaint. Tell the level above.",
    },
    "COMPLAINT_HAND_BACK_REFUSED": {
        "vi": "Hệ thống trung tâm không nhận việc trả về phản ánh này; phản ánh vẫn do điểm tiêm này xử lý.",
        "en": "The central platform did not take the hand-back; the complaint is still this site's.",
    },
    # A complaint answered by a merge, reopened when that merge is split
    # (services/complaint_reopen): the reason sent to the province, in Vietnamese.
    "COMPLAINT_REOPEN_SPLIT": {
        "vi": "Hai hồ sơ đã gộp khi trả lời phản ánh này được tách lại (gộp nhầm): phản ánh "
              "được xử lý lại.",
        "en": "The two records merged to answer this complaint were split again (merged by "
              "mistake): the complaint is handled again.",
    },
    "COMPLAINT_REOPENED_WHY": {
        "vi": "Mở lại để xử lý lại ({by}, {at}): {reason}",
        "en": "Reopened to be handled again ({by}, {at}): {reason}",
    },
    "COMPLAINT_REOPEN_UNSENT_WHY": {
        "vi": "Hệ thống trung tâm chưa được báo: người dân vẫn đọc kết quả cũ cho đến lần "
              "đồng bộ tới.",
        "en": "The central platform is not told yet: the citizen reads the old outcome until "
              "the next sync.",
    },
    "COMPLAINT_REOPEN_NOT_SENT": {"vi": "mở lại chưa gửi", "en": "reopening not sent yet"},
    "COMPLAINT_REOPENED_BY_SPLIT": {
        "vi": "{count} phản ánh đã trả lời bằng lần gộp này được mở lại để xử lý lại: "
              "{codes}.",
        "en": "{count} {count:complaint|complaints} answered by this merge {count:is|are} "
              "open again, to be answered anew: {codes}.",
    },
    # Central's refusals of a reopening (sync/complaints.push_reopens), on the complaint.
    "COMPLAINT_REOPEN_REFUSED": {
        "vi": "Hệ thống trung tâm không mở lại phản ánh này (không còn câu trả lời của điểm "
              "tiêm, hoặc đã có câu trả lời khác). Hãy báo cho tuyến trên.",
        "en": "The central platform did not reopen this complaint (the site's answer is no "
              "longer there, or another stands). Tell the level above.",
    },
    "COMPLAINT_REOPEN_MOVED": {
        "vi": "Hệ thống trung tâm không mở lại phản ánh này: phản ánh không còn do điểm tiêm "
              "này giữ.",
        "en": "The central platform did not reopen this complaint: this site no longer holds "
              "it.",
    },
    "COMPLAINT_REOPEN_UNKNOWN": {
        "vi": "Không mở lại được: hệ thống trung tâm không còn giữ phản ánh này. Hãy báo cho "
              "tuyến trên.",
        "en": "Not reopened: the central platform no longer holds this complaint. Tell the "
              "level above.",
    },
    "COMPLAINT_FORWARDED_WHY": {
        "vi": "Hệ thống trung tâm đã chuyển phản ánh này cho nơi giữ hồ sơ của người dân (điểm tiêm khác hoặc Sở Y tế) xử lý, nên điểm tiêm này không xử lý. Tình trạng và kết quả ở đây là những gì người dân xem được bằng mã phản ánh, cập nhật sau mỗi lần đồng bộ.",
        "en": "The central platform passed this complaint on to whoever holds the citizen's record (another site or the health department), so this site does not resolve it. The status and outcome here are what the citizen reads by the code, updated at each sync.",
    },
    "COMPLAINT_NOT_TAKEN": {
        "vi": "Chưa ghi nhận phản ánh: {count} ô cần sửa (xem bên cạnh từng ô).",
        "en": "The complaint was not taken: {count} {count:field|fields} to fix (see beside each field).",
    },
    "COMPLAINT_CENTRAL_RESOLUTION": {
        "vi": "Người dân đang đọc cách xử lý của hệ thống trung tâm ({by}, {at}): {action}: {note}",
        "en": "The citizen reads the central platform's resolution ({by}, {at}): {action}: {note}",
    },
    "COMPLAINT_RESOLVED_ELSEWHERE": {
        "vi": "Hệ thống trung tâm đã ghi nhận một cách xử lý khác cho phản ánh này; cách xử lý ở đây được giữ lại để đối chiếu.",
        "en": "The central platform already holds another resolution of this complaint; the one made here is kept to compare.",
    },
    "COMPLAINT_ROUTED_ELSEWHERE": {
        "vi": "Hệ thống trung tâm đã chuyển phản ánh này cho nơi khác xử lý; cách xử lý ở đây được giữ lại nhưng không gửi đi.",
        "en": "The central platform routed this complaint elsewhere; the resolution made here is kept but not sent.",
    },
    "COMPLAINT_UNKNOWN_ON_CENTRAL": {
        "vi": "Hệ thống trung tâm không còn giữ phản ánh này (có thể đã được khôi phục từ bản sao lưu cũ); cách xử lý ở đây được giữ lại nhưng không gửi đi. Hãy báo cho tuyến trên.",
        "en": "The central platform no longer holds this complaint (perhaps restored from an older backup); the resolution made here is kept but not sent. Tell the level above.",
    },
    # The add-dose form names another person than the complaint (services/complaints
    # ._someone_else): said at the form, and asked before a dose is recorded.
    "COMPLAINT_FORM_SOMEONE_ELSE": {
        "vi": "Phản ánh này là của {complainant} (ngày sinh {born}), nhưng phiếu đang ghi {name} (ngày sinh {dob}): có thể là người khác (chẳng hạn anh chị em sinh đôi có số giấy tờ liền nhau). Hãy hỏi lại người dân trước khi bổ sung mũi tiêm cho người này; nếu không đúng người, đóng phiếu và dùng “Chọn hồ sơ” để gắn đúng hồ sơ.",
        "en": "This complaint is {complainant}'s (born {born}), but the form reads {name} (born {dob}): perhaps another person (twins have ID numbers in sequence, say). Ask the citizen before adding the dose for this person; if it is not them, close the form and use “Choose the record” to link the right one.",
    },
    # A "dose added" answer held back by the sync (sync/complaints._dose_not_there).
    "COMPLAINT_ANSWER_DOSE_REFUSED": {
        "vi": "Câu trả lời chưa gửi: hệ thống trung tâm chưa có mũi tiêm được bổ sung vì đã từ chối mũi tiêm hoặc hồ sơ của người này (xem mục Đồng bộ). Người dân vẫn thấy phản ánh đang xử lý; hãy sửa hồ sơ bị từ chối, câu trả lời sẽ được gửi sau khi mũi tiêm lên hệ thống.",
        "en": "The answer is not sent: the central platform does not hold the dose added, as it refused the dose or this person's record (see Sync). The citizen still reads the complaint as in progress; fix the refused record, and the answer is sent once the dose is on the platform.",
    },
    # A hotline entry the central platform refused (sync/complaints.push_hotline), by the
    # field it named: shown on the complaint, which is not sent again.
    "COMPLAINT_REFUSED_KIND": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: loại phản ánh không hợp lệ. Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: what the complaint is about is not one of the kinds. It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_ID_NUMBER": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: số giấy tờ không đúng (số CCCD có 12 chữ số, số CMND 9 chữ số, hộ chiếu 5–20 chữ cái và chữ số). Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: the ID number is not valid (a CCCD has 12 digits, a CMND 9, a passport 5–20 letters and digits). It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_FULL_NAME": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: họ và tên không hợp lệ. Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: the full name is not valid. It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_DOB": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: ngày sinh thiếu hoặc không hợp lệ. Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: the date of birth is missing or not valid. It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_PHONE": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: số điện thoại không đúng. Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: the phone number is not valid. It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_DOSE_NUMBER": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: chưa rõ mũi tiêm thứ mấy (hoặc số mũi không hợp lệ). Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: which dose it is about is not said (or the dose number is not valid). It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_DOSE_DATE": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: ngày tiêm không hợp lệ (ở tương lai hoặc trước ngày sinh). Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: the date of the dose is not valid (in the future or before the birth). It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_TEXT": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này: nội dung phản ánh quá dài. Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint: the citizen's words are too long. It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    "COMPLAINT_REFUSED_ENTRY": {
        "vi": "Hệ thống trung tâm từ chối nhận phản ánh này (dữ liệu không đúng định dạng). Phản ánh sẽ không được gửi lại: hãy gọi lại cho người dân, hỏi lại rồi ghi nhận một phản ánh mới.",
        "en": "The central platform refused this complaint (its data is malformed). It will not be sent again: call the citizen back, check with them and take a new complaint.",
    },
    # The list's status of such an entry, short (the complaint's pane says why).
    "COMPLAINT_REFUSED_SHORT": {"vi": "trung tâm từ chối nhận", "en": "refused by central"},
    # Said in the Complaints area once a missing dose is added (ui/complaints)
    "COMPLAINT_DOSE_ADDED": {
        "vi": "Đã bổ sung mũi tiêm; phản ánh đã được giải quyết.",
        "en": "The dose is added; the complaint is resolved.",
    },
    "COMPLAINT_DOSE_ALREADY": {
        "vi": "Mũi tiêm này đã có trong hồ sơ (không ghi lại lần nữa); phản ánh đã được giải quyết, nêu tên mũi tiêm đó.",
        "en": "This dose was on the record already (not recorded again); the complaint is resolved, naming it.",
    },
    "COMPLAINT_DOSE_ADDED_FLAGGED": {
        "vi": "Đã bổ sung mũi tiêm; phản ánh đã được giải quyết. Hồ sơ được đưa vào danh sách "
              "làm sạch dữ liệu: {problems}.",
        "en": "The dose is added; the complaint is resolved. The record is put on the data "
              "cleaning list: {problems}.",
    },
    "COMPLAINT_NOTE_ADD_DOSE": {
        "vi": "Đã bổ sung mũi {number} tiêm ngày {date}.",
        "en": "Dose {number} of {date} was added.",
    },
    "COMPLAINT_DOSE_CHOICE": {
        "vi": "Mũi {number} · {product} · {date}",
        "en": "Dose {number} · {product} · {date}",
    },
    # A complaint answered by the void of a dose never given (services/complaint_voids).
    "COMPLAINT_NOTE_VOID": {
        "vi": "Đã đánh dấu nhập nhầm mũi tiêm ghi sai trong hồ sơ: {doses}.",
        "en": "The dose recorded in error was voided in the record: {doses}.",
    },
    "COMPLAINT_VOIDS_ANSWER": {
        "vi": "Đã đánh dấu nhập nhầm từ khi nhận phản ánh: {doses}. Lưu mà không sửa gì thì phản ánh được trả lời bằng việc đó.",
        "en": "Voided since the complaint came: {doses}. Save with nothing edited to answer the complaint with that.",
    },
    "COMPLAINT_VOIDED_DOSE": {
        "vi": "mũi {number} ngày {date}",
        "en": "dose {number} of {date}",
    },
    # A complaint answered by a correction or a merge made since it came
    # (services/complaint_since): the change named to the supervisor, values and all.
    "COMPLAINT_CHANGES_ANSWER": {
        "vi": "Hồ sơ đã được sửa từ khi nhận phản ánh: {changes}. Lưu mà không sửa gì thêm thì phản ánh được trả lời là đã sửa thông tin.",
        "en": "Corrected since the complaint came: {changes}. Save with nothing more edited to answer the complaint as corrected.",
    },
    "COMPLAINT_CHANGED_FIELD": {
        "vi": "{field}: {old} → {new} (sửa lúc {at}, bởi {by})",
        "en": "{field}: {old} → {new} (corrected {at} by {by})",
    },
    "COMPLAINT_MERGED_SINCE": {
        "vi": "Hồ sơ đã được gộp với hồ sơ của {name} (số giấy tờ {id_number}) lúc {at}, bởi {by}, sau khi nhận phản ánh. Lưu để trả lời phản ánh bằng lần gộp đó.",
        "en": "The record was merged with the record of {name} (ID {id_number}) at {at} by {by}, after the complaint came. Save to answer the complaint with that merge.",
    },
    "COMPLAINT_NOTE_CORRECT": {
        "vi": "Đã sửa thông tin: {changes}.",
        "en": "The details were corrected: {changes}.",
    },
    "COMPLAINT_NOTE_MERGE": {
        "vi": "Đã gộp hai hồ sơ của cùng một người; các mũi tiêm nay hiển thị trên một hồ sơ.",
        "en": "Two records of the same person were merged; the doses now show on one record.",
    },
    # An answer made here the platform has not had yet: its 48 hours run on there.
    "COMPLAINT_ANSWER_NOT_SENT": {"vi": "trả lời chưa gửi", "en": "answer not sent yet"},
    "COMPLAINT_NOT_SENT_YET": {
        "vi": "chưa gửi",
        "en": "not sent yet",
    },
    "MERGE_SAME_RECORD": {
        "vi": "Không thể gộp một hồ sơ với chính nó: hãy chọn hồ sơ kia.",
        "en": "A record cannot be merged with itself: choose the other record.",
    },
    "MERGE_ALREADY_MERGED": {
        "vi": "Hồ sơ của {name} đã được gộp vào hồ sơ khác trước đó.",
        "en": "The record of {name} was already merged into another one.",
    },
    "MERGE_ID_DIFFERS": {
        "vi": "Không gộp: hai hồ sơ mang hai số giấy tờ khác nhau ({kept} và {folded}), nên có thể là hai người. Hãy sửa số giấy tờ sai trước.",
        "en": "Not merged: the two records carry different ID numbers ({kept} and {folded}), so they may be two people. Correct the wrong number first.",
    },
    "MERGE_ASK_WRONG_NUMBER": {
        "vi": "Giữ lại: {kept_record}. Bị gộp: {folded_record}. Hai số {kept} và {folded} "
              "chỉ khác một chữ số, hoặc hai chữ số liền nhau bị đảo chỗ. Nếu {folded} là số "
              "{kept} bị gõ nhầm, hai hồ sơ được gộp và số nhầm chỉ còn trong lịch sử của hồ "
              "sơ bị gộp. Anh chị em sinh đôi thường có số CCCD liền nhau: nếu không chắc, "
              "đừng gộp, hãy xem giấy tờ của người dân. Nếu số sai là số của hồ sơ giữ lại, "
              "hãy chọn giữ hồ sơ kia.",
        "en": "Kept: {kept_record}. Folded: {folded_record}. The numbers {kept} and {folded} "
              "differ by one digit, or by two neighbouring digits swapped. If {folded} is "
              "{kept} mistyped, the records merge and the mistyped number stays only in the "
              "folded record's history. Twins often have consecutive CCCD numbers: if unsure, "
              "do not merge; check the citizen's papers. If the kept record's number is the "
              "wrong one, choose to keep the other record.",
    },
    "MERGE_CMND_AND_CCCD": {
        "vi": "Không gộp: một hồ sơ mang CMND {cmnd}, hồ sơ kia CCCD {cccd}. Nếu thẻ CCCD của người này ghi CMND cũ {cmnd}, hãy mở hồ sơ {name} (CCCD {cccd}), nhập {cmnd} vào ô \"Số CMND cũ\" rồi gộp lại; nếu không, đây là hai người.",
        "en": "Not merged: one record carries the CMND {cmnd}, the other the CCCD {cccd}. If this person's CCCD card names the old CMND {cmnd}, open the record {name} (CCCD {cccd}), enter {cmnd} as its \"Old ID card (CMND)\" and merge again; if not, they are two people.",
    },
    "MERGE_DUPLICATE_DOSE": {
        "vi": "Không gộp: cả hai hồ sơ đều có {doses}. Nếu là một mũi ghi hai lần, hãy đánh "
              "dấu một bản là nhập nhầm; nếu là hai mũi khác nhau (một mũi ghi sai số thứ "
              "tự), hãy sửa số mũi cho đúng. Sau đó gộp lại.",
        "en": "Not merged: both records have {doses}. If it is one dose typed twice, void "
              "one of them; if they are two doses (one under the wrong number), correct its "
              "number. Then merge again.",
    },
    "MERGE_DOSE_ON_BOTH": {
        "vi": "mũi số {number} (hồ sơ giữ lại: {kept}; hồ sơ gộp vào: {folded})",
        "en": "dose number {number} (the kept record: {kept}; the folded one: {folded})",
    },
    "MERGE_DOSE_HELD": {"vi": "{product} ngày {date}", "en": "{product} on {date}"},
    "MERGE_SEX_DIFFERS": {
        "vi": "Giới tính khác nhau: hồ sơ giữ lại ghi {kept}, hồ sơ gộp vào ghi {folded}.",
        "en": "Different sex: the kept record says {kept}, the folded one {folded}.",
    },
    "MERGE_DOB_DIFFERS": {
        "vi": "Ngày sinh khác nhau: hồ sơ giữ lại ghi {kept}, hồ sơ gộp vào ghi {folded}.",
        "en": "Different dates of birth: the kept record says {kept}, the folded one {folded}.",
    },
    "MERGE_NAME_DIFFERS": {
        "vi": "Họ tên khác hẳn nhau: hồ sơ giữ lại là {kept}, hồ sơ gộp vào là {folded}.",
        "en": "Different names: the kept record is {kept}, the folded one {folded}.",
    },
    "MERGE_RECORD": {
        "vi": "{name} (ngày sinh {dob}, số giấy tờ: {id_number})",
        "en": "{name} (born {dob}, ID: {id_number})",
    },
    "MERGE_NO_ID": {"vi": "không có", "en": "none"},
    "MERGE_CONFIRM_WHAT": {
        "vi": "Hồ sơ {folded} sẽ được gộp vào hồ sơ {kept}: {doses} mũi tiêm của hồ sơ gộp "
              "vào chuyển sang hồ sơ của {kept_name}, và hồ sơ gộp vào chỉ còn là hồ sơ đã "
              "được thay thế.",
        "en": "The record of {folded} is folded into the record of {kept}: {kept_name}'s "
              "record takes its {doses} {doses:dose|doses}, and it stays only as a replaced "
              "record.",
    },
    "MERGE_CONFIRM_JOINED": {
        "vi": "Khi gộp, các mũi tiêm của hai hồ sơ không khớp nhau: {problems} Hồ sơ giữ lại "
              "sẽ được đưa vào danh sách làm sạch để sửa lại lịch sử mũi tiêm (một mũi ghi "
              "hai lần thì đánh dấu một bản là nhập nhầm).",
        "en": "Once merged, the two records' doses do not fit together: {problems} The kept record "
              "goes on the cleaning list, its dose history to put right (one dose recorded "
              "twice: void one of them).",
    },
    "MERGE_PEOPLE_DIFFER": {
        "vi": "Không gộp: {differences} Hai hồ sơ có thể là của hai người khác nhau; chỉ gộp khi người giám sát đã xác nhận đúng là một người.",
        "en": "Not merged: {differences} The two records may be two different people; they are merged only once a supervisor confirms they are one person.",
    },
    "MERGE_IN_CONFLICT": {
        "vi": "Không gộp: hồ sơ của {name} đang có xung đột đồng bộ với hệ thống trung tâm. Hãy giải quyết xung đột trước (màn hình Đồng bộ), rồi gộp lại.",
        "en": "Not merged: the record of {name} is in a sync conflict with the central platform. Settle the conflict first (the Sync screen), then merge.",
    },
    "UNMERGE_NOT_MERGED": {
        "vi": "Hồ sơ của {name} chưa được gộp vào hồ sơ nào: không có gì để tách.",
        "en": "The record of {name} was not merged into another: there is nothing to split.",
    },
    # Split elsewhere since, then merged into another record: that later merge is not
    # undone from the button of the first (services/merges.unmerge_people's kept_id).
    "UNMERGE_NOT_INTO": {
        "vi": "Hồ sơ của {name} không còn được gộp vào hồ sơ này: nó đã được tách ra, rồi gộp vào một hồ sơ khác. Lần gộp sau không tách từ đây.",
        "en": "The record of {name} is no longer merged into this record: it was split off, then merged into another. That later merge is not split from here.",
    },
    "UNMERGE_KEPT_MERGED": {
        "vi": "Chưa tách được: hồ sơ của {name} (hồ sơ giữ lại) sau đó lại được gộp vào một hồ sơ khác. Hãy tách lần gộp sau trước.",
        "en": "Not split yet: the record of {name} (the kept one) was itself merged into another since. Split that later merge first.",
    },
    "UNMERGE_NO_TRAIL": {
        "vi": "Không tách được hồ sơ của {name}: nhật ký thao tác ở máy này không ghi lần gộp đó, nên không biết mũi tiêm nào đã chuyển sang.",
        "en": "The record of {name} cannot be split: this laptop's audit trail does not hold that merge, so which doses moved is not known.",
    },
    "UNMERGE_IN_CONFLICT": {
        "vi": "Chưa tách: hồ sơ của {name} đang có xung đột đồng bộ với hệ thống trung tâm. Hãy giải quyết xung đột trước (màn hình Đồng bộ), rồi tách lại.",
        "en": "Not split: the record of {name} is in a sync conflict with the central platform. Settle the conflict first (the Sync screen), then split.",
    },
    "UNMERGE_ASK_WHICH": {
        "vi": "Tách hồ sơ {folded} khỏi hồ sơ {kept}?",
        "en": "Split the record {folded} off the record {kept}?",
    },
    "UNMERGE_DONE_NAMED": {
        "vi": "Đã tách hồ sơ {folded} khỏi hồ sơ {kept}: {doses} mũi tiêm trở về; {revoked} chứng nhận in sau lần gộp bị thu hồi.",
        "en": "The record {folded} is apart from the record {kept} again: {doses} {doses:dose|doses} went back to it; {revoked} {revoked:certificate|certificates} printed since the merge were revoked.",
    },
    "UNMERGE_REPRINT": {
        "vi": "{count} chứng nhận của hồ sơ đã bị gộp bị thu hồi khi gộp và vẫn bị thu hồi ({uvcis}): hãy in lại chứng nhận cho người này.",
        "en": "{count} {count:certificate|certificates} of the record that was folded, revoked by the merge, stay revoked ({uvcis}): print this person's certificate again.",
    },
    "UNMERGE_DONE": {
        "vi": "Đã tách lại hai hồ sơ: {doses} mũi tiêm trở về hồ sơ đã bị gộp; {revoked} chứng nhận in sau lần gộp bị thu hồi.",
        "en": "The two records are apart again: {doses} {doses:dose|doses} went back to the record that was folded; {revoked} {revoked:certificate|certificates} printed since the merge were revoked.",
    },
}
