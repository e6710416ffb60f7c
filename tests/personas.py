"""The cast in a case, for every test folder (loaded by tests/conftest.py): a renewal in Anna's
caseload, Karin Lundqvist and her son, on försörjningsstöd since October.

Time is frozen on 20 November 2026 so months, pay days and due dates stay the same whenever the
suite runs. Register data comes from the fake register with a scripted answer.

The helpers the test folders share live here too (plain constructors are in tests/factories.py):
logging in (a client, staff, an API bearer), the client API, the e-service's application form,
deciding and reading the letter. A test module imports helpers from here, never from another
test module."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from ekb.applications.actions import LineData
from ekb.applications.choices import ApplicationKind, LineKind
from ekb.decisions.choices import Outcome, Purpose
from ekb.decisions.delegation import load_delegation_order
from ekb.decisions.lines import LineInput
from ekb.flow import journey
from ekb.integrations.registers import override_register_client
from ekb.integrations.registers.fake import FakeRegisterClient
from ekb.people.models import HouseholdMember, MemberRole
from tests import factories as f
from tests.factories import PASSWORD

TODAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
OCTOBER, NOVEMBER, DECEMBER = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


def lines(rent="7200", salary=None, extra=()):
    result = [
        LineData(LineKind.COST, "rent", Decimal(rent)),
        LineData(LineKind.COST, "electricity", Decimal("400")),
    ]
    if salary is not None:
        result.append(LineData(LineKind.INCOME, "salary", Decimal(salary)))
    return result + list(extra)


# --- logging in ----------------------------------------------------------------------------------


def log_in(client, person):
    """A client in the e-service: what the e-ID login leaves behind, the person in the session."""
    from ekb.eservice.session import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = person.pk
    session.save()
    return client


def staff_log_in(client, username):
    """A member of staff through the password login."""
    assert client.login(username=username, password=PASSWORD)


def bearer(client, username):
    """The Authorization header of a member of staff in the API."""
    token = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


# --- the client API ------------------------------------------------------------------------------


def demo_eid_bearer(client, person) -> dict:
    """The Authorization header of a client logged in with the demo e-ID (EKB_DEMO on)."""
    response = client.post(
        "/api/v1/auth/demo-eid",
        {"personnummer": person.formatted_identity_number},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {"Authorization": f"Bearer {response.json()['token']}"}


def submit_application(client, auth, body, **headers):
    """POST /api/v1/applications as the client of ``auth``."""
    return client.post(
        "/api/v1/applications",
        body,
        content_type="application/json",
        headers={**auth, **headers},
    )


SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def assert_valid(name: str, document: dict) -> None:
    """The document is valid by the published JSON schema schemas/<name>.json."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    )
    problems = [
        ("/".join(map(str, e.absolute_path)), e.message) for e in validator.iter_errors(document)
    ]
    assert problems == []


# --- the e-service's application form -----------------------------------------------------------


def draft_url(draft, step=""):
    return f"/e-tjanst/ansokan/{draft.pk}/{step}"


def start_draft(client, month=DECEMBER):
    """The logged-in client starts an application for the month; its draft."""
    from ekb.applications.models import ApplicationDraft

    response = client.post("/e-tjanst/ansokan/", {"month": f"{month:%Y-%m}"})
    assert response.status_code == 302
    return ApplicationDraft.objects.get(month=month)


def walk_renewal(client, karin, *, rent="7500", dental="2400"):
    """The ACCEPTANCE story: change the rent, add dental care, everything else confirmed."""
    draft = start_draft(client)
    me = f"p{karin.applicant.pk}"
    steps = [
        ("hushall/", {"household_comment": ""}),
        ("boende/", {"rent": rent, "electricity": "400", "home_insurance": ""}),
        (
            "inkomster/",
            {
                "income-count": "1",
                "income-0-member": me,
                "income-0-type": "salary",
                "income-0-amount": "3000",
            },
        ),
        ("kostnader/", {}),
        ("behov/", {"dental_care": dental, "dental_care-description": "Lagning av två tänder"}),
    ]
    for step, data in steps:
        response = client.post(draft_url(draft, step), data)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
    assert response["Location"] == draft_url(draft, "kontrollera/")
    return draft


