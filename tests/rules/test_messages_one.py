"""English counts of one read in the singular: the lock fixer saw "This file corrects 1
people already recorded" and "1 people of the list chosen will be written…" on screen."""

import pytest

from desktop_app.rules.messages import text
from desktop_app.rules.numbers import Count


@pytest.mark.parametrize(("code", "one", "many"), [
    ("BACKFILL_HELD_ASK", "corrects 1 person already", "corrects 3 people already"),
    ("BACKFILL_HELD_MORE", "and 1 more person ", "and 3 more people "),
    ("CLI_IMPORT_REJECTED_MORE", "and 1 more row to fix", "and 3 more rows to fix"),
    ("POLICE_EXPORT_ASK", "1 person of the list", "3 people of the list"),
])
def test_a_count_of_one_is_said_in_the_singular(code, one, many):
    assert one in text(code, "en", count=Count(1), people="")
    assert many in text(code, "en", count=Count(3), people="")
    assert "1 người" in text(code, "vi", count=Count(1), people="") \
        or "1 dòng" in text(code, "vi", count=Count(1), people="")
