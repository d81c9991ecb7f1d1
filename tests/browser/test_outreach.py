"""An editor publishes a news page with an image in Wagtail's admin, in a real browser."""

import re

from wagtail.images.tests.utils import get_test_image_file

from playwright.sync_api import expect

from kokoron.images.models import CustomImage
from kokoron.news.factories import NewsIndexPageFactory
from kokoron.news.models import NewsPage
from kokoron.pages.models import HomePage


def test_editor_publishes_news_with_an_image_that_needs_alt_text(page, site_url, django_user_model):
    django_user_model.objects.create_superuser("henshu", "henshu@example.jp", "pw-henshu-2026")
    CustomImage.objects.create(title="車いす体験の写真", file=get_test_image_file())
    # The browser tests' demo has no outreach sections: the news section, as the demo makes it.
    home = HomePage.objects.get(locale__language_code="ja")
    index = NewsIndexPageFactory(parent=home, title="お知らせ", slug="news")

    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "henshu")
    page.fill("#id_password", "pw-henshu-2026")
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile("/admin/$"))

    page.goto(f"{site_url}/admin/pages/add/news/newspage/{index.pk}/")
    page.fill("#id_title", "ブラウザから公開したお知らせ")
    page.fill("#id_summary", "編集画面から画像つきで公開しました。")
    # The one-image field: add its block, choose the image.
    image_panel = page.locator("[data-contentpath='image']").first
    image_panel.get_by_role("button", name=re.compile("挿入|Insert|追加|Add")).first.click()
    image_panel.get_by_role("button", name=re.compile("画像を選択|Choose an image")).first.click()
    page.locator(".modal").get_by_role("link", name=re.compile("車いす体験の写真")).first.click()
    expect(page.locator(".modal")).to_be_hidden()

    def publish():
        page.locator("footer .w-dropdown__toggle").first.click()
        page.locator("footer button[name=action-publish]").click()

    publish()
    # No alt text and not marked decorative: refused, with a message.
    page.wait_for_load_state("networkidle")
    expect(page.locator(".messages .error").first).to_be_visible()
    assert not NewsPage.objects.filter(title="ブラウザから公開したお知らせ", live=True).exists()

    alt = page.locator("[data-contentpath='image'] input[name$='alt_text']").first
    alt.fill("車いすを押す中学生")
    # A Japanese title gives no Latin slug: the editor types one on the promote tab.
    page.get_by_role("tab", name=re.compile("プロモート|Promote")).click()
    page.fill("#id_slug", "browser-news")
    publish()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/"))
    news = NewsPage.objects.get(title="ブラウザから公開したお知らせ")
    assert news.live

    page.goto(site_url + "/news/")
    expect(page.get_by_role("link", name="ブラウザから公開したお知らせ")).to_be_visible()
    page.goto(site_url + news.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("ブラウザから公開したお知らせ")
    expect(page.get_by_role("img", name="車いすを押す中学生")).to_be_visible()
