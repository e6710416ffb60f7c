"""The error summary at the top of a staff page whose form was refused (the GOV.UK pattern the
e-service uses, eservice/_error_summary.html): a heading that says what did not happen, and a
link to each field in error. A long page (the application page) otherwise comes back at its
top with the only error far below."""

from __future__ import annotations

from ekb.decisions.choices import Purpose


def _purpose(form) -> str:
    code = form["purpose"].value()
    try:
        return str(Purpose(code).label)
    except ValueError:
        return str(code or "")


def decision_problems(
    formset, options=None, *, error: str | None = None, to_acknowledge=(), anchor: str
) -> list[tuple[str, str]]:
    """(target, message) for each problem of a refused decision form: its lines (named by their
    purpose), its options, the open warnings it asks a comment for, and what belongs to no field
    (linked to ``anchor``, the form's heading)."""
    problems: list[tuple[str, str]] = []
    general = [str(error)] if error else []
    general += [str(e) for e in formset.non_form_errors()]
    for form in formset.forms:
        general += [str(e) for e in form.non_field_errors()]
        for field in form:
            problems += [(field.id_for_label, f"{_purpose(form)}: {e}") for e in field.errors]
    if options is not None:
        general += [str(e) for e in options.non_field_errors()]
        for field in options:
            problems += [(field.id_for_label, str(e)) for e in field.errors]
    problems += [(f"id_{row['field']}", row["error"]) for row in to_acknowledge if row["error"]]
    return [(anchor, message) for message in general] + problems
