"""The desk's cross-site look-up does not wait behind a sync round (found by a review).

Every ``Op.network`` job ran on one thread (``ui/tasks.py``), so a round on a link whose
proxy takes the push and never answers held it for two whole read timeouts (2 x 120 s as
shipped), and a clerk who scanned a citizen known at another site saw "Searching the central
platform…" all that time, with no "bring from other sites": a new person, a dose 1 again.
Look-ups and checks go through ``Op.ask``, on a thread of their own.

Here the round's read timeout is cut to 20 s (it holds its thread ~40 s) and the look-up is
given 12 s: the platform answers the look-up's own requests in milliseconds."""

from __future__ import annotations

import time

from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.sync.helpers import make_people
from tests.sync.hostile import Hostile, silent
from tests.ui.desk_helpers import open_area, rows, type_into


def test_a_cross_site_lookup_is_not_held_behind_a_hung_sync_round(qtbot, wired, wired_b,
                                                                  monkeypatch):
    (pid_a,) = make_people(wired.db, 1, doses_each=2)  # site A: known to the platform
    wired.sync()
    cccd = rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid_a)[0][0]

    # Site B's laptop: its link's proxy swallows the push (POST to the base) and never
    # answers; every GET (the look-up's) passes at once.
    front = Hostile(wired_b.server.url)
    front.on("POST", "/fhir", silent)
    try:
        make_people(wired_b.db, 1, doses_each=1, seed=7)  # something to push
        syncing.save_config(wired_b.db, front.url, wired_b.token, actor=AT_THIS_LAPTOP)
        made = syncing.make_client

        def round_client(*args, **kwargs):  # the round's 120 s read timeout made 20 s
            client = made(*args, **kwargs)
            if "read_timeout" not in kwargs:
                client.read_timeout = 20.0
            return client

        monkeypatch.setattr(syncing, "make_client", round_client)
        ctx, window, desk = open_area(qtbot, wired_b.db, "record", "en")
        assert window.sync.sync_now()
        qtbot.waitUntil(lambda: any(m == "POST" for m, _p, _a in front.seen), timeout=10_000)

        panel = desk.search
        started = time.monotonic()
        type_into(qtbot, panel.box, cccd)  # the clerk scans a citizen known at site A
        # The look-up's own bound is a few seconds (3 s connect, 10 s answer); the
        # platform answers it at once.
        qtbot.waitUntil(lambda: panel.bring_button.isVisible(), timeout=12_000)
        assert time.monotonic() - started < 12
    finally:
        window.sync.cancel()
        ctx.runner.wait_idle(60_000)
        front.close()
