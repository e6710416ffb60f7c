from tests.cases.conftest import frozen, karin, renewal, stack  # noqa: F401 - shared fixtures
