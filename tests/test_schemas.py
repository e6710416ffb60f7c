"""The published contracts: schemas/application.v1.json and schemas/case-events.v1.json.

The examples validate, broken documents are rejected with the field named, the type lists follow
the code, nothing published is ever removed, and documents the code really produces validate."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ekb.applications.actions import LineData
from ekb.applications.cost_types import OTHER_NEEDS
from ekb.cases.choices import EventKind
from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES
from tests.personas import frozen, karin, stack  # noqa: F401 - shared fixtures

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
EXAMPLES = SCHEMAS / "examples"

# What v1 published. Kinds and types may be added to the schemas, never removed: keep these lists.
PUBLISHED_KINDS = {
    "case_opened",
    "application_received",
    "assigned",
    "being_handled",
    "supplement_requested",
    "supplement_answered",
    "decision_made",
    "payment_planned",
    "payment_paid",
    "payment_stopped",
    "case_closed",
    "appeal_received",
    "appeal_reconsidered",
    "appeal_forwarded",
    "message_from_caseworker",
    "meeting_booked",
}
PUBLISHED_INCOME_TYPES = set(INCOME_TYPES[:12])
PUBLISHED_COST_TYPES = set(COST_TYPES[:11]) | {
    "winter_clothing",
    "moving",
    "furniture",
    "other_need",
}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def validator(name: str) -> Draft202012Validator:
    schema = load(SCHEMAS / f"{name}.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, document: dict) -> list[tuple[str, str]]:
    """(path, message) of every error, the path as "costs/0/amount"."""
    return [
        ("/".join(str(p) for p in e.absolute_path), e.message)
        for e in validator(name).iter_errors(document)
    ]


def example(name: str) -> dict:
    return load(EXAMPLES / f"{name}.json")


# --- the examples ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["application.v1.renewal", "application.v1.new"])
def test_the_example_applications_are_valid(name):
    assert errors("application.v1", example(name)) == []


def test_the_example_event_list_is_valid():
    assert errors("case-events.v1", example("case-events.v1")) == []


def test_every_example_names_the_contract_it_follows():
    paths = sorted(EXAMPLES.glob("*.json"))
    # Every published contract has an example (an empty folder passed this before).
    assert {p.name.split(".")[0] for p in paths} == {"application", "case-events"}
    for path in paths:
        assert load(path)["contract"] == path.name.split(".")[0] + ".v1"


# --- broken documents are rejected with the field named --------------------------------------


def _set(document: dict, path: str, value) -> dict:
    broken = copy.deepcopy(document)
    *parents, last = path.split("/")
    target = broken
    for key in parents:
        target = target[int(key) if key.isdigit() else key]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return broken


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "named", "words"),
    [
        ("costs/0/amount", "-5", "costs/0/amount", ""),
        ("costs/0/amount", -5, "costs/0/amount", ""),
        ("costs/0/amount", "7 200 kr", "costs/0/amount", ""),
        ("costs/0/type", "yacht", "costs/0/type", "yacht"),
        ("incomes/0/source", "neighbour", "incomes/0/source", "neighbour"),
        ("incomes/0/source", _DELETE, "incomes/0", "'source' is a required property"),
        ("household/0/source", _DELETE, "household/0", "'source' is a required property"),
        ("household/1/role", "lodger", "household/1/role", "lodger"),
        ("incomes/0/member", "198804229999", "incomes/0/member", ""),
        ("costs/3/description", _DELETE, "costs/3", "'description' is a required property"),
        ("costs/3/description", "   ", "costs/3/description", ""),
        ("month", "2026-13", "month", "2026-13"),
        ("kind", "monthly", "kind", "monthly"),
        ("contract", "application.v2", "contract", "application.v1"),
        ("changes/0/before", "sju tusen", "changes/0/before", ""),
        ("costs/0/note", "hyran höjdes", "costs/0", "'note' was unexpected"),
    ],
)
def test_a_broken_application_is_rejected_with_the_field_named(path, value, named, words):
    found = errors("application.v1", _set(example("application.v1.renewal"), path, value))
    assert found, "the broken document passed"
    assert named in {p for p, _ in found}, found
    assert any(words in message for p, message in found if p == named), found


@pytest.mark.parametrize(
    ("path", "value", "named", "words"),
    [
        ("events/0/kind", "Application received", "events/0/kind", ""),
        ("events/0/occurred_at", "20 november", "events/0/occurred_at", ""),
        ("events/0/occurred_at", _DELETE, "events/0", "'occurred_at' is a required property"),
        ("events/0/data/note", "Karin ringde om hyran", "events/0/data/note", ""),
        ("events/0/data/application_id", "311", "events/0/data/application_id", ""),
        ("events/4/data/amount", "-9480.00", "events/4/data/amount", ""),
        ("events/1/data/due_date", "4 december", "events/1/data/due_date", ""),
        ("events/0/data/month", "2026-12-01", "events/0/data/month", ""),
        ("events/0/visible_to_client", "yes", "events/0/visible_to_client", ""),
        ("events/0/caseworker", "Anna", "events/0", "'caseworker' was unexpected"),
        ("contract", "case-events.v2", "contract", ""),
    ],
)
def test_a_broken_event_list_is_rejected_with_the_field_named(path, value, named, words):
    found = errors("case-events.v1", _set(example("case-events.v1"), path, value))
    assert found, "the broken document passed"
    assert named in {p for p, _ in found}, found
    assert any(words in message for p, message in found if p == named), found


# --- the contracts follow the code, and keep what they published -----------------------------


def test_every_event_kind_the_code_writes_is_in_the_schema_and_none_published_is_gone():
    schema = load(SCHEMAS / "case-events.v1.json")
    known = set(schema["$defs"]["known_kind"]["enum"])
    assert set(EventKind.values) <= known, "add the new kind to $defs/known_kind"
    assert PUBLISHED_KINDS <= known, "kinds may be added, never removed"
    for kind in known:
        event = {"kind": kind, "occurred_at": "2026-11-20T10:00:00Z", "data": {}}
        document = {"contract": "case-events.v1", "case_id": 1, "events": [event]}
        event["visible_to_client"] = True
        assert errors("case-events.v1", document) == []


def test_a_kind_added_later_is_accepted_and_described_in_the_compatibility_rule():
    document = example("case-events.v1")
    document["events"].append(
        {
            "kind": "meeting_cancelled",
            "occurred_at": "2026-12-04T09:00:00+01:00",
            "data": {"meeting_id": 55, "date": "2026-12-10", "reason": "client_ill"},
            "visible_to_client": True,
        }
    )
    assert errors("case-events.v1", document) == []
    description = load(SCHEMAS / "case-events.v1.json")["description"]
    assert "never removed" in description and "may be added" in description


def test_the_type_lists_follow_the_vocabulary_and_keep_what_they_published():
    defs = load(SCHEMAS / "application.v1.json")["$defs"]
    incomes = set(defs["income"]["properties"]["type"]["enum"])
    costs = set(defs["cost"]["properties"]["type"]["enum"])
    assert incomes == set(INCOME_TYPES)
    assert costs == set(COST_TYPES) | set(OTHER_NEEDS)
    assert PUBLISHED_INCOME_TYPES <= incomes and PUBLISHED_COST_TYPES <= costs


# --- documents the code produces -------------------------------------------------------------


@pytest.fixture
def decided_renewal(org, time_machine):
    """A renewal submitted through the client's actions, decided, paid, supplemented, appealed."""
    from ekb.applications.choices import ApplicationKind, LineKind
    from ekb.applications.drafts import do_save_draft, do_start_draft
    from ekb.applications.supplements import do_request_supplement
    from ekb.cases.messages import do_send_message
    from ekb.decisions.delegation import load_delegation_order
    from ekb.flow import journey
    from ekb.integrations.registers import override_register_client
    from ekb.notices.appeals import do_submit_appeal
    from ekb.people.models import HouseholdMember, MemberRole
    from tests import factories as f
    from tests.personas import grant_everything, lines, quiet_register

    time_machine.move_to(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
    load_delegation_order(org.muni)
    applicant = f.person(dt.date(1988, 4, 22), first_name="Karin")
    elias = f.person(dt.date(2019, 6, 3), first_name="Elias")
    case = f.case(org.norr, assigned=org.anna, applicant=applicant)
    HouseholdMember.objects.create(
        household=case.household,
        person=elias,
        role=MemberRole.CHILD,
        valid_from=dt.date(2025, 1, 1),
        days_per_month=15,
    )
    with contextlib.ExitStack() as exit_stack:
        exit_stack.enter_context(override_register_client(quiet_register(applicant, elias)))
        november = journey.receive_application(
            case,
            dt.date(2026, 11, 1),
            ApplicationKind.RENEWAL,
            lines(salary="3000", extra=[LineData(LineKind.COST, "glasses", Decimal("900"))]),
            client_person_id=applicant.pk,
        )
        grant_everything(november, org.anna)
        draft = do_start_draft(applicant, month=dt.date(2026, 12, 1))
        costs = [dict(row) for row in draft.answers["costs"]]
        next(row for row in costs if row["type"] == "rent")["amount"] = "7450"
        costs.append({"type": "dental_care", "amount": "2 400", "description": "Två lagningar"})
        costs.append(
            {
                "type": "winter_clothing",
                "amount": 1200,
                "member": f"p{elias.pk}",
                "description": "Vinteroverall",
            }
        )
        assert do_save_draft(draft, {"costs": costs}, person=applicant) == {}
        december = journey.submit(applicant, draft=draft).application
        supplement = do_request_supplement(
            case,
            what="Kostnadsförslag från tandläkaren",
            why="Tandvården är en kostnad utöver normen.",
            due_date=dt.date(2026, 12, 4),
            application=december,
            acting_user=org.anna,
        )
        journey.answer_supplement(supplement, "Bifogat.", person=applicant)
        decision = grant_everything(december, org.anna)
        do_submit_appeal(decision, "Tandvården borde beviljas helt.", person=applicant)
        do_send_message(case, "Välkommen på möte.", user=org.anna)
    return case, december


def test_a_submitted_application_document_is_valid(decided_renewal):
    _case, application = decided_renewal
    document = application.document
    assert errors("application.v1", document) == []
    assert document["kind"] == "renewal" and document["month"] == "2026-12"
    changed = {(c["type"], c["before"], c["after"]) for c in document["changes"]}
    assert ("rent", "7200.00", "7450.00") in changed
    assert ("dental_care", None, "2400.00") in changed
    assert ("glasses", None, None) not in changed  # one-off costs are not carried over


def test_the_events_of_a_case_as_the_api_serialises_them_are_valid(decided_renewal):
    from ekb.api.eservice import CaseEventsOut, case_events_document

    case, _application = decided_renewal
    document = CaseEventsOut.model_validate(case_events_document(case)).model_dump(mode="json")
    assert errors("case-events.v1", document) == []
    kinds = {e["kind"] for e in document["events"]}
    assert {
        "application_received",
        "supplement_requested",
        "supplement_answered",
        "decision_made",
        "payment_planned",
        "appeal_received",
        "message_from_caseworker",
    } <= kinds
    assert document["status"]["state"] == "appeal_received"


@pytest.fixture
def web_document(client, karin):  # noqa: F811 - the shared fixture
    """An application as the e-service's step-by-step flow submits it."""
    from ekb.applications.models import Application
    from tests.personas import draft_url, log_in, walk_renewal

    log_in(client, karin.applicant)
    draft = walk_renewal(client, karin)
    assert client.post(draft_url(draft, "kontrollera/")).status_code == 302
    return Application.objects.get(case=karin.case, month=dt.date(2026, 12, 1)).document


def test_an_application_submitted_in_the_e_service_is_valid(web_document):
    assert errors("application.v1", web_document) == []
    assert web_document["kind"] == "renewal"


def test_an_application_submitted_in_the_e_service_carries_no_page_progress(web_document):
    assert "steps_done" not in web_document
