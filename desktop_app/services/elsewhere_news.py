"""The round's step that takes the platform's word of this site's people whose records
changed at other sites (``wire/elsewhere.py``): their other sites' doses made the
platform's current ones, so the desk's next dose number and the certificates follow them
even for a person nobody here ever looked up.

Paged like the dose clashes (``sync.pages.pull_pages``), a page a transaction with its
cursor; a server without the list answers 404 and the round goes on. Each person as a
look-up's answer is taken (``lookup_answer.take_told``), audited under whoever started
the round. A person this laptop does not hold (another laptop's record under the site
code) or folded into another by a merge is passed over: the survivor's record is told
on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.services.actor import Actor
from desktop_app.services.lookup_answer import take_told
from desktop_app.sync import own_records
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pages import pull_pages
from desktop_app.wire import elsewhere
from desktop_app.wire.elsewhere import Told

PAGE = 200


@dataclass
class News:
    """What a round's word of other sites changed here."""

    changed: int = 0  # people whose other sites' doses changed
    parted: int = 0  # of them, people whose doses went as a correction ended a link


def take_news(db: Database, client: SyncClient, site_code: str, actor: Actor) -> News:
    """Every page of the list from the cursor on. Nothing while a restore's own records
    are still coming back (``own_records.bringing_back``): a person not back yet would be
    passed over and the cursor moved past them for good; the word waits, cursor and all,
    for a later round."""
    news = News()
    with db.reading() as s:
        if own_records.bringing_back(s):
            return news

    def keep(s: Session, told: list[Told]) -> datetime | None:
        now = utc_now()
        for item in told:
            person = s.get(Person, item.patient_id)
            if person is not None and person.merged_into is None:
                taken = take_told(s, person, item.doses, item.sites, site_code, now, actor,
                                  item.parted)
                news.changed += taken.changed
                news.parted += taken.parted
        return max((t.told_at for t in told), default=None)

    for _page in pull_pages(db, client, elsewhere.PATH, cursor=settings.ELSEWHERE_CURSOR,
                            size=PAGE, what="a page of people told of other sites",
                            key="people", read=elsewhere.told_from_json, keep=keep):
        pass
    return news
