"""QR codes: the module grid for the PDF, and reading codes back from images (inputs.py
turns files and PDF pages into those images, within bounds).

Both directions use zxing-cpp (C++): encoding a 500-character HC1 text takes about 1.5 ms,
where pure-Python encoders take 20 ms (segno) to 70-100 ms (reportlab's own widget), which
alone would spend the whole 10 ms page budget.
"""

from __future__ import annotations

from dataclasses import dataclass

import zxingcpp

ERROR_CORRECTION = "Q"  # the EU DCC's recommendation: survives creases and smudges
PDF_RENDER_DPI = 200  # reading PDFs back: inputs.py renders pages at this, or fewer pixels


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
