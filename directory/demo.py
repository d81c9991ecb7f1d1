"""The directory's part of the demo: about 150 resources of the Showa ward.

Every object's id is a UUID derived from a stable key, and every factory gets or creates by it,
so running load_demo again finds what the first run made and leaves the same rows.
"""

import datetime as dt
import uuid
from decimal import Decimal

from kokoron.geography.models import SchoolDistrict

from . import factories
from .models import Accessibility, Service
from .taxonomies import ensure_taxonomies

NAMESPACE = uuid.UUID("6f1c3c1e-4a57-4b8e-9a8e-2f0d6c1b5a11")
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"


def key_id(*parts):
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def t(hour, minute=0):
    return dt.time(hour, minute)


# Centre of each district (approximate), for map links.
CENTRES = {
    "tsurumai": (35.1565, 136.9190),
    "shirogane": (35.1480, 136.9215),
    "murakumo": (35.1470, 136.9330),
    "fukiage": (35.1575, 136.9340),
    "gokiso": (35.1500, 136.9370),
    "shoei": (35.1560, 136.9470),
    "kawana": (35.1440, 136.9460),
    "hiroji": (35.1470, 136.9560),
    "takikawa": (35.1390, 136.9560),
    "ikatsu": (35.1350, 136.9510),
    "yagoto": (35.1360, 136.9640),
    "hayato": (35.1420, 136.9690),
}


# Consultation windows and public facilities: (key, org key, name, kana, English, kinds,
# fields, description, schedule rows, flags)
ORGANIZATIONS = {
    "council": (
        "昭和区社会福祉協議会",
        "しょうわくしゃかいふくしきょうぎかい",
        "Showa Ward Council of Social Welfare",
        "社会福祉法人",
    ),
    "ward": (
        "名古屋市昭和区役所",
        "なごやししょうわくやくしょ",
        "Showa Ward Office",
        "地方公共団体",
    ),
    "health": ("昭和保健センター", "しょうわほけんせんたー", "Showa Health Center", "地方公共団体"),
    "east-ikiiki": (
        "昭和区東部いきいき支援センター",
        "しょうわくとうぶいきいきしえんせんたー",
        "Showa East Community Support Center",
        "社会福祉法人",
    ),
    "west-ikiiki": (
        "昭和区西部いきいき支援センター",
        "しょうわくせいぶいきいきしえんせんたー",
        "Showa West Community Support Center",
        "社会福祉法人",
    ),
    "disability-center": (
        "昭和区障害者基幹相談支援センター",
        "しょうわくしょうがいしゃきかんそうだんしえんせんたー",
        "Showa Disability Consultation Center",
        "社会福祉法人",
    ),
    "kosodate": (
        "昭和区地域子育て支援センター",
        "しょうわくちいきこそだてしえんせんたー",
        "Showa Child-Rearing Support Center",
        "社会福祉法人",
    ),
    "jiritsu": (
        "仕事・暮らし自立サポートセンター昭和",
        "しごと・くらしじりつさぽーとせんたーしょうわ",
        "Work and Living Support Center Showa",
        "NPO法人",
    ),
}

