"""The provincial dashboard's data: aggregates kept as data arrives (``tally``,
``site_reports``), staff logins (``staff``), the area a reader may see (``scope``) and the
figures the pages show (``figures``). The pages are ``central_server/web/dashboard_pages.py``."""
