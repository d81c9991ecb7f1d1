"""The sign-ups' demo: a dozen volunteer experiences and courses over the coming months, with
sessions across the districts; some full with a waiting list, a few past ones with attendance.

Idempotent: once the demo's experiences exist, nothing is made again. Sign-ups are written
directly (no emails are queued for demo people).
"""

import datetime as dt
import random

from django.utils import timezone

from wagtail.models import Locale

from kokoron.geography.models import SchoolDistrict

from ..factories import ensure_activities
from . import rules, seasons
from .factories import OpportunityIndexPageFactory, OpportunityPageFactory
from .models import OpportunityIndexPage, OpportunityPage, Session, Signup

DEMO_DOMAIN = "demo.kokoron.example.jp"

# (slug, title, English title, summary, kind, activity, host, grade_from, grade_to, adults,
#  hour, length in hours, capacity)
EXPERIENCES = [
    (
        "summer-care-home",
        "夏休み 高齢者施設ボランティア体験",
        "Summer volunteering at a care home",
        "特別養護老人ホームで、利用者さんとのお話やレクリエーションのお手伝いをします。",
        "experience",
        "talk",
        "特別養護老人ホーム やごと苑",
        7,
        None,
        False,
        10,
        3,
        6,
    ),
    (
        "kodomo-shokudo",
        "子ども食堂のお手伝い",
        "Helping at a children's cafeteria",
        "地域の子ども食堂で、配膳や子どもたちとの遊びを手伝います。",
        "experience",
        "childcare",
        "御器所こども食堂",
        10,
        None,
        True,
        16,
        3,
        8,
    ),
    (
        "wheelchair-walk",
        "車いす体験とまち歩き点検",
        "Wheelchair experience and a street check",
        "車いすに乗って、まちの段差やお店の入りやすさを調べます。",
        "experience",
        "escort",
        "昭和区社会福祉協議会",
        7,
        None,
        True,
        13,
        2,
        15,
    ),
    (
        "summer-festival",
        "障がい者施設の夏祭りスタッフ",
        "Staff for a summer festival at a disability centre",
        "夏祭りの模擬店やゲームを、利用者さんと一緒に運営します。",
        "experience",
        "talk",
        "昭和福祉作業所",
        7,
        12,
        False,
        15,
        4,
        10,
    ),
    (
        "welfare-school-1",
        "学生福祉塾 第1回「地域福祉ってなに？」",  # noqa: RUF001
        "Student welfare school 1: what is community welfare?",
        "大学生が地域の福祉を学び、自分たちの企画を考える連続講座の第1回です。",
        "school",
        "talk",
        "昭和区社会福祉協議会",
        13,
        13,
        False,
        18,
        2,
        20,
    ),
    (
        "welfare-school-2",
        "学生福祉塾 第2回「企画をつくろう」",
        "Student welfare school 2: plan a project",
        "第1回で見つけた地域の課題から、グループで企画をつくります。",
        "school",
        "talk",
        "昭和区社会福祉協議会",
        13,
        13,
        False,
        18,
        2,
        20,
    ),
    (
        "volunteer-intro",
        "ボランティア入門講座",
        "Introduction to volunteering",
        "はじめての方のための講座です。ボランティアの心構えと活動の探し方を学びます。",
        "course",
        "talk",
        "昭和区ボランティアセンター",
        None,
        None,
        True,
        14,
        2,
        30,
    ),
    (
        "host-training",
        "たまり場 世話人養成講座",
        "Training for gathering-place hosts",
        "サロンやカフェなど、たまり場を始めたい・続けたい方のための講座です。",
        "course",
        "talk",
        "昭和区社会福祉協議会",
        None,
        None,
        True,
        10,
        3,
        20,
    ),
    (
        "disaster-shelter",
        "防災ボランティア講座（避難所運営）",  # noqa: RUF001
        "Disaster volunteering: running a shelter",
        "避難所の運営を体験し、災害時に地域でできることを考えます。",
        "course",
        "housework",
        "昭和区防災センター",
        10,
        None,
        True,
        13,
        3,
        25,
    ),
    (
        "listening",
        "傾聴ボランティア講座",
        "Listening volunteer course",
        "お話を聴くボランティアの基本を、演習を交えて学びます。",
        "course",
        "talk",
        "昭和区ボランティアセンター",
        10,
        None,
        True,
        13,
        2,
        16,
    ),
    (
        "clean-up",
        "地域の清掃活動と見守り",
        "Neighbourhood clean-up and watching over",
        "町内の清掃をしながら、ひとり暮らしの高齢者宅への声かけを体験します。",
        "experience",
        "rubbish",
        "川名学区福祉推進協議会",
        7,
        None,
        True,
        9,
        2,
        12,
    ),
    (
        "sign-language",
        "手話で話そう 体験教室",
        "Let's talk in sign language",
        "ろう者の講師から、あいさつや自己紹介の手話を教わります。",
        "experience",
        "interpreting",
        "昭和区聴覚障害者協会",
        7,
        None,
        True,
        14,
        2,
        12,
    ),
]
FULL = {"summer-care-home", "wheelchair-walk", "welfare-school-1"}
SCHOOLS = {
    "primary": "昭和区立小学校",
    "junior_high": "昭和区立中学校",
    "high_school": "昭和高等学校",
    "university": "名古屋福祉大学",
}
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]
GIVEN = ["さくら", "はると", "ゆい", "そうた", "ひな", "りく", "めい", "ゆうと", "あおい", "れん"]


