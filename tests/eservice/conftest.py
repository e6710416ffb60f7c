"""The e-service tests reuse the case-handling personas: Karin Lundqvist and her son Elias in
Anna's caseload, on försörjningsstöd since October, with time frozen on 20 November 2026."""

from __future__ import annotations

import pytest

from ekb.eservice.session import SESSION_KEY


def log_in(client, person):
    """What the e-ID login leaves behind: the person in the session."""
    session = client.session
    session[SESSION_KEY] = person.pk
    session.save()
    return client


@pytest.fixture
def as_karin(client, karin):
    return log_in(client, karin.applicant)
