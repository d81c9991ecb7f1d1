"""The admin's second factor: who must enrol, the enrolment screen, the code after the
password, and what an unverified session can reach. Codes are computed in the test from the
key the enrolment screen shows, as an authenticator app would."""

import base64
import io
import time

from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.test import Client

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from kokoron.users.second_factor import requires_second_factor
from tests.totp import key_on_page, totp

PASSWORD = "a-long-staff-password-9"
SETUP = "/admin/second-factor/setup/"
VERIFY = "/admin/second-factor/"


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.KOKORON_REQUIRE_2FA = True


def signed_in_client(username):
    client = Client()
    response = client.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, "the password is right"
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.jp", PASSWORD)


def enrol(client):
    """Scan (read) the key, confirm its first code; returns the key."""
    page = client.get(SETUP)
    assert page.status_code == 200
    key = key_on_page(page.content.decode())
    response = client.post(SETUP, {"code": totp(key), "next": "/admin/pages/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/admin/pages/"
    return key


@pytest.mark.django_db
def test_a_superuser_must_enrol_before_using_the_admin_then_confirm_a_code_each_sign_in(
    superuser,
):
    client = signed_in_client("chief")
    response = client.get("/admin/users/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Fusers%2F"
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page  # the QR code to scan
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()

    key = enrol(client)
    assert TOTPDevice.objects.get(user=superuser).confirmed
    assert client.get("/admin/users/").status_code == 200

    # The next sign-in: the password alone reaches nothing but the code screen.
    client = signed_in_client("chief")
    response = client.get("/admin/users/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fusers%2F"
    assert client.get(SETUP)["Location"].startswith(VERIFY)  # no replacing the app either
    # The code already used to enrol does not work twice; the app's next one does.
    reused = client.post(VERIFY, {"code": totp(key), "next": "/admin/users/"})
    assert reused.status_code == 400
    assert "コードが正しくないか" in reused.content.decode()
    time.sleep(1.1)  # django-otp's throttle: one second after one wrong code
    response = client.post(
        VERIFY, {"code": totp(key, at=time.time() + 30), "next": "/admin/users/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/users/"
    assert client.get("/admin/users/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_or_malformed_code_is_refused_with_a_message_and_changes_nothing(superuser):
    client = signed_in_client("chief")
    key = key_on_page(client.get(SETUP).content.decode())
    for code, message in [
        ("12345", "認証アプリに表示されている6桁の数字を入力してください"),
        ("abcdef", "認証アプリに表示されている6桁の数字を入力してください"),
        (
            "\uff11\uff12\uff13\uff14\uff15\uff16",
            "認証アプリに表示されている6桁の数字を入力してください",
        ),
        ("", "この項目は必須です"),
    ]:
        response = client.post(SETUP, {"code": code})
        assert response.status_code == 400
        assert message in response.content.decode()
    wrong = f"{(int(totp(key)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 400
    assert "コードが正しくないか" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=superuser, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302
    # The key stays the same while the enrolment is pending.
    assert key_on_page(client.get(SETUP).content.decode()) == key


@pytest.mark.django_db
def test_guessing_codes_is_slowed_down(superuser):
    client = signed_in_client("chief")
    enrol(client)
    client = signed_in_client("chief")
    for _ in range(2):
        client.post(VERIFY, {"code": "000000"})
    device = TOTPDevice.objects.get(user=superuser)
    right = totp(key_on_device(device), at=time.time() + 30)
    response = client.post(VERIFY, {"code": right})
    # Right, but too soon after the wrong ones: django-otp's throttle says wait.
    assert response.status_code == 400
    assert "間違ったコードが続きました" in response.content.decode()


def key_on_device(device):
    return base64.b32encode(device.bin_key).decode()


@pytest.mark.django_db
def test_an_editor_whose_work_reaches_no_personal_data_signs_in_with_a_password(
    django_user_model,
):
    editor = django_user_model.objects.create_user("pr", "pr@example.jp", PASSWORD)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert not requires_second_factor(editor)
    client = signed_in_client("pr")
    assert client.get("/admin/").status_code == 200
    # Allowed to add one all the same, and then asked for it.
    enrol(client)
    client = signed_in_client("pr")
    assert client.get("/admin/")["Location"].startswith(VERIFY)


@pytest.mark.django_db
def test_staff_who_manage_accounts_or_subscribers_must_enrol(django_user_model):
    for codename, app in [("change_user", "users"), ("view_subscriber", "newsletters")]:
        person = django_user_model.objects.create_user(codename, f"{codename}@example.jp", PASSWORD)
        person.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(content_type__app_label=app, codename=codename),
        )
        assert requires_second_factor(person)


@pytest.mark.django_db
def test_the_setting_relaxes_enrolment_for_the_demo(superuser, settings):
    settings.KOKORON_REQUIRE_2FA = False
    assert not requires_second_factor(superuser)
    assert signed_in_client("chief").get("/admin/").status_code == 200


@pytest.mark.django_db
def test_after_the_code_only_addresses_on_this_site_are_followed(superuser):
    client = signed_in_client("chief")
    page = client.get(SETUP)
    key = key_on_page(page.content.decode())
    response = client.post(SETUP, {"code": totp(key), "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_public_pages_are_not_held_back_by_a_missing_second_factor(superuser):
    client = signed_in_client("chief")
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_phone_from_the_shell(superuser):
    enrol(signed_in_client("chief"))
    out = io.StringIO()
    call_command("reset_second_factor", "chief", stdout=out)
    assert "Removed 1" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=superuser).exists()
    # At the next sign-in they set up a new app.
    assert signed_in_client("chief").get("/admin/")["Location"].startswith(SETUP)
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("reset_second_factor", "nobody")
