"""The core's part of the demo: a realistic Japanese ward, built from the factories.

Every step finds what an earlier run made before it creates anything, so load_demo can run
any number of times and leaves the same rows.
"""

import random
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from wagtail.models import Collection, Locale, Page, Site

from kokoron.core.setup import ensure_locales
from kokoron.geography.factories import NeighbourhoodFactory, SchoolDistrictFactory
from kokoron.geography.models import SchoolDistrict
from kokoron.navigation.factories import FooterFactory, MainMenuFactory
from kokoron.navigation.models import Footer, MainMenu
from kokoron.pages.factories import HomePageFactory, StandardPageFactory
from kokoron.pages.models import HomePage, StandardPage
from kokoron.users.models import User

SEED = 20260401
DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "kokoron-demo"


@dataclass
class DemoContext:
    """Handed to each demo step: one seeded random source, and what earlier steps made."""

    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    home_pages: dict = field(default_factory=dict)
    log: list = field(default_factory=list)

    def say(self, message):
        self.log.append(message)


# (name, kana, romaji) of the ward's school districts, in the council's usual order.
DISTRICTS = [
    ("鶴舞", "つるまい", "Tsurumai"),
    ("白金", "しろがね", "Shirogane"),
    ("村雲", "むらくも", "Murakumo"),
    ("吹上", "ふきあげ", "Fukiage"),
    ("御器所", "ごきそ", "Gokiso"),
    ("松栄", "しょうえい", "Shoei"),
    ("川名", "かわな", "Kawana"),
    ("広路", "ひろじ", "Hiroji"),
    ("滝川", "たきかわ", "Takikawa"),
    ("伊勝", "いかつ", "Ikatsu"),
    ("八事", "やごと", "Yagoto"),
    ("隼人", "はやと", "Hayato"),
]
ADJACENT = [
    ("鶴舞", "白金"),
    ("鶴舞", "吹上"),
    ("白金", "村雲"),
    ("白金", "御器所"),
    ("吹上", "御器所"),
    ("吹上", "松栄"),
    ("村雲", "御器所"),
    ("村雲", "川名"),
    ("御器所", "松栄"),
    ("御器所", "川名"),
    ("松栄", "広路"),
    ("川名", "広路"),
    ("川名", "滝川"),
    ("広路", "滝川"),
    ("広路", "伊勝"),
    ("滝川", "八事"),
    ("滝川", "隼人"),
    ("伊勝", "八事"),
    ("八事", "隼人"),
]
CHOME = [("一", "いっ", 1), ("二", "に", 2), ("三", "さん", 3), ("四", "よん", 4)]


def build_geography(context):
    districts = {}
    for order, (name, kana, romaji) in enumerate(DISTRICTS):
        districts[name] = SchoolDistrictFactory(
            name=name, name_kana=kana, name_romaji=romaji, slug=romaji.lower(), sort_order=order
        )
        for number, (kanji, reading, digit) in enumerate(CHOME[: context.rng.randint(2, 4)]):
            NeighbourhoodFactory(
                district=districts[name],
                name=f"{name}町{kanji}丁目",
                name_kana=f"{kana}ちょう{reading}ちょうめ",
                name_romaji=f"{romaji}-cho {digit}-chome",
                sort_order=number,
            )
    for first, second in ADJACENT:
        districts[first].adjacent.add(districts[second])
    context.say(f"{SchoolDistrict.objects.count()} school districts")


HOME_CONTENT = {
    "ja": {
        "title": "こころん",
        "hero_heading": "だれもが、だれかの力に。",
        "hero_text": (
            "昭和区社会福祉協議会とボランティアセンターのウェブサイトです。\n"
            "困りごとの相談、ボランティア活動、福祉教育、地域の相談先やたまり場をご案内します。"
        ),
        "intro_heading": "こころん支えあいネット",
        "intro": (
            "<p>ちょっとした困りごとを、近所の人やボランティアが「お互いさま」の気持ちで支える"
            "しくみです。助けてもらう人も、できることで誰かの力になれます。専門機関とも"
            "つながりながら、地域の困りごとを地域で解決していきます。</p>"
        ),
        "more": "こころんについて",
    },
    "en": {
        "title": "Kokoron",
        "hero_heading": "Everyone can be of help to someone.",
        "hero_text": (
            "The website of the Showa Ward Council of Social Welfare and its Volunteer Center.\n"
            "Ask for help, volunteer, bring welfare education to your school, and find local "
            "consultation windows and gathering places."
        ),
        "intro_heading": "The Kokoron support network",
        "intro": (
            "<p>Neighbours and volunteers help with small everyday difficulties, in the spirit "
            "of <i>otagai-sama</i>: we all need each other. People who receive help can also "
            "help others with what they can do, and professionals are linked in.</p>"
        ),
        "more": "About Kokoron",
    },
    "ja-easy": {
        "title": "こころん",
        "hero_heading": "だれでも、だれかの ちからに なれます。",
        "hero_text": (
            "しょうわく しゃかい ふくし きょうぎかいの ホームページです。\n"
            "こまった ことの そうだん、ボランティア、ちいきの そうだん できる ところを "
            "しょうかい します。"
        ),
        "intro_heading": "こころん ささえあい ネット",
        "intro": (
            "<p>ちいきの ひとや ボランティアが、こまって いる ひとを たすけます。"
            "たすけて もらう ひとも、できる ことで だれかを たすける ことが できます。</p>"
        ),
        "more": "こころんに ついて",
    },
}

