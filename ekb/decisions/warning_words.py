"""A warning's words in the reader's language.

A warning is stored as a finished Swedish sentence (`CaseWarning.message`): that is the record,
the text a caseworker acknowledged. Beside it the rule stores how the sentence was made, in
`CaseWarning.detail["words"]`: a list of [key, values] parts. Each key names one Swedish
template below (a gettext msgid, so ekb/locale/en has its English), and the values are the
amounts (already "7 100 kr"), names, dates and terms that fill it. At display time
`warning_text` builds the sentence again in the language of the page; a warning stored before
the words existed (no "words") shows its stored Swedish text, and so does every warning for a
reader who reads Swedish. Amounts stay in Swedish format in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from ekb.norm.vocabulary import INCOME_LABELS_SV

# The fixed words of a register fact (register_proposals.proposal_text and the outcome a tried
# fact gets), translated phrase by phrase around the names and amounts; longest first.
FACT_PHRASES = (
    gettext_noop("godtas den räknas registrets i stället för ansökans"),
    gettext_noop("inte prövad än, visas i en ny varning"),
    gettext_noop("räknas i beräkningen"),
    gettext_noop("inte med i ansökan"),
    gettext_noop("enligt registret"),
    gettext_noop("enligt ansökan"),
    gettext_noop("för hushållet"),
    gettext_noop("räknas inte"),
    gettext_noop("godtagen"),
    gettext_noop("avvisad"),
    gettext_noop("för"),
    gettext_noop("av"),
)
_FACTS = re.compile(
    "|".join(
        rf"(?<!\w){re.escape(phrase)}(?!\w)"
        for phrase in sorted({*INCOME_LABELS_SV.values(), *FACT_PHRASES}, key=len, reverse=True)
    )
)


def register_facts(text: str) -> str:
    """Register facts as proposal_text wrote them (Swedish), in the language of the page. What
    stands in parentheses (the register's benefit name, whose lines, the caseworker's reason)
    is someone's own words and stays as written."""
    segments: list[list] = []  # [inside parentheses?, text]
    depth = 0
    for char in text:
        inside = depth > 0 or char == "("
        if not segments or segments[-1][0] != inside:
            segments.append([inside, ""])
        segments[-1][1] += char
        depth = max(0, depth + {"(": 1, ")": -1}.get(char, 0))
    return "".join(
        part if inside else _FACTS.sub(lambda m: gettext(m.group(0)), part)
        for inside, part in segments
    )


@dataclass(frozen=True)
class Template:
    text: str  # Swedish, with %(name)s placeholders
    terms: tuple[str, ...] = ()  # values that are Swedish terms, translated when shown
    compose: Callable[[dict[str, Any], bool], dict[str, Any]] | None = None


def _facts(values: dict[str, Any], english: bool) -> dict[str, Any]:
    return {**values, "facts": register_facts(values["facts"]) if english else values["facts"]}


def _who(values: dict[str, Any], english: bool) -> dict[str, Any]:
    """ "Elias och 1 person till": the first names, then the residents who are not members."""
    names = list(values["names"])
    unlisted = int(values.get("unlisted") or 0)
    if unlisted:
        if english:
            more = ngettext("%(n)s person till", "%(n)s personer till", unlisted)
        else:
            more = "%(n)s person till" if unlisted == 1 else "%(n)s personer till"
        names.append(more % {"n": unlisted})
    names = [gettext(n) if english and n == "En vuxen" else n for n in names]
    joiner = f" {gettext('och')} " if english else " och "
    who = joiner.join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    return {**values, "who": who}


