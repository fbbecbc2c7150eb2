"""Write a big, realistic backfill spreadsheet: a provincial template with messy values.

    python -m bench.make_backfill [--rows 1000000] [--out bench/data/backfill-1m.xlsx]
    python -m bench.make_backfill --wide [--rows 1000000] [--out bench/data/backfill-wide-1m.xlsx]

The sheet XML is streamed straight into the zip (inline strings, one date style), which
writes a million rows in seconds where openpyxl takes minutes. About 2 % of the rows carry
a problem the importer must reject or flag, and about 1 % repeat an earlier row.

``--shared-strings``: text in the workbook's shared-strings table, as Excel saves it (the
cells hold an index into it), instead of inline strings; the same values otherwise.

``--wide``: the same people and doses as a provincial template of one row per person, a
merged "Mũi 1" / "Mũi 2" / "Mũi 3" group of four columns per dose under it; ``--rows``
then counts doses, so the two layouts carry the same work.
"""

from __future__ import annotations

import argparse
import random
import time
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from bench.synthetic import PRODUCTS, person, provinces
from desktop_app.rules.columns import column_letter

WIDE_PERSON = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Số điện thoại",
               "Địa chỉ"]
WIDE_DOSE = ["Ngày tiêm", "Tên vắc xin", "Số lô", "Nơi tiêm"]
WIDE_GROUPS = 3
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Số điện thoại",
           "Địa chỉ", "Tên vắc xin", "Số lô", "Mũi thứ", "Ngày tiêm", "Cơ sở tiêm"]
LABELS = {"VAXZEVRIA": ["AstraZeneca", "Astra Zeneca", "ASTRAZENECA"],
          "COMIRNATY": ["Pfizer", "Pfizer-BioNTech", "Comirnaty"],
          "SPIKEVAX": ["Moderna", "moderna"], "VEROCELL": ["Vero Cell", "Sinopharm"]}
FACILITIES = ["Trạm Y tế Phường Láng Hạ", "Trạm Y tế Phường Kim Liên", "Bệnh viện Đống Đa"]
EPOCH = date(1899, 12, 30)

_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Hồi cứu" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '</Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '</cellXfs></styleSheet>'),
}


SHARED_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
SHARED_REL = ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')


def _cell(value: object, shared: dict[str, int] | None = None) -> str:
    if shared is not None and isinstance(value, str) and value:
        index = shared.setdefault(value, len(shared))
        return f'<c t="s"><v>{index}</v></c>'
    if isinstance(value, date):  # a real Excel date cell: serial number, date style
        return f'<c s="1"><v>{(value - EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    if value in (None, ""):
        return "<c/>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def rows(count: int, seed: int = 11):
    rng = random.Random(seed)
    plist = provinces()
    serial = 0
    made = 0
    recent: list[list[object]] = []
    while made < count:
        p = person(rng, serial, plist)
        serial += 1
        product = rng.choice(PRODUCTS)
        when = date(2021, 3, 8) + timedelta(days=rng.randrange(0, 300))
        for number in range(1, rng.choice((1, 2, 2, 3)) + 1):
            if made >= count:
                break
            dob = p["dob"]
            cccd: object = p["id_number"]
            roll = rng.random()
            if roll < 0.4:
                cccd = int(cccd)  # typed into a number cell: leading zeros lost
            row = [made + 1, p["full_name"] if rng.random() > 0.1 else p["full_name"].upper(),
                   dob if rng.random() < 0.5 else dob.strftime("%d/%m/%Y"),
                   "Nam" if p["sex"] == "M" else rng.choice(["Nữ", "nữ", "NU"]), cccd,
                   p["phone"], p["address"], rng.choice(LABELS[product]),
                   f"L{rng.randrange(1000, 9999)}",
                   number if rng.random() < 0.7 else f"Mũi {number}",
                   when if rng.random() < 0.6 else when.strftime("%d/%m/%Y"),
                   rng.choice(FACILITIES)]
            bad = rng.random()
            if bad < 0.005:
                row[1] = ""  # rejected: no name
            elif bad < 0.01:
                row[7] = "Vắc xin không rõ"  # rejected: unknown vaccine
            elif bad < 0.02:
                row[2] = ""  # flagged: no date of birth
            recent.append(row)
            yield row
            made += 1
            if rng.random() < 0.01 and made < count:  # the same dose typed twice
                again = list(rng.choice(recent[-50:]))
                again[0] = made + 1
                yield again
                made += 1
            when += timedelta(days=rng.randrange(28, 120))
        if len(recent) > 1000:
            recent = recent[-100:]


