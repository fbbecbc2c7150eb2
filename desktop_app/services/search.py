"""Find a person at the desk as clerks speak: a scanned chip card, an ID number (or its first
digits while it is typed), a phone (or its last digits), or name words in any order, with or
without accents.

Each hit carries date of birth, ID and last dose, which is what a clerk needs to tell two
"Nguyễn Thị Nhung" apart. Names are ranked so the likeliest comes first:

1. the name starts with the words as typed ("nguyen thi nh"): a range scan on the folded-name
   index, which carries everything a hit shows (migration 0014);
2. every typed word starts a word of the name, in any order ("nhung", "nhung nguyen"),
   people whose given name is one of the typed words first ("Nguyễn Thị Nhung" before
   "Lê Nhung Anh");
3. within each, by name then date of birth.

Step 2 reads the word index (migration 0017) from its rarest typed word, by the word counts
kept beside it: a given name is a few percent of a million people, a family name up to
40 %. When even the rarest is common (over ``COMMON`` people), it reads that word's entries
in their stored order (given name first, then by name) and stops after ``SCAN_CAP`` of them,
so a search of common words that rarely meet ("thi van") stays fast and may miss some of
them: one more word or letter narrows it. Hits are then read from the name index by their
exact key, never from the table. A person folded into another by a merge is not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select, text
from sqlalchemy.engine import Connection

from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.rules.cccd_qr import CccdQr, read_cccd_qr
from desktop_app.rules.identity import clean_id_number, clean_phone
from desktop_app.rules.names import search_key

# A typed word matching more people than this is "common": its matches are not all read.
COMMON = 2000
# At most this many entries of a common word are read looking for the other words.
SCAN_CAP = 30_000
# Digits typed: from this many, also the IDs they start and the phones they end.
MIN_ID_PREFIX = 3
MIN_PHONE_TAIL = 4
PHONE_TAIL = 4  # the digits ix_person_phone_tail is keyed by


@dataclass(frozen=True)
class PersonSummary:
    """Who a person is, as a clerk tells people apart: the fields every person list shows."""

    id: str
    full_name: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    phone: str | None


@dataclass(frozen=True)
class PersonHit(PersonSummary):
    last_dose_number: int | None = None
    last_dose_date: date | None = None
    last_product_code: str | None = None


_HIT_COLUMNS = (Person.id, Person.full_name, Person.dob, Person.sex, Person.id_type,
                Person.id_number, Person.phone,
                Person.last_dose_number, Person.last_dose_date, Person.last_product_code)


def search_people(db: Database, query: str, limit: int = 20) -> list[PersonHit]:
    """People matching ``query``, likeliest first; empty for an empty query.

    A chip card's QR text finds its holder by the new or the old ID; raises
    ``UserError("CCCD_QR_INVALID")`` for a damaged scan.
    """
    text_ = (query or "").strip()
    if not text_:
        return []
    qr = read_cccd_qr(text_)
    with db.engine.connect() as conn:
        if qr is not None:
            return _by_card(conn, qr, limit)
        compact = clean_id_number(text_)
        if compact.lstrip("+").isdigit():
            return _by_digits(conn, compact, clean_phone(text_), limit)
        if any(c.isdigit() for c in compact) and compact.isalnum():
            return _first(conn, limit, Person.id_number == compact,
                          _starting(Person.id_number, compact))
        key = search_key(text_)
        return _by_name(conn, key, limit) if key else []


def find_card_holder(db: Database, qr: CccdQr) -> PersonHit | None:
    """The person a scanned card names, if registered here (by its CCCD or its old CMND)."""
    with db.engine.connect() as conn:
        hits = _by_card(conn, qr, 1)
    return hits[0] if hits else None


def _by_card(conn: Connection, qr: CccdQr, limit: int) -> list[PersonHit]:
    numbers = [qr.id_number] + ([qr.old_id_number] if qr.old_id_number else [])
    return _first(conn, limit, Person.id_number == qr.id_number,
                  or_(Person.id_number.in_(numbers), Person.old_id_number.in_(numbers)))


def _by_digits(conn: Connection, digits: str, phone: str, limit: int) -> list[PersonHit]:
    conditions = [or_(Person.id_number == digits, Person.old_id_number == digits,
                      Person.phone == phone)]
    if len(digits) >= MIN_ID_PREFIX:
        conditions.append(_starting(Person.id_number, digits))
    if MIN_PHONE_TAIL <= len(digits) < 10:
        # Spelled as ix_person_phone_tail's expression, so SQLite reads that index.
        conditions.append(and_(text(f"substr(phone, -{PHONE_TAIL}) = :tail").bindparams(
            tail=digits[-PHONE_TAIL:]), Person.phone.like(f"%{digits}")))
    return _first(conn, limit, *conditions)


def _first(conn: Connection, limit: int, *conditions) -> list[PersonHit]:  # type: ignore[no-untyped-def]
    """Hits of each condition in turn (each ordered by name), each person once."""
    hits: dict[str, PersonHit] = {}
    for condition in conditions:
        if len(hits) >= limit:
            break
        stmt = (select(*_HIT_COLUMNS).where(condition, Person.merged_into.is_(None))
                .order_by(Person.name_key, Person.dob).limit(limit))
        for row in conn.execute(stmt):
            hits.setdefault(row.id, PersonHit(*row))
    return list(hits.values())[:limit]


def _by_name(conn: Connection, key: str, limit: int) -> list[PersonHit]:
    stmt = (
        select(*_HIT_COLUMNS)
        # Spelled as the name index's own condition, so SQLite can use that partial index.
        .where(_starting(Person.name_key, key), Person.merged_into.is_(None))
        .order_by(Person.name_key, Person.dob)
        .limit(limit)
    )
    hits = {row.id: PersonHit(*row) for row in conn.execute(stmt)}
    if len(hits) < limit:
        found = _by_words(conn, key.split(), limit + len(hits))
        wanted = [f for f in found if f[2] not in hits][: limit - len(hits)]
        hits.update((h.id, h) for h in _read_hits(conn, wanted))
    return list(hits.values())


def _by_words(conn: Connection, words: list[str], limit: int) -> list[tuple[str, str, str]]:
    """(name key, dob, person id) of people having a word starting with each of ``words``."""
    words = list(dict.fromkeys(words))
    counts = {w: _count(conn, w) for w in words}
    if not all(counts.values()):
        return []
    drive = min(words, key=lambda w: (counts[w], -len(w)))
    others = [w for w in words if w != drive]
    # Each other word starts a word of the name (keys hold letters, digits, single spaces).
    filters = "".join(f" AND (' ' || name_key) LIKE :o{i}" for i in range(len(others)))
    params = {"lo": drive, "hi": _successor(drive),
              **{f"o{i}": f"% {w}%" for i, w in enumerate(others)}}
    common = counts[drive] > COMMON
    rows = conn.execute(text(
        "SELECT rank, name_key, dob, person_id FROM ("
        "  SELECT word, rank, name_key, dob, person_id FROM person_name_word"
        "  WHERE word >= :lo AND word < :hi ORDER BY word, rank, name_key, dob"
        f"  LIMIT {SCAN_CAP if common else COMMON + 1}) WHERE 1 {filters}"
        + (f" LIMIT {limit * 3}" if common else "")), params).all()
    given = set(words)
    if not common:
        # All of them read: the ones whose given name is a typed word first.
        rows.sort(key=lambda r: (r.name_key.rsplit(" ", 1)[-1] not in given,
                                 r.name_key, r.dob))
    seen: dict[str, tuple[str, str, str]] = {}
    for r in rows:
        seen.setdefault(r.person_id, (r.name_key, r.dob, r.person_id))
    return list(seen.values())[:limit]


def _count(conn: Connection, word: str) -> int:
    """How many people have a name word starting with ``word`` (a person with two such
    words counts twice: an estimate, to choose where to start)."""
    return conn.execute(text(
        "SELECT coalesce(sum(n), 0) FROM person_name_word_count"
        " WHERE word >= :lo AND word < :hi"), {"lo": word, "hi": _successor(word)}).scalar_one()


def _read_hits(conn: Connection, wanted: list[tuple[str, str, str]]) -> list[PersonHit]:
    """The hits, in ``wanted``'s order, each read from the covering name index by its key."""
    if not wanted:
        return []
    keys = [and_(Person.name_key == k,
                 Person.dob == date.fromisoformat(d) if d else Person.dob.is_(None),
                 Person.id == i) for k, d, i in wanted]
    rows = {row.id: PersonHit(*row) for row in conn.execute(
        select(*_HIT_COLUMNS).where(or_(*keys), Person.merged_into.is_(None)))}
    return [rows[i] for _, _, i in wanted if i in rows]


def _starting(column, prefix: str):  # type: ignore[no-untyped-def]
    """``column`` starts with ``prefix``, as a range an index can scan."""
    return and_(column >= prefix, column < _successor(prefix))


def _successor(key: str) -> str:
    """The smallest string greater than every string starting with ``key``."""
    return key[:-1] + chr(ord(key[-1]) + 1)