TEMPLATES: dict[str, Template] = {
    "guideline": Template(
        gettext_noop(
            "%(label)s %(applied)s är högre än %(whose)s riktvärde %(limit)s för %(size)s "
            "personer. Kostnaden är medräknad; pröva skäligheten individuellt."
        ),
        terms=("label", "whose"),
    ),
    "cost_above_history": Template(
        gettext_noop("%(label)s: %(amount)s, mot normalt %(median)s de senaste månaderna."),
        terms=("label",),
    ),
    "register_unavailable": Template(
        gettext_noop("%(label)s: kunde inte kontrolleras."), terms=("label",)
    ),
    "income_change": Template(
        gettext_noop(
            "Inkomsterna har ändrats med %(change)s %% jämfört med förra månaden "
            "(%(previous)s → %(current)s)."
        )
    ),
    "supplement_overdue": Template(
        gettext_noop("Begärd komplettering (%(what)s) skulle ha kommit in senast %(due)s.")
    ),
    "medical_certificate_missing": Template(
        gettext_noop(
            "Läkarintyg saknas för %(name)s för %(month)s. Det krävs för försörjningsstöd vid "
            "sjukdom (%(reference)s)."
        )
    ),
    "medical_certificate_expiring": Template(
        gettext_noop("Läkarintyget för %(name)s gäller till %(day)s.")
    ),
    "need_beyond_norm": Template(
        gettext_noop(
            "Behov utöver riksnormen: %(label)s%(described)s, sökt %(amount)s. Roboten föreslår "
            "inget belopp. Pröva behovet och skriv skälen för beslutet (%(reference)s)."
        ),
        terms=("label",),
    ),
    "register_proposals": Template(
        gettext_noop("Registret visar uppgifter som inte räknas förrän du godtar dem: %(facts)s."),
        compose=_facts,
    ),
    "register_proposals.tried_all": Template(
        gettext_noop(
            "Registeruppgifterna är prövade: %(facts)s. Beloppet är beräknat på nytt efter "
            "prövningen."
        ),
        compose=_facts,
    ),
    "register_proposals.tried_some": Template(
        gettext_noop(
            "Registeruppgifter: %(facts)s. Beloppet är beräknat på nytt efter prövningen."
        ),
        compose=_facts,
    ),
    "register_proposals.amounts": Template(
        gettext_noop("Beräknat belopp nu: %(amount)s. Om uppgifterna godtas: %(if_accepted)s.")
    ),
    "other_adult_rent.answered_no": Template(
        gettext_noop(
            "%(who)s bor i hemmet men ingår inte i hushållets norm, och den sökande har svarat "
            "att ingen hyresdel betalas (”Nej, inget”): hyran, %(rent)s, räknas i sin helhet."
        ),
        compose=_who,
    ),
    "other_adult_rent.not_stated": Template(
        gettext_noop(
            "%(who)s bor i hemmet men ingår inte i hushållets norm, och ingen hyresdel är "
            "angiven: hyran, %(rent)s, räknas i sin helhet."
        ),
        compose=_who,
    ),
    "other_adult_rent.assess_one": Template(
        gettext_noop(
            "Bedöm om den andra vuxna ska betala en del av hyran (till exempel en inneboende "
            "eller ett vuxet barn som inte går i skolan). Betalas en del, ska den räknas som "
            "inkomsten ”%(income)s”: begär en komplettering där den anges, eller pröva hyran i "
            "beslutet."
        ),
        terms=("income",),
    ),
    "other_adult_rent.assess_many": Template(
        gettext_noop(
            "Bedöm om de andra ska betala en del av hyran (till exempel en inneboende eller ett "
            "vuxet barn som inte går i skolan). Betalas en del, ska den räknas som inkomsten "
            "”%(income)s”: begär en komplettering där den anges, eller pröva hyran i beslutet."
        ),
        terms=("income",),
    ),
    "other_adult_rent.share_one": Template(
        gettext_noop(
            "Som information: delad lika per person är hushållets del %(household_part)s "
            "(%(in_norm)s av %(home)s personer) och den andras %(other_part)s. Varningen ändrar "
            "inte beloppet (%(reference)s)."
        )
    ),
    "other_adult_rent.share_many": Template(
        gettext_noop(
            "Som information: delad lika per person är hushållets del %(household_part)s "
            "(%(in_norm)s av %(home)s personer) och de andras %(other_part)s. Varningen ändrar "
            "inte beloppet (%(reference)s)."
        )
    ),
}

Words = list[list[Any]]  # [[key, values], ...]


def words(*parts: tuple[str, dict[str, Any]]) -> Words:
    """The parts of a warning as stored in ``detail["words"]`` (JSON: lists and plain values)."""
    for key, _values in parts:
        if key not in TEMPLATES:
            raise KeyError(f"No warning template {key!r}.")
    return [[key, values] for key, values in parts]


def _part(key: str, values: dict[str, Any], english: bool) -> str:
    template = TEMPLATES[key]
    if template.compose is not None:
        values = template.compose(values, english)
    if not english:
        return template.text % values
    shown = {n: gettext(v) if n in template.terms and v else v for n, v in values.items()}
    return gettext(template.text) % shown


def render(parts: Iterable[list[Any]], *, english: bool = False) -> str:
    """The sentence of ``parts``: Swedish (the stored record) or English."""
    return " ".join(_part(key, values, english) for key, values in parts)


def warning_text(warning) -> str:
    """What the reader sees: the stored Swedish message, or the warning in English for a reader
    who chose English, when the warning was stored with its words."""
    parts = (warning.detail or {}).get("words") if isinstance(warning.detail, dict) else None
    if not parts or (get_language() or "sv").startswith("sv"):
        return warning.message
    try:
        return render(parts, english=True)
    except (KeyError, TypeError, ValueError):
        return warning.message  # words from an older version of a template: the record