def build_demo(context):
    home = context.home_pages.get("ja")
    if home is None:
        return
    rng = random.Random(context.rng.random())
    if OpportunityPage.objects.filter(slug=EXPERIENCES[0][0]).exists():
        context.say(f"{OpportunityPage.objects.count()} volunteer experiences (kept)")
        return
    activities, _trainings = ensure_activities()
    districts = list(SchoolDistrict.objects.order_by("sort_order"))
    if not districts:
        return
    index = OpportunityIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = OpportunityIndexPageFactory(
            parent=home, intro="小学生から大学生まで、ボランティアを体験してみませんか。"
        )
        index.save_revision().publish()
    english_home = context.home_pages.get("en")
    english = Locale.objects.filter(language_code="en").first()
    if english_home is not None and index.get_translation_or_none(english) is None:
        translated = index.copy_for_translation(english).specific
        translated.title = "Volunteer experiences"
        translated.save_revision().publish()
    now = timezone.now()
    today = timezone.localdate()
    people = 0
    for number, row in enumerate(EXPERIENCES):
        (
            slug,
            title,
            english_title,
            summary,
            kind,
            activity,
            host,
            grade_from,
            grade_to,
            adults,
            hour,
            length,
            capacity,
        ) = row
        page = OpportunityPageFactory(
            parent=index,
            slug=slug,
            title=title,
            summary=summary,
            kind=kind,
            activity=activities.get(activity),
            host=host,
            grade_from=grade_from,
            grade_to=grade_to,
            open_to_adults=adults,
            what_to_bring="筆記用具、飲み物、動きやすい服装",
            accessibility="車いすで入れます。手助けが必要な方はお知らせください。",
            contact="昭和区ボランティアセンター 電話 052-000-0003",
            body=[("paragraph", f"<p>{summary}</p>")],
        )
        page.save_revision().publish()
        if english_home is not None and number < 3:
            translated = page.copy_for_translation(english).specific
            translated.title = english_title
            translated.summary = english_title + "."
            translated.save_revision().publish()
        # An experience of a holiday (夏休み) in that holiday; the others in the weeks to come.
        season = seasons.season_of(title)
        count = 1 + number % 3
        if season:
            days = seasons.coming_days(season, today, count, offset=number * 3)
        else:
            days = [today + dt.timedelta(days=7 + number * 9 + n * 14) for n in range(count)]
        for repeat, day in enumerate(days):
            district = districts[(number + repeat) % len(districts)]
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            session = Session.objects.create(
                opportunity=page,
                start=start,
                end=start + dt.timedelta(hours=length),
                place_name=host,
                place_address=f"名古屋市昭和区{district.name}町1丁目",
                district=district,
                capacity=capacity,
                signup_opens=now - dt.timedelta(days=30),
            )
            full = slug in FULL and repeat == 0
            taken = capacity if full else rng.randint(0, capacity * 2 // 3)
            waiting = rng.randint(2, 5) if full else 0
            people += _signups(rng, session, taken, waiting, now, grade_from or rules.UNIVERSITY)
        if number % 4 == 0:
            if season:
                past = seasons.past_day(season, today, offset=number * 3)
            else:
                past = today - dt.timedelta(days=20 + number)
            start = timezone.make_aware(dt.datetime.combine(past, dt.time(hour)))
            session = Session.objects.create(
                opportunity=page,
                start=start,
                end=start + dt.timedelta(hours=length),
                place_name=host,
                district=districts[number % len(districts)],
                capacity=capacity,
            )
            people += _signups(
                rng, session, min(capacity, 6), 0, now, grade_from or rules.UNIVERSITY, past=True
            )
    context.say(f"{OpportunityPage.objects.count()} volunteer experiences, {people} sign-ups")


def _signups(rng, session, taken, waiting, now, grade, past=False):
    rows = []
    for position in range(taken + waiting):
        surname = rng.choice(SURNAMES)
        given = rng.choice(GIVEN)
        student_grade = min(grade + rng.randint(0, 3), rules.UNIVERSITY)
        # A pupil's age in the year's spring; a university student is 18 to 22.
        age = student_grade + 6 if student_grade < rules.UNIVERSITY else 18 + rng.randint(0, 4)
        state = rules.State.CONFIRMED if position < taken else rules.State.WAITLISTED
        attended = None
        if past:
            attended = rng.random() > 0.15
        rows.append(
            Signup(
                session=session,
                state=state,
                name=f"{surname} {given}",
                name_kana=f"{surname} {given}",
                school=SCHOOLS[rules.stage_of(student_grade)],
                grade=student_grade,
                age=age,
                email=f"s{session.pk}-{position}@{DEMO_DOMAIN}",
                emergency_contact="母 052-000-0000",
                photo_consent=rng.random() > 0.3,
                guardian_name="保護者" if age < 18 else "",
                guardian_email=f"g{session.pk}-{position}@{DEMO_DOMAIN}" if age < 18 else "",
                guardian_confirmed_at=now if age < 18 and state == rules.State.CONFIRMED else None,
                created_at=now - dt.timedelta(days=10, minutes=-position),
                confirmed_at=now if state == rules.State.CONFIRMED else None,
                attended=attended,
                hours=session.hours if attended else None,
                checked_in_at=session.start if attended else None,
            )
        )
    Signup.objects.bulk_create(rows)
    for signup in Signup.objects.filter(session=session, reference=""):
        Signup.objects.filter(pk=signup.pk).update(reference=f"S-{signup.pk:06d}")
    return len(rows)
