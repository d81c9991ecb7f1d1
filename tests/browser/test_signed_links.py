"""The registry of signed links covers every public URL that takes a token (no browser needed;
the pages themselves are checked by test_accessibility.py)."""

from .signed_links import LINKS, NOT_PAGES
from .test_accessibility import localized_url_names, missing_link_makers


def test_every_public_url_taking_a_token_has_a_link_maker():
    names = localized_url_names()
    assert names["matching:my_page"] and names["directory:verify"]
    assert not names["directory:service"], "a UUID is a record's key, found from its listing"
    assert not names["wagtail_serve"], "the page tree's pages are found as page types"
    assert missing_link_makers(names) == []
    assert not set(LINKS) & set(NOT_PAGES)


def test_a_new_signed_page_without_a_link_maker_is_named():
    names = {**localized_url_names(), "education:new_signed": True}
    found = missing_link_makers(names, ["NewsletterIndexPage:confirm", "EventPage:rsvp"])
    assert len(found) == 2
    assert found[0].startswith("URL name 'education:new_signed' takes a token")
    assert found[1].startswith("'EventPage:rsvp' answers a visit without a value")
    assert all("tests/browser/signed_links.py" in message for message in found)