STANDARD_PAGES = {
    "about": {
        "ja": {
            "title": "こころんについて",
            "introduction": (
                "<p>こころんは、昭和区地域福祉活動計画の「こころん支援システム」から名付けた、"
                "昭和区社会福祉協議会のウェブサイトです。</p>"
            ),
            "body": (
                "<p>昭和区の中には、年齢や心身の状態、できること・できないことがそれぞれ違う人が"
                "住んでいます。だれも排除しないことを大前提に、だれもが「昭和区に住んでいて"
                "よかった」と感じられるまちをめざします。</p>"
            ),
        },
        "en": {
            "title": "About Kokoron",
            "introduction": (
                "<p>Kokoron is the website of the Showa Ward Council of Social Welfare, named "
                "after the Kokoron support system of the ward's community welfare plan.</p>"
            ),
            "body": (
                "<p>People of every age, condition and ability live in Showa Ward. We work for "
                "a ward where nobody is left out and everyone is glad to live here.</p>"
            ),
        },
        "ja-easy": {
            "title": "こころんに ついて",
            "introduction": "<p>こころんは、しょうわくの しゃかい ふくし きょうぎかいの ホームページです。</p>",
            "body": "<p>だれも ひとりに しない まちを つくります。</p>",
        },
    },
    "access": {
        "ja": {
            "title": "アクセス・お問い合わせ",
            "introduction": "<p>昭和区社会福祉協議会の窓口は、平日の午前9時から午後5時までです。</p>",
            "body": (
                "<p>地下鉄鶴舞線「荒畑」駅から徒歩5分。建物の入口に段差はなく、"
                "車いすで利用できるトイレがあります。</p>"
            ),
        },
        "en": {
            "title": "Access and contact",
            "introduction": "<p>Our office is open on weekdays from 9 a.m. to 5 p.m.</p>",
            "body": (
                "<p>Five minutes on foot from Arahata station on the Tsurumai subway line. The "
                "entrance has no steps, and there is a wheelchair-accessible toilet.</p>"
            ),
        },
    },
}

FOOTER_CONTENT = {
    "ja": {
        "council_name": "社会福祉法人 昭和区社会福祉協議会",
        "address": "〒466-0000 名古屋市昭和区荒畑町1-1 昭和区在宅サービスセンター内",
        "opening_hours": "受付時間 平日 9:00〜17:00(土日祝・年末年始を除く)",
    },
    "en": {
        "council_name": "Showa Ward Council of Social Welfare",
        "address": "1-1 Arahata-cho, Showa-ku, Nagoya 466-0000",
        "opening_hours": "Open on weekdays, 9:00 to 17:00 (closed at weekends, on public holidays and over the New Year)",
    },
    "ja-easy": {
        "council_name": "しょうわく しゃかい ふくし きょうぎかい",
        "address": "なごやし しょうわく あらはたちょう 1-1",
        "opening_hours": "げつようび から きんようび、あさ 9じ から ゆうがた 5じ まで",
    },
}
CONTACT = {"phone": "052-000-0001", "fax": "052-000-0002", "email": "info@kokoron.example.jp"}


def _locale(code):
    return Locale.objects.get(language_code=code)


def build_pages(context):
    """The home page of every language and the core's standard pages."""
    ensure_locales()
    japanese = _locale(settings.LANGUAGE_CODE)
    # Wagtail's migrations make the tree's root and the root collection (where images and
    # documents go); a flushed database (as in tests) has neither.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=japanese)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.filter(locale=japanese).first()
    if home is None:
        home = HomePageFactory(parent=root, locale=japanese, slug="kokoron")
        _fill_home(home, HOME_CONTENT["ja"])
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # Feeds, calendars and emailed links use the Site's address: the one the demo is served at.
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.root_page = home
    site.site_name = "こころん"
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page is not ours.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    context.home_pages["ja"] = home
    for code, text in HOME_CONTENT.items():
        if code != "ja":
            context.home_pages[code] = _translate(home, code, _fill_home, text)

    for slug, versions in STANDARD_PAGES.items():
        source = StandardPage.objects.filter(locale=japanese, slug=slug).first()
        if source is None:
            source = StandardPageFactory(parent=home, slug=slug)
            _fill_standard(source, versions["ja"])
        for code, text in versions.items():
            if code != "ja":
                _translate(source, code, _fill_standard, text)
    context.say(f"{Page.objects.filter(depth__gt=1).count()} pages")


def _fill_home(page, text):
    page.title = text["title"]
    page.hero_heading = text["hero_heading"]
    page.hero_text = text["hero_text"]
    page.body = [
        ("heading", {"text": text["intro_heading"], "level": "h2"}),
        ("paragraph", text["intro"]),
    ]
    page.save_revision().publish()


