"""PDF pages as pixels, for the on-screen preview and for printing through Qt."""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2

from desktop_app.certificates.pdfium_calls import LOCK


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    rgb: bytes  # 3 bytes a pixel, rows top to bottom, no padding


def render_pages(pdf: bytes, dpi: float) -> list[PageImage]:
    with LOCK:  # PDFium is one call at a time (pdfium_calls.py)
        document = pypdfium2.PdfDocument(pdf)
        try:
            pages = []
            for page in document:
                image = page.render(scale=dpi / 72).to_pil().convert("RGB")
                pages.append(PageImage(image.width, image.height, image.tobytes()))
            return pages
        finally:
            document.close()
