"""A teacher asks for a welfare-education class with the keyboard only."""

import datetime as dt

from django.utils import timezone

from playwright.sync_api import expect

from education.demo import build_pages
from education.engine import national_holiday
from education.models import ClassRequest, School
from kokoron.core.demo import DemoContext
from kokoron.geography.models import SchoolDistrict

from .test_matching import focus_is_visible, tab_to

FULL_WIDTH = str.maketrans(
    "0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
)


def school_day(days_ahead):
    """A weekday that is not a national holiday (the form refuses those)."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5 or national_holiday(day):
        day += dt.timedelta(days=1)
    return day


def test_a_teacher_requests_a_class_with_the_keyboard_only(page, site_url):
    build_pages(DemoContext())  # the core's demo ward has no plugin data
    School.objects.create(
        name="御器所小学校",
        name_kana="ごきそしょうがっこう",
        name_romaji="Gokiso Elementary School",
        kind=School.Kind.ELEMENTARY,
        district=SchoolDistrict.objects.get(name="御器所"),
        step_free=True,
    )
    page.goto(site_url + "/education/")
    expect(page.get_by_role("heading", level=1)).to_have_text("福祉教育")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "授業を申し込む":
            break
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("福祉教育の授業を申し込む")

    def type_date(day):
        page.keyboard.press("Control+A")
        # full-width digits, as a Japanese IME types them
        page.keyboard.type(f"{day.year}/{day.month}/{day.day}".translate(FULL_WIDTH))

    def send():
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "submit":
                break
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
        page.wait_for_load_state()

    tab_to(page, "id_school")
    page.keyboard.press("ArrowDown")
    tab_to(page, "id_teacher_name")
    page.keyboard.type("鈴木 花子")
    tab_to(page, "id_email")
    page.keyboard.type("suzuki@school.example.jp")
    tab_to(page, "id_pupils")
    page.keyboard.type("30")
    tab_to(page, "id_programme")
    for _ in range(4):  # 当事者講師のお話, for every grade
        page.keyboard.press("ArrowDown")
    tab_to(page, "id_date_1")
    type_date(school_day(5))
    send()

    # A date inside the lead time: an error summary whose link leads to the field.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("日前までに")
    expect(page.locator("#id_date_1")).to_have_attribute("aria-invalid", "true")
    assert not ClassRequest.objects.exists()
    tab_to(page, "id_school")  # the summary comes first, then the fields
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_date_1"
    tab_to(page, "id_date_1")
    day = school_day(70)
    type_date(day)
    send()

    expect(page.locator("#error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("お申し込みを受け付けました")
    request = ClassRequest.objects.get()
    expect(page.locator(".reference-number")).to_contain_text(request.reference)
    assert request.dates.get().date == day
    assert request.programme.slug == "talk"
