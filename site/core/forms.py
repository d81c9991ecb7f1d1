"""The public forms' common ground (no account needed): messages that screen readers find, a
hidden field that catches robots, readings in kana, telephone numbers and dates typed as
text. The plugins' public forms (matching, education) build on these; PublicFormRenderer
draws them."""

import re
import unicodedata

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

KANA = re.compile(r"^[\u3041-\u309F\u30A0-\u30FF\u3000\s・ー]+$")
PHONE = re.compile(r"^[0-9\uff10-\uff19\-\u2010\uff0d() ]{10,15}$")

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]


class PlainDateField(forms.DateField):
    """A date typed as text: full-width digits and 2026/5/1 or 2026年5月1日 are understood.

    A text field works the same with every keyboard and screen reader, unlike the date
    pickers browsers draw differently."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 12})
    input_formats = DATE_FORMATS

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        return super().to_python(value)


class PublicFormRenderer(TemplatesSetting):
    """How every public form is drawn ({{ form }}, or a field's as_field_group): a summary of
    what is wrong, then each field with its label, required mark, help and error tied to the
    input (Django adds aria-invalid and aria-describedby), choices in a fieldset."""

    form_template_name = "includes/forms/form.html"
    field_template_name = "includes/forms/field.html"


class PublicForm(forms.Form):
    """A form anyone may send. Spam protection that does not burden people: a hidden field
    robots fill in, and (in the views) a limit on how many forms one address may send in an
    hour (kokoron.core.rate_limits)."""

    default_renderer = PublicFormRenderer

    # The honeypot: hidden from people (CSS and aria-hidden), filled in by robots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This form could not be sent."))
        return ""

    def clean_name_kana(self):
        return kana_reading(self.cleaned_data["name_kana"])

    def clean_phone(self):
        return phone_number(self.cleaned_data.get("phone", ""))

    def clean(self):
        cleaned = super().clean()
        district = cleaned.get("district")
        neighbourhood = cleaned.get("neighbourhood")
        if district and neighbourhood and neighbourhood.district_id != district.pk:
            self.add_error(
                "neighbourhood", _("This neighbourhood is not in the school district you chose.")
            )
        contact_fields = {"email", "phone"}
        if (
            contact_fields <= set(self.fields)
            and not contact_fields & set(self.errors)
            and not cleaned.get("email")
            and not cleaned.get("phone")
        ):
            self.add_error("email", _("Give an email address or a telephone number."))
        return cleaned


def kana_reading(value):
    value = value.strip()
    if value and not KANA.match(value):
        raise forms.ValidationError(_("Write the reading in hiragana or katakana."))
    return value


def phone_number(value):
    value = value.strip()
    if value and not PHONE.match(value):
        raise forms.ValidationError(
            _("Write the telephone number with its area code, for example 052-000-0000.")
        )
    return value
