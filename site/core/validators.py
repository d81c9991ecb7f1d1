"""Validators shared by the core's and the plugins' models and forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .web_addresses import WEB_SCHEMES, is_site_path, is_web_address

WEB_ADDRESS_MESSAGE = _("Enter a web address beginning with http:// or https://.")


@deconstructible
class WebAddressValidator:
    """http(s) only (no javascript: or data: link can be stored), then Django's URL check."""

    message = WEB_ADDRESS_MESSAGE
    code = "invalid"

    def __call__(self, value):
        if not is_web_address(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        URLValidator(schemes=list(WEB_SCHEMES), message=self.message, code=self.code)(value)

    def __eq__(self, other):
        return isinstance(other, WebAddressValidator)


validate_web_address = WebAddressValidator()

SITE_PATH_OR_WEB_ADDRESS_MESSAGE = _(
    "Enter a path on this site beginning with / (such as /directory/), "
    "or a web address beginning with http:// or https://."
)


def validate_site_path_or_web_address(value):
    """A menu link: a path on this site, or a link to another site over http(s)."""
    if is_site_path(value):
        return
    try:
        validate_web_address(value)
    except ValidationError:
        raise ValidationError(SITE_PATH_OR_WEB_ADDRESS_MESSAGE, code="invalid") from None


class WebAddressFormField(forms.URLField):
    default_validators = [validate_web_address]
    default_error_messages = {"invalid": WEB_ADDRESS_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class WebAddressField(models.URLField):
    """A link to another site: http(s) only, in the database, the admin and every form."""

    default_validators = [validate_web_address]
    default_error_messages = {"invalid": WEB_ADDRESS_MESSAGE}

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebAddressFormField, **kwargs})
