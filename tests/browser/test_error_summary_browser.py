"""A refused "Fatta beslut" on the long application page: the page comes back with the error
summary focused at its top ("Beslutet är inte fattat"), not at the top with focus on the body
and the only error far below; its link takes the caseworker to the field."""

from __future__ import annotations

import re

from tests.factories import PASSWORD
from tests.personas import december_renewal


def test_a_refused_decision_focuses_the_summary_and_its_link_reaches_the_field(
    live_server, page, org, karin, assert_accessible, screenshot
):
    application = december_renewal(karin, salary="6000")  # income change: an open warning
    base = live_server.url
    page.goto(f"{base}/handlaggare/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/handlaggare/inkorg/$"))
    page.goto(f"{base}/handlaggare/ansokningar/{application.pk}/")
    page.get_by_role("button", name="Fatta beslut", exact=True).click()  # no comment typed

    summary = page.get_by_role("alert").filter(has_text="Beslutet är inte fattat")
    summary.wait_for()
    # autofocus is applied when the browser next renders: wait for it rather than race it.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.evaluate("window.scrollY") < 400  # the summary is in view, at the top
    assert "Kvittera varningen med en kommentar" in summary.inner_text()
    assert_accessible(page)
    screenshot(page, "polish-1-decision-error-summary")

    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id").startswith("id_warning-")
