"""From 1 November the administrator is told that next year's norm amounts are not loaded yet,
until they are. Nobody else is, and nobody before November."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from ekb.norm.store import DEFAULT_DIR
from tests.factories import PASSWORD

NOTICE = "Normbeloppen för 2027 är inte inlästa ännu."
FULL_NOTICE = (
    "Normbeloppen för 2027 är inte inlästa ännu. Ansökningar för januari 2027 tas emot, men "
    "beräkningarna väntar tills beloppen läses in med ekb norm parameters add."
)


def on(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, 10, tzinfo=dt.UTC), tick=False)


def start_page(client, username: str) -> str:
    assert client.login(username=username, password=PASSWORD)
    response = client.get("/handlaggare/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def layer_dir(settings, tmp_path):
    settings.EKB_NORM_PARAMETERS_DIR = str(tmp_path / "norm-parameters")
    return tmp_path / "norm-parameters"


def test_the_administrator_sees_the_notice_from_the_first_of_november(
    client, org, layer_dir, time_machine
):
    on(time_machine, dt.date(2026, 11, 1))
    page = start_page(client, "gustav")
    assert FULL_NOTICE in page
    assert 'role="status"' in page


def test_the_notice_is_not_shown_on_the_last_of_october(client, org, layer_dir, time_machine):
    on(time_machine, dt.date(2026, 10, 31))
    assert NOTICE not in start_page(client, "gustav")


def test_the_notice_is_not_shown_to_a_caseworker(client, org, layer_dir, time_machine):
    on(time_machine, dt.date(2026, 12, 1))
    assert NOTICE not in start_page(client, "anna")


def test_the_notice_goes_away_once_the_amounts_are_loaded(
    client, org, layer_dir, time_machine, monkeypatch
):
    on(time_machine, dt.date(2026, 12, 1))
    assert NOTICE in start_page(client, "gustav")
    monkeypatch.setattr("ekb.flow.journey.resume_waiting_calculations", lambda: 0)
    example = DEFAULT_DIR / "examples" / "riksnorm-table.example.yaml"
    call_command("norm_parameters", "add", str(example), "--write", stdout=io.StringIO())
    assert NOTICE not in client.get("/handlaggare/").content.decode()


def test_the_notice_speaks_english_when_chosen(client, org, layer_dir, time_machine):
    on(time_machine, dt.date(2026, 11, 15))
    assert client.login(username="gustav", password=PASSWORD)
    client.post("/i18n/setlang/", {"language": "en", "next": "/handlaggare/"})
    page = client.get("/handlaggare/").content.decode()
    assert "The norm amounts for 2027 have not been loaded yet." in page
