"""What the verifier reads from whatever it is handed: the HC1: texts, or why there are none;
and the decode pipeline turning any bytes behind an HC1: prefix into a verdict."""

from __future__ import annotations

import random
import zlib

import base45
import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from desktop_app.certificates import hcert, inputs
from desktop_app.certificates.inputs import UnreadableInput, certificate_texts
from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.wire.trust_list import kid_of
from tests.certificates.factory import NOW, Pki
from tests.certificates.hostile import INCH, blank_pdf, bomb_png, garbage, pdf_of, qr_image


def _refused(given: str, lang: str = "en") -> str:
    with pytest.raises(UnreadableInput) as caught:
        certificate_texts(given)
    return caught.value.message(lang)


def test_the_texts_in_a_text_an_image_a_jpeg_a_pdf_and_a_text_file(tmp_path):
    assert certificate_texts("  HC1:ABC\n") == ["HC1:ABC"]
    picture = qr_image("HC1:NCFOXN%TS3DH")
    picture.save(tmp_path / "photo.jpg", quality=70)
    picture.save(tmp_path / "screen.png")
    (tmp_path / "scan.pdf").write_bytes(pdf_of(picture))
    (tmp_path / "typed.txt").write_text("\ufeffHC1:ONE TWO\r\nnothing\nHC1:THREE\n")
    (tmp_path / "renamed.pdf").write_bytes((tmp_path / "screen.png").read_bytes())
    for name in ("photo.jpg", "screen.png", "scan.pdf", "renamed.pdf"):  # bytes, not names
        assert certificate_texts(str(tmp_path / name)) == ["HC1:NCFOXN%TS3DH"], name
    assert certificate_texts(str(tmp_path / "typed.txt")) == ["HC1:ONE TWO", "HC1:THREE"]


def test_a_qr_on_a_200_inch_page_is_still_found_at_a_capped_size(tmp_path):
    giant = tmp_path / "giant.pdf"
    giant.write_bytes(_pdf_at(qr_image("HC1:BIG PAGE", scale=8), dpi=1.5))
    import pypdfium2

    width, height = pypdfium2.PdfDocument(str(giant))[0].get_size()
    assert width > 150 * INCH  # what the old reader rendered at 200 dpi: 30000+ pixels a side
    assert certificate_texts(str(giant)) == ["HC1:BIG PAGE"]
    scale = inputs.render_scale(width, height)
    assert (width * scale) * (height * scale) == pytest.approx(inputs.MAX_RENDER_PIXELS)


def _pdf_at(image, dpi: float) -> bytes:
    import io

    out = io.BytesIO()
    image.convert("RGB").save(out, "PDF", resolution=dpi)
    return out.getvalue()


def test_a_qr_past_the_pages_read_is_not_looked_for(tmp_path):
    many = blank_pdf(tmp_path / "many.pdf", pages=inputs.MAX_PDF_PAGES + 5)
    said = _refused(str(many))
    assert f"first {inputs.MAX_PDF_PAGES} pages" in said and "it has 15" in said


@pytest.mark.parametrize(("make", "says"), [
    (lambda d: d / "missing.png", "is neither an HC1: text nor an existing file"),
    (lambda d: d, "is a folder"),
    (lambda d: _file(d / "empty.pdf", b""), "is empty"),
    (lambda d: _file(d / "note.txt", "Xin chào, đây là thư.".encode()), "is not an image"),
    (lambda d: _file(d / "noise.bin", garbage(4096)), "is not an image"),
    (lambda d: _file(d / "photo.jpg", b"hello, not a JPEG"), "is damaged or not really"),
    (lambda d: _file(d / "half.png", (qr_png(d))[:300]), "is damaged or not really"),
    (lambda d: _file(d / "cert.pdf", b"%PDF-1.7\n" + garbage(2000)), "PDF"),
    (lambda d: _file(d / "cut.pdf", (blank_pdf(d / "x.pdf", 3).read_bytes())[:200]), "PDF"),
    (lambda d: blank_pdf(d / "blank.pdf"), "no QR code found"),
    (lambda d: blank_pdf(d / "huge.pdf", width=200 * INCH, height=200 * INCH), "no QR code"),
    (lambda d: bomb_png(d / "bomb.png", 30000, 30000), "900 megapixels"),
    (lambda d: bomb_png(d / "bomb.png", 12000, 12000), "144 megapixels"),  # Pillow only warns
    (lambda d: bomb_png(d / "bomb.png", 6000, 6000), "36 megapixels; at most 25"),
    (lambda d: "x" * 200_000, "“xxxxxxxx"),
    (lambda d: "HC1:" + "A" * 200_000, "too long to be a certificate"),
    (lambda d: _file(d / "long.txt", b"HC1:" + b"6" * 10_000), "too long to be a certificate"),
    (lambda d: _file(d / "big.png", b"\0" * (inputs.MAX_INPUT_BYTES + 1)), "too large (20 MB"),
])
def test_an_input_with_no_certificate_says_why(tmp_path, make, says):
    said = _refused(str(make(tmp_path)))
    assert said.startswith("NOTHING TO CHECK: ") and says in said
    assert len(said) < 400  # a 200 KB argument is not echoed back whole


