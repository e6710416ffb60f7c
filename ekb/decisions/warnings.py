"""Warnings with a life: raised by rules, acknowledged by a named caseworker, closed when resolved.

Each rule is a small function returning the warnings it finds for an application. A warning is
identified by its fingerprint (rule + subject); raising it again finds the existing one, whatever
its status, so an acknowledged or closed warning is never silently reopened. A warning whose rule
no longer finds its subject is closed by the system, with no caseworker named.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ekb.applications.choices import LineKind, SupplementStatus
from ekb.applications.cost_types import COSTS, OTHER_NEEDS
from ekb.applications.models import Application
from ekb.audit.log import record
from ekb.audit.models import Action, Channel
from ekb.cases.models import MedicalCertificate, ReasonForNeed
from ekb.decisions.choices import WarningStatus
from ekb.decisions.models import CalculationSnapshot, CaseWarning
from ekb.decisions.register_proposals import pending_proposals, proposal_text
from ekb.decisions.warning_words import render, words
from ekb.lib.money import kr
from ekb.lib.months import month_end
from ekb.norm.vocabulary import COST_LABELS_SV, INCOME_LABELS_SV, RENT_CONTRIBUTION

RULES_FILE = Path(__file__).parent / "rules" / "warnings.yaml"


@functools.cache
def thresholds() -> dict:
    with RULES_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str
    message: str
    detail: dict = field(default_factory=dict)


def _said(rule: str, subject: str, detail: dict, *parts: tuple[str, dict]) -> Finding:
    """A finding whose Swedish message is made from its words (warning_words), kept beside it
    in the detail so that a reader who chose English reads it in English."""
    said = words(*parts)
    return Finding(rule, subject, render(said), {**detail, "words": said})


# A guideline warning as the norm engine words it (ekb/norm/rules/guidelines.py).
_GUIDELINE = re.compile(
    r"^(?P<label>.+) (?P<applied>[\d\u00a0 ]+(?:,\d+)? kr) är högre än (?P<whose>.+) riktvärde "
    r"(?P<limit>[\d\u00a0 ]+(?:,\d+)? kr) för (?P<size>\d+) personer\. Kostnaden är medräknad; "
    r"pröva skäligheten individuellt\.$"
)


# --- rules ---------------------------------------------------------------------------------


def guideline_findings(application, snapshot, report) -> list[Finding]:
    """Costs above the municipality's guideline, as the norm engine reported them (its Swedish
    sentence, read into words when it has the engine's form; else kept as it is)."""
    findings = []
    for w in snapshot.result.get("warnings", []):
        detail = {"reason": w["reason"], "guideline": w["guideline_value"]}
        match = _GUIDELINE.match(w["message"])
        if match is None:
            findings.append(Finding("guideline", w["cost_type"], w["message"], detail))
            continue
        finding = _said("guideline", w["cost_type"], detail, ("guideline", match.groupdict()))
        findings.append(
            finding
            if finding.message == w["message"]
            else Finding("guideline", w["cost_type"], w["message"], detail)
        )
    return findings


def cost_above_history(application, snapshot, report) -> list[Finding]:
    rule = thresholds()["cost_above_history"]
    earlier = Application.objects.filter(
        case=application.case, month__lt=application.month
    ).order_by("-month")[: rule["months"]]
    findings = []
    for line in application.lines.filter(kind=LineKind.COST, overridden=False):
        history = [
            prior.amount for prior in _lines_of(earlier, line.type) if prior.amount is not None
        ]
        if len(history) < 2 or line.amount is None:
            continue
        median = Decimal(statistics.median(history))
        if (
            line.amount > median * Decimal(str(rule["factor"]))
            and line.amount - median >= rule["min_difference"]
        ):
            findings.append(
                _said(
                    "cost_above_history",
                    line.type,
                    {"amount": str(line.amount), "median": str(median)},
                    (
                        "cost_above_history",
                        {
                            "label": COST_LABELS_SV.get(line.type, line.type),
                            "amount": kr(line.amount),
                            "median": kr(median),
                        },
                    ),
                )
            )
    return findings


def _lines_of(applications, cost_type):
    from ekb.applications.models import ApplicationLine

    return ApplicationLine.objects.filter(
        application__in=list(applications), kind=LineKind.COST, type=cost_type, overridden=False
    )


