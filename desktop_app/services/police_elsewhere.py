"""The police's new ID numbers against the central platform, at Apply: the look-up the
desk makes for a number (``lookup.look_up``: a recorder's, audited, counted in the
platform's hourly limit), once per number the returned file would write.

Asked when Apply is asked for, not before: a look-up discloses a citizen's data to this
laptop and spends the site's hourly limit, and a preview changes nothing. The app's preview
and ``vaxdesk cleaning import`` without ``--apply`` take the same path
(``preview_returned``: the numbers Apply will ask about counted, none asked); the app's
Apply and ``--apply`` then ask (``check_elsewhere``) and apply what it leaves.

A number the platform holds for a person of another site whose name or date of birth are
not this person's (so not the same citizen's record there) is not written: the push would
be accepted and the platform would hold one CCCD for two people, whose doses and
certificates could no longer be told apart. The row is refused as the rules refuse a number
another person holds on this laptop: the case goes back to *returned*, the police's answer
and the other site's holder in its note, for the supervisor to check the card or ask the
police again. A holder of the same name and date of birth is this citizen vaccinated there
too: applied (the platform links the two).

How far offline: with no platform set up nothing is asked, as the desk asks nothing then.
Set up but out of reach, over the hourly limit, or past ``MOST_ASKED`` numbers in one file,
the numbers not asked are counted and said with what Apply did; those rows are applied all
the same. The police are the authority on a citizen's number, the laptop's own check still
runs, and holding a list back until the line comes back would stall a round trip whose
deadline is two days. A Stop pressed while the app asks stops its Apply before anything is
written (``ui/cleaning/police_preview.py``): the supervisor stopped Apply, not the check.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from desktop_app.db.database import Database
from desktop_app.importers.police_file import MATCHES, WRONG
from desktop_app.progress import Cancelled, CancelToken
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text
from desktop_app.rules.person import same_name_and_birth
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.lookup import (
    can_look_up,
    look_up,
    looks_like_citizen_id,
    lookup_refusal,
)
from desktop_app.services.police_returned import Returned, RowResult, read_returned
from desktop_app.services.site import current_site
from desktop_app.services.sync import NotConfigured, SyncError
from desktop_app.sync.lookup import LookupsLimited, RemoteCitizen
from desktop_app.wire import fhir

# Of the platform's 600 look-ups an hour for the site: one file leaves the desk most.
MOST_ASKED = 100


def numbers_to_check(returned: Returned) -> dict[str, str]:
    """The citizen IDs Apply would write, by person: rows it would apply with a new
    number (the rules' refusals and held rows write nothing)."""
    return {r.person_id: r.changes["id_number"][1] for r in returned.rows
            if r.kind in (MATCHES, WRONG) and "id_number" in r.changes
            and looks_like_citizen_id(r.changes["id_number"][1])}


def preview_returned(db: Database, path: Path, *, actor: Actor, lang: str = "vi",
                     today: date | None = None) -> Returned:
    """The returned file as the app's preview and the command's dry run show it: read
    against the database (``police_returned.read_returned``), the new ID numbers Apply will
    ask the platform about counted (``Returned.asked_on_apply``), none asked."""
    return check_elsewhere(db, read_returned(db, path, lang, today), actor=actor, lang=lang,
                           ask=False)


def check_elsewhere(db: Database, returned: Returned, *, actor: Actor, lang: str = "vi",
                    cancel: CancelToken | None = None, ask: bool = True) -> Returned:
    """``returned`` with the rows whose new number another site's person holds refused
    (``RowResult.elsewhere``), and the numbers that could not be asked counted (see the
    module). Nothing changes in the database but the look-ups' audit entries. Counted
    afresh at each call: a preview's count is replaced by what Apply asked.

    ``ask=False`` (``preview_returned``): nothing is asked, the numbers Apply will ask
    about are counted (``Returned.asked_on_apply``). A look-up is a disclosure of a
    citizen's data to this laptop, audited and counted in the site's hourly limit: a
    preview, which changes nothing, has no need of one.

    Asked for Apply, which is a supervisor's (``police_apply.apply_returned``): anyone else
    is refused before a number is looked up (a clerk's ``--apply`` once looked every new
    number up, then had Apply refused)."""
    if ask:
        require(actor, *SUPERVISORS)
    numbers = numbers_to_check(returned)
    returned = replace(returned, unchecked=0, unchecked_why=None, asked_on_apply=0)
    site = current_site(db) if numbers and can_look_up(db) else None
    if site is None:
        return returned
    refused = lookup_refusal(actor)  # a volunteer reading the file: not theirs to ask
    if refused is not None:
        return replace(returned, unchecked=len(numbers), unchecked_why=refused.message(lang))
    if not ask:
        return replace(returned, asked_on_apply=min(len(numbers), MOST_ASKED))
    rows = {r.person_id: r for r in returned.rows}
    held: dict[str, str] = {}
    asked, why = 0, None
    for person_id, number in numbers.items():
        if asked >= MOST_ASKED:
            why = text("POLICE_UNCHECKED_TOO_MANY", lang, most=MOST_ASKED)
            break
        try:
            citizen = look_up(db, number, actor=actor, cancel=cancel)
        except LookupsLimited as exc:
            why = exc.message(lang)
            break
        except (SyncError, NotConfigured):
            why = text("POLICE_UNCHECKED_UNREACHABLE", lang)
            break
        except Cancelled:
            why = text("POLICE_UNCHECKED_STOPPED", lang)
            break
        asked += 1
        holder = _another_holder(citizen, site.code, rows[person_id])
        if holder is not None:
            held[person_id] = text(
                "POLICE_ID_HELD_ELSEWHERE", lang, id_number=number,
                site=holder.site_code or "?", full_name=holder.fields.full_name,
                dob=format_date(holder.fields.dob) if holder.fields.dob else "?")
    unchecked = len(numbers) - asked
    return replace(returned, rows=[
        replace(r, refusal=r.refusal or held[r.person_id], elsewhere=held[r.person_id])
        if r.person_id in held else r for r in returned.rows],
        unchecked=unchecked, unchecked_why=why if unchecked else None)


def _another_holder(citizen: RemoteCitizen | None, site_code: str, row: RowResult
                    ) -> fhir.RemotePatient | None:
    """A Patient of another site holding the number whose name or date of birth are not
    the person's as the police verified them; None when nobody else holds it. This site's
    own holders are the laptop's check's (``id_registered_to_another``)."""
    if citizen is None:
        return None
    verified = {f: new for f, (_old, new) in row.changes.items()}
    person = SimpleNamespace(full_name=verified.get("full_name", row.full_name),
                             dob=verified.get("dob", row.dob))
    return next((p for p in citizen.patients if p.site_code != site_code
                 and not same_name_and_birth(p.fields, person)), None)
