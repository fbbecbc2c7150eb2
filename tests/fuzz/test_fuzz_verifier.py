"""The verifier handed anything (issue #18's fuzz suite; the hostile corpus with its memory
bounds is tests/certificates/hostile.py): a file of any bytes, a PDF or PNG header followed
by anything, any text after "HC1:", each ends in a verdict or in "nothing to check" with
its reason, never in another exception."""

from __future__ import annotations

import zlib

import base45
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.certificates.inputs import UnreadableInput, certificate_texts
from desktop_app.certificates.verify import Verdict, verify_hc1
from tests.certificates.factory import NOW, Pki

TRUST = Pki()
TRUST.signer()
TRUST_LIST = TRUST.trust_list()
HEADERS = [b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a",
           b"PK\x03\x04", b"HC1:", b"\xef\xbb\xbfHC1:"]


@given(head=st.sampled_from(HEADERS), body=st.binary(max_size=4096))
def test_any_file_is_texts_or_a_reason(tmp_path_factory, head, body):
    path = tmp_path_factory.mktemp("fuzz") / "input"
    path.write_bytes(head + body)
    try:
        texts = certificate_texts(str(path))
    except UnreadableInput as refused:
        assert refused.message("vi") and refused.message("en")
        return
    assert texts and all(t.startswith("HC1:") for t in texts)
    for text in texts:  # whatever was found decodes to a verdict
        assert isinstance(verify_hc1(text, TRUST_LIST, NOW).verdict, Verdict)


@given(st.one_of(
    st.text(max_size=600),
    st.binary(max_size=600).map(lambda b: base45.b45encode(b).decode()),
    st.binary(max_size=600).map(lambda b: base45.b45encode(zlib.compress(b)).decode()),
))
def test_any_text_after_hc1_is_a_verdict(tail):
    result = verify_hc1("HC1:" + tail, TRUST_LIST, NOW)
    assert isinstance(result.verdict, Verdict) and result.verdict is not Verdict.VALID
    assert result.message("vi")
