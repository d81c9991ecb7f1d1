"""The district pages of the demo: /districts/ and one page per school district, in Japanese
and English (the list also in easy Japanese). Idempotent."""

from wagtail.models import Locale

from kokoron.geography.models import SchoolDistrict
from kokoron.navigation.demo import add_menu_link

from .factories import DistrictIndexPageFactory, DistrictPageFactory
from .models import DistrictIndexPage, DistrictPage

INDEX = {
    "ja": (
        "学区のページ",
        "<p>昭和区の12の学区ごとに、福祉推進協議会の活動、お知らせ、行事、たまり場や相談窓口を"
        "まとめています。お住まいの学区をお選びください。</p>",
    ),
    "en": (
        "School districts",
        "<p>For each of the ward's twelve school districts: its district welfare council, news, "
        "events, gathering places and consultation windows. Choose the district you live in.</p>",
    ),
    "ja-easy": (
        "がっく(ちいき)の ページ",
        "<p>すんで いる ちいきの かつどうを しょうかい します。じぶんの ちいきを "
        "えらんで ください。</p>",
    ),
}
MENU_LABELS = {"ja": "学区のページ", "en": "School districts", "ja-easy": "ちいきの ページ"}
# Each district council's yearly activities; a few per district, from the activity plan.
ACTIVITIES = [
    ("ふれあい・いきいきサロン", "集会所で月2回、体操と茶話会を開きます。"),
    ("ひとり暮らし高齢者の見守り", "民生委員と協力し、声かけと安否確認を続けます。"),
    ("子どもふくし体験教室", "小学校と協力し、高齢の方や障害のある方との交流を行います。"),
    ("防災訓練と避難行動要支援者の確認", "町内会と合同で、災害時の助け合いを確認します。"),
    ("ふれあい給食会", "年4回、地域の高齢の方と食事を楽しみます。"),
    ("こころん支えあいネットの困りごと発見", "ちょっとした困りごとを地域で受け止めます。"),
]
STAFF = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺"]


def _japanese(district, number):
    picked = [ACTIVITIES[(number + step * 2) % len(ACTIVITIES)] for step in range(3)]
    items = "".join(f"<li><b>{name}</b>:{text}</li>" for name, text in picked)
    return {
        "title": f"{district.name}学区",
        "introduction": (
            f"<p>{district.name}学区の福祉推進協議会の活動、学区のお知らせや行事、"
            "たまり場や相談窓口をご案内します。</p>"
        ),
        "council_name": f"{district.name}学区福祉推進協議会",
        "council": (
            f"<p>{district.name}学区の区政協力委員、民生委員・児童委員、老人クラブ、"
            "子ども会、ボランティアなどが集まり、毎月第2水曜日に学区の福祉について話し合って"
            "います。</p>"
        ),
        "activity_plan": f"<p>今年度は次の活動に取り組みます。</p><ul>{items}</ul>",
        "contact_name": f"地域福祉係 {STAFF[number % len(STAFF)]}",
        "contact_office": "昭和区社会福祉協議会(平日 9:00〜17:00)",
        "contact_phone": f"052-000-{1100 + number}",
        "contact_email": "chiiki@kokoron.example.jp",
    }


def _english(district, number):
    return {
        "title": f"{district.name_romaji} school district",
        "introduction": (
            f"<p>The district welfare council of {district.name_romaji}, the district's news "
            "and events, gathering places and consultation windows.</p>"
        ),
        "council_name": f"{district.name_romaji} District Welfare Council",
        "council": (
            "<p>Neighbourhood association representatives, welfare commissioners, the senior "
            "club, the children's association and volunteers meet on the second Wednesday of "
            "every month to talk about welfare in the district.</p>"
        ),
        "activity_plan": (
            "<p>This year the council runs a monthly salon, watches over older people who "
            "live alone, and works with the school on a children's welfare class.</p>"
        ),
        "contact_name": f"Community welfare section, {STAFF[number % len(STAFF)]}",
        "contact_office": "Showa Ward Council of Social Welfare (weekdays 9:00 to 17:00)",
    }


def _publish(page, fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def _translation(page, code, fields):
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None or page.get_translation_or_none(locale) is not None:
        return
    if page.get_parent().get_translation_or_none(locale) is None:
        return
    _publish(page.copy_for_translation(locale).specific, fields)


def build_districts(context):
    home = context.home_pages["ja"]
    index = DistrictIndexPage.objects.filter(locale=home.locale, slug="districts").first()
    if index is None:
        title, introduction = INDEX["ja"]
        index = DistrictIndexPageFactory(parent=home, slug="districts", title=title)
        _publish(index, {"introduction": introduction})
    for code, (title, introduction) in INDEX.items():
        if code != "ja":
            _translation(index, code, {"title": title, "introduction": introduction})

    for number, district in enumerate(SchoolDistrict.objects.order_by("sort_order")):
        page = DistrictPage.objects.filter(locale=home.locale, district=district).first()
        if page is None:
            fields = _japanese(district, number)
            page = DistrictPageFactory(parent=index, slug=district.slug, district=district)
            _publish(page, fields)
        _translation(page, "en", _english(district, number))
    add_menu_link(MENU_LABELS, "/districts/")
    context.say(f"{DistrictPage.objects.count()} district pages")
