"""The calculation's row labels for staff who chose English.

The norm engine writes each row's label in Swedish (ekb/norm/rules, ekb/norm/vocabulary.py)
and the snapshot stores it so; the Swedish text stays the source, and the decision letter keeps
it (the letter is the legal document). Staff who chose English read the label translated at
display time with gettext: the labels are built from a small set of fixed phrases around
numbers, so each phrase is one catalogue entry (ekb/locale/en) and a stored snapshot of any age
is translated the same way. An `en:` field in the data would not reach labels composed in code,
nor the snapshots already stored.
"""

from __future__ import annotations

import re

from django.utils.translation import get_language, gettext, gettext_noop

from ekb.norm.vocabulary import COST_LABELS_SV, INCOME_LABELS_SV

# Longest first, so "Gemensamma hushållskostnader efter dagarna i hemmet" wins over its start.
PHRASES = (
    gettext_noop("Gemensamma hushållskostnader efter dagarna i hemmet"),
    gettext_noop("Gemensamma hushållskostnader"),
    gettext_noop("Personliga kostnader"),
    gettext_noop("räknas inte, personen ingår inte i föräldrarnas hushåll"),
    gettext_noop("ingen försörjningsplikt"),
    gettext_noop("Barns arbetsinkomst som inte räknas: upp till"),
    gettext_noop("per kalenderår"),
    gettext_noop("tidigare i år"),
    gettext_noop("av lönen räknas inte"),
    gettext_noop("hushållets andel"),
    gettext_noop("dagar i hushållet"),
    gettext_noop("per extra person"),
    gettext_noop("i hushållet"),
    gettext_noop("utan lunch"),
    gettext_noop("ensamstående"),
    gettext_noop("sambor"),
    gettext_noop("bor här"),
    gettext_noop("fler än"),
    gettext_noop("personer"),
    gettext_noop("dagar"),
    gettext_noop("dag"),
    gettext_noop("barn"),
    gettext_noop("år"),
    gettext_noop("av"),
    *(
        gettext_noop(month)
        for month in (
            "januari februari mars april maj juni juli augusti september oktober november december"
        ).split()
    ),
)
_LABELS = sorted({*COST_LABELS_SV.values(), *INCOME_LABELS_SV.values()}, key=len, reverse=True)
_PATTERN = re.compile(
    "|".join(
        rf"(?<!\w){re.escape(phrase)}(?!\w)"
        for phrase in sorted({*_LABELS, *PHRASES}, key=len, reverse=True)
    )
)


def row_label_in_language(label: str) -> str:
    """``label`` as the engine wrote it, in the language of the page (Swedish unchanged)."""
    if (get_language() or "sv").startswith("sv"):
        return label
    return _PATTERN.sub(lambda m: gettext(m.group(0)), label)