WINDOWS = [
    (
        "volunteer-center",
        "council",
        "ボランティアセンター",
        "ぼらんてぃあせんたー",
        "Volunteer Center",
        ["consultation"],
        ["community"],
        "ボランティアをしたい人、ボランティアに来てほしい人の相談を受け付けます。",
        [(WEEKDAYS, t(9), t(17))],
        {},
    ),
    (
        "sasaeai",
        "council",
        "こころん支えあいネット相談",
        "こころんささえあいねっとそうだん",
        "Kokoron support network desk",
        ["consultation"],
        ["older-people", "living-hardship"],
        "ごみ出しや買い物など、ちょっとした困りごとを近所の人やボランティアにつなぎます。",
        [(WEEKDAYS, t(9), t(17))],
        {},
    ),
    (
        "fund",
        "council",
        "生活福祉資金の相談",
        "せいかつふくししきんのそうだん",
        "Living welfare fund loans",
        ["consultation"],
        ["living-hardship"],
        "収入が少ない世帯などに、生活に必要なお金を貸し付ける制度の相談です。",
        [(WEEKDAYS, t(9), t(12)), (WEEKDAYS, t(13), t(17))],
        {},
    ),
    (
        "kenri",
        "council",
        "権利擁護センター(成年後見の相談)",
        "けんりようごせんたー",
        "Rights advocacy and adult guardianship",
        ["consultation"],
        ["older-people", "disability"],
        "お金の管理や契約に不安のある方、成年後見制度の利用を考えている方の相談に応じます。",
        [(WEEKDAYS, t(9), t(17))],
        {},
    ),
    (
        "law",
        "council",
        "無料法律相談",
        "むりょうほうりつそうだん",
        "Free legal advice",
        ["consultation"],
        ["living-hardship"],
        "弁護士による無料の法律相談です。予約制です。",
        [("3WE", t(13), t(16))],
        {"note": "予約制(前月から受付)"},
    ),
    (
        "koreisha",
        "ward",
        "区役所福祉課 高齢福祉の窓口",
        "くやくしょふくしか こうれいふくしのまどぐち",
        "Ward Office: services for older people",
        ["consultation"],
        ["older-people"],
        "介護保険の申請、高齢者福祉サービスの手続きを受け付けます。",
        [(WEEKDAYS, t(8, 45), t(17, 15))],
        {},
    ),
    (
        "shogai",
        "ward",
        "区役所福祉課 障害福祉の窓口",
        "くやくしょふくしか しょうがいふくしのまどぐち",
        "Ward Office: disability services",
        ["consultation"],
        ["disability"],
        "障害者手帳、障害福祉サービスの申請を受け付けます。",
        [(WEEKDAYS, t(8, 45), t(17, 15))],
        {},
    ),
    (
        "kodomo",
        "ward",
        "区役所民生子ども課 子育ての窓口",
        "くやくしょみんせいこどもか こそだてのまどぐち",
        "Ward Office: children and families",
        ["consultation"],
        ["child-rearing", "children"],
        "児童手当、保育所の入所、ひとり親家庭の相談などを受け付けます。",
        [(WEEKDAYS, t(8, 45), t(17, 15))],
        {},
    ),
    (
        "seikatsu",
        "ward",
        "区役所民生子ども課 生活の相談",
        "くやくしょみんせいこどもか せいかつのそうだん",
        "Ward Office: living assistance",
        ["consultation"],
        ["living-hardship"],
        "生活にお困りの方の相談、生活保護の申請を受け付けます。",
        [(WEEKDAYS, t(8, 45), t(17, 15))],
        {},
    ),
    (
        "kenko",
        "health",
        "健康相談",
        "けんこうそうだん",
        "Health advice",
        ["consultation"],
        ["health"],
        "保健師が、からだやこころの健康の相談に応じます。",
        [(WEEKDAYS, t(8, 45), t(17, 15))],
        {},
    ),
    (
        "kenshin",
        "health",
        "乳幼児健康診査",
        "にゅうようじけんこうしんさ",
        "Health checks for babies and toddlers",
        ["facility"],
        ["child-rearing", "health"],
        "3か月児・1歳6か月児・3歳児の健康診査です。対象の方には通知が届きます。",
        [("2TH,4TH", t(13), t(15))],
        {},
    ),
    (
        "east",
        "east-ikiiki",
        "昭和区東部いきいき支援センター",
        "しょうわくとうぶいきいきしえんせんたー",
        "Showa East Community Support Center",
        ["consultation"],
        ["older-people"],
        "地域包括支援センターです。高齢者の介護、健康、暮らしの相談に応じます。",
        [("MO,TU,WE,TH,FR,SA", t(9), t(17))],
        {"languages": ["ja", "en"]},
    ),
    (
        "west",
        "west-ikiiki",
        "昭和区西部いきいき支援センター",
        "しょうわくせいぶいきいきしえんせんたー",
        "Showa West Community Support Center",
        ["consultation"],
        ["older-people"],
        "地域包括支援センターです。高齢者の介護、健康、暮らしの相談に応じます。",
        [("MO,TU,WE,TH,FR,SA", t(9), t(17))],
        {},
    ),
    (
        "kikan",
        "disability-center",
        "昭和区障害者基幹相談支援センター",
        "しょうわくしょうがいしゃきかんそうだんしえんせんたー",
        "Showa Disability Consultation Center",
        ["consultation"],
        ["disability"],
        "障害のある方とご家族の暮らしの相談に応じます。手話での相談もできます。",
        [(WEEKDAYS, t(9), t(17))],
        {"languages": ["ja", "jsl"]},
    ),
    (
        "kosodate-hiroba",
        "kosodate",
        "子育て応援ひろば",
        "こそだておうえんひろば",
        "Child-rearing drop-in",
        ["facility"],
        ["child-rearing", "children"],
        "0歳から3歳までの子どもと保護者が自由に遊べるひろばです。子育ての相談もできます。",
        [("TU,WE,TH,FR,SA,SU", t(10), t(16))],
        {"holidays_open": True},
    ),
    (
        "jiritsu",
        "jiritsu",
        "仕事・暮らし自立サポートセンター",
        "しごと・くらしじりつさぽーとせんたー",
        "Work and living support",
        ["consultation"],
        ["living-hardship"],
        "仕事や住まい、家計の困りごとを一緒に整理し、自立に向けて支援します。",
        [(WEEKDAYS, t(9), t(17))],
        {"languages": ["ja", "en", "vi", "pt"]},
    ),
    (
        "foreign",
        "council",
        "外国人のための生活相談",
        "がいこくじんのためのせいかつそうだん",
        "Advice for foreign residents",
        ["consultation"],
        ["living-hardship"],
        "通訳ボランティアと一緒に、暮らしの困りごとの相談に応じます。",
        [("1SA", t(13), t(16))],
        {"languages": ["ja", "en", "zh", "vi", "pt", "ne", "tl"]},
    ),
]

