from wagtail.models import Locale

import factory

from .models import Footer, MainMenu


class MainMenuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MainMenu

    locale = factory.LazyFunction(Locale.get_default)
    links = factory.LazyFunction(list)


class FooterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footer

    locale = factory.LazyFunction(Locale.get_default)
    council_name = "社会福祉法人 昭和区社会福祉協議会"
