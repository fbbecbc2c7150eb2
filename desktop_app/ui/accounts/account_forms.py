"""The small forms the accounts dialog opens: a new account, a temporary password, a role;
and the logged-in person's own password change. Each only asks; the service checks, and a
refusal is said on the form, which stays open to correct it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.messages import UserError
from desktop_app.rules.passphrase import same_secret
from desktop_app.services import accounts, accounts_admin
from desktop_app.services.actor import Role
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import buttons_last, describe_error, show_notice
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine


def _password_field() -> QLineEdit:
    return QLineEdit(echoMode=QLineEdit.EchoMode.Password)


class AccountForm(QDialog):
    """A form whose OK runs one write; accepted once it is done."""

    def __init__(self, ctx: AppContext, title: str, intro: str, ok: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.outcome: Any = None  # what the write returned, once accepted
        self.setWindowTitle(title)
        self.intro = plain_label(intro, wordWrap=True)
        self.form = QFormLayout()
        self.error = ErrorLine()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self._buttons: QDialogButtonBox | None = buttons  # last in the Tab order, once shown
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The subclass added its fields after these buttons were made.
        if self._buttons is not None:
            buttons_last(self, self._buttons)
            self._buttons = None
        super().showEvent(event)

    def work(self) -> Callable[[Any], Any]:
        raise NotImplementedError

    def submit(self) -> None:
        try:
            work = self.work()
        except UserError as exc:  # two passwords that differ: nothing to run
            self._refused(exc)
            return
        self.ok_button.setEnabled(False)
        Op.write(self.ctx, self, work).done(self._done).failed(self._refused).run()

    def _done(self, outcome: Any) -> None:
        self.outcome = outcome
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.say(describe_error(exc, self.ctx.lang))

    def _twice(self, first: QLineEdit, again: QLineEdit) -> str:
        if not same_secret(first.text(), again.text()):
            raise UserError("PASSWORD_DIFFERS")
        return first.text()


class NewAccountForm(AccountForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add an account"), self.tr(
            "The person logs in with this user name and password; tell them the password."),
            self.tr("Add"), parent)
        self.username, self.full_name = QLineEdit(), QLineEdit()
        self.role = role_box(ctx, Role.CLERK)
        self.password, self.again = _password_field(), _password_field()
        for label, field in ((self.tr("User name"), self.username),
                             (self.tr("Full name"), self.full_name), (self.tr("Role"), self.role),
                             (self.tr("Password"), self.password), (self.tr("Again"), self.again)):
            self.form.addRow(label, field)

    def work(self) -> Callable[[Any], Any]:
        password = self._twice(self.password, self.again)
        username, full_name, role = self.username.text(), self.full_name.text(), \
            self.role.currentData()
        return lambda db: accounts.add_user(db, username, full_name, role, password,
                                            actor=self.ctx.actor)


class ResetPasswordForm(AccountForm):
    def __init__(self, ctx: AppContext, account: accounts.Account,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Reset the password"), ctx.text(
            "ACCOUNT_RESET_INTRO", username=account.username, name=account.full_name),
            self.tr("Set the temporary password"), parent)
        self.account = account
        self.password, self.again = _password_field(), _password_field()
        self.form.addRow(self.tr("Temporary password"), self.password)
        self.form.addRow(self.tr("Again"), self.again)

    def work(self) -> Callable[[Any], Any]:
        temporary = self._twice(self.password, self.again)
        return lambda db: accounts_admin.reset_password(db, self.account.username, temporary,
                                                        actor=self.ctx.actor)


class RoleForm(AccountForm):
    def __init__(self, ctx: AppContext, account: accounts.Account,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Change the role"), ctx.text(
            "ACCOUNT_ROLE_INTRO", username=account.username, name=account.full_name),
            self.tr("Change the role"), parent)
        self.account = account
        self.role = role_box(ctx, account.role)
        self.form.addRow(self.tr("Role"), self.role)

    def work(self) -> Callable[[Any], Any]:
        role = self.role.currentData()
        return lambda db: accounts_admin.set_role(db, self.account.username, role,
                                                  actor=self.ctx.actor)


class OwnPasswordForm(AccountForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Change my password"), self.tr(
            "Your VaxDesk login's password: the current one, then the new one twice."),
            self.tr("Change the password"), parent)
        self.current, self.new, self.again = (_password_field() for _ in range(3))
        self.form.addRow(self.tr("Current password"), self.current)
        self.form.addRow(self.tr("New password"), self.new)
        self.form.addRow(self.tr("Again"), self.again)

    def work(self) -> Callable[[Any], Any]:
        new, current = self._twice(self.new, self.again), self.current.text()
        return lambda db: accounts_admin.change_own_password(db, current, new,
                                                             actor=self.ctx.actor)

    def changed(self) -> str:
        return self.tr("Your password was changed: log in with the new one from now on.")


def role_box(ctx: AppContext, chosen: Role) -> QComboBox:
    """The roles in words, each holding its value."""
    box = QComboBox()
    for role in Role:
        box.addItem(ctx.text(f"ROLE_{role.name}"), role.value)
    box.setCurrentIndex(list(Role).index(chosen))
    return box


def open_change_password(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Settings → Change my password; True once changed, and said so (the form closed
    without a word, and the supervisor did not know whether it had worked)."""
    form = OwnPasswordForm(ctx, parent)
    if form.exec() != QDialog.DialogCode.Accepted:
        return False
    show_notice(parent, form.windowTitle(), form.changed())
    return True
