"""The domain rules' findings (identity, names, dates, doses) and the backfill's row outcomes."""

MESSAGES: dict[str, dict[str, str]] = {
    # Names
    "NAME_REQUIRED": {
        "vi": "Họ và tên là bắt buộc.",
        "en": "Full name is required.",
    },
    "NAME_TOO_LONG": {
        "vi": "Họ và tên quá dài ({length} ký tự, tối đa {max} ký tự).",
        "en": "Full name is too long ({length} characters, at most {max}).",
    },
    "NAME_INVALID_CHARS": {
        "vi": "Họ và tên chứa ký tự không hợp lệ: “{chars}”.",
        "en": "Full name contains invalid characters: “{chars}”.",
    },
    "NAME_NOT_LATIN": {
        "vi": "Họ và tên phải viết bằng chữ cái Latinh (có chữ “{chars}”): người Việt Nam như trên CCCD, người nước ngoài như dòng đọc bằng máy (MRZ) của hộ chiếu.",
        "en": "Full name must be written in Latin letters (it has “{chars}”): as on the CCCD, or for a foreigner as in the passport's machine-readable line (MRZ).",
    },
    "NAME_SINGLE_WORD": {
        "vi": "Họ và tên chỉ có một từ; hãy kiểm tra đã nhập đủ họ và tên chưa.",
        "en": "Full name is a single word; check that both family and given names were entered.",
    },
    "NAME_NO_DIACRITICS": {
        "vi": "Họ và tên không có dấu; hãy nhập đúng tên có dấu như trên giấy tờ (hoặc xác nhận nếu tên thật không có dấu).",
        "en": "Full name has no diacritics; type it with its marks as on the ID papers (or confirm if the name really has none).",
    },
    "CCCD_QR_INVALID": {
        "vi": "Mã QR căn cước vừa quét bị lỗi (trường {position}/7: “{value}”). Hãy quét lại.",
        "en": "The scanned ID card code is damaged (field {position} of 7: {value}). Scan it again.",
    },
    # Sex
    "SEX_REQUIRED": {
        "vi": "Giới tính là bắt buộc (Nam hoặc Nữ).",
        "en": "Sex is required (male or female).",
    },
    # A file's sex cell that reads as neither ("1", "Nam/Nữ"): said with what it holds.
    "SEX_INVALID": {
        "vi": "Giới tính “{value}” không đọc được; ghi Nam hoặc Nữ.",
        "en": "Sex “{value}” cannot be read; write Nam or Nữ (male or female).",
    },
    # Dates of birth
    "DOB_REQUIRED": {
        "vi": "Ngày sinh là bắt buộc.",
        "en": "Date of birth is required.",
    },
    "DOB_INVALID": {
        "vi": "Ngày sinh “{value}” không hợp lệ; nhập theo dạng ngày/tháng/năm (vd. 05/09/1990).",
        "en": "Date of birth “{value}” is not a valid date; use day/month/year (e.g. 05/09/1990).",
    },
    "DOB_IN_FUTURE": {
        "vi": "Ngày sinh {dob} ở tương lai.",
        "en": "Date of birth {dob} is in the future.",
    },
    "DOB_TOO_OLD": {
        "vi": "Ngày sinh {dob} cho tuổi trên {max_age}; hãy kiểm tra lại năm sinh.",
        "en": "Date of birth {dob} gives an age over {max_age}; check the year of birth.",
    },
    # Identity documents
    "ID_TYPE_REQUIRED": {
        "vi": "Chọn loại giấy tờ tùy thân hoặc lý do không có giấy tờ.",
        "en": "Choose an identity document type or a reason for having none.",
    },
    "ID_NUMBER_REQUIRED": {
        "vi": "Số {id_type} là bắt buộc.",
        "en": "The {id_type} number is required.",
    },
    "ID_NOT_DIGITS": {
        "vi": "Số {id_type} chỉ gồm chữ số; “{value}” có ký tự khác.",
        "en": "A {id_type} number has digits only; “{value}” has other characters.",
    },
    "ID_SCIENTIFIC_NOTATION": {
        "vi": "Số {id_type} “{value}” đã bị ghi dạng số mũ (như Excel hiện một số dài), nên "
              "các chữ số cuối đã mất. Hãy lấy lại số từ giấy tờ hoặc bảng tính gốc (cột định "
              "dạng Văn bản).",
        "en": "The {id_type} number “{value}” was written in scientific notation (as Excel "
              "shows a long number), so its last digits are lost. Take the number from the "
              "document or the original spreadsheet (the column formatted as Text).",
    },
    "ID_WRONG_LENGTH": {
        "vi": "Số {id_type} phải có {expected} chữ số; “{value}” có {length} chữ số.",
        "en": "A {id_type} number has {expected} digits; “{value}” has {length}.",
    },
    "ID_PROVINCE_UNKNOWN": {
        "vi": "Số CCCD bắt đầu bằng “{province}”, không phải mã tỉnh nơi đăng ký khai sinh nào.",
        "en": "The citizen ID starts with “{province}”, which is no province-of-birth-registration code.",
    },
    "ID_CENTURY_INVALID": {
        "vi": "Chữ số thứ 4 của số CCCD (“{digit}”) không ứng với giới tính và thế kỷ sinh hợp lệ.",
        "en": "The 4th digit of the citizen ID (“{digit}”) encodes no valid sex and century of birth.",
    },
    "ID_SEX_MISMATCH": {
        "vi": "Số CCCD ghi giới tính {id_sex}, nhưng giới tính đã nhập là {entered_sex}.",
        "en": "The citizen ID encodes sex {id_sex}, but the entered sex is {entered_sex}.",
    },
    "ID_BIRTH_YEAR_MISMATCH": {
        "vi": "Số CCCD ghi năm sinh {id_year}, nhưng ngày sinh đã nhập là năm {entered_year}.",
        "en": "The citizen ID encodes birth year {id_year}, but the entered date of birth is in {entered_year}.",
    },
    "PASSPORT_INVALID": {
        "vi": "Số hộ chiếu “{value}” không hợp lệ: chỉ gồm chữ cái và chữ số, từ 5 đến 20 ký tự.",
        "en": "Passport number “{value}” is invalid: letters and digits only, 5 to 20 characters.",
    },
    "NATIONALITY_REQUIRED": {
        "vi": "Người dùng hộ chiếu nước ngoài phải có quốc tịch (mã 3 chữ cái, vd. KOR).",
        "en": "A foreign passport holder needs a nationality (3-letter code, e.g. KOR).",
    },
    "NO_ID_REASON_REQUIRED": {
        "vi": "Không có giấy tờ tùy thân: hãy chọn lý do.",
        "en": "No identity document: choose a reason.",
    },
    "NO_ID_CHILD_TOO_OLD": {
        "vi": "Lý do “trẻ em chưa có số định danh” chỉ dùng cho người dưới {max_age} tuổi.",
        "en": "The reason “child without an ID number” is only for people under {max_age}.",
    },
    "ID_ALREADY_REGISTERED": {
        "vi": "Số giấy tờ {id_number} đã được đăng ký cho {full_name} (sinh {dob}); hãy chọn người đó thay vì tạo mới.",
        "en": "ID number {id_number} is already registered to {full_name} (born {dob}); pick that person instead of creating a new one.",
    },
    "VOID_REASON_REQUIRED": {
        "vi": "Cần ghi lý do khi đánh dấu mũi tiêm là nhập nhầm.",
        "en": "A reason is required to void a dose.",
    },
    "DOSE_VOIDED_UNCHANGEABLE": {
        "vi": "Mũi tiêm này đã được đánh dấu nhập nhầm nên không sửa được; hãy ghi nhận mũi tiêm đúng.",
        "en": "This dose was voided and cannot be corrected; record the right dose instead.",
    },
    "DOSE_ALREADY_VOIDED": {
        "vi": "Mũi tiêm này đã được đánh dấu nhập nhầm trước đó, với lý do “{reason}”; lý do bạn vừa nhập không được ghi.",
        "en": "This dose was already voided, with the reason “{reason}”; the reason you gave was not recorded.",
    },
    "PERSON_MERGED_UNCHANGEABLE": {
        "vi": "Hồ sơ này đã được gộp vào hồ sơ của {name} (sinh {dob}, giấy tờ {id_number}) nên không sửa được; hãy mở và sửa hồ sơ đó.",
        "en": "This record was merged into the record of {name} (born {dob}, ID {id_number}) and cannot be corrected; open and correct that record instead.",
    },
    "DOSE_PERSON_MERGED": {
        "vi": "Không ghi mũi tiêm vào hồ sơ này: hồ sơ đã được gộp vào hồ sơ của {name} (sinh {dob}, giấy tờ {id_number}). Hãy mở hồ sơ đó, xem lại các mũi đã tiêm rồi ghi mũi tiêm.",
        "en": "No dose is recorded on this record: it was merged into the record of {name} (born {dob}, ID {id_number}). Open that record, check the doses already given, then record the dose.",
    },
    "SITE_NOT_SET_UP": {
        "vi": "Chưa thiết lập điểm tiêm cho máy này.",
        "en": "No vaccination site is set up on this laptop yet.",
    },
    # A save refused while the clock is under the platform's time seen (services/clock_check)
    "DESK_CLOCK_AHEAD": {
        "vi": "Lần đồng bộ trước, đồng hồ máy tính chỉ {laptop} trong khi giờ của hệ thống trung tâm là {platform}: đồng hồ chạy nhanh, nên mũi tiêm lưu bây giờ sẽ mang ngày {today}, trong khi theo hệ thống trung tâm hôm nay là {platform_today}. Hãy chỉnh lại ngày giờ của máy tính; nếu đã chỉnh, hãy đồng bộ một lần.",
        "en": "At the last sync the laptop clock showed {laptop} while the central platform's time was {platform}: the clock runs ahead, so a dose saved now would be dated {today}, while by the central platform it is {platform_today} today. Set the laptop's date and time right; if you already have, sync once.",
    },
    "DESK_CLOCK_BEHIND": {
        "vi": "Đồng hồ máy tính đang chỉ {now}, sớm hơn giờ của hệ thống trung tâm đã thấy khi đồng bộ lần trước ({seen}): lưu bây giờ thì hồ sơ sẽ mang ngày sai. Hãy chỉnh lại ngày giờ của máy tính rồi lưu lại.",
        "en": "The laptop clock shows {now}, earlier than the central platform's time seen at the last sync ({seen}): anything saved now would carry the wrong date. Set the laptop's date and time right, then save again.",
    },
    # Phone
    "PHONE_INVALID": {
        "vi": "Số điện thoại “{value}” không hợp lệ (10 chữ số bắt đầu bằng 0, hoặc +84…).",
        "en": "Phone number “{value}” is invalid (10 digits starting with 0, or +84…).",
    },
    # Doses
    "PRODUCT_REQUIRED": {
        "vi": "Chọn vắc xin.",
        "en": "Choose the vaccine.",
    },
    "PRODUCT_UNKNOWN": {
        "vi": "Không nhận ra vắc xin “{value}”.",
        "en": "Vaccine “{value}” is not recognised.",
    },
    "LOT_REQUIRED": {
        "vi": "Số lô vắc xin là bắt buộc.",
        "en": "The vaccine lot number is required.",
    },
    "DOSE_DATE_REQUIRED": {
        "vi": "Ngày tiêm là bắt buộc.",
        "en": "The dose date is required.",
    },
    "DOSE_DATE_INVALID": {
        "vi": "Ngày tiêm “{value}” không hợp lệ; nhập theo dạng ngày/tháng/năm.",
        "en": "Dose date “{value}” is not a valid date; use day/month/year.",
    },
    "DOSE_DATE_IN_FUTURE": {
        "vi": "Ngày tiêm {dose_date} ở tương lai.",
        "en": "Dose date {dose_date} is in the future.",
    },
    "DOSE_BEFORE_BIRTH": {
        "vi": "Ngày tiêm {dose_date} trước ngày sinh {dob}.",
        "en": "Dose date {dose_date} is before the date of birth {dob}.",
    },
    "DOSE_BEFORE_PROGRAMME": {
        "vi": "Ngày tiêm {dose_date} trước ngày tiêm vắc xin COVID-19 đầu tiên ở Việt Nam ({first}).",
        "en": "Dose date {dose_date} is before the first COVID-19 dose in Vietnam ({first}).",
    },
    "DOSE_NUMBER_INVALID": {
        "vi": "Mũi tiêm thứ “{value}” không hợp lệ (từ 1 đến {max}).",
        "en": "Dose number “{value}” is invalid (1 to {max}).",
    },
    "DOSE_NUMBER_BOOSTER": {
        "vi": "“{value}” đếm mũi nhắc lại, không cho biết là mũi thứ mấy (mũi nhắc lại đầu tiên là mũi 3 sau 2 mũi cơ bản, mũi 2 sau vắc xin 1 mũi, mũi 4 sau Abdala). Ghi số mũi, ví dụ “3”, rồi nhập lại dòng này.",
        "en": "“{value}” counts boosters and does not say which dose this is (the first booster is dose 3 after a two-dose primary series, dose 2 after a one-dose vaccine, dose 4 after Abdala). Write the dose number, e.g. “3”, and import this row again.",
    },
    "DOSE_NUMBER_DUPLICATE": {
        "vi": "Người này đã có mũi {dose_number} (ngày {other_date}); không thể ghi mũi {dose_number} lần nữa.",
        "en": "This person already has dose {dose_number} (on {other_date}); it cannot be recorded twice.",
    },
    "DOSE_NUMBER_GAP": {
        "vi": "Ghi mũi {dose_number} nhưng chỉ có {previous} mũi trước đó được ghi nhận; các mũi còn thiếu cần được hồi cứu.",
        "en": "Recording dose {dose_number} but only {previous} earlier {previous:dose is|doses are} on record; the missing ones need backfilling.",
    },
    "DOSE_ORDER": {
        "vi": "Mũi {dose_number} ngày {dose_date} không theo thứ tự: mũi {other_number} ngày {other_date}.",
        "en": "Dose {dose_number} on {dose_date} is out of order with dose {other_number} on {other_date}.",
    },
    "DOSE_INTERVAL_SHORT": {
        "vi": "Mũi {dose_number} cách mũi trước {days} ngày, ngắn hơn khoảng cách tối thiểu {min_days} ngày của lịch tiêm cơ bản {product}.",
        "en": "Dose {dose_number} is {days} {days:day|days} after the previous dose, under the {min_days}-day minimum of the {product} primary series.",
    },
    "BOOSTER_INTERVAL_SHORT": {
        "vi": "Mũi nhắc lại {dose_number} cách mũi trước {days} ngày, ngắn hơn tối thiểu {min_days} ngày theo hướng dẫn của Bộ Y tế.",
        "en": "Booster dose {dose_number} is {days} {days:day|days} after the previous dose, under the Ministry of Health minimum of {min_days} days.",
    },
    "DOSE_AGE_OUTSIDE": {
        "vi": "{product} dành cho người {ages}; người này {age} tuổi vào ngày tiêm.",
        "en": "{product} is for people aged {ages}; this person is {age} on the dose date.",
    },
    # Field names, as a row's report points at them
    "FIELD_FULL_NAME": {"vi": "Họ và tên", "en": "Full name"},
    "FIELD_DOB": {"vi": "Ngày sinh", "en": "Date of birth"},
    "FIELD_SEX": {"vi": "Giới tính", "en": "Sex"},
    "FIELD_ID_NUMBER": {"vi": "Số CCCD/CMND", "en": "ID number"},
    "FIELD_PRODUCT_CODE": {"vi": "Tên vắc xin", "en": "Vaccine"},
    "FIELD_DOSE_DATE": {"vi": "Ngày tiêm", "en": "Dose date"},
    "FIELD_PHONE": {"vi": "Số điện thoại", "en": "Phone"},
    "FIELD_DOSE_NUMBER": {"vi": "Mũi thứ", "en": "Dose number"},
    "FIELD_ID_TYPE": {"vi": "Loại giấy tờ", "en": "ID type"},
    "FIELD_ADDRESS": {"vi": "Địa chỉ", "en": "Address"},
    "FIELD_NATIONALITY": {"vi": "Quốc tịch", "en": "Nationality"},
    "FIELD_NO_ID_REASON": {"vi": "Lý do không có giấy tờ", "en": "Reason for no ID"},
    "FIELD_LOT_NUMBER": {"vi": "Số lô", "en": "Lot"},
    "FIELD_VACCINATOR": {"vi": "Người tiêm", "en": "Vaccinator"},
    "FIELD_SOURCE": {"vi": "Nguồn", "en": "Source"},
    "AGES_BETWEEN": {"vi": "từ {min_age} đến {max_age} tuổi", "en": "{min_age} to {max_age}"},
    "AGES_FROM": {"vi": "từ {min_age} tuổi trở lên", "en": "{min_age} and over"},
    "VACCINATOR_REQUIRED": {
        "vi": "Tên người tiêm là bắt buộc.",
        "en": "The vaccinator's name is required.",
    },
    # Backfill (import of historical doses)
    "DUPLICATE_IN_DATABASE": {
        "vi": "Đã có: mũi {dose_number} ngày {dose_date} của người này đã được ghi nhận trước đó.",
        "en": "Already recorded: dose {dose_number} on {dose_date} of this person is in the database.",
    },
    "DUPLICATE_IN_FILE": {
        "vi": "Trùng với dòng {row} của tệp (cùng người, cùng mũi {dose_number}).",
        "en": "Same as row {row} of the file (same person, dose {dose_number}).",
    },
    # The same dose number on another day: not stored (a corrected file's date would
    # otherwise make a second dose), but said with both days, as one may be another dose.
    "DUPLICATE_NUMBER_IN_FILE": {
        "vi": "Không nhập: dòng {row} của tệp đã ghi mũi {dose_number} của người này, ngày "
              "{other_date}; dòng này ghi ngày {dose_date}. Nếu đây là một mũi khác, hãy sửa "
              "số mũi trong tệp rồi nhập lại.",
        "en": "Not imported: row {row} of the file already gives this person's dose "
              "{dose_number}, on {other_date}; this row says {dose_date}. If this is another "
              "dose, correct its number in the file and import it again.",
    },
    "DUPLICATE_NUMBER_IN_DATABASE": {
        "vi": "Không nhập: mũi {dose_number} của người này đã được ghi nhận ngày {other_date}; "
              "dòng này ghi ngày {dose_date}. Nếu đây là một mũi khác, hãy sửa số mũi trong "
              "tệp rồi nhập lại; nếu ngày đã ghi nhận sai, sửa mũi tiêm trong hồ sơ.",
        "en": "Not imported: this person's dose {dose_number} is recorded on {other_date}; "
              "this row says {dose_date}. If this is another dose, correct its number in the "
              "file and import it again; if the recorded day is wrong, correct the dose in "
              "the record.",
    },
    # The same, of a dose another site gave (brought from the central platform).
    "DUPLICATE_ELSEWHERE": {
        "vi": "Đã có: mũi {dose_number} ngày {dose_date} của người này đã được ghi nhận tại "
              "điểm tiêm khác ({site}), theo hệ thống trung tâm.",
        "en": "Already recorded: dose {dose_number} on {dose_date} of this person was "
              "recorded at another site ({site}), as the central platform says.",
    },
    "DUPLICATE_NUMBER_ELSEWHERE": {
        "vi": "Không nhập: mũi {dose_number} của người này đã được ghi nhận tại điểm tiêm "
              "khác ({site}) ngày {other_date}; dòng này ghi ngày {dose_date}. Nếu đây là "
              "một mũi khác, hãy sửa số mũi trong tệp rồi nhập lại.",
        "en": "Not imported: this person's dose {dose_number} was recorded at another site "
              "({site}) on {other_date}; this row says {dose_date}. If this is another "
              "dose, correct its number in the file and import it again.",
    },
    "DUPLICATE_SAME_DAY_ELSEWHERE": {
        "vi": "Đã có: người này đã có một mũi tiêm ngày {dose_date} được ghi nhận tại điểm "
              "tiêm khác ({site}), theo hệ thống trung tâm.",
        "en": "Already recorded: this person has a dose on {dose_date} recorded at another "
              "site ({site}), as the central platform says.",
    },
    "DUPLICATE_SAME_DAY_IN_DATABASE": {
        "vi": "Đã có: người này đã có một mũi tiêm ngày {dose_date} được ghi nhận trước đó.",
        "en": "Already recorded: this person has a dose on {dose_date} in the database.",
    },
    "DUPLICATE_VOIDED_IN_DATABASE": {
        "vi": "Đã có: mũi tiêm ngày {dose_date} của người này đã được ghi nhận rồi đánh dấu nhập nhầm, nên không được lưu lại. Nếu mũi này thật sự đã tiêm, hãy nhờ người giám sát kiểm tra hồ sơ.",
        "en": "Already recorded: this person's dose on {dose_date} was recorded and then marked as entered in error, so it is not stored again. If this dose was really given, ask a supervisor to check the record.",
    },
    "DUPLICATE_NAME_DIFFERS": {
        "vi": "Đã có: {name} (mã hồ sơ {person_id}), cùng số giấy tờ {id_number} nhưng khác họ tên, đã được ghi nhận mũi {dose_number} {product} ngày {dose_date}, cùng vắc xin và ngày tiêm với dòng này; dòng này không được lưu lại và không sửa hồ sơ nào. Cần kiểm tra lại họ tên hoặc số giấy tờ.",
        "en": "Already recorded: {name} (record {person_id}), with the same ID number {id_number} but another name, has dose {dose_number} of {product} on {dose_date}, this row's vaccine and date; this row is not stored again and no record was changed. Check the name or the ID number.",
    },
    # A row whose well-formed ID is another name's: never put on that person.
    "ID_NAME_DIFFERS_IN_FILE": {
        "vi": "Số giấy tờ {id_number} đã được ghi cho {name} ở dòng {row} của tệp, khác họ tên với dòng này: dòng này không được lưu, để mũi tiêm không bị ghi cho người khác. Cần kiểm tra lại họ tên hoặc số giấy tờ ở cả hai dòng.",
        "en": "ID number {id_number} is given to {name} on row {row} of the file, another name than this row's: this row is not stored, so that its dose is not recorded for somebody else. Check the name or the ID number on both rows.",
    },
    "ID_NAME_DIFFERS_IN_DATABASE": {
        "vi": "Số giấy tờ {id_number} đã được ghi nhận cho {name} (mã hồ sơ {person_id}), khác họ tên với dòng này: dòng này không được lưu, để mũi tiêm không bị ghi cho người khác. Cần kiểm tra lại họ tên hoặc số giấy tờ của dòng này và của hồ sơ.",
        "en": "ID number {id_number} is recorded for {name} (record {person_id}), another name than this row's: this row is not stored, so that its dose is not recorded for somebody else. Check the name or the ID number of this row and of the record.",
    },
    "OLD_ID_OTHERS": {
        "vi": "Số CMND cũ {old_id} đã là số giấy tờ của {name} (mã hồ sơ {person_id}): không "
              "lưu làm số CMND cũ của người này. Cần kiểm tra lại số CMND của dòng này.",
        "en": "The old ID card number {old_id} is already {name}'s (record {person_id}): it is "
              "not kept as this person's old number. Check this row's ID card number.",
    },
    # A later row of a person the file made that says something else of them.
    "PERSON_ROWS_DIFFER": {
        "vi": "Dòng này ghi {fields} khác với dòng trước của cùng người trong tệp; hồ sơ giữ giá trị của dòng trước. Cần kiểm tra lại.",
        "en": "This row gives another {fields} than an earlier row of the same person in the file; the record keeps the earlier row's. Check it.",
    },
    "PERSON_ROWS_DIFFER_FIELD": {"vi": "{field} “{given}” (dòng {row}: “{kept}”)",
                                 "en": "{field} “{given}” (row {row}: “{kept}”)"},
    "CORRECTION_AMBIGUOUS": {
        "vi": "Cùng họ tên và cùng mũi tiêm (vắc xin, ngày tiêm) với nhiều người đã có: không biết dòng này sửa hồ sơ của ai, nên được lưu là người mới. Cần kiểm tra lại.",
        "en": "Same name and same dose (vaccine, date) as several people already recorded: which of them this row corrects cannot be told, so it is stored as a new person. Check it.",
    },
    "CORRECTION_DISAGREES": {
        "vi": "Đã có: mũi tiêm này đã được ghi nhận cho {name} (mã hồ sơ {person_id}), nhưng các dòng của người này trong tệp ghi {fields} khác nhau, nên hồ sơ không được sửa. Cần thống nhất lại trong tệp.",
        "en": "Already recorded: this dose is recorded for {name} (record {person_id}), but this person's rows in the file give different {fields}, so the record was not corrected. Make them agree in the file.",
    },
    "CORRECTION_NEEDS_SUPERVISOR": {
        "vi": "Đã có: mũi tiêm này đã được ghi nhận cho {name} (mã hồ sơ {person_id}). Tệp sửa thông tin của người này ({changes}), nhưng chỉ người giám sát mới được sửa hồ sơ đã có: hãy nhờ người giám sát nhập lại tệp này.",
        "en": "Already recorded: this dose is recorded for {name} (record {person_id}). The file corrects this person ({changes}), but only a supervisor may correct a recorded person: ask a supervisor to import this file again.",
    },
    "CORRECTION_AWAITS": {
        "vi": "Đã có: mũi tiêm này đã được ghi nhận cho {name} (mã hồ sơ {person_id}). Tệp sửa thông tin của người này ({changes}); hồ sơ chỉ được sửa khi người giám sát đồng ý.",
        "en": "Already recorded: this dose is recorded for {name} (record {person_id}). The file corrects this person ({changes}); the record is corrected only once the supervisor agrees.",
    },
    "CORRECTION_DECLINED": {
        "vi": "Đã có: mũi tiêm này đã được ghi nhận cho {name} (mã hồ sơ {person_id}). Tệp sửa thông tin của người này ({changes}), nhưng người giám sát đã chọn không sửa: hồ sơ giữ nguyên.",
        "en": "Already recorded: this dose is recorded for {name} (record {person_id}). The file corrects this person ({changes}), but the supervisor chose not to: the record is unchanged.",
    },
    "CORRECTION_STALE": {
        "vi": "Đã có: mũi tiêm này đã được ghi nhận cho {name} (mã hồ sơ {person_id}). Hồ sơ đã được sửa hoặc gộp sau khi nhập tệp, nên không sửa theo tệp ({changes}): hãy kiểm tra lại hồ sơ.",
        "en": "Already recorded: this dose is recorded for {name} (record {person_id}). The record was corrected or merged after the file was imported, so the file's correction ({changes}) was not made: check the record.",
    },
    "CORRECTION_PART_DISAGREES": {
        "vi": "Không sửa {fields}: các dòng của người này trong tệp ghi khác nhau.",
        "en": "{fields} not corrected: this person's rows in the file disagree.",
    },
    "PERSON_CORRECTED": {
        "vi": "Đã sửa hồ sơ của {name} (mã hồ sơ {person_id}) theo dòng này: {changes}.",
        "en": "Corrected the record of {name} (record {person_id}) from this row: {changes}.",
    },
    # The same words for a new dose of a recorded person (its dose stored), whose row or
    # paper form says of them what the record does not (services/backfill_report.py).
    "PERSON_CORRECTED_NEW_DOSE": {
        "vi": "Đã lưu mũi tiêm và sửa hồ sơ của {name} (mã hồ sơ {person_id}): {changes}.",
        "en": "The dose is stored, and the record of {name} (record {person_id}) corrected: {changes}.",
    },
    "CORRECTION_NEEDS_SUPERVISOR_NEW_DOSE": {
        "vi": "Đã lưu mũi tiêm cho {name} (mã hồ sơ {person_id}), nhưng hồ sơ ghi khác ({changes}) và không được sửa: chỉ người giám sát mới được sửa hồ sơ đã có. Hãy nhờ người giám sát kiểm tra và sửa.",
        "en": "The dose is stored for {name} (record {person_id}), but the record says otherwise ({changes}) and was not corrected: only a supervisor may correct a recorded person. Ask a supervisor to check it and correct it.",
    },
    "CORRECTION_AWAITS_NEW_DOSE": {
        "vi": "Đã lưu mũi tiêm cho {name} (mã hồ sơ {person_id}). Hồ sơ ghi khác ({changes}); hồ sơ chỉ được sửa khi người giám sát đồng ý.",
        "en": "The dose is stored for {name} (record {person_id}). The record says otherwise ({changes}); it is corrected only once the supervisor agrees.",
    },
    "CORRECTION_DECLINED_NEW_DOSE": {
        "vi": "Đã lưu mũi tiêm cho {name} (mã hồ sơ {person_id}). Hồ sơ ghi khác ({changes}), nhưng người giám sát đã chọn không sửa: hồ sơ giữ nguyên.",
        "en": "The dose is stored for {name} (record {person_id}). The record says otherwise ({changes}), but the supervisor chose not to correct it: the record is unchanged.",
    },
    "CORRECTION_STALE_NEW_DOSE": {
        "vi": "Đã lưu mũi tiêm cho {name} (mã hồ sơ {person_id}). Hồ sơ đã được sửa hoặc gộp sau đó, nên không sửa theo ({changes}): hãy kiểm tra lại hồ sơ.",
        "en": "The dose is stored for {name} (record {person_id}). The record was corrected or merged since, so this correction ({changes}) was not made: check the record.",
    },
    "CORRECTION_DISAGREES_NEW_DOSE": {
        "vi": "Đã lưu mũi tiêm cho {name} (mã hồ sơ {person_id}), nhưng các dòng của người này trong tệp ghi {fields} khác nhau, nên hồ sơ không được sửa. Cần thống nhất lại trong tệp.",
        "en": "The dose is stored for {name} (record {person_id}), but this person's rows in the file give different {fields}, so the record was not corrected. Make them agree in the file.",
    },
    # What the record lacked was filled in, whoever imports; the rest waits (above).
    "PERSON_FILLED_TOO": {
        "vi": "Đã bổ sung vào hồ sơ: {changes}.",
        "en": "Filled in on the record: {changes}.",
    },
    # A new person with another record's folded name, date of birth and sex, another ID.
    "PERSON_MAYBE_REGISTERED": {
        "vi": "Đã có hồ sơ cùng họ tên, ngày sinh và giới tính: {name}, số giấy tờ {id_number}. Nếu là cùng một người, hãy quay lại sửa và chọn hồ sơ đó; nếu không, vẫn lưu được (hồ sơ mới sẽ vào danh sách làm sạch để kiểm tra).",
        "en": "A record with the same name, date of birth and sex exists: {name}, ID number {id_number}. If it is the same person, go back and pick that record; if not, you can still save it (the new record goes on the cleaning list to be checked).",
    },
    "POSSIBLE_SAME_PERSON": {
        "vi": "Cùng họ tên, ngày sinh và giới tính với {name} (số giấy tờ {id_number}, mã hồ sơ {person_id}) {differs}",
        "en": "Same name, date of birth and sex as {name} (ID number {id_number}, record {person_id}) {differs}",
    },
    # ... and how the two differ (backfill_twins._twin): the rest of that sentence.
    "SAME_PERSON_OTHER_ID": {
        "vi": "nhưng khác số giấy tờ: có thể là cùng một người bị ghi sai một số. Cần kiểm tra lại số giấy tờ.",
        "en": "but another ID number: perhaps one person with a number mistyped. Check the ID number.",
    },
    "SAME_PERSON_ID_LEFT_OUT": {
        "vi": "nhưng dòng này không ghi số giấy tờ: có thể là cùng một người được ghi hai lần. Cần kiểm tra lại số giấy tờ.",
        "en": "but this row gives no ID number: perhaps one person recorded twice. Check the ID number.",
    },
    "SAME_PERSON_NEITHER_ID": {
        "vi": "nhưng khác số điện thoại hoặc địa chỉ, và cả hai đều không có số giấy tờ: có thể là cùng một người được ghi hai lần. Cần hỏi lại người dân hoặc đối chiếu phiếu tiêm.",
        "en": "but another phone or address, and neither has an ID number: perhaps one person recorded twice. Ask the citizen or check the paper record.",
    },
    # A recorded person's paper form whose dose another record of them holds
    # (paper_backfill._on_other_record): asked before it is recorded twice.
    "DOSE_ON_SAME_PERSON_RECORD": {
        "vi": "Mũi {number} ngày {date} đã được ghi trong hồ sơ {name} (số giấy tờ {id_number}, mã hồ sơ {person_id}), cùng họ tên, ngày sinh và giới tính: có thể là cùng một người có hai hồ sơ. Nếu đúng vậy, đừng ghi lại mũi này mà hãy gộp hai hồ sơ (Gộp hồ sơ); chỉ lưu nếu đây là hai người khác nhau.",
        "en": "Dose {number} of {date} is recorded on {name} (ID number {id_number}, record {person_id}), of the same name, date of birth and sex: perhaps one person with two records. If so, do not record this dose again but merge the two records (Merge records); save only if these are two different people.",
    },
    "DUPLICATE_SAME_DAY_IN_FILE": {
        "vi": "Trùng với dòng {row} của tệp (cùng người, cùng ngày tiêm {dose_date}).",
        "en": "Same as row {row} of the file (same person, same dose date {dose_date}).",
    },
    "DOSE_NUMBER_TAKEN": {
        "vi": "Mũi {given} đã được gán cho dòng {row} (dòng đó không ghi số mũi); mũi này được "
              "lưu là mũi {number}. Cần kiểm tra lại số mũi.",
        "en": "Dose number {given} was already given to row {row} (which had no dose number); "
              "this dose is stored as dose {number}. Check the dose numbers.",
    },
    "DOSE_NUMBER_OUT_OF_RANGE": {
        "vi": "Mũi thứ “{value}” không hợp lệ (từ 1 đến {max}): mũi này được lưu theo số mũi "
              "kế tiếp của người này. Cần kiểm tra lại số mũi.",
        "en": "Dose number “{value}” is not valid (1 to {max}): this dose is stored as the "
              "person's next dose. Check the dose number.",
    },
    # The same on a row refused for another reason: nothing is stored.
    "DOSE_NUMBER_OUT_OF_RANGE_REFUSED": {
        "vi": "Mũi thứ “{value}” không hợp lệ (từ 1 đến {max}). Cần kiểm tra lại số mũi.",
        "en": "Dose number “{value}” is not valid (1 to {max}). Check the dose number.",
    },
    "DOSE_BOOSTER_AS_FIRST": {
        "vi": "“{value}” là mũi nhắc lại nhưng không ghi là mũi thứ mấy, và chưa ghi nhận mũi "
              "nào trước đó của người này: mũi này được lưu là mũi 1. Cần kiểm tra lại số mũi.",
        "en": "“{value}” is a booster that does not say which dose it is, and no earlier dose "
              "of this person is known: it is stored as dose 1. Check the dose number.",
    },
    "DOSE_BOOSTER_IN_SERIES": {
        "vi": "“{value}” là mũi nhắc lại nhưng không ghi là mũi thứ mấy, và người này mới có "
              "{before} mũi được ghi nhận, chưa đủ {primary} mũi cơ bản của vắc xin đã tiêm mũi "
              "1: mũi này được lưu là mũi {number}. Có thể thiếu một mũi trước đó. Cần kiểm tra "
              "lại số mũi.",
        "en": "“{value}” is a booster that does not say which dose it is, and this person has "
              "only {before} earlier {before:dose|doses} recorded, fewer than the {primary} "
              "primary doses of the vaccine of their dose 1: it is stored as dose {number}. An "
              "earlier dose may be missing. Check the dose number.",
    },
    "TOTALS_ROW_SKIPPED": {
        "vi": "Bỏ qua dòng tổng cộng {row}: dòng này không phải một mũi tiêm.",
        "en": "Skipped the totals row {row}: it is not a dose.",
    },
    "HEADER_ROW_SKIPPED": {
        "vi": "Bỏ qua dòng {row}: dòng này lặp lại tên các cột, không phải một mũi tiêm.",
        "en": "Skipped row {row}: it repeats the columns' names and is not a dose.",
    },
    "PAPER_NO_SITE": {
        "vi": "Máy chưa cài đặt điểm tiêm: hãy cài đặt điểm tiêm trước khi nhập phiếu giấy.",
        "en": "This laptop has no site set up: set up the site before typing paper forms.",
    },
    "IMPORT_FILE_DAMAGED_PART": {
        "vi": "Tệp {file} bị hỏng sau dòng {row}. {stored} dòng đọc được trước đó "
              "đã được lưu; sửa hoặc xuất lại tệp rồi nhập lại: những dòng đã lưu sẽ được bỏ qua.",
        "en": "File {file} is damaged after row {row}. The {stored} {stored:row|rows} read before "
              "it are stored; repair or export the file again and import it again: the stored "
              "rows will be skipped.",
    },
    "IMPORT_FILE_MISSING": {
        "vi": "Không tìm thấy tệp {file}.",
        "en": "File {file} not found.",
    },
    "IMPORT_FILE_TYPE": {
        "vi": "Không đọc được tệp {file}: chỉ nhận tệp .xlsx, .xls, .ods hoặc .csv.",
        "en": "Cannot read {file}: only .xlsx, .xls, .ods and .csv files are accepted.",
    },
    # The police's list comes back as it went, a workbook (services/police_sheet.py)
    "POLICE_FILE_TYPE": {
        "vi": "Không đọc được tệp {file}: danh sách công an trả về phải là bảng tính .xlsx, .xls hoặc .ods như tệp đã gửi đi. Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại thành .xlsx.",
        "en": "Cannot read {file}: the list the police send back must be a .xlsx, .xls or .ods workbook, as the file sent was. Open it in Excel or LibreOffice and save it as .xlsx.",
    },
    "IMPORT_FILE_DAMAGED": {
        "vi": "Tệp {file} bị hỏng hoặc không phải bảng tính.",
        "en": "File {file} is damaged or not a spreadsheet.",
    },
    # A web page (or Excel 2003's XML) saved under a spreadsheet's name, as some systems
    # export their lists (importers/file_kind.py): no reader here takes it.
    # A cell holding a failed formula's value (importers/values.FORMULA_ERRORS).
    "CELL_FORMULA_ERROR": {
        "vi": "Ô là lỗi công thức “{value}” của Excel, không có giá trị: dòng không được "
              "nhập. Hãy sửa công thức (hoặc gõ giá trị) trong bảng tính gốc rồi nhập lại.",
        "en": "The cell is Excel's formula error “{value}”, not a value: the row was not "
              "imported. Fix the formula (or type the value) in the original sheet, then "
              "import it again.",
    },
    "IMPORT_FILE_WEB_PAGE": {
        "vi": "Tệp {file} mang tên bảng tính nhưng thực ra là trang web (HTML/XML), như một "
              "số phần mềm xuất danh sách. Không nhập gì. Hãy mở tệp bằng Excel hoặc "
              "LibreOffice, lưu lại dạng .xlsx (Excel Workbook), rồi nhập tệp mới.",
        "en": "File {file} is named as a spreadsheet but is a web page (HTML/XML), as some "
              "systems export their lists. Nothing was imported. Open it in Excel or "
              "LibreOffice, save it as .xlsx (Excel Workbook), then import the new file.",
    },
    # A CSV saved in an encoding without Vietnamese letters (importers/reading.LOST_LETTER).
    "IMPORT_CSV_LETTERS_LOST": {
        "vi": "Tệp {file} đã mất các chữ tiếng Việt (thay bằng dấu “?”, vd. “Nguy?n”): tệp "
              "được lưu bằng bảng mã không có tiếng Việt. Không nhập gì. Hãy mở bảng tính "
              "gốc và lưu lại với kiểu “CSV UTF-8 (Comma delimited)” (hoặc lưu dạng .xlsx), "
              "rồi nhập tệp mới.",
        "en": "File {file} has lost its Vietnamese letters (each became “?”, e.g. “Nguy?n”): "
              "it was saved in an encoding without them. Nothing was imported. Open the "
              "original spreadsheet and save it as “CSV UTF-8 (Comma delimited)” (or as "
              ".xlsx), then import the new file.",
    },
    "IMPORT_FILE_EMPTY": {
        "vi": "Tệp {file} trống (0 byte): không có gì để nhập. Hãy mở bảng tính gốc và lưu lại.",
        "en": "File {file} is empty (0 bytes): there is nothing to import. Open the original "
              "spreadsheet and save it again.",
    },
    "IMPORT_FILE_ENCODING": {
        "vi": "Không nhận ra bảng mã của tệp {file} (cần UTF-8, UTF-16 như Excel lưu “Unicode Text”, hoặc Windows-1258).",
        "en": "Cannot tell the encoding of {file} (UTF-8, UTF-16 as Excel saves “Unicode Text”, or Windows-1258 expected).",
    },
    "IMPORT_SHEET_MISSING": {
        "vi": "Không có trang “{sheet}”; tệp có các trang: {sheets}.",
        "en": "No sheet “{sheet}”; the file has: {sheets}.",
    },
    "IMPORT_NO_HEADER": {
        "vi": "Không tìm thấy dòng tiêu đề trong 30 dòng đầu: cần ít nhất các cột “Họ và tên” và “Ngày tiêm”.",
        "en": "No header row in the first 30 rows: at least the “Họ và tên” (name) and “Ngày tiêm” (dose date) columns are needed.",
    },
    "IMPORT_FILE_TOO_LARGE": {
        "vi": "Tệp {file} quá lớn để nhập: phần “{part}” khi giải nén là {size} (tối đa {limit}). "
              "Không có dòng nào được lưu; hãy chia tệp thành nhiều tệp nhỏ hơn.",
        "en": "File {file} is too large to import: its part “{part}” unpacks to {size} (at most "
              "{limit}). Nothing was stored; split the file into smaller ones.",
    },
    "IMPORT_TOO_MANY_CELLS": {
        "vi": "Tệp {file} có {cells} ô (tối đa {limit} với tệp .ods): không có dòng nào được lưu. "
              "Hãy lưu lại thành .xlsx hoặc chia thành nhiều tệp nhỏ hơn.",
        "en": "File {file} has {cells} cells (at most {limit} in an .ods file): nothing was "
              "stored. Save it as .xlsx or split it into smaller files.",
    },
    "CELL_TOO_LARGE": {
        "vi": "Ô ở cột {column} quá dài (hơn {limit} ký tự): dòng không được nhập.",
        "en": "The cell in column {column} is too long (over {limit} characters): the row is not imported.",
    },
    "ROW_TOO_LARGE": {
        "vi": "Dòng quá dài (hơn {limit} ký tự): dòng không được nhập.",
        "en": "The row is too long (over {limit} characters): it is not imported.",
    },
    "ROW_TOO_MANY_CELLS": {
        "vi": "Dòng có {cells} ô (tối đa {limit}): dòng không được nhập.",
        "en": "The row has {cells} cells (at most {limit}): it is not imported.",
    },
    "IMPORT_FAILED_PART": {
        "vi": "Việc nhập tệp {file} dừng giữa chừng ở dòng {row}: {reason} {committed} dòng đã được "
              "lưu trước đó và vẫn giữ nguyên; các dòng còn lại chưa được lưu. Khắc phục rồi nhập "
              "lại tệp: những dòng đã lưu sẽ được bỏ qua.",
        "en": "The import of {file} stopped part-way, at row {row}: {reason} The {committed} {committed:row|rows} "
              "stored before stay; the rest were not stored. Fix the cause and import the file "
              "again: the stored rows will be skipped.",
    },
    "IMPORT_WRITER_DIED": {
        "vi": "tiến trình ghi dữ liệu đã dừng đột ngột (mã {code}).",
        "en": "the process writing the data stopped unexpectedly (code {code}).",
    },
    "IMPORT_WRITER_FAILED": {
        "vi": "không ghi được vào cơ sở dữ liệu ({detail}).",
        "en": "the database could not be written ({detail}).",
    },
    "IMPORT_UNEXPECTED": {
        "vi": "lỗi không lường trước ({detail}).",
        "en": "an unexpected error ({detail}).",
    },
    "IMPORT_DISK_FULL": {
        "vi": "ổ đĩa đã đầy; hãy giải phóng dung lượng.",
        "en": "the disk is full; free some space.",
    },
    "IMPORT_DB_AT_SIZE_LIMIT": {
        "vi": "tệp cơ sở dữ liệu đã lớn tới mức tối đa ổ đĩa này cho phép (ổ FAT32 chỉ chứa tệp dưới 4 GB); hãy chép thư mục dữ liệu sang ổ định dạng NTFS hoặc exFAT.",
        "en": "the database file has reached the largest size this drive allows (a FAT32 drive holds no file of 4 GB or more); copy the data folder to a drive formatted NTFS or exFAT.",
    },
    "IMPORT_DISK_ERROR": {
        "vi": "ổ đĩa báo lỗi (ổ USB bị rút ra, ổ mạng mất kết nối, hay ổ đĩa đang hỏng); hãy kiểm tra ổ đĩa.",
        "en": "the disk reported an error (a USB drive pulled out, a network drive disconnected, or a failing disk); check the drive.",
    },
    "IMPORT_READ_ONLY": {
        "vi": "nơi lưu cơ sở dữ liệu chỉ cho phép đọc; hãy bỏ chế độ chỉ đọc.",
        "en": "the place that holds the database is read-only; make it writable.",
    },
    "IMPORT_NO_PERMISSION": {
        "vi": "tài khoản máy tính đang dùng không có quyền ghi cơ sở dữ liệu.",
        "en": "this computer account may not write the database.",
    },
    "IMPORT_DB_BUSY": {
        "vi": "cơ sở dữ liệu đang bị một chương trình khác giữ; hãy đóng chương trình đó.",
        "en": "the database is held by another program; close that program.",
    },
    "IMPORT_NO_SITE": {
        "vi": "Chưa biết điểm tiêm: những dòng đầu của tệp không ghi “Cơ sở tiêm” và máy chưa cài đặt điểm tiêm. Dùng --site MÃ:TÊN.",
        "en": "No site: the first rows of the file name no “Cơ sở tiêm” and this laptop has no site set up. Use --site CODE:NAME.",
    },
}
