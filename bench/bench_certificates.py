"""Certificate benchmark: pages per second and milliseconds per page, QR and signing included.

    python -m bench.bench_certificates [--people 2000]

A site database (bench/make_db.py, real schema) is filled with ``--people`` people; a
signing key is certified by a throw-away CSCA (the same X.509 the central server issues).
1. One certificate at a time, as the desk prints them: read the person, sign, QR, one-page
   PDF. Prints the median and p95 milliseconds per page.
2. A batch PDF of every person, through ``write_certificates`` (the app's and the CLI's
   path): prints pages per second.
3. The naive way, in the same run: reportlab's own QrCodeWidget drawing the same HC1 texts,
   beside our zxing-cpp grid drawn as a 1-bit image. Prints milliseconds per code for both.
Targets (issue 5): ≤ 10 ms per page including QR and signing; ≥ 100 pages/s in a batch.

    python -m bench.bench_certificates --desk-waits [--people 2000] [--rounds 1]

The desk's saves while a batch of ``--people`` runs: a thread saves a new person's dose
(``record_dose``, as the desk's write worker does) every 100 ms on the same database while
the batch runs on another, as the Certificates area's does. Prints the longest, p95 and
median wait of a save, with the load average, for the batch recorded in one transaction at
its end (the old way: ``RECORD_CHUNK`` at the batch's size) and in parts of
``RECORD_CHUNK`` people (the new). Target: no desk save waits a second.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from bench.hot_reads import load
from bench.make_db import build
from bench.synthetic import BENCH_PASSPHRASE, raw_connect
from desktop_app.certificates.pdf import A5_LANDSCAPE, _qr, pdf_bytes, register_fonts
from desktop_app.certificates.qr import qr_grid
from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.services import certificates
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.signing import Signer


def _signer() -> Signer:
    now = utc_now()
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench CSCA")])
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "Bench DSC")])).issuer_name(ca)
        .public_key(key.public_key()).serial_number(1).not_valid_before(now)
        .not_valid_after(now + timedelta(days=90)).sign(ca_key, hashes.SHA256()))
    return Signer(key, cert)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--single", type=int, default=200, help="certificates printed one by one")
    parser.add_argument("--desk-waits", action="store_true",
                        help="the desk's save waits during a batch, old and new")
    parser.add_argument("--rounds", type=int, default=1, help="with --desk-waits: batches each")
    args = parser.parse_args()
    register_fonts()
    signer = _signer()
    if args.desk_waits:
        desk_waits(signer, args.people, args.rounds)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder / "site.db", args.people)
        with raw_connect(folder / "site.db") as conn:
            ids = [r[0] for r in conn.execute(
                "SELECT DISTINCT person_id FROM dose WHERE status = 'active'")]
        with open_database(folder / "site.db", BENCH_PASSPHRASE) as db:
            one_by_one, issuing, drawing = [], [], []
            texts = []
            for person_id in ids[: args.single]:
                t0 = time.perf_counter()
                cert = certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
                t1 = time.perf_counter()
                pdf_bytes(cert.content, cert.qr_text, A5_LANDSCAPE)
                t2 = time.perf_counter()
                one_by_one.append((t2 - t0) * 1000)
                issuing.append((t1 - t0) * 1000)
                drawing.append((t2 - t1) * 1000)
                texts.append(cert.qr_text)
            print(f"one certificate (read, sign, QR, 1-page PDF): median "
                  f"{statistics.median(one_by_one):.1f} ms, p95 {_percentile(one_by_one, .95):.1f}"
                  f" ms over {len(one_by_one)}   (target ≤ 10 ms; load {load()})\n"
                  f"  of which read + sign + audit commit {statistics.median(issuing):.1f} ms, "
                  f"QR + PDF {statistics.median(drawing):.1f} ms (medians)")

            out = folder / "batch.pdf"
            t0 = time.perf_counter()
            pages = certificates.write_certificates(db, signer, ids, out, actor=AT_THIS_LAPTOP)
            count = 0
            for done in pages:
                count = done
            seconds = time.perf_counter() - t0
            print(f"batch PDF: {count} pages in {seconds:.2f} s = {count / seconds:.0f} pages/s, "
                  f"{seconds / count * 1000:.2f} ms/page, {out.stat().st_size / count / 1024:.1f}"
                  f" KiB/page   (target ≥ 100 pages/s; load {load()})")

    sample = texts[:20]
    canvas = Canvas(BytesIO())
    t0 = time.perf_counter()
    for text in sample:
        _qr(canvas, qr_grid(text), 0, 0, 40 * mm)  # the code made and drawn, as a page does
    ours = (time.perf_counter() - t0) / len(sample) * 1000
    t0 = time.perf_counter()
    for text in sample:
        widget = QrCodeWidget(text, barLevel="Q")
        drawing = Drawing(40 * mm, 40 * mm)
        drawing.add(widget)
        renderPDF.draw(drawing, canvas, 0, 0)
    naive = (time.perf_counter() - t0) / len(sample) * 1000
    print(f"QR code onto a PDF page, {len(sample)} HC1 texts of ~{len(sample[0])} chars: "
          f"ours (zxing-cpp grid, 1-bit image) {ours:.2f} ms; "
          f"reportlab QrCodeWidget {naive:.1f} ms ({naive / ours:.0f}x slower)   (load {load()})")


def desk_waits(signer: Signer, people: int, rounds: int) -> None:
    """The waits of desk saves made while a batch runs, its recording in one transaction
    (old) and in parts (new); each batch on a fresh copy of the same database."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder / "made.db", people + 1000)
        with raw_connect(folder / "made.db") as conn:
            ids = [r[0] for r in conn.execute(
                "SELECT DISTINCT person_id FROM dose WHERE status = 'active' LIMIT ?",
                (people,))]
        new_chunk = certificates.RECORD_CHUNK
        for round_ in range(rounds):
            for label, chunk in (("old: one transaction", len(ids)),
                                 (f"new: {new_chunk} a transaction", new_chunk)):
                path = folder / f"site-{round_}-{chunk}.db"
                shutil.copy(folder / "made.db", path)
                certificates.RECORD_CHUNK = chunk
                try:
                    waits, seconds = _batch_with_desk_saves(path, signer, ids, folder)
                finally:
                    certificates.RECORD_CHUNK = new_chunk
                ms = sorted(w * 1000 for w in waits)
                print(f"{label:<28} batch of {len(ids)} in {seconds:5.1f} s; desk saves "
                      f"n={len(ms):<4} longest {ms[-1]:7.0f} ms  p95 {_percentile(ms, .95):6.0f}"
                      f" ms  median {statistics.median(ms):5.0f} ms   (load {load()})",
                      flush=True)


