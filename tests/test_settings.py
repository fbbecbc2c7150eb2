"""Settings are declared once (desktop_app/settings.py) and read back as written."""

from desktop_app import settings


def test_every_declared_setting_has_its_own_key():
    keys = [s.key for s in settings.declared()]
    assert len(keys) == len(set(keys))
    assert all(s.store in ("database", "preferences") for s in settings.declared())


def test_site_settings_round_trip_in_the_database(db):
    with db.reading() as s:
        assert settings.read(s, settings.SERVER_URL) is None  # the declared default
        assert settings.read(s, settings.pull_cursor("Patient")) == settings.PULL_CURSOR_DEFAULT
    with db.transaction() as s:
        settings.write(s, settings.SERVER_URL, "https://host/fhir")
        settings.write(s, settings.CLOCK_OFFSET, -1.5)
    with db.reading() as s:
        assert settings.read(s, settings.SERVER_URL) == "https://host/fhir"
        assert settings.read(s, settings.CLOCK_OFFSET) == -1.5


def test_the_language_preference_survives_a_restart_and_a_damaged_file(tmp_path, monkeypatch):
    monkeypatch.setenv("VAXDESK_DATA_DIR", str(tmp_path))
    assert settings.read_preference(settings.LANGUAGE) == "vi"
    settings.write_preference(settings.LANGUAGE, "en")
    assert settings.read_preference(settings.LANGUAGE) == "en"
    (tmp_path / settings.PREFERENCES_FILE).write_text('{"language": "fr"}')
    assert settings.read_preference(settings.LANGUAGE) == "vi"
    (tmp_path / settings.PREFERENCES_FILE).write_text("[1, 2")
    assert settings.read_preference(settings.LANGUAGE) == "vi"
    settings.write_preference(settings.LANGUAGE, "en")  # a damaged file is replaced whole
    assert settings.read_preference(settings.LANGUAGE) == "en"
