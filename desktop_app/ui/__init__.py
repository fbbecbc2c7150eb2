"""The Qt shell: windows and widgets that present the services. No SQL, no rules here."""
