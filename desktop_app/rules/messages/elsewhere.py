"""What the desk and the certificate say of a person's doses at other sites when the central
platform is asked about them again (services/lookup_refresh.py)."""

MESSAGES: dict[str, dict[str, str]] = {
    # The card, when the platform could not be asked again (offline, unreachable, over its
    # hourly limit): what the card shows is as of that moment (local time).
    "ELSEWHERE_LAST_CONFIRMED": {
        "vi": "Chưa hỏi lại được hệ thống trung tâm: các mũi tiêm ở điểm tiêm khác được xác nhận lần cuối lúc {at}.",
        "en": "The central platform could not be asked again: the doses of other sites were last confirmed at {at}.",
    },
    "ELSEWHERE_NEVER_CONFIRMED": {
        "vi": "Chưa hỏi lại được hệ thống trung tâm: các mũi tiêm ở điểm tiêm khác chưa được xác nhận lần nào.",
        "en": "The central platform could not be asked again: the doses of other sites were never confirmed.",
    },
    # The card, when the platform's answer changed it.
    "ELSEWHERE_UPDATED": {
        "vi": "Đã cập nhật mũi tiêm ở điểm tiêm khác theo hệ thống trung tâm: thêm {brought}, bỏ {dropped}, sửa {updated}.",
        "en": "Doses of other sites updated from the central platform: {brought} added, {dropped} dropped, {updated} corrected.",
    },
    "ELSEWHERE_REVOKED": {
        "vi": " {count} chứng nhận đã in có các mũi đó đã bị thu hồi: hãy in lại.",
        "en": " {count} {count:certificate|certificates} printed listing them {count:was|were} revoked: print again.",
    },
    # The certificate issued while the platform could not be asked again.
    "CERT_ELSEWHERE_UNCONFIRMED": {
        "vi": "Không hỏi lại được hệ thống trung tâm: chứng nhận ghi các mũi tiêm ở điểm tiêm khác như lần xác nhận lúc {at}. Nếu nơi khác đã đánh dấu nhập nhầm hay sửa một mũi, chứng nhận này sẽ bị thu hồi khi máy hỏi lại được, và phải in lại.",
        "en": "The central platform could not be asked again: the certificate lists the doses of other sites as confirmed at {at}. If another site has voided or corrected one, this certificate is revoked once the platform can be asked, and must be printed again.",
    },
    "CERT_ELSEWHERE_NEVER_CONFIRMED": {
        "vi": "Không hỏi lại được hệ thống trung tâm: chứng nhận ghi các mũi tiêm ở điểm tiêm khác như máy này đang giữ (chưa được xác nhận lần nào). Nếu nơi khác đã đánh dấu nhập nhầm hay sửa một mũi, chứng nhận này sẽ bị thu hồi khi máy hỏi lại được, và phải in lại.",
        "en": "The central platform could not be asked again: the certificate lists the doses of other sites as this laptop holds them (never confirmed). If another site has voided or corrected one, this certificate is revoked once the platform can be asked, and must be printed again.",
    },
    # The audit trail: a look-up made to refresh a person already here.
    "AUDIT_LOOKUP_REFRESHED": {
        "vi": " (hỏi lại cho người đã có trên máy này)",
        "en": " (asked again for a person already on this laptop)",
    },
}
