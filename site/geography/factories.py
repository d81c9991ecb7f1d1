import factory

from .models import Neighbourhood, SchoolDistrict


class SchoolDistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolDistrict
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"第{n + 1}学区")
    name_kana = factory.Sequence(lambda n: f"だい{n + 1}がっく")
    name_romaji = factory.Sequence(lambda n: f"District {n + 1}")
    slug = factory.Sequence(lambda n: f"district-{n + 1}")
    sort_order = factory.Sequence(lambda n: n)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(SchoolDistrictFactory)
    name = factory.Sequence(lambda n: f"{n + 1}丁目")
    name_kana = factory.Sequence(lambda n: f"{n + 1}ちょうめ")
    name_romaji = factory.Sequence(lambda n: f"{n + 1}-chome")
    sort_order = factory.Sequence(lambda n: n)
