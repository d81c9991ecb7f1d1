"""The welfare-education demo: the programme pages in every language, the ward's schools,
25 lecturers and supporters, equipment, school holidays and 40 requests of a spring rush.

Idempotent: each part is made only when it is not there yet. Its random source is seeded from
the DemoContext's, so every run draws the same ward.
"""

import datetime as dt
import random

from django.utils import timezone

from wagtail.models import Locale

from kokoron.core.localized import RESIDENT_LANGUAGES, ensure_translated_names
from kokoron.geography.models import SchoolDistrict
from kokoron.pages.models import HomePage

from . import engine
from .models import (
    ClassRequest,
    EducationSettings,
    Equipment,
    Lecturer,
    LecturerAbsence,
    ProgrammeEquipment,
    ProgrammeIndexPage,
    ProgrammePage,
    RequestDate,
    RequestProgramme,
    School,
    SchoolHoliday,
    WelfareClassOpportunity,
    WelfareClassPage,
    WelfareEducationPage,
)

DEMO_DOMAIN = "demo.kokoron.example.jp"
REQUESTS = 40

FRONT = {
    "ja": (
        "福祉教育",
        "<p>当事者講師や福祉学習サポーターが学校の授業にうかがい、車いすやアイマスクの体験、"
        "障がいのある方や高齢の方のお話を通して、ともに生きることを考えます。"
        "授業の2か月前までにお申し込みください。</p>",
    ),
    "en": (
        "Welfare education",
        "<p>Lived-experience lecturers and welfare-learning supporters come to schools' classes: "
        "wheelchair and blindfold experiences, and talks by people with disabilities and older "
        "people. Please ask at least two months before the class.</p>",
    ),
    "ja-easy": (
        "ふくしを まなぶ",
        "<p>しょうがいの ある ひとや おとしよりが がっこうに いきます。くるまいすなどを "
        "たいけん します。2かげつ まえまでに もうしこんで ください。</p>",
    ),
}
MENU = {"ja": "プログラム一覧", "en": "Programmes", "ja-easy": "プログラム"}
# Sign-up pages made for the classes: kind, slug, title, summary, opportunity kind, hour, places
SIGNUP_PAGES = [
    (
        "children",
        "childrens-welfare-class",
        "子どもふくし体験教室(夏休み)",
        "学区のたまり場で、高齢の方や障がいのある方と一緒に遊び、話を聞きます。",
        "experience",
        10,
        15,
    ),
    (
        "seminar",
        "welfare-education-seminar",
        "福祉教育セミナー(先生・サポーター向け)",
        "福祉教育の授業づくりを、当事者講師と一緒に考えます。",
        "course",
        14,
        30,
    ),
]
# Who the sign-up pages take: the children's class is for primary-school pupils (小1〜小6).
AUDIENCES = {"children": {"grade_from": 1, "grade_to": 6, "min_age": 6, "max_age": 12}}
SATURDAY = 5
# slug, kind, titles and summaries (ja, en, ja-easy)
CLASSES = [
    (
        "student-welfare-school",
        "student_school",
        ("学生福祉塾", "Student welfare school", "だいがくせいの ふくし じゅく"),
        (
            "大学生が地域の福祉を学び、自分たちで企画を立てて実行します。",
            "University students learn about local welfare and plan projects of their own.",
            "だいがくせいが ちいきの ふくしを まなびます。",
        ),
    ),
    (
        "children-classes",
        "children",
        ("子どもふくし体験教室", "Children's welfare classes", "こどもの ふくし たいけん"),
        (
            "夏休みに、学区の高齢者や障がいのある方と出会い、一緒に過ごします。",
            "In the summer holidays, children meet older people and people with disabilities "
            "in their district.",
            "なつやすみに、ちいきの おとしよりと いっしょに すごします。",
        ),
    ),
    (
        "seminars",
        "seminar",
        (
            "福祉教育セミナー",
            "Seminars for teachers and supporters",
            "せんせいの ための べんきょうかい",
        ),
        (
            "先生や福祉学習サポーター向けに、授業づくりを学ぶセミナーを開きます。",
            "Seminars for teachers and welfare-learning supporters on planning classes.",
            "せんせいと サポーターの ための べんきょうかいです。",
        ),
    ),
]

