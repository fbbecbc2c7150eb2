"""One spreadsheet row: its clean values and its outcome by the backfill rules.

- rejected (not stored): no name; dose date missing, unparseable, reading both ways in a
  column that writes dates both ways (``date_order``), in the future, before the date of
  birth or before the programme began; vaccine not recognised.
- flagged (stored, on the data-cleaning list): a name too long or with characters no name
  has (a formula), or typed without its diacritics ("Tran Van Cuong": the desk asks,
  a file cannot be asked; not for a passport's name); missing or bad date of birth, sex
  or ID (an ID Excel wrote in
  scientific notation among them); an ID of the wrong length, an unknown province code, or
  one that disagrees with the sex or the birth year; a phone no phone can be ("0" typed
  for none, a digit short: the desk's ``PHONE_INVALID``, the phone not kept); a dose
  outside its vaccine's ages (the desk's ``DOSE_AGE_OUTSIDE``); a booster with no number
  ("Mũi nhắc lại") of someone with no earlier dose known, stored as dose 1, or a dose
  dated before a lower-numbered one (``services.backfill_placing``).
- skipped: a totals row at the foot of the list, the lines under it that name no vaccine
  and no one (a signature: "Người lập biểu", "Ngày 30/09/2021"), a row repeating the
  columns' names. (Rows the file hides never reach the reader: ``Table.visible_rows``.)
Interval and sequence warnings never reject a historical dose: it happened. Duplicates are
judged later, against the database and the rows before (see services.backfill).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from operator import itemgetter
from typing import Any

from desktop_app.importers import values
from desktop_app.importers.date_order import DAY_FIRST_ORDER, DateOrder, readings
from desktop_app.importers.date_order import FIELDS as DATE_FIELDS
from desktop_app.importers.headers import ID_ELSE, names_columns
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.cleaning import FLAGGABLE, IDENTITY_CODES
from desktop_app.rules.dates import (
    MAX_AGE_YEARS,
    SHORT_YEAR,
    check_dob,
    check_dose_date,
    in_century_of,
)
from desktop_app.rules.doses import check_age_on
from desktop_app.rules.identity import (
    IdType,
    check_identity,
    decode_cccd,
    is_phone,
    is_well_formed_id,
)
from desktop_app.rules.names import (
    diacritics_flags,
    fold,
    name_errors,
    normalize_name,
    search_key,
)
from desktop_app.rules.problems import Problem, error

REJECTED, FLAGGED, DUPLICATE, IMPORTED = "rejected", "flagged", "duplicate", "imported"
CORRECTED = "corrected"  # a re-sent row that corrected a person already recorded
SKIPPED = "skipped"  # a totals row at the foot of the list: not a dose (``RowReader.totals``)


@dataclass(slots=True)
class Row:
    sheet_row: int
    full_name: str
    name_key: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    phone: str | None
    address: str | None
    product_code: str | None
    lot_number: str | None
    dose_number: int | None  # None: not given; the next number for the person is used
    dose_date: date | None
    facility: str | None
    problems: list[Problem]  # rejections first, then flags
    # The dose-number cell as typed when it says a booster and no number ("Mũi nhắc lại"):
    # the next number is used, and a booster that comes out as dose 1 is flagged.
    booster: str | None = None
    # The old CMND a file gives beside the row's CCCD (columns apart, ``ID_ELSE``): kept as
    # the person's old number, and how a record held under it is found (``old_number``).
    old_id_number: str | None = None

    @property
    def outcome(self) -> str:
        if not self.problems:  # most rows
            return IMPORTED
        if any(p.code in REJECTING for p in self.problems):
            return REJECTED
        return FLAGGED

    @property
    def flags(self) -> list[str]:
        return [p.code for p in self.problems if p.code not in REJECTING]

    def person_key(self) -> str | tuple:
        number = self.id_number  # a well-formed CCCD, as most rows have: person_key's first
        if self.id_type == "CCCD" and number and len(number) == 12 and number.isascii() \
                and number.isdigit():
            return number
        return person_key(self.id_type, self.id_number, self.name_key, self.dob, self.phone,
                          self.address)


def person_key(id_type: str, id_number: str | None, name_key: str, dob: date | None,
               phone: str | None, address: str | None) -> str | tuple:
    """Who a row (or a stored person) is, the same way on every import of the same data:
    the ID number when it is a well-formed one, else the folded name with everything else
    known. A malformed ID ("0", a CCCD of 11 digits) is flagged, and cannot tell strangers
    apart: two people who both had "0" typed in are not one person."""
    if is_well_formed_id(id_type, id_number):
        return id_number  # type: ignore[return-value]  # a str: never equal to a tuple
    return ("name", name_key, dob, phone, fold(address or ""))


# What a re-sent, corrected row may change on a person already recorded: who the person is
# stays (the folded name matched), how they are identified and reached may be fixed.
CORRECTABLE = ("dob", "sex", "id_type", "id_number", "phone", "address", "old_id_number")


def given_identity(row: Row, record: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The identity values a row gives that can correct a record: an empty or unreadable
    cell gives nothing (the file does not know better than the record), nor does a
    malformed ID ("0", eleven digits), which cannot say who someone is. Against the
    ``record`` (its ``id_number`` and ``old_id_number``), a row giving its old CMND as the
    ID gives no ID, and one giving its ID as the old number gives no old number.

    >>> from desktop_app.importers.rows import Row
    >>> row = Row(5, "Lê Thị Hoa", "le thi hoa", date(1990, 3, 12), None, "CCCD", "0011900",
    ...           "0987654321", None, "VAXZEVRIA", None, 1, date(2021, 8, 1), None, [])
    >>> given_identity(row)
    {'dob': datetime.date(1990, 3, 12), 'phone': '0987654321'}
    >>> cmnd = Row(6, "Lê Thị Hoa", "le thi hoa", None, None, "CMND", "123456789", None, None,
    ...            "VAXZEVRIA", None, 2, date(2021, 9, 1), None, [])
    >>> given_identity(cmnd, {"id_number": "001190012345", "old_id_number": "123456789"})
    {}
    """
    given = {"dob": row.dob, "sex": row.sex, "phone": row.phone, "address": row.address,
             "old_id_number": row.old_id_number}
    if is_well_formed_id(row.id_type, row.id_number) and not (
            record is not None and row.id_number == record["old_id_number"]):
        given["id_type"], given["id_number"] = row.id_type, row.id_number
    if record is not None and row.old_id_number == record["id_number"] \
            and given.get("id_number", row.old_id_number) == row.old_id_number:
        del given["old_id_number"]
    return {f: v for f, v in given.items() if v is not None}


