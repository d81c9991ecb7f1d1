"""A private programme page (a Wagtail view restriction) is not on the programme menu nor
offered on the teacher's request form (kokoron.pages.privacy)."""

from wagtail.models import PageViewRestriction

import pytest

pytestmark = pytest.mark.django_db


def offered(client):
    form = client.get("/education/request/").context["form"]
    return set(form.fields["programme"].queryset.values_list("pk", flat=True))


def test_a_private_programme_is_neither_listed_nor_offered(world, client):
    menu = world.talk.get_parent().specific
    assert world.talk.title in client.get(menu.url).content.decode()
    assert world.talk.pk in offered(client)

    PageViewRestriction.objects.create(page=world.talk, restriction_type=PageViewRestriction.LOGIN)
    assert world.talk.title not in client.get(menu.url).content.decode()
    assert world.talk.pk not in offered(client) and world.wheelchair.pk in offered(client)
    assert world.wheelchair.title in client.get(menu.url).content.decode()
