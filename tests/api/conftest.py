from tests.cases.conftest import frozen, karin, stack  # noqa: F401 - shared fixtures
