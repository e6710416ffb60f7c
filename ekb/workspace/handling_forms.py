from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ekb.cases.choices import Outcome


class OverrideForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Nytt belopp (kr)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "min_value": _("Beloppet kan inte vara negativt."),
            "invalid": _("Skriv ett belopp i kronor, till exempel 7200."),
        },
    )
    reason = forms.CharField(
        label=_("Skäl till ändringen"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class SupplementForm(forms.Form):
    what = forms.CharField(label=_("Vad behövs?"), max_length=300)
    why = forms.CharField(
        label=_("Varför behövs det?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    due_date = forms.DateField(
        label=_("Senast (ÅÅÅÅ-MM-DD)"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class JournalForm(forms.Form):
    text = forms.CharField(
        label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )


class DecisionLineForm(forms.Form):
    purpose = forms.CharField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Utfall"), choices=Outcome.choices)
    amount = forms.DecimalField(
        label=_("Belopp (kr)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "min_value": _("Beloppet kan inte vara negativt."),
            "invalid": _("Skriv ett belopp i kronor."),
        },
    )
    amount_applied = forms.DecimalField(widget=forms.HiddenInput, required=False)
    calculated = forms.DecimalField(widget=forms.HiddenInput, required=False)
    reasons = forms.CharField(
        label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


DecisionLineFormSet = forms.formset_factory(DecisionLineForm, extra=0)


class DecisionOptionsForm(forms.Form):
    made_orally = forms.BooleanField(
        label=_("Beslutet fattades muntligt vid ett möte"), required=False
    )
