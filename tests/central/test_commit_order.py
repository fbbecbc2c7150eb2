"""The platform's _lastUpdated follows commit order when its clock steps back (an NTP
correction of a clock that ran fast): a change stamped behind one already committed was
never pulled by a site paging from where it stopped (a reviewer's run against a real
server process: rounds 3 and 4 pulled nothing, the edit stood on the platform only).

The clock stepping back cannot be made here for real: ``store.utc_now`` is replaced, the
one boundary mocked; the store is a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

from central_server.auth import create_site
from central_server.db.engine import make_engine
from central_server.fhir import store
from central_server.fhir.store import Principal, WriteRequest, write
from desktop_app.rules.catalogue import default_catalogue
from tests.central.fhir_samples import patient


def test_a_write_after_the_clock_steps_back_is_stamped_after_the_last(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    try:
        create_site(engine, "HN-A", "A")
        first, second = patient("HN-A"), patient("HN-A")
        [made] = write(engine, default_catalogue(), Principal("HN-A"),
                       [WriteRequest("Patient", first["id"], first)])
        real = store.utc_now
        monkeypatch.setattr(store, "utc_now", lambda: real() - timedelta(minutes=5))
        [after] = write(engine, default_catalogue(), Principal("HN-A"),
                        [WriteRequest("Patient", second["id"], second)])
    finally:
        engine.dispose()
    assert after.last_updated > made.last_updated
    assert after.last_updated - made.last_updated < timedelta(seconds=1)
