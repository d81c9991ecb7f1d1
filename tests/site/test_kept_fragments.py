"""What the pages keep between requests (routes, filter choices, district sections) shows a
change at once: a publish, a new category or district, a directory entry edited."""

import pytest

from kokoron.geography.models import SchoolDistrict
from kokoron.news.models import NewsCategory
from tests.site.test_query_budgets import add_items, site  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_path_leads_where_the_last_publish_says(client, site):  # noqa: F811
    add_items(site, 1)
    page = site["news_page"]
    old = page.url
    assert client.get(old).status_code == 200
    assert client.get(old).status_code == 200
    page.slug = "renamed"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.url != old
    assert client.get(old).status_code == 404
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404
    page.save_revision().publish()
    assert client.get(page.url).status_code == 200


def test_a_new_category_or_district_is_offered_at_once(client, site):  # noqa: F811
    add_items(site, 1)
    url = site["news"].url
    assert "春のサロン便り" not in client.get(url).content.decode()
    NewsCategory.objects.create(
        name="春のサロン便り", slug="spring", locale_id=site["news"].locale_id
    )
    assert "春のサロン便り" in client.get(url).content.decode()
    district = SchoolDistrict.objects.get(name="御器所")
    district.name = "新御器所"
    district.save()
    assert "新御器所" in client.get(url).content.decode()


def test_every_page_model_checks_restrictions_only_where_there_are_some():
    """Wagtail's check before each view costs two queries; the site's page models skip it
    while no page is private (kokoron.pages.privacy.ViewRestrictionsMixin)."""
    from wagtail.models import Page, get_page_models

    from kokoron.pages.privacy import ViewRestrictionsMixin

    missing = [
        model.__name__
        for model in get_page_models()
        if model is not Page and not issubclass(model, ViewRestrictionsMixin)
    ]
    assert not missing
