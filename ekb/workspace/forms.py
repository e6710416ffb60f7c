from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ekb.lib.ids import MAX_ID


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Fel användarnamn eller lösenord. Kontrollera och försök igen."),
        "inactive": _("Kontot är inte aktivt. Kontakta systemförvaltaren."),
        "locked": _(
            "Kontot är tillfälligt låst efter flera misslyckade inloggningar. Försök igen om en stund "
            "eller kontakta systemförvaltaren."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "ekb_login_outcome", "") == "locked":
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise


class AccessLogFilterForm(forms.Form):
    case_id = forms.IntegerField(
        label=_("Ärende-id"), required=False, min_value=1, max_value=MAX_ID
    )  # a larger number is no case, and no query the database can run
    username = forms.CharField(label=_("Användare"), required=False, max_length=150)
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        required=False,
        choices=[("", _("Alla")), ("permitted", _("Tillåten")), ("denied", _("Nekad"))],
    )
