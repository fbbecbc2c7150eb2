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

Step 2 is skipped when three words or more already match names as typed (they are the
name; other orders would be looked for through every entry of a word, to find none). It
reads the word index (migration 0017) from the rarest typed word, by the word counts kept
beside it: a given name is a few percent of a million people, a family name up to 40 %.
When even the rarest is common (over ``COMMON`` people), it first seeks each other typed
word as the name's first word (the family name: "nhung nguyen"), then reads the rarest
word's entries in their stored order (given name first, then by name) and stops after
``SCAN_CAP`` of them, so common words that rarely meet ("thi van") stay fast and may miss
some: one more word or letter narrows it. Hits are then sought in the name index by their
exact key. Digits: the ID, old CMND or phone they are, then the IDs they start (in ID
order), then the phones they end (in phone order). A person folded into another by a
merge is not found.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from desktop_app.db.cipher import Connection
from desktop_app.db.database import Database
from desktop_app.rules.cccd_qr import CccdQr, read_cccd_qr
from desktop_app.rules.identity import clean_id_number, clean_phone
from desktop_app.rules.names import search_key
from desktop_app.rules.text_fields import all_digits

# A typed word matching more people than this is "common": its matches are not all read.
COMMON = 2000
# At most this many entries of a common word are read looking for the other words.
SCAN_CAP = 30_000
# Digits typed: from this many, also the IDs they start and the phones they end.
MIN_ID_PREFIX = 3
MIN_PHONE_TAIL = 4
PHONE_TAIL = 4  # the digits ix_person_phone_tail is keyed by
# A desk's page of hits: one person looked up, told apart from their namesakes.
PAGE = 20


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """Who a person is, as a clerk tells people apart: the fields every person list shows."""

    id: str
    full_name: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class PersonHit(PersonSummary):
    last_dose_number: int | None = None
    last_dose_date: date | None = None
    last_product_code: str | None = None


# The reads below are plain SQL on Database.rows()'s connection, each text fixed so the
# driver prepares it once per connection; every condition is spelled as the index it reads
# (models.py), or SQLite would not use that partial index.
_HIT = ("SELECT id, full_name, dob, sex, id_type, id_number, phone, last_dose_number,"
        " last_dose_date, last_product_code FROM person WHERE merged_into IS NULL AND ")
_BY_CARD = (_HIT + "(id_number IN (?, ?) OR old_id_number IN (?, ?))"
            " ORDER BY name_key")
_BY_NUMBER = _HIT + "(id_number = ? OR old_id_number = ? OR phone = ?) ORDER BY name_key"
_BY_ID_START = _HIT + "id_number >= ? AND id_number < ? ORDER BY id_number"
_BY_PHONE_TAIL = (_HIT + f"substr(phone, -{PHONE_TAIL}) = ? AND phone IS NOT NULL"
                  " AND phone LIKE ? ORDER BY phone")
_BY_NAME_START = _HIT + "name_key >= ? AND name_key < ? ORDER BY name_key, dob"


def _limited(sql: str, limit: int) -> str:
    """``sql`` with its LIMIT written in, not bound: SQLite's planner reads a bound LIMIT's
    value, so the statement is prepared again at every execution (an ID lookup took 76 us
    instead of 15). A few limits are used, so the texts stay few and each stays prepared."""
    return f"{sql} LIMIT {int(limit)}"


def search_people(db: Database, query: str, limit: int = PAGE) -> list[PersonHit]:
    """People matching ``query``, likeliest first; empty for an empty query.

    A chip card's QR text finds its holder by the new or the old ID; raises
    ``UserError("CCCD_QR_INVALID")`` for a damaged scan.
    """
    text_ = (query or "").strip()
    if not text_:
        return []
    qr = read_cccd_qr(text_)
    with db.rows() as conn:
        if qr is not None:
            return _by_card(conn, qr, limit)
        compact = clean_id_number(text_)
        if all_digits(compact.lstrip("+")):
            return _by_digits(conn, compact, clean_phone(text_), limit)
        if any(c.isdigit() for c in compact) and compact.isalnum():  # a passport
            return _first(conn, limit, (_BY_ID_START, (compact, _successor(compact))))
        key = search_key(text_)
        return _by_name(conn, key, limit) if key else []


