"""The chip card's QR text as a scanner types it: every well-formed card reads back to its
fields; anything else is either not a scan (None) or a damaged one (CCCD_QR_INVALID), never
a crash and never a wrong person."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr, read_cccd_qr
from desktop_app.rules.identity import Sex
from desktop_app.rules.messages import UserError
from desktop_app.rules.names import normalize_name

VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxy"
              "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
word = st.text(VIETNAMESE, min_size=1, max_size=7)
names = st.lists(word, min_size=1, max_size=5).map(" ".join)
addresses = st.text(VIETNAMESE + "0123456789 ,./-", max_size=80).map(lambda a: " ".join(a.split()))
cards = st.builds(
    CccdQr,
    id_number=st.from_regex(r"\A[0-9]{12}\Z"),
    old_id_number=st.none() | st.from_regex(r"\A[0-9]{9}\Z"),
    full_name=names.map(normalize_name),
    dob=st.dates(date(1900, 1, 1), date(2030, 12, 31)),
    sex=st.sampled_from(Sex),
    address=addresses,
    issued=st.none() | st.dates(date(2016, 1, 1), date(2035, 12, 31)),
)


@given(cards, st.sampled_from(["", "\r", "\n", "\r\n", "  "]),
       st.lists(st.text("0123456789abc", max_size=8), max_size=3))
def test_a_card_reads_back_to_its_fields(card, line_end, newer_fields):
    scanned = format_cccd_qr(card)
    if newer_fields:  # newer cards append fields: ignored
        scanned += "|" + "|".join(newer_fields)
    assert read_cccd_qr(scanned + line_end) == card


@given(st.text(max_size=200))
def test_any_text_is_a_card_not_a_scan_or_a_damaged_scan(typed):
    try:
        qr = read_cccd_qr(typed)
    except UserError as exc:
        assert exc.code == "CCCD_QR_INVALID" and typed.count("|") >= 5
        return
    if qr is None:
        assert typed.count("|") < 5
    else:
        assert len(qr.id_number) == 12 and qr.id_number.isdigit()
        assert qr.full_name == normalize_name(qr.full_name)


@given(cards, st.integers(0, 6), st.sampled_from(["", "x", "1", "31139999"]))
def test_a_scan_that_lost_or_garbled_a_field_is_refused_or_still_right(card, field, junk):
    parts = format_cccd_qr(card).split("|")
    parts[field] = junk
    try:
        qr = read_cccd_qr("|".join(parts))
    except UserError as exc:
        assert exc.code == "CCCD_QR_INVALID" and exc.params["position"] == field + 1
        return
    # Accepted only where the junk is a legal value for that field.
    assert qr is not None and field in (1, 2, 5, 6)
