"""Issue 11's words in a real browser: the demo e-ID finds a demo person by name (not only the
first 200 in a list), and a page that does not exist is the product's own 404 page in demo mode.
axe-core checks every page."""

from __future__ import annotations

import pytest

from ekb.accounts.models import Municipality


@pytest.fixture
def demo_karin(karin, org, settings):
    Municipality.objects.filter(pk=org.muni.pk).update(is_demo=True)
    settings.EKB_DEMO = True
    settings.DEBUG = False
    return karin


def test_a_tester_searches_the_demo_eid_by_name_and_logs_in(
    live_server, page, demo_karin, assert_accessible, screenshot
):
    page.goto(f"{live_server.url}/e-tjanst/logga-in/demo/")
    page.get_by_role("heading", level=1, name="Demo-e-legitimation").wait_for()
    assert page.get_by_text("Ensamstående förälder").is_visible()  # Karin, a suggestion
    assert_accessible(page)
    screenshot(page, "words-01-demo-eid")

    page.get_by_label("Namn eller personnummer").fill("lundqvist k")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_role("heading", name="1 demoperson hittades").wait_for()
    assert "lundqvist" not in page.url.lower()  # the search is posted, never in the URL
    assert_accessible(page)
    screenshot(page, "words-02-demo-eid-search")

    number = demo_karin.applicant.formatted_identity_number
    page.get_by_role("button", name=f"Logga in som Karin Lundqvist ({number})").first.click()
    page.get_by_role("heading", level=1, name="Mitt ärende").wait_for()


def test_a_page_that_does_not_exist_is_the_products_own_404_page(
    live_server, page, demo_karin, assert_accessible, screenshot
):
    response = page.goto(f"{live_server.url}/e-tjanst/finns-inte/")
    assert response.status == 404
    page.get_by_role("heading", level=1, name="Sidan finns inte").wait_for()
    assert page.get_by_text("Demoläge").first.is_visible()
    assert_accessible(page)
    screenshot(page, "words-03-not-found")

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", level=1, name="Page not found").wait_for()
    assert_accessible(page)
    screenshot(page, "words-04-not-found-english")