FACILITIES = [
    (
        "zaitaku",
        "council",
        "昭和区在宅サービスセンター",
        "しょうわくざいたくさーびすせんたー",
        "Showa Home Care Service Center",
        ["facility"],
        ["community", "older-people"],
        "社会福祉協議会と福祉団体の事務所、会議室があります。",
        [(WEEKDAYS, t(9), t(17))],
        {},
    ),
    (
        "rojin",
        "council",
        "昭和区老人福祉館",
        "しょうわくろうじんふくしかん",
        "Showa Senior Citizens' Hall",
        ["facility"],
        ["older-people", "health"],
        "60歳以上の方が趣味や健康づくりに使える施設です。入浴もできます。",
        [("TU,WE,TH,FR,SA,SU", t(9), t(16))],
        {},
    ),
    (
        "jidokan",
        "kosodate",
        "昭和児童館",
        "しょうわじどうかん",
        "Showa Children's Hall",
        ["facility"],
        ["children"],
        "0歳から18歳までの子どもが自由に遊べる施設です。",
        [("TU,WE,TH,FR,SA,SU", t(9), t(17))],
        {"holidays_open": True},
    ),
    (
        "gakushu",
        "ward",
        "昭和生涯学習センター",
        "しょうわしょうがいがくしゅうせんたー",
        "Showa Lifelong Learning Center",
        ["facility"],
        ["community"],
        "講座や地域の活動に使える部屋があります。",
        [("TU,WE,TH,FR,SA,SU", t(9), t(21))],
        {"holidays_open": True},
    ),
    (
        "sports",
        "ward",
        "昭和スポーツセンター",
        "しょうわすぽーつせんたー",
        "Showa Sports Center",
        ["facility"],
        ["health"],
        "体育館とトレーニング室があります。障害のある方の利用は無料です。",
        [(ALL_DAYS, t(9), t(21))],
        {"paid": "一般 1回 200円"},
    ),
    (
        "yakan",
        "health",
        "昭和区休日急病診療所",
        "しょうわくきゅうじつきゅうびょうしんりょうじょ",
        "Holiday emergency clinic",
        ["clinic"],
        ["medical"],
        "日曜・祝日・年末年始に、急な病気の診療を行います。",
        [("SU", t(10), t(16))],
        {"holidays_open": True, "year_end_open": True, "paid": "健康保険による自己負担"},
    ),
]

