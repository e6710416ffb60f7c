"""The register interface and its fake: deterministic, degrading per source, scriptable, and
silent about the persons it is asked about."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

from ekb.integrations.registers import (
    UNAVAILABLE_TEXT,
    FakeRegisterClient,
    OffRegisterClient,
    RegisterRequestError,
    Source,
    SourceStatus,
    UnavailableReason,
    get_register_client,
    months_to_check,
    override_register_client,
)
from ekb.norm.vocabulary import INCOME_TYPES

OCTOBER = dt.date(2025, 10, 1)
ADULT = "198504029802"
SECOND_ADULT = "198711139815"
CHILD_6 = "201903029809"
CHILD_10 = "201505059808"
TEENAGER_17 = "200805019801"

# Many made-up numbers (valid shape; the fake does not check the Luhn digit).
CROWD = [f"{1950 + i % 55}{1 + i % 12:02d}{1 + i % 28:02d}{i:04d}" for i in range(600)]


def test_the_same_person_and_month_always_get_the_same_answer():
    first = FakeRegisterClient().fetch([ADULT, CHILD_6], OCTOBER)
    again = FakeRegisterClient().fetch([ADULT, CHILD_6], OCTOBER)
    assert [i.to_dict() for i in first.incomes] == [i.to_dict() for i in again.incomes]
    crowd_first = [FakeRegisterClient().fetch([n], OCTOBER).incomes for n in CROWD[:100]]
    crowd_again = [FakeRegisterClient().fetch([n], OCTOBER).incomes for n in CROWD[:100]]
    assert crowd_first == crowd_again


def test_every_source_answers_ok_when_nothing_is_down():
    report = FakeRegisterClient().fetch([ADULT], OCTOBER)
    assert list(report.statuses) == list(Source)
    assert all(r.status == SourceStatus.OK and r.message == "" for r in report.statuses.values())
    assert report.complete


def test_a_month_is_read_as_its_first_day():
    # With her child, the parent has the child allowance to read (alone she had no income at
    # all, and `all(...)` over none passed whatever month the incomes were given).
    report = FakeRegisterClient().fetch([ADULT, CHILD_6], dt.date(2025, 10, 17))
    assert report.month == OCTOBER
    assert report.incomes and all(i.period_month == OCTOBER for i in report.incomes)


def test_most_persons_have_nothing_in_a_given_source():
    client = FakeRegisterClient()
    reports = [client.fetch([n], OCTOBER) for n in CROWD]
    for source in (Source.CSN, Source.AKASSA, Source.ARBETSFORMEDLINGEN, Source.SKATTEVERKET):
        with_income = sum(1 for r in reports if r.statuses[source].incomes)
        assert with_income < len(CROWD) * 0.35, source
        assert with_income > 0, source


def test_generated_incomes_use_the_norm_engines_income_types_and_plausible_amounts():
    client = FakeRegisterClient()
    incomes = [i for n in CROWD for i in client.fetch([n, CHILD_6], OCTOBER).incomes]
    assert len({i.income_type for i in incomes}) > 3  # the crowd has all sorts of incomes
    assert {i.income_type for i in incomes} <= set(INCOME_TYPES)
    assert all(Decimal(0) < i.amount < Decimal(25000) for i in incomes)
    assert all(i.amount == i.amount.quantize(Decimal("0.01")) for i in incomes)


def test_a_parent_asked_about_with_children_gets_child_allowance_per_child_under_16():
    report = FakeRegisterClient().fetch([ADULT, CHILD_6, CHILD_10, TEENAGER_17], OCTOBER)
    allowance = [i for i in report.incomes if i.benefit == "Barnbidrag"]
    assert [(i.identity_number, i.amount) for i in allowance] == [(ADULT, Decimal("2500.00"))]
    supplement = [i for i in report.incomes if i.benefit == "Flerbarnstillägg"]
    assert [i.amount for i in supplement] == [Decimal("150.00")]
    assert all(i.source == Source.FORSAKRINGSKASSAN for i in allowance + supplement)
    assert all(i.income_type == "child_allowance" for i in allowance + supplement)


def test_two_adults_share_the_child_allowance_equally():
    report = FakeRegisterClient().fetch([ADULT, SECOND_ADULT, CHILD_6], OCTOBER)
    allowance = [i for i in report.incomes if i.benefit == "Barnbidrag"]
    assert sorted((i.identity_number, i.amount) for i in allowance) == sorted(
        [(ADULT, Decimal("625.00")), (SECOND_ADULT, Decimal("625.00"))]
    )


def test_adults_asked_about_alone_get_no_child_allowance():
    for number in CROWD[:200]:
        report = FakeRegisterClient().fetch([number], OCTOBER)
        assert not [i for i in report.incomes if i.income_type == "child_allowance"]


def test_only_persons_of_pension_age_get_old_age_pension():
    client = FakeRegisterClient()
    pensioners = set()
    for number in CROWD:
        for income in client.fetch([number], OCTOBER).incomes:
            if income.benefit.startswith("Ålderspension"):
                pensioners.add(number)
                assert int(number[:4]) <= 1959
    assert pensioners  # the crowd's oldest do get a pension


def test_a_switched_off_source_is_unavailable_and_the_others_still_answer():
    client = FakeRegisterClient(down="csn,akassa")
    client.script(ADULT, {"csn": [("student_grant", 3600)], "fk": [("sickness_benefit", 8000)]})
    report = client.fetch([ADULT], OCTOBER)
    for source in (Source.CSN, Source.AKASSA):
        result = report.statuses[source]
        assert result.status == SourceStatus.UNAVAILABLE
        assert result.message == UNAVAILABLE_TEXT == "kunde inte kontrolleras"
        assert result.reason == UnavailableReason.SWITCHED_OFF
        assert result.incomes == ()
    assert report.statuses[Source.FORSAKRINGSKASSAN].ok
    assert [i.amount for i in report.incomes] == [Decimal("8000.00")]
    assert report.unavailable == [Source.CSN, Source.AKASSA]
    assert report.statuses[Source.CSN].text == "CSN: kunde inte kontrolleras"


def test_a_source_that_raises_is_unavailable_for_that_source_only():
    report = FakeRegisterClient(raising=["fk"]).fetch([ADULT, CHILD_6], OCTOBER)
    assert report.statuses[Source.FORSAKRINGSKASSAN].reason == UnavailableReason.ERROR
    assert report.statuses[Source.FORSAKRINGSKASSAN].message == "kunde inte kontrolleras"
    assert [s for s in Source if report.statuses[s].ok] == [s for s in Source if s != "fk"]


def test_a_source_that_times_out_is_unavailable_for_that_source_only():
    report = FakeRegisterClient(slow="skv").fetch([ADULT], OCTOBER)
    assert report.statuses[Source.SKATTEVERKET].reason == UnavailableReason.TIMEOUT
    assert report.unavailable == [Source.SKATTEVERKET]


def test_a_scripted_person_gets_exactly_the_scripted_answer():
    client = FakeRegisterClient(
        scripted={
            ADULT: {"skv": [("salary", "12345.50", "Lön")], "fk": [("child_allowance", 1250)]}
        }
    )
    report = client.fetch([ADULT, CHILD_6, CHILD_10], OCTOBER)
    assert [(i.source, i.income_type, i.amount, i.benefit) for i in report.incomes] == [
        (Source.FORSAKRINGSKASSAN, "child_allowance", Decimal("1250.00"), ""),
        (Source.SKATTEVERKET, "salary", Decimal("12345.50"), "Lön"),
    ]
    assert all(i.identity_number == ADULT for i in report.incomes)


def test_a_script_for_one_month_leaves_other_months_empty_for_that_person():
    client = FakeRegisterClient()
    client.script(ADULT, {"akassa": [("unemployment_benefit", 9000)]}, month=OCTOBER)
    assert [i.amount for i in client.fetch([ADULT], OCTOBER).incomes] == [Decimal("9000")]
    assert client.fetch([ADULT], dt.date(2025, 9, 1)).incomes == []


def test_a_script_with_an_unknown_income_type_or_source_is_refused():
    client = FakeRegisterClient()
    with pytest.raises(ValueError, match="Unknown income type"):
        client.script(ADULT, {"fk": [("lottery", 100)]})
    with pytest.raises(ValueError, match="Unknown register source"):
        client.script(ADULT, {"kronofogden": [("other", 100)]})


def test_a_malformed_identity_number_is_an_error_that_does_not_repeat_it():
    with pytest.raises(RegisterRequestError) as caught:
        FakeRegisterClient().fetch([ADULT, "19850402-9802"], OCTOBER)
    assert "position 1" in str(caught.value)
    assert "9802" not in str(caught.value) and ADULT not in str(caught.value)


def test_no_identity_number_appears_in_logs_reprs_or_unavailable_results(caplog):
    client = FakeRegisterClient(raising="fk", slow="csn", down="pm")
    client.script(ADULT, {"skv": [("salary", 5000)]})
    with caplog.at_level(logging.DEBUG, logger="ekb.integrations.registers"):
        report = client.fetch([ADULT, CHILD_6], OCTOBER)
    assert caplog.records, "an unavailable source is logged"
    for number in (ADULT, CHILD_6, ADULT[2:8], CHILD_6[:8]):
        assert number not in caplog.text
        assert number not in repr(report.incomes)
        assert all(number not in income.reference for income in report.incomes)
        for result in report.statuses.values():
            if not result.ok:
                assert number not in repr(result.to_dict())


def test_a_real_failure_message_is_never_logged(caplog):
    class LeakyFake(FakeRegisterClient):
        def fetch_source(self, source, identity_numbers, month):
            if source == Source.CSN:
                raise RuntimeError(f"no record for {identity_numbers[0]}")
            return super().fetch_source(source, identity_numbers, month)

    with caplog.at_level(logging.DEBUG, logger="ekb.integrations.registers"):
        report = LeakyFake().fetch([ADULT], OCTOBER)
    assert report.statuses[Source.CSN].status == SourceStatus.UNAVAILABLE
    assert "RuntimeError" in caplog.text
    assert ADULT not in caplog.text


def test_the_report_converts_to_json_ready_data():
    report = FakeRegisterClient(down="csn").fetch([ADULT, CHILD_6], OCTOBER)
    data = report.to_dict()
    assert data["sources"]["csn"] == {
        "status": "unavailable",
        "message": "kunde inte kontrolleras",
        "reason": "switched_off",
        "incomes": [],
    }
    assert data["sources"]["fk"]["incomes"][0]["amount"] == "1250.00"


def test_the_settings_pick_the_fake_with_the_sources_named_down(settings):
    settings.EKB_REGISTER_BACKEND = "fake"
    settings.EKB_FAKE_REGISTER_DOWN = "csn, akassa"
    client = get_register_client()
    assert isinstance(client, FakeRegisterClient)
    assert client.fetch([ADULT], OCTOBER).unavailable == [Source.CSN, Source.AKASSA]


def test_the_environment_names_sources_down_when_settings_do_not(settings, monkeypatch):
    if hasattr(settings, "EKB_FAKE_REGISTER_DOWN"):
        del settings.EKB_FAKE_REGISTER_DOWN
    monkeypatch.setenv("EKB_FAKE_REGISTER_DOWN", "pm")
    assert get_register_client().fetch([ADULT], OCTOBER).unavailable == [Source.PENSIONSMYNDIGHETEN]


def test_an_unknown_source_or_backend_in_settings_fails_loudly(settings):
    settings.EKB_FAKE_REGISTER_DOWN = "csn,kronofogden"
    with pytest.raises(ImproperlyConfigured, match="kronofogden"):
        get_register_client()
    settings.EKB_FAKE_REGISTER_DOWN = ""
    settings.EKB_REGISTER_BACKEND = "ssbtek"
    with pytest.raises(ImproperlyConfigured, match="not built yet"):
        get_register_client()


def test_production_never_gets_invented_incomes(settings):
    settings.PRODUCTION = True
    settings.EKB_REGISTER_BACKEND = None
    client = get_register_client()
    assert isinstance(client, OffRegisterClient)
    report = client.fetch([ADULT], OCTOBER)
    assert report.unavailable == list(Source)
    assert {r.reason for r in report.statuses.values()} == {UnavailableReason.NOT_CONFIGURED}
    settings.EKB_REGISTER_BACKEND = "fake"
    with pytest.raises(ImproperlyConfigured, match="production"):
        get_register_client()


def test_the_months_to_check_are_the_month_and_the_two_before():
    assert months_to_check(dt.date(2026, 1, 15)) == [
        dt.date(2026, 1, 1),
        dt.date(2025, 12, 1),
        dt.date(2025, 11, 1),
    ]


def test_benefits_last_for_spells_rather_than_changing_every_month():
    client = FakeRegisterClient()
    months = [dt.date(2025, m, 1) for m in range(1, 13)]
    changes = 0
    for number in CROWD[:150]:
        had = [bool(client.fetch([number], m).statuses[Source.AKASSA].incomes) for m in months]
        changes += sum(1 for a, b in zip(had, had[1:], strict=False) if a != b)
    assert changes < 150 * 11 * 0.05


def test_a_register_that_only_knows_its_scripts_answers_nothing_for_everyone_else():
    client = FakeRegisterClient(generate=False)
    client.script(ADULT, {"fk": [("sickness_benefit", 7000)]})
    assert all(not client.fetch([n, CHILD_6], OCTOBER).incomes for n in CROWD[:100])
    assert [i.amount for i in client.fetch([ADULT], OCTOBER).incomes] == [Decimal("7000")]


def test_tests_can_put_their_own_client_behind_get_register_client(settings):
    settings.EKB_REGISTER_BACKEND = "off"
    quiet = FakeRegisterClient(generate=False)
    with override_register_client(quiet):
        assert get_register_client() is quiet
    assert isinstance(get_register_client(), OffRegisterClient)


def test_a_child_born_on_20_december_gives_no_barnbidrag_for_december_only_from_january():
    # Barnbidrag is paid from the month after the child's birth (socialförsäkringsbalken 15 kap.
    # 3 §), and the flerbarnstillägg for the second child from the month after the change
    # (15 kap. 13 §). The fake reported 2 650 kr for December (two children with the supplement).
    newborn = "202512209806"
    december, january = dt.date(2025, 12, 1), dt.date(2026, 1, 1)
    client = FakeRegisterClient()

    def family_benefits(month):
        report = client.fetch([ADULT, SECOND_ADULT, CHILD_6, newborn], month)
        return sum(
            (i.amount for i in report.incomes if i.income_type == "child_allowance"), Decimal(0)
        )

    assert family_benefits(december) == Decimal("1250.00")  # Only the six-year-old.
    assert family_benefits(january) == Decimal("2650.00")  # 2 × 1 250 + 150 flerbarnstillägg.
