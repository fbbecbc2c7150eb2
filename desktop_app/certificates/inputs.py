"""From what a person hands the verifier to the ``HC1:`` texts in it, or why there are none.

The verifier is pointed at whatever a stranger brings: a pasted text, a photo, a scan, a PDF,
or a file that only pretends to be one. Every step has its bound fixed before the work starts
(file size, image pixels read from the header, PDF pages, pixels a page is rendered at), so a
few hostile kilobytes cannot make the process take gigabytes; and every way of failing ends in
``UnreadableInput``, a sentence saying what was wrong, never a traceback.

The file's kind is told from its bytes, not its name: a PDF by its header, an image by what
Pillow recognises, and anything else is searched for ``HC1:`` lines (a text file saved from
``vaxdesk certificate --qr-text`` or from a scanner that types).
"""

from __future__ import annotations

import errno
import io
import math
import re
import warnings
from pathlib import Path
from typing import Any

from desktop_app.certificates.pdfium_calls import LOCK
from desktop_app.certificates.qr import PDF_RENDER_DPI, read_qr_texts
from desktop_app.rules.messages import Part, UserError

# A phone photo or a scanned certificate is a few MB; the whole file is read into memory.
MAX_INPUT_BYTES = 20 * 1024 * 1024
# The most alphanumeric characters a QR code holds (version 40, level L): a longer text never
# came from one, and decoding it would only spend time.
MAX_HC1_CHARS = 4296
# A 24-megapixel photo. Checked from the header before decoding: decoded as RGB it is 75 MB,
# where a 30000x30000 PNG of a few KB would be 2.7 GB.
MAX_IMAGE_PIXELS = 25_000_000
# A certificate is one page (a day's batch is one page a person): the verifier looks at the
# first pages only, so a PDF of a thousand pages costs what ten do.
MAX_PDF_PAGES = 10
# A3 at 200 dpi is 7.8 megapixels. A larger page is rendered at this many pixels rather than
# at its nominal size: a 200-inch page at 200 dpi would be 1.6 billion pixels from 1.3 KB.
MAX_RENDER_PIXELS = 12_000_000
# What cameras, scanners and screenshots make; fewer parsers ever see hostile bytes.
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")
PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WITHIN = 1024  # readers accept a header after some junk; so do we
HC1_TEXT = re.compile(r"HC1:[0-9A-Z $%*+\-./:]*")  # the Base45 alphabet, one line at most
SHOWN_CHARS = 80  # of an input named in a message: a megabyte argument is not echoed whole


class UnreadableInput(UserError):
    """No certificate text could be found in the input; ``message(lang)`` says why."""

    verdict = "unreadable"

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__("VERIFY_UNREADABLE", reason=Part(code, **params))


def certificate_texts(given: str) -> list[str]:
    """The HC1: texts in ``given``: the text itself, or what a file of that name holds."""
    if given.strip().upper().startswith("HC1:"):
        return [_bounded(given.strip())]
    return certificate_texts_in_file(Path(given), shown=_shown(given))


def certificate_texts_in_file(path: Path, shown: str | None = None) -> list[str]:
    """The HC1: texts in an image, a PDF or a text file; at least one, or UnreadableInput."""
    shown = shown or _shown(str(path))
    data = _read_bounded(path, shown)
    if PDF_MAGIC in data[:PDF_MAGIC_WITHIN]:
        return _texts_in_pdf(data, shown)
    image = _open_image(data, shown)
    if image is not None:
        return _texts_in_image(image, shown)
    texts = [_bounded(m.group().strip()) for m in
             HC1_TEXT.finditer(data.decode("utf-8", errors="replace"))]
    if texts:
        return texts
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise UnreadableInput("INPUT_PDF_BROKEN", input=shown)
    if suffix in {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}:
        raise UnreadableInput("INPUT_IMAGE_BROKEN", input=shown)
    raise UnreadableInput("INPUT_NOT_RECOGNISED", input=shown)


def _bounded(text: str) -> str:
    if len(text) > MAX_HC1_CHARS:
        raise UnreadableInput("INPUT_TEXT_TOO_LONG", length=len(text), limit=MAX_HC1_CHARS)
    return text


def _shown(given: str) -> str:
    return given if len(given) <= SHOWN_CHARS else given[:SHOWN_CHARS] + "…"


