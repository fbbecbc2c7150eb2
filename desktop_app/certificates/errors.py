"""The one error the certificate code raises: a catalogue code a person can act on."""

from __future__ import annotations

from desktop_app.rules.messages import UserError


class CertificateError(UserError):
    """A certificate cannot be made, or a key cannot be used; ``message(lang)`` says why."""
