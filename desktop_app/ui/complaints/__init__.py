"""The Complaints area (Ctrl+7): citizens\x27 complaints with their 48-hour countdown."""
