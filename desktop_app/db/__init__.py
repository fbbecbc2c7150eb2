"""The local site database: typed models, the engine, migrations and the one write API."""
