"""The one builder of the norm engine's household-month contract (v1, schemas/household-month).

The robot (ekb.decisions.calculation, from an application), the client's estimate
(ekb.eservice.estimate, from a draft) and the demo (ekb.demo.history, from generated
households) each gather members, costs and incomes from their own source, and all three
assemble the document here, so the same facts give the same calculation wherever they come from.
"""

from __future__ import annotations

from collections.abc import Iterable

from ekb.norm.vocabulary import COST_TYPES, RENT_CONTRIBUTION
from ekb.people.models import MemberRole


def assemble(
    month: str,
    members: list[dict],
    costs: Iterable[dict],
    incomes: Iterable[dict],
    *,
    support_history: Iterable[str] = (),
    other_residents: int = 0,
) -> tuple[dict, list[dict]]:
    """The household-month document, and the costs beyond the norm (needs, decided one by one).

    - ``members``: contract entries (``id``, ``role``, ``birth_date`` ...), in order.
    - ``costs``: ``{"type", "amount"}``; a type the engine does not know is a need beyond the norm
      (livsföring i övrigt), decided on a line of its own, not calculated.
    - ``incomes``: ``{"member", "type", "amount", ...}``; an income tied to no member (None) is
      the applicant's. Another adult's income is their own, not the household's (FB 7 kap. 1 §),
      except what they pay towards the rent (income_types.yaml ``rent_contribution``).
    - ``other_residents``: persons living in the home who are not registered members; they
      raise the household size the common costs are shared by (SoF 2025:468 12 kap. 3 §).
    """
    applicant = next((m["id"] for m in members if m["role"] == MemberRole.APPLICANT), None)
    other_adults = {m["id"] for m in members if m["role"] == MemberRole.OTHER_ADULT}
    counted_costs: list[dict] = []
    needs: list[dict] = []
    for cost in costs:
        (counted_costs if cost["type"] in COST_TYPES else needs).append(cost)
    counted_incomes = []
    for income in incomes:
        member = income.get("member") or applicant
        if member in other_adults and income["type"] != RENT_CONTRIBUTION:
            continue
        counted_incomes.append({**income, "member": member})
    document = {
        "month": month,
        "cohabiting": any(m["role"] == MemberRole.CO_APPLICANT for m in members),
        "members": members,
        "costs": counted_costs,
        "incomes": counted_incomes,
        # Any adult's months: used by the engine only for a member without their own.
        "support_history": sorted(set(support_history)),
    }
    if other_residents:
        # Members listed (other adults among them) plus residents not registered as members.
        document["household_size"] = len(members) + other_residents
    return document, needs
