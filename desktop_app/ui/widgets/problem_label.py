"""Problems shown where they are: under the field they concern, red for errors (they block
saving), amber for warnings (they need a confirmation)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.rules.problems import Problem
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import ERROR_FIELD_STYLE, ERROR_STYLE, WARNING_STYLE


def _named(caption: QWidget | None, field: QWidget, label: str) -> None:
    """The caption names its field: for a screen reader (the field's accessible name; Qt
    finds a caption only beside the field, and ours stands beside the field's cell) and for
    the caption's Alt key."""
    if isinstance(caption, QLabel):
        caption.setBuddy(field)
    field.setAccessibleName(label.replace("&", ""))


class ErrorLine(QLabel):
    """A dialog's one red line: hidden until ``say`` puts a sentence in it."""

    def __init__(self, text: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a sentence may quote what was typed
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.say(text)

    def say(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


class ProblemLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # a problem may quote what was typed
        self.setWordWrap(True)
        self.hide()

    def show_problems(self, problems: list[Problem], text_of: Callable[[Problem], str]) -> None:
        if not problems:
            self.clear()
            self.hide()
            return
        is_error = any(p.is_error for p in problems)
        self.setStyleSheet(ERROR_STYLE if is_error else WARNING_STYLE)
        # No symbol glyphs: the fonts on site laptops often lack them (they show as boxes).
        self.setText("\n".join(text_of(p) for p in problems))
        self.show()


class FieldProblems:
    """Routes each problem to the label of its field; unknown fields go to a general label."""

    def __init__(self, general: ProblemLabel) -> None:
        self.general = general
        self.labels: dict[str, ProblemLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, name: str, field: QWidget, label: ProblemLabel) -> None:
        self.labels[name] = label
        self.fields[name] = field

    def add_row(self, form: QFormLayout, name: str, label: str, field: QWidget) -> int:
        """Add ``field`` to ``form`` with its problem label underneath; return the row."""
        cell = self._cell(name, field)
        form.addRow(label, cell)
        _named(form.labelForField(cell), field, label)
        return form.rowCount() - 1

    def add_pair(self, form: QFormLayout, first: tuple[str, str, QWidget],
                 second: tuple[str, str, QWidget]) -> int:
        """Two short fields on one row, each (name, label, field), the second's label
        beside it: a row less of a form a netbook scrolls. Their problems go under the
        pair, the row's whole width each: under its own half field, a warning wrapped into
        a column a word wide at 1024 px and pushed the form down (a reviewer)."""
        (name, label, field), (name2, label2, field2) = first, second
        row = QWidget()
        column = QVBoxLayout(row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(field, 1)
        beside = plain_label(label2)
        _named(beside, field2, label2)
        line.addWidget(beside, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(field2, 1)
        column.addLayout(line)
        for each, its_field in ((name, field), (name2, field2)):
            problem = ProblemLabel()
            column.addWidget(problem)
            self.add(each, its_field, problem)
        form.addRow(label, row)
        _named(form.labelForField(row), field, label)
        # The label beside stands level with its field (the form's own labels are).
        beside.setContentsMargins(0, max(0, (field2.sizeHint().height()
                                            - beside.sizeHint().height()) // 2), 0, 0)
        return form.rowCount() - 1

    def _cell(self, name: str, field: QWidget) -> QWidget:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        problem = ProblemLabel()
        box.addWidget(problem)
        self.add(name, field, problem)
        return cell

    def show(self, problems: Iterable[Problem], text_of: Callable[[Problem], str]) -> None:
        by_field: dict[str, list[Problem]] = {name: [] for name in self.labels}
        general: list[Problem] = []
        for p in problems:
            by_field[p.field].append(p) if p.field in by_field else general.append(p)
        for name, label in self.labels.items():
            label.show_problems(by_field[name], text_of)
            has_error = any(p.is_error for p in by_field[name])
            self.fields[name].setStyleSheet(ERROR_FIELD_STYLE if has_error else "")
        self.general.show_problems(general, text_of)

    def clear(self, name: str) -> None:
        """The field ``name`` was edited: what was said of its old value no longer holds."""
        self.labels[name].show_problems([], str)
        self.fields[name].setStyleSheet("")

    def first_error_field(self, problems: Iterable[Problem]) -> QWidget | None:
        for p in problems:
            if p.is_error and p.field in self.fields:
                return self.fields[p.field]
        return None
