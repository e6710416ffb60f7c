"""The household as the client and the co-applicant read it before sending: a child's days in
the home and the days someone moves in or out, in plain Swedish (tester finding 5, issue 9)."""

from __future__ import annotations

from tests.eservice.household_fixtures import (
    JOHAN,
    LEO,
    NORA,
    berg_fixture,  # noqa: F401 - the fixture
    family_answers,
    person,
)
from tests.personas import NOVEMBER, draft_url, log_in, start_draft


def test_sara_and_johan_read_leos_days_and_the_moving_days_before_they_confirm(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    nora = f"m-p{person(NORA).pk}-"
    answers = family_answers(**{nora + "role": "gone", nora + "moved_out": "2026-11-10"})
    assert client.post(draft_url(draft, "hushall/"), answers).status_code == 302
    draft.refresh_from_db()
    johan = f"p{person(JOHAN).pk}"
    draft.answers["household"] = [
        {**m, "moved_in": "2026-11-25"} if m["id"] == johan else m
        for m in draft.answers["household"]
    ]
    draft.save(update_fields=["answers"])

    page = client.get(draft_url(draft, "kontrollera/")).content.decode()
    assert "bor hos dig 15 dagar i månaden" in page  # Leo, half the month
    assert "flyttar in 25 november" in page  # Johan
    assert "Nora" in page and "flyttade ut 10 november" in page

    # Johan reads the same on his confirmation page.
    draft.co_applicant = person(JOHAN)
    draft.save(update_fields=["co_applicant"])
    log_in(client, person(JOHAN))
    confirm = client.get(draft_url(draft, "bekrafta/")).content.decode()
    assert "bor hos dig 15 dagar i månaden" in confirm
    assert "flyttar in 25 november" in confirm
    assert "flyttade ut 10 november" in confirm
    assert person(LEO).first_name in confirm


def test_sara_is_not_ended_in_the_household_history_when_she_sends_her_application(client, berg):
    from ekb.people.models import HouseholdChange, HouseholdMember

    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    assert client.post(draft_url(draft, "hushall/"), family_answers()).status_code == 302
    for step, data in (
        # Nora, another adult in the home: Sara answers that she pays nothing towards the rent.
        ("boende/", {"rent": "9800", "electricity": "600", "rent_contribution-answer": "no"}),
        ("inkomster/", {"income-count": "0"}),
        ("kostnader/", {}),
        ("behov/", {}),
        ("situation/", {"reason": "Jag har blivit arbetslös.", "assets": ""}),
    ):
        assert client.post(draft_url(draft, step), data).status_code == 302, step
    client.post(draft_url(draft, "kontrollera/"))
    log_in(client, person(JOHAN))
    assert client.post(draft_url(draft, "bekrafta/")).status_code == 302
    sara_changes = HouseholdChange.objects.filter(member__person=berg.sara)
    assert not sara_changes.filter(kind="ended").exists()
    rows = HouseholdMember.objects.filter(person=berg.sara)
    assert [(r.valid_from.isoformat(), r.valid_to) for r in rows] == [("2024-01-01", None)]


def test_johan_moving_out_on_the_tenth_keeps_his_date_and_is_counted_until_then(client, berg):
    # Sara says Johan is her sambo who moves out on 10 November: the date must not be dropped
    # because he is still "Medsökande" (he lives here ten days of the month).
    from ekb.eservice.estimate import household_month

    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    johan = f"m-p{person(JOHAN).pk}-"
    answers = family_answers(**{johan + "moved_out": "2026-11-10"})
    assert client.post(draft_url(draft, "hushall/"), answers).status_code == 302
    draft.refresh_from_db()
    entry = next(m for m in draft.answers["household"] if m["id"] == f"p{person(JOHAN).pk}")
    assert entry["moved_out"] == "2026-11-10"
    document, _ = household_month(draft)
    counted = next(m for m in document["members"] if m["id"] == entry["id"])
    assert counted["in_household_to"] == "2026-11-10"


def test_a_move_out_date_after_the_month_is_refused_naming_the_field(client, berg):
    log_in(client, berg.sara)
    draft = start_draft(client, NOVEMBER)
    johan, nora = (f"m-p{person(n).pk}-" for n in (JOHAN, NORA))
    answers = family_answers(
        **{
            johan + "moved_out": "2026-12-05",
            nora + "role": "gone",
            nora + "moved_out": "2027-01-01",
        }
    )
    response = client.post(draft_url(draft, "hushall/"), answers)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'href="#{johan}moved_out"' in page and f'href="#{nora}moved_out"' in page
    assert "Datumet ligger efter den månad du söker för." in page
    # A member still in the household moved out in the month, not before it.
    answers = family_answers(**{johan + "moved_out": "2026-10-05"})
    page = client.post(draft_url(draft, "hushall/"), answers).content.decode()
    assert "Välj ”Bor inte här” i stället." in page
    # One who does not live here may have moved out earlier: kept for the caseworker.
    answers = family_answers(
        **{johan + "moved_out": "", nora + "role": "gone", nora + "moved_out": "2026-09-30"}
    )
    assert client.post(draft_url(draft, "hushall/"), answers).status_code == 302
