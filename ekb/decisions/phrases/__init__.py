"""The phrase library: decision reasons and letter notices as dated data (YAML beside this file).

    from ekb.decisions.phrases import phrase, phrases_for, appeal_instructions

    phrase("livelihood.granted.norm", on=decided_on, month=october,
           amount=Decimal("5180"), income=Decimal("3000"), need=Decimal("8180"))
    # Phrase(text="Hushållets inkomster för oktober 2025, 3 000 kr, räcker inte ... 8 180 kr.
    #              Vi beviljar därför försörjningsstöd med 5 180 kr. ...",
    #        legal_reference="12 kap. 1 § socialtjänstlagen (2025:400)",
    #        key="livelihood.granted.norm", version="2025-07-01", ...)

``on`` is the decision date: it chooses the text and the act cited (socialtjänstlagen
2001:453 until 2025-06-30, 2025:400 from 2025-07-01). ``version`` is the latest ``valid_from``
among the text and the references used, so ``phrase(key, on=version)`` gives the same wording.
An unknown key, a purpose the phrase is not for, or a missing placeholder value is a
``PhraseError`` with a message that says what to do.

Reasons must be true (förvaltningslagen 32 §). A phrase may state facts about the calculation
("the income covers the norm and the costs"); it names them under ``when:`` and the conditions,
with the message a caseworker reads when one does not hold, are data in decisions.yaml. The facts
are computed from the calculation by the caller (``ekb.decisions.proposal.decision_facts``):

    unmet_conditions("livelihood.refused.income_above_norm", facts)   # [] when it may be used

A phrase marked ``gives_reasons: false`` ("Vi avslår din ansökan om ...") says what was decided
but not why: it never satisfies the duty to give reasons. A version may have a ``sv_couple``
text that addresses two applicants as "ni"; ``couple=True`` chooses it (a single applicant is
"du").
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import string
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone
from django.utils.translation import get_language

from ekb.decisions.choices import Outcome, Purpose
from ekb.norm.money import fmt_sv

HERE = Path(__file__).resolve().parent
ANY = "*"
MONTHS_SV = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DEFAULT_COMMITTEE = "socialnämnden"


class PhraseError(LookupError):
    """A phrase cannot be made: unknown key, nothing in force, wrong purpose, missing value."""

    def __str__(self) -> str:  # LookupError would quote the message like a KeyError
        return str(self.args[0]) if self.args else ""


class PhraseDataError(ValueError):
    """The YAML itself is wrong (overlapping dates, placeholders differing between languages)."""


@dataclass(frozen=True)
class Phrase:
    text: str  # Swedish, filled in
    legal_reference: str  # the references in force on the date, joined by "; "
    key: str
    version: str  # ISO date: the latest valid_from among the text and references used
    title: str = ""
    text_en: str = ""
    legal_reference_en: str = ""

    @property
    def blocks(self) -> list[tuple[str, Any]]:
        """The text as ("p", paragraph) and ("ul", [items]) blocks, for templates."""
        return _blocks(self.text)


@dataclass(frozen=True)
class PhraseChoice:
    """A phrase a caseworker may pick, before its placeholders are filled."""

    key: str
    title: str
    template: str  # Swedish, with {placeholders}
    placeholders: tuple[str, ...]  # those the caller must give ({purpose} is filled here)
    legal_reference: str
    version: str
    is_default: bool
    title_en: str = ""
    template_en: str = ""

    @property
    def staff_title(self) -> str:
        """The title in the reader's language (the English title for staff who chose it)."""
        return self.title_en if staff_language() == "en" and self.title_en else self.title


# -- loading and checking the data ------------------------------------------------------------


@dataclass(frozen=True)
class _Version:
    valid_from: dt.date
    valid_to: dt.date | None
    sv: str
    en: str
    sv_couple: str = ""  # the same text addressing two applicants as "ni"
    en_couple: str = ""

    def text(self, lang: str, couple: bool) -> str:
        if lang == "sv":
            return (self.sv_couple if couple else "") or self.sv
        return (self.en_couple if couple else "") or self.en


@dataclass(frozen=True)
class _Entry:
    key: str
    purposes: tuple[str, ...]  # () for notices
    outcome: str | None
    default: bool
    references: tuple[str, ...]
    title_sv: str
    title_en: str
    versions: tuple[_Version, ...]
    when: tuple[str, ...] = ()  # conditions that must hold; "not:name" for the opposite
    gives_reasons: bool = True
    title_sv_couple: str = ""  # the title addressing two applicants as "ni"
    # The client must be told what the decision would rest on first (förvaltningslagen 25 §).
    communicate: bool = False


