"""Admin sign-in: lockout after repeated failures (django-axes, per user name and per client
address), the client address through trusted proxies, and staff sessions that end after a
working day without activity."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from kokoron.core.client_address import client_address

LOGIN = "/admin/login/"
PASSWORD = "a-long-staff-password-9"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.jp", PASSWORD)


def sign_in(client, username, password, address="192.0.2.10", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_twenty_wrong_passwords_then_the_right_one_is_refused(client, editor):
    for _ in range(20):
        response = sign_in(client, "editor", "wrong-password")
        assert not signed_in(client)
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert "サインインがロックされました" in response.content.decode()
    # Not even the admin's home: the lock is not a message on a signed-in page.
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_a_few_mistakes_do_not_lock_anyone_out(client, editor):
    for _ in range(3):
        assert sign_in(client, "editor", "wrong-password").status_code == 200
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_one_address_trying_many_names_is_locked_out_for_every_name(client, django_user_model):
    for number in range(10):
        sign_in(client, f"guess{number}", "wrong-password", address="198.51.100.7")
    staff = django_user_model.objects.create_user("staff", "staff@example.jp", PASSWORD)
    staff.is_superuser = True
    staff.save()
    refused = sign_in(Client(), "staff", PASSWORD, address="198.51.100.7")
    assert refused.status_code == 429
    # The same person from another network still gets in: the lock was on the address.
    other = Client()
    assert sign_in(other, "staff", PASSWORD, address="203.0.113.9").status_code == 302
    assert signed_in(other)


@pytest.mark.django_db
def test_one_name_tried_from_many_addresses_is_locked_out_everywhere(editor):
    for number in range(10):
        sign_in(Client(), "editor", "wrong-password", address=f"203.0.113.{number + 1}")
    fresh = Client()
    assert sign_in(fresh, "editor", PASSWORD, address="192.0.2.200").status_code == 429
    assert not signed_in(fresh)


@pytest.mark.django_db
def test_the_lockout_is_explained_in_the_sign_in_pages_language(client, editor, settings):
    for _ in range(10):
        sign_in(client, "editor", "wrong-password")
    japanese = sign_in(client, "editor", PASSWORD)
    assert japanese.status_code == 429
    page = japanese.content.decode()
    assert '<html lang="ja"' in page
    assert "サインインに失敗した回数が多すぎます" in page
    assert "30分間ロックされます" in page
    # The admin's sign-in page speaks the site's language; so does its lockout.
    settings.LANGUAGE_CODE = "en"
    english = sign_in(client, "editor", PASSWORD)
    assert english.status_code == 429
    assert "Too many failed sign-in attempts" in english.content.decode()


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_lock_falls_on_the_client_not_the_proxy(
    client, editor, settings
):
    settings.KOKORON_TRUSTED_PROXIES = 1
    proxy = "10.0.0.5"
    for _ in range(10):
        sign_in(client, "nobody", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Another resident of the ward behind the same proxy is not locked out ...
    other = Client()
    response = sign_in(other, "editor", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 302
    # ... and the locked client cannot get round it by writing its own X-Forwarded-For.
    spoofed = sign_in(
        Client(),
        "editor",
        PASSWORD,
        address=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7",
    )
    assert spoofed.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.5"),  # no proxy trusted: the header proves nothing
        (1, "", "10.0.0.5"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.99, 198.51.100.7", "198.51.100.7"),
        (2, "192.0.2.99, 198.51.100.7, 10.0.0.4", "198.51.100.7"),
        (2, "198.51.100.7", "198.51.100.7"),
        (1, "not-an-address", "10.0.0.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.KOKORON_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_staff_sessions_end_after_a_working_day_without_activity(client, editor):
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    session = Session.objects.get(session_key=client.session.session_key)
    # Nearly a working day idle: still signed in, and the visit renews the session.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    assert client.get("/admin/").status_code == 200
    renewed = Session.objects.get(pk=session.pk).expire_date - timezone.now()
    assert dt.timedelta(hours=9) < renewed <= dt.timedelta(hours=10)
    # A working day idle: signed out.
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
