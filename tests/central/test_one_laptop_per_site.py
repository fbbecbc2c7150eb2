"""One laptop per site code, enforced where a second laptop starts: its token.

The platform keeps everything by site code alone (the pull, the site's report, its audit
anchors, its signer, the issuer part of its UVCIs), so two laptops under one code corrupt
each other: doses of one never reach the other, site reports replace each other, false
tamper alarms, two certificates with one UVCI. Before, ``issue-token SITE`` (or
``create-site`` run again) gave a site as many tokens as were asked for, and nothing said a
site has one laptop. Now a second token is refused, in Vietnamese and English, saying why,
what a big site does instead (a site code per laptop) and how a laptop is replaced
(``issue-token SITE --replace``, which revokes the site's tokens in use, in the admin log).

Through ``vaxdesk-central`` itself and a real server process, on each store it supports."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from central_server.admin_log import entries
from central_server.cli import main
from central_server.db.engine import make_engine
from desktop_app.rules.messages import text
from tests.live_server import LiveServer

SITE = "HN-0001"


def _run(server: LiveServer, *args: str) -> int:
    return main(["--database-url", server.database_url, *args])


def _reads(server: LiveServer, token: str) -> int:
    """What the platform answers the holder of ``token`` (200: a site's laptop in use)."""
    return requests.get(f"{server.url}/Patient", params={"_count": "0"}, timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).status_code


def _issued(capsys: pytest.CaptureFixture[str]) -> tuple[str, str, str]:
    """(token, its fingerprint, standard error) of the command just run."""
    out = capsys.readouterr()
    return out.out.strip(), out.err.split("fingerprint ", 1)[1][:19], out.err


def _last_logged(server: LiveServer) -> tuple[str, str, dict[str, Any]]:
    engine = make_engine(server.database_url)
    try:
        [e] = entries(engine, 1)
        return e.command, e.subject, json.loads(e.details)
    finally:
        engine.dispose()


def _in_use(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert _run(server, "list-tokens") == 0
    return [line[:19] for line in capsys.readouterr().out.splitlines()
            if line.endswith("in use")]


def test_a_second_laptop_gets_no_token_and_is_told_what_to_do(
        any_central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(any_central, "create-site", SITE, "Trạm Y tế Phường Láng Hạ") == 0
    first, first_print, _ = _issued(capsys)  # create-site still prints the first token
    assert _reads(any_central, first) == 200

    for again in (("issue-token", SITE), ("create-site", SITE, "Trạm Y tế Phường Láng Hạ")):
        assert _run(any_central, *again) == 2, again
        said = capsys.readouterr()
        assert said.out == ""  # no token for a script to take
        for lang in ("vi", "en"):
            told = text("SITE_ONE_LAPTOP", lang, site=SITE, in_use=first_print)
            assert f"refused: {told}\n" in said.err, said.err
        assert "create-site HN-0001-2" in said.err and "issue-token HN-0001 --replace" \
            in said.err
        command, subject, details = _last_logged(any_central)
        assert (command, subject, details["outcome"]) == (again[0], SITE, 2)
    assert _in_use(any_central, capsys) == [first_print]
    assert _reads(any_central, first) == 200  # the site's laptop goes on as it was


def test_a_laptop_replaced_gets_the_token_and_the_old_one_is_cut_off(
        any_central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(any_central, "create-site", SITE, "Trạm Y tế Phường Láng Hạ") == 0
    old, old_print, _ = _issued(capsys)

    assert _run(any_central, "--operator", "ops-team", "issue-token", SITE, "--replace") == 0
    new, new_print, err = _issued(capsys)
    assert new and new != old and f"revoked {old_print}  {SITE}" in err
    assert _reads(any_central, old) == 401 and _reads(any_central, new) == 200
    assert _in_use(any_central, capsys) == [new_print]
    assert _last_logged(any_central) == ("issue-token", SITE, {
        "fingerprint": new_print, "replace": True, "revoked": [old_print], "outcome": 0})

    # Cut off first (a lost laptop: revoke-site-token), the next is the site's only one.
    assert _run(any_central, "revoke-site-token", SITE) == 0
    capsys.readouterr()
    assert _run(any_central, "issue-token", SITE) == 0
    after, after_print, _ = _issued(capsys)
    assert _reads(any_central, new) == 401 and _reads(any_central, after) == 200
    assert _in_use(any_central, capsys) == [after_print]


def test_a_big_site_gives_each_laptop_its_own_site_code(
        any_central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    tokens = []
    for code in (SITE, f"{SITE}-2", f"{SITE}-3"):
        assert _run(any_central, "create-site", code, f"Trạm Y tế Phường Láng Hạ ({code})") == 0
        tokens.append(_issued(capsys)[0])
    assert [_reads(any_central, t) for t in tokens] == [200, 200, 200]
    assert len(_in_use(any_central, capsys)) == 3


def test_replace_is_for_a_sites_laptop(any_central: LiveServer) -> None:
    with pytest.raises(SystemExit) as refused:  # argparse: said, nothing issued
        _run(any_central, "issue-token", "--central", "--replace")
    assert refused.value.code == 2
    assert _run(any_central, "issue-token", "HN-0404", "--replace") == 2  # no such site
