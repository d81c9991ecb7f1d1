import datetime as dt

import pytest

from directory.factories import (
    AccessibilityFactory,
    AddressFactory,
    LanguageFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    ServiceTranslationFactory,
)
from directory.taxonomies import ensure_taxonomies
from kokoron.geography.factories import SchoolDistrictFactory


@pytest.fixture
def terms(db):
    return ensure_taxonomies()


@pytest.fixture
def districts(db):
    return {
        "gokiso": SchoolDistrictFactory(
            name="御器所", name_kana="ごきそ", name_romaji="Gokiso", slug="gokiso"
        ),
        "kawana": SchoolDistrictFactory(
            name="川名", name_kana="かわな", name_romaji="Kawana", slug="kawana"
        ),
    }


@pytest.fixture
def small_directory(terms, districts):
    """Three services, hand-made so that each filter picks a known subset.

    - 御器所いきいきサロン (gathering place, older people, Gokiso, 2nd/4th Tuesday 10-12,
      step-free, free, Japanese)
    - 川名こども食堂 (gathering place, children, Kawana, Saturdays 11-14, charged)
    - 昭和区いきいき支援センター (consultation, older people, Gokiso, weekdays 9-12 and 13-17,
      English and Japanese, free)
    """
    council = OrganizationFactory(
        name="昭和区社会福祉協議会", name_kana="しょうわくしゃかいふくしきょうぎかい"
    )
    gokiso_hall = LocationFactory(
        name="御器所コミュニティセンター",
        name_kana="ごきそこみゅにてぃせんたー",
        organization=council,
        school_district=districts["gokiso"],
    )
    AddressFactory(location=gokiso_hall, address_1="御器所町1-2-3", postal_code="466-0051")
    AccessibilityFactory(location=gokiso_hall)
    kawana_hall = LocationFactory(
        name="川名会館",
        name_kana="かわなかいかん",
        organization=council,
        school_district=districts["kawana"],
    )
    salon = ServiceFactory(
        name="御器所いきいきサロン",
        name_kana="ごきそいきいきさろん",
        organization=council,
        terms=[terms[("kind", "gathering-place")], terms[("field", "older-people")]],
        closed_on_holidays=True,
    )
    ServiceAtLocationFactory(service=salon, location=gokiso_hall)
    ScheduleFactory(
        service=salon, freq="MONTHLY", byday="2TU,4TU", opens_at=dt.time(10), closes_at=dt.time(12)
    )
    LanguageFactory(service=salon, code="ja")
    PhoneFactory(service=salon, number="052-000-1111")
    ServiceTranslationFactory(service=salon, language_code="en", name="Gokiso Lively Salon")

    dining = ServiceFactory(
        name="川名こども食堂",
        name_kana="かわなこどもしょくどう",
        organization=council,
        terms=[terms[("kind", "gathering-place")], terms[("field", "children")]],
        fee_kind="paid",
        fees_description="こども無料、おとな300円",
    )
    ServiceAtLocationFactory(service=dining, location=kawana_hall)
    ScheduleFactory(service=dining, byday="SA", opens_at=dt.time(11), closes_at=dt.time(14))

    center_org = OrganizationFactory(
        name="いきいき支援センター", name_kana="いきいきしえんせんたー"
    )
    center = ServiceFactory(
        name="昭和区西部いきいき支援センター",
        name_kana="しょうわくせいぶいきいきしえんせんたー",
        organization=center_org,
        terms=[terms[("kind", "consultation")], terms[("field", "older-people")]],
    )
    ServiceAtLocationFactory(service=center, location=gokiso_hall)
    ScheduleFactory(
        service=center, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
    )
    ScheduleFactory(
        service=center, byday="MO,TU,WE,TH,FR", opens_at=dt.time(13), closes_at=dt.time(17)
    )
    LanguageFactory(service=center, code="ja")
    LanguageFactory(service=center, code="en")
    return {"salon": salon, "dining": dining, "center": center, "council": council}
