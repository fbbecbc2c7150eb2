"""Server-rendered web pages of the central platform: the citizens' complaint form and the
provincial dashboard. Plain HTML from Jinja2 templates and one stylesheet, no front-end build
chain; every sentence comes from the message catalogue (``desktop_app.rules.messages``), in
Vietnamese unless the reader chose English."""
