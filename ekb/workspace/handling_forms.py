from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekb.decisions.choices import Outcome
from ekb.lib.money import AmountError, format_amount, parse_amount


class AmountField(forms.Field):
    """Kronor as a person types them ("7 200", "7200,50"), read by the one rule in
    ekb.lib.money: no NaN or Infinity, at most two decimals. A text box, so nothing typed is
    altered by the browser; the page shows back exactly what was typed when it is refused."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, min_value=None, **kwargs):
        super().__init__(**kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))

    def prepare_value(self, value):
        """A stored amount in the box the Swedish way ("7 432", "5 200,50"); what a person typed
        (text) stays exactly as typed. A hidden copy is left as it is: nobody reads it."""
        if self.widget.is_hidden:
            return value
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_amount(value, space=" ")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except AmountError as error:
            raise forms.ValidationError(gettext(error.message), code="invalid") from None


class OverrideForm(forms.Form):
    amount = AmountField(
        label=_("Nytt belopp (kr)"),
        min_value=0,
        error_messages={"min_value": _("Beloppet kan inte vara negativt.")},
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
    amount = AmountField(
        label=_("Belopp (kr)"),
        min_value=0,
        error_messages={"min_value": _("Beloppet kan inte vara negativt.")},
    )
    amount_applied = AmountField(widget=forms.HiddenInput, required=False)
    calculated = AmountField(widget=forms.HiddenInput, required=False)
    reasons = forms.CharField(
        label=_("Skäl"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )


DecisionLineFormSet = forms.formset_factory(DecisionLineForm, extra=0)


class DecisionOptionsForm(forms.Form):
    made_orally = forms.BooleanField(
        label=_("Beslutet fattades muntligt vid ett möte"), required=False
    )
    # Barnets bästa (SOSFS 2014:5): required by the decision when a household with children is
    # refused or reduced; the letter prints it as written.
    children_consideration = forms.CharField(
        label=_("Barnens situation: hur har du beaktat barnens bästa?"),
        help_text=_(
            "Krävs när det finns barn i hushållet och beslutet avslår eller minskar biståndet. "
            "Skriv med enkla ord; texten står i beslutsbrevet."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class SendBackForm(forms.Form):
    """Four eyes: the decider sends the proposal back to the caseworker, saying why."""

    comment = forms.CharField(
        label=_("Kommentar till handläggaren: vad ska ändras och varför?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={
            "required": _(
                "Skriv varför du skickar tillbaka förslaget, så att handläggaren vet vad som "
                "ska ändras."
            )
        },
    )


class ChangeForm(forms.Form):
    """Four eyes: the decider changes the proposal, with written reasons for the change."""

    change_reasons = forms.CharField(
        label=_("Skäl till att du ändrar förslaget"),
        help_text=_("Sparas med beslutet och visas för handläggaren."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Skriv skälen till att du ändrar förslaget.")},
    )
    children_consideration = DecisionOptionsForm.base_fields["children_consideration"]
