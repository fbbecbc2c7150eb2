"""The reference central platform: a small FHIR R4 server that the sites push to.

``create_app(settings)`` in ``central_server.app`` builds it; nothing is created at import.
"""
