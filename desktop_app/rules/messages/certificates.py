"""Certificates: issuing, signing keys, and what a verification found."""

MESSAGES: dict[str, dict[str, str]] = {
    "CERT_NO_DOSES": {
        "vi": "{name} chưa có mũi tiêm nào được ghi nhận, nên chưa thể cấp chứng nhận.",
        "en": "{name} has no recorded dose, so no certificate can be issued.",
    },
    "CERT_NO_DOSE_HERE": {
        "vi": "{name} chưa được tiêm mũi nào tại điểm này, nên điểm này chưa thể cấp chứng nhận (chứng nhận do nơi đã tiêm cấp).",
        "en": "{name} has no dose given at this site, so this site cannot issue a certificate (the site that gave the dose issues it).",
    },
    # What a verified certificate says, row by row (certificates/described.py): the
    # verifier window and `vaxdesk verify` alike.
    "CERT_ROW_NAME": {"vi": "Họ và tên", "en": "Name"},
    "CERT_ROW_DOB": {"vi": "Ngày sinh", "en": "Date of birth"},
    "CERT_ROW_DOSE": {"vi": "Mũi thứ", "en": "Dose number"},
    "CERT_ROW_VACCINATED": {"vi": "Ngày tiêm", "en": "Date of vaccination"},
    "CERT_ROW_VACCINE": {"vi": "Vắc xin", "en": "Vaccine"},
    "CERT_ROW_TYPE": {"vi": "Loại chứng nhận", "en": "Certificate type"},
    "CERT_ROW_TEST": {"vi": "Chứng nhận xét nghiệm", "en": "Test certificate"},
    "CERT_ROW_TEST_RESULT": {"vi": "Kết quả xét nghiệm", "en": "Test result"},
    "CERT_ROW_NOT_DETECTED": {"vi": "Âm tính", "en": "Not detected"},
    "CERT_ROW_DETECTED": {"vi": "Dương tính", "en": "Detected"},
    "CERT_ROW_SAMPLE_TAKEN": {"vi": "Ngày lấy mẫu", "en": "Sample taken"},
    "CERT_ROW_TESTING_CENTRE": {"vi": "Nơi xét nghiệm", "en": "Testing centre"},
    "CERT_ROW_RECOVERY": {"vi": "Chứng nhận khỏi bệnh", "en": "Recovery certificate"},
    "CERT_ROW_FIRST_POSITIVE": {"vi": "Ngày xét nghiệm dương tính đầu tiên", "en": "First positive test"},
    "CERT_ROW_VALID_FROM": {"vi": "Có hiệu lực từ", "en": "Valid from"},
    "CERT_ROW_VALID_UNTIL": {"vi": "Có hiệu lực đến", "en": "Valid until"},
    "CERT_ROW_COUNTRY": {"vi": "Quốc gia", "en": "Country"},
    "CERT_ROW_ISSUER": {"vi": "Nơi cấp", "en": "Issuer"},
    "CERT_ROW_ID": {"vi": "Mã chứng nhận", "en": "Certificate ID"},
    "CERT_DOSE_NUMBER_TWICE": {
        "vi": "{name} có hai mũi cùng ghi là mũi {number} (thường là một mũi ở điểm tiêm khác): cần sửa số mũi (danh sách làm sạch dữ liệu) trước khi cấp chứng nhận.",
        "en": "{name} has two doses both numbered dose {number} (usually one given at another site): the dose number must be corrected (data-cleaning list) before a certificate can be issued.",
    },
    # Numbers the dates contradict (payload.numbers_against_dates): a merge of one injection
    # recorded twice, or numbers swapped on a paper form.
    "CERT_DOSES_OUT_OF_ORDER": {
        "vi": "{name} có mũi {later} ngày {later_date} không sau mũi {earlier} ngày "
              "{earlier_date} (hai mũi cùng một ngày, hoặc số mũi bị đảo): cần sửa các mũi "
              "tiêm (danh sách làm sạch dữ liệu) trước khi cấp chứng nhận.",
        "en": "{name} has dose {later} on {later_date}, not after dose {earlier} on "
              "{earlier_date} (two doses on one day, or their numbers swapped): the doses "
              "must be put right (data-cleaning list) before a certificate can be issued.",
    },
    # A payload no verifier would read is refused before it is signed (certificates/shape.py).
    "CERT_NAME_NOT_LATIN": {
        "vi": "Chưa thể cấp chứng nhận cho “{name}”: họ tên không có chữ cái Latinh để ghi vào mã QR, nên không nơi kiểm tra nào đọc được. Hãy sửa họ tên thành chữ Latinh, như dòng đọc bằng máy (MRZ) của hộ chiếu.",
        "en": "No certificate can be made for “{name}”: the name has no Latin letters for the QR code, so no verifier could read it. Correct the name to Latin letters, as in the passport's machine-readable line (MRZ).",
    },
    "CERT_DOB_NOT_PLAUSIBLE": {
        "vi": "Chưa thể cấp chứng nhận cho {name}: ngày sinh {dob} không hợp lý (chứng nhận EU-DCC chỉ nhận năm sinh từ 1900 đến 2099). Hãy kiểm tra và sửa ngày sinh trước.",
        "en": "No certificate can be made for {name}: the date of birth {dob} is not plausible (an EU DCC takes birth years 1900 to 2099). Check and correct the date of birth first.",
    },
    "CERT_NOT_VERIFIABLE": {
        "vi": "Chưa thể cấp chứng nhận cho {name}: chứng nhận sẽ không đạt chuẩn EU-DCC ({reason}), nên không ký.",
        "en": "No certificate can be made for {name}: it would not meet the EU DCC ({reason}), so it is not signed.",
    },
    "CERT_NO_NAME": {
        "vi": "Người này chưa có họ tên, nên chưa thể cấp chứng nhận.",
        "en": "This person has no name, so no certificate can be issued.",
    },
    "CERT_PRODUCT_UNKNOWN": {
        "vi": "Vắc xin “{product}” không có trong danh mục, nên không có mã EU-DCC để cấp chứng nhận.",
        "en": "Vaccine “{product}” is not in the catalogue, so it has no EU-DCC codes for a certificate.",
    },
    "CERT_QR_NAME_SHORTENED": {
        "vi": "Họ tên “{name}” quá dài cho mã QR (họ, và tên đệm cùng tên, mỗi phần tối đa {limit} ký tự), nên mã QR chỉ ghi “{qr_name}”; bản in vẫn ghi đủ họ tên. Người kiểm tra đọc mã QR sẽ thấy tên ngắn hơn.",
        "en": "The name “{name}” is too long for the QR code (at most {limit} characters for the family name and for the given names), so the QR code carries only “{qr_name}”; the paper prints the whole name. A verifier reading the QR code sees the shorter name.",
    },
    # The QR carries the latest dose given here; another site gave a later one
    # (services/qr_notices.py): said before printing, as CERT_QR_NAME_SHORTENED is.
    "CERT_QR_EARLIER_DOSE": {
        "vi": "Mã QR của chứng nhận này ghi mũi {number} ({number}/{series}) tiêm tại đây; {name} đã tiêm mũi {later} tại {site} ngày {date}: chứng nhận có mũi đó do {site} cấp.",
        "en": "This certificate's QR code carries dose {number} ({number}/{series}), given here; {name} was given dose {later} at {site} on {date}: the certificate with that dose is {site}'s to issue.",
    },
    # The {site} of CERT_QR_EARLIER_DOSE that this laptop cannot name
    "CERT_SITE_CODED": {"vi": "điểm tiêm {code}", "en": "site {code}"},
    "CERT_SITE_UNNAMED": {"vi": "một điểm tiêm khác", "en": "another site"},
    # The certificate dialog, before printing: the split of the name the QR carries, which
    # the paper (the name in one line) does not show (services/certificates.py).
    "CERT_NAME_PARTS": {
        "vi": "Người kiểm tra đọc mã QR thấy — Họ: {family} · Tên đệm và tên: {given}.",
        "en": "A verifier reading the QR code sees — Family name: {family} · Given names: {given}.",
    },
    "CERT_NAME_PARTS_FIX": {
        "vi": "Nếu họ không đúng như trên hộ chiếu, hãy sửa họ tên của người này và gõ họ bằng CHỮ IN HOA như hộ chiếu in (ví dụ “Maria GARCIA LOPEZ”), rồi mở lại chứng nhận.",
        "en": "If the family name is not the passport's, correct this person's name with the family name in CAPITALS as the passport prints it (e.g. “Maria GARCIA LOPEZ”), then open the certificate again.",
    },
    "CERT_PERSON_UNKNOWN": {
        "vi": "Không tìm thấy người “{person}” trong cơ sở dữ liệu.",
        "en": "No person “{person}” in the database.",
    },
    # A certificate is made only for a person named exactly (services/certificate_person.py):
    # what the desk's search finds is named, never signed.
    "CERT_PERSON_AMBIGUOUS": {
        "vi": "Có nhiều người khớp với “{person}”: {candidates}. Chưa cấp chứng nhận; hãy nhập đủ số CCCD/CMND/hộ chiếu của người cần cấp.",
        "en": "More than one person matches “{person}”: {candidates}. No certificate was made; give the full ID number of the person it is for.",
    },
    "CERT_PERSON_NOT_EXACT": {
        "vi": "Không ai có đúng số giấy tờ “{person}”, nên chưa cấp chứng nhận. Người gần khớp: {candidates}. Nếu đúng là người này, hãy nhập đủ số CCCD/CMND/hộ chiếu của họ.",
        "en": "Nobody has exactly the ID number “{person}”, so no certificate was made. Close match: {candidates}. If this is the person, give their full ID number.",
    },
    "CERT_NO_KEY": {
        "vi": "Điểm tiêm chưa có khóa ký chứng nhận. Người giám sát hãy tạo khóa: mục Chứng nhận ▸ “Tạo khóa ký…” (hoặc lệnh vaxdesk signing-key create), rồi đồng bộ.",
        "en": "This site has no certificate signing key yet. A supervisor must create it: Certificates ▸ “Create signing key…” (or the command vaxdesk signing-key create), then sync.",
    },
    "CERT_KEY_EXISTS": {
        "vi": "Điểm tiêm đã có khóa ký chứng nhận; không tạo khóa mới đè lên khóa cũ.",
        "en": "This site already has a certificate signing key; a new one would replace it.",
    },
    "CERT_PASSPHRASE_SHORT": {
        "vi": "Mật khẩu khóa ký phải có ít nhất {min} ký tự.",
        "en": "The signing key passphrase must have at least {min} characters.",
    },
    "CERT_PASSPHRASE_MISSING": {
        "vi": "Cần mật khẩu khóa ký: chạy lệnh ở cửa sổ dòng lệnh để được hỏi, hoặc đặt biến môi trường {env}.",
        "en": "The signing key passphrase is needed: run the command at a terminal to be asked, or set {env}.",
    },
    "CERT_WRONG_PASSPHRASE": {
        "vi": "Mật khẩu khóa ký không đúng.",
        "en": "Wrong signing key passphrase.",
    },
    "CERT_AWAITING_APPROVAL": {
        "vi": "Khóa ký mới của điểm tiêm đang chờ cán bộ hệ thống trung tâm duyệt; chưa in được chứng nhận cho đến khi được duyệt. Hãy gọi cho cán bộ trung tâm, đọc mã nhận dạng khóa {fingerprint}, rồi đồng bộ lại sau khi họ duyệt.",
        "en": "This site's new signing key waits for central staff's approval; certificates cannot be printed until it is approved. Call central staff, read them the key's fingerprint {fingerprint}, then sync again once they have approved it.",
    },
    "CERT_NOT_ENROLLED": {
        "vi": "Điểm tiêm chưa được hệ thống trung tâm cấp chứng thư ký. Hãy đồng bộ một lần khi có mạng.",
        "en": "The central platform has not yet certified this site's signing key. Sync once while online.",
    },
    "CERT_SIGNER_EXPIRED": {
        "vi": "Chứng thư ký của điểm tiêm đã hết hạn ngày {date}. Hãy đồng bộ khi có mạng để gia hạn.",
        "en": "The site's signing certificate expired on {date}. Sync while online to renew it.",
    },
    "CERT_SIGNER_NOT_YET": {
        "vi": "Chứng thư ký của điểm tiêm chỉ có hiệu lực từ {date}; đồng hồ máy tính có thể đang sai.",
        "en": "The site's signing certificate is only valid from {date}; the laptop clock may be wrong.",
    },
    "CERT_SIGNER_REVOKED": {
        "vi": "Chứng thư ký của điểm tiêm đã bị thu hồi. Người quản lý hãy tạo khóa ký mới và đồng bộ.",
        "en": "The site's signing certificate has been revoked. A manager must create a new signing key and sync.",
    },
    "CERT_CLOCK_BEHIND": {
        "vi": "Đồng hồ máy tính ({now}) đang chậm hơn giờ của hệ thống trung tâm đã thấy lần trước ({seen}). Hãy chỉnh đồng hồ trước khi ký chứng nhận.",
        "en": "The laptop clock ({now}) is earlier than the central platform's time last seen ({seen}). Fix the clock before signing certificates.",
    },
    "CERT_CLOCK_AHEAD": {
        "vi": "Lần đồng bộ trước, đồng hồ máy tính chỉ {laptop} trong khi giờ của hệ thống trung tâm là {platform}: đồng hồ chạy nhanh, nên chứng nhận ký bây giờ sẽ ghi thời điểm cấp ở tương lai và nơi kiểm tra sẽ báo “chưa có hiệu lực”. Hãy chỉnh lại ngày giờ của máy tính trước khi ký chứng nhận; nếu vẫn thấy thông báo này, hãy đồng bộ một lần.",
        "en": "At the last sync the laptop clock showed {laptop} while the central platform's time was {platform}: the clock runs ahead, so a certificate signed now would carry an issue time in the future and be found “not yet valid” when checked. Set the laptop's date and time right before signing certificates; if this still shows, sync once.",
    },
    # What a certificate says, named for the reader (rules/certificates.py issuer_name)
    "ISSUER_VN_MOH": {"vi": "Bộ Y tế Việt Nam", "en": "Ministry of Health of Viet Nam"},
    "COUNTRY_VN": {"vi": "Việt Nam", "en": "Viet Nam"},
    # Verdicts of a verification
    "VERIFY_VALID": {
        "vi": "HỢP LỆ: chữ ký đúng, do điểm tiêm {site} ký, còn hiệu lực đến {expires}.",
        "en": "VALID: genuine signature by site {site}, valid until {expires}.",
    },
    "VERIFY_VALID_ABROAD": {
        "vi": "HỢP LỆ: chữ ký đúng, do cơ quan cấp chứng nhận nước ngoài {site} ký, còn hiệu lực đến {expires}.",
        "en": "VALID: genuine signature by the foreign issuer {site}, valid until {expires}.",
    },
    "VERIFY_UNKNOWN_SIGNER": {
        "vi": "KHÔNG XÁC ĐỊNH ĐƯỢC NGƯỜI KÝ: khóa ký {kid} không có trong danh sách tin cậy. Hãy đồng bộ để cập nhật danh sách rồi kiểm tra lại.",
        "en": "UNKNOWN SIGNER: signing key {kid} is not on the trust list. Sync to refresh the list, then check again.",
    },
    # A certificate that says another country issued it: our list holds Vietnam's sites
    # only, and a sync never adds a foreign issuer's key.
    "VERIFY_UNKNOWN_SIGNER_ABROAD": {
        "vi": "KHÔNG XÁC ĐỊNH ĐƯỢC NGƯỜI KÝ: chứng nhận ghi nơi cấp là {country}; danh sách tin cậy chỉ có khóa ký của các điểm tiêm Việt Nam nên không kiểm tra được chữ ký này (khóa {kid}).",
        "en": "UNKNOWN SIGNER: the certificate says it was issued in {country}; the trust list holds only Vietnamese vaccination sites' keys, so this signature cannot be checked here (key {kid}).",
    },
    "VERIFY_REVOKED_SIGNER": {
        "vi": "NGƯỜI KÝ ĐÃ BỊ THU HỒI: khóa ký của điểm tiêm {site} đã bị thu hồi ngày {date}. Chứng nhận này không được chấp nhận; người được tiêm hãy xin điểm tiêm {site} in lại chứng nhận (miễn phí).",
        "en": "REVOKED SIGNER: the signing key of site {site} was revoked on {date}. This certificate is not accepted; the vaccinated person should ask site {site} for a new print (free).",
    },
    "VERIFY_BAD_SIGNATURE": {
        "vi": "CHỮ KÝ SAI: nội dung đã bị sửa hoặc không do điểm tiêm {site} ký. Chứng nhận này là giả.",
        "en": "BAD SIGNATURE: the content was altered or not signed by site {site}. This certificate is forged.",
    },
    "VERIFY_BAD_SIGNATURE_ABROAD": {
        "vi": "CHỮ KÝ SAI: nội dung đã bị sửa hoặc không do cơ quan cấp chứng nhận nước ngoài {site} ký. Chứng nhận này là giả.",
        "en": "BAD SIGNATURE: the content was altered or not signed by the foreign issuer {site}. This certificate is forged.",
    },
    "VERIFY_EXPIRED": {
        "vi": "HẾT HẠN: chứng nhận hết hiệu lực từ {date}.",
        "en": "EXPIRED: the certificate expired on {date}.",
    },
    "VERIFY_SIGNER_NOT_VALID": {
        "vi": "HẾT HẠN: chứng thư ký của {site} chỉ có hiệu lực từ {start} đến {end}, không có hiệu lực ngày {date}. Người được tiêm hãy xin điểm tiêm {site} in lại chứng nhận (miễn phí).",
        "en": "EXPIRED: the signing certificate of {site} is valid only from {start} to {end}, not on {date}. The vaccinated person should ask site {site} for a new print (free).",
    },
    "VERIFY_ISSUED_IN_FUTURE": {
        "vi": "CHƯA CÓ HIỆU LỰC: chứng nhận ghi thời điểm cấp {date}, sau giờ của máy này ({now}). Hãy kiểm tra đồng hồ của máy rồi kiểm tra lại.",
        "en": "NOT YET VALID: the certificate says it was issued at {date}, after this device's time ({now}). Check this device's clock, then check again.",
    },
    "VERIFY_NOT_VACCINATION_TEST": {
        "vi": "KHÔNG PHẢI CHỨNG NHẬN TIÊM CHỦNG: đây là chứng nhận xét nghiệm thật do {site} ký, không chứng nhận việc tiêm chủng.",
        "en": "NOT A VACCINATION CERTIFICATE: this is a genuine test certificate signed by {site}; it does not certify a vaccination.",
    },
    "VERIFY_NOT_VACCINATION_RECOVERY": {
        "vi": "KHÔNG PHẢI CHỨNG NHẬN TIÊM CHỦNG: đây là chứng nhận khỏi bệnh thật do {site} ký, không chứng nhận việc tiêm chủng.",
        "en": "NOT A VACCINATION CERTIFICATE: this is a genuine recovery certificate signed by {site}; it does not certify a vaccination.",
    },
    "VERIFY_WRONG_KEY_USAGE": {
        "vi": "NGƯỜI KÝ KHÔNG ĐƯỢC PHÉP: chứng thư ký của {site} chỉ được dùng để ký chứng nhận xét nghiệm hoặc khỏi bệnh, không được ký chứng nhận tiêm chủng.",
        "en": "SIGNER NOT ALLOWED: the signing certificate of {site} may sign only test or recovery certificates, not vaccination certificates.",
    },
    "VERIFY_MALFORMED": {
        "vi": "KHÔNG ĐỌC ĐƯỢC: đây không phải chứng nhận EU-DCC hợp lệ ({reason}).",
        "en": "MALFORMED: this is not a valid EU-DCC certificate ({reason}).",
    },
    # Why a text is not a certificate: the {reason} of VERIFY_MALFORMED (certificates/hcert.py
    # and verify.py raise MalformedCertificate with these codes)
    "MALFORMED_NO_PREFIX": {"vi": "không bắt đầu bằng HC1:", "en": "does not start with HC1:"},
    "MALFORMED_NOT_BASE45": {"vi": "không phải mã Base45", "en": "not Base45"},
    "MALFORMED_NOT_COMPRESSED": {
        "vi": "nội dung không được nén zlib", "en": "the payload is not zlib-compressed",
    },
    "MALFORMED_TOO_LARGE": {
        "vi": "nội dung nén quá lớn", "en": "the compressed payload is too large",
    },
    "MALFORMED_DAMAGED": {
        "vi": "nội dung nén bị hỏng hoặc bị cắt cụt", "en": "the compressed payload is damaged",
    },
    "MALFORMED_NOT_CBOR": {"vi": "nội dung không phải dạng CBOR", "en": "not CBOR"},
    "MALFORMED_NOT_COSE": {
        "vi": "không có khối chữ ký COSE_Sign1", "en": "not a COSE_Sign1 array",
    },
    "MALFORMED_COSE_TAG": {
        "vi": "thẻ COSE {tag} không phải COSE_Sign1", "en": "COSE tag {tag} is not COSE_Sign1",
    },
    "MALFORMED_COSE_FIELDS": {
        "vi": "các phần của khối chữ ký COSE_Sign1 sai kiểu dữ liệu",
        "en": "COSE_Sign1 fields have the wrong types",
    },
    "MALFORMED_HEADER_NOT_CBOR": {
        "vi": "phần đầu được ký của khối COSE không phải dạng CBOR",
        "en": "protected header is not CBOR",
    },
    "MALFORMED_HEADERS_NOT_MAPS": {
        "vi": "phần đầu của khối COSE sai cấu trúc", "en": "COSE headers are not maps",
    },
    "MALFORMED_NO_KID": {
        "vi": "không ghi khóa ký hoặc thuật toán ký", "en": "no key identifier or algorithm",
    },
    "MALFORMED_CLAIMS_INCOMPLETE": {
        "vi": "phần nội dung được ký (CWT) thiếu thông tin", "en": "the CWT claims are incomplete",
    },
    "MALFORMED_HCERT_NOT_MAP": {
        "vi": "nội dung chứng nhận (HCERT) sai cấu trúc", "en": "the HCERT payload is not a map",
    },
    "MALFORMED_NO_NAME": {"vi": "không có họ tên chuẩn hóa", "en": "no standardised name"},
    "MALFORMED_NO_DOB": {"vi": "không có ngày sinh", "en": "no date of birth"},
    "MALFORMED_KINDS": {
        "vi": "không có đúng một loại chứng nhận (tiêm chủng, xét nghiệm hoặc khỏi bệnh)",
        "en": "not exactly one kind of entry (v, t or r)",
    },
    "MALFORMED_ENTRIES": {
        "vi": "không có đúng một mục chứng nhận", "en": "not exactly one entry",
    },
    "MALFORMED_ENTRY_INCOMPLETE": {
        "vi": "mục chứng nhận thiếu thông tin", "en": "the entry is incomplete",
    },
    "MALFORMED_DOB_FORMAT": {
        "vi": "ngày sinh không đúng định dạng EU-DCC",
        "en": "the date of birth is not as the DCC schema says",
    },
    "MALFORMED_DOB_AFTER_DOSE": {
        "vi": "ngày sinh sau ngày tiêm", "en": "the date of birth is after the vaccination",
    },
    "MALFORMED_DOSE_NUMBER": {
        "vi": "số mũi ({field}) không phải số nguyên dương",
        "en": "the dose number ({field}) is not a positive integer",
    },
    "MALFORMED_COUNTRY": {
        "vi": "nước tiêm không phải mã quốc gia",
        "en": "the country of vaccination is not a country code",
    },
    "VERIFY_NO_TRUST_LIST": {
        "vi": "Máy này chưa có danh sách tin cậy để kiểm tra chữ ký. Hãy đồng bộ một lần khi có mạng.",
        "en": "This laptop has no trust list to check signatures against yet. Sync once while online.",
    },
    # How old the trust list the verdict used is (services/certificates.trust_list_note).
    "TRUST_LIST_AGE": {
        "vi": "Danh sách tin cậy cập nhật lúc {when}.",
        "en": "Trust list updated {when}.",
    },
    "TRUST_LIST_STALE": {
        "vi": "Danh sách tin cậy đã {days} ngày chưa được cập nhật (lần cuối {when}): một khóa hoặc một chứng nhận bị thu hồi sau đó vẫn có thể hiện là hợp lệ. Hãy đồng bộ khi có mạng.",
        "en": "The trust list has not been updated for {days} {days:day|days} (last {when}): a key or a certificate revoked since may still show as valid. Sync while online.",
    },
    # Why a trust list cannot be used (certificates/trust.py TrustListError): after "cannot be read"
    "TRUST_LIST_NOT_OURS": {
        "vi": "đây không phải danh sách tin cậy của VaxDesk, cũng không phải danh sách DSC của cổng EU DCC",
        "en": "it is neither a VaxDesk trust list nor an EU DCC gateway DSC list",
    },
    "TRUST_LIST_DAMAGED": {"vi": "danh sách tin cậy bị hỏng", "en": "the trust list is damaged"},
    "TRUST_LIST_OTHER_AUTHORITY": {
        "vi": "danh sách tin cậy do một cơ quan chứng thực khác phát hành",
        "en": "the trust list comes from another signing authority",
    },
    "TRUST_LIST_AUTHORITY_CHANGED": {
        "vi": "cơ quan chứng thực của hệ thống trung tâm đã thay đổi, nên không được chấp nhận",
        "en": "the central platform's signing authority changed, so it is refused",
    },
    "TRUST_LIST_NO_AUTHORITY": {
        "vi": "danh sách của cổng EU DCC không có cơ quan chứng thực để ghi nhớ",
        "en": "an EU gateway list has no signing authority to pin",
    },
    "TRUST_LIST_NO_USABLE_DSC": {
        "vi": "danh sách của cổng EU DCC không có chứng thư ký (DSC) nào dùng được",
        "en": "the EU DCC gateway list holds no usable signing certificate (DSC)",
    },
    "TRUST_LIST_NOT_JSON": {"vi": "tệp không phải dạng JSON", "en": "the file is not JSON"},
    "TRUST_LIST_FILE_MISSING": {"vi": "không tìm thấy tệp", "en": "no such file"},
    "TRUST_LIST_FILE_IS_FOLDER": {"vi": "đây là một thư mục, không phải tệp", "en": "it is a folder, not a file"},
    "TRUST_LIST_FILE_NO_PERMISSION": {"vi": "không có quyền đọc tệp", "en": "no permission to read it"},
    "TRUST_LIST_FILE_OS_ERROR": {
        "vi": "hệ điều hành báo lỗi khi đọc tệp (mã lỗi {errno})",
        "en": "the system reported an error reading it (error {errno})",
    },
    "VERIFY_REVOKED": {
        "vi": "ĐÃ THU HỒI: chứng nhận này đã bị điểm tiêm {site} thu hồi ngày {date} vì thông tin trên đó đã được sửa hoặc hủy. Chứng nhận này không còn giá trị; người được tiêm cần xin in chứng nhận mới.",
        "en": "REVOKED: site {site} revoked this certificate on {date} because what it says was corrected or voided. It is no longer valid; the vaccinated person should ask for a new certificate.",
    },
    "CERT_REVOKE_DOSE_VOIDED": {"vi": "mũi tiêm đã được đánh dấu nhập nhầm", "en": "the dose was voided"},
    "CERT_REVOKE_DOSE_CORRECTED": {"vi": "mũi tiêm đã được sửa", "en": "the dose was corrected"},
    "CERT_REVOKE_PERSON_CORRECTED": {
        "vi": "thông tin cá nhân đã được sửa", "en": "the personal details were corrected",
    },
    "CERT_ISSUE_IN_FORCE": {
        "vi": "{uvci} — in ngày {date}, còn giá trị",
        "en": "{uvci} — printed {date}, in force",
    },
    "CERT_ISSUE_REVOKED": {
        "vi": "{uvci} — in ngày {date}, ĐÃ THU HỒI ngày {revoked} ({reason})",
        "en": "{uvci} — printed {date}, REVOKED on {revoked} ({reason})",
    },
    # The certificate the dialog just signed: recorded as issued once printed or saved
    "CERT_ISSUE_TO_PRINT": {
        "vi": "{uvci} — chứng nhận mới, được ghi nhận là đã cấp khi in hoặc lưu",
        "en": "{uvci} — the new certificate, recorded as issued once printed or saved",
    },
    # Signed, then the record changed before it was printed (services/certificate_issuing.py)
    "CERT_REVOKED_SINCE_PRINTED": {
        "vi": "Chứng nhận của {name} đã in trước đây nay đã bị thu hồi hoặc không còn đúng hồ sơ (mũi tiêm hay thông tin đã được sửa): không in lại bản đó. Chứng nhận mới theo hồ sơ hiện tại đang được ký; hãy in bản mới và thu lại bản cũ.",
        "en": "The certificate of {name} printed before has been revoked since, or no longer matches the record (a dose or the details were corrected): that copy is not printed again. A new certificate of the record as it is now is being signed; print the new one and take the old paper back.",
    },
    "CERT_CHANGED_WHILE_PRINTING": {
        "vi": "Hồ sơ của {name} vừa được thay đổi sau khi ký chứng nhận: chưa in, chưa lưu "
              "tệp và chưa ghi nhận chứng nhận nào. Hãy làm lại để chứng nhận ghi đúng hồ sơ "
              "hiện tại.",
        "en": "The record of {name} changed after the certificate was signed: nothing was "
              "printed, no file saved and no certificate recorded. Make it again so that it "
              "says what the record says now.",
    },
    # Previewed, then the record changed before print or save signed it
    # (services/certificate_preview.py): the dialog previews the record as it is now.
    "CERT_CHANGED_SINCE_PREVIEW": {
        "vi": "Hồ sơ của {name} vừa được thay đổi sau khi mở bản xem trước: chưa in, chưa "
              "lưu tệp và chưa ghi nhận chứng nhận nào. Bản xem trước đã được làm lại theo "
              "hồ sơ hiện tại; hãy xem lại rồi in hoặc lưu.",
        "en": "The record of {name} changed after the preview was opened: nothing was "
              "printed, no file saved and no certificate recorded. The preview now shows the "
              "record as it is; check it, then print or save.",
    },
    # A batch records its certificates a part (a PDF of its own) at a time
    # (services/certificates.py): a change that stops a later part leaves those before it
    # saved, joined into the file asked for, and recorded.
    "CERT_BATCH_CUT_SHORT": {
        "vi": "Hồ sơ của {name} vừa được thay đổi trong lúc làm đợt chứng nhận: {count} chứng "
              "nhận đầu đã được lưu vào {path} và ghi nhận là đã cấp; các chứng nhận sau đó "
              "chưa lưu và chưa ghi nhận. Hãy làm lại đợt này: những chứng nhận đã lưu được "
              "in lại với cùng mã.",
        "en": "The record of {name} changed while the batch was being made: the first "
              "{count} {count:certificate was|certificates were} saved to {path} and recorded "
              "as issued; the others were neither saved nor recorded. Make the batch again: "
              "those already saved are printed again with the same IDs.",
    },
    # A batch a kill stopped (the power, the task manager), settled at the next opening
    # (db/interrupted_issues.py) and said at the next start (services/stopped_batches.py):
    # CERT_BATCH_STOPPED, then where the recorded certificates' pages are, then what to do.
    "CERT_BATCH_STOPPED": {
        "vi": "Đợt in chứng nhận cho {people} người, bắt đầu lúc {at}{by}, đã bị dừng đột "
              "ngột (ứng dụng hoặc máy tính bị tắt) trước khi xong.",
        "en": "The certificate batch for {people} {people:person|people}, started at "
              "{at}{by}, stopped unexpectedly (the app or the laptop was shut down) before "
              "it finished.",
    },
    "CERT_BATCH_FAILED": {
        "vi": "Đợt in chứng nhận cho {people} người, bắt đầu lúc {at}{by}, đã gặp lỗi và dừng "
              "lại trước khi xong (lỗi đã được báo lúc đó).",
        "en": "The certificate batch for {people} {people:person|people}, started at "
              "{at}{by}, failed before it finished (the error was shown then).",
    },
    "CERT_BATCH_BY": {
        "vi": " bởi {user}",
        "en": " by {user}",
    },
    "CERT_BATCH_NONE_RECORDED": {
        "vi": "Chưa có chứng nhận nào được ghi nhận là đã cấp và không có gì được lưu vào "
              "{path}: hãy làm lại đợt này.",
        "en": "No certificate was recorded as issued and nothing was saved to {path}: make "
              "the batch again.",
    },
    "CERT_BATCH_ALL_IN_FILE": {
        "vi": "Cả {count} chứng nhận đã được ghi nhận là đã cấp; các trang nằm trong {path}: "
              "không cần làm lại.",
        "en": "All {count} {count:certificate was|certificates were} recorded as issued; "
              "the pages are in {path}: nothing needs making again.",
    },
    "CERT_BATCH_IN_FILE": {
        "vi": "{count} người đầu tiên của đợt đã được ghi nhận là đã cấp chứng nhận; các trang "
              "của họ nằm trong {path}.",
        "en": "The batch's first {count} {count:person was|people were} recorded as given a "
              "certificate; their pages are in {path}.",
    },
    "CERT_BATCH_IN_PARTS": {
        "vi": "{count} người đầu tiên của đợt đã được ghi nhận là đã cấp chứng nhận; các trang "
              "của họ nằm trong các tệp sau:\n{files}",
        "en": "The batch's first {count} {count:person was|people were} recorded as given a "
              "certificate; their pages are in these files:\n{files}",
    },
    "CERT_BATCH_PARTS_MISSING": {
        "vi": "Các tệp sau không còn ở đó (đã bị chuyển đi hoặc xóa?), nhưng chứng nhận trong "
              "đó vẫn được ghi nhận là đã cấp:\n{files}",
        "en": "These files are no longer there (moved or deleted?), yet their certificates "
              "stay recorded as issued:\n{files}",
    },
    "CERT_BATCH_REST": {
        "vi": "{rest} người còn lại chưa có chứng nhận (chưa lưu, chưa ghi nhận): hãy làm lại "
              "đợt này; những chứng nhận đã ghi nhận được in lại với cùng mã.",
        "en": "The other {rest} got no certificate (none saved, none recorded): make the "
              "batch again; the certificates already recorded are printed again with the "
              "same IDs.",
    },
    # A batch that failed in the running process after a part was recorded (the disk full,
    # the USB drive pulled out, a bug): the failure's own sentence, then how far it got.
    # Its note is kept: the next opening joins the parts, the next start says it.
    "CERT_BATCH_FAILED_PART_WAY": {
        "vi": "{failure}\n\nTrước khi lỗi xảy ra, {count} trong số {people} chứng nhận đã được "
              "ghi nhận là đã cấp; các trang của chúng nằm trong các tệp “{parts}” cùng thư mục "
              "với {path} và sẽ được ghép lại thành {path} ở lần mở VaxDesk tiếp theo.",
        "en": "{failure}\n\nBefore that, {count} of the {people} certificates {count:was|were} "
              "recorded as issued; their pages are in the files “{parts}” beside {path} and "
              "are put together into {path} when VaxDesk next starts.",
    },
    # Said as a correction or a void is saved (ui/records/correction_dialogs.py): the
    # papers it revoked are out there with the citizen.
    "CERT_REVOKED_BY_CHANGE": {
        "vi": "{count} chứng nhận đã in của người này bị thu hồi vì hồ sơ vừa được sửa ({uvcis}). Hãy in chứng nhận mới (mục Chứng nhận) và thu lại bản cũ.",
        "en": "{count} {count:certificate|certificates} printed for this person {count:was|were} revoked because the record was changed ({uvcis}). Print a new one (Certificates) and take the old paper back.",
    },
    "CERT_REVOKED_PRINT_NEW": {
        "vi": "Chứng nhận đã in trước đây của người này đã bị thu hồi vì thông tin được sửa. Hãy in chứng nhận mới (mã mới) và thu lại bản cũ.",
        "en": "This person's earlier certificate was revoked because their record was corrected. Print a new certificate (it gets a new ID) and take the old one back.",
    },
}
