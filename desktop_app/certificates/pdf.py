"""The printed certificate: reportlab pages in A5 landscape or A4 portrait.

One ``draw_certificate`` call draws one page on a canvas, so a single certificate and a
batch of a thousand share the code and the batch keeps one font subset for all its pages.
Labels are bilingual (Vietnamese first), as border officers abroad read the English.
"""

from __future__ import annotations

import re
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
from desktop_app.certificates.qr import QrGrid, qr_grid
from desktop_app.clock import utc_to_local
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.certificates import PAPER_SIZES
from desktop_app.rules.demo import is_demo_site
from desktop_app.rules.messages import text as say

# Serif throughout, as Vietnamese administrative documents are set; two faces only, since
# every embedded font subset costs time in each PDF.
REGULAR, BOLD = "NotoSerif", "NotoSerif-Bold"
INK = Color(0.08, 0.17, 0.36)  # the dark blue of official forms
RULE = Color(0.55, 0.62, 0.75)
DEMO_RED = Color(0.8, 0.1, 0.1, alpha=0.35)  # over the text, which stays legible
PLACEHOLDER_FILL = Color(0.93, 0.94, 0.97)  # a preview's QR place: plainly no code
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
        self.pages = 0  # certificates, as a batch counts them: a long one takes two sheets
        self._canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=fmt.size,
                              pageCompression=1)
        self._canvas.setTitle(title)
        self._canvas.setAuthor("VaxDesk")

    def add(self, content: CertificateContent, qr_text: str | None) -> None:
        draw_certificate(self._canvas, content, qr_text, self.fmt)
        self._canvas.showPage()
        self.pages += 1

    def close(self) -> int:
        self._canvas.save()
        return self.pages


def pdf_bytes(content: CertificateContent, qr_text: str | None,
              fmt: PageFormat = A5_LANDSCAPE) -> bytes:
    """One certificate as a PDF; ``qr_text`` None: a preview's (``draw_certificate``)."""
    buffer = BytesIO()
    book = CertificateBook(buffer, fmt)
    book.add(content, qr_text)
    book.close()
    return buffer.getvalue()


def draw_certificate(c: Canvas, content: CertificateContent, qr_text: str | None,
                     fmt: PageFormat) -> int:
    """Draw the certificate; returns its page count. A dose table too long for the first
    page, even in its smallest type, goes on to further pages (``c.showPage()`` between
    them; the caller ends the last). ``qr_text`` None: a preview, the code's place said
    (``_qr_placeholder``), nothing to scan."""
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
    grid = qr_grid(qr_text) if qr_text is not None else None
    # ISO/IEC 18004's quiet zone: 4 modules of light around the code, whatever its version
    # (a fixed 4 mm left 3.1-3.6 modules under a 55 mm code, above the caption). A preview
    # takes the 4 mm: a signed HC1 code (73-77 modules) lands within 0.1 mm of it.
    quiet = 4 * qr_size / grid.size if grid else 0
    qr_x = width - margin - max(4 * mm, quiet + 1 * mm) - qr_size
    body_top = y - 11 * mm * k
    if grid:
        _qr(c, grid, qr_x, body_top - qr_size, qr_size)
    else:
        _qr_placeholder(c, qr_x, body_top - qr_size, qr_size, k)
    # The caption's baseline a quiet zone and its own height below the code.
    _certificate_id(c, content.uvci, qr_x, body_top - qr_size - max(4 * mm, quiet + 6.5 * k),
                    qr_size, k)
    y = _person(c, content, margin + 5 * mm, body_top, qr_x - margin - 8 * mm, k)
    table_width = (qr_x - margin - 9 * mm) if fmt is A5_LANDSCAPE else width - 2 * margin - 10 * mm
    if fmt is not A5_LANDSCAPE:
        y = min(y, body_top - qr_size - 14 * mm)
    x, floor = margin + 5 * mm, _table_floor(margin, k)
    table_top = y - 3 * mm * k
    size, rows = _fitted_rows(c, content.doses, table_width, table_top - floor, k)
    pages = _paginate(rows, table_top - floor - NOTE_SPACE * k,
                      _next_table_top(c, content, fmt) - floor - NOTE_SPACE * k, k)
    _doses(c, pages[0], x, table_top, table_width, size, k)
    _finish_page(c, content, fmt, 1, len(pages), x + table_width, table_top, pages[0], k)
    for number, chunk in enumerate(pages[1:], start=2):
        c.showPage()
        top = _continuation(c, content, fmt, number, len(pages))
        _doses(c, chunk, x, top, width - 2 * margin - 10 * mm, size, k)
        _finish_page(c, content, fmt, number, len(pages), width - margin - 5 * mm, top,
                     chunk, k)
    return len(pages)


