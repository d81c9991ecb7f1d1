"""The public pages of volunteer experiences: listing and filters, the form, the links."""

import datetime as dt
import re

from django.utils import timezone

import pytest

from kokoron.notifications.models import Notification
from matching.signups import certificates, services
from matching.signups.factories import OpportunityPageFactory, SessionFactory, signup_data
from matching.signups.models import Certificate, Signup
from matching.signups.rules import State
from tests.matching.signups_fixtures import build_experiences

LIST = "/volunteer/experiences/"


@pytest.fixture
def experiences(db):
    return build_experiences()


def form(**overrides):
    data = {
        "name": "山田 花子",
        "name_kana": "やまだ はなこ",
        "school": "昭和高校",
        "grade": "11",
        "age": "17",
        "email": "hanako@example.jp",
        "phone": "",
        "emergency_contact": "母 052-000-0000",
        "allergies": "そば",
        "assistance": "",
        "photo_consent": "no",
        "guardian_name": "山田 太郎",
        "guardian_email": "taro@example.jp",
        "website": "",
    }
    data.update(overrides)
    return data


def link_path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_listing_filters_and_free_places(experiences, client):
    other = OpportunityPageFactory(
        parent=experiences.index,
        title="ボランティア入門講座",
        slug="intro",
        grade_to=9,
        summary="はじめての方へ",
        host="区役所",
    )
    SessionFactory(
        opportunity=other,
        district=experiences.gokiso,
        place_name="昭和区役所",
        start=experiences.start + dt.timedelta(days=30),
        capacity=1,
    )
    services.sign_up(other.sessions.get().pk, signup_data(email="full@example.jp", grade=9, age=18))
    listing = client.get(LIST)
    free = {item.page.title: item.free() for item in listing.context["results"].object_list}
    assert free == {"夏休み 高齢者施設ボランティア体験": 2, "ボランティア入門講座": 0}

    def titles(query):
        response = client.get(LIST, query)
        assert response.status_code == 200
        body = response.content.decode()
        return [t for t in ("高齢者施設ボランティア体験", "入門講座") if t in body]

    assert titles({"district": experiences.gokiso.pk}) == ["入門講座"]
    assert titles({"free": "on"}) == ["高齢者施設ボランティア体験"]
    assert titles({"grade": 11}) == ["高齢者施設ボランティア体験"]
    assert titles({"q": "入門"}) == ["入門講座"]
    assert titles({"q": "やごと苑"}) == ["高齢者施設ボランティア体験"]
    assert titles({"activity": experiences.activities["talk"].pk}) == ["高齢者施設ボランティア体験"]
    day = (experiences.start + dt.timedelta(days=20)).date()
    assert titles({"date_from": day.isoformat()}) == ["入門講座"]
    assert titles({"date_to": day.strftime("%Y/%m/%d")}) == ["高齢者施設ボランティア体験"]
    # Bad input: a message linked to the field, the whole list, never a 500.
    response = client.get(LIST, {"date_from": "someday", "district": "999"})
    assert response.status_code == 400
    assert 'href="#id_date_from"' in response.content.decode()
    # The iCalendar feed, with the same filters.
    feed = client.get(LIST + "calendar.ics", {"district": experiences.yagoto.pk})
    assert feed["Content-Type"].startswith("text/calendar")
    assert feed.content.count(b"BEGIN:VEVENT") == 1
    # The index page in the page tree sends readers to the listing.
    assert client.get("/experiences/").url == LIST
    detail = client.get("/experiences/care-home/")
    assert detail.status_code == 200 and "上履き" in detail.content.decode()


