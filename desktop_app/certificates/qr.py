"""QR codes: the module grid for the PDF, and reading codes back from images and PDFs.

Both directions use zxing-cpp (C++): encoding a 500-character HC1 text takes about 1.5 ms,
where pure-Python encoders take 20 ms (segno) to 70-100 ms (reportlab's own widget), which
alone would spend the whole 10 ms page budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import zxingcpp

ERROR_CORRECTION = "Q"  # the EU DCC's recommendation: survives creases and smudges
PDF_RENDER_DPI = 200


@dataclass(frozen=True)
class QrGrid:
    size: int  # modules per side, without the quiet zone
    modules: bytes  # size * size bytes, row by row from the top: 0 = dark, 255 = light

    def packed_rows(self) -> bytes:
        """1 bit per module, each row padded to a byte, 1 = light: a PDF DeviceGray image."""
        from PIL import Image

        return Image.frombytes("L", (self.size, self.size), self.modules).convert("1").tobytes()


def qr_grid(text: str) -> QrGrid:
    barcode = zxingcpp.create_barcode(
        text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_CORRECTION
    )
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    return QrGrid(image.shape[0], image.tobytes())


def read_qr_texts(image: object) -> list[str]:
    """Every QR code text zxing-cpp finds in a PIL image (or anything it accepts)."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [b.text for b in found if b.valid]


def read_qr_texts_from_file(path: Path) -> list[str]:
    """QR texts in an image file, or on any page of a PDF (rendered at 200 dpi)."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2

        texts: list[str] = []
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            for page in pdf:
                bitmap = page.render(scale=PDF_RENDER_DPI / 72, grayscale=True)
                texts += read_qr_texts(bitmap.to_pil())
        finally:
            pdf.close()
        return texts
    from PIL import Image

    with Image.open(path) as image:
        return read_qr_texts(image.convert("L"))
