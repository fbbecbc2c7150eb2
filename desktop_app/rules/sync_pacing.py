"""How much of the push to keep on the link: records per batch and batches in flight, from
the rate and the turn-around measured on the server's answers.

A rural link idles whenever no request is uploading: during each batch's turn-around (the
round trip, the server's work, the answer coming down). Enough records must be on the wire
that, when a batch's answer comes back and the next batch is claimed, the batches behind it
are still uploading: with ``w`` batches of ``n`` records in flight at rate ``R`` records/s,
``(w - 1) * n / R`` must outlast the turn-around ``D``. Batches too big cost at the end
instead (the last one's server work and answer are waited for with the link idle), so the
last batches of a push are cut smaller.

Pure: the engine says when each batch went and when its answer came (monotonic seconds);
nothing here reads a clock or a socket.

Measured, per answered batch of ``n`` records, sent at ``s``, answered at ``a``:

- rate: on a busy pipe (each sent before the previous answer came) the answers come one
  batch's carrying time apart; over two answers at a time (bunched answers, a slow server
  turn then a quick one, make single samples lie high). The largest recent one, as in BBR:
  an idle moment makes a sample low, and a low rate would size batches smaller still and
  idle the link more. Before any busy sample, a lone batch's ``n / (a - s)`` (low: it
  includes the turn-around).
- turn-around: the link played back as a queue at that rate, from the push's first batch
  (which went on an empty link), gives when each batch's last record was carried; its
  answer came the turn-around later. The largest recent one is kept, never more than a
  recent batch's whole time less its own carrying. It errs long (the rate, taken at its
  highest, plays the queue back early): too long costs a little at the end of a push, too
  short would idle the link all along.

A link may also drop every request over some size without a word (a provincial office's
proxy, a 3G operator's): the batch waits out a whole read timeout. A ``ceiling`` then caps
the batches: half the batch that went unanswered (``unanswered``), down to
``CEILING_FLOOR``. It holds for the rest of the round and, kept in the settings, for the
next rounds, and grows back by a quarter after each round whose batches carried it with no
silence (``next_ceiling``): a batch too big costs a read timeout, one too small only a
request's overhead, so it grows back slowly.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

# The least the ceiling is halved to: a proxy dropping half a kilobyte (ten records gzipped)
# lets nothing through, and a batch that small unanswered says the platform is silent.
CEILING_FLOOR = 10


@dataclass(frozen=True)
class Answered:
    records: int
    sent_at: float
    answered_at: float


@dataclass
class LinkPacer:
    """Records per batch (``next_size``) and batches in flight (``window``) for a push.

    >>> p = LinkPacer()
    >>> p.next_size(remaining=10_000), p.window  # before any answer: small, several at once
    (200, 4)
    >>> p.next_size(remaining=120)  # the last ones: small, so the final answer comes soon
    60
    """

    size: int = 200  # the first batches: go soon, learn the link from several answers
    window: int = 4
    low: int = 50
    high: int = 2000
    min_window: int = 2
    max_window: int = 4
    max_requests: int = 8  # batches in flight, however small (see ``may_send``)
    # Link time one batch fills at least: its request's own cost (headers, the server's
    # per-request work) stays a small share.
    batch_seconds: float = 0.5
    margin: float = 1.5  # head-room over the measured turn-around
    history: int = 8
    # The most records a batch carries, None while no limit is known (the module's text).
    ceiling: int | None = None
    _answers: deque[Answered] = field(default_factory=deque, repr=False)  # recent
    _all: list[Answered] = field(default_factory=list, repr=False)  # this push
    _lowered_at: float = field(default=-math.inf, repr=False)
    _silent: bool = field(default=False, repr=False)  # a batch went unanswered this round
    _carried: bool = field(default=False, repr=False)  # a batch at the ceiling answered

    @property
    def batch(self) -> int:
        """Records in a full batch: the measured size, no more than the ceiling."""
        return self.size if self.ceiling is None else min(self.size, self.ceiling)

    def next_size(self, remaining: int) -> int:
        """Records for the batch about to be claimed; ``remaining`` are still unclaimed.
        Once the rest would fit in two batches it is halved each time."""
        size = self.batch
        if remaining < 2 * size:
            return max(min(self.low, size), min(size, math.ceil(remaining / 2)))
        return size

    def unanswered(self, records: int, sent_at: float, now: float) -> bool:
        """A batch of ``records``, sent at ``sent_at``, was left unanswered a whole read
        timeout, noticed at ``now``: the ceiling becomes half of it. One sent before the
        ceiling was last lowered (on the wire beside the batch that lowered it) tells
        nothing new. Whether it lowered the ceiling: a silence that counts.

        >>> p = LinkPacer()
        >>> p.unanswered(200, sent_at=0.0, now=120.0), p.ceiling, p.next_size(10_000)
        (True, 100, 100)
        >>> p.unanswered(150, sent_at=0.5, now=120.5), p.ceiling  # went beside it
        (False, 100)
        >>> p.unanswered(100, sent_at=121.0, now=241.0), p.ceiling
        (True, 50)
        """
        self._silent = True
        if sent_at < self._lowered_at:
            return False
        top = records if self.ceiling is None else min(records, self.ceiling)
        self.ceiling = max(CEILING_FLOOR, top // 2)
        self._lowered_at = now
        return True

    def next_ceiling(self) -> int | None:
        """The ceiling the next round starts from: a quarter more after a round whose
        batches carried it with none unanswered; None once it no longer limits (``high``).

        >>> p = LinkPacer(ceiling=80)
        >>> p.answered(80, sent_at=0.0, answered_at=1.0)
        >>> p.next_ceiling()
        100
        """
        if self.ceiling is None or self._silent or not self._carried:
            return self.ceiling
        grown = self.ceiling + max(1, self.ceiling // 4)
        return None if grown >= self.high else grown

    def may_send(self, batches: int, records: int) -> bool:
        """May another batch go, with ``batches`` of ``records`` records (the new one
        included) on the wire? Up to ``window`` batches, or more small ones (the last of a
        push) while the records stay within ``window`` full batches: the last records then
        go up at once instead of waiting behind answers.

        >>> p = LinkPacer(size=300, window=2)
        >>> p.may_send(batches=2, records=600), p.may_send(3, 601), p.may_send(3, 450)
        (True, False, True)
        """
        if batches <= self.window:
            return True
        return batches <= self.max_requests and records <= self.window * self.batch

    def answered(self, records: int, sent_at: float, answered_at: float) -> None:
        if self.ceiling is not None and records >= self.ceiling:
            self._carried = True
        if records < self.batch // 2 and self._answers:
            # A batch cut short (the end of the push): its answer comes sooner for less
            # server work, not for a faster link.
            return
        self._answers.append(Answered(records, sent_at, answered_at))
        self._all.append(self._answers[-1])
        while len(self._answers) > self.history:
            self._answers.popleft()
        if not self._busy_rates():
            return  # one lone answer cannot tell the rate from the turn-around
        rate = self.rate()
        turn = self.turnaround(rate)
        wanted = rate * max(self.batch_seconds, self.margin * turn / (self.max_window - 1))
        self.size = max(self.low, min(self.high, int(wanted), self.size * 2))
        needed = math.ceil(self.margin * turn * rate / self.batch) + 1
        self.window = max(self.min_window, min(self.max_window, needed))

    def rate(self) -> float:
        """Records per second the link and the server carry together."""
        busy = self._busy_rates()
        if busy:
            return max(busy)
        return max(a.records / max(a.answered_at - a.sent_at, 1e-3) for a in self._answers)

    def turnaround(self, rate: float) -> float:
        """Seconds from a batch's last record leaving to its answer being in: the link
        played back as a queue at ``rate`` from the push's first batch, which went on an
        empty link (each batch carried once those sent before it are); the largest recent
        wait after the carrying. A recent batch's own time less its carrying bounds it."""
        free, waits = 0.0, []
        for a in sorted(self._all, key=lambda a: a.sent_at):
            free = max(free, a.sent_at) + a.records / rate
            if a in self._answers:
                waits.append(a.answered_at - free)
        ceiling = min(a.answered_at - a.sent_at - a.records / rate for a in self._answers)
        return max(0.0, min(max(waits), ceiling))

    def _busy_rates(self) -> list[float]:
        """A batch that went before the one ahead was answered followed it on a busy pipe:
        its answer came one carrying time after that one's. Taken two answers at a time, as
        a slow server turn followed by a quick one bunches them."""
        rates = []
        answers = list(self._answers)
        for before, a, b in zip(answers, answers[1:], answers[2:], strict=False):
            if a.sent_at < before.answered_at < a.answered_at and \
                    b.sent_at < a.answered_at < b.answered_at:
                rates.append((a.records + b.records) / (b.answered_at - before.answered_at))
        return rates
