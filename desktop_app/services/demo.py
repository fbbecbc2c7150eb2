"""Sample data to try the app with: a separate demo database, never the real one.

``make_demo`` writes a few thousand synthetic people of a Hà Nội commune (Vietnamese names
with their diacritics, CCCDs that agree with sex and birth year, addresses in real
communes) and their doses the way a site's own data arrives: the ten months up to
yesterday as a provincial spreadsheet through the backfill import (some rows flagged for
cleaning, some rejected, some typed twice), complaints taken at the hotline, part of it
acknowledged by the central platform as a sync round would leave it, the rest still to
send; then today's work at the desk: people of the call-back list who came for their next
dose, each let go after their 30 minutes (nobody is left waiting in observation).

Its dates count back from the day it is made (the clock's ``local_today`` unless given), so
the areas that open on recent days (Records on today, Reports on the last 30 days, the
call-back list on who is due now) show the sample rather than an empty table, whenever it is
made; the same seed and day make the same people and doses (tests give both).

Everything goes through the services with the demo supervisor as the actor, so the demo
holds exactly what the app itself would have made. The demo is marked twice: its file name
(the window and banner go by it, with no query) and its site code (certificates go by it).
Its passphrase and password are written here on purpose: it holds no real person.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from desktop_app.db.database import Database, lock_file
from desktop_app.importers.headers import TEMPLATE_NAMES
from desktop_app.paths import DB_FILENAME, data_dir
from desktop_app.rules import admin_units
from desktop_app.rules.demo import DEMO_FILENAME, DEMO_SITE_CODE, is_demo_path
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.rules.messages import UserError
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor

DEMO_PASSPHRASE = "du lieu mau vaxdesk"  # not a secret: nothing real is in the demo
DEMO_USER, DEMO_PASSWORD = "demo", "demo-vaxdesk"
DEMO_SITE_NAME = "Trạm Y tế Phường Ba Đình (dữ liệu mẫu)"
DEMO_PROVINCE, DEMO_COMMUNE_NAME = "01", "Phường Ba Đình"
DEMO_PEOPLE = 3000
HISTORY_DAYS = 300  # the sheet's first doses: up to ten months before the demo is made
# Today at the desk: the day's vaccine, its lot (listed with its expiry), the vaccinator.
DESK_PRODUCT, DESK_LOT, DESK_VACCINATOR = "COMIRNATY", "FT2611", "Y tá Phạm Thị Lan"
DESK_POSTPONED = "Sốt 38,5 độ: hẹn tiêm lại sau 7 ngày"  # the one screened out today
DESK_HOURS = (time(7, 30), time(17, 0))  # local: today's people came between these

FAMILY = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
          ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
          ("Ngô", 2), ("Dương", 1), ("Lý", 1))
MIDDLE = {Sex.MALE: ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân"),
          Sex.FEMALE: ("Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Diệu", "Thị")}
GIVEN = {Sex.MALE: ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy",
                    "Khánh", "Long", "Lâm", "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Tuấn",
                    "Việt", "Vinh"),
         Sex.FEMALE: ("Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Hương",
                      "Lan", "Linh", "Mai", "Nga", "Nhung", "Phương", "Thảo", "Trang",
                      "Tuyết", "Vân", "Yến")}
STREETS = ("Đội Cấn", "Kim Mã", "Liễu Giai", "Giảng Võ", "Nguyễn Thái Học", "Phan Đình Phùng",
           "Hoàng Hoa Thám", "Văn Cao", "Ngọc Hà", "Quán Thánh")
# A province's spellings of the vaccines, as the catalogue recognises them.
VACCINES = (("AstraZeneca", 40), ("Pfizer", 30), ("Vero Cell", 20), ("Moderna", 10))
HEADERS = ("STT", *TEMPLATE_NAMES.values())


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    people: int
    doses: int  # from the sheet, up to yesterday
    today: int  # recorded at the desk today
    flagged: int  # sheet rows flagged for cleaning (a person's doses each)
    to_clean: int  # people on the cleaning worklist: what the Data cleaning area shows
    rejected: int
    complaints: int
    synced: int  # records the central platform acknowledged
    unsynced: int  # records still to send


def demo_path() -> Path:
    """The demo's own file in the data folder, beside (never instead of) the real one."""
    return data_dir() / DEMO_FILENAME


