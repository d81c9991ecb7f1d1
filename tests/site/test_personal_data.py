"""The core's personal-data registry (kokoron.privacy): how a person is recognised in text,
email keys that never hold an address, the core's own contributors, and the admin screen
where staff find, download and erase a person's data in every register."""

import importlib
import json

from django.apps import apps
from django.contrib.auth.models import Permission

import pytest

from kokoron.newsletters.models import Subscriber
from kokoron.notifications.models import Notification
from kokoron.notifications.service import notify
from kokoron.privacy import registry
from kokoron.privacy.identifiers import ERASED, Subject
from kokoron.privacy.models import PersonalDataRequest

EMAIL = "hanako.yamada@example.jp"
NAME = "山田 花子"
URL = "/admin/personal-data/"


# How a person is recognised in free text (no database)


def test_a_subject_is_found_however_people_write_them():
    subject = Subject.of(
        email=" Hanako.Yamada@Example.JP ", name="山田　花子", phone="052-000-1111"
    )
    assert (subject.email, subject.name, subject.phone) == (EMAIL, NAME, "0520001111")
    for text in (
        "連絡先 HANAKO.YAMADA@example.jp",
        "山田花子さんより",
        "山田 花子",
        "山田　花子様",
        "電話 (052)000-1111",
        "０５２－０００－１１１１",  # noqa: RUF001 - full-width, as typed on a phone
    ):
        assert subject.mentioned_in(text), text
        assert ERASED in subject.redact(text), text
    for text in ("山田 一郎", "052-000-11112", "hanako@example.jp", ""):
        assert not subject.mentioned_in(text), text
    assert subject.redact("山田花子さん(052-000-1111)") == f"{ERASED}さん({ERASED})"
    nested = {"who": NAME, "list": ["x", f"mail {EMAIL}"], NAME: 1}
    assert json.dumps(subject.redact_value(nested), ensure_ascii=False).count(ERASED) == 3
    assert subject.redact_value({"n": 1}) == {"n": 1}


def test_a_name_alone_too_short_to_search_text_for():
    subject = Subject.of(name="林")
    assert subject  # still a request: name fields are compared whole
    assert subject.pattern() is None and not subject.mentioned_in("林さん")
    assert not Subject.of()


# Email keys


@pytest.mark.django_db
def test_email_keys_never_hold_an_address():
    first = notify(key=f"signup-mine-{EMAIL}-2026-05-01", template="t", to=EMAIL, language="ja")
    assert "@" not in first.key and EMAIL not in first.key
    again = notify(key=f"signup-mine-{EMAIL}-2026-05-01", template="t", to=EMAIL, language="ja")
    assert again.pk == first.pk  # still sent once
    other = notify(key="signup-mine-b@example.jp-2026-05-01", template="t", to=EMAIL, language="ja")
    assert other.pk != first.pk


@pytest.mark.django_db
def test_the_migration_rewrites_keys_already_stored():
    old = Notification.objects.create(key=f"matching-accepted-3-{EMAIL}", template="t")
    plain = Notification.objects.create(key="signup-4-confirm", template="t", recipient=EMAIL)
    migration = importlib.import_module(
        "kokoron.notifications.migrations.0003_keys_without_addresses"
    )
    migration.rewrite_keys(apps, None)
    old.refresh_from_db()
    plain.refresh_from_db()
    assert "@" not in old.key and "hanako" not in old.key
    assert plain.key == "signup-4-confirm"
    assert notify(key=f"matching-accepted-3-{EMAIL}", template="t", to=EMAIL, language="ja") == old


# The core's contributors


@pytest.fixture
def subscriber_with_emails(db):
    subscriber = Subscriber.objects.create(email=EMAIL, language="ja", news=True)
    to_them = notify(
        key="welcome-1", template="welcome", to=EMAIL.upper(), language="ja", context={"name": NAME}
    )
    naming = notify(
        key="staff-1",
        template="staff",
        to="staff@kokoron.example.jp",
        language="ja",
        context={"message": f"{NAME}さんから電話"},
    )
    unrelated = notify(
        key="other-1",
        template="welcome",
        to="other@example.jp",
        language="ja",
        context={"name": "別の人"},
    )
    return subscriber, to_them, naming, unrelated