@dataclass(frozen=True)
class _Condition:
    sv: str  # what is wrong when the condition does not hold, for the caseworker
    en: str
    sv_not: str  # ... when "not:<name>" does not hold
    en_not: str


@dataclass(frozen=True)
class _Library:
    entries: dict[str, _Entry]
    conditions: dict[str, _Condition]
    references: dict[str, tuple[_Version, ...]]
    purpose_references: dict[str, tuple[str, ...]]
    purpose_text: dict[str, dict[str, str]]


def _load_yaml(name: str) -> dict[str, Any]:
    with (HERE / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _versions(where: str, raw: list[dict[str, Any]]) -> tuple[_Version, ...]:
    versions = []
    for item in raw:
        valid_from, valid_to = item["valid_from"], item.get("valid_to")
        if not isinstance(valid_from, dt.date) or (
            valid_to is not None and not isinstance(valid_to, dt.date)
        ):
            raise PhraseDataError(f"{where}: valid_from/valid_to must be dates (YYYY-MM-DD).")
        if valid_to is not None and valid_to < valid_from:
            raise PhraseDataError(f"{where}: valid_to {valid_to} is before valid_from.")
        sv, en = (item.get("sv") or "").strip(), (item.get("en") or "").strip()
        sv_couple = (item.get("sv_couple") or "").strip()
        en_couple = (item.get("en_couple") or "").strip()
        if not sv or not en:
            raise PhraseDataError(f"{where} ({valid_from}): needs both an sv and an en text.")
        for text in (en, sv_couple, en_couple):
            if text and set(placeholders(sv)) != set(placeholders(text)):
                raise PhraseDataError(
                    f"{where} ({valid_from}): the sv and en texts use different placeholders."
                )
        versions.append(_Version(valid_from, valid_to, sv, en, sv_couple, en_couple))
    versions.sort(key=lambda v: v.valid_from)
    for earlier, later in zip(versions, versions[1:], strict=False):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise PhraseDataError(
                f"{where}: the version from {earlier.valid_from} overlaps the one from "
                f"{later.valid_from}; give the earlier one a valid_to before it."
            )
    if not versions:
        raise PhraseDataError(f"{where}: no versions.")
    return tuple(versions)


@cache
def library() -> _Library:
    refs_data = _load_yaml("references.yaml")
    references = {
        key: _versions(f"reference {key}", raw) for key, raw in refs_data["references"].items()
    }
    purpose_references = {p: tuple(r) for p, r in refs_data["purpose_references"].items()}
    purpose_text = refs_data["purpose_text"]
    if set(purpose_references) != set(Purpose.values) or set(purpose_text) != set(Purpose.values):
        raise PhraseDataError("references.yaml: every purpose needs references and a text.")
    entries: dict[str, _Entry] = {}
    decisions_data = _load_yaml("decisions.yaml")
    conditions = {
        name: _Condition(
            sv=raw["sv"].strip(),
            en=raw["en"].strip(),
            sv_not=raw["sv_not"].strip(),
            en_not=raw["en_not"].strip(),
        )
        for name, raw in decisions_data.get("conditions", {}).items()
    }
    raw_entries = {
        **decisions_data["phrases"],
        **_load_yaml("notices.yaml")["notices"],
    }
    for key, raw in raw_entries.items():
        notice = key.startswith("notice.")
        purposes = tuple(raw.get("purposes", ()))
        if not notice:
            if not purposes or not set(purposes) <= {ANY, *Purpose.values}:
                raise PhraseDataError(f"phrase {key}: purposes must be Purpose codes or '*'.")
            if raw.get("outcome") not in Outcome.values:
                raise PhraseDataError(f"phrase {key}: outcome must be one of {Outcome.values}.")
        refs = tuple(raw.get("references", ["purpose"] if not notice else []))
        for ref in refs:
            if ref != "purpose" and ref not in references:
                raise PhraseDataError(f"phrase {key}: unknown reference {ref!r}.")
        when = tuple(raw.get("when", ()))
        for condition in when:
            if condition.removeprefix("not:") not in conditions:
                raise PhraseDataError(f"phrase {key}: unknown condition {condition!r}.")
        entries[key] = _Entry(
            key=key,
            purposes=purposes,
            outcome=raw.get("outcome"),
            default=bool(raw.get("default", False)),
            references=refs,
            title_sv=raw["title"]["sv"],
            title_en=raw["title"]["en"],
            versions=_versions(f"phrase {key}", raw["versions"]),
            when=when,
            gives_reasons=bool(raw.get("gives_reasons", True)),
            title_sv_couple=raw["title"].get("sv_couple", ""),
            communicate=bool(raw.get("communicate", False)),
        )
    return _Library(entries, conditions, references, purpose_references, purpose_text)


# -- formatting -------------------------------------------------------------------------------


def placeholders(template: str) -> tuple[str, ...]:
    """The placeholder names in a template, in order of first use."""
    names: list[str] = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)


