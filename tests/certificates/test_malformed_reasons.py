"""Why a text is not a certificate is said in the reader's language: the Vietnamese verdict
carried the exception's English ("… hợp lệ (the payload is not zlib-compressed).") in the CLI
and in the Kiểm tra chứng nhận dialog (review item 8)."""

from __future__ import annotations

import ast
import json
import re
import zlib
from pathlib import Path

import base45
import cbor2
import pytest

import desktop_app.certificates
from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.rules.messages import CATALOGUE, text
from tests.certificates.factory import NOW, Pki, content
from tests.certificates.test_cli_certificates import _vaxdesk
from tests.certificates.test_hcert import _raw

ENGLISH = re.compile(r"\b(the|not|is|no|payload|entry|of|are|has|have)\b")


def _hostile(pki: Pki) -> dict[str, str]:
    """One text for each way the envelope or the payload can be broken, by the code it gets."""
    key, cert = pki.signer()
    good = content().payload
    two = dict(good, v=good["v"] * 2)
    no_name = {k: v for k, v in good.items() if k != "nam"}
    zero = dict(good, v=[dict(good["v"][0], dn=0)])
    return {
        "MALFORMED_NO_PREFIX": "NCFOXN%TS3DH",
        "MALFORMED_NOT_BASE45": "HC1:zz",
        "MALFORMED_NOT_COMPRESSED": _raw(good, key, cert, compress=False),
        "MALFORMED_DAMAGED": "HC1:" + base45.b45encode(zlib.compress(bytes(range(256)))[:40])
        .decode(),
        "MALFORMED_NOT_COSE": "HC1:" + base45.b45encode(zlib.compress(cbor2.dumps([1, 2])))
        .decode(),
        "MALFORMED_COSE_TAG": _raw(good, key, cert, tags=(99,)),
        "MALFORMED_ENTRIES": _raw(two, key, cert),
        "MALFORMED_NO_NAME": _raw(no_name, key, cert),
        "MALFORMED_DOSE_NUMBER": _raw(zero, key, cert),
    }


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki()


def test_each_reason_is_said_in_vietnamese_and_in_english(pki):
    hostile = _hostile(pki)
    trust = pki.trust_list()
    for code, hc1 in hostile.items():
        judged = verify_hc1(hc1, trust, NOW)
        assert judged.verdict is Verdict.MALFORMED, (code, judged.message("en"))
        assert judged.params["reason"].code == code
        vi, en = judged.message("vi"), judged.message("en")
        reason = re.fullmatch(r"KHÔNG ĐỌC ĐƯỢC: đây không phải chứng nhận EU-DCC hợp lệ "
                              r"\((.+)\)\.", vi)
        assert reason and not ENGLISH.search(reason.group(1)), vi
        assert en.startswith("MALFORMED: this is not a valid EU-DCC certificate (")
    uncompressed = verify_hc1(hostile["MALFORMED_NOT_COMPRESSED"], trust, NOW)
    assert uncompressed.message("vi") == ("KHÔNG ĐỌC ĐƯỢC: đây không phải chứng nhận EU-DCC "
                                          "hợp lệ (nội dung không được nén zlib).")
    assert uncompressed.message("en") == ("MALFORMED: this is not a valid EU-DCC certificate "
                                          "(the payload is not zlib-compressed).")
    zero = verify_hc1(hostile["MALFORMED_DOSE_NUMBER"], trust, NOW)
    assert "(số mũi (dn) không phải số nguyên dương)" in zero.message("vi")


def test_every_reason_the_certificate_code_gives_has_both_languages():
    raised = set()
    for path in Path(desktop_app.certificates.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(
                    "MalformedCertificate"):
                [first, *_] = node.args
                assert isinstance(first, ast.Constant), ast.unparse(node)  # a code, not words
                raised.add(first.value)
    assert len(raised) >= 20 and all(code.startswith("MALFORMED_") for code in raised)
    for code in raised:
        assert CATALOGUE[code]["vi"] != CATALOGUE[code]["en"], code
        assert not ENGLISH.search(text(code, "vi", tag=99, field="dn")), code


def test_vaxdesk_verify_says_the_reason_in_vietnamese(pki, tmp_path):
    listing = tmp_path / "trust.json"
    listing.write_text(json.dumps(pki.document()))
    hc1 = _hostile(pki)["MALFORMED_NOT_COMPRESSED"]
    said = _vaxdesk(tmp_path / "fresh.db", "verify", hc1, "--trust-list", str(listing))
    assert said.returncode == 1, said.stdout + said.stderr
    assert said.stdout.strip() == ("KHÔNG ĐỌC ĐƯỢC: đây không phải chứng nhận EU-DCC hợp lệ "
                                   "(nội dung không được nén zlib).")
