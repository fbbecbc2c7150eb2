"""Verifier input benchmark: peak memory and time of reading hostile files, bounded vs naive.

    python -m bench.bench_verify_inputs

Each reading runs in a fresh process whose peak RSS (getrusage) is printed with its seconds:
1. the bounded reader (desktop_app/certificates/inputs.py, what `vaxdesk verify` uses);
2. the naive way, in the same run: every PDF page rendered at 200 dpi whatever its size, and
   Pillow decoding any image (as the verifier did before issue 17).
The files are a 30000x30000 PNG bomb (~110 KB), a one-page PDF 200 inches a side (~1 KB) and
a blank PDF of 1000 pages. Target (issue 17): bounded memory (< 300 MB), no crash.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.certificates.hostile import INCH, blank_pdf, bomb_png

BOUNDED = ("from desktop_app.certificates.inputs import certificate_texts, UnreadableInput\n"
           "try:\n    certificate_texts(PATH)\nexcept UnreadableInput as exc:\n"
           "    print(exc.message('en')[:70], file=sys.stderr)\n")
NAIVE = ("from desktop_app.certificates.qr import read_qr_texts\n"
         "if PATH.endswith('.pdf'):\n    import pypdfium2\n"
         "    for page in pypdfium2.PdfDocument(PATH):\n"
         "        read_qr_texts(page.render(scale=200 / 72, grayscale=True).to_pil())\n"
         "else:\n    from PIL import Image\n    Image.MAX_IMAGE_PIXELS = None\n"
         "    read_qr_texts(Image.open(PATH).convert('L'))\n")
MEASURED = ("import resource, sys, time\nPATH = sys.argv[1]\nstart = time.perf_counter()\n"
            "try:\n{body}\nexcept Exception as exc:\n"
            "    print(type(exc).__name__, file=sys.stderr)\n"
            "print(round(time.perf_counter() - start, 2),"
            " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n")


def measure(body: str, path: Path) -> str:
    code = MEASURED.format(body="\n".join("    " + line for line in body.splitlines()))
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=os.getcwd()), timeout=900)
    if run.returncode != 0 or not run.stdout.strip():
        return f"died (exit {run.returncode}) {run.stderr.strip()[-60:]}"
    seconds, peak = run.stdout.split()
    return f"{peak:>6} MB {seconds:>7} s  {run.stderr.strip()[:60]}"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {
            "PNG bomb 30000x30000": bomb_png(root / "bomb.png", 30000, 30000),
            "PDF page 200 inches": blank_pdf(root / "huge.pdf", width=200 * INCH,
                                             height=200 * INCH),
            "PDF of 1000 pages": blank_pdf(root / "many.pdf", pages=1000),
        }
        print(f"load average: {os.getloadavg()}")
        for name, path in files.items():
            print(f"{name} ({path.stat().st_size} bytes)")
            print(f"  bounded: {measure(BOUNDED, path)}")
            print(f"  naive:   {measure(NAIVE, path)}")
        print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