def demo_passphrase(path: Path) -> str | None:
    """The demo's passphrase when ``path`` is the demo: it opens without asking."""
    return DEMO_PASSPHRASE if is_demo_path(path) else None


def demo_login(db: Database) -> Actor | None:
    """The demo supervisor, on the demo database only: it opens without a login."""
    if not is_demo_path(db.path):
        return None
    from desktop_app.services import accounts

    return accounts.login(db, DEMO_USER, DEMO_PASSWORD)


def make_demo(path: Path | None = None, *, people: int = DEMO_PEOPLE, seed: int = 19,
              today: date | None = None, now: datetime | None = None) -> DemoSummary:
    """A fresh demo database at ``path`` (the data folder's demo file by default); one made
    before is replaced. Refuses any file not named as the demo: the real one is never
    touched. Its doses end ``today``, the local day of ``now`` (naive UTC), both the clock's
    unless given."""
    from desktop_app.clock import utc_now, utc_to_local
    from desktop_app.services.database import open_database

    path = path or demo_path()
    if not is_demo_path(path) or path.name == DB_FILENAME:
        raise UserError("DEMO_NOT_THERE", file=str(path), name=DEMO_FILENAME)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = lock_file(path)  # DatabaseLocked while another VaxDesk has the demo open
    try:
        for old in path.parent.glob(DEMO_FILENAME + "*"):  # the file, its WAL: only ours
            if old.resolve() not in {f.resolve() for f in lock.files}:
                old.unlink()
    finally:
        lock.release()
    now = now or utc_now()
    with open_database(path, DEMO_PASSPHRASE) as db:
        return _fill(db, path, people, seed, today or utc_to_local(now).date(), now)


