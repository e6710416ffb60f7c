"""`ekb demo` at the command line: --if-missing, --reset, refusals and the access-log row."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ekb.audit.models import AccessLogEntry
from ekb.cases.models import Case
from ekb.demo.build import demo_municipality
from ekb.people.models import Person
from tests.demo.conftest import AS_OF

SMALL = {"households": 30, "as_of": AS_OF}


def run(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


def test_the_command_builds_the_demo_and_prints_counts_without_personal_data(db):
    output = run(**SMALL)
    municipality = demo_municipality()
    assert municipality.is_demo
    assert "30 hushåll" in output
    persons = list(Person.objects.filter(memberships__household__municipality=municipality))
    assert len(persons) >= 30  # at least one in each household
    for person in persons:
        assert person.identity_number not in output
        assert person.last_name not in output or person.last_name in ("Berg", "Lind", "Holm")


def test_building_again_without_reset_is_refused_politely(demo):
    with pytest.raises(CommandError, match="finns redan.*--reset"):
        run(**SMALL)


def test_if_missing_does_nothing_quietly_when_the_demo_exists(demo):
    cases = Case.objects.count()
    log = AccessLogEntry.objects.count()
    assert run(if_missing=True, **SMALL) == ""
    assert (Case.objects.count(), AccessLogEntry.objects.count()) == (cases, log)


def test_if_missing_builds_the_demo_when_there_is_none(db):
    run(if_missing=True, **SMALL)
    assert demo_municipality() is not None


def test_reset_rebuilds_the_demo_keeps_the_access_log_and_never_reuses_ids(demo):
    old_log = set(AccessLogEntry.objects.values_list("pk", flat=True))
    old_highest_case = Case.objects.order_by("-pk").first().pk
    run(reset=True, **SMALL)
    assert old_log < set(AccessLogEntry.objects.values_list("pk", flat=True))
    new_cases = Case.objects.filter(municipality=demo_municipality())
    assert new_cases.exists() and min(new_cases.values_list("pk", flat=True)) > old_highest_case


def test_one_access_log_row_records_each_build(db):
    run(**SMALL)
    entries = AccessLogEntry.objects.filter(action="build_demo")
    assert entries.count() == 1
    assert entries.get().detail == {
        "households": 30,
        "seed": 20260101,
        "as_of": "2026-09-15",
        "reset": False,
    }


def test_reset_and_if_missing_together_are_refused(db):
    with pytest.raises(CommandError, match="antingen"):
        run(reset=True, if_missing=True, **SMALL)


def test_a_date_without_norm_parameters_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="normparametrar"):
        run(households=20, as_of=AS_OF.replace(year=2025))
    assert demo_municipality() is None
