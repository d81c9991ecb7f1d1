"""With the keyboard only: a resident asks for help; a volunteer updates their week."""

import datetime as dt

from django.utils import timezone

from playwright.sync_api import expect

from matching import own_page
from matching.factories import VolunteerFactory, ensure_activities
from matching.models import Need


def tab_to(page, element_id, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def focus_is_visible(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
    )


def test_a_resident_asks_for_help_with_the_keyboard_only(page, site_url):
    ensure_activities()  # the core's demo ward has no plugin data
    page.goto(site_url + "/volunteer/")
    tab_to_link = page.get_by_role("link", name="困りごとを相談する").first
    expect(tab_to_link).to_be_visible()
    page.goto(site_url + "/volunteer/ask/")
    expect(page.get_by_role("heading", level=1)).to_have_text("困りごとを相談する")

    # Sending it half-filled: an error summary, each error linked to its field.
    tab_to(page, "id_category")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#id_category", "e => e.value") != ""
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_be_visible()

    # Filling it in properly.
    tab_to(page, "id_category")
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#id_category", "e => e.value") != ""
    tab_to(page, "id_description")
    page.keyboard.type("重い荷物を運ぶのを手伝ってほしい。")
    tab_to(page, "id_district")
    page.keyboard.press("ArrowDown")
    date = timezone.localdate() + dt.timedelta(days=5)
    tab_to(page, "id_date")
    page.keyboard.type(f"{date.year}/{date.month}/{date.day}")
    tab_to(page, "id_start_time")
    page.keyboard.type("\uff11\uff10:\uff10\uff10")  # full-width digits, as an IME types them
    tab_to(page, "id_end_time")
    page.keyboard.type("11:30")
    tab_to(page, "id_name")
    page.keyboard.type("佐藤 一郎")
    tab_to(page, "id_name_kana")
    page.keyboard.type("さとう いちろう")
    tab_to(page, "id_phone")
    page.keyboard.type("052-000-1234")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("ありがとうございました")
    need = Need.objects.get(description="重い荷物を運ぶのを手伝ってほしい。")
    expect(page.locator(".reference-number")).to_contain_text(need.reference)
    assert need.date == date and need.start_time == dt.time(10, 0)


def test_a_volunteer_updates_their_week_on_their_page_with_the_keyboard(page, site_url):
    volunteer = VolunteerFactory(availability=[{"weekday": 0, "start": "09:00", "end": "12:00"}])
    page.goto(site_url + f"/en/volunteer/me/{own_page.token_for(volunteer)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My volunteer page")
    expect(page.get_by_role("checkbox", name="Monday Morning (09:00-12:00)")).to_be_checked()
    # Untick Monday morning, tick Wednesday afternoon, with Tab and Space only.
    tab_to(page, "id_availability_0-morning")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    tab_to(page, "id_availability_2-afternoon")
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Wednesday Afternoon (12:00-17:00)")).to_be_checked()
    tab_to(page, "id_days_away_first_1")
    expect(page.get_by_role("textbox", name="First day (period 1)")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    saved = page.locator("p[role=status].reference-number")
    expect(saved).to_have_text("Your availability and days away are saved.")
    volunteer.refresh_from_db()
    assert volunteer.availability == [{"weekday": 2, "start": "12:00", "end": "17:00"}]


def test_the_other_persons_details_show_only_when_the_help_is_for_someone_else(page, site_url):
    ensure_activities()
    page.goto(site_url + "/volunteer/ask/")
    group = page.locator("#helped-person")
    expect(group).to_be_hidden()  # 「自分」 is chosen at first
    tab_to(page, "id_for_whom_0")
    page.keyboard.press("ArrowDown")  # to the next choice, a family member
    expect(group).to_be_visible()
    expect(page.get_by_role("group", name="手助けが必要な方")).to_be_visible()
    tab_to(page, "id_helped_name")
    page.keyboard.type("田中 花子")
    tab_to(page, "id_helped_consent")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    assert page.eval_on_selector("#id_helped_consent", "e => e.checked")
    page.check("#id_for_whom_0")  # back to oneself: hidden, and not sent
    expect(group).to_be_hidden()
    assert page.eval_on_selector("#helped-person", "e => e.disabled")
