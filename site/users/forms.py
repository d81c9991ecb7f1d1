from django import forms
from django.utils.translation import gettext_lazy as _

CODE_DIGITS = 6


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, checked against the given devices."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The 6-digit number the app shows now for Kokoron."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = list(devices)
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(
                _("Enter the 6 digits that your authenticator app shows."), code="format"
            )
        throttled = False
        for device in self.devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                self.device = device
                return code
        if throttled:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute, then enter the code the app shows then."),
                code="throttled",
            )
        raise forms.ValidationError(
            _("This code is not right, or it has expired. Enter the code the app shows now."),
            code="invalid",
        )