def holds(current: Mapping[str, Any], changes: Mapping[str, Sequence[Any]], at: int) -> bool:
    """Whether ``current`` holds each field of ``changes`` ({field: [before, after]}) as
    its value ``at`` (0: before, 1: after): a correction still to make, or still as made.

    >>> holds({"phone": "0912", "dob": None}, {"phone": ["0912", "0987"]}, 0)
    True
    """
    return all(current.get(f) == values[at] for f, values in changes.items())


def settled_corrections(recorded: Mapping[str, Any], said: Sequence[Mapping[str, Any]],
                        confirmed: set[str]) -> tuple[dict[str, list[Any]], list[str]]:
    """What a file, taken as a whole, corrects on one person: ``({field: [old, new]},
    [fields its rows disagree on])``. ``said``: what each of its rows that differ from the
    record gives (``given_identity``); ``confirmed``: fields other rows gave as recorded.
    A field changes only when the file says one value for it: rows that disagree (a phone
    that changed between two doses) leave the record as it is, so importing the same file
    again changes nothing. An ID type goes with its number.

    >>> settled_corrections({"dob": None, "phone": "0912"}, [{"dob": 1990, "phone": "0987"},
    ...                     {"dob": 1990}], {"phone"})
    ({'dob': [None, 1990]}, ['phone'])
    """
    values: dict[str, set[Any]] = {f: {recorded.get(f)} for f in confirmed}
    for given in said:
        for f, v in given.items():
            values.setdefault(f, set()).add(v)
    changes = {f: [recorded.get(f), v] for f in CORRECTABLE if len(values.get(f, ())) == 1
               and (v := next(iter(values[f]))) != recorded.get(f)}
    if "id_number" not in changes:
        changes.pop("id_type", None)
    return changes, [f for f in CORRECTABLE if len(values.get(f, ())) > 1]


