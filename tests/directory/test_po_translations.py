"""Translators' PO files of the directory: the pure part (building the catalogue from plain rows,
reading an upload, and planning what it changes) and the admin screens around it."""

import polib
import pytest

from directory import po_translations as po
from directory.po_translations import CatalogueError, Entry

SERVICE = "3f1c2a9e-0000-4000-8000-000000000001"
ORGANIZATION = "3f1c2a9e-0000-4000-8000-000000000002"


def entries(translation=None, org_translation=None):
    return [
        Entry(
            "service",
            SERVICE,
            "御器所いきいきサロン",
            {
                "name": "御器所いきいきサロン",
                "description": "地域の高齢者が集まるサロンです。",
                "eligibility_description": "",
                "fees_description": "無料",
            },
            translation,
        ),
        Entry(
            "organization",
            ORGANIZATION,
            "昭和区社会福祉協議会",
            {"name": "昭和区社会福祉協議会", "description": "社協です。"},
            org_translation,
        ),
    ]


def catalogue_for(language="en", rows=None, **kwargs):
    return po.build_catalogue(rows or entries(**kwargs), language, "2026-04-01 09:00+0900")


def upload(catalogue):
    return str(catalogue).encode("utf-8")


def fill(catalogue, values):
    for item in catalogue:
        if item.msgctxt in values:
            item.msgstr = values[item.msgctxt]
    return catalogue


# Building -----------------------------------------------------------------------------------


def test_catalogue_lists_every_nonempty_text_with_context_comment_and_header():
    catalogue = catalogue_for("pt-br", translation={"name": "Salão", "description": ""})
    contexts = [item.msgctxt for item in catalogue]
    assert contexts == [
        f"service:{SERVICE}:name",
        f"service:{SERVICE}:description",
        f"service:{SERVICE}:fees_description",
        f"organization:{ORGANIZATION}:name",
        f"organization:{ORGANIZATION}:description",
    ]
    name = catalogue.find(f"service:{SERVICE}:name", by="msgctxt")
    assert (name.msgid, name.msgstr) == ("御器所いきいきサロン", "Salão")
    assert "御器所いきいきサロン" in name.comment and "Service" in name.comment
    assert catalogue.find(f"service:{SERVICE}:description", by="msgctxt").msgstr == ""
    assert catalogue.metadata["Language"] == "pt_BR"
    assert catalogue.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    # What polib writes, polib (and any PO editor) reads back the same.
    again = polib.pofile(str(catalogue) + "\n")
    assert [(i.msgctxt, i.msgid, i.msgstr) for i in again] == [
        (i.msgctxt, i.msgid, i.msgstr) for i in catalogue
    ]


@pytest.mark.parametrize(
    "code, po_code, plurals",
    [
        ("en", "en", "nplurals=2; plural=(n != 1);"),
        ("zh-hans", "zh_Hans", "nplurals=1; plural=0;"),
        ("ja-easy", "ja_Easy", "nplurals=1; plural=0;"),
        ("ko", "ko", "nplurals=1; plural=0;"),
        ("fil", "fil", po.PLURAL_FORMS["fil"]),
    ],
)
def test_language_header_and_plural_forms(code, po_code, plurals):
    assert po.po_language(code) == po_code
    assert po.plural_forms(code) == plurals
    assert po.same_language(po_code, code)


def test_contexts_parse_only_when_they_name_a_kind_and_field_of_ours():
    assert po.parse_context(f"service:{SERVICE.upper()}:description") == (
        "service",
        SERVICE,
        "description",
    )
    for text in ["", "service", f"service:{SERVICE}", f"page:{SERVICE}:name", "term:x:fees"]:
        assert po.parse_context(text) is None


# Reading an upload --------------------------------------------------------------------------


def error_code(data, language="en"):
    with pytest.raises(CatalogueError) as caught:
        po.read_catalogue(data, language)
    return caught.value


def test_reads_its_own_file_back():
    catalogue = po.read_catalogue(upload(catalogue_for()), "en")
    assert len(catalogue) == 5


def test_reads_utf8_with_bom_and_windows_line_ends():
    data = upload(catalogue_for()).replace(b"\n", b"\r\n")
    assert len(po.read_catalogue("\ufeff".encode() + data, "en")) == 5


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\xde\x12\x04\x95\x00\x00\x00\x00", "mo-file"),
        (bytes(range(256)) * 4, "binary"),
        ("名称,よみがな\n御器所,ごきそ\n".encode("cp932"), "encoding"),
        (b"name,reading\nGokiso,gokiso\n", "syntax"),
        (b'msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Hello"\nmsgstr "Hi"\n', "wrong-file"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, code):
    assert error_code(data).code == code


