"""PDFium, one call at a time, and the batch's PDFs joined into one.

PDFium is not thread-safe, not even across documents (pypdfium2's documentation: two calls
at once crash or corrupt the process), and the app reaches it from several workers: the
certificate preview and its printing (``preview.render_pages``), the verifier reading a PDF
(``inputs``), a batch joining its files (``join``). Each holds ``LOCK`` while it does.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from desktop_app.paths import private_part, publish

LOCK = threading.Lock()


def join(files: Sequence[Path], out: Path) -> None:
    """The pages of ``files`` (one at least), in their order, written as one PDF to ``out``
    (2,000 certificate pages in ~60 ms: the pages are copied, not drawn again).

    The first file with the others' pages added, not a new document filled with all of
    them: a PDF's title, author and subject sit in its Info dictionary, which PDFium reads
    (``get_metadata_dict``) but has no call to write, so a new document saves none; the
    first file's is kept as PDFium saves it (its producer becomes "PDFium")."""
    import pypdfium2

    with LOCK:
        joined = pypdfium2.PdfDocument(str(files[0]))
        try:
            for path in files[1:]:
                part = pypdfium2.PdfDocument(str(path))
                try:
                    joined.import_pages(part)
                finally:
                    part.close()
            joined.save(str(out))
        finally:
            joined.close()


def join_into(files: Sequence[Path], out: Path) -> None:
    """``join`` written beside ``out`` and renamed into place: ``out`` is the whole joined
    file, or as it was (a kill while joining leaves a ``.part``), readable by this user
    only (certificates carry names and ID numbers). ``files`` stay."""
    with private_part(out) as part:
        join(files, part)
        publish(part, out)
