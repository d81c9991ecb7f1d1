from django.utils import translation

import pytest

from kokoron.events.filters import EventFilterSet
from kokoron.geography.factories import NeighbourhoodFactory, SchoolDistrictFactory
from kokoron.geography.forms import PlaceChoiceField
from kokoron.geography.models import Neighbourhood, SchoolDistrict
from kokoron.news.filters import NewsFilterSet

pytestmark = pytest.mark.django_db


def test_adjacency_goes_both_ways():
    gokiso = SchoolDistrictFactory(name="御器所", slug="gokiso")
    kawana = SchoolDistrictFactory(name="川名", slug="kawana")
    gokiso.adjacent.add(kawana)
    assert list(kawana.adjacent.all()) == [gokiso]


def test_place_names_are_read_in_the_readers_script():
    from django.utils import translation

    district = SchoolDistrictFactory(name="八事", name_kana="やごと", name_romaji="Yagoto")
    with translation.override("ja-easy"):
        assert district.display_name == "八事"
    with translation.override("en"):
        assert district.display_name == "Yagoto"


def test_staff_edit_districts_and_their_neighbours_in_the_admin(staff_client):
    kawana = SchoolDistrictFactory(name="川名", slug="kawana")
    response = staff_client.post(
        "/admin/geography/districts/new/",
        {
            "name": "御器所",
            "name_kana": "ごきそ",
            "name_romaji": "Gokiso",
            "slug": "gokiso",
            "sort_order": 1,
            "adjacent": [kawana.pk],
        },
    )
    assert response.status_code == 302
    gokiso = SchoolDistrict.objects.get(slug="gokiso")
    assert list(gokiso.adjacent.all()) == [kawana]
    assert list(kawana.adjacent.all()) == [gokiso]


def test_neighbourhood_list_filters_by_district(staff_client):
    first = NeighbourhoodFactory(name="御器所町一丁目")
    other = NeighbourhoodFactory(name="八事本町")
    response = staff_client.get("/admin/geography/neighbourhoods/", {"district": first.district.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert first.name in html
    assert other.name not in html


def test_a_district_with_neighbourhoods_cannot_be_deleted_by_accident():
    from django.db.models import ProtectedError

    neighbourhood = NeighbourhoodFactory()
    with pytest.raises(ProtectedError):
        neighbourhood.district.delete()


def test_public_choices_name_places_in_the_readers_script():
    gokiso = SchoolDistrictFactory(name="御器所", name_romaji="Gokiso")
    NeighbourhoodFactory(district=gokiso, name="御器所町一丁目", name_romaji="Gokiso-cho 1-chome")
    field = PlaceChoiceField(queryset=Neighbourhood.objects.all())
    with translation.override("vi"):
        assert [label for _value, label in field.choices][1:] == ["Gokiso-cho 1-chome"]
    with translation.override("ja"):
        assert [label for _value, label in field.choices][1:] == ["御器所町一丁目"]
    assert EventFilterSet.base_filters["district"].field_class is PlaceChoiceField
    assert NewsFilterSet.base_filters["district"].field_class is PlaceChoiceField
