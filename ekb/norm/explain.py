"""A calculation as a readable Swedish table (``ekb norm explain``)."""

from __future__ import annotations

from ekb.norm.money import fmt_sv
from ekb.norm.result import COST, EXEMPTION, INCOME, INFO, NORM, Calculation

_SECTIONS = (
    (NORM, "Riksnorm"),
    (COST, "Skäliga kostnader"),
    (INCOME, "Inkomster"),
    (EXEMPTION, "Inkomster som inte räknas"),
    (INFO, "Att notera"),
)


def explain(calc: Calculation, width: int = 100) -> str:
    amount_width = 14
    label_width = width - amount_width - 2
    lines = [f"Beräkning av försörjningsstöd för {calc.month}", "=" * width]

    def line(label: str, amount: str) -> str:
        return f"{label[:label_width]:<{label_width}}  {amount:>{amount_width}}"

    for kind, title in _SECTIONS:
        rows = [r for r in calc.rows if r.kind == kind]
        if not rows:
            continue
        lines.append(title)
        for r in rows:
            lines.append(line(f"  {r.label}", "" if kind == INFO else f"{fmt_sv(r.amount)} kr"))
            lines.append(f"      Lagrum: {r.legal_reference}")
        lines.append("")
    lines.append("-" * width)
    for label, value in (
        ("Riksnorm", calc.norm),
        ("Skäliga kostnader", calc.reasonable_costs),
        ("Behov (riksnorm + skäliga kostnader)", calc.need),
        ("Inkomster som räknas", calc.countable_income),
        ("Försörjningsstöd", calc.amount),
    ):
        lines.append(line(label, f"{fmt_sv(value)} kr"))
    if calc.warnings:
        lines += ["", "Varningar (kommunens riktlinjer)"]
        for w in calc.warnings:
            lines.append(f"  ! {w.message}")
            lines.append(f"    Skäl: {w.reason}")
    ruleset = calc.versions.get("ruleset", {})
    lines += ["", f"Regler: {ruleset.get('id')} {ruleset.get('version')}"]
    return "\n".join(lines) + "\n"