def register_proposals(application, snapshot, report) -> list[Finding]:
    """Register facts the caseworker has not yet accepted or rejected. They are not counted; the
    warning shows what the amount would be if they were (issue 9: register data are proposals).
    One warning per set of pending proposals: a new fact asks the caseworker to look again."""
    pending = list(pending_proposals(application).order_by("id"))
    if not pending:
        return []
    preview = snapshot.result.get("if_proposals_accepted") or {}
    parts: list[tuple[str, dict]] = [
        ("register_proposals", {"facts": "; ".join(proposal_text(p) for p in pending)})
    ]
    if preview.get("amount") is not None:
        parts.append(
            (
                "register_proposals.amounts",
                {"amount": kr(snapshot.amount), "if_accepted": kr(preview["amount"])},
            )
        )
    return [
        _said(
            "register_proposals",
            ",".join(str(p.pk) for p in pending),
            {
                "proposal_ids": [p.pk for p in pending],
                "amount": str(snapshot.amount),
                "amount_if_accepted": preview.get("amount"),
            },
            *parts,
        )
    ]


def other_adult_rent(application, snapshot, report) -> list[Finding]:
    """Another adult lives in the home (a lodger, an adult child of 18–20 not in school) and no
    rent contribution is stated: the rent is counted in full, and the robot must not pay by
    itself a rent that the other adult may share. The caseworker assesses; the warning gives
    the per-head share as information and never changes the amount (rules/warnings.yaml)."""
    document = snapshot.input or {}
    rent = sum(
        (Decimal(c["amount"]) for c in document.get("costs", []) if c["type"] == "rent"), Decimal(0)
    )
    contributions = [i for i in document.get("incomes", []) if i["type"] == RENT_CONTRIBUTION]
    if rent <= 0 or sum((Decimal(i["amount"]) for i in contributions), Decimal(0)) > 0:
        return []
    # A contribution of 0 kr is the client's explicit "Nej, inget" to the e-service's question:
    # said in the warning, still for the caseworker to assess.
    answered_no = bool(contributions)
    members = document.get("members", [])
    outside = sorted(
        {
            r["member"]
            for r in snapshot.result.get("rows", [])
            if r["rule_id"] == "household_membership"
        }
    )
    home = max(len(members), document.get("household_size") or 0)
    unlisted = home - len(members)  # residents who are not registered members
    if not outside and not unlisted:
        return []
    in_norm = len(members) - len(outside)
    household_part = (rent * in_norm / home).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    rule = thresholds()["other_adult_rent"]
    many = "one" if home - in_norm == 1 else "many"  # the other adult, or the others
    return [
        _said(
            "other_adult_rent",
            ",".join([*outside, f"+{unlisted}"]),
            {
                "members": outside,
                "unlisted": unlisted,
                "rent": str(rent),
                "persons_in_norm": in_norm,
                "persons_in_home": home,
                "household_part": str(household_part),
                "client_answered_no": answered_no,
            },
            (
                "other_adult_rent." + ("answered_no" if answered_no else "not_stated"),
                {"names": _first_names(outside), "unlisted": unlisted, "rent": kr(rent)},
            ),
            (f"other_adult_rent.assess_{many}", {"income": INCOME_LABELS_SV[RENT_CONTRIBUTION]}),
            (
                f"other_adult_rent.share_{many}",
                {
                    "household_part": kr(household_part),
                    "in_norm": in_norm,
                    "home": home,
                    "other_part": kr(rent - household_part),
                    "reference": rule["legal_reference"],
                },
            ),
        )
    ]


def _first_names(member_keys: list[str]) -> list[str]:
    """The first names of the members ``p<person id>`` (the calculation's member keys)."""
    from ekb.people.models import Person

    ids = {k: int(k[1:]) for k in member_keys if k[:1] == "p" and k[1:].isdigit()}
    names = dict(Person.objects.filter(pk__in=ids.values()).values_list("pk", "first_name"))
    return [names.get(ids[k], "En vuxen") if k in ids else "En vuxen" for k in member_keys]


def register_unavailable(application, snapshot, report) -> list[Finding]:
    return [
        _said(
            "register_unavailable",
            source,
            {},
            ("register_unavailable", {"label": status.get("label", source)}),
        )
        for source, status in snapshot.result.get("register_status", {}).items()
        if status["status"] != "ok"
    ]


