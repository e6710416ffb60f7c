from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ekb.decisions.choices import Outcome, Purpose
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
    # Kommunicering (FL 25 §): the communication a refusal or reduction rests on, or the
    # statement that it does not rest on the activity requirement. Shown on the livelihood line
    # when the case has an activity communication or task (offer_communications); whether the
    # id is this case's is the decision's check (ekb.notices.communication.decision_problems).
    communication = forms.IntegerField(
        label=_("Kommuniceringen som beslutet grundar sig på"),
        help_text=_("Krävs för ett avslag eller en nedsättning på grund av aktivitetskravet."),
        required=False,
        widget=forms.Select(choices=[]),
    )
    not_activity_requirement = forms.BooleanField(
        label=_("Beslutet grundar sig inte på aktivitetskravet"),
        help_text=_(
            "Kryssa i om klienten har en frånvaro eller ett avböjande men avslaget eller "
            "nedsättningen har andra skäl."
        ),
        required=False,
    )


def offer_communications(formset, case) -> None:
    """Show the communication choice and the statement on the formset's lines when the case
    has an activity communication or task (ekb.flow.activity.offers_communication)."""
    from ekb.flow import activity

    if formset is None or not activity.offers_communication(case):
        return
    choices = [("", gettext("Ingen kommunicering")), *activity.communication_choices(case)]
    for form in formset.forms:
        form.fields["communication"].widget.choices = choices
        form.offers_communication = True


def line_choices(form) -> dict:
    """The communication fields of a line form, as LineInput takes them."""
    return {
        "communication_id": form.cleaned_data.get("communication"),
        "not_activity_requirement": bool(form.cleaned_data.get("not_activity_requirement")),
    }


class BaseDecisionLineFormSet(forms.BaseFormSet):
    """One line per purpose of the proposal, and one empty line more: "Lägg till ett ändamål",
    a purpose the client did not apply for (e.g. a decider's "lägg hyresskulden som en egen
    rad"). Without JavaScript: the empty line is always there, and left empty it is no line.
    A line added on the caseworker's own initiative departs from the application, so
    ``decisions.decide.validate_lines`` asks reasons for it (förvaltningslagen 32 §)."""

    def _taken(self) -> set[str]:
        if self.is_bound:
            return {
                self.data.get(f"{self.prefix}-{i}-purpose", "")
                for i in range(self.initial_form_count())
            }
        return {row.get("purpose", "") for row in self.initial or []}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i >= self.initial_form_count():
            taken = self._taken()
            form.adds_purpose = True
            form.fields["purpose"] = forms.ChoiceField(
                label=_("Ändamål"),
                choices=[("", _("Välj ett ändamål"))]
                + [(value, label) for value, label in Purpose.choices if value not in taken],
                required=False,
            )
            form.fields["outcome"] = forms.ChoiceField(
                label=_("Utfall"), choices=[("", "—"), *Outcome.choices], required=False
            )
            form.fields["amount"].required = False
        return form


def added_line_problems(form) -> None:
    """The added line, when a purpose is chosen (or anything typed), needs the rest."""
    data = form.cleaned_data
    if not data.get("purpose"):
        if data.get("outcome") or data.get("amount") is not None or data.get("reasons"):
            form.add_error("purpose", _("Välj ändamål för raden du lägger till."))
        return
    if not data.get("outcome"):
        form.add_error("outcome", _("Välj utfall."))
    if data.get("amount") is None:
        form.add_error("amount", _("Skriv beloppet (0 kr vid avslag)."))


class AddableDecisionLineForm(DecisionLineForm):
    def clean(self):
        data = super().clean()
        if getattr(self, "adds_purpose", False):
            added_line_problems(self)
        return data


DecisionLineFormSet = forms.formset_factory(
    AddableDecisionLineForm, formset=BaseDecisionLineFormSet, extra=1
)

# The decider's change (four eyes) keeps the proposal's purposes and may add one, as the
# caseworker may (decisions.four_eyes.do_change_decision; reasons required, FL 32 §).
ChangeLineFormSet = forms.formset_factory(
    AddableDecisionLineForm, formset=BaseDecisionLineFormSet, extra=1
)


def filled_forms(formset) -> list:
    """The formset's lines, without an added line left empty."""
    return [
        f
        for f in formset.forms
        if not getattr(f, "adds_purpose", False) or f.cleaned_data.get("purpose")
    ]


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
