"""The desk following what changes around it: a new day (yesterday's lot never carried
into today), the day's defaults set in the Today panel, a login after the lock, and the
open person's record changed elsewhere (merged, corrected, a dose voided, synced). A part
of RecordScreen (desk/record_screen.py), which holds the widgets and the state."""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.clock import local_today
from desktop_app.services.day_defaults import DayDefaults, defaults_for_today
from desktop_app.services.desk import DeskPerson, load_kept_desk_person
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.tones import WARNING_STYLE


class DeskFollowing:
    """Mixed into RecordScreen: the day, the defaults and the open record, kept current."""

    # -- the day's defaults ---------------------------------------------------------------
    def _load_defaults(self, then: Callable[[], None] | None = None) -> None:
        def loaded(defaults: DayDefaults) -> None:
            self._set_defaults(defaults)
            if then is not None:
                then()
        Op.read(self.ctx, self, defaults_for_today).done(loaded).run()

    def _set_defaults(self, defaults: DayDefaults) -> None:
        """Only the today panel sets these: a dose of another vaccine for one person (a
        child among adults) leaves the day's vaccine and lot as they are. The form open
        takes them where it still holds the previous ones (a new box's lot, a new day)."""
        self.defaults = defaults
        # Defaults not set for today carry no lot: yesterday's is never taken from them.
        self._defaults_day = defaults.day or local_today()
        self.today.show_defaults(defaults)
        if not self.entry.isHidden():
            self.dose_form.follow_defaults(defaults)

    def _day_changed(self) -> bool:
        """The local date moved on since the day's defaults were read (open overnight)."""
        return self._defaults_day != local_today()

    def _check_day(self) -> None:
        """At a pick, a new person, a login after the lock, and every minute: on a new day
        today's defaults are read again, so yesterday's lot goes from the panel and form."""
        if self._defaults_day is not None and self._day_changed():
            self._load_defaults()

    def _new_day_before_save(self) -> None:
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(self.tr(
            "A new day has begun: today's vaccine, lot and vaccinator were read again. "
            "Check the dose (and set today's lot above if asked), then save again."))
        if not self.entry.isHidden():
            self.dose_form.first_empty_field().setFocus()

    def _on_data_changed(self, what: str) -> None:
        if what == "defaults":
            self._load_defaults()
        elif what == "actor":  # a login after the lock: perhaps the next morning
            self._apply_role()
            self._check_day()
        elif what in ("people", "doses", "complaints", "cleaning", "sync"):
            self._reload_person()

    def _reload_person(self) -> None:
        """The open person's record may have changed elsewhere (merged in the Complaints
        or Cleaning area or by the sync, corrected, a dose voided): the card and the checks
        follow it, and a record folded away is replaced by the one it was folded into."""
        if self.person is None or self.entry.isHidden() or self._saving is not None:
            return
        person_id = self.person.id
        Op.read(self.ctx, self, lambda db: load_kept_desk_person(db, person_id)) \
            .done(lambda person: self._person_reloaded(person_id, person)).run()

    def _person_reloaded(self, person_id: str, person: DeskPerson | None) -> None:
        if self.person is None or self.person.id != person_id or self.entry.isHidden() \
                or self._saving is not None or person == self.person:
            return  # the form moved on meanwhile, or nothing changed
        if person is None:
            name = self.person.full_name
            self._clear_for_next()
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(self.tr(
                "{name}'s record is no longer on this laptop: nothing was saved for them. "
                "Search for the person again.").format(name=name))
            return
        self.person = person
        self.person_card.setText(self._card_html(person))
        self.dose_form.set_history(person.history, person.dob, person.next_dose_number)
        if person.id != person_id:
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(self.tr(
                "The record open here was merged into the record of {name}: the desk now "
                "shows that record, with all its doses. Nothing was saved yet: check the "
                "dose, then save.").format(name=person.full_name))