def test_a_catalogue_saved_as_shift_jis_under_its_utf8_header_is_refused():
    data = str(fill(catalogue_for(), {f"service:{SERVICE}:name": "サロン"})).encode("cp932")
    assert error_code(data).code == "encoding"


def test_a_catalogue_that_declares_shift_jis_is_read_in_it():
    catalogue = fill(catalogue_for(), {f"service:{SERVICE}:name": "Gokiso Salon"})
    catalogue.metadata["Content-Type"] = "text/plain; charset=Shift_JIS"
    read = po.read_catalogue(str(catalogue).encode("cp932"), "en")
    assert read.find(f"service:{SERVICE}:name", by="msgctxt").msgid == "御器所いきいきサロン"


def test_language_must_match_the_chosen_one():
    error = error_code(upload(catalogue_for("ko")), "en")
    assert (error.code, error.params) == ("wrong-language", {"found": "ko", "expected": "en"})
    catalogue = catalogue_for()
    del catalogue.metadata["Language"]
    assert error_code(upload(catalogue)).code == "no-language"
    assert po.read_catalogue(upload(catalogue_for("zh-hans")), "zh-hans")


def test_a_file_name_as_contents_is_never_read_from_disk(tmp_path):
    target = tmp_path / "secret.po"
    target.write_bytes(upload(catalogue_for()))
    assert error_code(str(target).encode()).code == "syntax"


# Planning -----------------------------------------------------------------------------------


def plan(catalogue, rows=None, **kwargs):
    read = po.read_catalogue(upload(catalogue), "en")
    return po.plan_changes(read, rows or entries(**kwargs), {("service", "name"): 20})


def test_plan_counts_new_changed_unchanged_and_untranslated():
    existing = {"name": "Gokiso Salon", "description": "Old text", "fees_description": "Free"}
    catalogue = fill(
        catalogue_for(translation=existing),
        {f"service:{SERVICE}:description": "A salon for older residents."},
    )
    result = plan(catalogue, translation=existing)
    assert not result.problems
    assert dict(result.counts) == {
        "new": 0,
        "changed": 1,
        "unchanged": 2,
        "untranslated": 2,
        "skipped": 0,
    }
    assert result.writes() == {
        ("service", SERVICE): {"description": "A salon for older residents."}
    }


def test_same_file_again_plans_no_writes():
    existing = {"name": "Gokiso Salon", "description": "A salon.", "fees_description": ""}
    result = plan(catalogue_for(translation=existing), translation=existing)
    assert result.writes() == {} and result.counts["unchanged"] == 2


def test_empty_translation_never_removes_one():
    existing = {"name": "Gokiso Salon", "description": "A salon.", "fees_description": "Free"}
    catalogue = fill(catalogue_for(translation=existing), {f"service:{SERVICE}:description": ""})
    result = plan(catalogue, translation=existing)
    assert result.writes() == {} and result.counts["untranslated"] == 3


def test_fuzzy_stale_unknown_and_repeated_entries_are_skipped_with_a_note():
    catalogue = fill(
        catalogue_for(),
        {
            f"service:{SERVICE}:name": "Salon",
            f"service:{SERVICE}:description": "Guess",
            f"service:{SERVICE}:fees_description": "Free",
        },
    )
    catalogue.find(f"service:{SERVICE}:description", by="msgctxt").flags.append("fuzzy")
    catalogue.find(f"service:{SERVICE}:fees_description", by="msgctxt").msgid = "有料"
    catalogue.append(
        polib.POEntry(
            msgctxt="service:3f1c2a9e-0000-4000-8000-00000000dead:name", msgid="x", msgstr="y"
        )
    )
    catalogue.append(
        polib.POEntry(msgctxt=f"service:{SERVICE}:name", msgid="御器所いきいきサロン", msgstr="Z")
    )
    result = plan(catalogue)
    assert sorted(p.code for p in result.warnings) == [
        "duplicate",
        "fuzzy",
        "source-changed",
        "unknown",
    ]
    assert not result.errors
    assert result.counts["skipped"] == 4
    assert result.writes() == {("service", SERVICE): {"name": "Salon"}}


