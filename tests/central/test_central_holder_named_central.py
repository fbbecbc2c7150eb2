"""Found by a review: a staff token issued to a holder named "central" survived ``revoke-token
--label central``.

``issue-token --central --label central`` is accepted and labels the token
``central:central``; ``list-tokens`` shows its holder as "central", the same word the
unnamed tokens issued before holders were named carry. ``revoke-token --label central``
then revokes only those older unnamed ones (and says "revoked …", exit 0), so the operator
believes every "central" token is cut off while the one issued to "central" keeps reading
and writing every site's records.
"""

from __future__ import annotations

import requests
from sqlalchemy.orm import Session

from central_server.auth import token_hash
from central_server.db.engine import make_engine
from central_server.db.models import Token
from central_server.fhir.store import utc_now


def test_revoking_holder_central_revokes_the_token_issued_to_central(central):
    # A token from before holders were named (label "central"), as an upgraded platform has.
    engine = make_engine(central.database_url)
    try:
        with Session(engine) as s, s.begin():
            s.add(Token(token_hash=token_hash("legacy-token-xyz"), site_code=None,
                        label="central", created_at=utc_now()))
    finally:
        engine.dispose()
    issued = central.cli("issue-token", "--central", "--label", "central")
    listed = central.cli("list-tokens", "--central")
    assert listed.count("  central  ") == 2, listed  # both shown under holder "central"

    said = central.cli("revoke-token", "--label", "central")  # exit 0: "revoked ..."
    assert said.startswith("revoked ")

    answer = requests.get(f"{central.url}/Patient", timeout=10,
                          headers={"Authorization": f"Bearer {issued}"})
    assert answer.status_code == 401, (
        f"the token issued with --label central still works after revoke-token --label "
        f"central (HTTP {answer.status_code}); list-tokens now:\n"
        + central.cli("list-tokens", "--central"))
