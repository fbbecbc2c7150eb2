"""A deadline's countdown in words: how long is left, or how late it is ("Còn 59 phút",
"Quá hạn 2 ngày 5 giờ"). The desk's complaints list says it as the province's dashboard
does, in the dashboard's catalogue words (``DASH_DUE_IN``, ``DASH_SPAN_*``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.rules.messages import text


def time_left(due: datetime, now: datetime, lang: str) -> str:
    """Left until ``due``, or overdue once ``now`` is past it (``wire.is_overdue``).

    >>> now = datetime(2026, 12, 1, 12, 0)
    >>> [time_left(now + d, now, "vi") for d in (timedelta(minutes=59, seconds=59),
    ...  timedelta(hours=2, minutes=5), timedelta(minutes=-40), timedelta(hours=-53))]
    ['Còn 59 phút', 'Còn 2 giờ', 'Quá hạn 40 phút', 'Quá hạn 2 ngày 5 giờ']
    >>> time_left(now + timedelta(hours=1), now, "en"), time_left(now, now, "en")
    ('1 hour left', '1 minute left')
    """
    left = due - now
    if left < timedelta(0):
        return text("DASH_OVERDUE_BY", lang, span=span(-left, lang))
    return text("DASH_DUE_IN", lang, span=span(left, lang))


def span(length: timedelta, lang: str) -> str:
    """Whole minutes below an hour, whole hours below two days, else days and hours: a
    clerk's sense of it, never "1 day 23 hours 59 minutes". Never "0 minutes" either: in
    the last seconds before a deadline "còn 0 phút" reads as already late.

    >>> [span(timedelta(seconds=s), "vi") for s in (0, 59, 3599, 3600, 172_799, 190_800)]
    ['1 phút', '1 phút', '59 phút', '1 giờ', '47 giờ', '2 ngày 5 giờ']
    """
    minutes = max(1, int(length.total_seconds() // 60))
    if minutes < 60:
        return text("DASH_SPAN_MINUTES", lang, n=minutes)
    hours = minutes // 60
    if hours < 48:
        return text("DASH_SPAN_HOURS", lang, n=hours)
    return text("DASH_SPAN_DAYS", lang, days=hours // 24, hours=hours % 24)
