"""What the app's screens report: outcomes of work, progress, and the sync's state."""

MESSAGES: dict[str, dict[str, str]] = {
    # Work in general
    "OP_FAILED": {
        "vi": "Đã xảy ra lỗi và thao tác chưa được hoàn tất:\n{detail}",
        "en": "Something went wrong and the action was not completed:\n{detail}",
    },
    "OP_CANCELLED": {
        "vi": "Đã dừng theo yêu cầu.",
        "en": "Stopped as asked.",
    },
    # A question work's end brought while the screen was locked, put to whoever logged in
    # (ui/when_present.py), whose role may not answer it.
    "LOCKED_QUESTION_REFUSED": {
        "vi": "Trong lúc màn hình bị khóa, một việc đã xong và cần hỏi: “{question}” {refused} Chưa làm gì cả.",
        "en": "Work that ended while the screen was locked asks: “{question}” {refused} Nothing was done.",
    },
    "READING_FILE": {
        "vi": "Đang đọc {file}…",
        "en": "Reading {file}…",
    },
    "SAVED_TO": {
        "vi": "Đã lưu: {path}",
        "en": "Saved: {path}",
    },
    # The desk and the records
    "DESK_SAVED": {
        "vi": "Đã lưu: mũi {dose_number} cho {name}.",
        "en": "Saved: dose {dose_number} for {name}.",
    },
    # A form kept when the app stopped mid-visit, opened again (services/desk_draft.py).
    "DESK_DRAFT_GIVEN_BACK": {
        "vi": "Biểu mẫu đang nhập dở lúc {at} chưa được lưu (ứng dụng đã tắt giữa chừng): "
              "đã mở lại. Kiểm tra rồi lưu, hoặc Esc để bỏ.",
        "en": "The form being typed at {at} was not saved (the app stopped part-way): it "
              "is open again. Check it and save, or Esc to give it up.",
    },
    "DESK_NOT_SAVED": {
        "vi": "Chưa lưu: {detail}",
        "en": "Not saved: {detail}",
    },
    "DESK_LAST_DOSE": {
        "vi": "Mũi {dose_number} ngày {date}, {product}",
        "en": "Dose {dose_number} on {date}, {product}",
    },
    "DESK_HISTORY_DOSE": {
        "vi": "Mũi {dose_number}: {date}, {product}, lô {lot}",
        "en": "Dose {dose_number}: {date}, {product}, lot {lot}",
    },
    "DESK_HISTORY_DOSE_ELSEWHERE": {
        "vi": "Mũi {dose_number}: {date}, {product}, lô {lot} (tiêm tại {site})",
        "en": "Dose {dose_number}: {date}, {product}, lot {lot} (given at {site})",
    },
    "DESK_HISTORY_SERIOUS_REACTION": {
        "vi": "Phản ứng nặng sau mũi {dose_number} ({date}): {description}",
        "en": "Serious reaction after dose {dose_number} ({date}): {description}",
    },
    "DESK_FOUND_ELSEWHERE": {
        "vi": "Hệ thống trung tâm có: {name}, sinh {dob}, {sex}, tại {sites}.",
        "en": "The central platform knows: {name}, born {dob}, {sex}, at {sites}.",
    },
    "LOOKUP_ID_SHARED": {
        "vi": "Số {id_number} được ghi cho nhiều người khác nhau trên hệ thống trung tâm (tại {sites}): không lấy về được vì không biết mũi tiêm nào là của ai. Hãy kiểm tra giấy tờ của người được tiêm và báo hệ thống trung tâm.",
        "en": "The number {id_number} is held by different people on the central platform (at {sites}): nothing is brought, as whose doses are whose cannot be told. Check the person's papers and tell the central platform.",
    },
    # This site's own record of the citizen is the person here; holders the platform keeps
    # apart from it are other people (services/lookup.bring_person).
    "LOOKUP_ID_HELD_APART": {
        "vi": "Không lấy về: hệ thống trung tâm không coi hồ sơ mang số {id_number} ở {sites} là cùng một người với hồ sơ ở đây (họ tên hoặc ngày sinh khác nhau, hoặc đã được tách ra), nên không bổ sung mũi tiêm của hồ sơ đó.{dropped}{added} Hãy kiểm tra giấy tờ của người được tiêm; nếu đúng là một người, hãy báo hệ thống trung tâm.",
        "en": "Not brought: the central platform does not take the record with number {id_number} at {sites} for the same person as the one here (another name or date of birth, or split apart by its staff), so its doses are not added.{dropped}{added} Check the person's papers; if they are one person, tell the central platform.",
    },
    "LOOKUP_DROPPED_ANYWAY": {
        "vi": " Đã bỏ {count} mũi tiêm của điểm tiêm khác mà hệ thống trung tâm không còn ghi cho người này; các chứng nhận đã in có những mũi đó bị thu hồi.",
        "en": " {count} {count:dose|doses} of other sites that the central platform no longer holds for this person {count:was|were} dropped; certificates printed listing them are revoked.",
    },
    "LOOKUP_ADDED_ANYWAY": {
        "vi": " Đã bổ sung {count} mũi tiêm của các hồ sơ mà hệ thống trung tâm coi là cùng một người với hồ sơ ở đây.",
        "en": " {count} {count:dose|doses} of the records the central platform takes for the same person as the one here {count:was|were} added.",
    },
    "LOOKUP_NOT_ALLOWED": {
        "vi": "Tra cứu người đã tiêm ở điểm tiêm khác trên hệ thống trung tâm cần vai trò {roles}; {name} có vai trò {role}.",
        "en": "Looking up people vaccinated at other sites on the central platform needs the role of {roles}; {name} is a {role}.",
    },
    "LOOKUP_OTHER_PERSON_HERE": {
        "vi": "Không lấy về: máy này đã có {name} (sinh {dob}) mang số {number}, mà hệ thống trung tâm ghi là số cũ hoặc số mới của người có số {id_number}, nhưng họ tên hoặc ngày sinh khác nhau. Hãy kiểm tra giấy tờ của người được tiêm: nếu là một người, sửa hồ sơ trên máy này rồi tra cứu lại; nếu là hai người, hãy báo hệ thống trung tâm.",
        "en": "Not brought: this laptop holds {name}, born {dob}, under {number}, which the central platform gives as the old or the new number of the holder of {id_number}, but the name or date of birth differ. Check the person's papers: if they are one person, correct the record here and look them up again; if two, tell the central platform.",
    },
    "SEX_M": {"vi": "Nam", "en": "male"},
    "SEX_F": {"vi": "Nữ", "en": "female"},
    "SEX_UNKNOWN": {"vi": "không rõ giới tính", "en": "sex unknown"},
    "LOOKUP_NOT_A_CITIZEN_ID": {
        "vi": "“{id_number}” không phải số CCCD (12 chữ số) hay CMND (9 chữ số): chỉ tra cứu được trên hệ thống trung tâm theo hai loại giấy tờ này.",
        "en": "“{id_number}” is not a CCCD (12 digits) or CMND (9 digits) number: only these are looked up on the central platform.",
    },
    "LOOKUP_RATE_LIMITED": {
        "vi": "Hệ thống trung tâm tạm ngừng tra cứu người ở điểm tiêm khác cho điểm tiêm này: đã đủ số lần tra cứu được phép trong một giờ. Hãy thử lại sau khoảng {minutes} phút; trong lúc chờ, vẫn tìm và ghi nhận bình thường trên máy này.",
        "en": "The central platform has paused this site's lookups of other sites' people: the hour's allowed number is used up. Try again in about {minutes} {minutes:minute|minutes}; meanwhile, searching and recording on this laptop work as usual.",
    },
    "LOOKUP_NO_ID_SEARCH": {
        "vi": "Hệ thống trung tâm đang kết nối không tra cứu được theo số CCCD/CMND, nên không biết người có số {id_number} đã tiêm ở điểm tiêm khác hay chưa. Hãy hỏi người được tiêm và xem giấy tờ tiêm chủng của họ trước khi đăng ký mới.",
        "en": "The central platform this laptop syncs with cannot look people up by citizen ID, so whether the person with the number {id_number} was vaccinated at another site cannot be told. Ask the person and check their vaccination papers before registering them as new.",
    },
    "LOOKUP_UNREACHABLE": {
        "vi": "Không hỏi được hệ thống trung tâm: {detail}",
        "en": "The central platform could not be asked: {detail}",
    },
    "RECORD_DOB": {
        "vi": "Ngày sinh: {dob}",
        "en": "Date of birth: {dob}",
    },
    "RECORD_ID": {
        "vi": "Số giấy tờ: {id}",
        "en": "ID: {id}",
    },
    "RECORD_PHONE": {
        "vi": "Số điện thoại: {phone}",
        "en": "Phone: {phone}",
    },
    "RECORD_MERGED_FROM": {
        "vi": "Đã gộp vào hồ sơ này: {records}",
        "en": "Merged into this record: {records}",
    },
    "RECORD_MERGED_THROUGH": {
        "vi": "Đã gộp vào hồ sơ này qua hồ sơ {via}: {record}",
        "en": "Merged into this record through {via}'s: {record}",
    },
    "RECORD_FOLDED": {
        "vi": "{record}, gộp ngày {merged}, mũi tiêm chuyển sang: {doses}",
        "en": "{record}, merged on {merged}, doses moved: {doses}",
    },
    "RECORD_FOLDED_DOSE": {"vi": "mũi {number} ngày {date}", "en": "dose {number} on {date}"},
    "RECORD_CLEANING": {
        "vi": "Cần làm sạch dữ liệu: {reason}",
        "en": "On the data-cleaning list: {reason}",
    },
    "RECORD_DOSE_OF": {
        "vi": "Mũi {dose_number} của {product}, {date}, {name}",
        "en": "Dose {dose_number} of {product}, {date}, {name}",
    },
    # Site setup
    "SETUP_UNITS_NOTE": {
        "vi": "Đơn vị hành chính sau ngày 1/7/2025 (không còn cấp huyện); danh mục ngày {date}.",
        "en": "Administrative units after 1 July 2025 (no districts); register of {date}.",
    },
    "SETUP_LOAD_FAILED": {
        "vi": "Không đọc được thông tin hiện tại: {error}",
        "en": "Could not read the current settings: {error}",
    },
    "SETUP_SAVE_FAILED": {
        "vi": "Không lưu được điểm tiêm: {error}",
        "en": "The site could not be saved: {error}",
    },
    # The names a save dialog suggests, in the app's language (an English user was offered
    # "goi-tiem.xlsx", "can-sua.xlsx"): plain letters, as a file name travels.
    "FILE_AUDIT": {"vi": "nhat-ky-thao-tac.csv", "en": "audit-trail.csv"},
    "FILE_CALLBACK": {"vi": "goi-tiem.xlsx", "en": "call-back.xlsx"},
    "FILE_IMPORT_REPORT": {"vi": "bao-cao-nhap.json", "en": "import-report.json"},
    "FILE_ROWS_TO_FIX": {"vi": "can-sua.xlsx", "en": "rows-to-fix.xlsx"},
    "FILE_REPORT": {"vi": "bao-cao-{start}-{end}.{kind}", "en": "report-{start}-{end}.{kind}"},
    "FILE_POLICE_EXPORT": {"vi": "xac-minh-{day}.xlsx", "en": "verification-{day}.xlsx"},
    "FILE_DAY_CERTIFICATES": {"vi": "chung-nhan-{day}.pdf", "en": "certificates-{day}.pdf"},
    # The day it is issued and its short code (``file_code``): never an ID number or a name.
    "FILE_CERTIFICATE": {"vi": "chung-nhan-{day}-{code}.pdf", "en": "certificate-{day}-{code}.pdf"},
    "SETUP_DEFAULTS_SAVE_FAILED": {
        "vi": "Không lưu được mặc định trong ngày: {error}",
        "en": "Today's defaults could not be saved: {error}",
    },
    # A site's code and name, in the setup form and `vaxdesk setup-site` (rules/site_code.py).
    "SITE_CODE_REQUIRED": {
        "vi": "Nhập mã điểm tiêm, vd. 79-00123.",
        "en": "Enter the site code, e.g. 79-00123.",
    },
    "SITE_CODE_TOO_LONG": {
        "vi": "Mã điểm tiêm dài tối đa {most} ký tự; mã này có {length} ký tự.",
        "en": "The site code may be at most {most} characters long; this one has {length}.",
    },
    "SITE_CODE_SPACE": {"vi": "dấu cách", "en": "space"},
    "SITE_NAME_REQUIRED": {
        "vi": "Nhập tên điểm tiêm như sẽ in trên giấy chứng nhận.",
        "en": "Enter the site's name as it appears on certificates.",
    },
    "SETUP_CODE_CHARS": {
        "vi": "Mã điểm tiêm chỉ gồm chữ cái, chữ số và dấu gạch ngang; hãy bỏ: {chars}.",
        "en": "The site code may contain only letters, digits and hyphens; remove: {chars}.",
    },
    "SETUP_PLACE_NO_MATCH": {
        "vi": "Không có tên nào khớp với “{text}”; gõ một phần tên, không cần dấu, vd. lang.",
        "en": "Nothing matches “{text}”; type part of the name without accents, e.g. lang.",
    },
    "SETUP_PLACE_SEVERAL": {
        "vi": "“{text}” khớp với nhiều tên; hãy chọn một tên trong danh sách (mũi tên xuống, rồi Enter).",
        "en": "“{text}” matches several names; pick one from the list (Down arrow, then Enter).",
    },
    # A site's area given by its codes (``vaxdesk setup-site --province --commune``).
    "SITE_PROVINCE_UNKNOWN": {
        "vi": "Chưa thiết lập điểm tiêm: mã tỉnh/thành phố {code} không có trong danh mục của Tổng cục Thống kê (vd. 01 là Thành phố Hà Nội).",
        "en": "The site was not set up: the province code {code} is not in the GSO list (e.g. 01 is Hanoi).",
    },
    "SITE_COMMUNE_UNKNOWN": {
        "vi": "Chưa thiết lập điểm tiêm: mã xã/phường {code} không có trong danh mục của Tổng cục Thống kê, hoặc không thuộc {province}.",
        "en": "The site was not set up: the commune code {code} is not in the GSO list, or is not in {province}.",
    },
    "SITE_COMMUNE_NEEDS_PROVINCE": {
        "vi": "Chưa thiết lập điểm tiêm: xã/phường {code} cần tỉnh/thành phố của nó; hãy cho tỉnh/thành phố trước (--province), rồi xã/phường của tỉnh đó.",
        "en": "The site was not set up: the commune {code} needs its province; give the province first (--province), then its commune or ward.",
    },
    # Backfill
    "BACKFILL_HEADER_AT": {
        "vi": "dòng tiêu đề ở dòng {row}",
        "en": "header on row {row}",
    },
    "BACKFILL_HEADER_PARTIAL": {
        "vi": "dòng tiêu đề ở dòng {row}, có cột chưa nhận ra: hãy chọn cột cho các trường còn thiếu",
        "en": "header on row {row}, some columns not recognised: map them",
    },
    "BACKFILL_PROGRESS": {
        "vi": "Đã đọc {read} dòng, đã lưu {stored}…",
        "en": "{read} {read:row|rows} read, {stored} stored…",
    },
    "BACKFILL_DONE": {
        "vi": "{imported} dòng đã nhập, {flagged} dòng cần làm sạch, {duplicate} dòng trùng bỏ qua, {rejected} dòng bị từ chối, {corrected} dòng đã sửa hồ sơ có sẵn.",
        "en": "{imported} imported, {flagged} flagged for cleaning, {duplicate} {duplicate:duplicate|duplicates} skipped, {rejected} rejected, {corrected} used to correct a record already here.",
    },
    "BACKFILL_CORRECTED_ROW": {
        "vi": "Dòng {row}: {name} (mã hồ sơ {person_id}): {changes}",
        "en": "Row {row}: {name} (record {person_id}): {changes}",
    },
    "BACKFILL_PREVIEW_CORRECTS": {
        "vi": "Mũi tiêm này đã được ghi nhận cho {name} (mã hồ sơ {person_id}), nên không được lưu lại; tệp ghi khác về người này ({changes}). Hồ sơ chỉ được sửa khi nhập cả tệp, nếu các dòng của người này thống nhất và người giám sát đồng ý.",
        "en": "This dose is recorded for {name} (record {person_id}), so it is not stored again; the file says other things of this person ({changes}). The record is corrected only on importing the whole file, if this person's rows agree and a supervisor agrees.",
    },
    "BACKFILL_HELD_ASK": {
        "vi": "Tệp này sửa thông tin của {count} người đã ghi nhận:\n\n{people}\n\nNếu sửa, chứng nhận đã cấp cho người được sửa họ tên, ngày sinh, giới tính hoặc giấy tờ sẽ bị thu hồi để cấp lại, và mỗi thay đổi được ghi vào nhật ký. Nếu không sửa, hồ sơ giữ nguyên; các mũi tiêm mới của tệp vẫn được lưu.",
        "en": "This file corrects {count} {count:person|people} already recorded:\n\n{people}\n\nIf corrected, the certificates of anyone whose name, date of birth, sex or ID changes are revoked to be issued again, and every change is written to the audit log. If not, the records stay as they are; the file's new doses are stored either way.",
    },
    "BACKFILL_HELD_PERSON": {
        "vi": "• {name} (mã hồ sơ {person_id}): {changes}",
        "en": "• {name} (record {person_id}): {changes}",
    },
    "BACKFILL_HELD_MORE": {
        "vi": "… và {count} người khác (xem báo cáo).",
        "en": "… and {count} more {count:person|people} (see the report).",
    },
    "BACKFILL_CORRECTED_MORE": {
        "vi": "… và {count} dòng sửa hồ sơ khác (xem báo cáo).",
        "en": "… and {count} more {count:correction|corrections} (see the report).",
    },
    "PAPER_SAVED": {
        "vi": "Đã lưu ({count} phiếu trong phiên này).",
        "en": "Saved ({count} this session).",
    },
    # A supervisor's paper form that gives a recorded person other values than the record.
    "PAPER_HELD_ASK": {
        "vi": "Phiếu này ghi thông tin khác hồ sơ của {name} (mã hồ sơ {person_id}): {changes}.\n\nNếu sửa, chứng nhận đã cấp cho người này sẽ bị thu hồi để cấp lại nếu họ tên, ngày sinh, giới tính hoặc giấy tờ thay đổi, và thay đổi được ghi vào nhật ký. Nếu không sửa, hồ sơ giữ nguyên; mũi tiêm của phiếu vẫn được lưu.",
        "en": "This form gives other details than the record of {name} (record {person_id}): {changes}.\n\nIf corrected, this person's certificates are revoked to be issued again if the name, date of birth, sex or ID changes, and the change is written to the audit log. If not, the record stays as it is; the form's dose is stored either way.",
    },
    # Certificates screen
    "CERT_ID": {
        "vi": "Mã chứng nhận: {uvci}",
        "en": "Certificate ID: {uvci}",
    },
    "CERT_KEY_FINGERPRINT": {
        "vi": "Mã nhận dạng khóa (đọc cho cán bộ trung tâm khi họ duyệt khóa mới): {fingerprint}",
        "en": "Key fingerprint (read it to central staff when they approve a new key): {fingerprint}",
    },
    "CERT_CERTIFIED_UNTIL": {
        "vi": "Đã được hệ thống trung tâm chứng thực đến {date}.",
        "en": "Certified by the central platform until {date}.",
    },
    "CERT_DAY_EMPTY": {
        "vi": "Không có ai được tiêm tại điểm tiêm vào ngày {date}.",
        "en": "Nobody was vaccinated here on {date}.",
    },
    "CERT_DAY_SIGNING": {
        "vi": "Đang ký và ghi {count} chứng nhận…",
        "en": "Signing and writing {count} {count:certificate|certificates}…",
    },
    "CERT_DAY_SAVED": {
        "vi": "Đã lưu {count} chứng nhận vào {path}.",
        "en": "Saved {count} {count:certificate|certificates} to {path}.",
    },
    # Sync
    "SYNC_NO_SITE": {
        "vi": "Hãy thiết lập điểm tiêm trước (vaxdesk setup-site MÃ TÊN, hoặc khi mở ứng dụng lần đầu): hồ sơ được gửi theo mã điểm tiêm.",
        "en": "Set up the site first (vaxdesk setup-site CODE NAME, or the app's first run): records are sent under the site's code.",
    },
    # Said in the app (and by a look-up): where a supervisor sets them. The command line's
    # own words (CLI_SYNC_NOT_CONFIGURED) add the options of `vaxdesk sync`.
    # A record window's history names the dose an entry is of (ui/records/record_dialog.py)
    "RECORD_AUDIT_DOSE": {"vi": "Mũi {number} ({date})", "en": "Dose {number} ({date})"},
    "SYNC_NOT_CONFIGURED": {
        "vi": "Chưa cấu hình hệ thống trung tâm: người giám sát nhập địa chỉ và mã truy cập "
              "trong mục Đồng bộ.",
        "en": "The central platform is not set up: a supervisor enters its address and "
              "access code in Sync.",
    },
    "CLI_SYNC_NOT_CONFIGURED": {
        "vi": "Chưa cấu hình hệ thống trung tâm: chạy VAXDESK_SYNC_TOKEN=MÃ vaxdesk sync "
              "--server ĐỊA_CHỈ --save (người giám sát; mã truy cập trong biến môi trường, "
              "không trong tham số lệnh mà tài khoản khác nhìn thấy), hoặc nhập trong mục "
              "Đồng bộ của ứng dụng.",
        "en": "The central platform is not set up: run VAXDESK_SYNC_TOKEN=CODE vaxdesk sync "
              "--server ADDRESS --save (a supervisor; the access code in the environment "
              "variable, not in the command's arguments other accounts see), or enter them "
              "in the app's Sync area.",
    },
    "SYNC_STOPPED": {
        "vi": "Đồng bộ dừng: {detail}",
        "en": "Sync stopped: {detail}",
    },
    # What went wrong, told after "Đồng bộ dừng:" / "Sync stopped:" (ProtocolError.code).
    "SYNC_MOVED": {
        "vi": "hệ thống trung tâm đã chuyển sang địa chỉ {location}: hãy đặt địa chỉ đó trong phần cài đặt đồng bộ.",
        "en": "the central platform has moved to {location}: set that address in the sync settings.",
    },
    "SYNC_IN_CLEAR": {
        "vi": "địa chỉ {address} không mã hóa (http://): hồ sơ và mã truy cập sẽ đi qua mạng ở dạng ai cũng đọc được. Hãy dùng địa chỉ https:// của hệ thống trung tâm.",
        "en": "the address {address} is not encrypted (http://): the records and the access code would cross the network readable by anyone. Use the central platform's https:// address.",
    },
    "SYNC_NOT_HTTPS": {
        "vi": "địa chỉ {address} phải bắt đầu bằng https://: hãy nhập đúng địa chỉ hệ thống trung tâm mà đơn vị quản lý đã cấp.",
        "en": "the address {address} must begin with https://: type the central platform's address as its administrators gave it.",
    },
    "SYNC_ADDRESS_MALFORMED": {
        "vi": "địa chỉ {address} không dùng được (thiếu hoặc sai tên miền, có dấu cách, hoặc số cổng sai): hãy nhập đúng địa chỉ hệ thống trung tâm mà đơn vị quản lý đã cấp, dạng https://tên-miền/fhir.",
        "en": "the address {address} names no place (a host name missing or misspelt, a space, or a port that is no number): type the central platform's address as its administrators gave it, like https://host-name/fhir.",
    },
    "SYNC_ADDRESS_REFUSED": {
        "vi": "Chưa đồng bộ, chưa gửi và chưa lưu gì: {why}",
        "en": "Nothing was synced, sent or saved: {why}",
    },
    "SYNC_SETTINGS_REFUSED": {
        "vi": "Chưa lưu cài đặt đồng bộ: {why}",
        "en": "The sync settings were not saved: {why}",
    },
    "SYNC_OTHER_SERVER_REFUSED": {
        "vi": "Chỉ người giám sát mới được đồng bộ với một hệ thống trung tâm khác với hệ thống đã lưu trong cài đặt đồng bộ (địa chỉ hoặc mã truy cập khác); {name} có vai trò {role}. Chưa gửi hồ sơ nào. Hãy đồng bộ với cài đặt đã lưu (không dùng --server, --token hay VAXDESK_SYNC_TOKEN), hoặc nhờ người giám sát.",
        "en": "Only a supervisor may sync with a central platform other than the one saved in the sync settings (another address or access code); {name} is a {role}. Nothing was sent. Sync with the saved settings (without --server, --token or VAXDESK_SYNC_TOKEN), or ask a supervisor.",
    },
    "SYNC_WRONG_ADDRESS": {
        "vi": "không có dịch vụ đồng bộ ở địa chỉ đã đặt (HTTP {status}): hãy kiểm tra địa chỉ hệ thống trung tâm trong phần cài đặt đồng bộ.",
        "en": "there is no sync service at the address set (HTTP {status}): check the central platform's address in the sync settings.",
    },
    "SYNC_CODE_OTHER_SITE": {
        "vi": "mã truy cập đã đặt là của điểm tiêm khác, không phải điểm tiêm của máy này (HTTP {status}): hãy kiểm tra mã truy cập trong phần cài đặt đồng bộ. Hồ sơ không bị từ chối, vẫn chờ và sẽ được gửi khi có mã đúng.",
        "en": "the access code set is another site's, not this laptop's site's (HTTP {status}): check the access code in the sync settings. No record was rejected; they stay queued until then.",
    },
    "SYNC_WRITE_REFUSED": {
        "vi": "hệ thống trung tâm không cho mã truy cập này gửi hồ sơ lên (HTTP {status}): hãy xin mã truy cập được phép gửi hồ sơ và đặt vào phần cài đặt đồng bộ. Hồ sơ không bị từ chối, vẫn chờ và sẽ được gửi khi có mã đúng.",
        "en": "the central platform does not let this access code send records (HTTP {status}): ask for an access code that may send records and set it in the sync settings. No record was rejected; they stay queued until then.",
    },
    "SYNC_NO_CLIENT_IDS": {
        "vi": "hệ thống trung tâm không nhận hồ sơ mới với mã do máy này đặt (HTTP {status}; trên Medplum, chỉ quản trị viên cấp cao được làm vậy): cần một hệ thống cho phép tạo hồ sơ bằng PUT với mã của máy (như HAPI FHIR), hoặc một mã truy cập có quyền đó. Hồ sơ không bị từ chối, vẫn chờ và sẽ được gửi khi có hệ thống hoặc mã truy cập phù hợp.",
        "en": "the central platform does not take new records under the ids this laptop gives them (HTTP {status}; on Medplum only a super administrator may): it needs a platform that creates records by PUT under the client's ids (HAPI FHIR, say), or an access code with that right. No record was rejected; they stay queued until then.",
    },
    "SYNC_HTTP_FAILED": {
        "vi": "hệ thống trung tâm báo lỗi (HTTP {status}). Hồ sơ vẫn chờ và sẽ được gửi ở lần đồng bộ sau.",
        "en": "the central platform reported an error (HTTP {status}). The records stay queued for the next sync.",
    },
    "SYNC_UNREADABLE": {
        "vi": "hệ thống trung tâm trả lời không như mong đợi (chi tiết trong nhật ký của ứng dụng). Hồ sơ vẫn chờ và sẽ được gửi ở lần đồng bộ sau.",
        "en": "the central platform answered something unexpected (details in the app's log). The records stay queued for the next sync.",
    },
    "SYNC_LAST": {
        "vi": "Đồng bộ lần cuối: {when}",
        "en": "Last sync: {when}",
    },
    "SYNC_PERCENT": {
        "vi": "Đang đồng bộ… {percent}%",
        "en": "Syncing… {percent}%",
    },
    "SYNC_SENDING": {
        "vi": "Đang gửi hồ sơ: {done} / {total}",
        "en": "Sending records: {done} of {total}",
    },
    "SYNC_RECEIVING": {
        "vi": "Đang nhận thay đổi từ hệ thống trung tâm…",
        "en": "Receiving changes from the central platform…",
    },
    "SYNC_CATALOGUE": {
        "vi": "Đang cập nhật danh mục vắc xin…",
        "en": "Updating the vaccine catalogue…",
    },
    "SYNC_SIGNING": {
        "vi": "Đang cập nhật khóa ký và danh sách tin cậy…",
        "en": "Updating the signing key and the trust list…",
    },
    "SYNC_FINISHED": {
        "vi": "Đồng bộ xong: {synced} hồ sơ đã đồng bộ, {rejected} bị từ chối, {conflicts} xung đột, {pulled} thay đổi nhận về, {waiting} còn chờ.",
        "en": "Sync finished: {synced} {synced:record|records} synced, {rejected} rejected, {conflicts} {conflicts:conflict|conflicts}, {pulled} {pulled:change|changes} received, {waiting} still waiting.",
    },
    # The round's clock check (SyncSummary.clock_messages): which way and how far, and the
    # platform's time to set the clock to.
    "SYNC_CLOCK_AHEAD": {
        "vi": "Đồng hồ của máy này chạy nhanh {span} so với hệ thống trung tâm: theo hệ thống trung tâm bây giờ là {platform}. Hãy chỉnh lại ngày giờ: thời gian tiêm và chứng nhận phụ thuộc vào nó.",
        "en": "This laptop's clock is {span} ahead of the central platform's: by the central platform it is {platform} now. Set the date and time right: dose times and certificates depend on it.",
    },
    "SYNC_CLOCK_BEHIND": {
        "vi": "Đồng hồ của máy này chạy chậm {span} so với hệ thống trung tâm: theo hệ thống trung tâm bây giờ là {platform}. Hãy chỉnh lại ngày giờ: thời gian tiêm và chứng nhận phụ thuộc vào nó.",
        "en": "This laptop's clock is {span} behind the central platform's: by the central platform it is {platform} now. Set the date and time right: dose times and certificates depend on it.",
    },
    # The laptop's zone is not Vietnam's (clock.zone_off): the desk, the Sync area, the CLI.
    "CLOCK_ZONE_OFF": {
        "vi": "Máy tính đang đặt múi giờ {zone}, không phải giờ Việt Nam (UTC+7): theo máy bây giờ là {laptop}, ở Việt Nam là {vietnam}. Mũi tiêm lưu trên máy này mang ngày giờ của máy. Hãy đặt múi giờ của máy tính là “(UTC+07:00) Bangkok, Hanoi, Jakarta” rồi mở lại VaxDesk.",
        "en": "The laptop is set to time zone {zone}, not Vietnam's (UTC+7): it is {laptop} on the laptop, {vietnam} in Vietnam. Doses saved on this laptop take its date and time. Set the laptop's time zone to “(UTC+07:00) Bangkok, Hanoi, Jakarta”, then start VaxDesk again.",
    },
    "CENTRAL_EDIT_CONFLICT": {
        "vi": "Hồ sơ được sửa cả trên máy này và trên hệ thống trung tâm: hãy chọn bản đúng.",
        "en": "Edited both on this laptop and on the central platform: choose the right one.",
    },
    "CENTRAL_DELETED": {
        "vi": "Hồ sơ này đã bị xóa trên hệ thống trung tâm. Giữ bản trên máy này sẽ gửi lại nó như một hồ sơ mới; nếu không chắc, hãy hỏi hệ thống trung tâm vì sao hồ sơ bị xóa.",
        "en": "This record was deleted on the central platform. Keeping this laptop's version sends it again as a new record; if unsure, ask the central platform why it was deleted.",
    },
    "CENTRAL_RESTORE_CLASH": {
        "vi": "Hệ thống trung tâm đã bỏ đánh dấu nhập nhầm cho mũi tiêm này, nhưng người này đã có một mũi {number} khác trên máy: hãy chọn bản đúng.",
        "en": "The central platform took back this dose's void, but the person has another dose {number} on this laptop: choose the right one.",
    },
    "CENTRAL_UNREADABLE": {
        "vi": "Hệ thống trung tâm có bản sửa của hồ sơ này mà ứng dụng không đọc được (do một phần mềm khác ghi): hãy giữ bản trên máy này, hoặc báo cho hệ thống trung tâm sửa lại.",
        "en": "The central platform holds an edit of this record that this app cannot read (written by other software): keep this laptop's version, or ask the central platform to fix theirs.",
    },
    "CENTRAL_UNREADABLE_THEIRS": {
        "vi": "Không lấy được bản của hệ thống trung tâm: ứng dụng không đọc được bản đó. Hãy giữ bản trên máy này.",
        "en": "The central platform's version cannot be taken: this app cannot read it. Keep this laptop's version.",
    },
    "SYNC_RETRY_NEXT_ROUND": {
        "vi": "Hệ thống trung tâm nhiều lần từ chối phiên bản của hồ sơ này; sẽ gửi lại ở lần đồng bộ sau.",
        "en": "The central platform kept refusing this record's version; it is sent again next sync.",
    },
    "SYNC_REFUSED_HTTP": {
        "vi": "Hệ thống trung tâm từ chối hồ sơ (HTTP {status}).",
        "en": "The central platform refused the record (HTTP {status}).",
    },
    "SYNC_STEP_SKIPPED": {
        "vi": "Bước \"{step}\" không thực hiện được lần này: {problem} Dữ liệu tiêm vẫn được đồng bộ; lần đồng bộ sau sẽ thử lại.",
        "en": "The \"{step}\" step did not work this time: {problem} The records were still synced; the next sync tries again.",
    },
    "SYNC_STEP_CATALOGUE": {"vi": "nhận danh mục vắc xin", "en": "receive the vaccine catalogue"},
    "SYNC_STEP_SIGNING": {"vi": "chứng thực khóa ký", "en": "certify the signing key"},
    "SYNC_STEP_VERDICTS": {"vi": "nhận kết quả đối chiếu dân cư",
                           "en": "receive the population register's answers"},
    "SYNC_STEP_COMPLAINTS": {"vi": "trao đổi phản ánh", "en": "exchange complaints"},
    "SYNC_STEP_DOSE_CLASHES": {"vi": "nhận danh sách mũi tiêm trùng số với điểm tiêm khác",
                               "en": "receive the doses numbered as at another site"},
    "SYNC_STEP_ELSEWHERE": {"vi": "nhận mũi tiêm của người dân tại điểm tiêm khác",
                            "en": "receive our people's doses at other sites"},
    "SYNC_STEP_SITE_REPORT": {"vi": "gửi số liệu báo cáo của điểm tiêm",
                              "en": "send the site's report figures"},
    "SYNC_STEP_AUDIT_ANCHOR": {"vi": "gửi mốc nhật ký thao tác",
                               "en": "anchor the audit trail at the central platform"},
    "SYNC_STEP_PULL": {"vi": "nhận thay đổi từ hệ thống trung tâm",
                       "en": "receive the central platform's changes"},
    "SYNC_STEP_FOREIGN": {"vi": "đọc bản trên hệ thống trung tâm của hồ sơ cũ trước khi gửi lại (để giữ phần hệ thống khác đã ghi; các hồ sơ đó chờ lần sau)",
                          "en": "read the central copy of older records before sending them again (to keep what other systems wrote; those records wait for the next sync)"},
    "SYNC_STEP_PROBLEM_PAGES_EXPIRED": {
        "vi": "hệ thống trung tâm liên tục hủy các trang kết quả giữa chừng, nên chưa nhận hết thay đổi; phần đã nhận được giữ nguyên.",
        "en": "the central platform kept dropping its result pages part-way, so not every change came; what came is kept.",
    },
    "SYNC_STEP_PROBLEM_UNREACHABLE": {
        "vi": "không kết nối được hệ thống trung tâm.",
        "en": "the central platform could not be reached.",
    },
    # The Sync area while a round waits on the platform (ui/sync/sync_screen.py)
    "SYNC_WAITING_ANSWER": {
        "vi": "Đang chờ hệ thống trung tâm trả lời ({seconds} giây): mạng chậm hoặc hệ thống "
              "đang bận. Các bản ghi vẫn chờ an toàn trên máy; có thể bấm Dừng và đồng bộ "
              "lại sau.",
        "en": "Waiting for the central platform to answer ({seconds} s): the network is slow "
              "or the platform busy. The records wait safely on this laptop; you may press "
              "Stop and sync again later.",
    },
    "SYNC_STOPPING": {
        "vi": "Đang dừng: chờ lần gửi đang dở kết thúc (có thể đến 2 phút nếu hệ thống trung "
              "tâm không trả lời). Không mất bản ghi nào.",
        "en": "Stopping: waiting for the request under way to end (up to 2 minutes if the "
              "central platform does not answer). No record is lost.",
    },
    "SYNC_STEP_PROBLEM_STOPPED": {
        "vi": "người dùng bấm Dừng.",
        "en": "the user pressed Stop.",
    },
    "SYNC_STEP_PROBLEM_REFUSED": {
        "vi": "hệ thống trung tâm từ chối mã truy cập của điểm tiêm.",
        "en": "the central platform refused this site's access code.",
    },
    "SYNC_STEP_PROBLEM_UNEXPECTED": {
        "vi": "hệ thống trung tâm trả lời không như mong đợi (chi tiết trong nhật ký của ứng dụng).",
        "en": "the central platform answered something unexpected (details in the app's log).",
    },
    # What came instead of an answer the app can use (sync/client.py, BadAnswer): a skipped
    # step's problem, or after "Đồng bộ dừng:" / "Sync stopped:".
    "SYNC_ANSWER_WEB_PAGE": {
        "vi": "thay vì dữ liệu của hệ thống trung tâm, máy nhận về một trang web: có thể mạng đang đòi đăng nhập (Wi-Fi công cộng, mạng khách) hoặc một thiết bị trung gian (proxy, tường lửa) chặn kết nối. Hãy mở trình duyệt, đăng nhập mạng nếu được hỏi, rồi đồng bộ lại.",
        "en": "a web page came back instead of the central platform's data: the network may want a sign-in (public or guest Wi-Fi), or a device in between (a proxy, a firewall) blocks the connection. Open a browser, sign in to the network if asked, and sync again.",
    },
    "SYNC_ANSWER_TOO_LARGE": {
        "vi": "câu trả lời nhận được lớn hơn nhiều so với mức hệ thống trung tâm gửi, nên ứng dụng đã ngừng nhận để không làm đầy bộ nhớ của máy (chi tiết trong nhật ký của ứng dụng).",
        "en": "the answer that came was far larger than the central platform sends, so the app stopped receiving it rather than fill this laptop's memory (details in the app's log).",
    },
    "SYNC_ANSWER_UNREADABLE": {
        "vi": "câu trả lời nhận được không đọc được: bị cắt giữa chừng hoặc không phải dữ liệu của hệ thống trung tâm (chi tiết trong nhật ký của ứng dụng).",
        "en": "the answer that came could not be read: it was cut off, or is not the central platform's data (details in the app's log).",
    },
    "SYNC_ANSWER_MALFORMED": {
        "vi": "hệ thống trung tâm trả về dữ liệu sai cấu trúc, ứng dụng không dùng được (chi tiết trong nhật ký của ứng dụng).",
        "en": "the central platform answered data of the wrong structure, which the app cannot use (details in the app's log).",
    },
    # A push whose batches, halved, still went unanswered a whole read timeout
    # (sync/engine.py): the platform or a device on the way takes them and says nothing.
    "SYNC_STEP_PROBLEM_UNANSWERED": {
        "vi": "hệ thống trung tâm không trả lời các gói hồ sơ đã gửi, kể cả khi gửi lại "
              "thành gói nhỏ hơn: có thể một thiết bị trung gian trên đường mạng (proxy) bỏ "
              "các gói lớn mà không báo. Lần sau ứng dụng gửi thành các gói nhỏ hơn nữa.",
        "en": "the central platform did not answer the batches of records sent, even sent "
              "again smaller: a device on the network path (a proxy) may drop large ones "
              "without a word. The next sync sends smaller batches still.",
    },
    "SYNC_STEP_PROBLEM_BUSY": {
        "vi": "hệ thống trung tâm đang quá tải và đề nghị chờ một lúc rồi mới gửi tiếp.",
        "en": "the central platform is overloaded and asked to wait a while before sending more.",
    },
    # A refused or conflicting person's doses, waiting to be sent with them
    # (services/sync.SyncIssue.held_doses): the backlog that never goes down, explained.
    "SYNC_DOSES_HELD": {
        "vi": "{count} mũi tiêm của người này chờ gửi cho đến khi hồ sơ của họ được sửa.",
        "en": "{count} {count:dose|doses} of this person wait to be sent until their record is fixed.",
    },
    # More records need a person than the Sync list shows (the oldest 500).
    "SYNC_ISSUES_MORE": {
        "vi": "Đang hiện {shown} trong {total} hồ sơ cần xử lý (cũ nhất trước). Sửa hoặc gửi lại các hồ sơ này, các hồ sơ còn lại sẽ hiện tiếp.",
        "en": "Showing {shown} of the {total} records that need you (oldest first). Fix or send these again and the rest come up.",
    },
    "SYNC_ALREADY_RUNNING": {
        "vi": "Đang có một lần đồng bộ khác (ở cửa sổ này hoặc lệnh vaxdesk sync): lần này không bắt đầu. Hồ sơ vẫn chờ và được gửi trong lần đang chạy hoặc lần sau.",
        "en": "Another sync is running (in this window or the vaxdesk sync command): this one did not start. The records stay queued for that round or the next.",
    },
    "SYNC_STILL_QUEUED": {
        "vi": "Hồ sơ vẫn chờ và sẽ được gửi ở lần đồng bộ sau.",
        "en": "The records stay queued for the next sync.",
    },
    # After a platform asked for a pause (429 Retry-After) or kept failing: when the app
    # tries again by itself (ui/sync/controller.py), on the sync screen and the status bar.
    "SYNC_NEXT_TRY": {
        "vi": "Ứng dụng sẽ tự đồng bộ lại sau {time}; bấm \"Đồng bộ ngay\" nếu cần gửi sớm hơn.",
        "en": "The app syncs again by itself after {time}; press \"Sync now\" to send sooner.",
    },
    "SYNC_NEXT_TRY_SHORT": {
        "vi": "Tự thử lại lúc {time}",
        "en": "Next try at {time}",
    },
    "SYNC_CHECK_ACCESS_CODE": {
        "vi": "Hãy kiểm tra mã truy cập trong phần cài đặt đồng bộ.",
        "en": "Check the access code in the sync settings.",
    },
    "SYNC_SIGNER_CERTIFIED": {
        "vi": "Hệ thống trung tâm đã cấp chứng thư cho khóa ký của điểm tiêm.",
        "en": "The central platform certified this site's signing key.",
    },
    "SYNC_SIGNER_REVOKED": {
        "vi": "CẢNH BÁO: khóa ký của điểm tiêm đã bị thu hồi; hãy tạo khóa mới.",
        "en": "WARNING: this site's signing key was revoked; make a new one.",
    },
}