def test_the_core_finds_exports_and_erases_subscribers_and_emails(subscriber_with_emails):
    subscriber, to_them, naming, unrelated = subscriber_with_emails
    person = registry.find(Subject.of(email=EMAIL, name=NAME))
    places = {(p.contributor, p.pk, p.role) for p in person.places}
    assert {
        ("newsletters.subscribers", str(subscriber.pk), "subscriber"),
        ("notifications", str(to_them.pk), "email"),
        ("notifications", str(naming.pk), "mention"),
    } <= places
    assert str(unrelated.pk) not in {
        p.pk for p in person.places if p.contributor == "notifications"
    }
    data = registry.export(person)
    assert data["data"]["newsletters.subscribers"][0]["email"] == EMAIL
    assert {row["template"] for row in data["data"]["notifications"]} == {"welcome", "staff"}

    registry.erase(person)
    assert not Subscriber.objects.exists()
    to_them.refresh_from_db()
    naming.refresh_from_db()
    unrelated.refresh_from_db()
    assert (to_them.recipient, to_them.context, to_them.status) == ("", {}, "failed")
    assert naming.context == {"message": f"{ERASED}さんから電話"}
    assert naming.recipient == "staff@kokoron.example.jp" and naming.status == "pending"
    assert unrelated.context == {"name": "別の人"} and unrelated.recipient == "other@example.jp"
    assert registry.find(Subject.of(email=EMAIL, name=NAME)).places == []
    registry.erase(person)  # a second time changes nothing
    assert Notification.objects.get(pk=naming.pk).context == {"message": f"{ERASED}さんから電話"}


def test_the_core_registers_its_contributors(db):
    keys = {contributor.key for contributor in registry.contributors()}
    assert {"notifications", "newsletters.subscribers", "admin.history"} <= keys
    orders = [contributor.key for contributor in registry.contributors()]
    assert orders[-2:] == ["notifications", "admin.history"]  # they sweep up last


# The admin screen


@pytest.fixture
def privacy_staff(client, django_user_model):
    user = django_user_model.objects.create_user("privacy", "p@kokoron.example.jp", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_personal_data"),
    )
    client.force_login(user)
    return client


def test_staff_without_the_permission_cannot_use_the_screen(client, django_user_model, db):
    user = django_user_model.objects.create_user("editor", "e@kokoron.example.jp", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    Subscriber.objects.create(email=EMAIL, language="ja")
    for response in (client.get(URL), client.post(URL, {"email": EMAIL, "action": "find"})):
        assert response.status_code in (302, 403)
        assert EMAIL not in response.content.decode()
    response = client.post(URL, {"email": EMAIL, "action": "erase", "confirm": EMAIL})
    assert Subscriber.objects.exists() and not PersonalDataRequest.objects.exists()


def test_find_download_and_erase_on_the_screen(privacy_staff, subscriber_with_emails):
    subscriber, to_them, _naming, _unrelated = subscriber_with_emails
    assert privacy_staff.get(URL).status_code == 200

    found = privacy_staff.post(URL, {"email": EMAIL, "name": "", "phone": "", "action": "find"})
    html = found.content.decode()
    assert found.status_code == 200 and "no-store" in found["Cache-Control"]
    ids = [p.id for p in registry.find(Subject.of(email=EMAIL)).places]
    for place_id in ids:
        assert f'value="{place_id}"' in html

    download = privacy_staff.post(URL, {"email": EMAIL, "action": "export:json", "place": ids})
    assert download["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    assert json.loads(download.content)["data"]["newsletters.subscribers"][0]["email"] == EMAIL
    csv = privacy_staff.post(URL, {"email": EMAIL, "action": "export:csv", "place": ids})
    assert f"data.newsletters.subscribers.0.email,{EMAIL}" in csv.content.decode("utf-8-sig")

    # A wrong confirmation, or no place ticked, changes nothing.
    wrong = privacy_staff.post(
        URL, {"email": EMAIL, "action": "erase", "place": ids, "confirm": "x@example.jp"}
    )
    assert wrong.status_code == 400 and Subscriber.objects.exists()
    none = privacy_staff.post(URL, {"email": EMAIL, "action": "erase", "confirm": EMAIL})
    assert none.status_code == 400 and Subscriber.objects.exists()
    # Only the ticked places are erased.
    only_email = [i for i in ids if i.startswith("notifications|")]
    privacy_staff.post(
        URL, {"email": EMAIL, "action": "erase", "place": only_email, "confirm": EMAIL.upper()}
    )
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert Notification.objects.get(pk=to_them.pk).recipient == ""
    done = privacy_staff.post(
        URL, {"email": EMAIL, "action": "erase", "place": ids, "confirm": EMAIL}
    )
    assert done.status_code == 302 and not Subscriber.objects.exists()

    log = list(PersonalDataRequest.objects.order_by("pk"))
    assert [entry.action for entry in log] == ["export", "export", "erase", "erase"]
    assert log[-1].places == {"newsletters.subscribers": 1}
    assert all(EMAIL not in json.dumps(entry.places) for entry in log)
    assert log[-1].actor.username == "privacy"
    listing = privacy_staff.get(URL).content.decode()
    assert EMAIL not in listing


def test_bad_input_gets_a_clear_message_and_changes_nothing(privacy_staff, db):
    Subscriber.objects.create(email=EMAIL, language="ja")
    for data in ({"action": "find"}, {"email": "not an address", "action": "erase"}):
        response = privacy_staff.post(URL, data)
        assert response.status_code == 400
    html = privacy_staff.post(URL, {"action": "find"}).content.decode()
    assert "メールアドレス、名前、電話番号のいずれかを入力してください" in html
    assert Subscriber.objects.exists() and not PersonalDataRequest.objects.exists()