def wide_rows(count: int) -> Iterator[list[object]]:
    """The long rows (same values, same problems) gathered one row per person: a person's
    doses come one after another in ``rows``. A repeated dose lands in the next group, as
    a template typed twice would have it; past the third group a new row starts."""
    current: list[object] = []
    key: object = None
    made = 0
    for row in rows(count):
        who = (str(row[4]).zfill(12), str(row[1]).lower())  # the ID is a number on some rows
        if who != key or len(current) >= len(WIDE_PERSON) + 4 * WIDE_GROUPS:
            if current:
                yield _padded(current)
            made += 1
            current, key = [made, *row[1:7]], who
        current += [row[10], row[7], row[8], row[11]]
    if current:
        yield _padded(current)


def _padded(cells: list[object]) -> list[object]:
    return cells + [""] * (len(WIDE_PERSON) + 4 * WIDE_GROUPS - len(cells))


def write(path: Path, count: int, *, wide: bool = False, shared_strings: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    title: list[list[object]] = [["SỞ Y TẾ THÀNH PHỐ HÀ NỘI"],
                                 ["DANH SÁCH HỒI CỨU TIÊM VẮC XIN COVID-19"], []]
    merged = ""
    if wide:
        top = len(title) + 1
        title += [[*WIDE_PERSON, *(x for n in range(1, WIDE_GROUPS + 1)
                                   for x in (f"Mũi {n}", "", "", ""))],
                  [""] * len(WIDE_PERSON) + WIDE_DOSE * WIDE_GROUPS]
        spans = [f"{c}{top}:{c}{top + 1}" for c in "ABCDEFG"]
        spans += [f"{column_letter(7 + 4 * n)}{top}:{column_letter(10 + 4 * n)}{top}"
                  for n in range(WIDE_GROUPS)]
        merged = (f'<mergeCells count="{len(spans)}">'
                  + "".join(f'<mergeCell ref="{r}"/>' for r in spans) + "</mergeCells>")
    else:
        title.append(HEADERS)
    lines = wide_rows(count) if wide else rows(count)
    written = 0
    shared: dict[str, int] | None = {} if shared_strings else None
    static = dict(_STATIC)
    if shared is not None:
        static["[Content_Types].xml"] = static["[Content_Types].xml"].replace(
            "</Types>", SHARED_TYPE + "</Types>")
        static["xl/_rels/workbook.xml.rels"] = static["xl/_rels/workbook.xml.rels"].replace(
            "</Relationships>", SHARED_REL + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, body in static.items():
            z.writestr(name, body)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                        b'2006/main"><sheetData>')
            buffer = []
            for line in (*title, *lines):
                written += 1
                buffer.append("<row>" + "".join(_cell(v, shared) for v in line) + "</row>")
                if len(buffer) >= 5000:
                    sheet.write("".join(buffer).encode())
                    buffer = []
            sheet.write(("".join(buffer) + "</sheetData>" + merged + "</worksheet>").encode())
        if shared is not None:
            with z.open("xl/sharedStrings.xml", "w") as strings:
                strings.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                              + f'2006/main" uniqueCount="{len(shared)}">'.encode())
                for text in shared:  # in insertion order: the index each cell holds
                    strings.write(f"<si><t>{escape(text)}</t></si>".encode())
                strings.write(b"</sst>")
    print(f"{path}: {count:,} doses in {written - len(title):,} rows in "
          f"{time.perf_counter() - started:.0f} s, {path.stat().st_size / 1e6:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--wide", action="store_true")
    parser.add_argument("--shared-strings", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    write(args.out or default_path(args.rows, wide=args.wide, shared=args.shared_strings),
          args.rows, wide=args.wide, shared_strings=args.shared_strings)


def default_path(count: int, *, wide: bool = False, shared: bool = False) -> Path:
    """bench/data/backfill[-wide][-shared]-1m.xlsx (or -N for another count)."""
    size = "1m" if count == 1_000_000 else str(count)
    return Path(f"bench/data/backfill{'-wide' if wide else ''}{'-shared' if shared else ''}"
                f"-{size}.xlsx")


if __name__ == "__main__":
    main()
