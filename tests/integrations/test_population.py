"""The population register interface: a deterministic fake with demo families, only the person
for an unknown number, "off" in production, and an override for tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from ekb.integrations.population import (
    FakePopulationClient,
    OffPopulationClient,
    get_population_client,
    override_population_client,
)

DAY = dt.date(2026, 11, 20)


def test_the_fake_proposes_the_berg_family_at_their_address_each_with_its_source():
    answer = FakePopulationClient().persons_at_address("198804129818", on=DAY)
    assert [(p.first_name, p.relation) for p in answer.persons] == [
        ("Sara", "self"),
        ("Johan", "partner"),
        ("Alva", "child"),
        ("Leo", "child"),
        ("Nora", "child"),
    ]
    assert answer.source == "Folkbokföringen (Skatteverket), hämtad 2026-11-20"
    # The same question always gets the same answer.
    assert FakePopulationClient().persons_at_address("198804129818", on=DAY) == answer


def test_asked_about_the_partner_the_applicant_is_the_partner():
    answer = FakePopulationClient().persons_at_address("198609039824", on=DAY)
    assert [(p.first_name, p.relation) for p in answer.persons][:2] == [
        ("Johan", "self"),
        ("Sara", "partner"),
    ]


def test_an_unknown_number_is_just_that_person():
    answer = FakePopulationClient().persons_at_address("198504029813", on=DAY)
    assert [(p.identity_number, p.birth_date) for p in answer.persons] == [
        ("198504029813", dt.date(1985, 4, 2))
    ]


def test_a_child_born_after_the_day_asked_about_is_not_proposed_yet():
    answer = FakePopulationClient().persons_at_address("199501309869", on=dt.date(2026, 9, 1))
    assert "Yusuf" not in [p.first_name for p in answer.persons]


def test_off_answers_only_the_person_and_says_it_could_not_be_checked():
    answer = OffPopulationClient().persons_at_address("198804129818", on=DAY)
    assert len(answer.persons) == 1 and not answer.available
    assert answer.source == "Folkbokföringen kunde inte kontrolleras"


def test_the_backend_is_chosen_by_settings_and_the_fake_is_refused_in_production(settings):
    settings.EKB_POPULATION_BACKEND = "off"
    assert get_population_client().backend == "off"
    settings.EKB_POPULATION_BACKEND = "fake"
    assert get_population_client().backend == "fake"
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        get_population_client()
    settings.PRODUCTION = False
    settings.EKB_POPULATION_BACKEND = "navet"
    with pytest.raises(ImproperlyConfigured):
        get_population_client()


def test_an_override_wins_inside_its_block(settings):
    settings.EKB_POPULATION_BACKEND = "off"
    scripted = FakePopulationClient(addresses=[])
    with override_population_client(scripted):
        assert get_population_client() is scripted
    assert get_population_client().backend == "off"