VOLUNTEER_GROUPS = [
    (
        "keicho",
        "傾聴ボランティア こころの灯",
        "けいちょうぼらんてぃあ こころのあかり",
        "Listening volunteers Kokoro no Akari",
        ["older-people"],
        "一人暮らしの高齢者のお話をじっくり聴く活動をしています。",
        [("2MO", t(13, 30), t(15, 30))],
    ),
    (
        "onyaku",
        "音訳ボランティア やまびこ",
        "おんやくぼらんてぃあ やまびこ",
        "Audio reading volunteers Yamabiko",
        ["disability"],
        "広報紙などを音声にして、目の不自由な方に届けています。",
        [("TH", t(10), t(12))],
    ),
    (
        "shuwa",
        "手話サークル 虹",
        "しゅわさーくる にじ",
        "Sign language circle Niji",
        ["disability"],
        "手話を学び、聞こえない人と交流しています。初めての方も歓迎です。",
        [("WE", t(19), t(21))],
    ),
    (
        "sogei",
        "送迎ボランティア 昭和ドライブ",
        "そうげいぼらんてぃあ しょうわどらいぶ",
        "Transport volunteers Showa Drive",
        ["older-people", "disability"],
        "通院や買い物の送迎をお手伝いします。",
        [(WEEKDAYS, t(9), t(16))],
    ),
    (
        "haishoku",
        "配食ボランティア ふれあい弁当",
        "はいしょくぼらんてぃあ ふれあいべんとう",
        "Meal delivery volunteers",
        ["older-people"],
        "一人暮らしの高齢者にお弁当を届け、見守りをしています。",
        [("2TU,4TU", t(10), t(13))],
    ),
    (
        "mimamori",
        "見守りボランティア あんしん",
        "みまもりぼらんてぃあ あんしん",
        "Watch-over volunteers Anshin",
        ["older-people", "community"],
        "地域の高齢者への声かけ、見守り活動をしています。",
        [("1FR,3FR", t(10), t(12))],
    ),
    (
        "gakushu-shien",
        "学習支援ボランティア まなび場",
        "がくしゅうしえんぼらんてぃあ まなびば",
        "Homework help volunteers Manabiba",
        ["children", "living-hardship"],
        "小中学生の学習を無料でお手伝いします。",
        [("TU,TH", t(17), t(19))],
    ),
    (
        "bosai",
        "災害ボランティア 昭和",
        "さいがいぼらんてぃあ しょうわ",
        "Disaster volunteers Showa",
        ["community"],
        "災害時の支援に備えて、訓練や研修を行っています。",
        [("3SU", t(10), t(12))],
    ),
]

