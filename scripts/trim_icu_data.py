"""A smaller ICU data library for the Linux bundle: Vietnamese and English instead of every
language on earth.

Qt links ICU, and ICU's data library (``libicudata.so.NN``, 32 MB in the PySide6 wheel) is
the largest file of the bundle: the locale data of 800 locales, Chinese and Japanese
converters and collations, and the Thai, Khmer and Chinese word dictionaries. VaxDesk speaks
Vietnamese and English, so the bundle keeps ICU's core (properties, normalisation, case
mapping, character names, the small converters, break rules) and the data of the root,
``en*`` and ``vi*`` locales, and drops the rest (about 27 MB).

    python scripts/trim_icu_data.py libicudata.so.73 OUT_DIR   -> OUT_DIR/libicudata.so.73

The data is ICU's common-data package, which the library holds as one symbol
(``icudtNN_dat``); the kept items are written into a new package of the same format and
assembled into a library of the same name with the C compiler. Without a compiler, or on
anything unexpected, ``trim`` returns None and the bundle keeps Qt's own library.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

#: Locales kept: the language the app is in, English, and ICU's root they fall back to.
KEEP_LOCALES = re.compile(r"^(root|en|en_US|en_001|en_GB|vi|vi_VN)$")
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
#: Converters above this size are the CJK and EBCDIC tables; the Latin and Windows code pages
#: (and every Unicode form, which ICU computes) stay.
LARGEST_CONVERTER = 40_000


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its (name, bytes) items, in order."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    toc = data[header_size:]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = [offset for _, offset in entries[1:]] + [len(toc)]
    items = []
    for (name_at, data_at), end in zip(entries, ends, strict=True):
        name = toc[name_at:toc.index(b"\0", name_at)].decode("ascii")
        items.append((name, toc[data_at:end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The same format: a table of contents (names, then 16-byte aligned items)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    data_start = _align(toc_size + len(names))
    name_offsets, data_offsets, at, name_at = [], [], data_start, toc_size
    for name, blob in items:
        name_offsets.append(name_at)
        name_at += len(name) + 1
        data_offsets.append(at)
        at = _align(at + len(blob))
    out = bytearray(struct.pack("<I", len(items)))
    for name_offset, data_offset in zip(name_offsets, data_offsets, strict=True):
        out += struct.pack("<II", name_offset, data_offset)
    out += names
    for (_, blob), data_offset in zip(items, data_offsets, strict=True):
        out += b"\0" * (data_offset - len(out))
        out += blob
    return header + bytes(out)


def _align(n: int) -> int:
    return (n + 15) & ~15


def wanted(name: str, size: int) -> bool:
    """``name`` is ``icudtNNl/[tree/]item.ext``."""
    path = name.split("/", 1)[1]
    tree, _, item = path.rpartition("/")
    stem, _, ext = item.rpartition(".")
    if tree == "translit" or ext == "dict":
        return False  # transliteration, and word dictionaries for Thai, Khmer, CJK…
    if ext == "cnv":
        return size <= LARGEST_CONVERTER
    if ext == "res" and LOCALE.match(stem) and stem not in ("root", "pool"):
        return bool(KEEP_LOCALES.match(stem))
    return True


def symbol_bytes(library: Path) -> tuple[str, bytes]:
    """The data symbol's name and bytes, read through `nm` (size and address) and the
    section table (address to file offset)."""
    listing = subprocess.run(["nm", "-D", "-S", "--defined-only", str(library)],
                             capture_output=True, text=True, check=True).stdout
    [(address, size, name)] = [(int(a, 16), int(s, 16), n) for a, s, _, n in
                               (line.split() for line in listing.splitlines())
                               if n.startswith("icudt") and n.endswith("_dat")]
    sections = subprocess.run(["readelf", "-S", "-W", str(library)], capture_output=True,
                              text=True, check=True).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[2] == "PROGBITS":
            start, offset, length = int(fields[3], 16), int(fields[4], 16), int(fields[5], 16)
            if start <= address < start + length:
                raw = library.read_bytes()
                at = offset + address - start
                return name, raw[at:at + size]
    raise ValueError(f"{name} is in no section of {library}")


def trim(library: Path, out_dir: Path) -> Path | None:
    """A trimmed copy of ``library`` in ``out_dir`` (same file name), or None."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or shutil.which("nm") is None or shutil.which("readelf") is None:
        return None
    symbol, data = symbol_bytes(library)
    header, items = read_package(data)
    kept = [(name, blob) for name, blob in items if wanted(name, len(blob))]
    package = write_package(header, kept)
    if read_package(package)[1] != kept:
        raise AssertionError("the trimmed package does not read back")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / library.name
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / "data.bin"
        dat.write_bytes(package)
        source = Path(tmp) / "icudata.S"
        source.write_text(
            f'.section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign 16\n'
            f'{symbol}:\n.incbin "{dat}"\n.size {symbol}, .-{symbol}\n'
            '.section .note.GNU-stack,"",@progbits\n')
        subprocess.run([compiler, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}",
                        "-o", str(out), str(source)], check=True)
    return out


if __name__ == "__main__":
    made = trim(Path(sys.argv[1]), Path(sys.argv[2]))
    print(made or "no compiler: kept the full ICU data")
