"""Hypothesis strategies: valid household-months (contract v1) for 2025–2026."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import strategies as st

from ekb.norm.vocabulary import COST_TYPES, INCOME_TYPES

ADULT_INCOMES = [t for t in INCOME_TYPES if t != "child_salary"]
CHILD_INCOMES = [t for t in INCOME_TYPES if t != "salary"]

amounts = st.one_of(
    st.integers(min_value=0, max_value=30000),
    st.decimals(min_value=0, max_value=30000, places=2, allow_nan=False, allow_infinity=False).map(
        str
    ),
)


def _month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@st.composite
def membership_days(draw, member: dict, year: int, month: int) -> dict:
    """Sometimes a member joins or leaves during the month (in_household_from/_to)."""
    if draw(st.integers(0, 3)) != 0:
        return member
    last_day = calendar.monthrange(year, month)[1]
    birth = date.fromisoformat(member["birth_date"])
    born_here = (birth.year, birth.month) == (year, month)
    earliest = birth.day if born_here else 1
    first = draw(st.integers(1, last_day))
    last = draw(st.integers(max(first, earliest), last_day))
    if draw(st.booleans()):
        member["in_household_from"] = date(year, month, first).isoformat()
    if draw(st.booleans()):
        member["in_household_to"] = date(year, month, last).isoformat()
    return member


@st.composite
def child(draw, index: int, year: int, month: int) -> dict:
    # Completed years on the first of the month stay at most 20 (21 is an error).
    oldest = date(year - 21, month, 2)
    last = date(year, month, calendar.monthrange(year, month)[1])
    birth = draw(st.dates(min_value=oldest, max_value=last))
    member = {"id": f"c{index}", "role": "child", "birth_date": birth.isoformat()}
    if draw(st.booleans()):
        member["lunch_at_home"] = draw(st.booleans())
    if draw(st.booleans()):
        member["in_school"] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        member["days_in_household"] = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return draw(membership_days(member, year, month))


@st.composite
def households(draw, max_children: int = 9) -> dict:
    year = draw(st.integers(2025, 2026))
    month = draw(st.integers(1, 12))
    label = _month_label(year, month)
    adult_birth = st.dates(min_value=date(1940, 1, 1), max_value=date(2006, 12, 31)).map(
        date.isoformat
    )
    applicant = {"id": "p1", "role": "applicant", "birth_date": draw(adult_birth)}
    members = [draw(membership_days(applicant, year, month))]
    cohabiting = False
    if draw(st.booleans()):
        co = {"id": "p2", "role": "co_applicant", "birth_date": draw(adult_birth)}
        members.append(draw(membership_days(co, year, month)))
        cohabiting = draw(st.booleans())
    n_children = draw(st.integers(0, max_children))
    members += [draw(child(i + 1, year, month)) for i in range(n_children)]
    if draw(st.integers(0, 4)) == 0:  # a lodger or an adult child: shares the home only
        # Sometimes two, who may come and go on different days (the most on the same day).
        for k in range(draw(st.integers(1, 2))):
            lodger = {"id": f"o{k + 1}", "role": "other_adult", "birth_date": draw(adult_birth)}
            members.append(draw(membership_days(lodger, year, month)))
    hh: dict = {"month": label, "members": members}
    if cohabiting or draw(st.booleans()):
        hh["cohabiting"] = cohabiting
    if draw(st.integers(0, 4)) == 0:
        hh["household_size"] = len(members) + draw(st.integers(0, 4))
    hh["costs"] = draw(
        st.lists(
            st.fixed_dictionaries({"type": st.sampled_from(COST_TYPES), "amount": amounts}),
            max_size=5,
        )
    )
    incomes = []
    for m in members:
        kinds = CHILD_INCOMES if m["role"] == "child" else ADULT_INCOMES
        for kind in draw(st.lists(st.sampled_from(kinds), max_size=2)):
            income = {"member": m["id"], "type": kind, "amount": draw(amounts)}
            if kind == "child_salary" and draw(st.booleans()):
                income["earned_this_year_before"] = draw(st.integers(0, 70000))
            incomes.append(income)
    hh["incomes"] = incomes
    ordinal = year * 12 + month - 1
    hh["support_history"] = draw(support_history(ordinal))
    # Jobbstimulans is per person: sometimes an adult of the norm carries months of their own
    # (an empty list too: a new sambo), and the household's history applies to the others.
    for m in members:
        if m["role"] in ("applicant", "co_applicant") and draw(st.integers(0, 2)) == 0:
            m["support_history"] = draw(support_history(ordinal))
    return hh


@st.composite
def support_history(draw, ordinal: int) -> list[str]:
    """Months with försörjningsstöd before (and sometimes reaching past 64 months) the month."""
    offsets = draw(st.sets(st.integers(1, 90), max_size=60))
    if draw(st.booleans()):  # a solid run makes windows likely
        start = draw(st.integers(1, 90))
        offsets |= set(range(start, start + draw(st.integers(0, 40))))
    return sorted(_month_label((ordinal - k) // 12, (ordinal - k) % 12 + 1) for k in offsets)
