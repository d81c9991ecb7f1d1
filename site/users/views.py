"""The admin's second factor: the code after the password, and enrolling an authenticator app.
Also the page shown when sign-in is locked after too many failures (django-axes)."""

from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

import segno
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm
from .second_factor import SETUP_URL_NAME, VERIFY_URL_NAME

DEVICE_NAME = "authenticator"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _to(url_name, request):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': _next_url(request)})}")


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """After the password: a code from the authenticator app the user enrolled."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(user, confirmed=True):
        return _to(SETUP_URL_NAME, request)
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    form = CodeForm(request.POST or None, devices=devices)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        return redirect(_next_url(request))
    return TemplateResponse(
        request,
        "users/second_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


def _pending_device(user):
    """The device being enrolled: its key stays the same until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _grouped(text, size=4):
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """Enrol an authenticator app: scan the code (or type the key), then confirm one code.

    A user who already has one must have confirmed a code in this session to replace it."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return _to(VERIFY_URL_NAME, request)
    device = _pending_device(user)
    form = CodeForm(request.POST or None, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # The new app replaces any earlier one; half-finished enrolments go too.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        otp_login(request, device)
        messages.success(request, _("Your authenticator app is set up."))
        return redirect(_next_url(request))
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return TemplateResponse(
        request,
        "users/second_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": segno.make(device.config_url, error="m").svg_inline(
                scale=4, border=4, dark="#000", light="#fff", title=_("QR code to scan")
            ),
            "key": _grouped(key),
            "replacing": user_has_device(user, confirmed=True),
        },
        status=400 if form.errors else 200,
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer while sign-in is locked for this user or this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Rendered at once: django-axes returns it from a middleware, past the template stage.
    return render(request, "users/locked_out.html", {"cooloff_minutes": minutes}, status=429)
