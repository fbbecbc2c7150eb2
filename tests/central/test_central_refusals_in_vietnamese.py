"""Found by a review: many ``vaxdesk-central`` refusals were English only.

``cli.refused_in_words`` says why refusals are given "in Vietnamese then English: the
command has no language of its own, and whoever runs it at the platform reads one of
them", and ``set-area``/``create-site`` without an area or ``issue-token`` on a site with a
laptop do so. The provincial administrator's everyday mistakes below are refused in
English alone.
"""

from __future__ import annotations

import re

import pytest

from central_server.cli import main

VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                        r"ùúủũụừứửữựỳýỷỹỵ]")


@pytest.mark.parametrize("command", [
    ["issue-token", "HN-0009"],                                  # a site code mistyped
    ["issue-token", "HN-0009", "--replace"],
    ["approve-key", "HN-0001", "--fingerprint", "837D 6D8A BACC 8BB3"],  # nothing pending
    ["revoke-site-token", "HN-0009"],
])
def test_a_refusal_says_why_in_vietnamese_too(tmp_path, capsys, command):
    url = f"sqlite:///{tmp_path / 'central.db'}"
    assert main(["--database-url", url, "create-site", "HN-0001", "Trạm Y tế Phường Láng Hạ",
                 "--province", "01", "--commune", "00070"]) == 0
    capsys.readouterr()
    code = main(["--database-url", url, *command])
    said = capsys.readouterr()
    assert code != 0
    assert VIETNAMESE.search(said.err + said.out), f"English only: {said.err.strip()!r}"