PLACES = [
    ("荒畑", "あらはた", "Arahata"),
    ("桜山", "さくらやま", "Sakurayama"),
    ("川原", "かわはら", "Kawahara"),
    ("杁中", "いりなか", "Irinaka"),
    ("塩付", "しおつけ", "Shiotsuke"),
    ("滝子", "たきご", "Takigo"),
    ("雁道", "がんみち", "Ganmichi"),
    ("石仏", "いしぼとけ", "Ishibotoke"),
    ("菊園", "きくぞの", "Kikuzono"),
    ("明月", "めいげつ", "Meigetsu"),
    ("阿由知", "あゆち", "Ayuchi"),
    ("南山", "なんざん", "Nanzan"),
    ("円上", "えんじょう", "Enjo"),
    ("広見", "ひろみ", "Hiromi"),
    ("緑", "みどり", "Midori"),
]
CLINIC_TYPES = [
    (
        "内科クリニック",
        "ないかくりにっく",
        "Internal Medicine Clinic",
        [(WEEKDAYS + ",SA", t(9), t(12)), ("MO,TU,TH,FR", t(16), t(19))],
    ),
    (
        "こどもクリニック",
        "こどもくりにっく",
        "Children's Clinic",
        [(WEEKDAYS + ",SA", t(9), t(12)), ("MO,TU,TH,FR", t(15), t(18))],
    ),
    (
        "整形外科",
        "せいけいげか",
        "Orthopaedic Clinic",
        [(WEEKDAYS + ",SA", t(9), t(12, 30)), ("MO,TU,WE,FR", t(15), t(18, 30))],
    ),
    (
        "眼科",
        "がんか",
        "Eye Clinic",
        [(WEEKDAYS + ",SA", t(9), t(12)), ("MO,TU,TH,FR", t(15), t(18))],
    ),
    (
        "歯科医院",
        "しかいいん",
        "Dental Clinic",
        [(WEEKDAYS, t(9), t(12, 30)), (WEEKDAYS, t(14, 30), t(19)), ("SA", t(9), t(13))],
    ),
    (
        "耳鼻咽喉科",
        "じびいんこうか",
        "ENT Clinic",
        [(WEEKDAYS + ",SA", t(9), t(12)), ("MO,TU,TH,FR", t(16), t(19))],
    ),
    (
        "皮膚科",
        "ひふか",
        "Dermatology Clinic",
        [(WEEKDAYS + ",SA", t(9, 30), t(12, 30)), ("MO,TU,WE,FR", t(15, 30), t(18, 30))],
    ),
    (
        "メンタルクリニック",
        "めんたるくりにっく",
        "Mental Health Clinic",
        [(WEEKDAYS, t(10), t(13)), ("MO,TU,TH,FR", t(15), t(19))],
    ),
    (
        "ファミリークリニック",
        "ふぁみりーくりにっく",
        "Family Clinic",
        [(WEEKDAYS + ",SA", t(8, 30), t(12)), ("MO,TU,TH,FR", t(16), t(18, 30))],
    ),
    (
        "在宅医療クリニック",
        "ざいたくいりょうくりにっく",
        "Home Medical Care Clinic",
        [(WEEKDAYS, t(9), t(17))],
    ),
]
CARE_TYPES = [
    (
        "ヘルパーステーション",
        "へるぱーすてーしょん",
        "Home Help Station",
        "訪問介護(ホームヘルプ)を行います。",
        [(ALL_DAYS, t(8), t(18))],
        False,
    ),
    (
        "デイサービスセンター",
        "でいさーびすせんたー",
        "Day Service Center",
        "通所介護(デイサービス)です。送迎、入浴、昼食があります。",
        [("MO,TU,WE,TH,FR,SA", t(9), t(16, 30))],
        True,
    ),
    (
        "居宅介護支援事業所",
        "きょたくかいごしえんじぎょうしょ",
        "Care Management Office",
        "ケアマネジャーが介護サービスの計画をつくります。",
        [(WEEKDAYS, t(8, 30), t(17, 30))],
        True,
    ),
    (
        "訪問看護ステーション",
        "ほうもんかんごすてーしょん",
        "Home Nursing Station",
        "看護師がご自宅に伺い、医療的なケアを行います。24時間連絡がとれます。",
        [(WEEKDAYS, t(9), t(18))],
        True,
    ),
    (
        "小規模多機能ホーム",
        "しょうきぼたきのうほーむ",
        "Small Multi-Function Care Home",
        "通い・訪問・泊まりを組み合わせて利用できます。",
        [(ALL_DAYS, t(0), t(23, 59))],
        False,
    ),
]
CARE_BRANDS = [
    ("あおぞら", "あおぞら", "Aozora"),
    ("ひまわり", "ひまわり", "Himawari"),
    ("さくら", "さくら", "Sakura"),
    ("ほほえみ", "ほほえみ", "Hohoemi"),
    ("やすらぎ", "やすらぎ", "Yasuragi"),
    ("わかば", "わかば", "Wakaba"),
]

