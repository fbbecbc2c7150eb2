"""The printed certificate: reportlab pages in A5 landscape or A4 portrait.

One ``draw_certificate`` call draws one page on a canvas, so a single certificate and a
batch of a thousand share the code and the batch keeps one font subset for all its pages.
Labels are bilingual (Vietnamese first), as border officers abroad read the English.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from desktop_app.bundled import resource_path
from desktop_app.certificates.payload import CertificateContent
from desktop_app.certificates.qr import qr_grid
from desktop_app.clock import utc_to_local
from desktop_app.rules.certificates import PAPER_SIZES
from desktop_app.rules.demo import is_demo_site
from desktop_app.rules.messages import text as say

# Serif throughout, as Vietnamese administrative documents are set; two faces only, since
# every embedded font subset costs time in each PDF.
REGULAR, BOLD = "NotoSerif", "NotoSerif-Bold"
INK = Color(0.08, 0.17, 0.36)  # the dark blue of official forms
RULE = Color(0.55, 0.62, 0.75)
DEMO_RED = Color(0.8, 0.1, 0.1, alpha=0.35)  # over the text, which stays legible
SEX_LABELS = {"M": "Nam / Male", "F": "Nữ / Female"}
ID_LABELS = {"CCCD": "CCCD", "CMND": "CMND", "PASSPORT": "Hộ chiếu / Passport"}
LEADING = 1.2  # line height of wrapped text, in font sizes


@dataclass(frozen=True)
class PageFormat:
    name: str
    size: tuple[float, float]
    scale: float  # type size relative to A5
    qr_mm: float


A5_LANDSCAPE = PageFormat("a5", landscape(A5), 1.0, 40)
A4_PORTRAIT = PageFormat("a4", A4, 1.15, 55)
FORMATS = {f.name: f for f in (A5_LANDSCAPE, A4_PORTRAIT)}
assert tuple(FORMATS) == PAPER_SIZES  # the names the command line offers, without reportlab

_fonts_ready = False


def register_fonts() -> None:
    """Noto Serif carries every Vietnamese letter; the core PDF fonts carry none."""
    global _fonts_ready
    if _fonts_ready:
        return
    for name, file in ((REGULAR, "NotoSerif-Regular.ttf"), (BOLD, "NotoSerif-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    _fonts_ready = True


class CertificateBook:
    """A PDF being written page by page, so a batch can report progress and never holds
    more than one page in memory. ``close()`` finishes the file."""

    def __init__(self, out: Path | BinaryIO, fmt: PageFormat = A5_LANDSCAPE, *,
                 title: str = "Chứng nhận tiêm chủng") -> None:
        register_fonts()
        self.fmt = fmt
        self.pages = 0
        self._canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=fmt.size,
                              pageCompression=1)
        self._canvas.setTitle(title)
        self._canvas.setAuthor("VaxDesk")

    def add(self, content: CertificateContent, qr_text: str) -> None:
        draw_certificate(self._canvas, content, qr_text, self.fmt)
        self._canvas.showPage()
        self.pages += 1

    def close(self) -> int:
        self._canvas.save()
        return self.pages


def pdf_bytes(content: CertificateContent, qr_text: str, fmt: PageFormat = A5_LANDSCAPE) -> bytes:
    buffer = BytesIO()
    book = CertificateBook(buffer, fmt)
    book.add(content, qr_text)
    book.close()
    return buffer.getvalue()


def draw_certificate(c: Canvas, content: CertificateContent, qr_text: str,
                     fmt: PageFormat) -> None:
    width, height = fmt.size
    k = fmt.scale
    margin = 9 * mm
    _frame(c, width, height)
    top = height - margin - 4 * mm
    _header(c, content, width, top, margin, k)
    y = top - 24 * mm * k
    c.setFillColor(INK)
    c.setFont(BOLD, 15 * k)
    c.drawCentredString(width / 2, y, "CHỨNG NHẬN TIÊM CHỦNG COVID-19")
    c.setFont(REGULAR, 8.5 * k)
    c.drawCentredString(width / 2, y - 5 * mm * k, "COVID-19 VACCINATION CERTIFICATE")
    qr_size = fmt.qr_mm * mm
    qr_x = width - margin - 4 * mm - qr_size
    body_top = y - 11 * mm * k
    _qr(c, qr_text, qr_x, body_top - qr_size, qr_size)
    _certificate_id(c, content.uvci, qr_x, body_top - qr_size - 4 * mm, qr_size, k)
    y = _person(c, content, margin + 5 * mm, body_top, qr_x - margin - 8 * mm, k)
    table_width = (qr_x - margin - 9 * mm) if fmt is A5_LANDSCAPE else width - 2 * margin - 10 * mm
    if fmt is not A5_LANDSCAPE:
        y = min(y, body_top - qr_size - 14 * mm)
    y = _doses(c, content, margin + 5 * mm, y - 3 * mm * k, table_width, k)
    _footer(c, content, width, margin, k)
    if is_demo_site(content.issuing_site_code):
        _demo_mark(c, width, height, k)


def _demo_mark(c: Canvas, width: float, height: float, k: float) -> None:
    """Across the page: printed from the sample data, this certificate proves nothing."""
    c.saveState()
    c.setFillColor(DEMO_RED)
    c.setFont(BOLD, 24 * k)
    c.translate(width * 0.38, height * 0.4)  # over the text, clear of the QR code
    c.rotate(20)
    c.drawCentredString(0, 0, say("CERT_DEMO_MARK", "vi"))
    c.setFont(BOLD, 16 * k)
    c.drawCentredString(0, -10 * mm * k, say("CERT_DEMO_MARK", "en"))
    c.restoreState()


def _frame(c: Canvas, width: float, height: float) -> None:
    c.setStrokeColor(INK)
    c.setLineWidth(1.6)
    c.rect(6 * mm, 6 * mm, width - 12 * mm, height - 12 * mm)
    c.setLineWidth(0.5)
    c.rect(7.3 * mm, 7.3 * mm, width - 14.6 * mm, height - 14.6 * mm)


def _header(c: Canvas, content: CertificateContent, width: float, top: float, margin: float,
            k: float) -> None:
    left = margin + 28 * mm * k
    right = width - margin - 48 * mm * k
    c.setFillColor(black)
    c.setFont(REGULAR, 8 * k)
    c.drawCentredString(left, top, "BỘ Y TẾ")
    c.setFont(BOLD, 8 * k)
    for i, line in enumerate(simpleSplit(content.issuing_site_name.upper(), BOLD, 8 * k,
                                         52 * mm * k)[:2]):
        c.drawCentredString(left, top - (4 + 3.6 * i) * mm * k, line)
    c.setFont(BOLD, 8 * k)
    c.drawCentredString(right, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.drawCentredString(right, top - 4 * mm * k, "Độc lập - Tự do - Hạnh phúc")
    line_half = c.stringWidth("Độc lập - Tự do - Hạnh phúc", BOLD, 8 * k) / 2
    c.setLineWidth(0.6)
    c.setStrokeColor(black)
    c.line(right - line_half, top - 5.3 * mm * k, right + line_half, top - 5.3 * mm * k)


def _person(c: Canvas, content: CertificateContent, x: float, top: float, width: float,
            k: float) -> float:
    s = content.subject
    rows = [
        ("Họ và tên / Name", s.full_name.upper()),
        ("Ngày sinh / Date of birth", s.dob.strftime("%d/%m/%Y") if s.dob else "—"),
        ("Giới tính / Sex", SEX_LABELS.get(s.sex or "", "—")),
        ("Giấy tờ / ID", _id_text(s.id_type, s.id_number)),
    ]
    y = top - 3 * mm
    label_width = 43 * mm * k
    room = width - label_width  # ends before the QR code: text over it makes it unreadable
    for label, value in rows:
        c.setFillColor(INK)
        c.setFont(REGULAR, 7.5 * k)
        c.drawString(x, y, label)
        c.setFillColor(black)
        bold = label.startswith("Họ")
        font, size = (BOLD, 10.5 * k) if bold else (REGULAR, 9 * k)
        # A long name shrinks a little, then wraps: every word stays printed, at a size
        # still read as the name (only one word wider than the whole room would be cut).
        size = _fitted_size(c, value, font, size, size - 1.5 * k, room)
        c.setFont(font, size)
        lines = [_clip(c, line, font, size, room)
                 for line in simpleSplit(value, font, size, room)] or [value]
        for i, line in enumerate(lines):
            c.drawString(x + label_width, y - i * size * LEADING, line)
        y -= 6.2 * mm * k + (len(lines) - 1) * size * LEADING
    return y


def _doses(c: Canvas, content: CertificateContent, x: float, top: float, width: float,
           k: float) -> float:
    columns = [("Mũi\nDose", 0.10), ("Ngày tiêm\nDate", 0.17), ("Vắc xin\nVaccine", 0.33),
               ("Số lô\nLot", 0.15), ("Nơi tiêm\nSite", 0.25)]
    header_h, row_h = 8 * mm * k, 6 * mm * k
    c.setFillColor(INK)
    c.rect(x, top - header_h, width, header_h, stroke=0, fill=1)
    c.setFillColor(white)
    cx = x
    for label, share in columns:
        vi, en = label.split("\n")
        c.setFont(BOLD, 7 * k)
        c.drawString(cx + 1.5 * mm, top - 3.4 * mm * k, vi)
        c.setFont(REGULAR, 6 * k)
        c.drawString(cx + 1.5 * mm, top - 6.6 * mm * k, en)
        cx += width * share
    y = top - header_h
    c.setStrokeColor(RULE)
    c.setLineWidth(0.4)
    for dose in content.doses:
        cells = [str(dose.dose_number), dose.dose_date.strftime("%d/%m/%Y"), dose.product_name,
                 dose.lot_number or "—", dose.site_name]
        c.setFillColor(black)
        cx = x
        for text, (_label, share) in zip(cells, columns, strict=True):
            cell_width = width * share - 3 * mm
            font_size = _fitted_size(c, text, REGULAR, 8 * k, 5.5 * k, cell_width)
            c.setFont(REGULAR, font_size)
            c.drawString(cx + 1.5 * mm, y - 4.2 * mm * k,
                         _clip(c, text, REGULAR, font_size, cell_width))
            cx += width * share
        y -= row_h
        c.line(x, y, x + width, y)
    return y


def _qr(c: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The code as a 1-bit inline image with interpolation off: every viewer and printer
    scales it to crisp square modules, and it costs a fraction of drawing ~2,000 rectangles
    (reportlab's own QR widget takes ~100 ms; see bench/bench_certificates.py)."""
    grid = qr_grid(text)
    c.saveState()
    c.addLiteral(f"{size:.4f} 0 0 {size:.4f} {x:.4f} {y:.4f} cm")
    c.addLiteral(f"BI /W {grid.size} /H {grid.size} /BPC 1 /CS /G /I false /F /AHx ID\n"
                 f"{grid.packed_rows().hex()}>\nEI")
    c.restoreState()