# What refuses a row: a dose that cannot be told, and an identity error the platform does
# not take of a flagged person (no name), which the import would store and never send.
REJECTING = frozenset({
    "DOSE_DATE_REQUIRED", "DOSE_DATE_INVALID", "DOSE_DATE_AMBIGUOUS", "DOSE_DATE_IN_FUTURE",
    "DOSE_BEFORE_BIRTH", "DOSE_BEFORE_PROGRAMME", "PRODUCT_REQUIRED", "PRODUCT_UNKNOWN",
    "DOSE_NUMBER_BOOSTER", "CELL_FORMULA_ERROR",
}) | (IDENTITY_CODES - FLAGGABLE)


class RowReader:
    """Turns raw rows into Rows under one column mapping.

    A province's file repeats itself: a person's doses are on consecutive rows, names and
    dates recur thousands of times. What is costly to clean (names, identity checks,
    vaccine names) is cached by the raw value, which makes a million-row import several
    times faster than cleaning every cell afresh."""

    def __init__(self, mapping: Mapping[str, int], catalogue: Catalogue, today: date, *,
                 text_only: bool = False,
                 date_orders: Mapping[str, DateOrder] | None = None,
                 date1904: bool = False) -> None:
        """``text_only``: the file keeps no cell types (a CSV), so an ID number cell Excel
        wrote without its leading zeros is bare digits (``values.clean_id_untyped``).
        ``date_orders``: how the text dates of "dob" and "dose_date" are read, decided on
        the file's first rows (``date_order.look_ahead``). Not given (a paper form): day
        first, as the desk types them. ``date1904``: the workbook's serials count from
        1904 (``unpacking.Looked``)."""
        self.mapping = dict(mapping)
        self.catalogue = catalogue
        self.today = today
        self._columns = tuple(self.mapping.get(f, -1) for f in _FIELD_ORDER)
        # One C-level pick of all twelve cells; a field with no column reads a padding cell,
        # the one past the widest column. A row reaching that far is cut there first: else
        # the padding cell is the next column's (with nothing mapped, column A's).
        self._width = max((i for i in self._columns), default=-1) + 1
        self._pick_all = itemgetter(*(i if i >= 0 else self._width for i in self._columns))
        self._cut = -1 in self._columns
        self._blanks = [""] * (self._width + 1)
        self._clean_id = values.clean_id_untyped if text_only else values.clean_id
        self.totals: list[int] = []  # sheet rows skipped as a list's totals ("Tổng cộng")
        # Sheet rows skipped under a totals row, naming no vaccine and no one: its footer
        # (``_is_footer``), until a row that names a vaccine (a dose after a subtotal).
        self.footers: list[int] = []
        self._under_totals = False
        # Sheet rows skipped as a list's signature block with no totals row above it: a
        # row of signers' titles or the list's date (``_is_signature``) and the rows under
        # it holding only the signers' names under their titles, until any other row.
        self.signed: list[int] = []
        self._signer_columns: set[int] | None = None  # the block's labels' columns, in it
        self.headers: list[int] = []  # sheet rows skipped as the header again
        self._first_day = catalogue.programme_start
        self._sexes = _Memo(values.clean_sex)
        # Each date field read in its column's order, which a cell past the rows it was
        # decided on may yet make mixed (``_other_way``).
        shift = values.DAYS_1900_TO_1904 if date1904 else 0
        self.date_orders = {f: replace((date_orders or {}).get(f, DAY_FIRST_ORDER),
                                       this_year=today.year, serial_shift=shift)
                            for f in DATE_FIELDS}
        self._dates = {f: _Memo(order.parse) for f, order in self.date_orders.items()}
        self._dobs, self._dose_dates = self._dates["dob"], self._dates["dose_date"]
        self._may_mix = date_orders is not None
        self._products = _Memo(self._find_product)
        self._ages = _Memo(self._age_limits)  # product code -> (min, max) years of age
        # A text cell's dose number by its text ("Mũi 2"): a number cell is read at once.
        self._numbers = _Memo(partial(values.clean_dose_number,
                                      highest=catalogue.max_dose_number))
        self._unnumbered = _Memo(_booster_wording)  # dose-number cells that gave no number
        self._names: dict[str, tuple[str, str, tuple[Problem, ...], tuple[Problem, ...]]] = {}
        self._identity: dict[tuple, list[Problem]] = {}
        # A person's doses come on consecutive rows (in a wide sheet, a row's every dose):
        # the person's cells, cleaned and checked once, serve them all. Equal cells clean
        # equally, as in _Memo.
        self._last_cells: tuple | None = None
        self._last_person: tuple = ()

    def read(self, sheet_row: int, raw: Sequence[Any]) -> Row | None:
        """The row's clean values and problems; None when every mapped cell is blank (a
        template's pre-numbered empty rows have only their "STT" filled in)."""
        padded = raw
        if self._cut:
            padded = [*raw[:self._width], *self._blanks]
        elif len(raw) <= self._width:
            padded = [*raw, *([""] * (self._width + 1 - len(raw)))]
        picked = self._pick_all(padded)  # a blank cell is "" (or None)
        if not any(picked):
            return None
        c_product, c_lot, c_number, c_date, c_facility, c_else = picked[6:]
        cells = picked[:6]
        old = None
        if c_else not in ("", None):
            if cells[3] in ("", None):  # no CCCD: the old CMND
                cells = (*cells[:3], c_else, *cells[4:])
            else:
                old = c_else
        if cells == self._last_cells:  # the person's next dose, on the next row
            name, key, dob, sex, id_type, id_number, phone, address, flags = self._last_person
        else:
            name, key, dob, sex, id_type, id_number, phone, address, flags = \
                self._last_person = self._person(sheet_row, *cells)
            self._last_cells = cells
        dose_date = self._dose_dates[c_date]
        if dose_date is None and type(c_date) is str and c_date:
            dose_date = self._other_way("dose_date", sheet_row, c_date)
        product = self._products[c_product]
        if (dose_date is None or product is None) and (
                self._is_totals(sheet_row, cells[0], raw) or self._is_header(sheet_row, picked)
                or self._is_footer(sheet_row, product, dob, id_number)
                or self._is_signature(sheet_row, raw, product, dob, id_number)):
            return None
        if (self._under_totals or self._signer_columns) and product is not None:
            self._under_totals, self._signer_columns = False, None  # a dose: the list goes on
        problems: list[Problem] = []
        if not name:
            problems.append(error("NAME_REQUIRED", "full_name"))
        if dose_date is None and values.text(c_date):
            problems.append(self._unread_date("dose_date", values.text(c_date)))
        elif (dose_date is None or dose_date > self.today or dose_date < self._first_day
              or (dob is not None and dose_date < dob)):
            problems += check_dose_date(dose_date, dob, self.today)  # says which, in words
        if product is None:
            product_text = values.text(c_product)
            problems.append(error("PRODUCT_UNKNOWN", "product_code", value=product_text)
                            if product_text else error("PRODUCT_REQUIRED", "product_code"))
        elif dob is not None and not problems:  # a dose, given on or after the birth
            # The age is the difference of the years, or one less: only near a product's
            # limits is it worked out (and the desk's rule applied).
            low, high = self._ages[product]
            if not low < dose_date.year - dob.year <= high:  # type: ignore[union-attr]
                problems += check_age_on(self.catalogue.products[product], dob, dose_date)
        number = self._numbers[c_number] if type(c_number) is str else \
            values.clean_dose_number(c_number, self.catalogue.max_dose_number)
        booster = None
        if number is None and c_number not in (None, ""):  # a cell that gave no number
            counts, booster, unread = self._unnumbered[c_number]
            if counts:
                problems.append(error("DOSE_NUMBER_BOOSTER", "dose_number",
                                      value=values.text(c_number)))
            elif booster is None and unread:  # "Mũi 7", 0, 2.5, "Chưa rõ"
                problems.append(error("DOSE_NUMBER_OUT_OF_RANGE", "dose_number",
                                      value=values.text(c_number),
                                      max=self.catalogue.max_dose_number))
        problems += flags  # stored, but on the data-cleaning list with the reason
        return Row(
            sheet_row, name, key, dob, sex, id_type, id_number, phone, address, product,
            values.text(c_lot) or None, number, dose_date, values.text(c_facility) or None,
            problems, booster, None if old is None else self._old_number(old, id_type, id_number),
        )

    def _old_number(self, cell: Any, id_type: str, id_number: str | None) -> str | None:
        """The old CMND a row gives beside its CCCD: kept only when both are well-formed
        and differ (``old_number``)."""
        return old_number(id_type, id_number, self._clean_id(cell)[0])

    def _is_totals(self, sheet_row: int, name_cell: Any, raw: Sequence[Any]) -> bool:
        """A row that is no dose (no date or no vaccine) labelled as the list's totals, in
        its name cell or its first filled one (the "STT" column): noted once in ``totals``
        (a wide row is read once a dose group), not rejected as a bad dose."""
        first = next((c for c in raw if c is not None and c != ""), None)
        if not (values.is_totals_label(name_cell) or values.is_totals_label(first)):
            return False
        if not self.totals or self.totals[-1] != sheet_row:
            self.totals.append(sheet_row)
        self._under_totals = True
        return True

    def _is_footer(self, sheet_row: int, product: str | None, dob: date | None,
                   id_number: str | None) -> bool:
        """A row under a totals row (and no dose since) that is no dose and names no one:
        no vaccine, no date of birth, no ID; what a commune signs its list with ("Người lập
        biểu", "Ngày 30/09/2021", "Trưởng trạm"). Noted once in ``footers``, not rejected as
        a bad dose: nobody can fix it, and a volunteer who sees it every time learns to
        skip past the rejected rows that are real."""
        if not self._under_totals or product is not None or dob is not None \
                or id_number is not None:
            return False
        if not self.footers or self.footers[-1] != sheet_row:
            self.footers.append(sheet_row)
        return True

    def _is_signature(self, sheet_row: int, raw: Sequence[Any], product: str | None,
                      dob: date | None, id_number: str | None) -> bool:
        """A row of a list signed with no totals row above: each of its filled cells a
        signer's title or the list's date (``values.is_signature_label``), or, under such a
        row, the signers' names under their titles (each filled cell a label, or in a
        column the block has a label in). Noted once in ``signed``, not rejected. A row
        with anything else (a dose date, a sex, a phone: a dose with its vaccine left out)
        is judged as ever, and ends the block."""
        if product is not None or dob is not None or id_number is not None:
            self._signer_columns = None
            return False
        filled = [(i, c) for i, c in enumerate(raw) if c is not None and c != ""]
        labels = {i for i, c in filled if values.is_signature_label(c)}
        known = self._signer_columns
        if not filled or not all(i in labels or (known and i in known) for i, _c in filled):
            self._signer_columns = None
            return False
        self._signer_columns = (known or set()) | labels
        if not self.signed or self.signed[-1] != sheet_row:
            self.signed.append(sheet_row)
        return True

    def _is_header(self, sheet_row: int, picked: Sequence[Any]) -> bool:
        """A row that is no dose and repeats the columns' names (``names_columns``): noted
        once in ``headers``, not rejected as a bad dose."""
        if not names_columns(picked):
            return False
        if not self.headers or self.headers[-1] != sheet_row:
            self.headers.append(sheet_row)
        return True

    def _person(self, sheet_row: int, c_name: Any, c_dob: Any, c_sex: Any, c_id: Any,
                c_phone: Any, c_address: Any) -> tuple:
        """Who a row names, cleaned, with the flags that puts on them (a tuple the rows of
        the person's other doses reuse)."""
        name, key, name_flags, unmarked = self._name(c_name)
        dob = self._dobs[c_dob]
        if dob is None and type(c_dob) is str and c_dob:
            dob = self._other_way("dob", sheet_row, c_dob)
        sex = self._sexes[c_sex]
        id_number, id_type = self._clean_id(c_id)
        if dob is not None and type(c_dob) is str and id_type == _CCCD \
                and SHORT_YEAR.search(c_dob) \
                and (card := decode_cccd(id_number or "")) is not None:
            # A birth year of two digits: the CCCD says its century ("24" of a 1924 card).
            dob = in_century_of(dob, c_dob, card.birth_year)
        flags = self.identity_flags(dob, values.text(c_dob) if dob is None else "", sex,
                                    id_type, id_number,
                                    values.text(c_sex) if sex is None else "")
        if unmarked and id_type != _PASSPORT:  # as the desk: a passport's name has no marks
            name_flags = (*name_flags, *unmarked)
        if name_flags:
            flags = [*name_flags, *flags]
        phone = values.clean_phone(c_phone)
        if phone is not None and not is_phone(phone):
            # "0" typed where the citizen gave none, a digit short: no one's phone, and the
            # platform refuses a Patient carrying it (the desk's rule). Not kept; the row is
            # flagged as the desk would say it, the cell as typed, for the list to ask.
            flags = [*flags, error("PHONE_INVALID", "phone", value=values.text(c_phone))]
            phone = None
        broken = values.formula_errors(_PERSON_FIELDS, (c_name, c_dob, c_sex, c_id, c_phone,
                                                        c_address))
        if broken:  # said as what it is, not as a name of odd characters or a missing ID
            flags = [*(p for p in flags if p.field not in broken),
                     *(error("CELL_FORMULA_ERROR", f, value=v) for f, v in broken.items())]
        return (name, key, dob, sex, id_type, id_number, phone,
                values.text(c_address) or None, flags)

    def identity_flags(self, dob: date | None, dob_shown: str, sex: str | None, id_type: str,
                       id_number: str | None, sex_shown: str = "") -> list[Problem]:
        """What puts a person on the data-cleaning list (the codes ``cleaning_reason``
        keeps): a row's as read, and a corrected person's once the corrections are in.
        ``dob_shown``, ``sex_shown``: the unreadable cell as typed ("" when there was none:
        a sex cell holding "1" was said to be empty)."""
        flags: list[Problem] = []
        if dob is None:
            flags.append(self._unread_date("dob", dob_shown) if dob_shown
                         else error("DOB_REQUIRED", "dob"))
        elif dob.year <= self.today.year - MAX_AGE_YEARS:  # "30/12/1899" typed for 1989:
            # the desk refuses it, and no certificate can carry it (the EU DCC's 1900-2099)
            flags += [p for p in check_dob(dob, self.today) if p.code == "DOB_TOO_OLD"]
        if sex is None:
            flags.append(error("SEX_INVALID", "sex", value=sex_shown) if sex_shown
                         else error("SEX_REQUIRED", "sex"))
        if id_number is None:
            flags.append(error("ID_NUMBER_REQUIRED", "id_number", id_type="CCCD/CMND"))
        else:
            flags += self._check_identity(id_type, id_number, sex, dob)
        return flags

    def _other_way(self, name: str, sheet_row: int, raw: str) -> date | None:
        """A text date its field's order read nothing from (rare: once a distinct cell).
        When it reads only the other way ("8/16/2021" in a day-first column), it is a typo
        (a date that does not exist, refused), or, once more of them come than the order's
        evidence tolerates (``DateOrder.mixes``), the column holds both orders: from the
        one that tips it it is read as mixed (each cell the only way it reads, one that reads
        both ways refused) and the report says from where."""
        order = self.date_orders[name]
        if not (self._may_mix and order.other_way(raw)):
            return None
        order = self.date_orders[name] = order.stray(raw)
        if not order.mixes:
            return None
        self.date_orders[name] = order.mixed_at(sheet_row, raw)
        self._dates[name] = memo = _Memo(self.date_orders[name].parse)
        self._dobs, self._dose_dates = self._dates["dob"], self._dates["dose_date"]
        return memo[raw]

    def _unread_date(self, name: str, shown: str) -> Problem:
        """Why a date cell gave no date: no date at all, or one of a mixed column that
        reads both ways (``date_order``), which is refused rather than guessed."""
        prefix = "DOB" if name == "dob" else "DOSE_DATE"
        if self.date_orders[name].refuses(shown):
            one, other = readings(shown, self.today.year)
            return error(f"{prefix}_AMBIGUOUS", name, value=shown, one=one, other=other)
        return error(f"{prefix}_INVALID", name, value=shown)

    def _name(self, raw: Any) -> tuple[str, str, tuple[Problem, ...], tuple[Problem, ...]]:
        """The name as stored, its search key, what flags it (``name_errors``), and the
        desk's warning when it has no diacritics (``names.diacritics_flags``; flagged unless
        the person's ID is a passport): cleaned and checked once per distinct name cell."""
        label = values.text(raw)
        found = self._names.get(label)
        if found is None:
            name = normalize_name(label)
            found = self._names[label] = (name, search_key(name),
                                          name_errors(name) if name else (),
                                          diacritics_flags(name))
            if len(self._names) > _CACHE_LIMIT:
                self._names.clear()
        return found

    def _check_identity(self, id_type: str, number: str, sex: str | None,
                        dob: date | None) -> list[Problem]:
        # A well-formed CCCD is checked by its first six digits (province, century and sex,
        # birth year) against the sex and the year of birth: keyed by those, a million
        # people's checks are a few thousand, where by the whole number none repeated.
        if id_type == "CCCD" and len(number) == 12 and number.isascii() and number.isdigit():
            key: tuple = (number[:6], sex, dob.year if dob is not None else None)
        else:
            key = (id_type, number, sex, dob)
        found = self._identity.get(key)
        if found is None:
            found = self._identity[key] = check_identity(
                id_type, number, sex=sex, dob=dob, today=self.today,
                nationality=None if id_type != "PASSPORT" else "")
            if len(self._identity) > _CACHE_LIMIT:
                self._identity.clear()
        return found

    def _age_limits(self, code: str) -> tuple[int, int]:
        product = self.catalogue.products[code]
        return product.min_age_years, (_NO_LIMIT if product.max_age_years is None
                                       else product.max_age_years)

    def _find_product(self, raw: Any) -> str | None:
        label = values.text(raw)
        found = self.catalogue.find(label) if label else None
        return found.code if found else None


