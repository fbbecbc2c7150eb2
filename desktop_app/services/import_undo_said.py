"""What an import's undo says, before and after, in one place for the Backfill screen and
``vaxdesk import-undo``: the doses it leaves and why, what it does not take back (the people
it created, its corrections of people already recorded), and what it did."""

from __future__ import annotations

from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count
from desktop_app.services.import_undo import UndoOutcome, UndoPlan


def left(plan: UndoPlan, lang: str) -> list[str]:
    """The doses an undo leaves as they are, by why."""
    return [text(f"IMPORT_UNDO_LEFT_{why.upper()}", lang, count=count(n, lang))
            for why, n in plan.left.items()]


def kept(plan: UndoPlan, lang: str) -> list[str]:
    """What an undo does not take back: the people the import created, its corrections."""
    lines = [text("IMPORT_UNDO_PEOPLE", lang, count=count(plan.people, lang))
             ] if plan.people else []
    return lines + _corrections(plan, lang)


def done(outcome: UndoOutcome, lang: str) -> list[str]:
    """What an undo did, what it left, and what stays: its corrections are said again (a
    supervisor who read them in the question before has them in the outcome's words too)."""
    lines = [text("IMPORT_UNDO_DONE", lang, file=outcome.plan.batch.file_name,
                  count=count(outcome.voided, lang)), *left(outcome.plan, lang)]
    if outcome.people_without_doses:
        lines.append(text("IMPORT_UNDO_EMPTY_PEOPLE", lang,
                          count=count(outcome.people_without_doses, lang)))
    return lines + _corrections(outcome.plan, lang)


def _corrections(plan: UndoPlan, lang: str) -> list[str]:
    if not plan.corrections:
        return []
    return [text("IMPORT_UNDO_CORRECTIONS", lang, count=count(plan.corrections, lang))]
