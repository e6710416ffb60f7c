"""What the client changed in the household reaches the caseworker in words, also a person
registered at the address whom the client says does not live there and who so never became a
member (fresh-eye tester, session 5: no page mentioned her)."""

from __future__ import annotations

import datetime as dt

import pytest

from ekb.cases.household import describe_client_changes
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_registered_person_the_client_says_does_not_live_here_is_named_for_the_caseworker(
    org, renewal
):
    alva = f.person(dt.date(2008, 5, 1), first_name="Alva", last_name="Lundqvist")
    application = renewal.application
    application.document = {
        **(application.document or {}),
        "household_changes": [{"member": f"p{alva.pk}", "change": "left"}],
    }
    application.save(update_fields=["document"])

    described = describe_client_changes(application)

    assert [(d["name"], d["text"]) for d in described] == [
        ("Alva Lundqvist", "Folkbokförd på adressen, bor inte här enligt klienten: Alva")
    ]


def test_a_left_row_naming_no_known_person_is_left_out(org, renewal):
    application = renewal.application
    application.document = {"household_changes": [{"member": "p999999", "change": "left"}]}
    application.save(update_fields=["document"])

    assert describe_client_changes(application) == []
