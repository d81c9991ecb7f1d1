"""The ウェブアクセシビリティ方針 page (ja, en, ja-easy), with the table of test results that the
browser checks really produced (site/core/data/accessibility-results.json, or a file given to
`manage.py accessibility_results`)."""

import json
from pathlib import Path

from wagtail.models import Locale

from kokoron.pages.models import StandardPage

from . import accessibility

RESULTS_FILE = Path(__file__).parent / "data" / "accessibility-results.json"
SLUG = "accessibility"

TARGET = (
    "JIS X 8341-3:2016 level AA, and from WCAG 2.2: 2.5.8 Target Size (Minimum), 2.4.11 Focus "
    "Not Obscured (Minimum), 3.2.6 Consistent Help, 3.3.7 Redundant Entry and 3.3.8 Accessible "
    "Authentication (Minimum)"
)

TEXT = {
    "ja": {
        "title": "ウェブアクセシビリティ方針",
        "introduction": (
            "<p>昭和区社会福祉協議会は、高齢の方、障害のある方、外国にルーツのある方を含め、"
            "だれもがこころんを使えるよう、ウェブアクセシビリティの確保と向上に取り組みます。</p>"
        ),
        "sections": [
            (
                "対象範囲",
                "<p>こころん(このウェブサイト)の公開ページと、だれでも使えるフォームのすべて。</p>",
            ),
            (
                "目標",
                "<p>日本産業規格 JIS X 8341-3:2016 の適合レベル AA に準拠することを目標とします。"
                "あわせて WCAG 2.2 の次の達成基準を満たすことを目標とします:"
                "2.5.8 ターゲットのサイズ(最低限)、2.4.11 フォーカスが隠されない(最低限)、"
                "3.2.6 一貫したヘルプ、3.3.7 冗長な入力、3.3.8 アクセシブルな認証(最低限)。</p>",
            ),
            (
                "取り組み",
                "<p>文字の大きさ、配色(高コントラスト)、ふりがなの表示を、ページ上部の"
                "「表示の設定」で選べます(JavaScript がなくても使えます)。すべてのフォームは"
                "キーボードだけで操作でき、入力の誤りは項目へのリンクつきで知らせます。"
                "日本語のほか、やさしい日本語、英語、中国語(簡体字)、韓国語、ベトナム語、"
                "ポルトガル語、フィリピノ語、ネパール語でご覧いただけます。</p>",
            ),
        ],
        "results_heading": "試験の結果",
        "results_intro": (
            "<p>下の表は、自動試験を実際に実行した記録から作っています。Chromium で各ページを開き、"
            "axe-core(WCAG 2.0/2.1/2.2 の A・AA に関するルール)で検査し、フォームは空のまま"
            "送信してエラー表示も検査しました。キーボード操作の試験では、Tab キーだけで"
            "すべての項目に順に移動できること、フォーカスが見え隠れないこと、エラーが"
            "読み上げられ項目に結びついていることを確かめています。自動試験で確かめられるのは"
            "達成基準の一部です。</p>"
        ),
        "caption": "自動試験の結果({checked_at}、axe-core {axe_version}、{browser})",
        "no_results": "<p>自動試験の結果はまだありません。</p>",
        "contact_heading": "お問い合わせ",
        "contact": (
            "<p>こころんの使いにくい点や、読めない情報がありましたら、昭和区社会福祉協議会まで"
            "お知らせください。</p>"
        ),
        "words": {
            "header": ["対象", "日本語", "やさしい日本語", "English", "キーボード操作"],
            "page": "ページ",
            "form": "フォームを空で送信",
            "pass": "問題なし",
            "problems": "問題 {n} 件",
            "not_checked": "—",
        },
    },
    "en": {
        "title": "Web accessibility policy",
        "introduction": (
            "<p>The Showa Ward Council of Social Welfare works so that everyone, including older "
            "people, people with disabilities and people with roots abroad, can use Kokoron.</p>"
        ),
        "sections": [
            ("Scope", "<p>Every public page and every public form of Kokoron (this site).</p>"),
            ("Target", f"<p>Our target is {TARGET}.</p>"),
            (
                "What we do",
                "<p>Text size, colours (high contrast) and furigana can be chosen under "
                "“Display settings” at the top of every page, with or without JavaScript. Every "
                "form works with the keyboard alone, and mistakes are listed with links to their "
                "fields. The site is in Japanese, easy Japanese, English, Simplified Chinese, "
                "Korean, Vietnamese, Portuguese, Filipino and Nepali.</p>",
            ),
        ],
        "results_heading": "Test results",
        "results_intro": (
            "<p>The table below is made from the record of an automated test run. Each page was "
            "opened in Chromium and checked with axe-core (the WCAG 2.0, 2.1 and 2.2 A and AA "
            "rules); each form was also sent empty and its error messages checked. The keyboard "
            "test moves through every field with the Tab key alone, and checks that focus is "
            "visible and not hidden and that errors are announced and tied to their fields. "
            "Automated tests cover only part of the success criteria.</p>"
        ),
        "caption": "Automated test results ({checked_at}, axe-core {axe_version}, {browser})",
        "no_results": "<p>There are no automated test results yet.</p>",
        "contact_heading": "Contact",
        "contact": (
            "<p>If any part of Kokoron is hard to use or read, please tell the Showa Ward "
            "Council of Social Welfare.</p>"
        ),
        "words": {
            "header": ["Checked", "Japanese", "Easy Japanese", "English", "Keyboard"],
            "page": "page",
            "form": "form sent empty",
            "pass": "no problems",
            "problems": "{n} problems",
            "not_checked": "—",
        },
    },
    "ja-easy": {
        "title": "ホームページを だれでも つかえるように",
        "introduction": (
            "<p>しゃかい ふくし きょうぎかいは、だれでも こころんを つかえるように して います。</p>"
        ),
        "sections": [
            (
                "めざして いること",
                "<p>にほんの きまり JIS X 8341-3:2016 の AA を めざして います。"
                "WCAG 2.2 の いくつかの きまりも めざして います。</p>",
            ),
            (
                "できること",
                "<p>ページの うえの「みやすく する」で、じの おおきさ、いろ、ふりがなを "
                "えらべます。キーボード だけでも つかえます。</p>",
            ),
        ],
        "results_heading": "しらべた けっか",
        "results_intro": (
            "<p>コンピューターで じどうで しらべた けっかです。ぜんぶの きまりを しらべる ことは "
            "できません。</p>"
        ),
        "caption": "しらべた けっか({checked_at}、axe-core {axe_version}、{browser})",
        "no_results": "<p>まだ しらべて いません。</p>",
        "contact_heading": "しつもん",
        "contact": "<p>つかいにくい ところが あったら、おしえて ください。</p>",
        "words": {
            "header": ["しらべた ところ", "にほんご", "やさしい にほんご", "えいご", "キーボード"],
            "page": "ページ",
            "form": "なにも かかないで おくる",
            "pass": "もんだい なし",
            "problems": "もんだい {n}",
            "not_checked": "—",
        },
    },
}


