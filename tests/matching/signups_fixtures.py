"""Data shared by the sign-up tests: each module makes its fixture from build_experiences()."""

import datetime as dt

from django.utils import timezone

from kokoron.core.setup import ensure_locales
from kokoron.geography.factories import SchoolDistrictFactory
from matching.factories import ensure_activities
from matching.signups.factories import (
    OpportunityPageFactory,
    SessionFactory,
    opportunity_index,
)


class Experiences:
    """A home page with the experiences index, two districts, a care-home experience for
    students from junior high up, and a session in ten days with two places."""


def build_experiences():
    ensure_locales()
    e = Experiences()
    e.activities, _trainings = ensure_activities()
    e.yagoto = SchoolDistrictFactory(
        name="八事", name_kana="やごと", name_romaji="Yagoto", slug="yagoto"
    )
    e.gokiso = SchoolDistrictFactory(
        name="御器所", name_kana="ごきそ", name_romaji="Gokiso", slug="gokiso"
    )
    e.index = opportunity_index()
    e.care = OpportunityPageFactory(
        parent=e.index,
        title="夏休み 高齢者施設ボランティア体験",
        slug="care-home",
        activity=e.activities["talk"],
        grade_from=7,
        open_to_adults=False,
        what_to_bring="上履き、飲み物",
    )
    e.start = (timezone.now() + dt.timedelta(days=10)).replace(
        hour=1, minute=0, second=0, microsecond=0
    )
    e.session = SessionFactory(
        opportunity=e.care, start=e.start, capacity=2, district=e.yagoto, place_name="やごと苑"
    )
    return e