def test_overlong_value_is_an_error():
    catalogue = fill(catalogue_for(), {f"service:{SERVICE}:name": "x" * 21})
    result = plan(catalogue)
    [error] = result.errors
    assert (error.code, error.params) == ("too-long", {"limit": 20, "length": 21})
    assert error.label == "御器所いきいきサロン"


def test_new_translation_needs_its_name():
    catalogue = fill(
        catalogue_for(),
        {
            f"service:{SERVICE}:description": "A salon.",
            f"organization:{ORGANIZATION}:description": "The council.",
        },
    )
    result = plan(catalogue, org_translation={"name": "Showa Council", "description": ""})
    assert [(p.code, p.context) for p in result.warnings] == [
        ("no-name", f"service:{SERVICE}:description")
    ]
    assert result.writes() == {("organization", ORGANIZATION): {"description": "The council."}}
    assert result.counts["new"] == 1


def test_digest_follows_the_writes():
    catalogue = fill(catalogue_for(), {f"service:{SERVICE}:name": "Salon"})
    first = plan(catalogue)
    assert first.digest() == plan(catalogue).digest()
    assert first.digest() != plan(catalogue, translation={"name": "Salon!"}).digest()


# Through the admin --------------------------------------------------------------------------

ADMIN = "/admin/directory/translations/"


def download(client, language="en"):
    response = client.get(f"{ADMIN}download/", {"download-language": language})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="directory-')
    return polib.pofile(response.content.decode("utf-8") + "\n")


def post_file(client, data, language="en", name="directory-en.po"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        ADMIN,
        {"upload-language": language, "upload-file": SimpleUploadedFile(name, data)},
    )


def page_text(response):
    import html

    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_download_holds_active_services_their_organisations_places_and_terms(
    staff_client, small_directory
):
    from directory.models import Service

    closed = small_directory["dining"]
    Service.objects.filter(pk=closed.pk).update(status="inactive")
    catalogue = download(staff_client)
    contexts = {item.msgctxt for item in catalogue}
    salon = small_directory["salon"]
    assert f"service:{salon.pk}:name" in contexts
    assert f"service:{closed.pk}:name" not in contexts
    assert f"organization:{small_directory['council'].pk}:name" in contexts
    assert any(c.startswith("location:") for c in contexts)
    assert any(c.startswith("term:") for c in contexts)
    name = catalogue.find(f"service:{salon.pk}:name", by="msgctxt")
    assert (name.msgid, name.msgstr) == ("御器所いきいきサロン", "Gokiso Lively Salon")
    assert catalogue.metadata["Language"] == "en"
    # Only the languages other than Japanese, the source, can be chosen.
    assert staff_client.get(f"{ADMIN}download/", {"download-language": "ja"}).status_code == 400
    assert staff_client.get(f"{ADMIN}download/").status_code == 400


@pytest.mark.django_db
def test_round_trip_preview_confirm_and_idempotent_again(staff_client, small_directory, client):
    from directory.models import Service, ServiceTranslation
    from directory.search import matching_services

    dining = small_directory["dining"]
    catalogue = download(staff_client)
    fill(
        catalogue,
        {
            f"service:{dining.pk}:name": "Kawana Children's Cafeteria",
            f"service:{dining.pk}:description": "Warm meals for children.",
            f"service:{dining.pk}:fees_description": "Free for children, 300 yen for adults",
        },
    )
    data = upload(catalogue)

    response = post_file(staff_client, data)
    assert response.status_code == 302 and response.url == f"{ADMIN}check/"
    assert not ServiceTranslation.objects.filter(service=dining).exists()  # nothing yet
    preview = page_text(staff_client.get(response.url))
    assert "Kawana Children's Cafeteria" in preview and 'name="confirm"' in preview
    digest = preview.split('name="digest" value="')[1].split('"')[0]

    done = staff_client.post(response.url, {"digest": digest})
    assert done.status_code == 302
    row = ServiceTranslation.objects.get(service=dining, language_code="en")
    assert row.name == "Kawana Children's Cafeteria"
    assert row.fees_description == "Free for children, 300 yen for adults"
    english = page_text(client.get(f"/en/directory/services/{dining.pk}/"))
    assert "Kawana Children's Cafeteria" in english
    assert dining.pk in set(matching_services("Cafeteria").values_list("id", flat=True))

    # The same file again: nothing to save, nothing changes.
    before = list(ServiceTranslation.objects.values_list("id", "name", "description"))
    last_modified = Service.objects.get(pk=dining.pk).last_modified
    again = post_file(staff_client, data)
    shown = page_text(staff_client.get(again.url))
    assert 'name="confirm"' not in shown
    staff_client.post(again.url, {"digest": digest})
    assert list(ServiceTranslation.objects.values_list("id", "name", "description")) == before
    assert Service.objects.get(pk=dining.pk).last_modified == last_modified


