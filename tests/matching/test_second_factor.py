"""A coordinator reaches residents' personal data: in production the admin asks them for a
second factor, enrolled once and confirmed after every password sign-in."""

import time

from django.test import Client

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.totp import key_on_page, totp

PASSWORD = "a-long-staff-password-9"
NEEDS = "/admin/matching/needs/"


@pytest.fixture
def coordinator(world):
    world.coordinator.set_password(PASSWORD)
    world.coordinator.save()
    return world.coordinator


def sign_in():
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "coordinator", "password": PASSWORD, "next": NEEDS}
    )
    assert response.status_code == 302
    return client


def test_a_coordinator_needs_a_second_factor_in_production(coordinator, settings):
    settings.KOKORON_REQUIRE_2FA = True
    client = sign_in()
    response = client.get(NEEDS)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/second-factor/setup/")
    key = key_on_page(client.get(response["Location"]).content.decode())
    confirmed = client.post("/admin/second-factor/setup/", {"code": totp(key), "next": NEEDS})
    assert confirmed["Location"] == NEEDS
    assert client.get(NEEDS).status_code == 200
    assert TOTPDevice.objects.get(user=coordinator).confirmed

    again = sign_in()
    assert again.get(NEEDS)["Location"].startswith("/admin/second-factor/?")
    again.post("/admin/second-factor/", {"code": totp(key, at=time.time() + 30)})
    assert again.get(NEEDS).status_code == 200


def test_without_the_setting_a_coordinator_signs_in_with_a_password(coordinator, settings):
    settings.KOKORON_REQUIRE_2FA = False
    assert sign_in().get(NEEDS).status_code == 200
