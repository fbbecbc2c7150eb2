"""A site's code and name as a supervisor gives them (the setup form, ``vaxdesk
setup-site``): one set of rules for both. The code goes into every certificate's UVCI and
every message to the platform: letters, digits and hyphens only, at most what a UVCI holds
whole; neither may be blank. The platform registers sites by the same rules.

>>> [p.code for p in site_problems("HN 0001", "Trạm Y tế")]
['SETUP_CODE_CHARS']
>>> site_problems("79-00123", "Trạm Y tế Phường Láng Hạ")
[]
>>> checked_site(" hn-0001 ", " Trạm Y tế ")
('HN-0001', 'Trạm Y tế')
"""

from __future__ import annotations

import re

from desktop_app.rules.messages import UserError, Words, text
from desktop_app.rules.problems import Problem, error

# Within the width of site.code (32), and short enough that a certificate's identifier
# holds it whole: ``URN:UVCI:01:VN:<code>/<dose>/<edition>#<check>`` may be 80 characters,
# and a 30-letter code cut off the check character and made editions 1, 10 and 11 one.
SITE_CODE_MAX = 24
_SITE_CODE_BAD = re.compile(r"[^A-Za-z0-9-]")


def site_problems(code: str, name: str) -> list[Problem]:
    """What is wrong with a site's ``code`` and ``name`` (fields "code", "name"), each
    trimmed as it is stored; empty when they may be saved."""
    code, name = code.strip(), name.strip()
    problems: list[Problem] = []
    bad = sorted(set(_SITE_CODE_BAD.findall(code)))
    if not code:
        problems.append(error("SITE_CODE_REQUIRED", "code"))
    elif bad:
        problems.append(error("SETUP_CODE_CHARS", "code", chars=Words(
            _listed(bad, "vi"), _listed(bad, "en"))))
    elif len(code) > SITE_CODE_MAX:
        problems.append(error("SITE_CODE_TOO_LONG", "code", most=SITE_CODE_MAX,
                              length=len(code)))
    if not name:
        problems.append(error("SITE_NAME_REQUIRED", "name"))
    return problems


def checked_site(code: str, name: str) -> tuple[str, str]:
    """The code (upper case) and name as stored; UserError for the first problem."""
    problems = site_problems(code, name)
    if problems:
        raise UserError(problems[0].code, **problems[0].params)
    return code.strip().upper(), name.strip()


def _listed(chars: list[str], lang: str) -> str:
    return ", ".join(text("SITE_CODE_SPACE", lang) if c == " " else f"“{c}”" for c in chars)
