"""What crosses the wire between a site and the central platform, in one place both sides
import: FHIR R4 resources (``fhir``), the signing trust list's format (``trust_list``) and
a signing key's fingerprint (``key_fingerprint``).

Pure: no database, no HTTP, no Qt. The central server shares only this package and
``desktop_app.rules`` with the desktop app (``tests/test_architecture.py`` keeps it so).
"""
