"""Every aria-describedby, aria-labelledby and label `for` on the main pages names an element that
is on the page (WCAG 1.3.1 and 4.1.2): a hint or an error a field points to but that carries
another id is never read out. The caseworker's pages (case, application with the decision form,
the decision form sent back with errors, decision, payments) and the client's application steps
are rendered with the test client and parsed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.factories import PASSWORD
from tests.personas import grant_everything, log_in

REFERENCES = ("aria-describedby", "aria-labelledby", "for")


class _References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.pointers: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in REFERENCES:
            if name == "for" and tag not in ("label", "output"):
                continue
            for target in (values.get(name) or "").split():
                self.pointers.append((tag, name, target))


def dangling(html: str) -> list[tuple[str, str, str]]:
    parsed = _References()
    parsed.feed(html)
    return [p for p in parsed.pointers if p[2] not in parsed.ids]


def test_the_checker_finds_the_hint_the_tester_found():
    page = (
        '<p class="hint" id="children-consideration-hint">Krävs ...</p>'
        '<textarea id="id_children_consideration" '
        'aria-describedby="id_children_consideration_helptext"></textarea>'
    )
    assert dangling(page) == [
        ("textarea", "aria-describedby", "id_children_consideration_helptext")
    ]


def _pages_of(client, paths):
    for path, data in paths:
        response = client.post(path, data) if data is not None else client.get(path)
        assert response.status_code in (200, 400), (path, response.status_code)
        yield path, response.content.decode()


def test_the_caseworkers_pages_point_only_at_ids_that_exist(client, org, renewal):
    application = renewal.application
    assert client.login(username="anna", password=PASSWORD)
    decide = f"/handlaggare/ansokningar/{application.pk}/beslut/"
    refused = {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-0-purpose": "livelihood",
        "lines-0-outcome": "granted",
        "lines-0-amount": "NaN",
        "children_consideration": "x" * 5001,
    }
    paths = [
        ("/handlaggare/", None),
        (f"/handlaggare/arenden/{renewal.case.pk}/", None),
        (f"/handlaggare/ansokningar/{application.pk}/", None),
        (decide, refused),  # the decision form back with an error on a line and on the options
        (f"/handlaggare/arenden/{renewal.case.pk}/hushall/", None),
        ("/handlaggare/inkorg/", None),
    ]
    pages = dict(_pages_of(client, paths))
    decision = grant_everything(application, org.anna)
    pages[f"/handlaggare/beslut/{decision.pk}/"] = client.get(
        f"/handlaggare/beslut/{decision.pk}/"
    ).content.decode()
    pages[f"/handlaggare/arenden/{renewal.case.pk}/ (decided)"] = client.get(
        f"/handlaggare/arenden/{renewal.case.pk}/"
    ).content.decode()
    assert client.login(username="cecilia", password=PASSWORD)  # the unit manager pays
    for path in ("/handlaggare/utbetalningar/", "/handlaggare/utbetalningar/?datum=25+juni"):
        pages[path] = client.get(path).content.decode()
        assert "Utbetalningar" in pages[path]
    assert {path: dangling(html) for path, html in pages.items()} == {path: [] for path in pages}
    assert "id_children_consideration_helptext" in pages[paths[2][0]]
    assert 'id="id_children_consideration_error"' in pages[decide]


@pytest.mark.parametrize("bad", [False, True])
def test_the_clients_application_steps_point_only_at_ids_that_exist(client, karin, bad):
    as_karin = log_in(client, karin.applicant)
    as_karin.post("/e-tjanst/ansokan/", {"month": "2026-12"})
    from ekb.applications.models import ApplicationDraft

    draft = ApplicationDraft.objects.get(person=karin.applicant)
    base = f"/e-tjanst/ansokan/{draft.pk}/"
    posts = {
        "boende/": {"rent": "sjutusen", "electricity": "NaN"},
        "inkomster/": {"income-count": "1", "income-0-type": "", "income-0-amount": "x"},
        "behov/": {"dental_care": "-5"},
    }
    paths = [("/e-tjanst/", None)]
    for step in ("hushall/", "boende/", "inkomster/", "kostnader/", "behov/"):
        paths.append((base + step, posts.get(step) if bad else None))
    paths.append((base + "kontrollera/", None))
    pages = dict(_pages_of(as_karin, paths))
    assert {path: dangling(html) for path, html in pages.items()} == {path: [] for path in pages}