@pytest.mark.django_db
def test_confirm_applies_only_what_was_shown(staff_client, small_directory):
    from directory.models import ServiceTranslation

    salon = small_directory["salon"]
    catalogue = fill(download(staff_client), {f"service:{salon.pk}:name": "Salon Gokiso"})
    url = post_file(staff_client, upload(catalogue)).url
    page = page_text(staff_client.get(url))
    digest = page.split('name="digest" value="')[1].split('"')[0]
    # Someone edits the translation in the admin meanwhile: the check is shown again.
    ServiceTranslation.objects.filter(service=salon).update(name="Edited meanwhile")
    staff_client.post(url, {"digest": digest})
    assert ServiceTranslation.objects.get(service=salon).name == "Edited meanwhile"
    assert staff_client.get(url).status_code == 200


@pytest.mark.django_db
def test_skipped_entries_and_errors_are_listed(staff_client, small_directory):
    from directory.models import ServiceTranslation

    salon, center = small_directory["salon"], small_directory["center"]
    catalogue = download(staff_client)
    fill(catalogue, {f"service:{center.pk}:name": "Showa West Support Center"})
    stale = catalogue.find(f"service:{salon.pk}:name", by="msgctxt")
    stale.msgid, stale.msgstr = "古い名前", "Old name"
    preview = page_text(staff_client.get(post_file(staff_client, upload(catalogue)).url))
    assert "御器所いきいきサロン" in preview and "Showa West Support Center" in preview
    assert 'name="confirm"' in preview

    fill(catalogue, {f"service:{center.pk}:name": "x" * 251})
    preview = page_text(staff_client.get(post_file(staff_client, upload(catalogue)).url))
    assert "251" in preview and 'name="confirm"' not in preview
    assert not ServiceTranslation.objects.filter(service=center).exists()


def mo_file():
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="a", msgstr="b"))
    return catalogue.to_binary()


BAD_FILES = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "mo-file": None,
    "encoding": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    'msgctxt "service:x:name"\nmsgid "名前"\nmsgstr "なまえ"\n'.encode("cp932"),
    "syntax": b"this is not a catalogue\n",
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", [*BAD_FILES, "wrong-language"])
def test_bad_uploads_get_a_clear_message_and_change_nothing(staff_client, small_directory, code):
    from django import forms
    from django.utils import translation

    from directory.admin_views import CATALOGUE_ERRORS
    from directory.models import ServiceTranslation

    before = list(ServiceTranslation.objects.values_list("id", "name"))
    if code == "wrong-language":
        catalogue = fill(download(staff_client, "ko"), {})
        response = post_file(staff_client, upload(catalogue), "en")
        params = {"found": "한국어", "expected": "English"}
    else:
        data = mo_file() if code == "mo-file" else BAD_FILES[code]
        response = post_file(staff_client, data)
        params = {"line": 1}
    assert response.status_code == 400
    with translation.override("ja"):
        message = str(CATALOGUE_ERRORS[code]) % params
        if code == "empty":  # Django's own check of an empty upload comes first.
            message = str(forms.FileField.default_error_messages["empty"])
    assert message in page_text(response)
    assert message.isascii() is False  # shown in the admin's Japanese
    assert list(ServiceTranslation.objects.values_list("id", "name")) == before
    assert staff_client.get(f"{ADMIN}check/").status_code == 302


@pytest.mark.django_db
def test_only_directory_staff(client, django_user_model, small_directory):
    from django.contrib.auth.models import Permission

    assert client.get(ADMIN).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("someone", "someone@example.jp", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in [ADMIN, f"{ADMIN}download/?download-language=en", f"{ADMIN}check/"]:
        assert client.get(url).status_code in (302, 403)
    assert post_file(client, b"x").status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="change_service"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(ADMIN).status_code == 200
    assert client.get(f"{ADMIN}download/?download-language=en").status_code == 200


@pytest.mark.django_db
def test_overview_links_to_the_translation_files(staff_client):
    assert ADMIN in staff_client.get("/admin/directory/").content.decode()
