"""The reports' PDF read back as a reader meets it: every page says the site, the report,
the page and when it was printed (DEMO on the demo's); vaccines by name; charts whose
legend, labels and axis stay readable and inside the page."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pypdfium2
import pytest
from sqlalchemy import text as sql

from desktop_app.clock import local_now
from desktop_app.services import report_export, reports
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests.reports.data import OCT1, known_site

START, END = date(2021, 9, 1), date(2021, 12, 31)
SITE = "Trạm Y tế Phường Láng Hạ (mã điểm tiêm HN-0001)"
RIGHT_EDGE = (210 - 15) * 72 / 25.4 + 0.5  # A4's width less the right margin, in points


@pytest.fixture
def built(db, site):
    known_site(db)
    return [reports.build(db, k, START, END, "vi", actor=AT_THIS_LAPTOP) for k in reports.REPORTS]


def _pages(path) -> list[str]:  # noqa: ANN001
    pdf = pypdfium2.PdfDocument(path)
    return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]


def _glyphs(page) -> list[tuple[str, tuple[float, float, float, float]]]:  # noqa: ANN001
    text = page.get_textpage()
    found = [(text.get_text_range(i, 1), text.get_charbox(i))
             for i in range(text.count_chars())]
    return [(c, box) for c, box in found if c.strip()]


def _doses_report(days: int, products: tuple[str, ...], start: date = date(2021, 7, 1)
                  ) -> reports.Report:
    """A doses report as ``reports.doses`` makes it, one row per day and product."""
    rows = [(start + timedelta(days=d), p, 1, "18–49", 1 + (d + n) % 7)
            for d in range(days) for n, p in enumerate(products)]
    return reports.Report(
        "doses", "Số mũi tiêm theo ngày, vắc xin, mũi và nhóm tuổi",
        ("Ngày tiêm", "Vắc xin", "Mũi", "Nhóm tuổi", "Số lượng"), rows,
        reports.Chart(category=0, values=(4,), series=1), start,
        start + timedelta(days=days - 1))


def test_every_page_says_the_site_its_report_its_number_and_when_it_was_printed(
        db, boss, built, tmp_path):
    """Nothing on the paper said whose figures they were, which page, or when: a report
    that runs on carries its title and the site on every page."""
    long = _doses_report(40, ("Comirnaty (Pfizer-BioNTech)", "Vaxzevria (AstraZeneca)"))
    before = local_now().replace(second=0, microsecond=0)
    out = report_export.export_pdf(db, [long, *built], tmp_path / "bao-cao.pdf", actor=boss)
    pages = _pages(out)
    assert len(pages) > len(built) + 1  # the long one runs on
    for n, page in enumerate(pages, 1):
        assert SITE in page, f"page {n}"
        assert f"Trang {n}/{len(pages)}" in page
        [printed] = re.findall(r"In lúc (\d\d/\d\d/\d{4} \d\d:\d\d)", page)
        at = datetime.strptime(printed, "%d/%m/%Y %H:%M")
        assert before <= at <= local_now(), "the laptop's own time, to the minute"
        assert "MẪU (DEMO)" not in page
    assert pages[1].count(long.title) == 1  # in the continuation page's header
    assert pages[0].count(long.title) == 1  # its heading only: the header leaves it out
    meta = pypdfium2.PdfDocument(out).get_metadata_dict()
    assert meta["Title"] == "Báo cáo của điểm tiêm (7 báo cáo)"
    assert meta["Author"] == SITE
    assert meta["Subject"] == "Từ 01/07/2021 đến 09/08/2021"
    one = report_export.export_pdf(db, built[:1], tmp_path / "mot.pdf", actor=boss, lang="en")
    assert pypdfium2.PdfDocument(one).get_metadata_dict()["Title"] == built[0].title


def test_a_report_from_the_demo_database_says_so_on_every_page(db, boss, site, tmp_path):
    """A demo certificate says DEMO across it; the demo's reports said nothing."""
    known_site(db)
    set_up_site(db, "DEMO-01", "Trạm Y tế Phường Ba Đình (dữ liệu mẫu)", actor=boss)
    built = [reports.build(db, k, START, END, "en", actor=AT_THIS_LAPTOP)
             for k in ("doses", "cleaning")]
    out = report_export.export_pdf(db, built, tmp_path / "demo.pdf", actor=boss, lang="en")
    pdf = pypdfium2.PdfDocument(out)
    for n in range(len(pdf)):
        page = pdf[n].get_textpage().get_text_range()
        assert "DEMO — sample data, not real figures" in page
        assert "(site code DEMO-01)" in page
        right = max(box[2] for _c, box in _glyphs(pdf[n]))
        assert right <= RIGHT_EDGE, "the mark stays inside the margins"
    assert pdf.get_metadata_dict()["Subject"].endswith("DEMO — sample data, not real figures")


