"""A report PDF's page frame: the header (the site, the report a page carries on), the
footer (when printed, page x of y) and the DEMO mark over the sample data's figures."""

from __future__ import annotations

from dataclasses import dataclass
from math import cos, radians, sin
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from desktop_app.certificates.pdf import BOLD, DEMO_RED, REGULAR
from desktop_app.rules.messages import text

MARGIN = 15 * mm
GREY = colors.HexColor("#5f6b7a")


class ReportStarts(Flowable):
    """Drawn at the top of a report's first page: the pages after it, until the next
    report starts, are its continuation pages and carry its title in their header."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def wrap(self, *_: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.report_title = self.title  # type: ignore[attr-defined]
        self.canv.report_starts = True  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PageFurniture:
    site: str  # "<name> (site code <code>)", or "" when no site is set up
    printed: str
    demo: bool
    lang: str

    def canvas_class(self) -> type[Canvas]:
        """A canvas that holds its pages back until the last, to say "page x of y"."""
        furniture = self

        class PageCanvas(Canvas):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.pages: list[dict[str, Any]] = []
                self.report_title, self.report_starts = "", False

            def showPage(self) -> None:  # noqa: N802 (reportlab's name)
                self.pages.append(dict(self.__dict__))
                self.report_starts = False
                self._startPage()

            def save(self) -> None:
                for n, state in enumerate(self.pages, 1):
                    self.__dict__.update(state)
                    furniture.draw(self, n, len(self.pages))
                    Canvas.showPage(self)
                Canvas.save(self)

        return PageCanvas

    def draw(self, c: Any, n: int, pages: int) -> None:
        width, height = c._pagesize
        c.saveState()
        c.setFont(REGULAR, 7.5)
        c.setFillColor(GREY)
        top = height - MARGIN + 2 * mm
        c.drawString(MARGIN, top, self.site)
        if not c.report_starts:  # the title is the page's own heading on its first page
            room = width - 2 * MARGIN - stringWidth(self.site, REGULAR, 7.5) - 10 * mm
            c.drawRightString(width - MARGIN, top, _cut(c.report_title, room, 7.5))
        c.setStrokeColor(GREY)
        c.setLineWidth(0.4)
        c.line(MARGIN, top - 1.5 * mm, width - MARGIN, top - 1.5 * mm)
        c.drawString(MARGIN, MARGIN - 6 * mm, self.printed)
        c.drawRightString(width - MARGIN, MARGIN - 6 * mm,
                          text("REPORT_PDF_PAGE", self.lang, n=n, total=pages))
        c.restoreState()
        if self.demo:
            _demo_mark(c, width, height, text("REPORT_PDF_DEMO", self.lang))


def _cut(words: str, room: float, size: float) -> str:
    """``words`` in at most ``room`` points, its end cut to "…" when longer."""
    if stringWidth(words, REGULAR, size) <= room:
        return words
    while len(words) > 1 and stringWidth(words + "…", REGULAR, size) > room:
        words = words[:-1]
    return words + "…"


def _demo_mark(c: Any, width: float, height: float, mark: str) -> None:
    """Across the page, as on a demo certificate: these are the sample data's figures."""
    angle = 35
    across = stringWidth(mark, BOLD, 1) * cos(radians(angle)) + sin(radians(angle))
    size = min(24.0, 0.85 * (width - 2 * MARGIN) / across)  # its corners inside the margins
    c.saveState()
    c.setFillColor(DEMO_RED)
    c.setFont(BOLD, size)
    c.translate(width / 2, height / 2)
    c.rotate(angle)
    c.drawCentredString(0, 0, mark)
    c.restoreState()