def income_change(application, snapshot, report) -> list[Finding]:
    previous = (
        # An application's calculation: a standard calculation before a meeting has none.
        CalculationSnapshot.objects.filter(
            case=application.case, month__lt=application.month, application__isnull=False
        )
        .order_by("-month", "-created_at", "-id")
        .first()
    )
    if previous is None or previous.countable_income == 0:
        return []
    change = (
        (snapshot.countable_income - previous.countable_income) / previous.countable_income * 100
    )
    limit = thresholds()["income_change"]["percent"]
    if abs(change) <= limit:
        return []
    return [
        _said(
            "income_change",
            "countable_income",
            {"previous": str(previous.countable_income), "current": str(snapshot.countable_income)},
            (
                "income_change",
                {
                    "change": f"{change:+.0f}",
                    "previous": kr(previous.countable_income),
                    "current": kr(snapshot.countable_income),
                },
            ),
        )
    ]


def supplement_overdue(application, snapshot, report) -> list[Finding]:
    today = timezone.localdate()
    grace = dt.timedelta(days=thresholds()["supplement_overdue"]["grace_days"])
    return [
        _said(
            "supplement_overdue",
            f"supplement:{request.pk}",
            {"supplement_request_id": request.pk},
            (
                "supplement_overdue",
                {"what": request.what, "due": f"{request.due_date:%Y-%m-%d}"},
            ),
        )
        for request in application.case.supplement_requests.filter(status=SupplementStatus.OPEN)
        if request.due_date + grace < today
    ]


def close_supplement_overdue(request) -> None:
    """The client has answered: the warning that the request was overdue closes."""
    CaseWarning.objects.filter(
        case=request.case, rule="supplement_overdue", detail__supplement_request_id=request.pk
    ).exclude(status=WarningStatus.CLOSED).update(
        status=WarningStatus.CLOSED, closed_at=timezone.now()
    )


def close_answered_by_certificate(certificate) -> int:
    """A registered läkarintyg answers the "läkarintyg saknas" warnings of the person's months it
    covers (the same cover as the rule below: the certificate runs over the month's first day),
    so they close now, not only at the next calculation. The number closed."""
    return (
        CaseWarning.objects.filter(
            case_id=certificate.case_id,
            rule="medical_certificate_missing",
            detail__person_id=certificate.person_id,
            application__month__gte=certificate.period_start,
            application__month__lte=certificate.period_end,
        )
        .exclude(status=WarningStatus.CLOSED)
        .update(status=WarningStatus.CLOSED, closed_at=timezone.now())
    )


def medical_certificate(application, snapshot, report) -> list[Finding]:
    rule = thresholds()["medical_certificate"]
    month = application.month
    if month < rule["valid_from"]:
        return []
    last_day = month_end(month)
    findings = []
    reasons = (
        ReasonForNeed.objects.filter(
            case=application.case, category__in=rule["reasons_for_need"], valid_from__lte=last_day
        )
        .exclude(valid_to__lt=month)
        .select_related("person")
    )
    for reason in reasons:
        covering = (
            MedicalCertificate.objects.filter(
                case=application.case,
                person=reason.person,
                period_start__lte=month,
                period_end__gte=month,
            )
            .order_by("-period_end")
            .first()
        )
        if covering is None:
            findings.append(
                _said(
                    "medical_certificate_missing",
                    f"{reason.person_id}:{month:%Y-%m}",
                    {"person_id": reason.person_id},
                    (
                        "medical_certificate_missing",
                        {
                            "name": reason.person.first_name,
                            "month": f"{month:%Y-%m}",
                            "reference": rule["legal_reference"],
                        },
                    ),
                )
            )
        elif covering.period_end <= last_day + dt.timedelta(days=rule["expiry_warning_days"]):
            findings.append(
                _said(
                    "medical_certificate_expiring",
                    f"{reason.person_id}:{covering.pk}",
                    {"certificate_id": covering.pk},
                    (
                        "medical_certificate_expiring",
                        {
                            "name": reason.person.first_name,
                            "day": f"{covering.period_end:%Y-%m-%d}",
                        },
                    ),
                )
            )
    return findings