def test_the_doses_report_names_its_vaccines_and_says_an_unknown_age(db, boss, site, tmp_path):
    """The doses' table, chart and sheet showed the catalogue's codes ("COMIRNATY") where
    the desk-day report names them, and an age not known as a bare "?"."""
    known_site(db)
    with db.transaction() as s:  # a dose to someone whose birth date is not known
        s.execute(sql("INSERT INTO report_dose_day VALUES ('2021-10-01', 'COMIRNATY_PAED', 1, "
                      "-1, 1)"))
    built = reports.build(db, "doses", START, END, "vi", actor=AT_THIS_LAPTOP)
    out = report_export.export_pdf(db, [built], tmp_path / "bao-cao.pdf", actor=boss)
    page = _pages(out)[0]
    assert "Comirnaty (Pfizer-BioNTech)" in page and "Vaxzevria (AstraZeneca)" in page
    assert "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam) 1 không rõ 1" in page
    assert "COMIRNATY" not in page and "VAXZEVRIA" not in page and " ? " not in page
    english = reports.build(db, "doses", START, END, "en", actor=AT_THIS_LAPTOP)
    assert (OCT1, "Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)", 1, "unknown", 1) \
        in english.rows


def test_a_legend_of_many_long_vaccine_names_stays_on_the_page(db, boss, site, tmp_path):
    """With four vaccines the legend's second column ran off the page's right edge."""
    names = ("Comirnaty (Pfizer-BioNTech)", "Spikevax (Moderna)", "Vaxzevria (AstraZeneca)",
             "Vero Cell (Sinopharm)", "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)")
    out = report_export.export_pdf(db, [_doses_report(3, names)], tmp_path / "r.pdf",
                                   actor=boss)
    pdf = pypdfium2.PdfDocument(out)
    right = max(box[2] for _c, box in _glyphs(pdf[0]))
    assert right <= RIGHT_EDGE, f"runs to {right:.0f}"
    drawn = "".join(c for c, _box in _glyphs(pdf[0]))
    for name in names:  # in the legend once, and in the table
        assert drawn.count(name.replace(" ", "")) == 1 + 3, name  # 3 days in the table


def test_a_chart_that_draws_only_the_latest_days_says_which(db, boss, site, tmp_path):
    """The chart kept the latest 60 days in silence under "Từ 01/07/2021 đến ..."."""
    long, short = _doses_report(70, ("Vero Cell (Sinopharm)",)), _doses_report(
        60, ("Vero Cell (Sinopharm)",))
    out = report_export.export_pdf(db, [long, short], tmp_path / "r.pdf", actor=boss)
    said = " ".join(_pages(out)).replace("\r\n", " ")
    assert ("Biểu đồ chỉ vẽ 60 ngày gần nhất có số liệu, từ 11/07/2021 đến 08/09/2021; bảng "
            "số liệu có đủ 70 ngày.") in said
    assert said.count("Biểu đồ chỉ vẽ") == 1  # sixty days are all drawn


def test_a_chart_of_nothing_counts_in_whole_numbers(db, boss, built, tmp_path):
    """All zeros: the axis read 0.002, 0.004 … 0.01."""
    from desktop_app.services.report_pdf_chart import chart

    cleaning = next(r for r in built if r.key == "cleaning")
    assert all(n == 0 for _status, n in cleaning.rows)
    out = report_export.export_pdf(db, [cleaning], tmp_path / "r.pdf", actor=boss)
    assert not re.search(r"\b0[.,]\d", _pages(out)[0])
    drawing = chart(cleaning, 500)
    [bars] = [c for c in drawing.contents if hasattr(c, "bars")]
    axis = bars.valueAxis
    axis.configure(bars.data)
    assert [axis.labelTextFormat(v) for v in axis._tickValues] == ["0", "1"]
    busy = _doses_report(10, ("Vero Cell (Sinopharm)",))
    [bars] = [c for c in chart(busy, 500).contents if hasattr(c, "bars")]
    bars.valueAxis.configure(bars.data)
    assert bars.valueAxis._tickValues == [0, 2, 4, 6, 8]  # the largest is 7


def test_the_desk_days_names_stand_apart_beside_their_bars(db, boss, built, tmp_path):
    """Upright under their bars the names ran together: "(Pfizer-BioNTech)(Pfizer-BioNTech)
    (AstraZeneca)". No two characters of the page may overlap; each name reads whole."""
    desk = next(r for r in built if r.key == "desk_day")
    out = report_export.export_pdf(db, [desk], tmp_path / "r.pdf", actor=boss)
    page = pypdfium2.PdfDocument(out)[0]
    lines = page.get_textpage().get_text_range().splitlines()
    for name, _n in desk.rows:  # each a line of its own beside its bar
        assert name in lines, name
    glyphs = _glyphs(page)
    for i, (a, (al, ab, ar, at)) in enumerate(glyphs):
        for b, (bl, bb, br, bt) in glyphs[i + 2:]:  # neighbours kern ("fi")
            assert min(ar, br) <= max(al, bl) + 0.3 or min(at, bt) <= max(ab, bb) + 0.3, \
                f"{a!r} and {b!r} overlap"
