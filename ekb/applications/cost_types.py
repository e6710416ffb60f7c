"""Every cost a client can apply for, declared once.

The norm engine's vocabulary (``ekb.norm.vocabulary.COST_TYPES``, with its Swedish terms
``COST_LABELS_SV``) is the source of the costs the engine calculates; the needs beyond the norm
(``OTHER_NEEDS``, decided as livsföring i övrigt) are declared here. Each cost then has one row in
``DECLARED``: where the client is asked for it, the client's words for it, an optional hint, and
the decision purpose it is decided under. The e-service's steps, the draft's checks, the client
API, the caseworker's labels and the decision proposal all read this table, so a new cost type is
the norm's code and term, one row here, the English of the row's words in
ekb/locale/en/LC_MESSAGES/django.po, and the enum of schemas/application.v1.json (a published
contract, kept in step by tests/test_schemas.py). tests/applications/test_cost_types.py fails when
a cost type has no row or no Swedish label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ekb.norm.vocabulary import COST_LABELS_SV
from ekb.norm.vocabulary import COST_TYPES as NORM_COST_TYPES

# Needs beyond the norm that the norm engine does not calculate; decided as livsföring i övrigt.
# Each needs the client's description of what it is for.
OTHER_NEEDS: tuple[str, ...] = ("winter_clothing", "moving", "furniture", "other_need")


class Group(StrEnum):
    """Where the client is asked for the cost (the e-service's steps)."""

    HOUSING = "housing"  # the home, every month
    MONTHLY = "monthly"  # other costs every month
    NEED = "need"  # a one-off need, not carried into the next month's application


@dataclass(frozen=True)
class CostType:
    code: str
    group: Group
    label: Promise  # the client's words (the e-service, the estimate), translated when shown
    hint: Promise | str = ""
    # The decision purpose it is decided under (ekb.decisions.choices.Purpose; a code here,
    # since decisions sit above applications).
    purpose: str = "other"

    @property
    def one_off(self) -> bool:
        return self.group == Group.NEED

    @property
    def needs_description(self) -> bool:
        return self.code in OTHER_NEEDS

    @property
    def staff_label(self) -> str:
        """The caseworker's term: the norm's Swedish term, else the client's words."""
        return COST_LABELS_SV.get(self.code) or str(self.label)


DECLARED: tuple[CostType, ...] = (
    CostType(
        "rent",
        Group.HOUSING,
        _("Hyra"),
        _("Det du betalar i hyra eller avgift för bostaden varje månad."),
        purpose="rent",
    ),
    CostType(
        "electricity",
        Group.HOUSING,
        _("Hushållsel"),
        _("Elräkningen för hushållet, per månad."),
        purpose="electricity",
    ),
    CostType(
        "home_insurance",
        Group.HOUSING,
        _("Hemförsäkring"),
        _("Det du betalar för hemförsäkringen per månad."),
        purpose="home_insurance",
    ),
    CostType(
        "work_travel",
        Group.MONTHLY,
        _("Resor till och från arbete eller praktik"),
        _("Till exempel busskort för att ta dig till arbetet."),
        purpose="work_travel",
    ),
    # Union and unemployment-fund fees are part of the monthly livelihood.
    CostType("union_fee", Group.MONTHLY, _("Avgift till facket"), purpose="livelihood"),
    CostType(
        "unemployment_fund_fee", Group.MONTHLY, _("Avgift till a-kassan"), purpose="livelihood"
    ),
    CostType(
        "childcare_fee",
        Group.MONTHLY,
        _("Avgift för förskola eller fritids"),
        purpose="childcare",
    ),
    CostType("medical_care", Group.MONTHLY, _("Läkarbesök och vård"), purpose="medical"),
    CostType("medicine", Group.MONTHLY, _("Medicin"), purpose="medical"),
    CostType(
        "dental_care",
        Group.NEED,
        _("Tandvård"),
        _("Skriv vad kostnadsförslaget från tandläkaren säger."),
        purpose="dental",
    ),
    CostType(
        "glasses",
        Group.NEED,
        _("Glasögon"),
        _("Skriv vad glasögonen kostar enligt optikern."),
        purpose="glasses",
    ),
    CostType(
        "winter_clothing",
        Group.NEED,
        _("Vinterkläder till barn"),
        _("Till exempel vinterjacka, vinterskor eller overall."),
    ),
    CostType("moving", Group.NEED, _("Flytt"), _("Till exempel flyttbil eller flyttfirma.")),
    CostType(
        "furniture",
        Group.NEED,
        _("Möbler och husgeråd"),
        _("Till exempel säng, bord eller kastruller."),
    ),
    CostType(
        "other_need",
        Group.NEED,
        _("Något annat"),
        _("Något annat som du inte kan betala med pengarna för vardagen."),
    ),
)

_BY_CODE = {cost.code: cost for cost in DECLARED}
# Every cost a client may apply for: the norm's, in its order, then the needs beyond it. A norm
# code without a row is left out (and tests/applications/test_cost_types.py fails), rather than
# stopping every page at import.
COSTS: dict[str, CostType] = {
    code: _BY_CODE[code] for code in NORM_COST_TYPES + OTHER_NEEDS if code in _BY_CODE
}
APPLIABLE: tuple[str, ...] = tuple(COSTS)


def in_group(group: Group) -> tuple[str, ...]:
    return tuple(code for code, cost in COSTS.items() if cost.group == group)


ONE_OFF: tuple[str, ...] = in_group(Group.NEED)


def staff_label(code: str) -> str:
    """The caseworker's Swedish term for a cost code (the code itself when it is unknown)."""
    cost = COSTS.get(code)
    return cost.staff_label if cost else code
