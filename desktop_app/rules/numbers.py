"""Numbers as each language writes them: Vietnamese groups thousands with a dot and writes
a decimal comma, English the other way round. Side by side in one table, "1.234" (a count)
and "95.3" (a share) would read as the same kind of number in one language or the other.

    >>> count(1234567, "vi"), count(1234567, "en"), share(95.34, "vi"), share(95.34, "en")
    ('1.234.567', '1,234,567', '95,3', '95.3')
    >>> share(1234.5, "vi")
    '1.234,5'
"""

from __future__ import annotations

from collections.abc import Iterable

_SWAPPED = str.maketrans(",.", ".,")


class Count(int):
    """A number a catalogue message shows grouped in the reader's language, given where
    the language is not yet known: ``UserError("IMPORT_TOO_MANY_CELLS", cells=Count(n))``."""


def count(n: int, lang: str) -> str:
    """A whole number, its thousands grouped."""
    shown = f"{n:,}"
    return shown.translate(_SWAPPED) if lang == "vi" else shown


def share(x: float, lang: str, digits: int = 1) -> str:
    """A number with ``digits`` decimals (a percentage, a rate)."""
    shown = f"{x:,.{digits}f}"
    return shown.translate(_SWAPPED) if lang == "vi" else shown


def row_list(rows: Iterable[int], lang: str, shown: int = 10) -> str:
    """Ascending sheet row numbers as runs, the first ``shown`` runs and "…" for the rest:
    a summary line naming the hidden rows a filter left out stays a line.

    >>> row_list([16, 17, 40, 52, 53, 54], "en"), row_list(range(1, 30, 2), "vi", shown=3)
    ('16–17, 40, 52–54', '1, 3, 5, …')
    >>> row_list([1233, 1234], "vi")
    '1.233–1.234'
    """
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        elif len(runs) == shown:
            return ", ".join([*(_run(r, lang) for r in runs), "…"])
        else:
            runs.append([row, row])
    return ", ".join(_run(r, lang) for r in runs)


def _run(run: list[int], lang: str) -> str:
    first, last = run
    return count(first, lang) if first == last else f"{count(first, lang)}–{count(last, lang)}"


def percent(part: int, whole: int, digits: int = 1) -> float:
    """``part`` of ``whole`` (more than 0) in percent, rounded down to ``digits`` decimals:
    a completeness share, where 100.0 must mean nothing is missing. Rounded to the nearest,
    one dose missing of 2,001 (99.95 %) read 100.0. Counted in whole numbers, so no float
    error takes a share down a step (29 of 100 is 29.0, not 28.9).

    >>> percent(2000, 2001), percent(2001, 2001), percent(29, 100), percent(2, 3)
    (99.9, 100.0, 29.0, 66.6)
    """
    scale = 10 ** digits
    return 100 * scale * part // whole / scale