def _certificate_id(c: Canvas, uvci: str, x: float, y: float, width: float, k: float) -> None:
    c.setFillColor(INK)
    c.setFont(REGULAR, 6.5 * k)
    c.drawString(x, y, "Mã chứng nhận / Certificate ID")
    c.setFillColor(black)
    size = 6.2 * k
    c.setFont(REGULAR, size)
    lines, line = [], ""
    for ch in uvci:  # an identifier has no spaces to wrap at: wrap at the QR's width
        if c.stringWidth(line + ch, REGULAR, size) > width:
            lines.append(line)
            line = ""
        line += ch
    for i, part in enumerate([*lines, line]):
        c.drawString(x, y - (3.2 + 3 * i) * mm * k, part)


def _footer(c: Canvas, content: CertificateContent, width: float, margin: float,
            k: float) -> None:
    y = margin + 12 * mm * k
    c.setFillColor(black)
    c.setFont(REGULAR, 7.5 * k)
    # Stored in UTC; printed as the day at the site (06:30 on the 2nd is the 2nd, not the 1st).
    issued = utc_to_local(content.issued_at).strftime("%d/%m/%Y")
    until = utc_to_local(content.expires_at).strftime("%d/%m/%Y")
    c.drawString(margin + 5 * mm, y, f"Ngày cấp / Date of issue: {issued}   ·   Mã QR có giá trị "
                 f"đến / QR valid until: {until} (in lại miễn phí / free reprint)")
    c.drawString(margin + 5 * mm, y - 4 * mm * k,
                 f"Nơi cấp / Issued by: {content.issuing_site_name}")
    c.setStrokeColor(RULE)
    c.setLineWidth(0.4)
    c.line(margin + 5 * mm, margin + 3.8 * mm, width - margin - 5 * mm, margin + 3.8 * mm)
    c.setFillColor(INK)
    c.setFont(REGULAR, 6.5 * k)
    c.drawCentredString(width / 2, margin + 0.8 * mm,
                        "Chứng nhận có chữ ký số EU-DCC. Quét mã QR để kiểm tra. "
                        "/ Digitally signed (EU DCC): scan the QR code to verify.")


def _id_text(id_type: str, number: str | None) -> str:
    if id_type == "NONE" or not number:
        return "Không có / None"
    return f"{ID_LABELS.get(id_type, id_type)} {number}"


def _fitted_size(c: Canvas, text: str, font: str, size: float, smallest: float,
                 width: float) -> float:
    """``size``, or less in half points down to ``smallest``, until ``text`` fits ``width``."""
    while size > smallest and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _clip(c: Canvas, text: str, font: str, size: float, width: float) -> str:
    if c.stringWidth(text, font, size) <= width:
        return text
    while text and c.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
