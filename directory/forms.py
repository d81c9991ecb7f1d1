from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CorrectionSuggestion


class CorrectionForm(forms.ModelForm):
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
