"""The chosen complaint in full: the citizen's own words, what they gave, the record it is
linked to, the deadline, the province's reply if it gave one once the complaint was overdue
(words to the citizen: the complaint is still this site's), and how it was resolved (and
whether central has been told), or that its answer was withdrawn (a merge split again); for
a call taken here and passed on elsewhere, or one handed back as not this site's, that it
was, and its outcome as the citizen reads it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.clock import local_time
from desktop_app.rules.dates import format_date
from desktop_app.services.complaints import ComplaintItem
from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.text_box import text_box


class DetailPane(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.title = plain_label()
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)  # a long kind ("Vaccinated, but the date of birth is …")
        self.words = text_box()
        self.words.setReadOnly(True)
        self.fields = {k: plain_label() for k in ("who", "record", "contact", "dose", "place",
                                                  "due", "resolution")}
        for label in self.fields.values():
            label.setWordWrap(True)
        self.problem = ErrorLine()
        self.elsewhere = plain_label()  # a call passed on: not this site's to answer
        self.elsewhere.setWordWrap(True)
        self.moved = plain_label()  # moved here by the province, and why
        self.moved.setWordWrap(True)
        self.reopened = plain_label()  # its answer withdrawn here: to be answered anew
        self.reopened.setWordWrap(True)
        form = QFormLayout()
        names = (self.tr("Citizen"), self.tr("Record here"), self.tr("Phone"),
                 self.tr("Dose"), self.tr("Place"), self.tr("Due"), self.tr("Resolution"))
        for name, label in zip(names, self.fields.values(), strict=True):
            form.addRow(name, label)
        # The province's words, below the facts: several lines, never squeezed into a row.
        self.reply = plain_label()
        self.reply.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(QLabel(self.tr("In the citizen's words")))
        layout.addWidget(self.words, 1)
        layout.addLayout(form)
        layout.addWidget(self.reply)
        layout.addWidget(self.moved)
        layout.addWidget(self.reopened)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.problem)

    def show_item(self, item: ComplaintItem | None) -> None:
        self.setVisible(item is not None)
        if item is None:
            return
        sub = item.submission
        kind = self.ctx.text(f"COMPLAINT_KIND_{item.kind.upper()}")
        # Its code, or (taken by phone, not coded yet) "Chưa gửi": the heading's first word,
        # capitalised where the list says it mid-line ("Đang xử lý · chưa gửi").
        code = item.code or self.ctx.text("COMPLAINT_NOT_SENT_YET").capitalize()
        self.title.setText(f"{code} · {kind}")
        self.words.setPlainText(sub.text)
        born = format_date(sub.dob) if sub.dob else "—"
        self.fields["who"].setText(f"{sub.full_name} · {born} · {sub.id_number or '—'}")
        self.fields["record"].setText(
            f"{item.person_name} ({item.person_id_number or '—'})" if item.person_name
            else self.tr("No record here yet"))
        self.fields["contact"].setText(sub.phone or "—")
        dose = [self.tr("dose %1").replace("%1", str(sub.dose_number))] if sub.dose_number else []
        if sub.dose_date:
            dose.append(format_date(sub.dose_date))
        self.fields["dose"].setText(", ".join(dose) or "—")
        self.fields["place"].setText(sub.place or "—")
        gone = item.forwarded or (item.handed_back is not None and not item.hand_back_unsent)
        self.fields["due"].setText("—" if gone else local_time(item.due_at))
        back = item.handed_back
        self.elsewhere.setText(self.ctx.text(
            "COMPLAINT_HANDED_BACK_WHY", by=back.by, at=local_time(back.at), reason=back.reason)
            if back is not None else self.ctx.text("COMPLAINT_FORWARDED_WHY"))
        self.elsewhere.setVisible(item.forwarded or back is not None)
        moved = item.moved_here
        self.moved.setVisible(moved is not None and back is None)
        if moved is not None:  # why the province sent it here: the site's to answer now
            self.moved.setText(self.ctx.text(
                "COMPLAINT_MOVED_HERE_WHY", at=local_time(moved.at), reason=moved.reason or "—",
                source=moved.from_site or self.ctx.text("COMPLAINT_FROM_PROVINCE")))
        if item.action:
            label = self.ctx.text(f"COMPLAINT_ACTION_{item.action.upper()}")
            self.fields["resolution"].setText(f"{label}: {item.note or ''}")
        else:
            self.fields["resolution"].setText("—")
        self._show_reply(item)
        self._show_reopened(item)
        # A reopening central refused is said while the complaint is open here: answered
        # anew, that answer's own fate is what counts.
        code = item.send_problem or item.hand_back_problem or \
            (item.reopen_problem if item.is_open() else None)
        problem = self.ctx.text(code) if code else None
        theirs = item.central_resolution
        if problem is not None and theirs is not None:  # what the citizen reads instead
            problem += "\n" + self.ctx.text(
                "COMPLAINT_CENTRAL_RESOLUTION", by=theirs.resolved_by,
                at=local_time(theirs.resolved_at),
                action=self.ctx.text(f"COMPLAINT_ACTION_{theirs.action.upper()}"),
                note=theirs.note or "—")
        self.problem.say(problem)

    def _show_reopened(self, item: ComplaintItem) -> None:
        """Why it is open again, by whom and when, while it is; and that the citizen reads
        the old answer until the sync tells central."""
        said = item.reopening
        self.reopened.setVisible(said is not None and item.is_open())
        if said is None:
            return
        lines = [self.ctx.text("COMPLAINT_REOPENED_WHY", by=said.by or "—",
                               at=local_time(said.at), reason=said.reason)]
        if item.reopen_unsent:
            lines.append(self.ctx.text("COMPLAINT_REOPEN_UNSENT_WHY"))
        self.reopened.setText("\n".join(lines))

    def _show_reply(self, item: ComplaintItem) -> None:
        """What the province told the citizen, by whom and when; shown only when it did."""
        reply = item.province_reply
        self.reply.setVisible(reply is not None)
        if reply is None:
            return
        label = self.tr("Province's reply")
        lines = [f"{label} ({reply.resolved_by}, {local_time(reply.resolved_at)}): {reply.note}"]
        if item.is_open():
            lines.append(self.tr("Still this site's to resolve: the province adds no dose "
                                 "and corrects no record."))
        self.reply.setText("\n".join(lines))
