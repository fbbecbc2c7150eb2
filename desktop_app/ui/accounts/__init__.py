"""Settings → Accounts and Settings → Change my password (services/accounts_admin.py)."""
