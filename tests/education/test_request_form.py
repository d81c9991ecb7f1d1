"""The teacher's request form as a teacher sees it (issue 16): the optional dates' periods
start empty, and the counts are fields of the same size as the others."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from education.models import ClassRequest

from .conftest import school_day
from .test_views import form_data


def the_form(client):
    html = client.get(reverse("education:request")).content.decode()
    return BeautifulSoup(html, "html.parser").find("form", class_="public-form")


def selected(form, name):
    chosen = form.find("select", attrs={"name": name}).find("option", selected=True)
    return chosen["value"] if chosen else None


@pytest.mark.django_db
def test_only_the_first_dates_periods_are_proposed(client, world):
    form = the_form(client)
    assert (selected(form, "first_period_1"), selected(form, "last_period_1")) == ("3", "4")
    for n in (2, 3):
        for name in (f"first_period_{n}", f"last_period_{n}"):
            options = form.find("select", attrs={"name": name}).find_all("option")
            # Empty, and "選んでください" first: nothing is chosen for the teacher.
            assert selected(form, name) in (None, "")
            assert options[0]["value"] == "" and options[0].text == "選んでください"
            assert [o["value"] for o in options[1:]] == ["1", "2", "3", "4", "5", "6"]


@pytest.mark.django_db
def test_an_optional_date_needs_its_periods_and_periods_need_their_date(client, world):
    url = reverse("education:request")
    # The second date without periods: the teacher is asked for them, nothing is stored.
    response = client.post(
        url,
        form_data(world, date_2=school_day(75).isoformat(), first_period_2="", last_period_2=""),
    )
    assert response.status_code == 400
    assert "何時間目からかを選んでください。" in response.content.decode()
    # Periods for the third date without the date.
    response = client.post(url, form_data(world, first_period_3=2, last_period_3=3))
    assert response.status_code == 400
    assert "この時限の日付を入力するか、時限を空欄にしてください。" in response.content.decode()
    assert not ClassRequest.objects.exists()
    # Only the first period: the class is that one period.
    response = client.post(url, form_data(world, first_period_2=5, last_period_2=""))
    assert response.status_code == 302
    dates = [
        (d.rank, d.first_period, d.last_period) for d in ClassRequest.objects.get().dates.all()
    ]
    assert dates == [(1, 3, 4), (2, 5, 5)]


def sized_by_the_public_stylesheet():
    """The input types core/forms.css sizes in public forms (.form-field input[type=…])."""
    css = (Path(settings.BASE_DIR) / "site/core/static/core/forms.css").read_text()
    start = css.index(".form-field input[type=text]")
    rule = css[start : css.index("{", start)]
    return set(re.findall(r"\.form-field input\[type=(\w+)\]", rule))


@pytest.mark.django_db
def test_the_counts_are_sized_like_every_other_field(client, world):
    sized = sized_by_the_public_stylesheet()
    assert "text" in sized
    form = the_form(client)
    for name in ("classes", "pupils"):
        field = form.find("input", attrs={"name": name})
        assert field["type"] == "text" and field["inputmode"] == "numeric"
    for field in form.select(".form-field input"):
        if field["type"] not in ("checkbox", "radio", "hidden"):
            assert field["type"] in sized, field["name"]
    # Typed as text, full-width digits are counts too.
    two, sixty = "\uff12", "\uff16\uff10"
    response = client.post(
        reverse("education:request"), form_data(world, classes=two, pupils=sixty)
    )
    assert response.status_code == 302
    assert (ClassRequest.objects.get().classes, ClassRequest.objects.get().pupils) == (2, 60)
    # Not a number: a message, nothing stored.
    response = client.post(reverse("education:request"), form_data(world, classes="two"))
    assert response.status_code == 400
    assert ClassRequest.objects.count() == 1
