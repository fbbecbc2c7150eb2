"""Every code we put in a certificate is one the EU's value sets define (copies of the
published sets, with their licence, in eu_valuesets/): a verifier abroad looks each one up
and shows "unknown" for any other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.rules.catalogue import default_catalogue
from tests.certificates.factory import content

SETS = Path(__file__).parent / "eu_valuesets"


def values(name: str) -> dict[str, dict]:
    return json.loads((SETS / name).read_text(encoding="utf-8"))["valueSetValues"]


PRODUCTS = [p for p in default_catalogue().products.values() if p.eu_dcc]


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p.code)
def test_each_products_codes_are_in_the_eu_value_sets(product):
    codes = product.eu_dcc
    assert codes.mp in values("vaccine-medicinal-product.json"), codes
    assert codes.ma in values("vaccine-mah-manf.json"), codes
    assert codes.vp in values("vaccine-prophylaxis.json"), codes


@pytest.mark.parametrize("doses", [1, 2, 3, 4])
def test_an_issued_payloads_codes_are_all_defined(doses):
    [v] = content(doses=doses).payload["v"]
    assert v["tg"] in values("disease-agent-targeted.json")
    assert v["mp"] in values("vaccine-medicinal-product.json")
    assert v["ma"] in values("vaccine-mah-manf.json")
    assert v["vp"] in values("vaccine-prophylaxis.json")
