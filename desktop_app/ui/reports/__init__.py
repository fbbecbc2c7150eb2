"""The Reports area (Ctrl+8): figures per day, charted and exported."""
