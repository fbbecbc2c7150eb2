"""Setting up the site: the first-run dialog, reopened later to edit the site and the day."""

from desktop_app.ui.setup.setup_dialog import SetupDialog

__all__ = ["SetupDialog"]
