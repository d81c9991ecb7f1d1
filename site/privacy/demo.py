"""The demo's privacy page (個人情報の取り扱い, /privacy/): how long each kind of personal data
is kept, read from the retention settings, and how to ask for one's data or its erasure.
Made once, in Japanese, English and easy Japanese; after that it is staff's to edit."""

from django.conf import settings

from wagtail.models import Locale

from kokoron.pages.factories import StandardPageFactory
from kokoron.pages.models import StandardPage
from kokoron.plugins import is_enabled

SLUG = "privacy"


def periods():
    """{name: days} of the periods that apply with the plugins that are on."""
    found = {
        "subscribers": settings.RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS,
        "emails": settings.NOTIFICATION_RETENTION_DAYS,
    }
    if is_enabled("matching"):
        found["signup_details"] = settings.RETENTION_SIGNUP_DETAILS_DAYS
        found["signups"] = settings.RETENTION_SIGNUPS_DAYS
        found["needs"] = settings.RETENTION_NEEDS_DAYS
    if is_enabled("education"):
        found["class_requests"] = settings.RETENTION_CLASS_REQUESTS_DAYS
    return found


ITEMS = {
    "ja": {
        "signup_details": (
            "ボランティア体験・講座の申し込み:電話番号、緊急連絡先、アレルギー、配慮してほしい"
            "こと、保護者のお名前とメールアドレスは、体験が終わってから{days}日後に消去します。"
        ),
        "signups": (
            "同じ申し込みのお名前・学校・メールアドレスは、活動証明書を発行できるよう{days}日間"
            "保存し、その後消去します。"
        ),
        "needs": (
            "困りごとのご相談:対応を終えてから{days}日後に、ご相談の内容、職員のメモ、"
            "ご本人の連絡先を消去します。"
        ),
        "class_requests": (
            "福祉教育の依頼:授業が終わってから{days}日後に、先生のお名前・連絡先・メモを"
            "消去します。"
        ),
        "subscribers": "メール配信の登録:確認されなかった申し込みは{days}日後に削除します。",
        "emails": "お送りしたメール:{days}日後に、宛先と内容を消去します。",
    },
    "en": {
        "signup_details": (
            "Sign-ups for volunteer experiences and courses: telephone numbers, emergency "
            "contacts, allergies, assistance needed and guardians' names and addresses are "
            "erased {days} days after the session."
        ),
        "signups": (
            "The names, schools and addresses of those sign-ups are kept for {days} days, so "
            "that we can issue participation certificates, and then erased."
        ),
        "needs": (
            "Requests for help: the description, staff notes and the person's contact details "
            "are erased {days} days after the request is closed."
        ),
        "class_requests": (
            "Requests for welfare-education classes: the teacher's name, contact details and "
            "notes are erased {days} days after the class."
        ),
        "subscribers": "Email subscriptions: requests never confirmed are deleted after {days} days.",
        "emails": "Emails we send: the address and content are erased after {days} days.",
    },
    "ja-easy": {
        "signup_details": (
            "ボランティア たいけんの もうしこみ:でんわ、きんきゅう れんらくさき、アレルギー、"
            "ほごしゃの なまえと メールは、たいけんの {days}にち あとに けします。"
        ),
        "signups": "なまえ、がっこう、メールは {days}にち あとに けします。",
        "needs": "こまりごとの そうだん:おわってから {days}にち あとに けします。",
        "class_requests": "ふくし きょういくの いらい:じゅぎょうの {days}にち あとに けします。",
        "subscribers": "メールの とうろく:かくにん しない もうしこみは {days}にち あとに けします。",
        "emails": "おくった メール:{days}にち あとに あてさきと ないようを けします。",
    },
}
TEXT = {
    "ja": {
        "title": "個人情報の取り扱い",
        "introduction": (
            "<p>昭和区社会福祉協議会は、こころんでお預かりする個人情報を、個人情報保護法に"
            "もとづいて、必要な目的のためだけに使い、必要な期間だけ保存します。</p>"
        ),
        "periods": "保存する期間",
        "statistics": ("件数や活動時間などの統計は、どなたのものか分からない形で残します。"),
        "requests": "開示・訂正・消去のご請求",
        "requests_text": (
            "ご本人は、保有している個人情報の開示、訂正、消去を求めることができます。"
            "窓口(電話 052-000-0001、平日 9:00〜17:00)までご連絡ください。"
        ),
    },
    "en": {
        "title": "Privacy",
        "introduction": (
            "<p>The Showa Ward Council of Social Welfare uses the personal data you give "
            "Kokoron only for the purpose you gave it for, and keeps it only as long as "
            "needed, under Japan's Act on the Protection of Personal Information.</p>"
        ),
        "periods": "How long we keep it",
        "statistics": "Statistics (numbers of requests, hours of activity) are kept without names.",
        "requests": "Seeing, correcting or erasing your data",
        "requests_text": (
            "You may ask to see, correct or erase the personal data we keep about you. "
            "Please call our office (052-000-0001, weekdays 9:00 to 17:00)."
        ),
    },
    "ja-easy": {
        "title": "こじん じょうほうの とりあつかい",
        "introduction": (
            "<p>こころんに かいた なまえや れんらくさきは、ひつような ときだけ つかいます。"
            "ひつような あいだだけ のこします。</p>"
        ),
        "periods": "のこす きかん",
        "statistics": "かずや じかんは、だれの ものか わからない かたちで のこします。",
        "requests": "じぶんの じょうほうを みたい、けしたい とき",
        "requests_text": "まどぐち(でんわ 052-000-0001)に れんらく して ください。",
    },
}


def body(code):
    text, items = TEXT[code], ITEMS[code]
    rows = "".join(f"<li>{items[name].format(days=days)}</li>" for name, days in periods().items())
    return (
        f"<h2>{text['periods']}</h2><ul>{rows}</ul><p>{text['statistics']}</p>"
        f"<h2>{text['requests']}</h2><p>{text['requests_text']}</p>"
    )


def _fill(page, code):
    page.title = TEXT[code]["title"]
    page.introduction = TEXT[code]["introduction"]
    page.body = [("paragraph", body(code))]
    page.save_revision().publish()


def build_privacy_page(home):
    """The page under the Japanese home page and its translations, made only once."""
    source = StandardPage.objects.filter(locale=home.locale, slug=SLUG).first()
    if source is None:
        source = StandardPageFactory(parent=home, slug=SLUG)
        _fill(source, "ja")
    for code in TEXT:
        locale = Locale.objects.filter(language_code=code).first()
        if code == "ja" or locale is None or source.get_translation_or_none(locale):
            continue
        translated = source.copy_for_translation(locale).specific
        _fill(translated, code)
    return source
