"""Vaccination certificates: EU-DCC payload, signing, QR, PDF rendering, verification."""
