"""Setting up and using the admin's second factor in Chromium, as a coordinator would with an
authenticator app: the code typed is computed from the key the screen shows. The screens load
under the Content-Security-Policy without a violation and pass axe-core's checks."""

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import page_tree_root
from tests.totp import totp

from . import csp

AXE = next((Path(__file__).parent / "vendor").glob("axe-core-*/axe.min.js"))
PASSWORD = "a-long-staff-password-9"


def axe_violations(page):
    return page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']},
            resultTypes: ['violations']})).violations.map(v => v.id)"""
    )


def test_a_coordinator_sets_up_an_authenticator_app_and_signs_in_with_it(
    chromium_browser, live_server, transactional_db, django_user_model, settings, tmp_path
):
    settings.KOKORON_REQUIRE_2FA = True
    page_tree_root()  # the admin's home counts the pages under it
    django_user_model.objects.create_superuser("chief", "chief@example.jp", PASSWORD)
    context = chromium_browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    csp.watch(context)
    page = context.new_page()

    def sign_in():
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")

    sign_in()
    expect(page).to_have_url(re.compile("/admin/second-factor/setup/"))
    expect(page.locator("h1")).to_have_text("認証アプリの設定")
    expect(page.locator(".kokoron-qr-code svg")).to_be_visible()
    assert axe_violations(page) == []
    assert csp.violations(page) == []
    page.screenshot(path=str(tmp_path / "setup.png"), full_page=True)
    key = page.locator("[data-totp-key]").inner_text()
    page.get_by_label("認証アプリのコード").fill(totp(key))
    page.get_by_role("button", name="確認").click()
    expect(page).to_have_url(re.compile("/admin/$"))
    expect(page.get_by_text("認証アプリを設定しました。")).to_be_visible()

    page.context.clear_cookies()
    sign_in()
    expect(page).to_have_url(re.compile("/admin/second-factor/\\?next="))
    assert axe_violations(page) == []
    assert csp.violations(page) == []
    page.get_by_label("認証アプリのコード").fill("000000")
    page.get_by_role("button", name="確認").click()
    expect(page.locator(".error-message")).to_contain_text("コードが正しくないか")
    assert axe_violations(page) == []
    time.sleep(1.1)  # django-otp's throttle after one wrong code
    page.get_by_label("認証アプリのコード").fill(totp(key, at=time.time() + 30))
    page.get_by_role("button", name="確認").click()
    expect(page).to_have_url(re.compile("/admin/$"))
    context.close()
