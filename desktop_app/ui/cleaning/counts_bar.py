"""What the worklist holds, counted, and each count a filter: statuses (and the late ones),
the lists, the problems and the communes.

The figures come from the service's counts over the whole worklist, so they stay put while a
filter narrows the table; the commune counts are the exception (they are of what the other
filters left, since a commune only means something within a list).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.cleaning import OPEN, Status, WorkList
from desktop_app.services.cleaning import Case, Worklist, list_label, problem_label, status_label
from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.flow_layout import FlowLayout, row_of
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import ERROR_STYLE

OPEN_CASES = "open"
LATE = "late"


class CountsBar(QWidget):
    changed = Signal()  # the person chose another status, list, problem or commune

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        row = FlowLayout()  # eight counts do not fit one line of a small laptop
        for key in (OPEN_CASES, *Status, LATE):
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("key", str(key))
            self.group.addButton(button)
            self.buttons[str(key)] = button
            row.addWidget(button)
        self.buttons[LATE].setStyleSheet(ERROR_STYLE)
        self.buttons[OPEN_CASES].setChecked(True)

        self.lists = QTabBar()
        self.lists.setExpanding(False)
        self.lists.setDrawBase(False)
        for key in (None, *WorkList):
            self.lists.setTabData(self.lists.addTab(""), key and str(key))

        self.problem = QComboBox()
        self.commune = QComboBox()
        for combo in (self.problem, self.commune):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.problem.addItem(self.tr("Every problem"), None)
        self.commune.addItem(self.tr("Every commune"), None)
        filters = FlowLayout()
        for caption, combo in ((self.tr("&Problem:"), self.problem),
                               (self.tr("C&ommune:"), self.commune)):
            pair = QHBoxLayout()
            pair.addWidget(plain_label(caption, buddy=combo))
            pair.addWidget(combo)
            filters.addWidget(row_of(pair))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.lists)
        layout.addLayout(filters)

        self.group.buttonClicked.connect(lambda _b: self.changed.emit())
        self.lists.currentChanged.connect(lambda _i: self.changed.emit())
        self.problem.activated.connect(lambda _i: self.changed.emit())
        self.commune.activated.connect(lambda _i: self.changed.emit())
        self.show_counts(Worklist([]))

    # -- what is chosen -------------------------------------------------------------------
    @property
    def status(self) -> str | None:
        """A status to show, or None for the open cases (late ones are sent cases)."""
        key = self.group.checkedButton().property("key")
        return None if key == OPEN_CASES else Status.SENT.value if key == LATE else key

    @property
    def late_only(self) -> bool:
        return self.buttons[LATE].isChecked()

    @property
    def work_list(self) -> str | None:
        return self.lists.tabData(self.lists.currentIndex())

    @property
    def chosen_problem(self) -> str | None:
        return self.problem.currentData()

    @property
    def chosen_commune(self) -> str | None:
        return self.commune.currentData()

    def choose(self, *, status: str | None = None, work_list: str | None = None,
               problem: str | None = None) -> None:
        """Set the filters as a click would (tests and keyboard users alike)."""
        self.buttons[status or OPEN_CASES].setChecked(True)
        self.lists.setCurrentIndex(
            next(i for i in range(self.lists.count()) if self.lists.tabData(i) == work_list))
        self.problem.setCurrentIndex(max(self.problem.findData(problem), 0))
        self.changed.emit()

    # -- the figures ----------------------------------------------------------------------
    def show_counts(self, work: Worklist) -> None:
        lang = self.ctx.lang
        open_total = sum(work.by_status.get(s.value, 0) for s in OPEN)
        open_cases, late = self.tr("Open cases"), self.tr("Late")  # lupdate skips f-strings
        self.buttons[OPEN_CASES].setText(f"{open_cases}: {open_total}")
        for status in Status:
            self.buttons[status.value].setText(
                f"{status_label(status, lang)}: {work.by_status.get(status.value, 0)}")
        self.buttons[LATE].setText(f"{late}: {work.late}")
        for i in range(self.lists.count()):
            key = self.lists.tabData(i)
            count = work.by_list.get(key, 0) if key else sum(work.by_list.values())
            label = list_label(key, lang, short=True) if key else self.tr("All")
            self.lists.setTabText(i, f"{label} ({count})")
            self.lists.setTabToolTip(i, list_label(key, lang) if key else self.tr("All lists"))
        self._refill(self.problem, work.by_problem,
                     lambda code: problem_label(code, lang))

    def show_communes(self, cases: Iterable[Case]) -> None:
        counts = Counter(c.commune or "" for c in cases)
        unknown = self.ctx.text("CLEANING_NO_COMMUNE")
        self._refill(self.commune, counts, lambda name: name or unknown)

    def _refill(self, combo: QComboBox, counts: Counter[str], label) -> None:  # type: ignore[no-untyped-def]
        chosen = combo.currentData()
        keys = [k for k, _n in counts.most_common()]
        if chosen is not None and chosen not in counts:
            keys.append(chosen)  # keep what the person chose, even at nought
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for key in keys:
            combo.addItem(f"{label(key)} ({counts.get(key, 0)})", key)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)
