"""Factories for the directory: used by the tests and by the demo."""

import datetime as dt
import uuid
from decimal import Decimal

import factory

from kokoron.geography.factories import SchoolDistrictFactory

from . import models


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Taxonomy
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"taxonomy-{n}")
    name = factory.Sequence(lambda n: f"分類{n}")


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TaxonomyTerm
        django_get_or_create = ("taxonomy", "code")

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"項目{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"団体{n}")
    name_kana = factory.Sequence(lambda n: f"だんたい{n}")
    description = "地域の福祉団体です。"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"会場{n}")
    name_kana = factory.Sequence(lambda n: f"かいじょう{n}")
    school_district = factory.SubFactory(SchoolDistrictFactory)
    latitude = factory.Sequence(lambda n: Decimal("35.135000") + Decimal(n % 250) / 10000)
    longitude = factory.Sequence(lambda n: Decimal("136.920000") + Decimal(n % 400) / 10000)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Address
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    location = factory.SubFactory(LocationFactory)
    address_1 = factory.Sequence(lambda n: f"荒畑町{n % 9 + 1}-{n % 30 + 1}")
    postal_code = "466-0000"


class AccessibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Accessibility
        django_get_or_create = ("location", "code")

    location = factory.SubFactory(LocationFactory)
    code = models.Accessibility.STEP_FREE


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Service
        django_get_or_create = ("id",)
        skip_postgeneration_save = True

    id = factory.LazyFunction(uuid.uuid4)
    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"サービス{n}")
    name_kana = factory.Sequence(lambda n: f"さーびす{n}")
    description = "地域の方の相談に応じます。"
    assured_date = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        if create and extracted:
            self.terms.set(extracted)
            self.save()


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceAtLocation
        django_get_or_create = ("service", "location")

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Schedule
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "MO,TU,WE,TH,FR"
    opens_at = dt.time(9, 0)
    closes_at = dt.time(17, 0)


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Phone
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.SubFactory(ServiceFactory)
    number = factory.Sequence(lambda n: f"052-000-{n % 10000:04d}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.SubFactory(ServiceFactory)
    name = "相談担当"


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Language
        django_get_or_create = ("service", "code")

    service = factory.SubFactory(ServiceFactory)
    code = "ja"


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CostOption
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.SubFactory(ServiceFactory)
    option = "参加費"
    amount = 100


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceArea
        django_get_or_create = ("id",)

    id = factory.LazyFunction(uuid.uuid4)
    service = factory.SubFactory(ServiceFactory)
    school_district = factory.SubFactory(SchoolDistrictFactory)


class ServiceTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ServiceTranslation
        django_get_or_create = ("service", "language_code")

    service = factory.SubFactory(ServiceFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Service {n}")


class OrganizationTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OrganizationTranslation
        django_get_or_create = ("organization", "language_code")

    organization = factory.SubFactory(OrganizationFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Organization {n}")


class LocationTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LocationTranslation
        django_get_or_create = ("location", "language_code")

    location = factory.SubFactory(LocationFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Place {n}")