GATHERING_TYPES = [
    (
        "いきいきサロン",
        "いきいきさろん",
        "Lively Salon",
        "体操やおしゃべり、季節の行事を楽しむ高齢者のサロンです。",
        [("2TU,4TU", t(10), t(12))],
        "参加費 100円",
        ["older-people", "community"],
    ),
    (
        "ふれあい喫茶",
        "ふれあいきっさ",
        "Community Café",
        "どなたでも立ち寄れる喫茶です。コーヒーとお菓子でひと休みしませんか。",
        [("1WE,3WE", t(13, 30), t(15, 30))],
        "飲み物 100円",
        ["community", "older-people"],
    ),
    (
        "こども食堂",
        "こどもしょくどう",
        "Children's Dining Room",
        "子どもも大人もいっしょにご飯を食べる食堂です。",
        [("2SA,4SA", t(11), t(13, 30))],
        "こども無料、おとな 300円",
        ["children", "child-rearing"],
    ),
    (
        "オレンジカフェ",
        "おれんじかふぇ",
        "Orange Café (dementia café)",
        "認知症の方とご家族、地域の方が気軽に集えるカフェです。専門職も参加します。",
        [("3TH", t(13, 30), t(15, 30))],
        None,
        ["older-people", "health"],
    ),
    (
        "子育てサロン",
        "こそだてさろん",
        "Parents' and Toddlers' Salon",
        "乳幼児と保護者のサロンです。手遊びや子育ての情報交換をしています。",
        [("2WE", t(10), t(11, 30))],
        None,
        ["child-rearing"],
    ),
    (
        "健康体操の会",
        "けんこうたいそうのかい",
        "Health Exercise Group",
        "椅子に座ってできる体操で、無理なく体を動かします。",
        [("MO", t(10), t(11))],
        "年会費 500円",
        ["health", "older-people"],
    ),
    (
        "おしゃべり広場",
        "おしゃべりひろば",
        "Chat Corner",
        "障害のある方もない方も、ゆっくりおしゃべりできる場です。",
        [("-1FR", t(13), t(15))],
        None,
        ["disability", "community"],
    ),
]


def _location(key, district, name, kana, english, organization, rng, transportation=""):
    lat, lon = CENTRES.get(district.slug, (35.150, 136.940))
    location = factories.LocationFactory(
        id=key_id("location", key),
        name=name,
        name_kana=kana,
        organization=organization,
        school_district=district,
        neighbourhood=district.neighbourhoods.first(),
        latitude=Decimal(str(round(lat + rng.uniform(-0.004, 0.004), 6))),
        longitude=Decimal(str(round(lon + rng.uniform(-0.004, 0.004), 6))),
        transportation=transportation,
    )
    factories.LocationTranslationFactory(location=location, language_code="en", name=english)
    factories.AddressFactory(
        id=key_id("address", key),
        location=location,
        address_1=f"{district.name}町{rng.randint(1, 4)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
        postal_code=f"466-00{rng.randint(10, 99)}",
    )
    if rng.random() < 0.65:
        factories.AccessibilityFactory(location=location, code=Accessibility.STEP_FREE)
    if rng.random() < 0.4:
        factories.AccessibilityFactory(location=location, code="accessible_toilet")
    return location


def _service(
    key,
    *,
    organization,
    name,
    kana,
    english,
    description,
    terms,
    schedule,
    location,
    rng,
    **options,
):
    verified = dt.date(2026, 4, 1) - dt.timedelta(days=rng.randint(0, 500))
    service = factories.ServiceFactory(
        id=key_id("service", key),
        organization=organization,
        name=name,
        name_kana=kana,
        description=description,
        fee_kind=Service.PAID if options.get("paid") else Service.FREE,
        fees_description=options.get("paid") or "",
        closed_on_holidays=not options.get("holidays_open", False),
        closed_year_end=not options.get("year_end_open", False),
        schedule_note=options.get("note", ""),
        assured_date=verified,
    )
    service.terms.set(terms)
    service.save()
    factories.ServiceTranslationFactory(service=service, language_code="en", name=english)
    factories.ServiceAtLocationFactory(service=service, location=location)
    for index, (byday, opens, closes) in enumerate(schedule):
        factories.ScheduleFactory(
            id=key_id("schedule", key, index),
            service=service,
            freq="MONTHLY" if any(ch.isdigit() for ch in byday) else "WEEKLY",
            byday=byday,
            opens_at=opens,
            closes_at=closes,
        )
    factories.PhoneFactory(
        id=key_id("phone", key),
        service=service,
        number=f"052-{rng.randint(700, 899)}-{rng.randint(0, 9999):04d}",
    )
    if options.get("fax"):
        factories.PhoneFactory(
            id=key_id("fax", key),
            service=service,
            type="fax",
            number=f"052-{rng.randint(700, 899)}-{rng.randint(0, 9999):04d}",
        )
    for code in options.get("languages", ["ja"]):
        factories.LanguageFactory(service=service, code=code)
    if options.get("paid"):
        factories.CostOptionFactory(
            id=key_id("cost", key), service=service, option=options["paid"], amount=None
        )
    if options.get("area"):
        factories.ServiceAreaFactory(
            id=key_id("area", key), service=service, school_district=options["area"]
        )
    if options.get("contact"):
        factories.ContactFactory(
            id=key_id("contact", key), service=service, name=options["contact"]
        )
    return service


