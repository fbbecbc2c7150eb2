"""The names 2021 ledgers give vaccines, as the one matcher (``Catalogue.find``) reads them
for the importer and the vaccine fields alike."""

import pytest

from desktop_app.rules.catalogue import default_catalogue


@pytest.mark.parametrize(("written", "code"), [
    ("AZ", "VAXZEVRIA"), ("Astra", "VAXZEVRIA"), ("AstraZeneca", "VAXZEVRIA"),
    ("Pfizer", "COMIRNATY"), ("Sinopharm", "VEROCELL"), ("Vero", "VEROCELL"),
    ("vero", "VEROCELL"), ("Moderna", "SPIKEVAX"), ("Vắc xin Vero", "VEROCELL"),
])
def test_a_ledgers_name_for_a_vaccine_finds_it(written, code):
    assert default_catalogue().find(written).code == code


@pytest.mark.parametrize("written", ["A", "Ver", "Sputnak", "Pfizer (Moderna)"])
def test_a_name_of_no_vaccine_or_of_two_finds_none(written):
    assert default_catalogue().find(written) is None
