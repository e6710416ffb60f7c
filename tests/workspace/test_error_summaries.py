"""A refused form on a long staff page starts with an error summary (the e-service's pattern):
what did not happen, and a link to each field in error, before anything else on the page."""

from __future__ import annotations

import re

from tests.personas import december_renewal, decision_form, staff_log_in


def summary(page: str) -> str:
    match = re.search(r'<div class="error-summary" role="alert"[^>]*>.*?</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_a_refused_decision_starts_the_page_with_a_summary_linking_each_field(client, renewal):
    application = renewal.application
    staff_log_in(client, "anna")
    response = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        decision_form(application, **{"lines-0-amount": "tusen"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    box = summary(page)
    assert "Beslutet är inte fattat" in box and "autofocus" in box and 'tabindex="-1"' in box
    assert 'href="#id_lines-0-amount"' in box and "Försörjningsstöd: " in box
    assert page.index(box) < page.index("<h1>")  # at the top, not 4 000 px down
    assert 'id="id_lines-0-amount"' in page


def test_a_warning_left_without_a_comment_is_in_the_summary_too(client, karin):
    application = december_renewal(karin, salary="6000")  # income change: a warning
    form = decision_form(application)
    warning_fields = [key for key in form if key.startswith("warning-")]
    assert warning_fields, "the renewal has an open warning"
    staff_log_in(client, "anna")
    response = client.post(
        f"/handlaggare/ansokningar/{application.pk}/beslut/",
        {key: value for key, value in form.items() if key not in warning_fields},
    )
    box = summary(response.content.decode())
    assert response.status_code == 400
    for field in warning_fields:
        assert f'href="#id_{field}"' in box
    assert "Kvittera varningen med en kommentar" in box


def test_a_page_that_was_not_refused_has_no_summary(client, renewal):
    staff_log_in(client, "anna")
    page = client.get(f"/handlaggare/ansokningar/{renewal.application.pk}/").content.decode()
    assert 'class="error-summary"' not in page


def _appeal_in_time(karin, time_machine):
    import datetime as dt

    from ekb.decisions.models import Decision
    from ekb.notices.appeals import do_submit_appeal
    from ekb.notices.notification import do_mark_decision_seen
    from tests.personas import at_ten

    november = Decision.objects.filter(case=karin.case).latest("decided_at")
    time_machine.move_to(at_ten(dt.date(2026, 11, 23)), tick=False)
    do_mark_decision_seen(november, person=karin.applicant)
    time_machine.move_to(at_ten(dt.date(2026, 12, 1)), tick=False)
    return november, do_submit_appeal(november, "Hyran är fel.", person=karin.applicant)


def test_a_refused_omprovning_opens_its_form_with_a_summary_at_the_top(client, karin, time_machine):
    from ekb.notices.choices import Timeliness

    november, appeal = _appeal_in_time(karin, time_machine)
    lines = list(november.lines.order_by("id"))
    base = f"/handlaggare/arenden/{appeal.case_id}/overklaganden/{appeal.pk}/"
    staff_log_in(client, "anna")
    client.post(base + "rattidsprovning/", {"timeliness": Timeliness.IN_TIME})
    data = {"lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(len(lines))}
    for i, line in enumerate(lines):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": line.outcome,
            f"lines-{i}-amount": "tusen" if i == 0 else str(line.amount),
            f"lines-{i}-reasons": line.reasons,
        }
    response = client.post(base + "ompreva/", data)  # no choice whether it is fully as asked
    page = response.content.decode()
    assert response.status_code == 400
    box = summary(page)
    assert "Det nya beslutet är inte fattat" in box
    assert 'href="#id_lines-0-amount"' in box and 'href="#id_fully_as_asked_0"' in box
    assert page.index(box) < page.index("<h1>")
    assert "<details open>" in page  # the form with the errors is not folded away


def test_the_omprovning_starts_from_the_appealed_decisions_words_on_the_children(
    client, karin, time_machine
):
    from ekb.decisions.models import Decision
    from ekb.notices.choices import Timeliness

    november, appeal = _appeal_in_time(karin, time_machine)
    words = "Elias bor kvar i samma skola; beslutet påverkar inte hans vardag."
    Decision.objects.filter(pk=november.pk).update(children_consideration=words)
    base = f"/handlaggare/arenden/{appeal.case_id}/overklaganden/{appeal.pk}/"
    staff_log_in(client, "anna")
    client.post(base + "rattidsprovning/", {"timeliness": Timeliness.IN_TIME})
    page = client.get(base).content.decode()
    textarea = re.search(
        r'<textarea[^>]*id="id_children_consideration"[^>]*>(.*?)</textarea>', page, re.S
    )
    assert textarea and words in textarea.group(1)


def test_an_omprovning_refused_for_the_childrens_situation_opens_its_form(
    client, karin, time_machine
):
    from ekb.notices.choices import Timeliness

    november, appeal = _appeal_in_time(karin, time_machine)
    lines = list(november.lines.order_by("id"))
    base = f"/handlaggare/arenden/{appeal.case_id}/overklaganden/{appeal.pk}/"
    staff_log_in(client, "anna")
    client.post(base + "rattidsprovning/", {"timeliness": Timeliness.IN_TIME})
    data = {"lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(len(lines))}
    for i, line in enumerate(lines):
        data |= {
            f"lines-{i}-purpose": line.purpose,
            f"lines-{i}-outcome": "partly_granted" if i == 0 else line.outcome,
            f"lines-{i}-amount": str(line.amount - 100) if i == 0 else str(line.amount),
            f"lines-{i}-reasons": "Vi beviljar 100 kr mindre än förut efter omprövningen."
            if i == 0
            else line.reasons,
        }
    data |= {"fully_as_asked": "no", "children_consideration": ""}
    response = client.post(base + "ompreva/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_children_consideration"' in summary(page)
    assert "<details open>" in page
