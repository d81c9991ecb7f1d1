"""The booklet PDF: the screens without Chromium, and its page numbers printed by Chromium (the
demo's booklet printed for staff: tests/browser/test_directory.py)."""

import os

import pytest

from directory import tasks
from directory.models import BookletPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))


def test_without_chromium_staff_are_told_and_nothing_is_queued(staff_client, no_chromium):
    html = staff_client.get("/admin/directory/booklet-pdf/").content.decode()
    assert "apt-get install chromium" in html
    response = staff_client.post("/admin/directory/booklet-pdf/", {"field": ""}, follow=True)
    assert "apt-get install chromium" in response.content.decode()
    assert not BookletPdf.objects.exists()

    queued = BookletPdf.objects.create()
    assert tasks.make_booklet_pdf(queued.pk) == BookletPdf.Status.FAILED
    assert tasks.make_booklet_pdf(queued.pk) == "skipped"
    html = staff_client.get("/admin/directory/booklet-pdf/").content.decode()
    assert html.count("apt-get install chromium") == 2


def test_only_staff_download(client, staff_client, django_user_model):
    booklet = BookletPdf.objects.create(status=BookletPdf.Status.DONE, pdf=b"%PDF-1.4", pages=1)
    url = f"/admin/directory/booklet-pdf/{booklet.pk}.pdf"
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    staff_client.logout()
    assert client.get(url).status_code == 302
    user = django_user_model.objects.create_user("someone", "someone@example.jp", "pw")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)


def test_page_numbers_need_a_valid_reference(client, small_directory):
    """The booklet page writes page numbers only for a signed reference to a printed PDF's;
    anything else gives the page without them, never an error."""
    from bs4 import BeautifulSoup

    from directory import pdf

    salon = small_directory["salon"]
    booklet = BookletPdf.objects.create(
        page_numbers={"field-older-people": 3, "booklet-index": 7, f"entry-{salon.pk}": 4}
    )

    def numbers(params):
        response = client.get("/directory/booklet/", params)
        assert response.status_code == 200
        page = BeautifulSoup(response.content, "html.parser")
        return {
            link["href"]: link.select_one(".booklet-line__page").get_text()
            for link in page.select("a.booklet-line")
        }

    found = numbers({"pages": pdf.page_numbers_token(booklet.pk)})
    assert found["#field-older-people"] == "3"
    assert found["#booklet-index"] == "7"
    assert found[f"#entry-{salon.pk}"] == "4"
    assert found["#field-children"] == ""
    for params in [{}, {"pages": "forged"}, {"pages": pdf.page_numbers_token(booklet.pk + 1)}]:
        assert set(numbers(params).values()) == {""}
    # The reference does not leak into the link back to the list.
    response = client.get("/directory/booklet/", {"kind": "gathering-place", "pages": "x"})
    back = BeautifulSoup(response.content, "html.parser").select_one(".booklet-screen-only a")
    assert back["href"] == "/directory/?kind=gathering-place"


@pytest.mark.browser
def test_the_contents_and_index_name_the_pages_their_headings_are_printed_on(
    live_server, transactional_db, settings, terms, districts
):
    """Issue 16: Chromium has no target-counter; the booklet is printed, the pages of its
    headings read from the PDF, and printed again with them. In the PDF, each line of the
    contents and of the index names the page on which its heading is printed."""
    import io
    import re

    from pypdf import PdfReader

    from directory import pdf
    from directory.factories import (
        AddressFactory,
        LocationFactory,
        PhoneFactory,
        ScheduleFactory,
        ServiceAtLocationFactory,
        ServiceFactory,
    )

    if pdf.chromium_path() is None:
        message = "Debian's chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    kana = "あいうえおかきくけこさしすせそたちつてとなにぬねの"
    for number in range(48):
        district = districts["gokiso" if number % 3 else "kawana"]
        field = ("field", "older-people" if number % 2 else "children")
        place = LocationFactory(name=f"会館{number}", school_district=district)
        AddressFactory(location=place, address_1=f"御器所町{number}-1", postal_code="466-0051")
        service = ServiceFactory(
            name=f"サービス{number}",
            name_kana=f"{kana[number % len(kana)]}さーびす{number}",
            description="地域の相談窓口です。" * 3,
            terms=[terms[("kind", "consultation")], terms[field]],
        )
        ServiceAtLocationFactory(service=service, location=place)
        ScheduleFactory(service=service, byday="MO,WE,FR")
        PhoneFactory(service=service, number=f"052-000-{number:04d}")

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    booklet = BookletPdf.objects.create()
    assert tasks.make_booklet_pdf(booklet.pk) == BookletPdf.Status.DONE
    booklet.refresh_from_db()
    reader = PdfReader(io.BytesIO(bytes(booklet.pdf)))
    # Where each heading is printed, as the PDF itself says (its named destinations).
    printed_on = {
        str(name).removeprefix("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }
    assert booklet.page_numbers == printed_on

    lines = []
    for number, page in enumerate(reader.pages, start=1):
        pieces = []

        def visit(text, cm, tm, _font, _size, pieces=pieces):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((x, y, text))

        page.extract_text(visitor_text=visit)
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link" or "/Dest" not in annotation:
                continue
            left, bottom, right, top = (float(v) for v in annotation["/Rect"])
            text = "".join(
                t for x, y, t in pieces if left - 1 <= x <= right + 1 and bottom - 1 <= y <= top + 1
            )
            lines.append((number, str(annotation["/Dest"]).removeprefix("/"), text))

    contents = [line for line in lines if not line[1].startswith("entry-")]
    index = [line for line in lines if line[1].startswith("entry-")]
    assert {anchor for _page, anchor, _text in contents} >= {
        "field-children",
        "field-older-people",
        "field-children-gokiso",
        "booklet-index",
    }
    assert len(index) == 48
    assert {page for page, _anchor, _text in contents} == {2}  # the contents page
    assert min(page for page, _anchor, _text in index) >= printed_on["booklet-index"]
    for page, anchor, text in contents + index:
        numbers = re.findall(r"\d+", text)
        assert numbers and int(numbers[-1]) == printed_on[anchor], (page, anchor, text)
    # The entries are spread over several pages, each line naming its own.
    assert len({printed_on[anchor] for _page, anchor, _text in index}) >= 4