def _finish_page(c: Canvas, content: CertificateContent, fmt: PageFormat, number: int,
                 count: int, table_right: float, table_top: float, rows: list[_Row],
                 k: float) -> None:
    width, height = fmt.size
    margin = 9 * mm
    if number < count:  # a reader holding one sheet knows another one belongs to it
        y = table_top - HEADER_H * k - sum(r.height for r in rows) - 3.5 * mm * k
        c.setFillColor(INK)
        c.setFont(BOLD, 7 * k)
        c.drawRightString(table_right, y, f"Trang {number}/{count}, xem tiếp trang {number + 1}"
                          f" / Page {number} of {count}, continued on page {number + 1}")
    _footer(c, content, width, margin, k)
    if is_demo_site(content.issuing_site_code):
        _demo_mark(c, width, height, k)


def _continuation(c: Canvas, content: CertificateContent, fmt: PageFormat, number: int,
                  count: int) -> float:
    """A further page: whose certificate it is (name, birth date, certificate ID) and
    which page, so a sheet that comes apart from the first still says what it belongs to.
    Returns where its dose table begins. The QR code is on the first page only: it carries
    one dose, and one code per certificate is what a scanner expects."""
    width, height = fmt.size
    k = fmt.scale
    margin = 9 * mm
    _frame(c, width, height)
    return _continuation_head(c, content, width, height - margin - 4 * mm, margin, k,
                              number, count)


def _next_table_top(c: Canvas, content: CertificateContent, fmt: PageFormat) -> float:
    """Where a further page's dose table begins: its head measured, not drawn."""
    width, height = fmt.size
    return _continuation_head(c, content, width, height - 9 * mm - 4 * mm, 9 * mm, fmt.scale,
                              2, 2, draw=False)


def _continuation_head(c: Canvas, content: CertificateContent, width: float, top: float,
                       margin: float, k: float, number: int, count: int, *,
                       draw: bool = True) -> float:
    if draw:
        c.setFillColor(INK)
        c.setFont(BOLD, 11 * k)
        c.drawCentredString(width / 2, top - 4 * mm * k, "CHỨNG NHẬN TIÊM CHỦNG COVID-19")
        c.setFont(REGULAR, 7.5 * k)
        c.drawCentredString(width / 2, top - 8.5 * mm * k,
                            f"COVID-19 VACCINATION CERTIFICATE · Trang {number}/{count} "
                            f"/ Page {number} of {count} (tiếp theo / continued)")
    s = content.subject
    rows = [("Họ và tên / Name", s.full_name.upper()),
            ("Ngày sinh / Date of birth", s.dob.strftime("%d/%m/%Y") if s.dob else "—"),
            ("Mã chứng nhận / Certificate ID", content.uvci)]
    return _fields(c, rows, margin + 5 * mm, top - 12 * mm * k, width - 2 * margin - 10 * mm,
                   k, draw=draw)


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
    # The whole name, however long: up to three lines in its own type, then smaller type
    # (a name still longer takes more lines: there is room down to the title).
    name = content.issuing_site_name.upper()
    size = 8 * k
    lines = simpleSplit(name, BOLD, size, 52 * mm * k)
    while len(lines) > 3 and size > 5.5 * k:
        size -= 0.5
        lines = simpleSplit(name, BOLD, size, 52 * mm * k)
    c.setFont(BOLD, size)
    for i, line in enumerate(lines):
        c.drawCentredString(left, top - 4 * mm * k - i * size * LEADING, line)
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
    return _fields(c, rows, x, top, width, k)