# slug, (ja, en, ja-easy) titles, grades, minutes, supporters, equipment (item, per class)
PROGRAMMES = [
    (
        "wheelchair",
        ("車いす体験", "Wheelchair experience", "くるまいす たいけん"),
        (3, 9),
        90,
        2,
        [("wheelchair", 5)],
    ),
    (
        "blindfold",
        (
            "アイマスク・ガイドヘルプ体験",
            "Blindfold and guide-help experience",
            "めかくし たいけん",
        ),
        (3, 9),
        90,
        1,
        [("eyemask", 10), ("cane", 5)],
    ),
    (
        "ageing",
        ("高齢者疑似体験", "Ageing simulation", "おとしよりの たいけん"),
        (5, 9),
        90,
        1,
        [("ageing", 2)],
    ),
    (
        "talk",
        ("当事者講師のお話", "Talk by a lived-experience lecturer", "こうしの おはなし"),
        (1, 9),
        45,
        0,
        [],
    ),
    ("sign-language", ("手話", "Sign language", "しゅわ"), (3, 9), 45, 0, []),
    ("braille", ("点字", "Braille", "てんじ"), (4, 9), 45, 1, []),
    (
        "dementia-supporter",
        ("認知症サポーター養成講座", "Dementia supporter course", "にんちしょうの べんきょう"),
        (4, 9),
        90,
        1,
        [],
    ),
]
SUMMARIES = {
    "ja": "実際に体験し、当事者の声を聞いて、困りごとと工夫を考えます。",
    "en": "Pupils try it themselves, hear from people who live with it, and think about what helps.",
    "ja-easy": "じぶんで やって みます。はなしを ききます。",
}
# key: (ja, en, ja-easy) names, how many the council has
EQUIPMENT = {
    "wheelchair": (("車いす", "Wheelchairs", "くるまいす"), 20),
    "eyemask": (("アイマスク", "Eye masks", "アイマスク"), 40),
    "cane": (("白杖", "White canes", "しろい つえ"), 20),
    "ageing": (
        ("高齢者疑似体験セット", "Ageing-simulation suits", "おとしよりの たいけん セット"),
        8,
    ),
}
# The items' names in the residents' languages, made like the English ones.
EQUIPMENT_NAMES = {
    "wheelchair": {
        "zh-hans": "轮椅",
        "ko": "휠체어",
        "vi": "Xe lăn",
        "pt-br": "Cadeiras de rodas",
        "fil": "Wheelchair",
        "ne": "ह्वीलचेयर",
    },
    "eyemask": {
        "zh-hans": "眼罩",
        "ko": "안대",
        "vi": "Khăn bịt mắt",
        "pt-br": "Vendas para os olhos",
        "fil": "Piring sa mata",
        "ne": "आँखा छोप्ने पट्टी",
    },
    "cane": {
        "zh-hans": "盲杖",
        "ko": "흰 지팡이",
        "vi": "Gậy trắng dẫn đường",
        "pt-br": "Bengalas brancas",
        "fil": "Puting tungkod",
        "ne": "सेतो छडी",
    },
    "ageing": {
        "zh-hans": "老年人模拟体验套装",
        "ko": "노인 체험 세트",
        "vi": "Bộ trải nghiệm cơ thể người cao tuổi",
        "pt-br": "Kits de simulação do envelhecimento",
        "fil": "Kit para maranasan ang pagtanda",
        "ne": "बुढ्यौली अनुभव गर्ने सेट",
    },
}
ELEMENTARY = {
    "鶴舞": "つるまい",
    "白金": "しろがね",
    "村雲": "むらくも",
    "吹上": "ふきあげ",
    "御器所": "ごきそ",
    "松栄": "しょうえい",
    "川名": "かわな",
    "広路": "ひろじ",
    "滝川": "たきかわ",
    "伊勝": "いかつ",
    "八事": "やごと",
    "隼人": "はやと",
}
JUNIOR_HIGH = [
    ("桜山中学校", "さくらやまちゅうがっこう", "Sakurayama Junior High School", "鶴舞"),
    ("北山中学校", "きたやまちゅうがっこう", "Kitayama Junior High School", "御器所"),
    ("川名中学校", "かわなちゅうがっこう", "Kawana Junior High School", "川名"),
    ("駒方中学校", "こまがたちゅうがっこう", "Komagata Junior High School", "滝川"),
    ("八事中学校", "やごとちゅうがっこう", "Yagoto Junior High School", "八事"),
]
NAMES = [
    ("青木 みどり", "あおき みどり"),
    ("石田 健一", "いしだ けんいち"),
    ("上野 さくら", "うえの さくら"),
    ("遠藤 誠", "えんどう まこと"),
    ("岡田 由美", "おかだ ゆみ"),
    ("加納 博", "かのう ひろし"),
    ("木下 和子", "きのした かずこ"),
    ("工藤 亮", "くどう りょう"),
    ("小島 恵", "こじま めぐみ"),
    ("坂口 太郎", "さかぐち たろう"),
    ("柴田 直子", "しばた なおこ"),
    ("杉山 学", "すぎやま まなぶ"),
    ("関 洋子", "せき ようこ"),
    ("高木 修", "たかぎ おさむ"),
    ("千葉 陽子", "ちば ようこ"),
    ("土屋 光", "つちや ひかる"),
    ("寺田 幸子", "てらだ さちこ"),
    ("中島 豊", "なかじま ゆたか"),
    ("西村 明美", "にしむら あけみ"),
    ("野口 進", "のぐち すすむ"),
    ("服部 春香", "はっとり はるか"),
    ("平野 隆", "ひらの たかし"),
    ("福田 京子", "ふくだ きょうこ"),
    ("堀 正樹", "ほり まさき"),
    ("松井 愛", "まつい あい"),
]
TEACHERS = ["鈴木", "田中", "伊藤", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木"]


def build_demo(context):
    rng = random.Random(context.rng.random())
    build_pages(context)
    link_signups(context)
    if Lecturer.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        context.say(f"{Lecturer.objects.count()} lecturers and supporters (kept)")
        return
    if not SchoolDistrict.objects.exists():
        return
    settings = EducationSettings.load()
    settings.coordinator_email = f"education@{DEMO_DOMAIN}"
    settings.save()
    _holidays()
    schools = _schools()
    lecturers = _lecturers(rng)
    requests = _requests(rng, schools)
    context.say(
        f"{len(schools)} schools, {len(lecturers)} lecturers and supporters, "
        f"{len(requests)} class requests"
    )


def link_signups(context):
    """The class pages' sessions, through the sign-up module: the student welfare school takes
    the sign-up demo's own courses of that kind; children's classes and seminars get theirs."""
    from matching.signups.models import OpportunityIndexPage, OpportunityPage, Session
    from matching.signups.seasons import coming_days, season_of

    default = Locale.get_default()
    index = OpportunityIndexPage.objects.filter(locale=default).first()
    pages = {p.kind: p for p in WelfareClassPage.objects.filter(locale=default)}
    if index is None or not pages or any(p.opportunities.exists() for p in pages.values()):
        return
    chosen = {
        WelfareClassPage.Kind.STUDENT_SCHOOL: list(
            OpportunityPage.objects.filter(locale=default, kind=OpportunityPage.Kind.SCHOOL)
        )
    }
    today = timezone.localdate()
    districts = list(SchoolDistrict.objects.order_by("sort_order"))
    for kind, slug, title, summary, opportunity_kind, hour, capacity in SIGNUP_PAGES:
        page = OpportunityPage(
            title=title,
            slug=slug,
            summary=summary,
            kind=opportunity_kind,
            host="昭和区社会福祉協議会",
            open_to_adults=kind == WelfareClassPage.Kind.SEMINAR,
            contact="昭和区社会福祉協議会 福祉教育担当 052-000-0001",
            **AUDIENCES.get(kind, {}),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        # Saturdays: in the holiday a title names (夏休み), else in the weeks to come.
        season = season_of(title)
        if season:
            days = coming_days(season, today, 3, weekday=SATURDAY, step=14)
        else:
            days = [today + dt.timedelta(days=20 + 14 * n) for n in range(3)]
            days = [day + dt.timedelta(days=(SATURDAY - day.weekday()) % 7) for day in days]
        for n, day in enumerate(days):
            district = districts[n % len(districts)] if districts else None
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            Session.objects.create(
                opportunity=page,
                start=start,
                end=start + dt.timedelta(hours=2),
                place_name=f"{district.name}コミュニティセンター"
                if district
                else "区社会福祉協議会",
                district=district,
                capacity=capacity,
                signup_opens=timezone.now() - dt.timedelta(days=7),
            )
        chosen[kind] = [page]
    for kind, page in pages.items():
        page.opportunities = [
            WelfareClassOpportunity(opportunity=opportunity) for opportunity in chosen.get(kind, ())
        ]
        page.save_revision().publish()
    context.say("class pages linked to their sign-ups")


def build_pages(context, languages=("en", "ja-easy")):
    """The welfare-education page, the programme menu, the programmes and the class pages, in
    Japanese and the given languages."""
    default = Locale.get_default()
    items = {}
    for key, (names, count) in EQUIPMENT.items():
        items[key] = Equipment.objects.get_or_create(
            name=names[0], locale=default, defaults={"count": count}
        )[0]
    _translate_equipment(items, (*languages, *RESIDENT_LANGUAGES))
    home = HomePage.objects.filter(locale=default).first()
    if home is None:
        return
    front = WelfareEducationPage.objects.filter(locale=default).first()
    if front is None:
        front = WelfareEducationPage(
            title=FRONT["ja"][0], slug="education", introduction=FRONT["ja"][1]
        )
        home.add_child(instance=front)
        front.save_revision().publish()
        menu = ProgrammeIndexPage(title=MENU["ja"], slug="programs")
        front.add_child(instance=menu)
        menu.save_revision().publish()
        for slug, titles, (low, high), minutes, supporters, equipment in PROGRAMMES:
            page = ProgrammePage(
                title=titles[0],
                slug=slug,
                summary=SUMMARIES["ja"],
                min_grade=low,
                max_grade=high,
                minutes=minutes,
                supporters=supporters,
                school_prepares="<p>体育館または教室、名札、振り返りシート</p>",
            )
            page.equipment_needs = [
                ProgrammeEquipment(item=items[key], per_class=per_class)
                for key, per_class in equipment
            ]
            menu.add_child(instance=page)
            page.save_revision().publish()
        for slug, kind, titles, summaries in CLASSES:
            page = WelfareClassPage(title=titles[0], slug=slug, kind=kind, summary=summaries[0])
            front.add_child(instance=page)
            page.save_revision().publish()
    for code in languages:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None or front.get_translation_or_none(locale) is not None:
            continue
        _translate(front, locale, title=FRONT[code][0], introduction=FRONT[code][1])
        menu = front.get_children().type(ProgrammeIndexPage).first().specific
        _translate(menu, locale, title=MENU[code])
        for page in ProgrammePage.objects.child_of(menu).specific():
            titles = next(p[1] for p in PROGRAMMES if p[0] == page.slug)
            _translate(
                page, locale, title=titles[1 if code == "en" else 2], summary=SUMMARIES[code]
            )
        n = 1 if code == "en" else 2
        for page in WelfareClassPage.objects.child_of(front).specific():
            _slug, _kind, titles, summaries = next(c for c in CLASSES if c[0] == page.slug)
            _translate(page, locale, title=titles[n], summary=summaries[n])
    context.say(f"{ProgrammePage.objects.count()} programme pages")


def _equipment_name(key, code):
    if code in ("en", "ja-easy"):
        return EQUIPMENT[key][0][1 if code == "en" else 2]
    return EQUIPMENT_NAMES[key][code]


def _translate_equipment(items, languages):
    """The items' names in the other languages (those whose locale exists): translations of
    the Japanese items, which keep the stock."""
    codes = list(dict.fromkeys(languages))
    locales = {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=codes)}
    for key, item in items.items():
        ensure_translated_names(item, {code: _equipment_name(key, code) for code in codes}, locales)


def _translate(page, locale, **fields):
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def school_year_start(today):
    return dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def _holidays():
    start = school_year_start(timezone.localdate())
    year = start.year
    for name, first, last in [
        ("春休み", dt.date(year, 4, 1), dt.date(year, 4, 6)),
        ("ゴールデンウィーク", dt.date(year, 4, 29), dt.date(year, 5, 6)),
        ("夏休み", dt.date(year, 7, 20), dt.date(year, 8, 31)),
        ("冬休み", dt.date(year, 12, 24), dt.date(year + 1, 1, 7)),
        ("春休み", dt.date(year + 1, 3, 22), dt.date(year + 1, 4, 6)),
        ("ゴールデンウィーク", dt.date(year + 1, 4, 29), dt.date(year + 1, 5, 6)),
        ("夏休み", dt.date(year + 1, 7, 20), dt.date(year + 1, 8, 31)),
    ]:
        SchoolHoliday.objects.get_or_create(name=name, first=first, defaults={"last": last})


def _schools():
    districts = {d.name: d for d in SchoolDistrict.objects.all()}
    schools = []
    for n, (name, kana) in enumerate(ELEMENTARY.items()):
        if name in districts:
            schools.append(
                School.objects.get_or_create(
                    name=f"{name}小学校",
                    defaults={
                        "name_kana": f"{kana}しょうがっこう",
                        "name_romaji": f"{districts[name].name_romaji} Elementary School",
                        "kind": School.Kind.ELEMENTARY,
                        "district": districts[name],
                        "step_free": n % 3 != 0,
                        "has_lift": n % 4 == 0,
                    },
                )[0]
            )
    for n, (name, kana, romaji, district) in enumerate(JUNIOR_HIGH):
        if district in districts:
            schools.append(
                School.objects.get_or_create(
                    name=name,
                    defaults={
                        "name_kana": kana,
                        "name_romaji": romaji,
                        "kind": School.Kind.JUNIOR_HIGH,
                        "district": districts[district],
                        "step_free": True,
                        "has_lift": n % 2 == 0,
                    },
                )[0]
            )
    return schools


def _lecturers(rng):
    programmes = list(ProgrammePage.objects.filter(locale=Locale.get_default()))
    districts = list(SchoolDistrict.objects.all())
    today = timezone.localdate()
    lecturers = []
    for n, (name, kana) in enumerate(NAMES):
        lecturer_kind = n < 15
        lecturer = Lecturer.objects.create(
            kind=Lecturer.Kind.LECTURER if lecturer_kind else Lecturer.Kind.SUPPORTER,
            name=name,
            name_kana=kana,
            email=f"lecturer{n + 1}@{DEMO_DOMAIN}",
            phone=f"052-000-{2000 + n}",
            weekdays=sorted(rng.sample(range(5), rng.randint(2, 5))),
            monthly_max=rng.randint(2, 6),
            home_district=rng.choice(districts),
            needs_step_free=lecturer_kind and n % 5 == 0,
            needs_escort=(
                Lecturer.Escort.GUIDE
                if n in (1, 6)
                else Lecturer.Escort.INTERPRETER
                if n == 11
                else ""
            ),
            escorts=(["guide"] if n in (15, 16, 17) else ["interpreter"] if n in (18, 19) else []),
            notes="" if n % 4 else "午前のみ希望",
        )
        lecturer.programmes.set(
            rng.sample(programmes, rng.randint(2, 4)) if lecturer_kind else programmes
        )
        if rng.random() < 0.6:
            lecturer.districts.set(rng.sample(districts, rng.randint(5, len(districts))))
        if rng.random() < 0.25:
            first = today + dt.timedelta(days=rng.randint(60, 110))
            LecturerAbsence.objects.create(
                lecturer=lecturer, first=first, last=first + dt.timedelta(days=6)
            )
        lecturers.append(lecturer)
    return lecturers


def _suitable_grades(grades, programmes):
    return [g for g in grades if all(p.min_grade <= g <= p.max_grade for p in programmes)]


def _requests(rng, schools):
    programmes = list(ProgrammePage.objects.filter(locale=Locale.get_default()))
    holidays = tuple(SchoolHoliday.objects.values_list("first", "last"))
    today = timezone.localdate()
    lead = EducationSettings.load().lead_days
    # School days after the lead time: no weekends, school holidays or national holidays.
    calendar = engine.Calendar(today=today, lead_days=lead, holidays=holidays)
    days = []
    day = today + dt.timedelta(days=lead + 1)
    while len(days) < 40:
        if calendar.date_problem(day) is None:
            days.append(day)
        day += dt.timedelta(days=1)
    requests = []
    for n in range(REQUESTS):
        school = rng.choice(schools)
        grades = range(1, 7) if school.kind == School.Kind.ELEMENTARY else range(7, 10)
        # About one request in five asks for two programmes in one visit.
        chosen = rng.sample(programmes, 2 if n % 5 == 2 else 1)
        suitable = _suitable_grades(grades, chosen)
        if not suitable:  # no grade here suits both: the first alone
            chosen = chosen[:1]
            suitable = _suitable_grades(grades, chosen) or [max(grades)]
        classes = rng.randint(1, 3)
        request = ClassRequest.objects.create(
            school=school,
            teacher_name=f"{rng.choice(TEACHERS)} 先生",
            teacher_email=f"teacher{n + 1}@{DEMO_DOMAIN}",
            teacher_phone=f"052-000-{3000 + n}",
            grade=rng.choice(suitable),
            classes=classes,
            pupils=classes * rng.randint(25, 35),
            step_free=school.step_free,
            has_lift=school.has_lift,
            notes="" if n % 5 else "体育館で実施予定です。",
            created_at=timezone.now() - dt.timedelta(days=REQUESTS - n),
        )
        RequestProgramme.objects.bulk_create(
            RequestProgramme(request=request, programme=programme, rank=rank)
            for rank, programme in enumerate(chosen, start=1)
        )
        RequestDate.objects.bulk_create(
            RequestDate(request=request, rank=rank, date=date, first_period=3, last_period=4)
            for rank, date in enumerate(
                sorted(rng.sample(days, 3), key=lambda _d: rng.random()), start=1
            )
        )
        requests.append(request)
    return requests
