"""The admin's second factor (TOTP through django-otp).

Staff whose permissions reach personal data must enrol an authenticator app and confirm a code
after their password before they can use the admin; anyone who has enrolled is asked for a code
too. `KOKORON_REQUIRE_2FA` relaxes the first rule (development, the demo), never the second.
Which permissions reach personal data: the core's own below, and whatever each plugin registers
through PERSONAL_DATA_PERMISSIONS_HOOK.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from django_otp import user_has_device

from kokoron.plugins import PERSONAL_DATA_PERMISSIONS_HOOK, registered

# Staff accounts (their addresses) and groups (granting any permission), newsletter subscribers
# and sent emails.
CORE_PERSONAL_DATA_PERMISSIONS = (
    "users",
    "auth",
    "newsletters.view_subscriber",
    "newsletters.change_subscriber",
    "newsletters.delete_subscriber",
    "notifications",
)

VERIFY_URL_NAME = "kokoron_second_factor"
SETUP_URL_NAME = "kokoron_second_factor_setup"
# What a signed-in but unverified user may still open: signing in and out, the second factor's
# own screens, and the admin's script catalogue and icons those screens load.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    VERIFY_URL_NAME,
    SETUP_URL_NAME,
}


def personal_data_permissions():
    return {*CORE_PERSONAL_DATA_PERMISSIONS, *registered(PERSONAL_DATA_PERMISSIONS_HOOK)}


def reaches_personal_data(user):
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    wanted = personal_data_permissions()
    return any(
        permission in wanted or permission.split(".", 1)[0] in wanted
        for permission in user.get_all_permissions()
    )


def requires_second_factor(user):
    """True when this user may not use the admin without a confirmed second factor."""
    return settings.KOKORON_REQUIRE_2FA and reaches_personal_data(user)


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class SecondFactorMiddleware:
    """Sends a signed-in user who still owes a second factor to the code or enrolment screen.

    After django_otp's OTPMiddleware, which tells whether this session has been verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self.pending_step(request)
        if redirect_to:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(redirect_to)}?{query}")
        return self.get_response(request)

    def pending_step(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        if _url_name(request) in OPEN_URL_NAMES:
            return None
        if user_has_device(user, confirmed=True):
            return VERIFY_URL_NAME
        if requires_second_factor(user):
            return SETUP_URL_NAME
        return None
