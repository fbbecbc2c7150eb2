"""The UI's colours, one for each meaning, so a red or an amber line means the same thing
in every area: what was refused or is late, what asks the clerk's attention, what went
through, and what stands aside (voided, skipped). Each text colour keeps a 4.5:1 contrast
on white (WCAG AA) for a laptop screen in a bright hall."""

from __future__ import annotations

ERROR = "#b00020"  # not saved, refused, late
WARNING = "#8a5300"  # a warning or a note that asks for attention
DONE = "#1b5e20"  # saved, in force, online
MUTED = "#5f6b7a"  # voided, a duplicate, skipped: there, but not counted
INFO = "#1f5fa8"  # a correction made: neither good nor bad news
HIGHLIGHT = "#fff1b8"  # a background: the value that differs between two versions

ERROR_STYLE = f"color: {ERROR};"
ERROR_BOLD_STYLE = f"color: {ERROR}; font-weight: bold;"
WARNING_STYLE = f"color: {WARNING};"
DONE_STYLE = f"color: {DONE};"
MUTED_STYLE = f"color: {MUTED};"
INFO_STYLE = f"color: {INFO};"
ERROR_FIELD_STYLE = f"border: 1px solid {ERROR};"
