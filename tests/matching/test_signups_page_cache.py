"""The volunteer experiences listing is served from the page cache to anonymous visitors and
shows the seats left, a new session or a published experience at once."""

import datetime as dt

import pytest

from matching.signups import services
from matching.signups.factories import OpportunityPageFactory, SessionFactory, signup_data
from tests.matching.signups_fixtures import build_experiences

pytestmark = pytest.mark.django_db
LIST = "/volunteer/experiences/"


@pytest.fixture
def experiences(db, page_cache):
    return build_experiences()


def seats(client):
    listing = client.get(LIST)
    assert listing.status_code == 200
    return listing


def test_a_second_anonymous_view_makes_no_query(experiences, client, django_assert_num_queries):
    for path in (LIST, f"{LIST}?district={experiences.gokiso.pk}"):
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):
            assert client.get(path).content == first.content, path


def test_a_sign_up_a_session_and_a_publish_show_at_once(experiences, client):
    page = OpportunityPageFactory(
        parent=experiences.index, title="ボランティア入門講座", slug="intro", grade_to=9
    )
    session = SessionFactory(
        opportunity=page,
        district=experiences.gokiso,
        start=experiences.start + dt.timedelta(days=30),
        capacity=1,
    )
    before = client.get(LIST).content.decode()
    assert "ボランティア入門講座" in before
    services.sign_up(session.pk, signup_data(email="full@example.jp", grade=9, age=18))
    after = client.get(LIST).content.decode()
    assert after != before
    assert after == client.get(LIST).content.decode()

    SessionFactory(
        opportunity=page,
        district=experiences.gokiso,
        place_name="新しい会場ホール",
        start=experiences.start + dt.timedelta(days=31),
    )
    assert "新しい会場ホール" in client.get(LIST).content.decode()

    page.title = "ボランティア入門講座(改)"
    page.save_revision().publish()
    assert "ボランティア入門講座(改)" in client.get(LIST).content.decode()