def _fill(db: Database, path: Path, count: int, seed: int, today: date, now: datetime
          ) -> DemoSummary:
    from desktop_app.progress import drain
    from desktop_app.services import accounts, cleaning
    from desktop_app.services.backfill import import_file
    from desktop_app.services.site import set_up_site
    from desktop_app.services.status import site_status

    accounts.add_user(db, DEMO_USER, "Người dùng thử", "supervisor", DEMO_PASSWORD,
                      actor=AT_THIS_LAPTOP)  # the first account: no one to log in yet
    actor = accounts.login(db, DEMO_USER, DEMO_PASSWORD)
    commune = admin_units.find_one(admin_units.communes(DEMO_PROVINCE), DEMO_COMMUNE_NAME)
    set_up_site(db, DEMO_SITE_CODE, DEMO_SITE_NAME, province_code=DEMO_PROVINCE,
                commune_code=commune.code if commune else None, actor=actor)
    rng = random.Random(seed)
    people = list(_people(rng, count, today))
    with TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "so-lieu-hoi-cuu-mau.csv"
        with sheet.open("w", encoding="utf-8", newline="") as f:
            out = csv.writer(f)
            out.writerow(HEADERS)
            for number, row in enumerate(_rows(rng, people, today), start=1):
                out.writerow([number, *row])
        report = drain(import_file(db, sheet, today=today, actor=actor))
    complaints = _complaints(db, rng, people, actor, today)
    seen = _desk_times(today, now, min(20, max(2, count // 150)))
    # The last sync round was before the desk opened: today's doses are still to send.
    synced = _acknowledge_some(db, rng, seen[0] - timedelta(minutes=30))
    at_desk = _today_at_desk(db, rng, actor, today, seen, now)
    to_clean = len(cleaning.worklist(db).cases)
    return DemoSummary(path, report.people_created, report.stored, at_desk,
                       report.counts["flagged"], to_clean, report.counts["rejected"],
                       complaints, synced, site_status(db).pending)


def _people(rng: random.Random, count: int, today: date) -> Iterator[dict]:
    """People aged about 12 to 82 on ``today`` (a few too young for their sheet's vaccine,
    as on a real sheet)."""
    communes = admin_units.communes(DEMO_PROVINCE)
    codes = ("001",) * 8 + ("036", "038", "040", "034", "033", "030")  # mostly born in Hà Nội
    for serial in range(count):
        sex = rng.choice((Sex.MALE, Sex.FEMALE))
        dob = today - timedelta(days=rng.randrange(365 * 12, 365 * 82))
        family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
        commune = rng.choice(communes)
        yield {
            "full_name": f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
            "dob": dob, "sex": sex,
            "id_number": make_cccd(rng.choice(codes), sex, dob.year, 100_000 + serial),
            "phone": f"09{rng.randrange(10_000_000, 99_999_999)}",
            "address": f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, {commune.name}, "
                       "Thành phố Hà Nội",
        }


def _rows(rng: random.Random, people: list[dict], today: date) -> Iterator[list]:
    """Each person's doses of the ``HISTORY_DAYS`` up to yesterday, with the mistakes a real
    sheet has: a missing date of birth or ID, an ID that disagrees with the sex (flagged for
    cleaning), an unknown vaccine (rejected), a dose typed twice (a duplicate). A next dose
    that would fall after yesterday is not in it: that person is due, or will be."""
    labels, weights = [v for v, _ in VACCINES], [w for _, w in VACCINES]
    last = today - timedelta(days=1)
    for p in people:
        vaccine = rng.choices(labels, weights=weights)[0]
        when = last - timedelta(days=rng.randrange(0, HISTORY_DAYS))
        dob, id_number, sex = p["dob"].strftime("%d/%m/%Y"), p["id_number"], p["sex"]
        roll = rng.random()
        if roll < 0.03:
            dob = ""
        elif roll < 0.05:
            id_number = ""
        elif roll < 0.07:
            sex = Sex.FEMALE if sex is Sex.MALE else Sex.MALE
        for number in range(1, rng.choice((1, 2, 2, 2, 3, 3)) + 1):
            if when > last:
                break
            product = vaccine if number < 3 else rng.choice(("Pfizer", "Moderna"))
            if rng.random() < 0.005:
                product = "Vắc xin chưa rõ"
            lot = f"{rng.choice('ABFKN')}{rng.randrange(1000, 9999)}"
            row = [p["full_name"], dob, "Nam" if sex is Sex.MALE else "Nữ", id_number,
                   p["phone"], p["address"], product, lot, number, when.strftime("%d/%m/%Y"),
                   DEMO_SITE_NAME]
            yield row
            if rng.random() < 0.01:
                yield row
            when += timedelta(days=rng.randrange(28, 84) if number == 1 else
                              rng.randrange(120, 240))


def _complaints(db: Database, rng: random.Random, people: list[dict], actor: Actor,
                today: date) -> int:
    from desktop_app import wire
    from desktop_app.services.complaints import take_hotline

    said = {wire.complaints.MISSING_DOB: "Chứng nhận không hiện ngày sinh của tôi.",
            wire.complaints.DOSE_MISSING: "Tôi đã tiêm mũi 2 nhưng trên ứng dụng chưa có.",
            wire.complaints.DETAILS_WRONG: "Tên tôi bị ghi sai dấu."}
    taken = 0
    for p in rng.sample(people, min(12, len(people))):
        kind = rng.choice(sorted(said))
        take_hotline(db, wire.complaints.Submission(
            kind, p["id_number"], p["full_name"], p["dob"], phone=p["phone"],
            dose_number=2 if kind == wire.complaints.DOSE_MISSING else None,
            text=said[kind]), actor=actor, today=today)
        taken += 1
    return taken


def _acknowledge_some(db: Database, rng: random.Random, at: datetime) -> int:
    """About two thirds of the records as a sync round at ``at`` (naive UTC) leaves them
    once the central platform answered, the rest still waiting: the Sync area has something
    to show. The round's time is kept as a real round's is, so the status bar's last sync
    agrees with the records shown synced; it says too that the demo's sync is off
    (``SiteStatus.demo``): nothing was sent, and nothing can be (``demo_guard``). Returns
    how many records it acknowledged."""
    from desktop_app import settings
    from desktop_app.services.status import site_status
    from desktop_app.sync import outbox

    total = site_status(db).pending
    out = outbox.claim(db, total * 2 // 3, DEMO_SITE_CODE)
    outbox.record(db, [(o, outbox.Ack(f"demo-{rng.randrange(1 << 30)}", at)) for o in out])
    with db.transaction() as s:
        settings.write(s, settings.LAST_SYNC, at.isoformat())
    return len(out)


def _desk_times(today: date, now: datetime, people: int) -> list[datetime]:
    """When each of today's ``people`` was injected (naive UTC, first to last), all on
    ``today``: within the desk's hours, at most 15 minutes apart, the last one at closing or
    40 minutes before ``now`` (their 30 minutes are over when the demo opens). A demo made
    before the desk had the time (early in the morning) spreads them from midnight to 40
    minutes before ``now`` (a dose of today was never recorded yesterday evening); one made
    in the day's first 40 minutes, to ``now``: those people are still watched
    (``_today_at_desk`` lets go only those whose time is over)."""
    from desktop_app.clock import local_to_utc

    midnight, opened, closed = (local_to_utc(datetime.combine(today, t))
                                for t in (time(), *DESK_HOURS))
    last = min(now - timedelta(minutes=40), closed)
    step = (last - opened) / max(1, people - 1)
    if step < timedelta(minutes=3):
        last = now - timedelta(minutes=40)
        if last - midnight < timedelta(seconds=people):
            last = now
        step = max(last - midnight, timedelta(0)) / people
        return [midnight + step * (k + 1) for k in range(people)]
    step = timedelta(seconds=int(min(step, timedelta(minutes=15)).total_seconds()))
    return [last - step * (people - 1 - k) for k in range(people)]


def _today_at_desk(db: Database, rng: random.Random, actor: Actor, today: date,
                   seen: list[datetime], now: datetime) -> int:
    """The day's vaccine, lot and vaccinator set as the desk opens, and people of the
    call-back list who came for their next dose of it, at the times ``seen``: recorded as
    the desk records them (the Records area opens on today's), each let go after their 30
    minutes, if those are over by ``now`` (never later than it). Returns the doses
    recorded."""
    from desktop_app.clock import local_to_utc
    from desktop_app.rules.screening import Outcome
    from desktop_app.services.callbacks import call_back_list
    from desktop_app.services.day_setup import set_today
    from desktop_app.services.doses import DoseInput, record_dose
    from desktop_app.services.observation import end_observation
    from desktop_app.services.screening import record_screening

    set_today(db, DESK_PRODUCT, DESK_LOT, today + timedelta(days=180), DESK_VACCINATOR,
              actor=actor, day=today)
    # Today's vaccine suits a booster, or the next dose of a series begun with it.
    due = [c for c in call_back_list(db, today) if c.due_from <= today and c.dob
           and (c.product_code == DESK_PRODUCT or c.next_number > 2)]
    recorded = 0
    came_today = rng.sample(due, min(len(seen) + 1, len(due)))
    # Screened before the injection, as the desk asks (its day's tally counted 4 doses and
    # 0 screened); one more screened and sent home with a fever, not injected.
    if len(came_today) > len(seen) and seen:
        record_screening(db, came_today.pop().person_id, ["FEVER"], Outcome.POSTPONE,
                         DESK_POSTPONED, actor=actor,
                         now=min(seen[0] + timedelta(minutes=5), now))
    day_began = local_to_utc(datetime.combine(today, time()))
    for came, at in zip(came_today, seen, strict=False):
        # A few minutes before the injection, never yesterday (a demo made just after
        # midnight injects its first people in the day's first minutes).
        record_screening(db, came.person_id, [], Outcome.ELIGIBLE, None, actor=actor,
                         now=max(at - timedelta(minutes=3), day_began))
        done = record_dose(db, DoseInput(DESK_PRODUCT, DESK_LOT, came.next_number, today,
                                         DESK_VACCINATOR),
                           person_id=came.person_id, actor=actor, today=today, now=at)
        if done.saved and done.dose_id:
            left = at + timedelta(minutes=30 + rng.randrange(0, 8))
            if left <= now:
                end_observation(db, done.dose_id, actor=actor, now=left)
            recorded += 1
    return recorded
