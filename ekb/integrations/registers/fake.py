"""A fake register, good enough to demo with and to script exactly in tests.

It knows only the identity numbers it is asked about, so it reads what a number tells: the
birth date (the first eight digits; a samordningsnummer has 60 added to the day), hence the age
in the month. It treats the numbers of one question as one household (the cases app asks about
the whole household), so:

* a number under 16 years is a child: barnbidrag of 1 250 kr per child (and flerbarnstillägg)
  goes to the first adult asked about, or is split equally between the first two adults, from
  the month after the child's birth (socialförsäkringsbalken 15 kap. 3 §);
* underhållsstöd per child under 18 goes to a single parent (one adult asked about) in a
  share of such households;
* every other benefit is a per-person draw from ``fake_register.yaml``: most persons have
  nothing in a given source; a person who has a benefit keeps it for a spell of months, with a
  level drawn once per spell and a small monthly variation.

Every draw is ``sha256(seed | identity number | benefit | ...)``, so the answer for a given
identity number and month is always the same, on every machine. Asking about children is
what makes child allowance appear: ask about adults only and there is none.

For tests, ``script()`` (or ``scripted=``) fixes a person's exact answer: a scripted person
gets exactly the scripted incomes and nothing generated; ``generate=False`` makes everyone
else answer nothing. ``down``, ``raising`` and ``slow``
make chosen sources switched off, failing or timing out; ``get_register_client()`` reads
``EKB_FAKE_REGISTER_DOWN="csn,akassa"`` from settings or the environment for demos.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ekb.integrations.registers.base import PerSourceClient, first_of_month, parse_sources
from ekb.integrations.registers.types import RegisterIncome, Source
from ekb.norm.vocabulary import INCOME_TYPES

DATA_FILE = Path(__file__).with_name("fake_register.yaml")


class FakeSourceError(RuntimeError):
    """Raised inside the fake for a source listed in ``raising``: a broken answer."""


@cache
def fake_data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def birth_date_of(identity_number: str) -> dt.date | None:
    year, month, day = (
        int(identity_number[:4]),
        int(identity_number[4:6]),
        int(identity_number[6:8]),
    )
    if day > 60:  # samordningsnummer
        day -= 60
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def age_on(identity_number: str, on: dt.date) -> int:
    """Whole years on ``on``; a number without a valid date counts as a 40-year-old."""
    born = birth_date_of(identity_number)
    if born is None:
        return 40
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _month_index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


@dataclass(frozen=True)
class _Household:
    adults: tuple[str, ...]  # 18 or older, in the order asked
    children: tuple[str, ...]  # under the child-allowance age
    minors: tuple[str, ...]  # under 18
    ages: dict[str, int]
    # Born before the month: barnbidrag is paid "från och med månaden efter barnets födelse"
    # (socialförsäkringsbalken 15 kap. 3 §), and a change in the number of children (the
    # flerbarnstillägg) counts from the month after the change (15 kap. 13 §); underhållsstöd
    # likewise from the month after the right arose (18 kap. 13 §). A child born on 20
    # December gives nothing for December.
    paid_for: frozenset[str] = frozenset()

    @classmethod
    def of(cls, numbers: Sequence[str], month: dt.date, child_age: int) -> _Household:
        ages = {n: age_on(n, month) for n in numbers}
        first_day = month.replace(day=1)
        return cls(
            adults=tuple(n for n in numbers if ages[n] >= 18),
            children=tuple(n for n in numbers if ages[n] < child_age),
            minors=tuple(n for n in numbers if ages[n] < 18),
            ages=ages,
            paid_for=frozenset(
                n for n in numbers if (born := birth_date_of(n)) is None or born < first_day
            ),
        )


class FakeRegisterClient(PerSourceClient):
    """Deterministic invented register data. Never use it with real persons' data in
    production: ``get_register_client()`` refuses it there."""

    backend = "fake"

    def __init__(
        self,
        *,
        down: Iterable[str] | str | None = None,
        raising: Iterable[str] | str | None = None,
        slow: Iterable[str] | str | None = None,
        scripted: Mapping[str, Mapping[str, Iterable[Sequence[Any]]]] | None = None,
        generate: bool = True,
    ) -> None:
        super().__init__(down=down)
        self.generate = generate  # False: only scripted persons have incomes
        self.raising = parse_sources(raising)
        self.slow = parse_sources(slow)
        self._scripts: dict[str, dict[Source, list[tuple[str, Decimal, str]]]] = {}
        self._script_months: dict[str, dt.date | None] = {}
        for number, by_source in (scripted or {}).items():
            self.script(number, by_source)

    # -- scripting ---------------------------------------------------------------------------

    def script(
        self,
        identity_number: str,
        incomes: Mapping[str, Iterable[Sequence[Any]]],
        *,
        month: dt.date | None = None,
    ) -> None:
        """Fix the exact answer for one person: ``{"fk": [("child_allowance", 1250)], ...}``.

        Each income is ``(income_type, amount)`` or ``(income_type, amount, benefit)``. Sources
        left out answer nothing for this person. With ``month``, only that month is scripted
        (other months answer nothing either)."""
        script: dict[Source, list[tuple[str, Decimal, str]]] = {}
        for code, items in incomes.items():
            (source,) = parse_sources([code])
            rows = []
            for item in items:
                income_type, amount, *rest = item
                if income_type not in INCOME_TYPES:
                    raise ValueError(
                        f"Unknown income type {income_type!r}; use one of {', '.join(INCOME_TYPES)}."
                    )
                rows.append((income_type, Decimal(str(amount)), rest[0] if rest else ""))
            script[source] = rows
        self._scripts[identity_number] = script
        self._script_months[identity_number] = first_of_month(month) if month else None

    # -- answering ---------------------------------------------------------------------------

    def fetch_source(
        self, source: Source, identity_numbers: list[str], month: dt.date
    ) -> list[RegisterIncome]:
        if source in self.raising:
            raise FakeSourceError("The fake source was told to fail.")
        if source in self.slow:
            raise TimeoutError("The fake source was told to time out.")
        data = fake_data()
        household = _Household.of(identity_numbers, month, data["child_allowance"]["under_age"])
        incomes: list[RegisterIncome] = []
        for number in identity_numbers:
            if number in self._scripts:
                incomes.extend(self._scripted(number, source, month))
        if not self.generate:
            return incomes
        generated = [n for n in identity_numbers if n not in self._scripts]
        if source == Source(data["child_allowance"]["source"]):
            incomes.extend(self._child_allowance(household, month, generated))
        if source == Source(data["maintenance_support"]["source"]):
            incomes.extend(self._maintenance_support(household, month, generated))
        for benefit in data["benefits"]:
            if Source(benefit["source"]) != source:
                continue
            for number in generated:
                income = self._benefit(benefit, number, household, month)
                if income is not None:
                    incomes.append(income)
        return incomes

    def _scripted(self, number: str, source: Source, month: dt.date) -> list[RegisterIncome]:
        only = self._script_months[number]
        if only is not None and only != month:
            return []
        return [
            RegisterIncome(
                identity_number=number,
                source=source,
                income_type=income_type,
                amount=amount,
                period_month=month,
                reference=self._reference(source, number, f"scripted-{i}", month),
                benefit=benefit,
            )
            for i, (income_type, amount, benefit) in enumerate(
                self._scripts[number].get(source, [])
            )
        ]

    def _child_allowance(
        self, household: _Household, month: dt.date, generated: list[str]
    ) -> list[RegisterIncome]:
        config = fake_data()["child_allowance"]
        count = len([c for c in household.children if c in household.paid_for])
        recipients = household.adults[:2]
        if not count or not recipients:
            return []
        allowance = Decimal(config["per_child"]) * count
        supplements = config["large_family_supplement"]
        if count > 5:
            supplement = Decimal(supplements[5]) + Decimal(
                config["large_family_supplement_each_above_5"]
            ) * (count - 5)
        else:
            supplement = Decimal(supplements.get(count, 0))
        share = Decimal(len(recipients))
        incomes = []
        for recipient in recipients:
            if recipient not in generated:
                continue
            for key, benefit, total in (
                ("child_allowance", "Barnbidrag", allowance),
                ("large_family_supplement", "Flerbarnstillägg", supplement),
            ):
                if total:
                    incomes.append(
                        self._income(
                            recipient,
                            Source.FORSAKRINGSKASSAN,
                            "child_allowance",
                            (total / share).quantize(Decimal("0.01")),
                            month,
                            key,
                            benefit,
                        )
                    )
        return incomes

    def _maintenance_support(
        self, household: _Household, month: dt.date, generated: list[str]
    ) -> list[RegisterIncome]:
        config = fake_data()["maintenance_support"]
        if len(household.adults) != 1 or household.adults[0] not in generated:
            return []
        parent = household.adults[0]
        minors = [
            n
            for n in household.minors
            if household.ages[n] < config["under_age"] and n in household.paid_for
        ]
        if not minors or _draw(parent, "maintenance_support", "has") >= config["share"]:
            return []
        total = Decimal(0)
        for child in minors:
            for low, high, amount in config["by_age"]:
                if low <= household.ages[child] <= high:
                    total += Decimal(amount)
        if not total:
            return []
        return [
            self._income(
                parent,
                Source.FORSAKRINGSKASSAN,
                "maintenance_support",
                total,
                month,
                "maintenance_support",
                "Underhållsstöd",
            )
        ]

    def _benefit(
        self, benefit: dict[str, Any], number: str, household: _Household, month: dt.date
    ) -> RegisterIncome | None:
        key = benefit["key"]
        low_age, high_age = benefit["ages"]
        if not low_age <= household.ages[number] <= high_age:
            return None
        requires = benefit.get("requires")
        if requires == "child" and not household.children:
            return None
        if requires == "child_under_8" and not any(
            household.ages[c] < 8 for c in household.children
        ):
            return None
        if benefit.get("adult_first") and (not household.adults or household.adults[0] != number):
            return None
        spell_months = benefit.get("spell_months")
        if spell_months:
            offset = int(_draw(number, key, "offset") * spell_months)
            spell = str((_month_index(month) + offset) // spell_months)
        else:
            spell = "always"
        if _draw(number, key, "has", spell) >= benefit["share"]:
            return None
        if _draw(number, key, "present", month.isoformat()) >= benefit.get("present", 1):
            return None
        if "levels" in benefit:
            levels = benefit["levels"]
            level = Decimal(levels[int(_draw(number, key, "level", spell) * len(levels))])
        else:
            low, high = benefit["amount"]
            level = Decimal(low) + Decimal(str(_draw(number, key, "level", spell))) * (high - low)
        variation = Decimal(str(benefit.get("variation", 0)))
        if variation:
            swing = Decimal(str(_draw(number, key, "vary", month.isoformat()))) * 2 - 1
            level *= 1 + variation * swing
        amount = level.quantize(Decimal(1))
        return self._income(
            number,
            Source(benefit["source"]),
            benefit["income_type"],
            amount,
            month,
            key,
            benefit["benefit"],
        )

    def _income(
        self,
        number: str,
        source: Source,
        income_type: str,
        amount: Decimal,
        month: dt.date,
        key: str,
        benefit: str,
    ) -> RegisterIncome:
        return RegisterIncome(
            identity_number=number,
            source=source,
            income_type=income_type,
            amount=Decimal(amount).quantize(Decimal("0.01")),
            period_month=month,
            reference=self._reference(source, number, key, month),
            benefit=benefit,
        )

    @staticmethod
    def _reference(source: Source, number: str, key: str, month: dt.date) -> str:
        digest = _digest(number, key, "reference", month.isoformat()).hex()[:10].upper()
        return f"{source.value.upper()}-{month:%Y%m}-{digest}"


def _digest(*parts: str) -> bytes:
    text = "|".join((fake_data()["seed"], *parts))
    return hashlib.sha256(text.encode("utf-8")).digest()


def _draw(*parts: str) -> float:
    """A number in [0, 1), the same for the same parts on every machine."""
    return int.from_bytes(_digest(*parts)[:8], "big") / 2**64
