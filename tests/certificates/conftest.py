from tests.certificates.signed import signed  # noqa: F401 - the fixture
