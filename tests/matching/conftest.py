import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from kokoron.core.choices import COORDINATORS_GROUP
from kokoron.core.setup import ensure_locales
from kokoron.geography.factories import NeighbourhoodFactory, SchoolDistrictFactory
from matching.factories import NeedFactory, PersonFactory, VolunteerFactory, ensure_activities


class World:
    """Two adjacent districts and a far one, the standard activities, a coordinator."""


@pytest.fixture
def world(db, django_user_model):
    ensure_locales()
    w = World()
    w.activities, w.trainings = ensure_activities()
    w.shopping = w.activities["shopping"]
    w.gokiso = SchoolDistrictFactory(
        name="御器所", name_kana="ごきそ", name_romaji="Gokiso", slug="gokiso"
    )
    w.shirogane = SchoolDistrictFactory(
        name="白金", name_kana="しろがね", name_romaji="Shirogane", slug="shirogane"
    )
    w.yagoto = SchoolDistrictFactory(
        name="八事", name_kana="やごと", name_romaji="Yagoto", slug="yagoto"
    )
    w.gokiso.adjacent.add(w.shirogane)
    w.town = NeighbourhoodFactory(district=w.gokiso, name="御器所町一丁目")
    w.town2 = NeighbourhoodFactory(district=w.gokiso, name="御器所町二丁目")
    w.far_town = NeighbourhoodFactory(district=w.yagoto, name="八事町一丁目")
    w.coordinator = django_user_model.objects.create_user(
        "coordinator", "coordinator@kokoron.example.jp", "pw"
    )
    w.coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))  # made by migrate
    w.today = timezone.localdate()
    # Next Saturday, at least two days ahead.
    w.saturday = w.today + dt.timedelta(days=(5 - w.today.weekday()) % 7 or 7)
    w.volunteer = lambda **kw: VolunteerFactory(
        person=PersonFactory(neighbourhood=kw.pop("town", w.town)),
        activities=kw.pop("activities", [w.shopping]),
        **kw,
    )
    w.need = lambda **kw: NeedFactory(
        requester=PersonFactory(neighbourhood=kw.pop("town", w.town)),
        category=kw.pop("category", w.shopping),
        date=kw.pop("date", w.saturday),
        **kw,
    )
    return w
