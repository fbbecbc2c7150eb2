"""A report's rows as the PDF's table, exactly the frame's width."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from desktop_app.certificates.pdf import BOLD, INK, REGULAR
from desktop_app.services.reports import Report, cell_text

CELL_SIZE, CELL_LEADING, CELL_PADDING = 8, 10, 6  # CELL_PADDING: a Table's own, each side


def table(report: Report, lang: str, width: float, *, bold_first: bool = False) -> Table:
    """The report's rows as a table exactly the frame's width: words (a reaction's
    description, a vaccine's name) wrap within their column, figures and days do not.
    ``bold_first``: its first row in bold (the totals' whole period, as the sheet has it)."""
    figures = [i for i, v in enumerate(report.rows[0]) if isinstance(v, int | float)]
    words = {i for i in range(len(report.columns))
             if any(isinstance(row[i], str) for row in report.rows)}
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=CELL_SIZE, leading=CELL_LEADING)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD, textColor=INK)
    head_right = ParagraphStyle("head_right", parent=head, alignment=TA_RIGHT)
    shown = [[cell_text(v, lang) for v in row] for row in report.rows]
    data = [[Paragraph(escape(c), head_right if i in figures else head)
             for i, c in enumerate(report.columns)]]
    strong = ParagraphStyle("strong", parent=cell, fontName=BOLD)
    data += [[Paragraph(escape(t), strong if bold_first and n == 0 else cell)
              if i in words else t for i, t in enumerate(row)]
             for n, row in enumerate(shown)]
    grid = Table(data, colWidths=_widths(report.columns, shown, words, width), repeatRows=1,
                 hAlign="LEFT")
    grid.setStyle(TableStyle([
        ("FONT", (0, 1), (-1, -1), REGULAR, CELL_SIZE),
        *([("FONT", (0, 1), (-1, 1), BOLD, CELL_SIZE)] if bold_first else []),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f9")]),
        *[("ALIGN", (i, 0), (i, -1), "RIGHT") for i in figures],
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return grid


def _widths(columns: Sequence[str], shown: list[list[str]], words: set[int],
            width: float) -> list[float]:
    """Column widths adding up to ``width``. A column of figures or days gets what its
    longest cell (and its heading's longest word) takes; the columns of words share the
    rest, a short one keeping all it needs and the long ones the same share each; any
    room left over goes to every column alike, in proportion."""
    def text_width(t: str, font: str = REGULAR) -> float:
        return stringWidth(t, font, CELL_SIZE) + 2 * CELL_PADDING

    widths = [0.0] * len(columns)
    for i, heading in enumerate(columns):
        cells = [text_width(row[i]) for row in shown]
        if i in words:  # what it would take on one line
            widths[i] = max([text_width(heading, BOLD), *cells])
        else:
            widths[i] = max([text_width(w, BOLD) for w in heading.split()] + cells)
    left = width - sum(w for i, w in enumerate(widths) if i not in words)
    wrapping = sorted(words, key=lambda i: widths[i])
    for n, i in enumerate(wrapping):
        widths[i] = min(widths[i], max(left, 0) / (len(wrapping) - n))
        left -= widths[i]
    spare = width - sum(widths)
    return [w + spare * w / sum(widths) for w in widths] if spare > 0 else widths
