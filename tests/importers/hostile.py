"""Hostile files for the importer, built at test time in a few MB on disk whatever they
claim, and a way to run ``vaxdesk import`` on one while watching its whole process tree's
memory (the importer, its writer process, multiprocessing's resource tracker).

Used by tests/importers/test_hostile_files.py at small sizes and by
bench/bench_hostile_imports.py at the issue's (a 4 GB sheet, a 2 GB cell, a 200 MB CSV cell).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

from desktop_app.importers.limits import column_letter
from tests.importers.sheets import HEADERS, name_of, person_row, write_csv, write_xlsx

PLACEHOLDER = "ZZPLACEHOLDERZZ"
_PIECE = 1 << 20


def _rezip(template: Path, target: Path, member: str, replace: bytes, write) -> Path:
    """``template`` again with ``replace`` in ``member`` swapped for what ``write(dst)``
    streams (gigabytes never held in memory)."""
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != member:
                out.writestr(info.filename, data)
                continue
            head, _, tail = data.partition(replace)
            with out.open(member, "w", force_zip64=True) as dst:
                dst.write(head)
                write(dst)
                dst.write(tail)
    return target


def _repeat(unit: bytes, size: int):
    def write(dst) -> None:
        block = unit * max(1, _PIECE // len(unit))
        left = size
        while left > 0:
            dst.write(block[:left])
            left -= len(block)
    return write


def rows_file(n: int = 3) -> list[list]:
    return [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, n + 1)]


def zip_bomb_xlsx(folder: Path, inflated: int) -> Path:
    """An .xlsx whose sheet XML inflates to about ``inflated`` bytes of blank rows."""
    template = write_xlsx(folder / "bomb-template.xlsx", rows_file())
    return _rezip(template, folder / "bomb.xlsx", "xl/worksheets/sheet1.xml", b"</sheetData>",
                  lambda dst: (_repeat(b"<row><c><v>0</v></c></row>", inflated)(dst),
                               dst.write(b"</sheetData>")))


def huge_cell_xlsx(folder: Path, chars: int, *, shared: bool = True,
                   name: str = "huge-cell.xlsx") -> Path:
    """Rows 5-7 of a template, the name of row 6 (the second) ``chars`` characters long: a
    shared string (``shared``: in xl/sharedStrings.xml, as Excel writes text) or an inline
    one in the sheet XML. A few KB on disk."""
    rows = rows_file()
    rows[1][1] = PLACEHOLDER
    if not shared:  # openpyxl writes text inline
        template = write_xlsx(folder / "cell-template.xlsx", rows)
        return _rezip(template, folder / name, "xl/worksheets/sheet1.xml",
                      PLACEHOLDER.encode(), _repeat(b"A", chars))
    template = _shared_strings_xlsx(folder / "cell-template.xlsx", [TITLE, HEADERS, *rows])
    return _rezip(template, folder / name, "xl/sharedStrings.xml", PLACEHOLDER.encode(),
                  _repeat(b"A", chars))


TITLE = ["DANH SÁCH TIÊM VẮC XIN (HỒI CỨU)"]
_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
    'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+'
    'xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="'
    'xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Hồi cứu" sheetId="1" r:id="rId1"/>'
    '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
    'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="'
    'sharedStrings.xml"/></Relationships>',
}


def _shared_strings_xlsx(path: Path, rows: list[list]) -> Path:
    """A minimal .xlsx as Excel writes it: every text cell a shared string."""
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    sheet = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column_letter(c)}{r}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    parts = dict(_PARTS)
    parts["xl/worksheets/sheet1.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                                         f'{main}><sheetData>{"".join(sheet)}</sheetData>'
                                         f'</worksheet>')
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {main} count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, body in parts.items():
            out.writestr(name, body)
    return path


def wide_row_xlsx(folder: Path, cells: int = 16_384, chars: int = 32_000) -> Path:
    """Three template rows, the second followed by as many cells as Excel allows, each
    naming one shared string of ``chars`` characters: 224 KB on disk, half a GB a row."""
    rows = rows_file()
    rows[1] += ["A" * chars] * (cells - len(rows[1]))
    return _shared_strings_xlsx(folder / "wide-row.xlsx", [TITLE, HEADERS, *rows])


def huge_cell_csv(folder: Path, chars: int) -> Path:
    """A CSV of three rows, the name of the second ``chars`` characters long."""
    rows = rows_file()
    rows[1][1] = PLACEHOLDER
    template = write_csv(folder / "cell-template.csv", rows)
    head, _, tail = template.read_bytes().partition(PLACEHOLDER.encode())
    path = folder / "huge-cell.csv"
    with path.open("wb") as f:
        f.write(head)
        _repeat(b"A", chars)(f)
        f.write(tail)
    return path


def run_measured(args: list[str], env: dict[str, str], timeout: float = 600
                 ) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``vaxdesk ARGS`` and sample the summed RSS of it and all its descendants every
    20 ms: (the finished run, the peak in MB). The sum, not the largest one: the importer
    and its writer process hold memory at the same time."""
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_rss_kb(p) for p in tree(proc.pid)))
            time.sleep(0.02)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate(timeout=timeout)
    done.set()
    watcher.join()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), peak[0] // 1024


def tree(pid: int) -> list[int]:
    """``pid`` and its living descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        one = todo.pop()
        found.append(one)
        todo += children.get(one, [])
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent's wait counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def copy_env(data: Path, **extra: str) -> dict[str, str]:
    return dict(os.environ, VAXDESK_DATA_DIR=str(data), **extra)



_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_repeated(folder: Path, rows: int, columns: int, *, filled: bool = True) -> Path:
    """An .ods whose header is followed by one row that says it repeats ``rows`` times,
    with one cell repeated ``columns`` times: a 2 KB file standing for rows x columns
    cells (``filled``) or for the empty cells LibreOffice writes after the last row."""
    cell = ('<table:table-cell table:number-columns-repeated="{n}" office:value-type='
            '"string"><text:p>xxxxxxxxxx</text:p></table:table-cell>' if filled
            else '<table:table-cell table:number-columns-repeated="{n}"/>').format(n=columns)
    header = "".join(f'<table:table-cell office:value-type="string"><text:p>{h}</text:p>'
                     f'</table:table-cell>' for h in HEADERS)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
               f'office:version="1.2"><office:body><office:spreadsheet><table:table '
               f'table:name="Hồi cứu"><table:table-row>{header}</table:table-row>'
               f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>'
               f'</table:table></office:spreadsheet></office:body></office:document-content>')
    path = folder / "repeated.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
                   'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-'
                   'type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-'
                   'entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '</manifest:manifest>')
        z.writestr("content.xml", content)
    return path