def find_card_holder(db: Database, qr: CccdQr) -> PersonHit | None:
    """The person a scanned card names, if registered here (by its CCCD or its old CMND)."""
    with db.rows() as conn:
        hits = _by_card(conn, qr, 1)
    return hits[0] if hits else None


def _by_card(conn: Connection, qr: CccdQr, limit: int) -> list[PersonHit]:
    numbers = (qr.id_number, qr.old_id_number or qr.id_number)
    return _first(conn, limit, (_BY_CARD, numbers + numbers))


def _by_digits(conn: Connection, digits: str, phone: str, limit: int) -> list[PersonHit]:
    wanted = [(_BY_NUMBER, (digits, digits, phone))]
    if MIN_ID_PREFIX <= len(digits) < 12:  # an ID being typed: the IDs it starts, in order
        wanted.append((_BY_ID_START, (digits, _successor(digits))))
    if MIN_PHONE_TAIL <= len(digits) < 10:
        wanted.append((_BY_PHONE_TAIL, (digits[-PHONE_TAIL:], f"%{digits}")))
    return _first(conn, limit, *wanted)


def _first(conn: Connection, limit: int, *wanted: tuple[str, tuple]) -> list[PersonHit]:  # type: ignore[type-arg]
    """Hits of each (SQL, parameters) in turn, each person once."""
    hits: dict[str, PersonHit] = {}
    for sql, params in wanted:
        if len(hits) >= limit:
            break
        for row in conn.execute(_limited(sql, limit), params):
            if row[0] not in hits:
                hits[row[0]] = _hit(row)
    return list(hits.values())[:limit]


def _hit(r: tuple) -> PersonHit:  # type: ignore[type-arg]
    return PersonHit(r[0], r[1], _day(r[2]), r[3], r[4], r[5], r[6], r[7], _day(r[8]), r[9])