def load_results(path=RESULTS_FILE):
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else None


def body(language_code, document):
    """The page's body in a language: its sections, then the table of results, if any."""
    text = TEXT[language_code]
    blocks = []
    for heading, paragraph in text["sections"]:
        blocks += [("heading", {"text": heading, "level": "h2"}), ("paragraph", paragraph)]
    blocks += [
        ("heading", {"text": text["results_heading"], "level": "h2"}),
        ("paragraph", text["results_intro"]),
    ]
    if document:
        summary = accessibility.summarise(document["results"])
        caption = text["caption"].format(
            checked_at=document["checked_at"][:10],
            axe_version=document["axe_version"],
            browser=document["browser"],
        )
        rows = accessibility.table_rows(summary, text["words"])
        blocks.append(("table", {"caption": caption, "rows": rows}))
    else:
        blocks.append(("paragraph", text["no_results"]))
    blocks += [
        ("heading", {"text": text["contact_heading"], "level": "h2"}),
        ("paragraph", text["contact"]),
    ]
    return blocks


def publish_policy(home, document, update=True):
    """The policy page under the Japanese home, in ja, en and ja-easy, with the results.

    update=False leaves pages that exist as they are (the demo runs again and again).
    """
    source = StandardPage.objects.filter(locale=home.locale, slug=SLUG).first()
    created = source is None
    if created:
        source = StandardPage(slug=SLUG, title=TEXT["ja"]["title"])
        home.add_child(instance=source)
    pages = {"ja": source}
    for code in TEXT:
        if code == "ja":
            continue
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            continue  # the language is off
        translated = source.get_translation_or_none(locale)
        pages[code] = translated.specific if translated else source.copy_for_translation(locale)
    for code, page in pages.items():
        if not (created or update or page.live is False):
            continue
        page.title = TEXT[code]["title"]
        page.introduction = TEXT[code]["introduction"]
        page.body = body(code, document)
        page.save_revision().publish()
    return source
