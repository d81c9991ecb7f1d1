"""Asking for help for someone else on the public form (issue 16): the person helped is kept
as their own record, as a coordinator enters them (`Need.recipient`), only with their
agreement, and is found, exported and erased on their own request."""

from django.urls import reverse
from django.utils import translation

import pytest

from kokoron.core.models import AuditEntry
from kokoron.privacy import registry
from kokoron.privacy.identifiers import Subject
from matching.models import (
    Need,
    NeedNote,
    Person,
)
from tests.matching.test_views import ask_data

HELPED = {
    "helped_name": "田中 花子",
    "helped_name_kana": "たなか はなこ",
    "helped_phone": "052-000-1234",
    "helped_address": "名古屋市昭和区御器所町1-2-3",
    "helped_consent": "on",
}


def test_asking_for_oneself_records_only_the_person_who_asks(client, world):
    response = client.post("/volunteer/ask/", ask_data(world))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.recipient is None
    assert need.person_helped == need.requester
    assert Person.objects.count() == 1
    assert not NeedNote.objects.exists()


@pytest.mark.parametrize(("prefix", "language"), [("", "ja"), ("/en", "en")])
@pytest.mark.parametrize("for_whom", ["family", "neighbour", "client"])
def test_asking_for_someone_else_records_the_person_helped(
    client, world, prefix, language, for_whom
):
    response = client.post(f"{prefix}/volunteer/ask/", ask_data(world, for_whom=for_whom, **HELPED))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.for_whom == for_whom
    assert need.requester.name == "佐藤 一郎"
    assert need.requester.language == language
    helped = need.recipient
    assert need.person_helped == helped != need.requester
    assert (helped.name, helped.name_kana, helped.phone, helped.address, helped.email) == (
        "田中 花子",
        "たなか はなこ",
        "052-000-1234",
        "名古屋市昭和区御器所町1-2-3",
        "",
    )
    # Placed where the help is needed, as the need is.
    assert (helped.district, helped.neighbourhood) == (world.gokiso, world.town)
    # The agreement is noted on the need, in the council's language, for the coordinators.
    note = NeedNote.objects.get(need=need)
    assert note.author is None
    assert "同意" in note.text
    assert (
        AuditEntry.objects.filter(
            object_type="person", action="create", actor_label="public form"
        ).count()
        == 2
    )


def test_only_the_name_and_the_agreement_are_required(client, world):
    sent = ask_data(world, for_whom="neighbour", helped_name="田中 花子", helped_consent="on")
    assert client.post("/volunteer/ask/", sent).status_code == 302
    helped = Need.objects.get().recipient
    assert (helped.name, helped.name_kana, helped.phone, helped.address) == (
        "田中 花子",
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("prefix", "overrides", "field", "message"),
    [
        ("", {"helped_name": ""}, "helped_name", "助けが必要な方のお名前を書いてください。"),
        ("/en", {"helped_name": ""}, "helped_name", "Write the name of the person who needs help."),
        ("", {"helped_consent": ""}, "helped_consent", "ご本人の同意がある場合だけ"),
        (
            "/en",
            {"helped_consent": ""},
            "helped_consent",
            "We can only take their details if they agree.",
        ),
        ("/en", {"helped_name_kana": "tanaka"}, "helped_name_kana", "hiragana or katakana"),
        ("/en", {"helped_phone": "12"}, "helped_phone", "area code"),
        ("/en", {"helped_name": "x" * 101}, "helped_name", "at most 100 characters"),
        ("/en", {"helped_address": "x" * 251}, "helped_address", "at most 250 characters"),
    ],
)
def test_asking_for_someone_else_without_name_or_agreement_is_refused_and_stores_nothing(
    client, world, prefix, overrides, field, message
):
    sent = ask_data(world, for_whom="neighbour", **{**HELPED, **overrides})
    response = client.post(f"{prefix}/volunteer/ask/", sent)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'href="#id_{field}"' in body
    assert not Need.objects.exists() and not Person.objects.exists()
    assert not NeedNote.objects.exists()


@pytest.mark.parametrize(
    ("prefix", "message"),
    [("", "ご自身への手助け"), ("/en", "You chose that the help is for you.")],
)
def test_details_of_another_person_when_asking_for_oneself_are_refused(
    client, world, prefix, message
):
    response = client.post(f"{prefix}/volunteer/ask/", ask_data(world, for_whom="self", **HELPED))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_an_agreement_ticked_when_asking_for_oneself_is_ignored(client, world):
    sent = ask_data(world, for_whom="self", helped_consent="on")
    assert client.post("/volunteer/ask/", sent).status_code == 302
    assert Need.objects.get().recipient is None
    assert not NeedNote.objects.exists()


@pytest.mark.parametrize("prefix", ["", "/en", "/ja-easy"])
def test_the_form_shows_the_other_persons_fields_in_their_own_group(client, world, prefix):
    body = client.get(f"{prefix}/volunteer/ask/").content.decode()
    group = body[body.index('<fieldset class="matching-group" id="helped-person"') :]
    group = group[: group.index("</fieldset>\n")]
    for name in HELPED:
        assert f'name="{name}"' in group
    assert "matching/ask.js" in body
    # Without the script the fields are there, not hidden: the server checks them.
    assert "hidden" not in group.split(">", 1)[0]
    with translation.override({"": "ja", "/en": "en", "/ja-easy": "ja-easy"}[prefix]):
        assert translation.gettext("The person who needs help") in group


def test_the_person_helped_is_found_exported_and_erased_on_their_own_request(client, world):
    client.post("/volunteer/ask/", ask_data(world, for_whom="neighbour", **HELPED))
    need = Need.objects.get()
    found = registry.find(Subject.of(name="田中 花子", phone="052-000-1234"))
    roles = {(place.model, place.role) for place in found.places}
    assert ("matching.person", "person") in roles
    assert ("matching.need", "helped") in roles
    assert ("matching.neednote", "note") in roles
    data = registry.export(found)["data"]["matching.people"]
    assert data["people"][0]["address"] == "名古屋市昭和区御器所町1-2-3"
    assert [n["reference"] for n in data["needs_helped"]] == [need.reference]
    registry.erase(found)
    helped = Person.objects.get(pk=need.recipient_id)
    assert (helped.name_kana, helped.phone, helped.address) == ("", "", "")
    assert helped.name != "田中 花子"
    # The one who asked is another person, and stays.
    assert Person.objects.get(pk=need.requester_id).name == "佐藤 一郎"


def test_the_coordinator_sees_the_person_helped_and_how_to_reach_them(client, world):
    client.post("/volunteer/ask/", ask_data(world, for_whom="family", **HELPED))
    need = Need.objects.get()
    client.force_login(world.coordinator)
    body = client.get(reverse("matching_board:need", kwargs={"pk": need.pk})).content.decode()
    for shown in ("田中 花子", "たなか はなこ", "052-000-1234", "名古屋市昭和区御器所町1-2-3"):
        assert shown in body