def test_signing_up_through_the_form_with_a_guardian(experiences, client):
    url = f"{LIST}session/{experiences.session.pk}/"
    assert client.get(url).status_code == 200
    # Under 18 without a guardian: errors linked to the fields, nothing saved.
    response = client.post(url, form(guardian_name="", guardian_email=""))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_guardian_name"' in body and 'href="#id_guardian_email"' in body
    assert not Signup.objects.exists()

    response = client.post(url, form())
    assert response.status_code == 302 and response.url == f"{LIST}thanks/"
    signup = Signup.objects.get()
    assert (signup.state, signup.allergies, signup.photo_consent) == (State.HELD, "そば", False)
    assert "S-" in client.get(response.url).content.decode()
    # A double click: the second is refused kindly, nothing duplicated.
    again = client.post(url, form())
    assert again.status_code == 409
    assert Signup.objects.count() == 1

    # The guardian follows their link and agrees.
    guardian = Notification.objects.get(template="matching_signup_guardian")
    path = link_path(guardian.context["link"])
    assert "山田 花子" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    signup.refresh_from_db()
    assert signup.state == State.CONFIRMED

    # The student's own link: see, then cancel.
    manage = link_path(Notification.objects.get(template="matching_signup_held").context["link"])
    assert "S-" in client.get(manage).content.decode()
    assert client.post(manage, {"action": "cancel"}).status_code == 302
    signup.refresh_from_db()
    assert signup.state == State.CANCELLED
    # Forged links: a clear page, status 400.
    assert client.get(manage[:-4] + "abc/").status_code == 400
    assert client.get(f"{LIST}guardian/forged/").status_code == 400


def test_not_a_student_signs_up(experiences, client):
    """「一般」 (an adult) is grade 0: an answer, stored as 0 (it was taken for a blank: a 500)."""
    seminar = OpportunityPageFactory(
        parent=experiences.index, title="福祉教育セミナー", slug="seminar", open_to_adults=True
    )
    session = SessionFactory(opportunity=seminar, start=experiences.start, capacity=5)
    response = client.post(
        f"{LIST}session/{session.pk}/",
        form(grade="0", age="45", school="", guardian_name="", guardian_email=""),
    )
    assert response.status_code == 302
    signup = Signup.objects.get()
    assert (signup.grade, signup.age, signup.state) == (0, 45, State.CONFIRMED)


def test_a_class_of_40_signs_up_from_one_school_network(experiences, client):
    """The sign-up limit is per client address (high: a school's pupils share one) and per
    email address written to (low: nobody's mailbox is filled from ever-new networks)."""
    session = SessionFactory(
        opportunity=experiences.care, start=experiences.start, capacity=40, place_name="体育館"
    )
    url = f"{LIST}session/{session.pk}/"
    school = "203.0.113.40"
    for n in range(40):
        pupil = form(email=f"pupil{n}@school.example.jp", guardian_email=f"home{n}@example.jp")
        response = client.post(url, pupil, REMOTE_ADDR=school)
        assert response.status_code == 302, n
    assert Signup.objects.filter(session=session, state=State.HELD).count() == 40

    # One guardian's address, asked from ever-new networks: five emails, then no more.
    for n in range(5):
        child = form(email=f"child{n}@example.jp", guardian_email="target@example.jp")
        response = client.post(url, child, REMOTE_ADDR=f"198.51.100.{n}")
        assert response.status_code in (302, 409)  # the session is full: waiting list
    refused = client.post(
        url,
        form(email="child9@example.jp", guardian_email="target@example.jp"),
        REMOTE_ADDR="198.51.100.9",
    )
    assert refused.status_code == 429
    assert "送信が多すぎます" in refused.content.decode()
    assert not Signup.objects.filter(email="child9@example.jp").exists()
    assert Notification.objects.filter(recipient="target@example.jp").count() <= 5

    # One client address: a robot stops at the limit, after the class and far before a town.
    robot = "192.0.2.66"
    answers = [
        client.post(
            url,
            form(email=f"r{n}@example.jp", guardian_email=f"g{n}@example.jp"),
            REMOTE_ADDR=robot,
        ).status_code
        for n in range(61)
    ]
    assert answers.count(429) == 1 and answers[-1] == 429


