"""Demo mode is a showroom: DEBUG is off, so a visitor who takes a wrong turn sees the product's
own 404 and 500 pages (ekb/templates), in the language they chose, never Django's debug pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def _debug_with(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EKB_")}
    environment.update(PYTHONPATH=str(ROOT), **env)
    out = subprocess.run(
        [sys.executable, "-c", "import ekb.settings as s; print(s.DEBUG)"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_demo_mode_turns_debug_off_and_development_keeps_it_on():
    assert _debug_with(EKB_ENV="development", EKB_DEMO="1") == "False"
    assert _debug_with(EKB_ENV="development") == "True"
    # Someone who wants the debug pages in a demo says so.
    assert _debug_with(EKB_ENV="development", EKB_DEMO="1", EKB_DEBUG="1") == "True"


@pytest.fixture
def demo_settings(settings):
    settings.EKB_DEMO = True
    settings.DEBUG = False
    return settings


def test_a_missing_page_in_demo_mode_is_the_products_own_page_in_swedish(client, demo_settings, db):
    response = client.get("/e-tjanst/finns-inte/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in page
    assert "Demoläge" in page  # the product's frame, with the demo banner
    assert "Using the URLconf" not in page and "Page not found" not in page


def test_a_missing_page_speaks_english_to_someone_who_chose_english(client, demo_settings, db):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/handlaggare/finns-inte/").content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Page not found</h1>" in page
    assert "Sidan finns inte" not in page


def test_a_failure_in_demo_mode_shows_the_products_500_page_in_both_languages(demo_settings, db):
    demo_settings.ROOT_URLCONF = "tests.demo.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/fel/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in page
    assert '<p lang="en">Something went wrong.' in page
    assert "Traceback" not in page and "RuntimeError" not in page and "must not see" not in page
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/fel/").content.decode()
    assert '<html lang="en">' in page and "<h1>Something went wrong</h1>" in page
    assert '<p lang="sv">Något gick fel.' in page


def test_static_files_are_served_with_debug_off(client, demo_settings, db):
    response = client.get("/static/ekb/ekb.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
