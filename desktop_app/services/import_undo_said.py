"""What an import's undo says, before and after, in one place for the Backfill screen and
``vaxdesk import-undo``: the doses it leaves and why, its corrections of people already
recorded (put back, or left and why), the people it created (they stay), and what it
did."""

from __future__ import annotations

from desktop_app.clock import local_time
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count
from desktop_app.services.import_batches import source
from desktop_app.services.import_undo import UndoOutcome, UndoPlan, UndoProgress, undo_reason


def undoes_anything(plan: UndoPlan) -> bool:
    """A dose to void or a person to put back: else the undo is not asked (``nothing``)."""
    return bool(plan.to_void or plan.corrections)


def nothing(plan: UndoPlan, lang: str) -> list[str]:
    """An import with nothing left to undo, and why each part stays."""
    return [text("IMPORT_UNDO_NOTHING", lang, file=plan.batch.file_name,
                 date=local_time(plan.batch.started_at)), *left(plan, lang),
            *_corrections(0, plan.corrections_left, plan, lang, "")]


def question(plan: UndoPlan, lang: str) -> str:
    """The question asked before an undo: what it voids, leaves, and does to people."""
    batch, when = plan.batch, local_time(plan.batch.started_at)
    asked = text("IMPORT_UNDO_ASK", lang, source=source(batch, lang), date=when,
                 by=batch.by or "—", count=count(plan.to_void, lang),
                 reason=undo_reason(batch, lang)) if plan.to_void else \
        text("IMPORT_UNDO_ASK_PEOPLE", lang, source=source(batch, lang), date=when,
             by=batch.by or "—")
    return "\n\n".join([asked, "\n".join([*left(plan, lang), *kept(plan, lang)])]).strip()


def left(plan: UndoPlan, lang: str) -> list[str]:
    """The doses an undo leaves as they are, by why."""
    return [text(f"IMPORT_UNDO_LEFT_{why.upper()}", lang, count=count(n, lang))
            for why, n in plan.left.items()]


def kept(plan: UndoPlan, lang: str) -> list[str]:
    """What an undo does with the people: those the import created stay, those it
    corrected are put back (or left, corrected again since)."""
    lines = [text("IMPORT_UNDO_PEOPLE", lang, count=count(plan.people, lang))
             ] if plan.people else []
    return lines + _corrections(plan.corrections, plan.corrections_left, plan, lang,
                                "IMPORT_UNDO_TAKE_BACK")


def done(outcome: UndoOutcome, lang: str) -> list[str]:
    """What an undo did, what it left, and what stays: its corrections are said again (a
    supervisor who read them in the question before has them in the outcome's words too)."""
    file = outcome.plan.batch.file_name
    lines = [text("IMPORT_UNDO_DONE", lang, file=file, count=count(outcome.voided, lang))
             if outcome.voided or not outcome.corrections_back else
             text("IMPORT_UNDO_DONE_PEOPLE", lang, file=file), *left(outcome.plan, lang)]
    if outcome.people_without_doses:
        lines.append(text("IMPORT_UNDO_EMPTY_PEOPLE", lang,
                          count=count(outcome.people_without_doses, lang)))
    return lines + _corrections(outcome.corrections_back, outcome.corrections_left,
                                outcome.plan, lang, "IMPORT_UNDO_TAKEN_BACK")


def stopped(file: str, progress: UndoProgress | None, lang: str) -> str:
    """An undo stopped part-way: what it did so far (``progress``: the last it said)."""
    voided, people = (progress.voided, progress.people) if progress else (0, 0)
    return text("IMPORT_UNDO_STOPPED", lang, file=file, count=count(voided, lang)) \
        if voided or not people else \
        text("IMPORT_UNDO_STOPPED_PEOPLE", lang, file=file, count=count(people, lang))


def progress_said(progress: UndoProgress, lang: str) -> str:
    """How far an undo is: the doses, then the people put back."""
    if progress.people_total and progress.voided >= progress.total:
        return text("IMPORT_UNDO_PROGRESS_PEOPLE", lang, done=count(progress.people, lang),
                    total=count(progress.people_total, lang))
    return text("IMPORT_UNDO_PROGRESS", lang, voided=count(progress.voided, lang),
                total=count(progress.total, lang))


def _corrections(back: int, left: dict[str, int], plan: UndoPlan, lang: str, said: str
                 ) -> list[str]:
    """The people put back (``said``: to be, or done), those left as they are by why,
    and those an import corrected before its corrections named it (never put back)."""
    lines = [text(said, lang, count=count(back, lang))] if back else []
    lines += [text(f"IMPORT_UNDO_PEOPLE_LEFT_{why.upper()}", lang, count=count(n, lang))
              for why, n in left.items()]
    if plan.corrections_untold:
        lines.append(text("IMPORT_UNDO_CORRECTIONS", lang,
                          count=count(plan.corrections_untold, lang)))
    return lines
