from django import forms
from django.utils.translation import gettext_lazy as _

from kokoron.core.forms import PublicFormRenderer

from .models import CorrectionSuggestion


class CorrectionForm(forms.ModelForm):
    default_renderer = PublicFormRenderer

    # A field people never see: filled in only by robots, and then the form is refused.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = CorrectionSuggestion
        fields = ["message", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "name": _("Optional. Only staff see it, to reply to you."),
            "email": _("Optional. Only staff see it, to reply to you."),
        }

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 5:
            raise forms.ValidationError(_("Please tell us a little more about what should change."))
        return message

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""


class VerifyEntryForm(forms.Form):
    """An organisation's answer for one of its entries: still correct, or what has changed."""

    default_renderer = PublicFormRenderer
    CONFIRM, CORRECT = "confirm", "correct"

    answer = forms.ChoiceField(
        label=_("Is this entry still correct?"),
        choices=[
            (CONFIRM, _("Yes, it is still correct")),
            (CORRECT, _("No, something has changed")),
        ],
        widget=forms.RadioSelect,
        initial=CONFIRM,
    )
    message = forms.CharField(
        label=_("What has changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == self.CORRECT and len(data.get("message", "").strip()) < 5:
            self.add_error("message", _("Please tell us what has changed."))
        return data
