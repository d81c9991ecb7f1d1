"""Fixtures shared by the outreach tests (news, newsletters, events, home, workflow).

Import them into a test module: `from tests.site.outreach import sections, ward  # noqa: F401`.
"""

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Site

import pytest

from kokoron.core.demo import DemoContext, build_geography
from kokoron.core.setup import ensure_locales
from kokoron.events.factories import EventIndexPageFactory
from kokoron.images.models import CustomImage
from kokoron.news.factories import NewsIndexPageFactory
from kokoron.newsletters.factories import NewsletterIndexPageFactory
from kokoron.pages.factories import HomePageFactory
from tests.conftest import page_tree_root


@pytest.fixture
def ward(db):
    """The core's school districts and a Japanese home page as the default site's root."""
    ensure_locales()
    context = DemoContext()
    build_geography(context)
    japanese = Locale.get_default()
    home = HomePageFactory(parent=page_tree_root(), slug="kokoron", locale=japanese)
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.save()
    context.home_pages["ja"] = home
    return context


def translate(page, language_code, **fields):
    """The page's translation, published, with the given fields."""
    translated = page.copy_for_translation(Locale.objects.get(language_code=language_code))
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@pytest.fixture
def sections(ward):
    """Empty news, newsletter and event sections under the Japanese home page."""
    home = ward.home_pages["ja"]
    return {
        "home": home,
        "news": NewsIndexPageFactory(parent=home),
        "newsletters": NewsletterIndexPageFactory(parent=home),
        "events": EventIndexPageFactory(parent=home),
    }


@pytest.fixture
def photo(db):
    return CustomImage.objects.create(title="車いす体験", file=get_test_image_file())
