"""The shape of 18 months of history: applications, calculations, decisions and payments."""

import datetime as dt
from decimal import Decimal

from ekb.applications.models import Application
from ekb.cases.models import Case, CaseEvent, JournalEntry
from ekb.decisions.models import CalculationSnapshot, Decision, DecisionLine
from ekb.demo import dates
from ekb.norm import calculate
from ekb.payments.models import Payment
from tests.demo.conftest import AS_OF

FIRST = dates.first_day(dates.month_of(AS_OF) - 17)
NEXT = dates.first_day(dates.month_of(AS_OF) + 1)


def test_applications_cover_the_18_months_up_to_the_as_of_month_without_gaps(demo):
    months = set(
        Application.objects.filter(case__municipality=demo).values_list("month", flat=True)
    )
    assert min(months) == FIRST
    assert max(months) <= NEXT  # renewals for next month already sent in
    for case in Case.objects.filter(municipality=demo).prefetch_related("applications"):
        applied = sorted(a.month for a in case.applications.all())
        ordinals = [dates.month_of(m) for m in applied]
        assert (
            ordinals == list(range(ordinals[0], ordinals[0] + len(ordinals))) if applied else True
        )
        kinds = [a.kind for a in sorted(case.applications.all(), key=lambda a: a.month)]
        assert all(k == "renewal" for k in kinds[1:])
        if applied and case.opened_on >= FIRST:
            assert kinds[0] == "new"


def test_every_decided_application_has_a_decision_calculated_by_the_norm_engine(demo):
    decided_or_not = set()
    for application in Application.objects.filter(case__municipality=demo):
        decided_or_not.add(application.status == "decided")
        snapshot = CalculationSnapshot.objects.get(application=application)
        decisions = Decision.objects.filter(application=application)
        if application.status == "decided":
            decision = decisions.get()
            assert decision.calculation == snapshot and not snapshot.is_preliminary
            assert decision.decided_by == application.case.assigned_caseworker
            assert decision.delegation_reference
        else:
            assert not decisions.exists() and snapshot.is_preliminary
    assert decided_or_not == {True, False}  # both kinds were checked
    for snapshot in CalculationSnapshot.objects.filter(case__municipality=demo)[:40]:
        result = calculate(snapshot.input)
        assert (result.norm, result.countable_income, result.amount) == (
            snapshot.norm,
            snapshot.countable_income,
            snapshot.amount,
        )


def test_latest_months_keep_the_explained_rows_and_older_months_only_totals(demo):
    snapshots = CalculationSnapshot.objects.filter(case__municipality=demo)
    recent = snapshots.filter(month__gte=dates.first_day(dates.month_of(AS_OF) - 1))
    older = snapshots.filter(month__lt=dates.first_day(dates.month_of(AS_OF) - 1))
    assert recent.exists() and older.exists()
    assert all(s.result["rows"] for s in recent)
    assert all(s.result["rows_omitted"] and s.rule_versions["ruleset"] for s in older)


def test_decision_lines_add_up_to_the_calculation_unless_refused_for_a_broken_plan(demo):
    outcomes = set()
    for decision in Decision.objects.filter(case__municipality=demo).prefetch_related("lines"):
        lines = list(decision.lines.all())
        assert lines, decision.pk  # no lines would pass as "refused for a broken plan" below
        outcomes |= {line.outcome for line in lines}
        total = sum((line.amount for line in lines), Decimal(0))
        broken_plan = all(
            line.outcome == "refused" and "planering" in line.reasons for line in lines
        )
        assert total == decision.calculation.amount or broken_plan
        for line in lines:
            if line.outcome in ("refused", "partly_granted"):
                assert line.reasons
    assert "granted" in outcomes and "refused" in outcomes


def test_both_laws_appear_because_the_window_spans_1_july_2025(demo):
    references = set(
        DecisionLine.objects.filter(decision__case__municipality=demo).values_list(
            "legal_reference", flat=True
        )
    )
    assert len(references) == 2


def test_the_legal_reference_follows_the_law_in_force_for_the_month(demo):
    found = {
        (line.period_start >= dt.date(2025, 7, 1), line.legal_reference)
        for line in DecisionLine.objects.filter(decision__case__municipality=demo)
    }
    assert found == {
        (False, "4 kap. 1 § socialtjänstlagen (2001:453)"),
        (True, "12 kap. 1 § socialtjänstlagen (2025:400)"),
    }


def test_payments_exist_only_for_granted_lines_and_are_paid_before_the_as_of_date(demo):
    for payment in Payment.objects.filter(case__municipality=demo).select_related("decision_line"):
        line = payment.decision_line
        assert line.outcome in ("granted", "partly_granted") and line.amount > 0
        assert payment.amount == line.amount
        assert payment.status == ("paid" if payment.pay_date < AS_OF else "planned")
    granted = DecisionLine.objects.filter(decision__case__municipality=demo, amount__gt=0)
    assert granted.count() == Payment.objects.filter(case__municipality=demo).count()
    assert Payment.objects.filter(case__municipality=demo, status="planned").exists()


def test_closed_cases_have_a_closure_reason_and_no_applications_after_closing(demo):
    closed = Case.objects.filter(municipality=demo, closed_on__isnull=False)
    assert closed.exists()
    for case in closed:
        assert case.closure_reason
        assert not case.applications.filter(month__gt=case.closed_on).exists()
        assert case.events.filter(kind="case_closed").count() == 1


def test_nothing_is_dated_after_the_as_of_date_except_planned_pay_dates(demo):
    q = {"case__municipality": demo}
    assert not CaseEvent.objects.filter(occurred_at__date__gt=AS_OF, **q).exists()
    assert not JournalEntry.objects.filter(entry_date__gt=AS_OF, **q).exists()
    assert not Application.objects.filter(submitted_at__date__gt=AS_OF, **q).exists()
    assert not Decision.objects.filter(decided_at__date__gt=AS_OF, **q).exists()
    assert not Case.objects.filter(opened_on__gt=AS_OF, municipality=demo).exists()


def test_journal_entries_are_signed_and_events_tell_the_story(demo):
    assert JournalEntry.objects.filter(signed_at__isnull=True, case__municipality=demo).count() == 0
    kinds = set(CaseEvent.objects.filter(case__municipality=demo).values_list("kind", flat=True))
    assert {
        "case_opened",
        "assigned",
        "application_received",
        "decision_made",
        "payment_planned",
        "payment_paid",
        "case_closed",
    } <= kinds
