"""With the keyboard only: a high-school student finds a volunteer experience with the
listing's filters and signs up, under 18 with a guardian."""

import datetime as dt

from django.utils import timezone, translation

from playwright.sync_api import expect

from kokoron.geography.models import SchoolDistrict
from matching.factories import ensure_activities
from matching.signups.factories import OpportunityPageFactory, SessionFactory, opportunity_index
from matching.signups.models import Signup
from matching.signups.rules import State


def tab_to(page, element_id, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def tab_to_submit(page, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            return
    raise AssertionError("Tab never reached a submit button")


def choose(page, element_id, value, limit=40):
    """Move through a focused select with the arrow keys until it shows the value."""
    for _ in range(limit):
        if page.eval_on_selector(f"#{element_id}", "e => e.value") == str(value):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"#{element_id} never showed {value}")


def focus_is_visible(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
    )


def test_a_student_finds_an_experience_and_signs_up_with_the_keyboard(page, site_url):
    activities, _trainings = ensure_activities()
    index = opportunity_index()
    yagoto = SchoolDistrict.objects.get(name="八事")
    other = SchoolDistrict.objects.exclude(pk=yagoto.pk).first()
    start = (timezone.now() + dt.timedelta(days=12)).replace(minute=0, second=0, microsecond=0)
    care = OpportunityPageFactory(
        parent=index,
        title="夏休み 高齢者施設ボランティア体験",
        grade_from=10,
        activity=activities["talk"],
    )
    SessionFactory(opportunity=care, district=yagoto, start=start, capacity=3)
    full = OpportunityPageFactory(parent=index, title="子ども食堂のお手伝い", grade_from=10)
    SessionFactory(
        opportunity=full, district=yagoto, start=start + dt.timedelta(days=1), capacity=1
    )
    Signup.objects.create(
        session=full.sessions.get(),
        state=State.CONFIRMED,
        name="先客",
        name_kana="せんきゃく",
        grade=12,
        age=18,
        email="first@example.jp",
        emergency_contact="母",
    )
    OpportunityPageFactory(parent=index, title="大学生の福祉塾", grade_from=13)
    SessionFactory(opportunity=care, district=other, start=start + dt.timedelta(days=2))

    page.goto(site_url + "/volunteer/experiences/")
    # The filters: district, my school year, only with free places.
    tab_to(page, "id_district")
    assert focus_is_visible(page)
    choose(page, "id_district", yagoto.pk)
    tab_to(page, "id_grade")
    choose(page, "id_grade", 11)
    tab_to(page, "id_free")
    page.keyboard.press("Space")
    tab_to_submit(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**free=on**")
    results = page.locator(".matching-session")
    expect(results).to_have_count(1)
    expect(results.get_by_role("heading")).to_have_text("夏休み 高齢者施設ボランティア体験")

    # To the session's form, with the keyboard.
    link = results.get_by_role("link", name="夏休み 高齢者施設ボランティア体験", exact=True)
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the session's link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/volunteer/experiences/session/**")
    tab_to(page, "id_name")
    page.keyboard.type("山田 花子")
    tab_to(page, "id_name_kana")
    page.keyboard.type("やまだ はなこ")
    tab_to(page, "id_school")
    page.keyboard.type("昭和高校")
    tab_to(page, "id_grade")
    choose(page, "id_grade", 11)
    tab_to(page, "id_age")
    page.keyboard.type("\uff11\uff16")  # 16, in full-width digits as an IME types them
    tab_to(page, "id_email")
    page.keyboard.type("hanako@example.jp")
    tab_to(page, "id_emergency_contact")
    page.keyboard.type("母 052-000-0000")
    tab_to(page, "id_photo_consent_0")
    page.keyboard.press("Space")
    # Sent without a guardian: an error summary whose links lead to the fields.
    tab_to_submit(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    guardian_link = summary.locator('a[href="#id_guardian_name"]')
    expect(guardian_link).to_be_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if guardian_link.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the summary's link")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_guardian_name"
    # What was typed is kept; the guardian's details complete it.
    assert page.eval_on_selector("#id_name", "e => e.value") == "山田 花子"
    tab_to(page, "id_guardian_name")
    page.keyboard.type("山田 太郎")
    tab_to(page, "id_guardian_email")
    page.keyboard.type("taro@example.jp")
    tab_to_submit(page)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    with translation.override("ja"):
        thanks = translation.gettext("Thank you for signing up")
    expect(page.get_by_role("heading", level=1)).to_have_text(thanks)
    signup = Signup.objects.get(email="hanako@example.jp")
    assert signup.state == State.HELD and signup.age == 16
    expect(page.get_by_text(signup.reference)).to_be_visible()


def test_the_listing_is_cards_paged_as_the_news_and_reached_with_the_keyboard(page, site_url):
    """Twelve sessions of a children's class: ten cards (articles headed by their title, with
    date, place, places left and who may join), then a second page through the page links."""
    index = opportunity_index()
    children = OpportunityPageFactory(
        parent=index,
        title="子どもふくし体験教室",
        grade_from=1,
        grade_to=6,
        open_to_adults=False,
        min_age=6,
        max_age=12,
    )
    start = (timezone.now() + dt.timedelta(days=12)).replace(minute=0, second=0, microsecond=0)
    for n in range(12):
        SessionFactory(
            opportunity=children, start=start + dt.timedelta(days=n), capacity=4, place_name="川名"
        )
    page.goto(site_url + "/volunteer/experiences/")
    cards = page.locator("ul.matching-sessions > li > article")
    expect(cards).to_have_count(10)
    first = cards.first
    expect(first.get_by_role("heading", level=2)).to_have_text("子どもふくし体験教室")
    expect(first).to_contain_text("小学1年〜6年（6〜12歳）")  # noqa: RUF001
    expect(first).to_contain_text("定員4人のうち、あと4人")
    expect(first).to_contain_text("川名")
    expect(page.get_by_role("article", name="子どもふくし体験教室")).to_have_count(10)
    nav = page.get_by_role("navigation", name="ページ")
    expect(nav.locator('[aria-current="page"]')).to_have_text("2ページ中1ページ目")
    following = nav.get_by_role("link", name="次へ")
    for _ in range(200):
        page.keyboard.press("Tab")
        if following.evaluate("e => e === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the next page's link")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2**")
    expect(cards).to_have_count(2)
    expect(nav.locator('[aria-current="page"]')).to_have_text("2ページ中2ページ目")
    expect(nav.get_by_role("link", name="前へ")).to_be_visible()
