"""A volunteer experience whose page is private (a Wagtail view restriction) is in neither
the public list of experiences nor its keyword search (kokoron.pages.privacy)."""

from wagtail.models import PageViewRestriction

import pytest

from matching.signups.factories import OpportunityPageFactory, SessionFactory
from tests.matching.signups_fixtures import build_experiences

LIST = "/volunteer/experiences/"


@pytest.fixture
def experiences(db):
    return build_experiences()


def test_a_private_experience_is_not_listed(experiences, client):
    staff_only = OpportunityPageFactory(parent=experiences.index, title="職員向け研修会")
    SessionFactory(opportunity=staff_only, start=experiences.start, capacity=5)
    listing = client.get(LIST).content.decode()
    assert "職員向け研修会" in listing and experiences.care.title in listing

    PageViewRestriction.objects.create(page=staff_only, restriction_type=PageViewRestriction.LOGIN)
    for path in (LIST, f"{LIST}?q=研修会"):
        html = client.get(path).content.decode()
        assert "職員向け研修会" not in html, path
    assert experiences.care.title in client.get(LIST).content.decode()
