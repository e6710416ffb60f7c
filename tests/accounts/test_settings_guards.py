"""Demo mode can never be switched on in production: the settings refuse to load."""

from __future__ import annotations

import os
import subprocess
import sys


def load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EKB_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import ekb.settings"],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_demo_mode_and_production_together_refuse_to_start():
    result = load_settings(EKB_DEMO="1", EKB_ENV="production", EKB_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "EKB_DEMO=1 cannot be combined with EKB_ENV=production" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = load_settings(EKB_ENV="production")
    assert result.returncode != 0
    assert "EKB_SECRET_KEY" in result.stderr


def test_a_misspelt_boolean_is_an_error_not_a_silent_false():
    result = load_settings(EKB_DEMO="ja")
    assert result.returncode != 0
    assert "EKB_DEMO must be 1 or 0" in result.stderr


def test_single_sign_on_needs_its_endpoints():
    result = load_settings(EKB_OIDC_ENABLED="1")
    assert result.returncode != 0
    assert "EKB_OIDC_CLIENT_ID" in result.stderr


def test_letters_without_their_pdf_are_refused_outside_the_test_suite():
    for environment in ("production", "development"):
        result = load_settings(
            EKB_RENDER_LETTER_PDF="0", EKB_ENV=environment, EKB_SECRET_KEY="x" * 50
        )
        assert result.returncode != 0
        assert "EKB_RENDER_LETTER_PDF=0 is for the test suite only" in result.stderr
    assert load_settings(EKB_RENDER_LETTER_PDF="0", EKB_ENV="test").returncode == 0


def test_production_with_a_secret_loads():
    result = load_settings(EKB_ENV="production", EKB_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
