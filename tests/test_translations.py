"""The English catalogue is complete and safe, and the pages speak English when chosen.

The user interface is written in Swedish; ekb/locale/en/LC_MESSAGES/django.po carries the English.
A new Swedish string without a translation, a fuzzy guess left by makemessages, or a translation
that drops a placeholder would show Swedish (or crash) on an English page, so the catalogue is
checked here as committed; the .mo is checked against the .po so the two cannot drift apart."""

from __future__ import annotations

import ast
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ekb.eservice.session import SESSION_KEY
from tests.factories import PASSWORD

CATALOGUE = Path(__file__).resolve().parents[1] / "ekb" / "locale" / "en" / "LC_MESSAGES"


def _entries(path: Path) -> list[dict]:
    """Each entry of a .po file: flags, msgid, msgid_plural and msgstr (a list: one per form)."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry is not None and not entry["obsolete"]:
                entries.append(entry)
            entry = field = None
            continue
        if entry is None:
            entry = {"flags": set(), "msgid": "", "msgid_plural": None, "msgstr": {}}
            entry["obsolete"] = False
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        else:
            keyword, _, rest = line.partition(" ") if not line.startswith('"') else ("", "", line)
            if keyword:
                match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                field = int(match.group(1)) if match else keyword
                if field == "msgstr":
                    field = 0
            value = ast.literal_eval(rest)
            if isinstance(field, int):
                entry["msgstr"][field] = entry["msgstr"].get(field, "") + value
            else:
                entry[field] = (entry.get(field) or "") + value
    return entries


ENTRIES = _entries(CATALOGUE / "django.po")
MESSAGES = [e for e in ENTRIES if e["msgid"]]


def _label(entry) -> str:
    return entry["msgid"][:60]


def test_the_catalogue_has_messages_and_an_english_header():
    header = next(e for e in ENTRIES if not e["msgid"])
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]
    assert len(MESSAGES) > 500


def test_every_message_is_translated_and_none_is_fuzzy():
    fuzzy = [_label(e) for e in MESSAGES if "fuzzy" in e["flags"]]
    untranslated = [_label(e) for e in MESSAGES if not all(e["msgstr"].values())]
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not untranslated, f"untranslated: {untranslated}"
    plural = [e for e in MESSAGES if e["msgid_plural"] is not None]
    assert plural and all(sorted(e["msgstr"]) == [0, 1] for e in plural)


PLACEHOLDERS = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
TAGS = re.compile(r"</?[a-zA-Z][^>]*>")


def _shape(text: str) -> tuple[list[str], list[str]]:
    return sorted(PLACEHOLDERS.findall(text)), sorted(TAGS.findall(text))


def test_every_translation_keeps_the_placeholders_and_markup_of_its_message():
    broken = []
    for entry in MESSAGES:
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for form, text in sorted(entry["msgstr"].items()):
            if _shape(text) != _shape(sources[min(form, 1)]):
                broken.append((sources[min(form, 1)], text))
    assert not broken, broken


def test_the_compiled_catalogue_matches_the_po_file():
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert len(MESSAGES) > 100  # the catalogue was read
    for entry in MESSAGES:
        if entry.get("msgctxt"):  # a word with two meanings: "Uppgift" a task, or a detail
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
            assert got == entry["msgstr"][0], _label(entry)
        elif entry["msgid_plural"] is None:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], _label(entry)
        else:
            for n, form in ((1, 0), (2, 1)):
                got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], n)
                assert got == entry["msgstr"][form], _label(entry)


# --- the pages, in English ------------------------------------------------------------------

# Swedish words the interface itself uses; a page in English shows none of them in its headings,
# table headers, labels, buttons and navigation. (Names of people and units are data, not words
# of the interface, and are not in the list.)
SWEDISH = (
    "ärende ärenden ärendenummer handläggare handläggning enhet öppnat öppet avslutat sök logga "
    "inkorg utbetalningar åtkomstlogg ansökan ansök ansökningar beslut bistånd ekonomiskt mitt "
    "tillbaka hushållet namn personnummer roll ålder boende händelser meddelanden "
    "överklaganden läkarintyg mottagning tilldela filer inga och för till med att är inte du din "
    "ditt här hoppa innehållet huvudmeny demoläge"
).split()
WORD = re.compile(r"\b(" + "|".join(SWEDISH) + r")\b", re.IGNORECASE)


class _Headings(HTMLParser):
    """The interface's own words: title, headings, captions, table headers, labels, legends,
    buttons, links in the header and footer, and aria-labels."""

    WATCHED = {"title", "h1", "h2", "h3", "caption", "th", "label", "legend", "button", "summary"}

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("aria-label"):
            self.texts.append(attrs["aria-label"])
        if tag in self.WATCHED or tag in ("header", "footer"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data):
        if self.open and data.strip():
            self.texts.append(data.strip())


def _swedish_words(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    return [text for text in parser.texts if WORD.search(text)]


def _in_english(client, url: str) -> str:
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en">' in html, url
    return html


def test_the_word_list_finds_swedish_in_a_swedish_page(client, org, cases):
    assert client.login(username="anna", password=PASSWORD)
    html = client.get("/handlaggare/").content.decode()
    assert "Ärenden" in _swedish_words(html)


@pytest.mark.parametrize("url", ["/handlaggare/", "/handlaggare/inkorg/", "case"])
def test_the_staff_pages_have_no_swedish_headings_in_english(client, org, cases, url):
    assert client.login(username="anna", password=PASSWORD)
    if url == "case":
        url = f"/handlaggare/arenden/{cases.norr_annas.pk}/"
    html = _in_english(client, url)
    assert _swedish_words(html) == [], url
    if url == "/handlaggare/":
        assert "<h1>Cases</h1>" in html


@pytest.mark.parametrize("url", ["/", "/e-tjanst/logga-in/"])
def test_the_public_pages_have_no_swedish_headings_in_english(client, db, url):
    html = _in_english(client, url)
    assert _swedish_words(html) == [], url


def test_the_clients_status_page_has_no_swedish_headings_in_english(client, org, cases):
    applicant = cases.norr_annas.household.members.get().person
    session = client.session
    session[SESSION_KEY] = applicant.pk
    session.save()
    html = _in_english(client, "/e-tjanst/")
    assert _swedish_words(html) == []
    assert "<h1>My case</h1>" in html


def test_a_new_language_is_added_by_adding_its_catalogue_folder(tmp_path):
    from ekb.settings import languages_in

    for code in ("en", "ar", "so"):
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
    assert languages_in(tmp_path) == [
        ("sv", "Svenska"),
        ("ar", "العربيّة"),
        ("en", "English"),
        ("so", "Soomaali"),
    ]
