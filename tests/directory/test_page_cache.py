"""The directory's public pages are served from the page cache to anonymous visitors, and show
a change to an entry, a publish or a menu at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from directory.models import Service
from kokoron.navigation.factories import FooterFactory

pytestmark = pytest.mark.django_db


def paths(small_directory):
    service = Service.objects.get(name="川名こども食堂")
    return [
        "/directory/",
        "/directory/?district=kawana",
        reverse("directory:service", kwargs={"pk": service.pk}),
        reverse("directory:gathering_places"),
    ]


def test_a_second_anonymous_view_makes_no_query(
    client, small_directory, page_cache, django_assert_num_queries
):
    for path in paths(small_directory):
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_num_queries(0):
            again = client.get(path)
        assert again.content == first.content, path


def test_a_changed_entry_shows_at_once(client, small_directory, page_cache):
    shown = paths(small_directory)
    for path in shown:
        assert "川名こども食堂" in client.get(path).content.decode(), path
    service = Service.objects.get(name="川名こども食堂")
    service.name = "川名みんなの食堂"
    service.save()
    for path in shown:
        body = client.get(path).content.decode()
        assert "川名みんなの食堂" in body and "川名こども食堂" not in body, path


def test_a_new_footer_shows_on_the_cached_pages(client, small_directory, page_cache):
    assert "ひまわり協議会" not in client.get("/directory/").content.decode()
    FooterFactory(council_name="ひまわり協議会")
    assert "ひまわり協議会" in client.get("/directory/").content.decode()


def test_editors_are_never_served_from_the_cache(client, small_directory, page_cache):
    client.get("/directory/")
    client.cookies["sessionid"] = "someone"
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/directory/").status_code == 200
    assert len(queries) > 0