def old_number(id_type: str, id_number: str | None, old: str | None) -> str | None:
    """The old number of a row that gives a CCCD and, in a column apart, its holder's old
    CMND: None unless the CMND is a well-formed one of 9 digits. A malformed old number is
    no one's: kept, it would be synced and matched at other sites
    (``card_check.cccd_replacing``). Nor is one of 12: the last CMNDs had 12 digits, and
    their holders' CCCD is the same number, so a 12-digit "CMND" other than the CCCD is a
    CCCD in the wrong column (kept, it would renumber its holder away from it). A malformed
    CCCD keeps a good CMND: the row is flagged for the CCCD, and found by the CMND.

    >>> old_number("CCCD", "001090012345", "012345678")
    '012345678'
    >>> old_number("CCCD", "00109001234", "012345678")  # eleven digits: flagged
    '012345678'
    >>> old_number("CCCD", "001090012345", "0123"), old_number("CMND", "012345678",
    ...                                                      "023456789")
    (None, None)
    >>> old_number("CCCD", "001090012345", "001090099999")
    """
    if id_type != _CCCD or not id_number or old == id_number:
        return None
    return old if is_well_formed_id(_CMND, old) else None


def _booster_wording(raw: Any) -> tuple[bool, str | None, bool]:
    """What a dose-number cell without a number says: whether it counts boosters ("Mũi
    nhắc lại 1": refused), the cell as typed when it names one without a number ("Mũi nhắc
    lại": the next number, flagged when that is 1), and whether it says more than a blank
    ("Mũi 7", "Chưa rõ": the next number, flagged; ``values.gives_number``)."""
    if values.counts_boosters(raw):
        return True, None, True
    return False, values.unnumbered_booster(raw), values.gives_number(raw)