def test_the_reason_is_in_vietnamese_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short name: a long path is shortened in the message
    with pytest.raises(UnreadableInput) as caught:
        certificate_texts("không có.png")
    assert caught.value.message() == ("KHÔNG CÓ GÌ ĐỂ KIỂM TRA: “không có.png” không phải văn "
                                      "bản HC1: và không có tệp nào tên như vậy.")


def qr_png(folder):
    qr_image("HC1:ABC").save(folder / "whole.png")
    return (folder / "whole.png").read_bytes()


def _file(path, data: bytes):
    path.write_bytes(data)
    return path


# -- the decode pipeline: base45 -> zlib -> COSE -> CBOR, then the signed claims ----------

@pytest.fixture(scope="module")
def pki():
    pki = Pki()
    key, cert = pki.signer()
    return pki, key, kid_of(cert)


def _hc1(raw: bytes, compress: bool = True) -> str:
    return "HC1:" + base45.b45encode(zlib.compress(raw) if compress else raw).decode()


def _signed(key, kid: bytes, claims: bytes) -> str:
    """Claims that are nonsense but genuinely signed: only a signer could send these, and
    the verifier must still answer with a verdict."""
    protected = cbor2.dumps({hcert.ALG: hcert.ES256, hcert.KID: kid})
    der = key.sign(cbor2.dumps(["Signature1", protected, b"", claims]),
                   ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return _hc1(cbor2.dumps(cbor2.CBORTag(hcert.COSE_SIGN1_TAG, [
        protected, {}, claims, r.to_bytes(32, "big") + s.to_bytes(32, "big")])))


def test_garbage_behind_hc1_is_a_verdict_never_an_exception(pki):
    trust = pki[0].trust_list()
    rnd = random.Random(2026)
    heads = [b"", b"\x84", b"\xd2\x84", b"\x9f", b"\xbf", b"\x5b\xff\xff\xff\xff", b"\xd8\x12"]
    texts = ["HC1:", "HC1:::::", "HC1:" + "Ö" * 40, _hc1(b"\x81" * 50_000),
             _hc1(zlib.compress(b"\0" * 10_000_000)), _hc1(b"\0" * 5_000_000)]
    for _ in range(400):
        noise = rnd.randbytes(rnd.randint(0, 200))
        texts += ["HC1:" + noise.decode("latin-1"), _hc1(noise), _hc1(noise, compress=False),
                  _hc1(rnd.choice(heads) + noise)]
    verdicts = {verify_hc1(t, trust, NOW).verdict for t in texts}
    assert verdicts <= {Verdict.MALFORMED, Verdict.UNKNOWN_SIGNER}


def test_a_zlib_bomb_is_refused_after_a_bounded_inflate(pki):
    bomb = _hc1(zlib.compress(b"\0" * 50_000_000, 9), compress=False)  # 50 MB from 50 KB
    judged = verify_hc1(bomb, pki[0].trust_list(), NOW)
    assert judged.verdict is Verdict.MALFORMED and "too large" in judged.message("en")


@pytest.mark.parametrize("claims", [
    "x" * 300, list(range(300)), {hcert.HCERT: "a"}, {hcert.HCERT: [1, 2]},
    {hcert.HCERT: {1: {}}, hcert.IAT: 10**30, hcert.EXP: 10**30},
    {hcert.HCERT: {1: {}}, hcert.IAT: -(10**20), hcert.EXP: 1},
    {hcert.HCERT: {1: {}}, hcert.IAT: 1e300, hcert.EXP: 1},
    {hcert.HCERT: {1: {}}, hcert.IAT: float("nan"), hcert.EXP: 1},
])
def test_signed_nonsense_claims_are_malformed(pki, claims):
    trust, key, kid = pki[0].trust_list(), pki[1], pki[2]
    judged = verify_hc1(_signed(key, kid, cbor2.dumps(claims)), trust, NOW)
    assert judged.verdict is Verdict.MALFORMED
