"""Backfill: reading spreadsheets of historical doses, cleaning values, judging rows, reports."""
