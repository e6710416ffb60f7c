"""The language button names each language in its own language, as language switchers do:
"English" on a Swedish page, "Svenska" on an English one (tester finding 9, issue 9)."""

from __future__ import annotations

from django.conf import settings


def test_a_swedish_page_offers_english_as_english_and_an_english_page_offers_svenska(client):
    page = client.get("/e-tjanst/logga-in/").content.decode()
    assert 'lang="en" style="margin:0">English</button>' in page
    assert "Engelska" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/e-tjanst/logga-in/").content.decode()
    assert 'lang="sv" style="margin:0">Svenska</button>' in page
