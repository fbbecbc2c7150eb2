"""Citizens' complaints on the central platform: their codes, where each goes, and the store
(contract: ``desktop_app/wire/complaints.py``)."""
