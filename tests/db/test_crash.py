"""A save that returned survives the process being killed with SIGKILL right after."""

import os
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import text

from desktop_app.db.database import open_database
from tests.keys import TEST_PASSPHRASE

WRITER = textwrap.dedent("""
    import os
    import sys
    from datetime import date
    from desktop_app.db.database import open_database
    from desktop_app.rules.identity import IdType, Sex
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose
    from desktop_app.services.site import set_up_site
    from desktop_app.services.actor import AT_THIS_LAPTOP

    db = open_database(sys.argv[1], os.environ["VAXDESK_DB_PASSPHRASE"])
    set_up_site(db, "HN-0001", "Trạm Y tế", actor=AT_THIS_LAPTOP)
    i = 0
    while True:  # saves until killed, reporting each save only after it returned
        i += 1
        suffix = "".join(chr(97 + int(d)) for d in str(i))  # names carry no digits
        person = PersonInput(f"Người Thử {suffix}", date(1990, 1, 1), Sex.MALE, IdType.CCCD,
                             f"001090{i:06d}")
        out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                          person=person, actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
        print(out.dose_id, flush=True)
""")


def test_every_reported_save_survives_sigkill(db_path):
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)],
                             stdout=subprocess.PIPE, text=True)
    reported = []
    try:
        for line in child.stdout:
            reported.append(line.strip())
            if len(reported) == 25:
                os.kill(child.pid, signal.SIGKILL)  # right after a save returned
                break
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert len(reported) == 25

    # the writer's lock was freed by the OS when it was killed
    with open_database(db_path, TEST_PASSPHRASE) as db, db.engine.connect() as conn:
        stored = set(conn.execute(text("SELECT id FROM dose")).scalars())
        queued = set(conn.execute(text(
            "SELECT record_id FROM sync_record WHERE entity = 'dose'")).scalars())
        audited = set(conn.execute(text(
            "SELECT entity_id FROM audit_entry WHERE entity = 'dose'")).scalars())
    assert set(reported) <= stored
    # whatever else was mid-flight when the kill came, nothing is half-written
    assert stored == queued == audited