def _batch_with_desk_saves(path: Path, signer: Signer, ids: list[str], folder: Path
                           ) -> tuple[list[float], float]:
    """A batch of ``ids`` on one thread, a desk save every 100 ms on another until it ends:
    the seconds each save took (every one is a new person's first dose, saved) and the
    batch's."""
    from desktop_app.progress import drain
    from desktop_app.rules.identity import IdType, Sex, make_cccd
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose

    waits: list[float] = []
    finished = threading.Event()
    with open_database(path, BENCH_PASSPHRASE) as db:
        def desk() -> None:
            serial = 0
            while not finished.is_set():
                serial += 1
                person = PersonInput("Nguyễn Thị Hoa", date(1990, 1, 1), Sex.FEMALE,
                                     IdType.CCCD, make_cccd("001", Sex.FEMALE, 1990, serial))
                t0 = time.perf_counter()
                saved = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 2),
                                                  "Y tá Lan"), person=person,
                                    confirm_warnings=True, actor=AT_THIS_LAPTOP)
                waits.append(time.perf_counter() - t0)
                assert saved.saved, saved.problems
                finished.wait(0.1)

        clerk = threading.Thread(target=desk)
        clerk.start()
        t0 = time.perf_counter()
        try:
            drain(certificates.write_certificates(db, signer, ids, folder / "batch.pdf",
                                                  actor=AT_THIS_LAPTOP))
        finally:
            seconds = time.perf_counter() - t0
            finished.set()
            clerk.join()
    return waits, seconds


if __name__ == "__main__":
    main()