def need_beyond_norm(application, snapshot, report) -> list[Finding]:
    """A need beyond the norm (winter clothes, a move, furniture ...) is not in the calculation:
    the robot proposes no amount for it, and the caseworker assesses whether it is needed for a
    reasonable standard of living (livsföring i övrigt)."""
    rule = thresholds()["need_beyond_norm"]
    needs = application.lines.filter(
        kind=LineKind.COST, type__in=OTHER_NEEDS, overridden=False
    ).order_by("id")
    return [
        _said(
            "need_beyond_norm",
            line.type,
            {"cost_type": line.type},
            (
                "need_beyond_norm",
                {
                    "label": _swedish(COSTS[line.type]),
                    "described": f" ({line.value})" if line.value.strip() else "",
                    "amount": kr(line.amount or 0),
                    "reference": rule["legal_reference"],
                },
            ),
        )
        for line in needs
    ]


def _swedish(cost) -> str:
    """A cost's staff term as the record states it, Swedish whatever the request's language."""
    with translation.override("sv"):
        return str(cost.staff_label)


RULES = (
    guideline_findings,
    need_beyond_norm,
    cost_above_history,
    register_proposals,
    register_unavailable,
    other_adult_rent,
    income_change,
    supplement_overdue,
    medical_certificate,
)


# --- life cycle ----------------------------------------------------------------------------


@transaction.atomic
def raise_warnings(
    application: Application, snapshot: CalculationSnapshot, report=None
) -> list[CaseWarning]:
    """Run every rule; create new warnings, close the resolved. An open warning whose cause
    still holds gets the figures of this calculation (a warning that says "1 250 kr → 4 503 kr"
    when the incomes are now 4 753 kr misleads the caseworker); an acknowledged one keeps the
    words that were acknowledged."""
    findings = [finding for rule in RULES for finding in rule(application, snapshot, report)]
    seen = set()
    result = []
    for finding in findings:
        fingerprint = f"{application.pk}:{finding.rule}:{finding.subject}"[:200]
        seen.add(fingerprint)
        warning, created = CaseWarning.objects.get_or_create(
            case=application.case,
            fingerprint=fingerprint,
            defaults={
                "application": application,
                "rule": finding.rule,
                "message": finding.message,
                "detail": finding.detail,
            },
        )
        if (
            not created
            and warning.status == WarningStatus.OPEN
            and (warning.message, warning.detail) != (finding.message, finding.detail)
        ):
            warning.message, warning.detail = finding.message, finding.detail
            warning.save(update_fields=["message", "detail"])
        result.append(warning)
    resolved = CaseWarning.objects.filter(application=application).exclude(
        status=WarningStatus.CLOSED
    )
    for warning in resolved.exclude(fingerprint__in=seen):
        warning.status = WarningStatus.CLOSED
        warning.closed_at = timezone.now()
        warning.save(update_fields=["status", "closed_at"])
    return result


class WarningStateError(ValueError):
    pass


@transaction.atomic
def do_acknowledge_warning(
    warning: CaseWarning, *, comment: str, acting_user, channel=Channel.WEB
) -> None:
    warning = CaseWarning.objects.select_for_update().get(pk=warning.pk)
    if warning.status != WarningStatus.OPEN:
        raise WarningStateError(_("Varningen är redan kvitterad eller stängd."))
    if not comment.strip():
        raise WarningStateError(_("Skriv en kommentar: vad du har kontrollerat eller bedömt."))
    warning.status = WarningStatus.ACKNOWLEDGED
    warning.acknowledged_by = acting_user
    warning.acknowledged_at = timezone.now()
    warning.comment = comment.strip()
    warning.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "comment"])
    record(action=Action.CHANGE_CASE, user=acting_user, case_id=warning.case_id, channel=channel)


def open_warnings(application, *, for_update: bool = False) -> list[CaseWarning]:
    """The application's warnings still open, oldest first (the decision step asks a comment for
    each; the caller has opened the application through its door). ``for_update`` locks them,
    for the decision that acknowledges them."""
    warnings = CaseWarning.objects.filter(application=application, status=WarningStatus.OPEN)
    if for_update:
        warnings = warnings.select_for_update()
    return list(warnings.order_by("created_at", "id"))
