from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ekb.cases.journal import do_write_journal_entry


def test_an_entry_is_dated_and_signed_by_its_author(org, cases):
    entry = do_write_journal_entry(
        cases.norr_annas, text="Nybesök genomfört.", acting_user=org.anna
    )
    assert entry.author == org.anna and entry.signed_at is not None and entry.entry_date is not None


def test_a_signed_entry_is_never_changed_and_a_correction_is_a_new_entry(org, cases):
    entry = do_write_journal_entry(cases.norr_annas, text="Besök 3 november.", acting_user=org.anna)
    entry.text = "Besök 4 november."
    with pytest.raises(PermissionError):
        entry.save()
    correction = do_write_journal_entry(
        cases.norr_annas,
        text="Rättelse: besöket var 4 november.",
        corrects=entry,
        acting_user=org.anna,
    )
    entry.refresh_from_db()
    assert entry.text == "Besök 3 november." and correction.corrects == entry


def test_an_empty_entry_is_refused(org, cases):
    with pytest.raises(ValidationError):
        do_write_journal_entry(cases.norr_annas, text="  ", acting_user=org.anna)
