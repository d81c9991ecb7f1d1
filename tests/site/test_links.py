"""Absolute links (emails, feeds, printed pages) are the site's own address and a path."""

import pytest

from kokoron.core.links import absolute_url


def test_a_path_gets_the_sites_own_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://kokoron.example.jp/"
    assert absolute_url("/volunteer/me/abc/") == "https://kokoron.example.jp/volunteer/me/abc/"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    assert absolute_url("/en/events/") == "http://127.0.0.1:8123/en/events/"


@pytest.mark.parametrize("not_a_path", ["//evil.example/", "https://evil.example/", "events/", ""])
def test_anything_but_a_path_on_this_site_is_refused(not_a_path):
    with pytest.raises(ValueError):
        absolute_url(not_a_path)