class _Memo(dict):
    """``fn(raw)`` by raw cell value, where a hit is one dict lookup in C. A file repeats
    its dates, vaccine names and sexes thousands of times. Only for functions that give
    the same result for equal keys (Python has True == 1 == 1.0)."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, raw: Any) -> Any:
        if len(self) >= _CACHE_LIMIT:
            self.clear()  # bounded: a file of unique garbage cannot grow it without end
        value = self[raw] = self.fn(raw)
        return value


_PASSPORT, _CCCD, _CMND = IdType.PASSPORT.value, IdType.CCCD.value, IdType.CMND.value
_PERSON_FIELDS = ("full_name", "dob", "sex", "id_number", "phone", "address")
_FIELD_ORDER = ("full_name", "dob", "sex", "id_number", "phone", "address", "product",
                "lot_number", "dose_number", "dose_date", "facility", ID_ELSE)
_CACHE_LIMIT = 200_000  # entries; cleared when full, so memory stays bounded
_NO_LIMIT = 1_000  # years: a product without an upper age


# The flags a refused row may carry whose own words tell what storing the row did.
_AS_REFUSED = {"DOSE_NUMBER_OUT_OF_RANGE": "DOSE_NUMBER_OUT_OF_RANGE_REFUSED"}


def as_refused(problems: Sequence[Problem]) -> list[Problem]:
    """A refused row's problems, its flags in the words of a row not stored: a dose number
    out of range said "this dose is stored as the person's next dose" on a row that was
    refused for its vaccine."""
    return [replace(p, code=_AS_REFUSED.get(p.code, p.code)) for p in problems]