def _fields(c: Canvas, rows: list[tuple[str, str]], x: float, top: float, width: float,
            k: float, *, draw: bool = True) -> float:
    """Label and value rows from ``top``; returns the y below them."""
    y = top - 3 * mm
    label_width = 43 * mm * k
    room = width - label_width  # ends before the QR code: text over it makes it unreadable
    for label, value in rows:
        bold = label.startswith("Họ")
        font, size = (BOLD, 10.5 * k) if bold else (REGULAR, 9 * k)
        # A long name shrinks a little, then wraps: every word stays printed, at a size
        # still read as the name.
        size = _fitted_size(c, value, font, size, size - 1.5 * k, room)
        lines = _wrap(c, value, font, size, room)
        if draw:
            c.setFillColor(INK)
            c.setFont(REGULAR, 7.5 * k)
            c.drawString(x, y, label)
            c.setFillColor(black)
            c.setFont(font, size)
            for i, line in enumerate(lines):
                c.drawString(x + label_width, y - i * size * LEADING, line)
        y -= 6.2 * mm * k + (len(lines) - 1) * size * LEADING
    return y


COLUMNS = [("Mũi\nDose", 0.10), ("Ngày tiêm\nDate", 0.17), ("Vắc xin\nVaccine", 0.33),
           ("Số lô\nLot", 0.15), ("Nơi tiêm\nSite", 0.25)]
HEADER_H = 8 * mm  # the dose table's header row, times the page's scale
ROW_SIZES = (8, 6.5)  # the dose rows' type, largest to smallest read without a lens (pt)
NOTE_SPACE = 5 * mm  # under a table that goes on: the "continued on page 2" line


@dataclass(frozen=True)
class _Row:
    cells: list[list[str]]  # each cell's wrapped lines
    height: float


def _table_floor(margin: float, k: float) -> float:
    """The lowest a dose row may reach: clear of the footer's first line and its accents."""
    return margin + 12 * mm * k + 7.5 * k + 1.5 * mm


def _fitted_rows(c: Canvas, doses, width: float, room: float,
                 k: float) -> tuple[float, list[_Row]]:
    """The largest type (in half points, within ``ROW_SIZES``) at which every row, each
    cell wrapped to its width, fits ``room`` under the header; the smallest if none does."""
    size = ROW_SIZES[0] * k
    while True:
        rows = [_row(c, dose, width, size) for dose in doses]
        if HEADER_H * k + sum(r.height for r in rows) <= room or size <= ROW_SIZES[1] * k:
            return size, rows
        size = max(size - 0.5, ROW_SIZES[1] * k)


def _row(c: Canvas, dose, width: float, size: float) -> _Row:
    texts = [str(dose.dose_number), dose.dose_date.strftime("%d/%m/%Y"), _vaccine_text(dose),
             dose.lot_number or "—", _site_text(dose)]
    cells = [_wrap(c, text, REGULAR, size, width * share - 3 * mm)
             for text, (_label, share) in zip(texts, COLUMNS, strict=True)]
    return _Row(cells, max(len(lines) for lines in cells) * size * LEADING + 0.92 * size)


def _paginate(rows: list[_Row], first_room: float, next_room: float,
              k: float) -> list[list[_Row]]:
    """Rows as pages: all on the first if they fit, else as many as fit on each (at least
    one, so a page always moves the table on)."""
    if HEADER_H * k + sum(r.height for r in rows) <= first_room + NOTE_SPACE * k:
        return [rows]
    pages, page, used, room = [], [], HEADER_H * k, first_room
    for row in rows:
        if page and used + row.height > room:
            pages.append(page)
            page, used, room = [], HEADER_H * k, next_room
        page.append(row)
        used += row.height
    return [*pages, page]


def _doses(c: Canvas, rows: list[_Row], x: float, top: float, width: float, size: float,
           k: float) -> None:
    header_h = HEADER_H * k
    c.setFillColor(INK)
    c.rect(x, top - header_h, width, header_h, stroke=0, fill=1)
    c.setFillColor(white)
    cx = x
    for label, share in COLUMNS:
        vi, en = label.split("\n")
        c.setFont(BOLD, 7 * k)
        c.drawString(cx + 1.5 * mm, top - 3.4 * mm * k, vi)
        c.setFont(REGULAR, 6 * k)
        c.drawString(cx + 1.5 * mm, top - 6.6 * mm * k, en)
        cx += width * share
    y = top - header_h
    c.setStrokeColor(RULE)
    c.setLineWidth(0.4)
    c.setFillColor(black)
    c.setFont(REGULAR, size)
    for row in rows:
        cx = x
        for lines, (_label, share) in zip(row.cells, COLUMNS, strict=True):
            for i, line in enumerate(lines):
                c.drawString(cx + 1.5 * mm, y - 0.46 * size - 1.02 * size - i * size * LEADING,
                             line)
            cx += width * share
        y -= row.height
        c.line(x, y, x + width, y)


