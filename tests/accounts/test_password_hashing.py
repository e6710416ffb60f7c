from django.conf import settings as project_settings


def test_staff_passwords_are_hashed_with_argon2_by_default():
    # The project's own settings module, not the test override.
    import importlib

    import ekb.settings

    importlib.reload(ekb.settings)
    assert ekb.settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert project_settings.AUTH_USER_MODEL == "accounts.User"
