"""Equipment is a translatable snippet: names in the reader's language, the stock on the
Japanese item only."""

from wagtail.models import Locale

import pytest

from education import demo as education_demo
from education import services
from education.models import ClassRequest, Equipment, ProgrammeEquipment
from kokoron.core.demo import DemoContext
from kokoron.notifications.models import Notification

from .test_views import form_data


@pytest.mark.django_db
def test_programme_pages_name_the_equipment_in_their_language(client, translated):
    names = {
        "": "車いす",
        "/en": "Wheelchairs",
        "/ja-easy": "くるまいす",
        "/vi": "Xe lăn",
        "/ne": "ह्वीलचेयर",
    }
    for prefix, name in names.items():
        html = client.get(f"{prefix}/education/programs/wheelchair/").content.decode()
        assert f"{name} (" in html, prefix
    assert "Wheelchairs" not in client.get("/education/programs/wheelchair/").content.decode()


@pytest.mark.django_db
def test_translations_never_add_to_the_stock(translated):
    wheelchairs = translated.wheelchairs
    english = wheelchairs.get_translation(
        wheelchairs.get_translations().get(locale__language_code="en").locale
    )
    assert english.name == "Wheelchairs"
    # One item per language: Japanese, English, easy Japanese and the residents' six.
    assert Equipment.objects.filter(translation_key=wheelchairs.translation_key).count() == 9
    # The planner's stock: the Japanese items alone.
    request = ClassRequest.objects.create(
        school=translated.school, teacher_name="先生", teacher_email="t@example.jp", grade=4
    )
    request.programme_rows.create(programme=translated.wheelchair, rank=1)
    problem = services.problem([request])
    assert {item.id for item in problem.items} == set(
        Equipment.objects.default_locale().values_list("pk", flat=True)
    )
    assert sum(item.count for item in problem.items if item.id == wheelchairs.pk) == 20
    # A page that names the English item still takes the Japanese item's wheelchairs.
    ProgrammeEquipment.objects.filter(page=translated.wheelchair).update(item=english)
    programme = services.to_programme(translated.wheelchair)
    assert programme.equipment == {wheelchairs.pk: 5}


@pytest.mark.django_db
def test_the_teachers_status_page_and_email_name_the_equipment_in_their_language(
    client, translated
):
    response = client.post(
        "/en/education/request/", form_data(translated, programme=translated.wheelchair.pk)
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    request = ClassRequest.objects.get()
    plans, _hopeless = services.suggest(request)
    booking = services.propose(request, plans[0])
    services.confirm_for_everyone(booking)
    assert booking.loans.get().item == translated.wheelchairs  # the Japanese item, always
    token = services.request_token(request)
    english = client.get(f"/en/education/status/{token}/").content.decode()
    assert "Wheelchairs \u00d75" in english  # multiplication sign, pieces
    japanese = client.get(f"/education/status/{token}/").content.decode()
    assert "車いす \u00d75" in japanese
    confirmed = Notification.objects.get(template="education_confirmed")
    assert confirmed.context["equipment"] == ["Wheelchairs x5"]


@pytest.mark.django_db
def test_making_the_equipment_again_changes_nothing(translated):
    rows = sorted(Equipment.objects.values_list("locale__language_code", "name", "count"))
    education_demo.build_pages(DemoContext())
    assert sorted(Equipment.objects.values_list("locale__language_code", "name", "count")) == rows


@pytest.mark.django_db
def test_a_site_without_a_language_gets_no_equipment_in_it(world):
    Equipment.objects.filter(locale__language_code="ko").delete()
    Locale.objects.filter(language_code="ko").delete()
    education_demo.build_pages(DemoContext(), languages=())
    assert not Equipment.objects.filter(locale__language_code="ko").exists()
    assert Equipment.objects.filter(locale__language_code="pt-br").count() == 4
