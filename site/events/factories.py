import datetime

from django.utils import timezone

import factory
import wagtail_factories

from .models import EventCategory, EventDate, EventIndexPage, EventPage


class EventCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventCategory

    name = factory.Sequence(lambda n: f"講座{n}")
    slug = factory.Sequence(lambda n: f"event-category-{n}")


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "イベント・講座"
    slug = "events"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"福祉講座 その{n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    summary = "どなたでも参加できます。"
    venue_name = "昭和区在宅サービスセンター"


class EventDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDate

    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda date: date.start + datetime.timedelta(hours=2))