# --- the decision and its letter ---------------------------------------------------------------


# A letter or phrase to a couple says "ni" and "er", never the singular you.
SINGULAR_YOU = re.compile(r"\b(du|dig|din|ditt|dina)\b", re.IGNORECASE)


def letter_text(decision) -> str:
    """The words of the decision's letter, freshly rendered as the PDF, on one line."""
    from pypdf import PdfReader

    from ekb.notices.letters import render_decision_letter

    reader = PdfReader(io.BytesIO(render_decision_letter(decision)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def decide_as_proposed(application, user):
    """Decide the robot's proposal, with the reasons in the caseworker's own words where a line
    departs from the application (förvaltningslagen 32 §): the calculation's figures."""
    from ekb.decisions.calculation import latest_calculation
    from ekb.decisions.decide import departs
    from ekb.decisions.proposal import propose_lines

    snapshot = latest_calculation(application)
    need = snapshot.norm + snapshot.reasonable_costs
    because = (
        f"Hushållets inkomster, {snapshot.countable_income:.0f} kr, räcker inte till riksnormen "
        f"och kostnaderna, {need:.0f} kr; vi beviljar {snapshot.amount:.0f} kr."
    )
    proposal = propose_lines(application, snapshot)
    for line in proposal:
        if departs(line):
            line.reasons = because
    return journey.decide_application(
        application, proposal, acting_user=user, acknowledgements=acknowledging(application)
    )


# Sara Holm works in a shop: her salary covers the riksnorm but not the rent
# (tests/flow/test_jobbstimulans.py).
SARA_SALARY, SARA_RENT, SARA_ELECTRICITY = Decimal("8000"), Decimal("7200"), Decimal("400")


def sara_lines():
    return [
        LineData(LineKind.COST, "rent", SARA_RENT),
        LineData(LineKind.COST, "electricity", SARA_ELECTRICITY),
        LineData(LineKind.INCOME, "salary", SARA_SALARY),
    ]


def quiet_register(*persons, **incomes_by_number):
    """A register that knows nothing about these persons, unless told."""
    client = FakeRegisterClient()
    for person in persons:
        client.script(person.identity_number, incomes_by_number.get(person.identity_number, {}))
    return client


def grant_everything(application, user, **options):
    """Decide the robot's proposal as it stands (a need beyond the norm granted as applied for),
    acknowledging any warning still open."""
    from ekb.decisions.calculation import latest_calculation
    from ekb.decisions.choices import Outcome, Purpose
    from ekb.decisions.proposal import propose_lines

    proposal = propose_lines(application, latest_calculation(application))
    for line in proposal:
        # A need beyond the norm has no robot amount (the caseworker assesses it): everything
        # applied for is granted.
        if line.purpose == Purpose.OTHER and line.amount_applied:
            line.outcome, line.amount = Outcome.GRANTED, line.amount_applied
    options.setdefault("acknowledgements", acknowledging(application))
    return journey.decide_application(application, proposal, acting_user=user, **options)


def proposal_form(application) -> dict:
    """The robot's proposal for the latest calculation as the decision form posts it."""
    from ekb.decisions.calculation import latest_calculation
    from ekb.decisions.proposal import propose_lines

    proposed = propose_lines(application, latest_calculation(application))
    data = {"lines-TOTAL_FORMS": str(len(proposed)), "lines-INITIAL_FORMS": str(len(proposed))}
    for i, line in enumerate(proposed):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": line.outcome,
            f"lines-{i}-amount": str(line.amount),
            f"lines-{i}-amount_applied": ""
            if line.amount_applied is None
            else str(line.amount_applied),
            f"lines-{i}-calculated": str(line.calculated),
            f"lines-{i}-reasons": line.reasons,
        }
    return data


def decision_form(application, **changes) -> dict:
    """The proposal as posted, a comment for every open warning, and ``changes`` on top."""
    comments = acknowledging(application)
    return proposal_form(application) | {f"warning-{pk}": t for pk, t in comments.items()} | changes


def acknowledging(application, comment="Kontrollerat med klienten.") -> dict[int, str]:
    """A comment for every warning still open on the application, as the decision form asks."""
    from ekb.decisions.choices import WarningStatus

    return {
        w.pk: comment for w in application.warnings.filter(status=WarningStatus.OPEN).order_by("id")
    }


@pytest.fixture
def stack():
    with contextlib.ExitStack() as exit_stack:
        yield exit_stack


@pytest.fixture
def population(stack):
    """The fake population register (ekb/integrations/population/fake_population.yaml)."""
    from ekb.integrations.population import FakePopulationClient, override_population_client

    stack.enter_context(override_population_client(FakePopulationClient()))


def at_ten(day: dt.date) -> dt.datetime:
    """10:00 UTC on the day: where a test moves the frozen clock."""
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC)