def _organization(key, name, kana, english, legal_status=""):
    organization = factories.OrganizationFactory(
        id=key_id("organization", key),
        name=name,
        name_kana=kana,
        description=f"{name}です。",
        legal_status=legal_status,
    )
    factories.OrganizationTranslationFactory(
        organization=organization, language_code="en", name=english
    )
    return organization


def build_directory(context):
    rng = context.rng
    terms = ensure_taxonomies()

    def kind(*codes):
        return [terms[("kind", c)] for c in codes]

    def field(*codes):
        return [terms[("field", c)] for c in codes]

    districts = list(SchoolDistrict.objects.prefetch_related("neighbourhoods"))
    if not districts:
        return
    by_slug = {d.slug: d for d in districts}
    centre = by_slug.get("gokiso", districts[0])
    organizations = {
        key: _organization(key, name, kana, english, legal)
        for key, (name, kana, english, legal) in ORGANIZATIONS.items()
    }
    office = _location(
        "ward-office",
        centre,
        "昭和区役所",
        "しょうわくやくしょ",
        "Showa Ward Office",
        organizations["ward"],
        rng,
        "地下鉄鶴舞線「御器所」駅から徒歩7分",
    )
    council_building = _location(
        "zaitaku",
        by_slug.get("tsurumai", centre),
        "昭和区在宅サービスセンター",
        "しょうわくざいたくさーびすせんたー",
        "Showa Home Care Service Center",
        organizations["council"],
        rng,
        "地下鉄鶴舞線「荒畑」駅から徒歩5分",
    )
    community_centres = {
        d.slug: _location(
            f"centre-{d.slug}",
            d,
            f"{d.name}コミュニティセンター",
            f"{d.name_kana}こみゅにてぃせんたー",
            f"{d.name_romaji} Community Center",
            None,
            rng,
        )
        for d in districts
    }

    count = 0
    for key, org, name, kana, english, kinds, fields, description, schedule, options in (
        WINDOWS + FACILITIES
    ):
        if org in ("council",):
            place = council_building
        elif org in ("ward", "health"):
            place = office
        else:
            place = _location(
                key,
                districts[rng.randrange(len(districts))],
                name,
                kana,
                english,
                organizations[org],
                rng,
            )
        _service(
            key,
            organization=organizations[org],
            name=name,
            kana=kana,
            english=english,
            description=description,
            terms=kind(*kinds) + field(*fields),
            schedule=schedule,
            location=place,
            rng=rng,
            fax=True,
            contact="相談担当",
            **options,
        )
        count += 1

    for key, name, kana, english, fields, description, schedule in VOLUNTEER_GROUPS:
        group = _organization(key, name, kana, english, "任意団体")
        _service(
            key,
            organization=group,
            name=name,
            kana=kana,
            english=english,
            description=description,
            terms=kind("volunteer-group") + field(*fields),
            schedule=schedule,
            location=council_building,
            rng=rng,
        )
        count += 1

    for number in range(30):
        place, place_kana, place_romaji = PLACES[number % len(PLACES)]
        suffix, suffix_kana, suffix_en, schedule = CLINIC_TYPES[number % len(CLINIC_TYPES)]
        district = districts[number % len(districts)]
        name, kana, english = (
            f"{place}{suffix}",
            f"{place_kana}{suffix_kana}",
            f"{place_romaji} {suffix_en}",
        )
        clinic = _organization(f"clinic-{number}", name, kana, english, "医療法人")
        location = _location(f"clinic-{number}", district, name, kana, english, clinic, rng)
        _service(
            f"clinic-{number}",
            organization=clinic,
            name=name,
            kana=kana,
            english=english,
            description=f"{suffix.replace('クリニック', '')}の診療を行います。往診や在宅医療の相談にも応じます。",
            terms=kind("clinic") + field("medical"),
            schedule=schedule,
            location=location,
            rng=rng,
            paid="健康保険による自己負担",
            languages=["ja", "en"] if number % 4 == 0 else ["ja"],
        )
        count += 1

    for number in range(25):
        place, place_kana, place_romaji = PLACES[(number + 5) % len(PLACES)]
        brand = ["あおば薬局", "ひかり薬局", "みなと薬局", "そよかぜ薬局", "つばさ薬局"][number % 5]
        brand_kana = [
            "あおばやっきょく",
            "ひかりやっきょく",
            "みなとやっきょく",
            "そよかぜやっきょく",
            "つばさやっきょく",
        ][number % 5]
        brand_en = ["Aoba", "Hikari", "Minato", "Soyokaze", "Tsubasa"][number % 5]
        name, kana, english = (
            f"{brand} {place}店",
            f"{brand_kana} {place_kana}てん",
            f"{brand_en} Pharmacy {place_romaji}",
        )
        district = districts[(number * 5) % len(districts)]
        pharmacy = _organization(f"pharmacy-{number}", name, kana, english, "株式会社")
        location = _location(f"pharmacy-{number}", district, name, kana, english, pharmacy, rng)
        _service(
            f"pharmacy-{number}",
            organization=pharmacy,
            name=name,
            kana=kana,
            english=english,
            description="処方せんの受付、お薬の相談を行います。在宅訪問にも対応します。",
            terms=kind("pharmacy") + field("medical", "health"),
            schedule=[(WEEKDAYS, t(9), t(19)), ("SA", t(9), t(13))],
            location=location,
            rng=rng,
            paid="健康保険による自己負担",
        )
        count += 1

    for number in range(28):
        brand, brand_kana, brand_en = CARE_BRANDS[number % len(CARE_BRANDS)]
        suffix, suffix_kana, suffix_en, description, schedule, closes_on_holidays = CARE_TYPES[
            number % len(CARE_TYPES)
        ]
        district = districts[(number * 7) % len(districts)]
        name = f"{brand}{suffix} {district.name}"
        kana = f"{brand_kana}{suffix_kana} {district.name_kana}"
        english = f"{brand_en} {suffix_en} {district.name_romaji}"
        provider = _organization(
            f"care-{number}", name, kana, english, "社会福祉法人" if number % 2 else "株式会社"
        )
        location = _location(f"care-{number}", district, name, kana, english, provider, rng)
        _service(
            f"care-{number}",
            organization=provider,
            name=name,
            kana=kana,
            english=english,
            description=description,
            terms=kind("care-provider") + field("older-people"),
            schedule=schedule,
            location=location,
            rng=rng,
            paid="介護保険による自己負担(1〜3割)",
            holidays_open=not closes_on_holidays,
            year_end_open=not closes_on_holidays,
            fax=True,
        )
        count += 1

    # 30 gathering places: every district has at least two, run by its district welfare council.
    for number in range(30):
        district = districts[number % len(districts)]
        suffix, suffix_kana, suffix_en, description, schedule, fee, fields = GATHERING_TYPES[
            (number * 3 + number // len(districts)) % len(GATHERING_TYPES)
        ]
        host = _organization(
            f"suishin-{district.slug}",
            f"{district.name}学区福祉推進協議会",
            f"{district.name_kana}がっくふくしすいしんきょうぎかい",
            f"{district.name_romaji} District Welfare Council",
            "任意団体",
        )
        name, kana, english = (
            f"{district.name}{suffix}",
            f"{district.name_kana}{suffix_kana}",
            f"{district.name_romaji} {suffix_en}",
        )
        _service(
            f"gathering-{number}",
            organization=host,
            name=name,
            kana=kana,
            english=english,
            description=description + f"会場は{district.name}コミュニティセンターです。",
            terms=kind("gathering-place") + field(*fields),
            schedule=schedule,
            location=community_centres[district.slug],
            rng=rng,
            paid=fee,
            area=district,
            contact="世話人",
        )
        count += 1
    context.say(f"{count} directory entries")
