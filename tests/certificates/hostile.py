"""Files a stranger might hand the verifier, hostile or merely wrong, made small on disk."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image

INCH = 72  # PDF points


def qr_image(text: str, scale: int = 4) -> Image.Image:
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    return Image.fromarray(barcode.to_image(scale=scale, add_quiet_zones=True))


def blank_pdf(path: Path, pages: int = 1, width: float = 8.27 * INCH,
              height: float = 11.69 * INCH) -> Path:
    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(width, height)
    with path.open("wb") as out:
        document.save(out)
    document.close()
    return path


def bomb_png(path: Path, width: int, height: int) -> Path:
    """A 1-bit PNG of ``width`` x ``height`` black pixels, its rows compressed one by one so
    the bytes are never all in memory here either."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then packed bits
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def garbage(size: int, seed: int = 17) -> bytes:
    return random.Random(seed).randbytes(size)


def pdf_of(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "PDF", resolution=150)
    return out.getvalue()
