import datetime

import factory
import wagtail_factories

from .models import NewsCategory, NewsIndexPage, NewsPage


def image_stream(image, alt_text="", decorative=False):
    """The raw value of a one-image field (Wagtail's ImageBlock)."""
    if image is None:
        return []
    return [
        {
            "type": "image",
            "value": {"image": image.pk, "decorative": decorative, "alt_text": alt_text},
        }
    ]


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory

    name = factory.Sequence(lambda n: f"お知らせ{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "お知らせ"
    slug = "news"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"お知らせ その{n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = factory.LazyFunction(lambda: datetime.date(2026, 4, 1))
    summary = "地域の皆さまへのお知らせです。"
