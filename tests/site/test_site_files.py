from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_sitemap_lists_pages_in_every_language(client, demo, settings):
    xml = client.get("/sitemap.xml").content.decode()
    # At the site's address: the demo's Site is where the demo is served.
    for path in ["/", "/about/", "/en/", "/en/about/", "/ja-easy/about/"]:
        assert f"<loc>{settings.WAGTAILADMIN_BASE_URL}{path}</loc>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_server_error_page_needs_nothing_but_its_template(client, settings):
    from django.test import RequestFactory

    from kokoron.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "ただいま表示できません" in html
    assert "Something went wrong" in html


def test_static_css_is_served_with_focus_styles(client):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("kokoron/css/site.css")).read_text(encoding="utf-8")
    assert ":focus-visible" in css
    assert "prefers-reduced-motion" in css
