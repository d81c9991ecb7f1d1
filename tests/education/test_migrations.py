"""Data migrations of education keep what is there: run on rows made at the older schema."""

import pytest

from tests.conftest import migrate

BEFORE_PROGRAMMES = ("education", "0004_rich_text_furigana")
WITH_PROGRAMMES = ("education", "0005_request_programmes")


def old_programme(apps, slug):
    """A programme page made with the historical models (no treebeard at hand)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale, _created = Locale.objects.get_or_create(language_code="ja")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="education", model="programmepage"
    )
    return apps.get_model("education", "ProgrammePage").objects.create(
        title=slug,
        draft_title=slug,
        slug=slug,
        path=f"0009{len(slug):04d}",
        depth=2,
        url_path=f"/{slug}/",
        locale=locale,
        content_type=content_type,
    )


@pytest.mark.django_db(transaction=True)
def test_every_request_keeps_its_programme_and_every_booked_person_gets_it(back_to_latest):
    apps = migrate(BEFORE_PROGRAMMES)
    district = apps.get_model("geography", "SchoolDistrict").objects.create(
        name="御器所", name_kana="ごきそ", name_romaji="Gokiso", slug="gokiso"
    )
    school = apps.get_model("education", "School").objects.create(
        name="御器所小学校",
        name_kana="ごきそ",
        name_romaji="Gokiso",
        kind="elementary",
        district=district,
    )
    talk, wheelchair = old_programme(apps, "talk"), old_programme(apps, "wheelchair")
    ClassRequest = apps.get_model("education", "ClassRequest")
    first = ClassRequest.objects.create(
        school=school, teacher_name="a", teacher_email="a@example.jp", programme=talk, grade=4
    )
    second = ClassRequest.objects.create(
        school=school, teacher_name="b", teacher_email="b@example.jp", programme=wheelchair, grade=4
    )
    lecturer = apps.get_model("education", "Lecturer").objects.create(name="青木")
    booking = apps.get_model("education", "Booking").objects.create(
        request=second, date="2027-05-10"
    )
    apps.get_model("education", "BookedPerson").objects.create(
        booking=booking, lecturer=lecturer, role="lecturer"
    )

    apps = migrate(WITH_PROGRAMMES)
    rows = apps.get_model("education", "RequestProgramme").objects.order_by("request_id")
    assert [(r.request_id, r.programme_id, r.rank) for r in rows] == [
        (first.pk, talk.pk, 1),
        (second.pk, wheelchair.pk, 1),
    ]
    booked = apps.get_model("education", "BookedPerson").objects.get()
    assert booked.programme_id == wheelchair.pk


EQUIPMENT_TRANSLATABLE = ("education", "0006_equipment_translatable")


@pytest.mark.django_db(transaction=True)
def test_existing_equipment_becomes_the_japanese_source_with_its_english_name(back_to_latest):
    apps = migrate(WITH_PROGRAMMES)
    Equipment = apps.get_model("education", "Equipment")
    wheelchairs = Equipment.objects.create(name="車いす", name_en="Wheelchairs", count=20)
    masks = Equipment.objects.create(name="アイマスク", count=40)
    page = old_programme(apps, "wheelchair")
    apps.get_model("education", "ProgrammeEquipment").objects.create(
        page=page, item=wheelchairs, per_class=5
    )

    apps = migrate(EQUIPMENT_TRANSLATABLE)
    Equipment = apps.get_model("education", "Equipment")
    sources = {e.pk: e for e in Equipment.objects.filter(locale__language_code="ja")}
    assert {(e.pk, e.name, e.count) for e in sources.values()} == {
        (wheelchairs.pk, "車いす", 20),
        (masks.pk, "アイマスク", 40),
    }
    assert sources[wheelchairs.pk].translation_key != sources[masks.pk].translation_key
    english = Equipment.objects.get(locale__language_code="en")
    assert (english.name, english.translation_key) == (
        "Wheelchairs",
        sources[wheelchairs.pk].translation_key,
    )
    need = apps.get_model("education", "ProgrammeEquipment").objects.get()
    assert need.item_id == wheelchairs.pk
