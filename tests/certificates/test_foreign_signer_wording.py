"""A visitor's genuine EU certificate, checked at a Vietnamese venue against the EU gateway's
DSC list, was said to be signed by a "vaccination site" (điểm tiêm): its country's issuer
signed it (found by a review)."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from pathlib import Path

from desktop_app.certificates.trust import parse_gateway_list
from desktop_app.certificates.verify import Verdict, verify_hc1

VECTOR = Path(__file__).parent / "eu_testdata/DE/2DCode/raw/1.json"


def test_a_german_certificate_is_not_said_to_be_signed_by_a_vaccination_site():
    d = json.loads(VECTOR.read_text())
    der = base64.b64decode(d["TESTCTX"]["CERTIFICATE"])
    trust = parse_gateway_list([{
        "kid": base64.b64encode(hashlib.sha256(der).digest()[:8]).decode(), "country": "DE",
        "certificateType": "DSC", "rawData": base64.b64encode(der).decode()}])
    clock = datetime.fromisoformat(d["TESTCTX"]["VALIDATIONCLOCK"]).replace(tzinfo=None)
    result = verify_hc1(d["PREFIX"], trust, clock)
    assert result.verdict is Verdict.VALID
    # Ubirch GmbH is Germany's document signer, not a "điểm tiêm" (vaccination site).
    assert "điểm tiêm" not in result.message("vi"), result.message("vi")
    assert "by site" not in result.message("en"), result.message("en")
    assert "cơ quan cấp chứng nhận nước ngoài Ubirch GmbH (DE)" in result.message("vi")