def format_amount(value: Any, *, lang: str = "sv") -> str:
    """Swedish: "1 234 kr", "1 234,50 kr". English: "SEK 1,234", "SEK 1,234.50"."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).replace(" ", ""))
    except InvalidOperation:
        raise PhraseError(f"{value!r} is not an amount.") from None
    if lang == "sv":
        return f"{fmt_sv(amount)} kr"
    text = f"{amount.quantize(Decimal('0.01')):,.2f}"
    return f"SEK {text[:-3] if text.endswith('.00') else text}"


def format_month(value: dt.date, *, lang: str = "sv") -> str:
    names = MONTHS_SV if lang == "sv" else MONTHS_EN
    return f"{names[value.month - 1]} {value.year}"


def format_date(value: dt.date, *, lang: str = "sv") -> str:
    if lang == "sv":
        return f"{value.day} {MONTHS_SV[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def _is_money(name: str) -> bool:
    return name in {"amount", "income", "need"} or name.endswith("_amount") or "amount_" in name


# -- conditions -------------------------------------------------------------------------------


def unmet_conditions(
    key: str, facts: dict[str, Any] | None, *, skip_unknown: bool = False, **values: Any
) -> list[str]:
    """The caseworker's messages for the conditions of phrase ``key`` that do not hold.

    ``facts`` maps condition names to True/False; a condition whose fact is unknown does not
    hold (a phrase that states a fact is never used on a guess), unless ``skip_unknown``.
    ``values`` fill the messages ({income}, {need}, ...). The messages are in the reader's
    language (the condition's ``en`` text for staff who chose English), amounts in Swedish
    format in both."""
    lang = staff_language()
    entry = _entry(key)
    facts = facts or {}
    messages = []
    for name in entry.when:
        negated = name.startswith("not:")
        fact = facts.get(name.removeprefix("not:"))
        if fact is None and skip_unknown:
            continue
        if fact is None or bool(fact) == negated:
            condition = library().conditions[name.removeprefix("not:")]
            if lang == "en":
                template = condition.en_not if negated else condition.en
            else:
                template = condition.sv_not if negated else condition.sv
            try:
                messages.append(
                    template.format(
                        **{n: _staff_value(n, values[n], lang) for n in placeholders(template)}
                    )
                )
            except KeyError:
                messages.append(re.sub(r"\s*\{[^}]*\}", "", template))
    return messages


def staff_language() -> str:
    """ "en" for a member of staff who chose English, else "sv" (the letter is always Swedish)."""
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _staff_value(name: str, value: Any, lang: str) -> str:
    """A value in a message to staff: amounts as "7 100 kr" in both languages, dates and months
    in the reader's language."""
    if _is_money(name) or isinstance(value, Decimal):
        return _format_value(name, value, "sv")
    return _format_value(name, value, lang)


def gives_reasons(key: str) -> bool:
    """False for a phrase that says what was decided but not why (förvaltningslagen 32 §)."""
    return _entry(key).gives_reasons


def _format_value(name: str, value: Any, lang: str) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        if name == "month" or name.endswith("_month"):
            return format_month(value, lang=lang)
        return format_date(value, lang=lang)
    if _is_money(name) or isinstance(value, Decimal):
        return format_amount(value, lang=lang)
    return str(value).strip()


def _blocks(text: str) -> list[tuple[str, Any]]:
    blocks: list[tuple[str, Any]] = []
    for paragraph in text.split("\n\n"):
        lines = [line.strip() for line in paragraph.strip().splitlines() if line.strip()]
        items = [line[2:] for line in lines if line.startswith("- ")]
        lead = " ".join(line for line in lines if not line.startswith("- "))
        if lead:
            blocks.append(("p", lead))
        if items:
            blocks.append(("ul", items))
    return blocks


# -- choosing ---------------------------------------------------------------------------------


def _entry(key: str) -> _Entry:
    entries = library().entries
    if key not in entries:
        near = difflib.get_close_matches(key, entries, n=3)
        hint = f" Did you mean {', '.join(near)}?" if near else ""
        raise PhraseError(f"Unknown phrase {key!r}.{hint}")
    return entries[key]


def _in_force(versions: tuple[_Version, ...], on: dt.date, what: str) -> _Version:
    for version in versions:
        if version.valid_from <= on and (version.valid_to is None or on <= version.valid_to):
            return version
    raise PhraseError(f"{what} has no text in force on {on.isoformat()}.")


def _check_date(on: Any) -> dt.date:
    if isinstance(on, dt.datetime):
        return timezone.localtime(on).date() if timezone.is_aware(on) else on.date()
    if not isinstance(on, dt.date):
        raise PhraseError("Give on= as the decision date (a date).")
    return on


def _purpose_of(entry: _Entry, purpose: Any) -> str | None:
    if not entry.purposes:
        return None
    if purpose is None:
        if entry.purposes != (ANY,) and len(entry.purposes) == 1:
            return entry.purposes[0]
        raise PhraseError(f"Phrase {entry.key!r} is for several purposes; give purpose=.")
    code = str(purpose)
    if code not in Purpose.values:
        raise PhraseError(f"Unknown purpose {code!r}; use one of {', '.join(Purpose.values)}.")
    if ANY not in entry.purposes and code not in entry.purposes:
        raise PhraseError(f"Phrase {entry.key!r} is not for the purpose {code!r}.")
    return code


def _reference_keys(entry: _Entry, purpose: str | None) -> list[str]:
    keys: list[str] = []
    for ref in entry.references:
        if ref == "purpose":
            if purpose is None:
                raise PhraseError(f"Phrase {entry.key!r} cites the purpose; give purpose=.")
            keys.extend(library().purpose_references[purpose])
        else:
            keys.append(ref)
    return list(dict.fromkeys(keys))


_ACT = re.compile(r"^(?P<part>.+?) (?P<act>[^\s()]+ \(\d{4}:\d+\))$")


def join_references(references: list[str]) -> str:
    """Swedish citation: "12 kap. 1 § och 12 kap. 7 § socialtjänstlagen (2025:400)";
    different acts are separated by "; "."""
    groups: list[tuple[str | None, list[str]]] = []
    for reference in references:
        match = _ACT.match(reference)
        act, part = (match["act"], match["part"]) if match else (None, reference)
        if groups and act is not None and groups[-1][0] == act:
            groups[-1][1].append(part)
        else:
            groups.append((act, [part]))
    texts = []
    for act, parts in groups:
        joined = ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else parts[0]
        texts.append(f"{joined} {act}" if act else joined)
    return "; ".join(texts)


def _references(keys: list[str], on: dt.date) -> tuple[list[_Version], str, str]:
    found = [_in_force(library().references[k], on, f"Reference {k!r}") for k in keys]
    return found, join_references([v.sv for v in found]), "; ".join(v.en for v in found)


def _fill(template: str, values: dict[str, Any], lang: str, key: str) -> str:
    needed = placeholders(template)
    missing = [n for n in needed if values.get(n) is None or str(values[n]).strip() == ""]
    if missing:
        raise PhraseError(
            f"Phrase {key!r} needs a value for {', '.join(missing)}"
            f" (given: {', '.join(sorted(values)) or 'none'})."
        )
    return template.format(**{n: _format_value(n, values[n], lang) for n in needed})


def phrase(key: str, *, on: dt.date, couple: bool = False, **values: Any) -> Phrase:
    """The phrase ``key`` as in force on ``on``, filled with ``values``.

    ``purpose`` is a Purpose code; it fills {purpose} and chooses the references of a phrase
    that serves several purposes."""
    on = _check_date(on)
    entry = _entry(key)
    version = _in_force(entry.versions, on, f"Phrase {key!r}")
    purpose = _purpose_of(entry, values.pop("purpose", None))
    refs, reference_sv, reference_en = _references(_reference_keys(entry, purpose), on)
    sv_values, en_values = dict(values), dict(values)
    if purpose is not None:
        sv_values["purpose"] = library().purpose_text[purpose]["sv"]
        en_values["purpose"] = library().purpose_text[purpose]["en"]
    if "committee" not in values:
        sv_values["committee"] = en_values["committee"] = DEFAULT_COMMITTEE
    return Phrase(
        text=_fill(version.text("sv", couple), sv_values, "sv", key),
        legal_reference=reference_sv,
        key=key,
        version=max([version.valid_from, *(r.valid_from for r in refs)]).isoformat(),
        title=(entry.title_sv_couple if couple else "") or entry.title_sv,
        text_en=_fill(version.text("en", couple), en_values, "en", key),
        legal_reference_en=reference_en,
    )


def phrases_for(purpose: str, outcome: str, *, on: dt.date) -> list[PhraseChoice]:
    """The phrases a caseworker may pick for a decision line, the defaults first."""
    on = _check_date(on)
    purpose, outcome = str(purpose), str(outcome)
    if purpose not in Purpose.values:
        raise PhraseError(f"Unknown purpose {purpose!r}; use one of {', '.join(Purpose.values)}.")
    if outcome not in Outcome.values:
        raise PhraseError(f"Unknown outcome {outcome!r}; use one of {', '.join(Outcome.values)}.")
    choices = []
    for entry in library().entries.values():
        if entry.outcome != outcome or not (ANY in entry.purposes or purpose in entry.purposes):
            continue
        try:
            version = _in_force(entry.versions, on, entry.key)
            refs, reference_sv, _ = _references(_reference_keys(entry, purpose), on)
        except PhraseError:
            continue
        choices.append(
            PhraseChoice(
                key=entry.key,
                title=entry.title_sv,
                template=version.sv,
                placeholders=tuple(
                    p for p in placeholders(version.sv) if p not in {"purpose", "committee"}
                ),
                legal_reference=reference_sv,
                version=max([version.valid_from, *(r.valid_from for r in refs)]).isoformat(),
                is_default=entry.default,
                title_en=entry.title_en,
                template_en=version.en,
            )
        )
    specific = [c for c in choices if not c.key.startswith("any.")]
    generic = [c for c in choices if c.key.startswith("any.")]
    ordered = specific + generic
    return sorted(ordered, key=lambda c: not c.is_default)  # stable: defaults first


def legal_reference_for(purpose: str, *, on: dt.date) -> str:
    """What a decision line for ``purpose`` cites when no phrase says otherwise."""
    on = _check_date(on)
    if str(purpose) not in Purpose.values:
        raise PhraseError(f"Unknown purpose {purpose!r}; use one of {', '.join(Purpose.values)}.")
    keys = list(library().purpose_references[str(purpose)])
    return _references(keys, on)[1]


def purpose_reference_keys(purpose: str) -> list[str]:
    """The reference keys a decision line for ``purpose`` cites when no phrase says otherwise."""
    if str(purpose) not in Purpose.values:
        raise PhraseError(f"Unknown purpose {purpose!r}; use one of {', '.join(Purpose.values)}.")
    return list(library().purpose_references[str(purpose)])


def legal_reference_from_keys(keys: list[str], *, on: dt.date) -> str:
    """The citation of ``keys`` as in force on ``on`` (the day the decision is made)."""
    return _references(list(keys), _check_date(on))[1]


def default_phrase(
    purpose: str,
    outcome: str,
    *,
    on: dt.date,
    amount: Any = None,
    facts: dict[str, Any] | None = None,
    couple: bool = False,
    **values: Any,
) -> Phrase:
    """The first default phrase for the line that ``values`` can fill and whose conditions
    hold for ``facts``. ``month`` defaults to ``on``."""
    on = _check_date(on)
    values.setdefault("month", on)
    if amount is not None:
        values["amount"] = amount
    # A phrase that states the facts of the case (it has conditions, and they hold) comes
    # before a general one; a phrase that gives no reasons comes last.
    choices = sorted(
        phrases_for(purpose, outcome, on=on),
        key=lambda c: (not _entry(c.key).when, not _entry(c.key).gives_reasons),
    )
    for choice in choices:
        if (
            choice.is_default
            and all(
                values.get(p) is not None and str(values[p]).strip() != ""
                for p in choice.placeholders
            )
            and not unmet_conditions(choice.key, facts)
        ):
            return phrase(choice.key, on=on, purpose=purpose, couple=couple, **values)
    raise PhraseError(
        f"No default phrase for {purpose}/{outcome} on {on.isoformat()} can be filled with "
        f"{', '.join(sorted(values))}."
    )


def identify_phrase(
    text: str, purpose: str, outcome: str, *, on: dt.date, couple: bool = False, **values: Any
) -> str | None:
    """The key of the phrase whose text, filled with ``values``, is ``text`` (spaces aside):
    how a reason the caseworker left as proposed is checked against its conditions."""
    wanted = " ".join((text or "").split())
    if not wanted:
        return None
    for choice in phrases_for(purpose, outcome, on=on):
        try:
            filled = phrase(choice.key, on=on, purpose=purpose, couple=couple, **values).text
        except PhraseError:
            continue
        if " ".join(filled.split()) == wanted:
            return choice.key
    return None


def default_reason(
    purpose: str,
    outcome: str,
    *,
    on: dt.date,
    amount: Any = None,
    facts: dict[str, Any] | None = None,
    couple: bool = False,
    **values: Any,
) -> str:
    """The text of the first default phrase for the line that ``values`` can fill.

    ``month`` defaults to ``on``. Used for the robot's proposal; the caseworker may change it."""
    return default_phrase(
        purpose, outcome, on=on, amount=amount, facts=facts, couple=couple, **values
    ).text


def needs_communication(key: str) -> bool:
    """True for a reason the client must have been told about before it is decided
    (``communicate: true``: förvaltningslagen 25 §, ekb.decisions.prior_steps)."""
    return _entry(key).communicate


def communicated_phrases(*, on: dt.date) -> list[str]:
    """The keys of the phrases in force on ``on`` that need communication first."""
    on = _check_date(on)
    keys = []
    for entry in library().entries.values():
        if not entry.communicate:
            continue
        try:
            _in_force(entry.versions, on, entry.key)
        except PhraseError:
            continue
        keys.append(entry.key)
    return keys


def _template_pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern: its fixed words as they stand (spaces aside), every
    placeholder as any text. How a reason is recognised as a phrase whose placeholders are the
    caseworker's own sentences ({missed}, {proportionality}), which identify_phrase cannot fill."""
    parts: list[str] = []
    named: set[str] = set()
    for literal, name, _spec, _conv in string.Formatter().parse(" ".join(template.split())):
        parts.append(r"\s+".join(re.escape(word) for word in literal.split(" ")))
        if name is not None:
            # Each placeholder is a named group the first time (its filled text can be read
            # back: communicated_phrase_values), any text again after that.
            if name.isidentifier() and name not in named:
                named.add(name)
                parts.append(rf"(?P<{name}>(?s:.+?))")
            else:
                parts.append(r"(?s:.+?)")
    return re.compile(r"\s*" + "".join(parts) + r"\s*")


def communicated_phrase_in(text: str, *, purpose: str, outcome: str, on: dt.date) -> str | None:
    """The key of the phrase needing communication that ``text`` is, with its placeholders
    filled in any way, in either address form; None when it is none of them. A caseworker who
    rewrites the fixed words has written her own reasons: the guard then asks, while an activity
    task is open, for the communication or her statement that the decision does not rest on the
    activity requirement (ekb.notices.communication.decision_problems)."""
    found = communicated_phrase_values(text, purpose=purpose, outcome=outcome, on=on)
    return found[0] if found is not None else None


def communicated_phrase_values(
    text: str, *, purpose: str, outcome: str, on: dt.date
) -> tuple[str, dict[str, str]] | None:
    """As ``communicated_phrase_in``, with the text each placeholder was filled with
    ({"communicated_on": "20 november 2026", "missed": ...}), so the guard can compare them
    with the communication the line rests on."""
    on = _check_date(on)
    wanted = " ".join((text or "").split())
    if not wanted:
        return None
    for key in communicated_phrases(on=on):
        entry = _entry(key)
        if entry.outcome != str(outcome) or not (
            ANY in entry.purposes or str(purpose) in entry.purposes
        ):
            continue
        version = _in_force(entry.versions, on, key)
        for template in (version.sv, version.sv_couple):
            match = _template_pattern(template).fullmatch(wanted) if template else None
            if match:
                return key, {k: v.strip() for k, v in match.groupdict().items()}
    return None


@cache
def _amounts_pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern whose every ``{amount}`` is a group of its own (amount_0,
    amount_1, ...) and every other placeholder any text: how the amounts a reason states are
    read back (written_amounts)."""
    parts: list[str] = []
    count = 0
    for literal, name, _spec, _conv in string.Formatter().parse(" ".join(template.split())):
        parts.append(r"\s+".join(re.escape(word) for word in literal.split(" ")))
        if name == "amount":
            parts.append(rf"(?P<amount_{count}>(?s:.+?))")
            count += 1
        elif name is not None:
            parts.append(r"(?s:.+?)")
    return re.compile(r"\s*" + "".join(parts) + r"\s*")


def written_amounts(text: str, *, purpose: str, on: dt.date) -> list[str]:
    """The text standing where a phrase of ``purpose`` in force on ``on`` has ``{amount}``
    (the line's amount, "7 500 kr"), when ``text`` is such a phrase with its placeholders filled
    in any way, in either address form and for any outcome (a text kept from another outcome
    still states its amount); [] for the caseworker's own words or a phrase without one."""
    on = _check_date(on)
    wanted = " ".join((text or "").split())
    if not wanted:
        return []
    for entry in library().entries.values():
        if not (ANY in entry.purposes or str(purpose) in entry.purposes):
            continue
        try:
            version = _in_force(entry.versions, on, entry.key)
        except PhraseError:
            continue
        for template in (version.sv, version.sv_couple):
            if not template or "amount" not in placeholders(template):
                continue
            match = _amounts_pattern(template).fullmatch(wanted)
            if match:
                return [v.strip() for v in match.groupdict().values()]
    return []


def parse_amount(text: str) -> Decimal | None:
    """ "7 500 kr", "7 500,50 kr", "7500" as a Decimal; None when it is not an amount."""
    cleaned = re.sub(r"\s|\u00a0|\u202f", "", (text or "")).removesuffix("kr")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    return Decimal(cleaned)


def phrase_reference_keys(key: str, *, purpose: str | None = None) -> list[str]:
    """The reference keys phrase ``key`` cites ("purpose" resolved for ``purpose``)."""
    entry = _entry(key)
    return _reference_keys(entry, _purpose_of(entry, purpose))


def appeal_instructions(
    *,
    on: dt.date,
    municipality_name: str,
    committee: str = DEFAULT_COMMITTEE,
    couple: bool = False,
) -> Phrase:
    """Överklagandehänvisning (förvaltningslagen 33 § and 40–44 §§)."""
    return phrase(
        "notice.appeal",
        on=on,
        couple=couple,
        municipality_name=municipality_name,
        committee=committee,
    )


def automated_notice(
    *,
    on: dt.date,
    automation_decision: str,
    committee: str = DEFAULT_COMMITTEE,
    couple: bool = False,
) -> Phrase:
    """The notice on a decision made automatically: förvaltningslagen 28 § and the committee's
    decision to automate."""
    return phrase(
        "notice.automated",
        on=on,
        couple=couple,
        committee=committee,
        automation_decision=automation_decision,
    )


def children_notice(
    *, on: dt.date, consideration: str, couple: bool = False, child_name: str = ""
) -> Phrase:
    """How the children's situation was considered, in plain words (barnets bästa). With
    ``child_name`` (the household's only child) the text speaks of that child."""
    key = (
        "notice.children.one"
        if not unmet_conditions("notice.children.one", {"one_child": bool(child_name)})
        else "notice.children"
    )
    return phrase(
        key, on=on, couple=couple, consideration=consideration, child_name=child_name or None
    )


def oral_notice(*, on: dt.date, meeting_date: dt.date, couple: bool = False) -> Phrase:
    """The notice on a letter confirming a decision first given orally in a meeting."""
    return phrase("notice.oral", on=on, couple=couple, meeting_date=meeting_date)


__all__ = [
    "Phrase",
    "PhraseChoice",
    "PhraseDataError",
    "PhraseError",
    "appeal_instructions",
    "automated_notice",
    "children_notice",
    "communicated_phrase_in",
    "communicated_phrases",
    "default_phrase",
    "default_reason",
    "format_amount",
    "gives_reasons",
    "identify_phrase",
    "format_date",
    "format_month",
    "join_references",
    "legal_reference_for",
    "legal_reference_from_keys",
    "library",
    "needs_communication",
    "phrase_reference_keys",
    "oral_notice",
    "phrase",
    "phrases_for",
    "placeholders",
    "purpose_reference_keys",
    "unmet_conditions",
]