def _fill_standard(page, text):
    page.title = text["title"]
    page.introduction = text["introduction"]
    page.body = [("paragraph", text["body"])]
    page.save_revision().publish()


def _translate(page, code, fill, text):
    """The page's translation into a language, made and filled in only the first time."""
    locale = _locale(code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translated = page.copy_for_translation(locale).specific
    fill(translated, text)
    return translated


def build_accessibility_policy(context):
    """The accessibility policy with the results the browser checks last wrote (kokoron.policy)."""
    from kokoron.core.policy import load_results, publish_policy

    publish_policy(context.home_pages["ja"], load_results(), update=False)


def build_privacy_page(context):
    """How long personal data is kept, from the retention settings (kokoron.privacy.demo)."""
    from kokoron.privacy.demo import build_privacy_page as build

    build(context.home_pages["ja"])


def build_navigation(context):
    about = StandardPage.objects.get(locale=_locale(settings.LANGUAGE_CODE), slug="about")
    access = StandardPage.objects.get(locale=_locale(settings.LANGUAGE_CODE), slug="access")
    policy = StandardPage.objects.get(locale=_locale(settings.LANGUAGE_CODE), slug="accessibility")
    privacy = StandardPage.objects.get(locale=_locale(settings.LANGUAGE_CODE), slug="privacy")
    for code in HOME_CONTENT:
        locale = _locale(code)
        if not MainMenu.objects.filter(locale=locale).exists():
            MainMenuFactory(
                locale=locale,
                links=[("link", {"label": "", "page": about, "url": ""})],
            )
        footer = Footer.objects.filter(locale=locale).first() or FooterFactory.build(locale=locale)
        for name, value in {**FOOTER_CONTENT[code], **CONTACT}.items():
            setattr(footer, name, value)
        footer.links = [
            ("link", {"label": "", "page": about, "url": ""}),
            ("link", {"label": "", "page": access, "url": ""}),
            ("link", {"label": "", "page": policy, "url": ""}),
            ("link", {"label": "", "page": privacy, "url": ""}),
        ]
        footer.save()
    context.say(f"{MainMenu.objects.count()} menus, {Footer.objects.count()} footers")


def build_superuser(context):
    if not settings.KOKORON_DEMO_SUPERUSER:
        return
    if not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        User.objects.create_superuser(
            DEMO_ADMIN_USERNAME, "admin@kokoron.example.jp", DEMO_ADMIN_PASSWORD
        )
    context.say(f"demo admin: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}")
    from kokoron.news.editorial import MANAGERS, PR_STAFF

    demo_staff(context, "manager", MANAGERS)
    demo_staff(context, "pr", PR_STAFF)


def demo_staff(context, username, group_name, permissions=None):
    """A demo user in one staff group (where the demo superuser is made: development only),
    so that each role can be tried. `permissions` ("app_label" or "app_label.codename"), when
    given, are added to the group, made if it does not exist yet."""
    from django.contrib.auth.models import Group, Permission

    if not settings.KOKORON_DEMO_SUPERUSER:
        return None
    group, _created = Group.objects.get_or_create(name=group_name)
    for name in permissions or ():
        app_label, _dot, codename = name.partition(".")
        wanted = Permission.objects.filter(content_type__app_label=app_label)
        group.permissions.add(*(wanted.filter(codename=codename) if codename else wanted))
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username, f"{username}@kokoron.example.jp", DEMO_ADMIN_PASSWORD
        )
    user.groups.add(group)
    context.say(f"demo {group_name}: {username} / {DEMO_ADMIN_PASSWORD}")
    return user


def build_readings(context):
    """How the ward's names in kanji are read, for searches in kana (kokoron.search.demo)."""
    from kokoron.search.demo import build_readings as build

    build(context)


def build_outreach(context):
    """News, newsletters and events (kokoron.news.demo)."""
    from kokoron.news.demo import build_outreach as build

    build(context)


def build_districts(context):
    """The district pages (kokoron.districts.demo), after the news and events they gather."""
    from kokoron.districts.demo import build_districts as build

    build(context)


CORE_STEPS = [
    build_readings,
    build_geography,
    build_pages,
    build_accessibility_policy,
    build_privacy_page,
    build_navigation,
    build_outreach,
    build_districts,
    build_superuser,
]


# The ward without its outreach content: what most tests of pages, menus and languages need,
# in a fraction of the time.
ESSENTIAL_STEPS = [
    step for step in CORE_STEPS if step not in {build_outreach, build_districts, build_readings}
]


@transaction.atomic
def load_demo(plugin_steps=(), core_steps=CORE_STEPS):
    # Wagtail registers the models of admin viewsets for its reference index ("Usage") when it
    # first loads the URLconf; a command never does. Loaded first, every row the demo saves is
    # indexed, as if saved through the site, whether or not a request came before.
    import_module(settings.ROOT_URLCONF)
    context = DemoContext()
    for step in [*core_steps, *plugin_steps]:
        step(context)
    return context
