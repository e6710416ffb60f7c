"""A month whose "utan lunch" amount EKB does not know waits, with the reason in words.

Karin's daughter Ella (two years old) eats lunch at preschool. If the year's riksnorm table is
loaded without a confirmed "utan lunch" amount for 1–2 år (``without_lunch: unknown``), the
December calculation must not pay the full amount (12 kap. 2 § SoF (2025:468) gives the lower
amount): the application stays received, the caseworker reads why, and the calculation is made
when the amount is loaded.
"""

from __future__ import annotations

import datetime as dt

from ekb.applications.choices import ApplicationKind, ApplicationStatus
from ekb.decisions.calculation import latest_calculation
from ekb.decisions.choices import WarningStatus
from ekb.flow import journey
from ekb.flow.models import Step, StepStatus
from ekb.norm.engine import reload_parameters
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.norm.test_personal_unknown_amounts import BANDS_2026, write_children_layer
from tests.personas import lines

DECEMBER = dt.date(2026, 12, 1)


def add_ella_who_eats_at_preschool(karin):
    ella = f.person(dt.date(2024, 8, 14), first_name="Ella", last_name="Lundqvist")
    HouseholdMember.objects.create(
        household=karin.case.household,
        person=ella,
        role=MemberRole.CHILD,
        valid_from=dt.date(2025, 1, 1),
        lunch_at_home=False,
    )
    karin.register.script(ella.identity_number, {})
    return ella


def apply_for_december(karin):
    return journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(salary="3000"),
        client_person_id=karin.applicant.pk,
    )


def test_karins_december_waits_when_the_preschool_amount_for_ella_is_not_known(
    karin, parameter_layer
):
    add_ella_who_eats_at_preschool(karin)
    write_children_layer(parameter_layer, BANDS_2026, valid_from="2026-12-01")
    reload_parameters()
    application = apply_for_december(karin)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert latest_calculation(application) is None
    run = application.step_runs.get(step=Step.PREPARE)
    assert (run.status, run.reason_code) == (StepStatus.FAILED, "norm_not_published")
    assert run.detail["band"] == "1–2 år" and run.detail["year"] == 2026
    warning = application.warnings.get(rule="flow_prepare")
    assert warning.message.startswith(
        "Beräkningen kunde inte göras: beloppet för barn 1–2 år som inte äter lunch hemma "
        "är inte känt i EKB för 2026."
    )

    # The amount is loaded (here: typed into the layer); the waiting calculation is made with it.
    known = [dict(b) for b in BANDS_2026]
    known[1]["without_lunch"] = 2800
    write_children_layer(parameter_layer, known, valid_from="2026-12-01")
    reload_parameters()
    assert journey.resume_waiting_calculations() == 1
    snapshot = latest_calculation(application)
    assert snapshot is not None
    ella_rows = [r for r in snapshot.result["rows"] if "1–2 år" in r["label"]]
    assert [(r["label"], r["amount"]) for r in ella_rows] == [
        ("Personliga kostnader, barn 1–2 år, utan lunch", "2800.00")
    ]
    assert application.warnings.get(rule="flow_prepare").status == WarningStatus.CLOSED
