from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from . import views
from .second_factor import SETUP_URL_NAME, VERIFY_URL_NAME


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [
        path("second-factor/", views.verify, name=VERIFY_URL_NAME),
        path("second-factor/setup/", views.setup, name=SETUP_URL_NAME),
    ]


@hooks.register("register_account_menu_item")
def second_factor_menu_item(request):
    return {
        "url": reverse(SETUP_URL_NAME),
        "label": _("Authenticator app"),
        "help_text": _(
            "Set up the app that gives the code asked for after your password, or replace it."
        ),
    }
