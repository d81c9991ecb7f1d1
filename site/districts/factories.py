import factory
import wagtail_factories

from kokoron.geography.factories import SchoolDistrictFactory

from .models import DistrictIndexPage, DistrictPage


class DistrictIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DistrictIndexPage

    title = "学区のページ"
    slug = "districts"


class DistrictPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = DistrictPage

    district = factory.SubFactory(SchoolDistrictFactory)
    title = factory.LazyAttribute(lambda page: f"{page.district.name}学区")
    slug = factory.LazyAttribute(lambda page: page.district.slug)
    council_name = factory.LazyAttribute(lambda page: f"{page.district.name}学区福祉推進協議会")
    contact_name = "学区担当 山田"
    contact_phone = "052-000-0001"
    contact_email = "district@kokoron.example.jp"
