"""A day at the desk (issue #19): the day's lot, screening, observation, reactions, call-backs
and the day's tally."""

MESSAGES: dict[str, dict[str, str]] = {
    # Lots
    "LOT_OTHER_PRODUCT": {
        "vi": "Lô {lot} là lô của vắc xin {product}, không phải vắc xin đang chọn. Kiểm tra lại tên vắc xin hoặc số lô.",
        "en": "Lot {lot} is a lot of {product}, not of the vaccine chosen. Check the vaccine or the lot number.",
    },
    "LOT_EXPIRED": {
        "vi": "Lô {lot} đã hết hạn sử dụng ngày {expiry}: không được tiêm lô này.",
        "en": "Lot {lot} expired on {expiry}: it must not be used.",
    },
    "LOT_FORMAT": {
        "vi": "“{value}” không phải số lô: số lô chỉ gồm chữ, số và các dấu - . / (tối đa 30 ký tự). Có thể thẻ căn cước đã được quét vào ô này: xóa đi và nhập số lô in trên hộp vắc xin.",
        "en": "“{value}” is not a lot number: a lot has letters, digits and - . / only (30 at most). An ID card may have been scanned into this field: clear it and type the lot printed on the box.",
    },
    "VACCINATOR_NOT_A_NAME": {
        "vi": "Ô người tiêm chứa nội dung mã QR của thẻ căn cước, không phải tên người tiêm: xóa đi và nhập tên người tiêm.",
        "en": "The vaccinator field holds an ID card's QR text, not a vaccinator's name: clear it and type the vaccinator's name.",
    },
    "LOT_EXPIRY_REQUIRED": {
        "vi": "Lô {lot} chưa có trong danh sách: nhập hạn sử dụng của lô (in trên hộp vắc xin).",
        "en": "Lot {lot} is not listed yet: enter its expiry date (printed on the box).",
    },
    "AGE_OVERRIDE_REASON_REQUIRED": {
        "vi": "Tiêm vắc xin ngoài độ tuổi cho phép cần lý do của người giám sát.",
        "en": "Giving a vaccine outside its eligible ages needs a supervisor's reason.",
    },
    # Screening
    "SCREENING_ITEM_UNKNOWN": {
        "vi": "Mục khám sàng lọc không có trong bảng kiểm: {item}.",
        "en": "Not an item of the screening checklist: {item}.",
    },
    "SCREENING_ITEM_NOT_FOR_AGE": {
        "vi": "Phiếu khám sàng lọc đã ghi không phải bảng kiểm dành cho người {age} tuổi (dưới 18 tuổi: bảng kiểm trẻ em; từ 18 tuổi: bảng kiểm người lớn), có thể vì ngày sinh đã sửa sau khi khám. Mục không thuộc bảng kiểm này: {item}. Mở lại bảng kiểm (F2) để khám sàng lọc lại.",
        "en": "The screening recorded is not the checklist for a person aged {age} (under 18: the children's checklist; 18 and over: the adult one), perhaps because the date of birth was changed after it. Items not on this checklist: {item}. Open the checklist again (F2) to screen again.",
    },
    "SCREENING_CHECKLIST_AGE_UNKNOWN": {
        "vi": "Chưa có ngày sinh: hỏi mọi mục của bảng kiểm người lớn và bảng kiểm trẻ em",
        "en": "No date of birth: every item of the adult and the children's checklists",
    },
    "SCREENING_REASON_REQUIRED": {
        "vi": "Ghi lý do của kết luận khám sàng lọc (hoãn tiêm, chuyển viện, hoặc khác với bảng kiểm).",
        "en": "Write the reason for the screening outcome (postpone, refer, or other than the checklist says).",
    },
    "DOSE_POSTPONED_TODAY": {
        "vi": "Không lưu mũi tiêm: {name} đã được khám sàng lọc lúc {time} với kết luận hoãn tiêm (lý do: {reason}). Nếu nay người này đủ điều kiện tiêm, hãy khám sàng lọc lại (F2) rồi lưu.",
        "en": "Dose not saved: {name} was screened at {time} and postponed (reason: {reason}). If they are now fit for the dose, screen them again (F2), then save.",
    },
    "DOSE_REFERRED_TODAY": {
        "vi": "Không lưu mũi tiêm: {name} đã được khám sàng lọc lúc {time} với kết luận chuyển tiêm tại bệnh viện (lý do: {reason}), không tiêm tại trạm. Nếu kết luận đó bị nhầm, hãy khám sàng lọc lại (F2) rồi lưu.",
        "en": "Dose not saved: {name} was screened at {time} and referred to hospital (reason: {reason}), not to be vaccinated here. If that outcome was a mistake, screen them again (F2), then save.",
    },
    # A dose voided as given to another person (services/doses.void_dose): said at once.
    "SCREENING_TAKEN_OFF": {
        "vi": "Lần khám sàng lọc lúc {at} ({outcome}) cũng đã được gỡ khỏi hồ sơ của {name}: "
              "đó là câu trả lời của người được tiêm. Hãy ghi mũi tiêm cho đúng người ở "
              "“Ghi nhận mũi tiêm”, nơi người đó được khám sàng lọc.",
        "en": "The screening of {at} ({outcome}) was taken off {name}'s record too: those "
              "were the answers of whoever was given the dose. Record the dose on the right "
              "person in “Record doses”, where they are screened.",
    },
    "SCREENING_ELIGIBLE": {"vi": "Đủ điều kiện tiêm", "en": "Eligible"},
    "SCREENING_POSTPONE": {"vi": "Hoãn tiêm", "en": "Postpone"},
    "SCREENING_REFER": {"vi": "Chuyển tiêm tại bệnh viện", "en": "Refer to hospital"},
    "SCREENING_TICKED_FOR_REACTION": {
        "vi": "Mục phản vệ với mũi trước đã được đánh dấu sẵn vì hồ sơ ghi: {reactions}. Chỉ bỏ đánh dấu khi bác sĩ xác định đó không phải phản vệ.",
        "en": "The anaphylaxis-after-a-previous-dose item is ticked because the record says: {reactions}. Untick it only once a doctor has found it was not anaphylaxis.",
    },
    # Reactions
    "REACTION_DESCRIPTION_REQUIRED": {
        "vi": "Mô tả phản ứng sau tiêm (ví dụ: sốt, đau chỗ tiêm, khó thở).",
        "en": "Describe the reaction (for example: fever, sore arm, short of breath).",
    },
    "REACTION_ACTION_REQUIRED": {
        "vi": "Ghi cách đã xử trí phản ứng (ví dụ: theo dõi, hạ sốt, chuyển viện).",
        "en": "Write what was done (for example: watched, fever medicine, sent to hospital).",
    },
    "REACTION_ONSET_INVALID": {
        "vi": "Thời điểm xuất hiện phản ứng phải sau khi tiêm và không ở tương lai.",
        "en": "The reaction's onset must be after the dose and not in the future.",
    },
    "REACTION_MOVE_NOT_VOIDED": {
        "vi": "Chỉ chuyển phản ứng từ mũi tiêm đã đánh dấu nhập nhầm.",
        "en": "Reactions are moved only from a voided dose.",
    },
    "REACTION_MOVE_NONE": {
        "vi": "Mũi tiêm này không có phản ứng nào để chuyển.",
        "en": "This dose has no reaction to move.",
    },
    "REACTION_MOVE_NOT_THAT_DOSE": {
        "vi": "Chỉ chuyển phản ứng sang mũi tiêm cùng vắc xin và cùng ngày tiêm: của người "
              "thực sự được tiêm nếu mũi này đã đánh dấu nhập nhầm vì tiêm cho người khác, "
              "nếu không thì của chính người này.",
        "en": "Reactions move only to a dose of the same vaccine and day: the person's who was "
              "given it if this dose was voided as given to another person, else this "
              "person's own.",
    },
    "REACTIONS_TO_MOVE_TITLE": {"vi": "Phản ứng sau tiêm cần chuyển",
                                "en": "Reactions to move"},
    "REACTIONS_TO_MOVE": {
        "vi": "Mũi tiêm này có {count} phản ứng sau tiêm đã ghi. Phản ứng thuộc về người "
              "thực sự được tiêm: sau khi ghi mũi tiêm cho đúng người, mở lại mũi tiêm đã "
              "đánh dấu nhập nhầm này trong Danh sách bản ghi và chọn “Chuyển phản ứng…”, "
              "để lần khám sàng lọc mũi sau của họ thấy được phản ứng.",
        "en": "This dose has {count} {count:reaction|reactions} recorded. They belong to the "
              "person who was given it: once their dose is recorded, open this voided dose "
              "in Records and choose “Move reactions…”, so that their screening before the "
              "next dose sees them.",
    },
    "REACTIONS_TO_MOVE_SAME": {
        "vi": "Mũi tiêm này có {count} phản ứng sau tiêm đã ghi. Phản ứng vẫn là của người "
              "này: sau khi ghi lại mũi tiêm đúng cho họ, mở lại mũi tiêm đã đánh dấu nhập "
              "nhầm này trong Danh sách bản ghi và chọn “Chuyển phản ứng…”, để lần khám "
              "sàng lọc mũi sau của họ thấy được phản ứng.",
        "en": "This dose has {count} {count:reaction|reactions} recorded. They are still this "
              "person's: once their dose is recorded again, open this voided dose in Records "
              "and choose “Move reactions…”, so that their screening before the next dose "
              "sees them.",
    },
    "REACTION_MILD": {"vi": "Phản ứng thông thường", "en": "Mild reaction"},
    "REACTION_SERIOUS": {"vi": "Phản ứng nặng", "en": "Serious reaction"},
    # Call-backs
    "CALLBACK_TITLE": {"vi": "Danh sách gọi tiêm mũi tiếp theo", "en": "Call-back list for the next dose"},
    "CALLBACK_SHEET": {"vi": "Gọi tiêm mũi tiếp", "en": "Call-backs"},  # a sheet's name: 31 at most
    "CALLBACK_AS_OF": {"vi": "Tình trạng tính đến ngày {day}", "en": "Status as of {day}"},
    "CALLBACK_UPCOMING": {"vi": "Sắp đến hạn", "en": "Due soon"},
    "CALLBACK_DUE": {"vi": "Đến hạn", "en": "Due"},
    "CALLBACK_OVERDUE": {"vi": "Quá hạn", "en": "Overdue"},
    "CALLBACK_COL_NAME": {"vi": "Họ và tên", "en": "Name"},
    "CALLBACK_COL_DOB": {"vi": "Ngày sinh", "en": "Date of birth"},
    "CALLBACK_COL_PHONE": {"vi": "Số điện thoại", "en": "Phone"},
    "CALLBACK_COL_LAST": {"vi": "Mũi gần nhất", "en": "Last dose"},
    "CALLBACK_COL_LAST_DATE": {"vi": "Ngày tiêm gần nhất", "en": "Last dose date"},
    "CALLBACK_COL_NEXT": {"vi": "Mũi tiếp theo", "en": "Next dose"},
    "CALLBACK_COL_NEXT_PRODUCT": {"vi": "Vắc xin mũi tiếp theo", "en": "Next dose's vaccine"},
    # None, or several, of the vaccine's formulations suit the person's age on the day.
    "CALLBACK_NO_PRODUCT": {"vi": "Không xác định được vắc xin hợp tuổi",
                            "en": "No vaccine found for this age"},
    "CALLBACK_COL_FROM": {"vi": "Tiêm được từ ngày", "en": "Due from"},
    "CALLBACK_COL_STATUS": {"vi": "Tình trạng", "en": "Status"},
    # The day's tally and the serious reactions, as Reports entries
    "REPORT_DESK_DAY": {"vi": "Tổng hợp buổi tiêm", "en": "The desk's daily tally"},
    "REPORT_REACTIONS": {"vi": "Phản ứng nặng sau tiêm", "en": "Serious reactions after a dose"},
    "REACTION_ON_VOIDED_DOSE": {"vi": "{product} (mũi tiêm đã đánh dấu nhập nhầm)",
                                "en": "{product} (dose since marked entered in error)"},
    "REPORT_COL_WHAT": {"vi": "Nội dung", "en": "What"},
    "REPORT_COL_ONSET": {"vi": "Thời điểm xuất hiện", "en": "Onset"},
    "REPORT_COL_LOT": {"vi": "Số lô", "en": "Lot"},
    "REPORT_COL_DESCRIPTION": {"vi": "Biểu hiện", "en": "Reaction"},
    "REPORT_COL_ACTION": {"vi": "Xử trí", "en": "What was done"},
    "TALLY_DOSES": {"vi": "Mũi {dose_number} · {product}", "en": "Dose {dose_number} · {product}"},
    "TALLY_SCREENED": {"vi": "Đã khám sàng lọc", "en": "Screened"},
    "TALLY_POSTPONED": {"vi": "Hoãn tiêm", "en": "Postponed"},
    "TALLY_REFERRED": {"vi": "Chuyển tiêm tại bệnh viện", "en": "Referred to hospital"},
    "TALLY_REACTIONS_MILD": {"vi": "Phản ứng thông thường", "en": "Mild reactions"},
    "TALLY_REACTIONS_SERIOUS": {"vi": "Phản ứng nặng", "en": "Serious reactions"},
    # The audit trail
    "AUDIT_SCREENING": {"vi": "Khám sàng lọc", "en": "Screened"},
    "AUDIT_SCREENING_WITHDRAWN": {"vi": "Gỡ khám sàng lọc khỏi hồ sơ",
                                  "en": "Screening taken off the record"},
    "AUDIT_SCREENING_WITHDRAWN_WHAT": {
        "vi": "lần khám lúc {at} ({outcome}), cùng mũi tiêm được đánh dấu nhập nhầm vì đã "
              "tiêm cho người khác",
        "en": "the one of {at} ({outcome}), with the dose voided as given to another person",
    },
    "AUDIT_REACTION": {"vi": "Ghi phản ứng sau tiêm", "en": "Reaction recorded"},
    "AUDIT_REACTION_MOVED": {"vi": "Chuyển phản ứng sau tiêm", "en": "Reactions moved"},
    "AUDIT_REACTION_MOVED_TO": {
        "vi": "{count} phản ứng sang mũi tiêm của {name}, người thực sự được tiêm",
        "en": "{count} {count:reaction|reactions} to the dose of {name}, who was given it",
    },
    "AUDIT_REACTION_MOVED_FROM": {
        "vi": "{count} phản ứng từ mũi tiêm đã ghi nhầm cho {name}",
        "en": "{count} {count:reaction|reactions} from the dose recorded on {name} in error",
    },
    "AUDIT_OBSERVATION": {"vi": "Kết thúc theo dõi sau tiêm", "en": "Observation ended"},
    "AUDIT_LOT": {"vi": "Thêm lô vắc xin", "en": "Lot added"},
}