def _read_bounded(path: Path, shown: str) -> bytes:
    try:
        if path.is_dir():
            raise UnreadableInput("INPUT_IS_FOLDER", input=shown)
        with path.open("rb") as file:
            data = file.read(MAX_INPUT_BYTES + 1)  # a device or a pipe has no size to stat
    except PermissionError:
        raise UnreadableInput("INPUT_NO_PERMISSION", input=shown) from None
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL byte
        raise UnreadableInput("INPUT_NOT_FOUND", input=shown) from None
    except OSError as exc:  # a name too long to be a file, a device error
        if exc.errno == errno.ENAMETOOLONG:  # a long text that is not HC1: is no file either
            raise UnreadableInput("INPUT_NOT_FOUND", input=shown) from None
        raise UnreadableInput("INPUT_CANNOT_OPEN", input=shown,
                              detail=exc.strerror or type(exc).__name__) from None
    if not data:
        raise UnreadableInput("INPUT_EMPTY", input=shown)
    if len(data) > MAX_INPUT_BYTES:
        try:
            size = path.stat().st_size
        except OSError:
            size = len(data)
        raise UnreadableInput("INPUT_TOO_LARGE", input=shown,
                              size=max(size, len(data)) // (1024 * 1024),
                              limit=MAX_INPUT_BYTES // (1024 * 1024))
    return data


def _open_image(data: bytes, shown: str) -> Any:
    """The image in ``data``, its header read but its pixels not decoded; None if no image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # Pillow warns of a bomb it still opens: refuse it
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except UnidentifiedImageError:
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise UnreadableInput("INPUT_IMAGE_TOO_LARGE", input=shown,
                              megapixels=int(pixels.group(1)) // 1_000_000 if pixels else "?",
                              limit=MAX_IMAGE_PIXELS // 1_000_000) from None
    except Exception:  # noqa: BLE001 - a hostile header may raise anything from a parser
        raise UnreadableInput("INPUT_IMAGE_BROKEN", input=shown) from None
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise UnreadableInput("INPUT_IMAGE_TOO_LARGE", input=shown,
                              megapixels=width * height // 1_000_000,
                              limit=MAX_IMAGE_PIXELS // 1_000_000)
    return image


def _texts_in_image(image: Any, shown: str) -> list[str]:
    try:
        image.draft("L", image.size)  # a JPEG decodes straight to grey: a third the memory
        grey = image.convert("L")
    except Exception:  # noqa: BLE001 - truncated or corrupt pixel data, whatever the decoder says
        raise UnreadableInput("INPUT_IMAGE_BROKEN", input=shown) from None
    finally:
        image.close()
    texts = read_qr_texts(grey)
    if not texts:
        raise UnreadableInput("INPUT_NO_QR", input=shown)
    return texts


def _texts_in_pdf(data: bytes, shown: str) -> list[str]:
    import pypdfium2

    texts: list[str] = []
    with LOCK:  # PDFium is one call at a time (pdfium_calls.py)
        try:
            document = pypdfium2.PdfDocument(data)
        except Exception:  # noqa: BLE001 - PdfiumError mostly; a hostile file may find others
            raise UnreadableInput("INPUT_PDF_BROKEN", input=shown) from None
        try:
            pages = len(document)
            for index in range(min(pages, MAX_PDF_PAGES)):
                page = document[index]
                scale = render_scale(*page.get_size())
                if scale > 0:
                    texts += read_qr_texts(page.render(scale=scale, grayscale=True).to_pil())
                page.close()
        except Exception:  # noqa: BLE001 - as above: a damaged page is an unreadable file
            raise UnreadableInput("INPUT_PDF_BROKEN", input=shown) from None
        finally:
            document.close()
    if not texts:
        if pages > MAX_PDF_PAGES:
            raise UnreadableInput("INPUT_NO_QR_IN_PAGES", input=shown, read=MAX_PDF_PAGES,
                                  pages=pages)
        raise UnreadableInput("INPUT_NO_QR", input=shown)
    return texts


def render_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point for a page: 200 dpi, or less so the page stays within
    MAX_RENDER_PIXELS; 0 for a page with no area.

    >>> round(render_scale(595, 842) * 72)  # A4: the usual 200 dpi
    200
    >>> side = 200 * 72  # the 200-inch page: 12 megapixels, not 1600
    >>> round((side * render_scale(side, side)) ** 2 / 1e6)
    12
    """
    area = width_pt * height_pt
    if not (math.isfinite(area) and area > 0 and width_pt > 0):
        return 0.0
    return min(PDF_RENDER_DPI / 72, math.sqrt(MAX_RENDER_PIXELS / area))