def _by_name(conn: Connection, key: str, limit: int) -> list[PersonHit]:
    hits = {r[0]: _hit(r) for r in conn.execute(_limited(_BY_NAME_START, limit),
                                                 (key, _successor(key)))}
    words = key.split()
    # Three words or more that match names as typed are the name: other orders of them
    # would only be looked for through every entry of the rarest word, to find none.
    if len(hits) < limit and (not hits or len(words) < 3):
        found = _by_words(conn, words, limit + len(hits))
        wanted = [f for f in found if f[2] not in hits][: limit - len(hits)]
        hits.update((h.id, h) for h in _read_hits(conn, wanted))
    elif len(words) == 1:
        # A page full of names that start with the word (a family name: Hoàng, Nguyễn) would
        # hide everyone whose given name it is, and clerks hear given names: up to half the
        # page goes to them, after the names that start so (the order of a shorter list).
        given = [f for f in _given_named(conn, key, limit // 2) if f[2] not in hits]
        kept = list(hits.values())[: limit - len(given)]
        return kept + _read_hits(conn, given)
    return list(hits.values())


def _given_named(conn: Connection, word: str, limit: int) -> list[Found]:
    """People whose given name (the last word, rank 0) is ``word``, in name order."""
    return _each_once(conn.execute(f"{_WORD_ROW} WHERE word = ? AND rank = 0 LIMIT ?",
                                   (word, limit)).fetchall(), limit)


Found = tuple[str, str, str]  # name key, dob ('' when unknown), person id: a word row's key
_WORD_ROW = "SELECT rank, name_key, dob, person_id FROM person_name_word"  # Found at [1:]


def _by_words(conn: Connection, words: list[str], limit: int) -> list[Found]:
    """People having a word starting with each of ``words``, best first."""
    words = list(dict.fromkeys(words))
    counts = {w: _count(conn, w) for w in words}
    if not all(counts.values()):
        return []
    drive = min(words, key=lambda w: (counts[w], -len(w)))
    others = [w for w in words if w != drive]
    # Each other word starts a word of the name (keys hold letters, digits, single spaces).
    filters = " AND (' ' || name_key) LIKE ?" * len(others)
    likes = tuple(f"% {w}%" for w in others)
    span = (drive, _successor(drive))
    if counts[drive] <= COMMON:
        rows = conn.execute(f"{_WORD_ROW} WHERE word >= ? AND word < ?{filters}",
                            span + likes).fetchall()
        given = set(words)
        # All of them read: the ones whose given name is a typed word first.
        rows.sort(key=lambda r: (r[1].rsplit(" ", 1)[-1] not in given, r[1], r[2]))
        return _each_once(rows, limit)
    rows = _by_family_name(conn, span, others, filters, likes, limit) if others else []
    if len(_each_once(rows, limit)) < limit:
        rows += conn.execute(
            "SELECT rank, name_key, dob, person_id FROM ("
            "  SELECT word, rank, name_key, dob, person_id FROM person_name_word"
            "  WHERE word >= ? AND word < ? ORDER BY word, rank, name_key, dob"
            f"  LIMIT {SCAN_CAP}) WHERE 1{filters} LIMIT {int(limit) * 3}", (*span, *likes)
        ).fetchall()
    return _each_once(rows, limit)


def _by_family_name(conn: Connection, span: tuple[str, str], others: list[str], filters: str,
                    likes: tuple[str, ...], limit: int) -> list:  # type: ignore[type-arg]
    """The commonest spoken form, a given name and the family name ("nhung nguyen"): for
    each word the rarest typed one starts and each other typed word, the entries whose name
    starts with that word, sought in the key (word, rank, name...), not scanned for."""
    spelled = [w for (w,) in conn.execute(
        "SELECT word FROM person_name_word_count WHERE word >= ? AND word < ? AND n > 0"
        " ORDER BY n DESC LIMIT 8", span)]
    rows: list = []  # type: ignore[type-arg]
    sql = (f"{_WORD_ROW} WHERE word = ? AND rank = ? AND name_key >= ? AND name_key < ?"
           f"{filters} ORDER BY name_key, dob LIMIT {int(limit) * 3}")
    for word, rank, other in itertools.product(spelled, (0, 1), others):
        # One rank at a time: each read in key order, stopping at the limit.
        rows += conn.execute(sql, (word, rank, other, _successor(other), *likes)).fetchall()
        if len(rows) >= limit * 3:
            break
    return rows


def _each_once(rows: list, limit: int) -> list[Found]:  # type: ignore[type-arg]
    seen: dict[str, Found] = {}
    for r in rows:
        seen.setdefault(r[3], (r[1], r[2], r[3]))
    return list(seen.values())[:limit]


def _count(conn: Connection, word: str) -> int:
    """How many people have a name word starting with ``word`` (a person with two such
    words counts twice: an estimate, to choose where to start)."""
    return conn.execute(
        "SELECT coalesce(sum(n), 0) FROM person_name_word_count WHERE word >= ? AND word < ?",
        (word, _successor(word))).fetchone()[0]


_ONE_HIT = ("SELECT id, full_name, dob, sex, id_type, id_number, phone, last_dose_number,"
            " last_dose_date, last_product_code FROM person"
            # "id || ''": compared so, the id is no index key, and SQLite seeks the name
            # index by (name_key, dob) instead of the id's own index.
            " WHERE name_key = ? AND dob IS ? AND id || '' = ? AND merged_into IS NULL")


def _read_hits(conn: Connection, wanted: list[Found]) -> list[PersonHit]:
    """The hits, in ``wanted``'s order, each sought in the name index by its key.

    One SELECT per hit joined by UNION ALL: an OR of the keys is answered by SQLite's
    multi-index OR (rowids first, then the table)."""
    if not wanted:
        return []
    params = tuple(x for k, d, i in wanted for x in (k, d or None, i))
    rows = conn.execute(" UNION ALL ".join([_ONE_HIT] * len(wanted)), params).fetchall()
    hits = {r[0]: _hit(r) for r in rows}
    return [hits[i] for _, _, i in wanted if i in hits]


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _successor(key: str) -> str:
    """The smallest string greater than every string starting with ``key``."""
    return key[:-1] + chr(ord(key[-1]) + 1)