def _vaccine_text(dose) -> str:
    """The product as the site's records name it, and in English where that differs: an
    officer abroad reads "orange cap", not "nắp cam"."""
    product = default_catalogue().get(dose.product_code)
    if product is None or product.name != dose.product_name or not product.name_en \
            or product.name_en == product.name:
        return dose.product_name
    return f"{dose.product_name} / {product.name_en}"


def _site_text(dose) -> str:
    """Where the dose was given; a site nobody here can name is said to be another one,
    never shown as a bare code a reader takes for a name."""
    if dose.site_name:
        return dose.site_name
    return f"Điểm tiêm khác / Another site ({dose.site_code})" if dose.site_code \
        else "Điểm tiêm khác / Another site"


def _qr(c: Canvas, grid: QrGrid, x: float, y: float, size: float) -> None:
    """The code as a 1-bit inline image with interpolation off: every viewer and printer
    scales it to crisp square modules, and it costs a fraction of drawing ~2,000 rectangles
    (reportlab's own QR widget takes ~100 ms; see bench/bench_certificates.py)."""
    c.saveState()
    c.addLiteral(f"{size:.4f} 0 0 {size:.4f} {x:.4f} {y:.4f} cm")
    c.addLiteral(f"BI /W {grid.size} /H {grid.size} /BPC 1 /CS /G /I false /F /AHx ID\n"
                 f"{grid.packed_rows().hex()}>\nEI")
    c.restoreState()


def _qr_placeholder(c: Canvas, x: float, y: float, size: float, k: float) -> None:
    """The code's place on a preview, saying when it is signed: a code on screen could be
    photographed and used with nothing recorded (``ui/certificates/certificate_dialog.py``)."""
    c.saveState()
    c.setFillColor(PLACEHOLDER_FILL)
    c.setStrokeColor(RULE)
    c.setDash(3, 2)
    c.rect(x, y, size, size, fill=1)
    c.restoreState()
    inner = size - 6 * mm
    vi = _wrap(c, say("CERT_QR_AT_PRINT", "vi"), BOLD, 8 * k, inner)
    en = _wrap(c, say("CERT_QR_AT_PRINT", "en"), REGULAR, 7 * k, inner)
    lines = [(line, BOLD, 8 * k) for line in vi] + [(line, REGULAR, 7 * k) for line in en]
    step = [LEADING * font_size for _line, _font, font_size in lines]
    top = y + size / 2 + (sum(step) + 2 * mm) / 2
    c.setFillColor(INK)
    for i, (line, font, font_size) in enumerate(lines):
        gap = 2 * mm if i >= len(vi) else 0  # the English apart from the Vietnamese
        c.setFont(font, font_size)
        c.drawCentredString(x + size / 2, top - sum(step[:i + 1]) - gap, line)


def _certificate_id(c: Canvas, uvci: str, x: float, y: float, width: float, k: float) -> None:
    c.setFillColor(INK)
    c.setFont(REGULAR, 6.5 * k)
    c.drawString(x, y, "Mã chứng nhận / Certificate ID")
    c.setFillColor(black)
    size = 6.2 * k
    c.setFont(REGULAR, size)
    for i, part in enumerate(_break(c, uvci, REGULAR, size, width)):
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


def _wrap(c: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``: at spaces, and a word wider than the whole
    width (a lot number, an identifier) at any letter. Nothing is ever cut off."""
    lines = []
    for line in simpleSplit(text, font, size, width) or [text]:
        lines += _break(c, line, font, size, width)
    return lines


def _break(c: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    """A word too wide for ``width`` in pieces: after its hyphens where they fit, else at
    any letter."""
    lines, line = [], ""
    for piece in re.findall(r"[^-]*-|[^-]+$", text) or [text]:
        if line and c.stringWidth(line + piece, font, size) > width:
            lines.append(line)
            line = ""
        if c.stringWidth(line + piece, font, size) <= width:
            line += piece
            continue
        *done, line = _letters(c, line + piece, font, size, width)
        lines += done
    return [*lines, line]


def _letters(c: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and c.stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line]
