"""Settings → Accounts: who may log in to this laptop's VaxDesk. A supervisor adds accounts,
disables and enables them, changes their role and sets a temporary password for someone
who forgot theirs. The services decide (accounts_admin.py: the last supervisor, oneself);
a refusal reaches the app's one error dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time
from desktop_app.services import accounts, accounts_admin
from desktop_app.ui.accounts.account_forms import NewAccountForm, ResetPasswordForm, RoleForm
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm, show_notice
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.row_table import fit_columns, item_table
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class AccountsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.accounts: list[accounts.Account] = []
        self.setWindowTitle(self.tr("Accounts"))
        self.table = item_table((self.tr("User name"), self.tr("Full name"), self.tr("Role"),
                                 self.tr("State"), self.tr("Last login")))
        self.table.itemSelectionChanged.connect(self._chosen)
        self.add_button = QPushButton(self.tr("Add…"), clicked=self.add)
        self.active_button = QPushButton(self.tr("Disable…"), clicked=self.toggle_active)
        self.role_button = QPushButton(self.tr("Change role…"), clicked=self.change_role)
        self.reset_button = QPushButton(self.tr("Reset password…"), clicked=self.reset_password)
        row = QHBoxLayout()
        for button in (self.add_button, self.active_button, self.role_button,
                       self.reset_button):
            row.addWidget(button)
        row.addStretch()
        close = QDialogButtonBox()
        close.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(close)
        # A netbook at 150 % scaling has 683×400 for it: less what the screen lacks.
        resize_within_screen(self, 760, 420)
        self._chosen()
        self.refresh()

    def refresh(self) -> None:
        Op.read(self.ctx, self, accounts.list_accounts).done(self._show).run()

    def _show(self, listed: list[accounts.Account]) -> None:
        chosen = self.chosen()
        self.accounts = listed
        self.table.setRowCount(len(listed))
        for r, a in enumerate(listed):
            for c, value in enumerate(self._cells(a)):
                self.table.setItem(r, c, QTableWidgetItem(value))
            if chosen is not None and a.id == chosen.id:
                self.table.selectRow(r)
        fit_columns(self.table)
        self._chosen()

    def _cells(self, a: accounts.Account) -> tuple[str, ...]:
        state = self.ctx.text("ACCOUNT_STATE_ACTIVE" if a.active else "ACCOUNT_STATE_DISABLED")
        if a.must_change_password:
            state += ", " + self.ctx.text("ACCOUNT_STATE_TEMPORARY")
        full_name = a.full_name if a.full_name != a.username else ""
        return (a.username, full_name, self.ctx.text(f"ROLE_{a.role.name}"), state,
                local_time(a.last_login) if a.last_login else "—")

    def chosen(self) -> accounts.Account | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows and rows[0].row() < len(self.accounts) \
            else None

    def _chosen(self) -> None:
        account = self.chosen()
        for button in (self.active_button, self.role_button, self.reset_button):
            button.setEnabled(account is not None)
        self.active_button.setText(self.tr("Enable") if account is not None and
                                   not account.active else self.tr("Disable…"))

    def add(self) -> None:
        form = NewAccountForm(self.ctx, self)
        if form.exec() != QDialog.DialogCode.Accepted:
            return
        self.refresh()
        if warned := accounts.namesakes_warning(form.outcome, self.ctx.lang):
            show_notice(self, self.tr("Add an account"), warned)

    def toggle_active(self) -> None:
        account = self.chosen()
        if account is None or self._oneself(account, "SELF_DISABLE",
                                            self.tr("Disable the account")):
            return
        if account.active and not confirm(
                self, self.tr("Disable the account"),
                self.ctx.text("ACCOUNT_CONFIRM_DISABLE", username=account.username,
                              name=account.full_name),
                self.tr("Disable"), self.tr("Cancel")):
            return
        Op.write(self.ctx, self, lambda db: accounts_admin.set_active(
            db, account.username, not account.active, actor=self.ctx.actor)) \
            .done(lambda _: self.refresh()).run()

    def change_role(self) -> None:
        account = self.chosen()
        if account is not None and not self._oneself(account, "SELF_ROLE", self.tr("Role")) \
                and RoleForm(self.ctx, account, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _oneself(self, account: accounts.Account, code: str, title: str) -> bool:
        """The supervisor's own account, which they may not disable or demote: said at
        once (before, the disabling was asked, confirmed, and only then refused)."""
        refused = accounts_admin.oneself_refused(account.id, self.ctx.actor, code)
        if refused is None or not account.active:
            return False
        show_notice(self, title, refused.message(self.ctx.lang))
        return True

    def reset_password(self) -> None:
        account = self.chosen()
        if account is not None and ResetPasswordForm(self.ctx, account, self).exec() == \
                QDialog.DialogCode.Accepted:
            self.refresh()


def open_accounts(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Settings → Accounts."""
    AccountsDialog(ctx, parent).exec()
