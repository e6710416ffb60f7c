"""The e-service tests reuse the case-handling personas: Karin Lundqvist and her son Elias in
Anna's caseload, on försörjningsstöd since October, with time frozen on 20 November 2026."""

from __future__ import annotations

import pytest

from tests.personas import log_in


@pytest.fixture
def as_karin(client, karin):
    return log_in(client, karin.applicant)
