"""Review 32e: the verifier's dates against the paper's, on a laptop in Vietnam (UTC+7)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pypdfium2

from desktop_app.certificates import hcert
from desktop_app.certificates.pdf import pdf_bytes
from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.wire.trust_list import kid_of
from tests.certificates.factory import Pki, content


def _pdf_text(pdf: bytes) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return doc[0].get_textpage().get_text_range()
    finally:
        doc.close()


def test_verifier_says_the_same_valid_until_day_as_the_paper(in_vietnam):
    """The site's signing certificate ends at 20:00 UTC on 11/02/2027, i.e. 03:00 on
    12/02/2027 at the site. The paper says 'QR valid until: 12/02/2027'; the verifier
    (in the app, the CLI) must tell the clerk the same day, not 11/02/2027."""
    pki = Pki()
    key, cert = pki.signer(start=datetime(2026, 11, 13, 20, 0), days=90)
    until = cert.not_valid_after_utc.replace(tzinfo=None)
    c = content(issued_at=datetime(2026, 11, 23, 8, 0), signer_until=until)
    qr = hcert.seal(c.payload, key, kid_of(cert), issued_at=c.issued_at,
                    expires_at=c.expires_at)
    paper = _pdf_text(pdf_bytes(c, qr))
    assert "QR valid until: 12/02/2027" in paper  # the paper, in the site's day

    result = verify_hc1(qr, pki.trust_list(), datetime(2026, 11, 23, 9, 0))
    assert result.verdict is Verdict.VALID
    assert "12/02/2027" in result.message("vi"), result.message("vi")


def test_revoked_verdict_gives_the_day_the_site_revoked_it(in_vietnam):
    """A dose voided at 06:15 on 24/11/2026 at the site (23:15 UTC on the 23rd): the
    certificate dialog lists the revocation on 24/11 (local_time); the verifier must not
    say the site revoked it on 23/11."""
    pki = Pki()
    key, cert = pki.signer()
    c = content(issued_at=datetime(2026, 11, 20, 3, 0))
    qr = hcert.seal(c.payload, key, kid_of(cert), issued_at=c.issued_at,
                    expires_at=c.expires_at)
    revoked_at = datetime(2026, 11, 23, 23, 15)  # naive UTC, as stored
    result = verify_hc1(qr, pki.trust_list(), revoked_at + timedelta(hours=1),
                        revoked_here={c.uvci: revoked_at})
    assert result.verdict is Verdict.REVOKED
    assert "24/11/2026" in result.message("vi"), result.message("vi")
