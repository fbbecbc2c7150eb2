"""A known site: doses on known days, of known products, to people of known ages, some
synced, some refused, some waiting, through the desk's services and the real outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.db.database import Database
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.sync import outbox
from desktop_app.sync.outbox import Ack, Conflict, Refused, Wait

OCT1, OCT2, NOV5 = date(2021, 10, 1), date(2021, 10, 2), date(2021, 11, 5)
TODAY = date(2022, 6, 1)


@dataclass
class Site:
    person: dict[str, str]
    dose: dict[str, str]


PEOPLE = {  # name: (dob, sex)
    "old": (date(1950, 3, 1), Sex.MALE),  # 71: 65+
    "adult": (date(1990, 10, 2), Sex.FEMALE),  # 30 on Oct 1: 18–49
    "child": (date(2009, 10, 2), Sex.MALE),  # 11 on Oct 1 (a day before 12): 5–11
    "teen": (date(2009, 10, 2), Sex.FEMALE),  # 12 on Oct 2, the birthday: 12–17
    "fifty": (date(1970, 1, 1), Sex.MALE),  # 51: 50–64
}
DOSES = {  # key: (person, product, number, day)
    "old1": ("old", "COMIRNATY", 1, OCT1),
    "adult1": ("adult", "COMIRNATY", 1, OCT1),
    "child1": ("child", "COMIRNATY", 1, OCT1),
    "fifty1": ("fifty", "VAXZEVRIA", 1, OCT1),
    "teen1": ("teen", "COMIRNATY", 1, OCT2),
    "adult2": ("adult", "COMIRNATY", 2, NOV5),
    "old2": ("old", "COMIRNATY", 2, NOV5),
    "fifty2": ("fifty", "VAXZEVRIA", 2, NOV5),  # voided: never counted
}
# What the central platform answered for each dose (people were all acknowledged);
# "teen1" got no answer (still on the wire: sending).
OUTCOMES = {"old1": Ack("1", None), "adult1": Ack("1", None),
            "child1": Refused([{"code": "X"}]), "fifty1": Conflict(None, []),
            "adult2": Ack("1", None), "old2": Wait()}


def known_site(db: Database) -> Site:
    site = Site({}, {})
    for n, (name, (dob, sex)) in enumerate(PEOPLE.items()):
        out = record_dose(
            db, _dose(DOSES[f"{name}1"]),
            person=PersonInput(name.title(), dob, sex, IdType.CCCD,
                               make_cccd("001", sex, dob.year, 500 + n)),
            confirm_warnings=True, today=TODAY, actor=AT_THIS_LAPTOP,
            age_override_reason="dữ liệu thử: mọi nhóm tuổi")  # every age group, one product
        assert out.saved, out.problems
        site.person[name], site.dose[f"{name}1"] = out.person_id, out.dose_id
    for key in ("adult2", "old2", "fifty2"):
        out = record_dose(db, _dose(DOSES[key]), person_id=site.person[DOSES[key][0]],
                          confirm_warnings=True, today=TODAY, actor=AT_THIS_LAPTOP,
                # Every age group is filled with one product: a supervisor's choice.
                age_override_reason="dữ liệu thử: mọi nhóm tuổi")
        assert out.saved, out.problems
        site.dose[key] = out.dose_id
    void_dose(db, site.dose["fifty2"], "Nhập nhầm", actor=AT_THIS_LAPTOP)
    batch = outbox.claim(db, 1000, "HN-0001")
    by_id = {v: k for k, v in site.dose.items()}
    answers = [(o, Ack("1", None)) if o.entity == "person" else (o, OUTCOMES[by_id[o.record_id]])
               for o in batch if o.entity == "person" or by_id[o.record_id] in OUTCOMES]
    outbox.record(db, answers)
    return site


def _dose(spec: tuple) -> DoseInput:
    _person, product, number, day = spec
    return DoseInput(product, "LOT1", number, day, "Y tá Lan")
