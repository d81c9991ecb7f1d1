"""An editor adds furigana in Wagtail's rich-text editor with the keyboard only.

Draftail's toolbar buttons, Wagtail's own and ours alike, are out of the Tab order
(tabindex -1): a keyboard user reaches each through the shortcut its tooltip shows (Ctrl + B,
Ctrl + K, Wagtail's comments Ctrl + Alt + M). The furigana button follows them: Ctrl + Alt + F.
"""

import re

from playwright.sync_api import expect

from kokoron.core.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, DemoContext, build_superuser
from kokoron.pages.models import StandardPage

EDITOR = ".public-DraftEditor-content"
FOCUS_IN_EDITOR = f"() => !!document.activeElement.closest('{EDITOR}')"


def test_an_editor_adds_furigana_with_the_keyboard_only(page, site_url, settings):
    settings.KOKORON_DEMO_SUPERUSER = True
    build_superuser(DemoContext())
    policy = StandardPage.objects.filter(locale__language_code="ja").order_by("path").first()

    page.goto(site_url + "/admin/login/")
    page.focus("#id_username")
    page.keyboard.type(DEMO_ADMIN_USERNAME)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_ADMIN_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/admin/$"))

    page.goto(f"{site_url}/admin/pages/{policy.pk}/edit/")
    page.wait_for_selector(EDITOR)
    # From the title, Tab to the body's first rich-text field.
    page.focus("#id_title")
    trail = []
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS_IN_EDITOR):
            break
        trail.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))
    else:
        raise AssertionError("Tab never reached a rich-text field:\n" + "\n".join(trail))
    page.keyboard.type("福祉")
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+ArrowLeft")

    # Selecting text shows the toolbar, each button with its shortcut, none in the Tab order.
    toolbar = page.get_by_role("toolbar")
    expect(toolbar).to_be_visible()
    buttons = toolbar.locator("button")
    bold = toolbar.locator("button[name=BOLD]")
    furigana = toolbar.locator("button[name=FURIGANA]")
    expect(bold).to_have_attribute("aria-label", re.compile(r"\nCtrl \+ B$"))
    expect(furigana).to_have_attribute("aria-label", re.compile(r"ふりがな.*\nCtrl \+ Alt \+ F$"))
    assert buttons.evaluate_all("bs => bs.map(b => b.tabIndex)") == [-1] * buttons.count()

    # The shortcut asks for the reading and writes the notation in place of the word.
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept("ふくし")

    page.once("dialog", answer)
    page.keyboard.press("Control+Alt+KeyF")
    expect(page.locator(EDITOR).first).to_contain_text("\uff5c福祉《ふくし》")
    assert asked and "福祉" in asked[0]
    assert page.evaluate(FOCUS_IN_EDITOR), "the editor keeps the focus"
