"""The reason two roles cannot be held together reads in the language the member of staff chose
(issue 11, "Words"): it is translated when it is read."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ekb.accounts.actions import do_grant_role
from ekb.accounts.roles import Role


def test_the_role_conflict_reason_is_swedish_or_english_as_chosen(org):
    with pytest.raises(ValidationError) as refused:
        do_grant_role(org.anna, Role.LOG_AUDITOR)
    with translation.override("en"):
        assert refused.value.message_dict["role"] == [
            "A person who reviews the log may not handle cases themselves."
        ]
    with translation.override("sv"):
        assert refused.value.message_dict["role"] == [
            "Den som granskar loggen får inte själv handlägga ärenden."
        ]
