"""Backfill from spreadsheets: reading, value cleaning, row outcomes, reports."""
