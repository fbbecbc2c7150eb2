"""Sync with the central platform: FHIR mapping, the HTTP client, the outbox state machine."""
