"""Filtering the directory with the keyboard alone, in a real Chromium."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from directory.factories import (
    LocationFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from directory.taxonomies import ensure_taxonomies
from kokoron.geography.models import SchoolDistrict


@pytest.fixture
def directory_url(site_url):
    terms = ensure_taxonomies()
    gokiso = SchoolDistrict.objects.get(slug="gokiso")
    kawana = SchoolDistrict.objects.get(slug="kawana")
    council = OrganizationFactory(
        name="昭和区社会福祉協議会", name_kana="しょうわくしゃかいふくしきょうぎかい"
    )
    entries = [
        (
            "御器所いきいきサロン",
            "ごきそいきいきさろん",
            gokiso,
            "gathering-place",
            "free",
            "2TU,4TU",
        ),
        ("川名こども食堂", "かわなこどもしょくどう", kawana, "gathering-place", "paid", "SA"),
        (
            "御器所内科クリニック",
            "ごきそないかくりにっく",
            gokiso,
            "clinic",
            "paid",
            "MO,TU,WE,TH,FR",
        ),
    ]
    for name, kana, district, kind, fee, byday in entries:
        place = LocationFactory(
            name=f"{name}会場", name_kana=f"{kana}かいじょう", school_district=district
        )
        service = ServiceFactory(
            name=name,
            name_kana=kana,
            organization=council,
            fee_kind=fee,
            terms=[terms[("kind", kind)]],
        )
        ServiceAtLocationFactory(service=service, location=place)
        ScheduleFactory(
            service=service,
            byday=byday,
            freq="MONTHLY" if "2" in byday else "WEEKLY",
            opens_at=dt.time(10),
            closes_at=dt.time(12),
        )
    return site_url + "/directory/"


def tab_to(page, selector, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def result_names(page):
    return page.locator(".directory-entry__name").all_inner_texts()


def test_filtering_the_directory_with_the_keyboard(page, directory_url):
    # One test, one demo load: the live server's data is built once.
    page.goto(directory_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("地域の相談先・たまり場")
    assert result_names(page) == ["川名こども食堂", "御器所いきいきサロン", "御器所内科クリニック"]

    tab_to(page, "#id_kind")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("ArrowDown")  # 相談窓口
    page.keyboard.press("ArrowDown")  # たまり場
    expect(page.locator("#id_kind")).to_have_value("gathering-place")
    tab_to(page, "#id_free")
    page.keyboard.press("Space")
    expect(page.locator("#id_free")).to_be_checked()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"kind=gathering-place"))
    assert result_names(page) == ["御器所いきいきサロン"]
    expect(page.get_by_role("heading", name=re.compile(r"^1\s*件$"))).to_be_visible()
    expect(page.locator(".directory-entry")).to_contain_text("毎月第2・第4火曜 10:00〜12:00")

    # The keyword box: type, submit with Enter, then clear every filter with the keyboard.
    page.goto(directory_url)
    tab_to(page, "#id_q")
    page.keyboard.type("クリニック")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=%E3%82%AF"))
    assert result_names(page) == ["御器所内科クリニック"]
    tab_to(page, "a.directory-filters__clear")
    page.keyboard.press("Enter")
    expect(page).to_have_url(directory_url)
    assert len(result_names(page)) == 3

    # A nonsense filter: the whole list, and a message whose link takes focus to the field.
    page.goto(directory_url + "?district=atlantis")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    alert.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_district"
    assert len(result_names(page)) == 3


def test_booklet_pdf_for_staff_and_the_list_map(
    site_url, settings, client, django_user_model, page
):
    """The demo's booklet printed by headless Chromium (A4 pages, several of them, entries);
    the list's map appears with its markers when its script runs."""
    import io

    from pypdf import PdfReader

    from directory import tasks
    from directory.demo import build_directory
    from directory.models import BookletPdf, Service
    from kokoron.core.demo import DemoContext

    build_directory(DemoContext())
    settings.WAGTAILADMIN_BASE_URL = site_url
    client.force_login(django_user_model.objects.create_superuser("pdf", "pdf@example.jp", "pw"))
    client.post("/admin/directory/booklet-pdf/", {})
    booklet = BookletPdf.objects.get()
    assert tasks.make_booklet_pdf(booklet.pk) == BookletPdf.Status.DONE
    response = client.get(f"/admin/directory/booklet-pdf/{booklet.pk}.pdf")
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert len(reader.pages) == BookletPdf.objects.get().pages > 1
    width, height = (float(v) for v in reader.pages[1].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(page.extract_text() for page in reader.pages)
    assert f"3 / {len(reader.pages)}" in text  # the page numbers of the print CSS
    # pypdf cannot map this Chromium's CJK glyphs back to text; an entry's phone number it can.
    entry = Service.objects.active().filter(phones__isnull=False).order_by("sort_name").first()
    assert entry.phones.first().number in text

    page.goto(f"{site_url}/directory/?kind=gathering-place", wait_until="domcontentloaded")
    expect(page.locator("#directory-map")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    assert page.locator(".leaflet-marker-icon").count() > 0


def test_map_pins_never_overlap_and_shared_pins_open_their_entries(page, site_url):
    """Places too close to tell apart on the screen share one pin (WCAG 2.2 target size)."""
    from decimal import Decimal

    gokiso = SchoolDistrict.objects.get(slug="gokiso")
    hall = LocationFactory(
        name="地図テスト会館",
        name_kana="ちずてすとかいかん",
        school_district=gokiso,
        latitude=Decimal("35.140000"),
        longitude=Decimal("136.930000"),
    )
    far = LocationFactory(
        name="地図テスト分館",
        name_kana="ちずてすとぶんかん",
        school_district=gokiso,
        latitude=Decimal("35.160000"),
        longitude=Decimal("136.960000"),
    )
    for name, kana, place in [
        ("地図テスト体操教室", "ちずてすとたいそうきょうしつ", hall),
        ("地図テスト将棋クラブ", "ちずてすとしょうぎくらぶ", hall),
        ("地図テスト囲碁クラブ", "ちずてすといごくらぶ", far),
    ]:
        ServiceAtLocationFactory(service=ServiceFactory(name=name, name_kana=kana), location=place)

    page.goto(f"{site_url}/directory/?q=地図テスト")
    pins = page.locator(".directory-map__pin")
    expect(pins).to_have_count(2)
    boxes = [pins.nth(n).bounding_box() for n in range(2)]
    for box in boxes:
        assert box["width"] >= 24 and box["height"] >= 24
    first, second = boxes
    assert (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    ), boxes
    shared = page.locator(".directory-map__pin", has_text="2")
    assert "地図テスト体操教室" in shared.get_attribute("aria-label")
    shared.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link")).to_have_count(2)
    expect(popup.get_by_role("link", name="地図テスト将棋クラブ")).to_be_visible()
