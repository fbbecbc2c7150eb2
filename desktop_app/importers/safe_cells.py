"""Moved to ``desktop_app/rules/safe_cells.py`` (pure, so the central server's dashboard
exports may use it too); kept as a re-export so branches written against the old place still
merge. New code imports from ``desktop_app.rules.safe_cells``."""

from desktop_app.rules.safe_cells import FORMULA_STARTS, csv_cell, looks_like_formula, xlsx_row

__all__ = ["FORMULA_STARTS", "csv_cell", "looks_like_formula", "xlsx_row"]
