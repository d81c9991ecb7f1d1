"""Yearly verification: emails with a signed link, the page that confirms or corrects."""

import datetime as dt
import re
import time

from django.core import signing
from django.utils import timezone

import pytest

from directory import tasks, verification
from directory.factories import OrganizationFactory, ServiceFactory
from directory.models import CorrectionSuggestion, Service
from kokoron.core.setup import sync_schedules
from kokoron.notifications.models import Notification
from kokoron.notifications.service import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(db):
    old = timezone.localdate() - dt.timedelta(days=400)
    org = OrganizationFactory(
        name="川名福祉会", name_kana="かわなふくしかい", email="info@kawana.example.jp"
    )
    salon = ServiceFactory(
        organization=org, name="川名サロン", name_kana="かわなさろん", assured_date=old
    )
    cafe = ServiceFactory(
        organization=org, name="川名カフェ", name_kana="かわなかふぇ", assured_date=None
    )
    fresh_org = OrganizationFactory(email="fresh@example.jp")
    ServiceFactory(organization=fresh_org, assured_date=timezone.localdate())
    OrganizationFactory(email="")  # nobody to write to
    ServiceFactory(organization__email="", assured_date=old)
    return org, salon, cafe


def _link_path(notification):
    _subject, text, _html = render(notification)
    return re.search(r"https?://[^/\s]+(/\S+)", text).group(1)


def test_due_organisations_get_one_email_a_month_with_a_signed_link(due, client):
    _org, salon, cafe = due
    assert tasks.request_verifications() == 1
    assert verification.send_requests() == 1  # same month: notify() queues nothing new
    notification = Notification.objects.get()
    assert notification.recipient == "info@kawana.example.jp"
    subject, text, _html = render(notification)
    assert "川名福祉会" in subject and "川名サロン" in text and "川名カフェ" in text

    path = _link_path(notification)
    page = client.get(path)
    assert page.status_code == 200
    assert "川名サロン" in page.content.decode()

    incomplete = client.post(
        path, {f"{salon.pk}-answer": "confirm", f"{cafe.pk}-answer": "correct"}
    )
    assert incomplete.status_code == 400
    forms = {service.pk: form for service, form in incomplete.context["entries"]}
    assert list(forms[cafe.pk].errors) == ["message"]
    assert Service.objects.get(pk=salon.pk).assured_date != timezone.localdate()

    response = client.post(
        path,
        {
            f"{salon.pk}-answer": "confirm",
            f"{cafe.pk}-answer": "correct",
            f"{cafe.pk}-message": "毎週木曜日に変わりました。",
        },
    )
    assert response.status_code == 302
    assert Service.objects.get(pk=salon.pk).assured_date == timezone.localdate()
    assert Service.objects.get(pk=cafe.pk).assured_date is None
    suggestion = CorrectionSuggestion.objects.get()
    assert suggestion.service_id == cafe.pk and suggestion.status == CorrectionSuggestion.NEW
    assert suggestion.email == "info@kawana.example.jp"


def test_forged_and_expired_links_are_refused_clearly(due, client, monkeypatch):
    org = due[0]
    token = verification.make_token(org)
    forged = client.get(f"/directory/verify/{token[:-3]}abc/")
    assert forged.status_code == 400
    assert "verify_invalid" in forged.templates[0].name
    assert forged.context["expired"] is False

    past = time.time() - (verification.VALID_DAYS + 1) * 86400
    monkeypatch.setattr(signing.time, "time", lambda: past)
    old_token = verification.make_token(org)
    monkeypatch.undo()
    expired = client.get(f"/directory/verify/{old_token}/")
    assert expired.status_code == 400 and expired.context["expired"] is True
    assert client.post(f"/directory/verify/{old_token}/", {}).status_code == 400


def test_schedule_is_registered():
    assert "kokoron.directory.verification_requests" in sync_schedules()


def test_a_link_to_a_removed_organisation_is_refused_clearly(due, client):
    org = due[0]
    token = verification.make_token(org)
    Service.objects.filter(organization=org).delete()
    org.locations.all().delete()
    org.delete()
    response = client.get(f"/directory/verify/{token}/")
    assert response.status_code == 400 and response.context["expired"] is False