def add_member(case, person, role, valid_from=dt.date(2025, 1, 1), **fields) -> HouseholdMember:
    """The person joins the case's household in the role from ``valid_from``."""
    return HouseholdMember.objects.create(
        household=case.household, person=person, role=role, valid_from=valid_from, **fields
    )


def household_url(case) -> str:
    """The caseworker's household page of the case."""
    return f"/handlaggare/arenden/{case.pk}/hushall/"


@pytest.fixture
def karin(org, frozen, stack):
    load_delegation_order(org.muni)
    applicant = f.person(dt.date(1988, 4, 22), first_name="Karin", last_name="Lundqvist")
    son = f.person(dt.date(2019, 6, 3), first_name="Elias", last_name="Lundqvist")
    case = f.case(org.norr, assigned=org.anna, applicant=applicant)
    HouseholdMember.objects.create(
        household=case.household, person=son, role=MemberRole.CHILD, valid_from=dt.date(2025, 1, 1)
    )
    register = quiet_register(applicant, son)
    # Code that asks the configured register (a recalculation after an override) gets this one too.
    stack.enter_context(override_register_client(register))
    for month in (OCTOBER, NOVEMBER):
        earlier = journey.receive_application(
            case,
            month,
            ApplicationKind.RENEWAL,
            lines(salary="3000"),
            client_person_id=applicant.pk,
        )
        grant_everything(earlier, org.anna)
    return SimpleNamespace(case=case, applicant=applicant, son=son, register=register)


def december_renewal(karin, **line_options):
    """Karin's renewal for December, received (and prepared by the robot); ``line_options``
    as for ``lines``."""
    return journey.receive_application(
        karin.case,
        DECEMBER,
        ApplicationKind.RENEWAL,
        lines(**line_options),
        client_person_id=karin.applicant.pk,
    )


@pytest.fixture
def renewal(karin, org):
    karin.application = december_renewal(karin, salary="3000")
    return karin


def livelihood_only(amount, outcome=Outcome.GRANTED, reasons="", calculated=None, applied=None):
    return [LineInput(Purpose.LIVELIHOOD, outcome, Decimal(amount), applied, calculated, reasons)]


@pytest.fixture
def kemal_and_tove(karin, org):
    """A couple on one case in Anna's caseload (karin's fixture gives the clock and the register)."""
    kemal = f.person(dt.date(1984, 3, 2), first_name="Kemal", last_name="Aydin")
    tove = f.person(dt.date(1987, 8, 14), first_name="Tove", last_name="Aydin")
    case = f.case(org.norr, assigned=org.anna, applicant=kemal)
    HouseholdMember.objects.create(
        household=case.household,
        person=tove,
        role=MemberRole.CO_APPLICANT,
        relationship="cohabiting",
        valid_from=dt.date(2025, 1, 1),
    )
    for person in (kemal, tove):
        karin.register.script(person.identity_number, {})
    return SimpleNamespace(case=case, kemal=kemal, tove=tove)


def grant_september(case) -> None:
    """September 2026 granted for the case, as history: with Karin's October and November it
    makes three months in a row, so she is covered by the activity requirement for December."""
    from ekb.decisions.choices import DecisionStatus
    from ekb.decisions.models import Decision, DecisionLine

    decision = Decision.objects.create(case=case, status=DecisionStatus.DECIDED)
    DecisionLine.objects.create(
        decision=decision,
        purpose=Purpose.LIVELIHOOD,
        outcome=Outcome.GRANTED,
        amount=Decimal("5000"),
        period_start=dt.date(2026, 9, 1),
        period_end=dt.date(2026, 9, 30),
        legal_reference="12 kap. 1 § SoL",
    )