def test_closed_session_and_other_languages(experiences, client):
    experiences.session.signup_closes = timezone.now() - dt.timedelta(hours=1)
    experiences.session.save()
    response = client.get(f"{LIST}session/{experiences.session.pk}/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 403
    assert client.post(f"{LIST}session/{experiences.session.pk}/", form()).status_code == 403
    assert client.get(f"{LIST}session/999999/").status_code == 404
    assert client.get(f"/en{LIST}").status_code == 200
    assert f'href="{LIST}"' in client.get("/volunteer/").content.decode()
    assert client.get(f"/ja-easy{LIST}").status_code == 200


def test_my_signups_certificates_and_verification(experiences, client):
    past = SessionFactory(
        opportunity=experiences.care,
        start=timezone.now() - dt.timedelta(days=3, hours=4),
        end=timezone.now() - dt.timedelta(days=3, hours=1),
    )
    done = Signup.objects.create(
        session=past,
        state=State.CONFIRMED,
        name="鈴木 一郎",
        name_kana="すずき いちろう",
        grade=13,
        age=19,
        email="ichiro@example.jp",
        emergency_contact="父",
        attended=True,
    )
    upcoming = services.sign_up(experiences.session.pk, signup_data(email="ichiro@example.jp"))
    # Not attended (yet): no certificate for it, even when the form asks.
    manage = f"{LIST}signup/{services.token_for(upcoming)}/"
    assert client.post(manage, {"action": "certificate"}).status_code == 400
    assert not Certificate.objects.exists()
    response = client.post(f"{LIST}mine/", {"email": "ICHIRO@example.jp", "website": ""})
    assert response.status_code == 200
    mail = Notification.objects.get(template="matching_signup_mine")
    # An address with no sign-ups gets the same page and no email.
    client.post(f"{LIST}mine/", {"email": "nobody@example.jp", "website": ""})
    assert Notification.objects.filter(template="matching_signup_mine").count() == 1
    mine = link_path(mail.context["link"])
    page = client.get(mine).content.decode()
    assert page.count("夏休み 高齢者施設ボランティア体験") == 2

    # A certificate for the period; the same period again gives the same number.
    response = client.post(mine, {"date_from": "", "date_to": ""})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    sheet = client.get(response.url).content.decode()
    assert certificate.number in sheet and "鈴木 一郎" in sheet
    assert certificate.total_hours == 3 and len(certificate.lines) == 1
    client.post(mine, {"date_from": "", "date_to": ""})
    assert Certificate.objects.count() == 1
    assert certificate.signups.get() == done

    # The printed code, as typed (lower case, without hyphens), shows the certificate.
    assert certificate.printed_code in sheet
    verify = f"{LIST}certificate/verify/"
    code = certificate.verification_code.lower()
    found = client.get(verify, {"number": certificate.number.lower(), "code": code})
    assert found.status_code == 200 and "鈴木 一郎" in found.content.decode()
    typo = certificate.number[:-1] + ("A" if certificate.number[-1] != "A" else "B")
    assert client.get(verify, {"number": typo, "code": code}).status_code == 400
    unknown = {"number": "KC-2099-999999-" + "0", "code": code}
    assert client.get(verify, unknown).status_code in (400, 404)
    assert client.get(f"{LIST}certificate/forged/").status_code == 400
    # A period with nothing attended: a message, no certificate.
    response = client.post(mine, {"date_from": "2000-01-01", "date_to": "2000-01-31"})
    assert response.status_code == 400
    assert Certificate.objects.count() == 1


def test_a_certificate_number_alone_shows_nothing(experiences, client):
    """Numbers follow a public pattern: looping over them must not read anyone's name."""
    past = SessionFactory(
        opportunity=experiences.care,
        start=timezone.now() - dt.timedelta(days=3, hours=4),
        end=timezone.now() - dt.timedelta(days=3, hours=1),
    )
    signup = Signup.objects.create(
        session=past,
        state=State.CONFIRMED,
        name="佐藤 未来",
        name_kana="さとう みく",
        grade=8,
        age=14,
        email="miku@example.jp",
        emergency_contact="母",
        attended=True,
    )
    certificate = certificates.issue_certificate([signup])
    other = certificates.issue_certificate(
        [
            Signup.objects.create(
                session=past,
                state=State.CONFIRMED,
                name="高橋 陸",
                grade=9,
                age=15,
                email="riku@example.jp",
                attended=True,
            )
        ]
    )
    assert len(certificate.verification_code) == 12
    assert certificate.verification_code != other.verification_code
    verify = f"{LIST}certificate/verify/"

    def shows_the_person(response):
        body = response.content.decode()
        return "佐藤" in body or "未来" in body or "This certificate is valid" in body

    alone = client.get(verify, {"number": certificate.number})
    assert alone.status_code == 400 and not shows_the_person(alone)
    assert "証明書に印刷された確認コードを書いてください。" in alone.content.decode()
    # Another certificate's code, or a made-up one: the same answer as an unknown number.
    for code in (other.verification_code, "0000-0000-0000"):
        wrong = client.get(verify, {"number": certificate.number, "code": code})
        assert wrong.status_code == 404 and not shows_the_person(wrong)
        assert "この番号と確認コードの証明書はありません" in wrong.content.decode()
    malformed = client.get(verify, {"number": certificate.number, "code": "abc"})
    assert malformed.status_code == 400 and not shows_the_person(malformed)
    right = client.get(
        verify, {"number": certificate.number, "code": f" {certificate.printed_code.lower()} "}
    )
    assert right.status_code == 200 and "佐藤 未来" in right.content.decode()
    assert right.context["certificate"] == certificate


def test_certificate_checks_are_rate_limited(experiences, client):
    verify = f"{LIST}certificate/verify/"
    guesses = [
        client.get(verify, {"number": f"KC-2026-{n:06d}-0", "code": "0000-0000-0000"})
        for n in range(61)
    ]
    assert {response.status_code for response in guesses[:60]} <= {400, 404}
    limited = guesses[60]
    assert limited.status_code == 429
    assert "送信が多すぎます" in limited.content.decode()
    # Other clients are not held back.
    other = client.get(verify, {"number": "KC-2026-000001-0"}, REMOTE_ADDR="198.51.100.3")
    assert other.status_code == 400


def test_the_listing_filters_name_dates_as_dates_and_describe_fields_that_exist(
    client, experiences
):
    from bs4 import BeautifulSoup

    html = client.get("/volunteer/experiences/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    labels = {label.get("for"): label.get_text(" ", strip=True) for label in soup.find_all("label")}
    assert labels["id_date_from"].startswith("開始日")
    assert labels["id_date_to"].startswith("終了日")
    wrong = client.get("/volunteer/experiences/", {"date_from": "あした", "date_to": "x"})
    for page in (soup, BeautifulSoup(wrong.content.decode(), "html.parser")):
        for element in page.select("[aria-describedby]"):
            for described_by in element["aria-describedby"].split():
                assert page.find(id=described_by), f"{element.get('id')}: #{described_by} missing"


# Who may join: the form offers the opportunity's school years and refuses any other.


def options(html, name="grade"):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)[1]
    return re.findall(r'<option value="([^"]*)"', select)


PRIMARY_AGED_6_TO_12 = "小学1年〜6年（6〜12歳）"  # noqa: RUF001


def test_a_childrens_class_takes_primary_pupils_and_refuses_other_years(experiences, client):
    children = OpportunityPageFactory(
        parent=experiences.index,
        title="子どもふくし体験教室",
        slug="children",
        grade_from=1,
        grade_to=6,
        open_to_adults=False,
        min_age=6,
        max_age=12,
    )
    session = SessionFactory(opportunity=children, start=experiences.start, capacity=10)
    url = f"{LIST}session/{session.pk}/"
    page = client.get(url).content.decode()
    assert options(page) == ["", "1", "2", "3", "4", "5", "6"]
    assert PRIMARY_AGED_6_TO_12 in page
    assert PRIMARY_AGED_6_TO_12 in client.get("/experiences/children/").content.decode()
    # Every school year offered is taken, each pupil with an age that goes with it.
    for grade in range(1, 7):
        response = client.post(
            url,
            form(
                grade=str(grade),
                age=str(grade + 6),
                email=f"pupil{grade}@example.jp",
                guardian_email=f"parent{grade}@example.jp",
            ),
        )
        assert response.status_code == 302, grade
        assert Signup.objects.get(email=f"pupil{grade}@example.jp").grade == grade
    # Any other is refused on the field, with who the class is for, and nothing is saved.
    for grade in ("7", "13", "0", "14", "abc"):
        response = client.post(url, form(grade=grade, age="12", email="other@example.jp"))
        assert response.status_code == 400, grade
        body = response.content.decode()
        assert f"この体験の対象は「{PRIMARY_AGED_6_TO_12}」です。" in body
        assert 'href="#id_grade"' in body
    assert not Signup.objects.filter(email="other@example.jp").exists()
    # Too young for the class: said plainly, nothing saved.
    response = client.post(url, form(grade="1", age="5", email="small@example.jp"))
    assert response.status_code == 400
    assert not Signup.objects.filter(email="small@example.jp").exists()


def test_an_experience_from_junior_high_offers_those_years_and_adults(experiences, client):
    experiences.care.open_to_adults = True
    experiences.care.save_revision().publish()
    url = f"{LIST}session/{experiences.session.pk}/"
    page = client.get(url).content.decode()
    assert options(page) == ["", "7", "8", "9", "10", "11", "12", "13", "0"]
    assert "中学生以上" in page
    english = client.get(f"/en{url}").content.decode()
    assert "Junior high school students and up" in english
    assert ">Primary year 1<" not in english and ">University<" in english and ">Adult<" in english


# The listing: cards, ten to a page, as the news.

CARD = '<article class="listing__item'


def test_the_listing_is_cards_ten_to_a_page(experiences, client):
    other = OpportunityPageFactory(
        parent=experiences.index, title="ボランティア入門講座", slug="intro", grade_from=None
    )
    for day in range(22):
        SessionFactory(
            opportunity=other,
            start=experiences.start + dt.timedelta(days=day + 1),
            capacity=5,
            district=experiences.gokiso,
        )
    services.sign_up(experiences.session.pk, signup_data(email="a@example.jp", grade=9, age=18))
    first = client.get(LIST)
    body = first.content.decode()
    # A list of articles, each headed by its title, with date, place, places left and who for.
    assert body.count(CARD) == 10
    assert body.count('<h2 id="session-') == 10
    card = body[body.index(CARD) : body.index("</article>")]
    assert "夏休み 高齢者施設ボランティア体験" in card
    assert "やごと苑" in card and "八事" in card
    assert "中学1年〜大学・短大・専門学校" in card
    english = client.get(f"/en{LIST}").content.decode()
    assert "1 place free of 2" in english and "Everyone" in english
    # 23 sessions: pages of 10, 10 and 3, the nav saying which page this is.
    assert first.context["results"].paginator.num_pages == 3
    assert '<span aria-current="page">3ページ中1ページ目</span>' in body
    assert 'href="?page=2" rel="next"' in body
    second = client.get(LIST, {"page": "2"}).content.decode()
    assert second.count(CARD) == 10
    assert 'rel="prev"' in second and "3ページ中2ページ目" in second
    # A page past the end is the last one, nonsense is the first; never an error.
    for page, shown, articles in (("99", 3, 3), ("-1", 3, 3), ("abc", 1, 10), ("", 1, 10)):
        response = client.get(LIST, {"page": page})
        assert response.status_code == 200, page
        assert response.context["results"].number == shown, page
        assert response.content.decode().count(CARD) == articles, page
    # The filters stay in the page links, and apply on every page.
    filtered = client.get(LIST, {"district": experiences.gokiso.pk})
    assert filtered.context["results"].paginator.count == 22
    assert f'href="?district={experiences.gokiso.pk}&amp;page=2"' in filtered.content.decode()
    last = client.get(LIST, {"district": experiences.gokiso.pk, "page": "3"})
    assert last.content.decode().count(CARD) == 2
