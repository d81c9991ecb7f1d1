"""The matching plugin's demo: 300 volunteers and 80 needs over the demo ward.

Idempotent: if the demo's people exist, nothing is made again. Its own random source is
seeded from the DemoContext's, so every run draws the same ward.
"""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kokoron.geography.models import Neighbourhood, SchoolDistrict

from . import suggestions
from .factories import ensure_activities
from .models import (
    Assignment,
    Need,
    NeedNote,
    Person,
    Proposal,
    Volunteer,
    VolunteerAbsence,
    VolunteerTraining,
)
from .signals import paused

DEMO_DOMAIN = "demo.kokoron.example.jp"
VOLUNTEERS = 300
NEEDS = 80

SURNAMES = [
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("清水", "しみず"),
    ("山崎", "やまざき"),
    ("森", "もり"),
    ("池田", "いけだ"),
    ("橋本", "はしもと"),
    ("阿部", "あべ"),
    ("石川", "いしかわ"),
    ("前田", "まえだ"),
    ("藤田", "ふじた"),
    ("後藤", "ごとう"),
    ("岡田", "おかだ"),
    ("長谷川", "はせがわ"),
    ("近藤", "こんどう"),
    ("村上", "むらかみ"),
    ("坂本", "さかもと"),
    ("遠藤", "えんどう"),
    ("青木", "あおき"),
    ("藤井", "ふじい"),
    ("西村", "にしむら"),
    ("福田", "ふくだ"),
    ("太田", "おおた"),
    ("三浦", "みうら"),
    ("水野", "みずの"),
    ("服部", "はっとり"),
    ("野村", "のむら"),
    ("杉山", "すぎやま"),
]
WOMEN = [
    ("花子", "はなこ"),
    ("美智子", "みちこ"),
    ("洋子", "ようこ"),
    ("恵子", "けいこ"),
    ("京子", "きょうこ"),
    ("由美子", "ゆみこ"),
    ("裕子", "ゆうこ"),
    ("真由美", "まゆみ"),
    ("さくら", "さくら"),
    ("陽菜", "ひな"),
    ("結衣", "ゆい"),
    ("久美子", "くみこ"),
    ("和子", "かずこ"),
    ("幸子", "さちこ"),
    ("明美", "あけみ"),
    ("千尋", "ちひろ"),
]
MEN = [
    ("一郎", "いちろう"),
    ("健一", "けんいち"),
    ("誠", "まこと"),
    ("浩", "ひろし"),
    ("隆", "たかし"),
    ("茂", "しげる"),
    ("勉", "つとむ"),
    ("大輔", "だいすけ"),
    ("翔太", "しょうた"),
    ("拓也", "たくや"),
    ("博", "ひろし"),
    ("清", "きよし"),
    ("健太", "けんた"),
    ("修", "おさむ"),
    ("正人", "まさと"),
    ("悠斗", "ゆうと"),
]
DESCRIPTIONS = {
    "shopping": [
        "足が悪く、スーパーまで歩くのが大変です。週に一度、買い物に付き添ってほしい。",
        "お米や水など重いものを買ってきてほしい。",
        "退院したばかりで外出できないため、食料品の買い物をお願いしたい。",
    ],
    "rubbish": [
        "ごみ集積所まで坂があり、ごみ出しが難しくなりました。",
        "資源ごみの日に、ごみを集積所まで運んでほしい。",
    ],
    "escort": [
        "区役所での手続きに付き添ってほしい。",
        "近所のサロンに行きたいが、一人で歩くのが不安です。",
    ],
    "hospital": [
        "月に一度の通院に付き添ってほしい。待合で一緒にいてくれると安心です。",
        "眼科の受診に付き添いをお願いしたい。",
    ],
    "talk": [
        "一人暮らしで話す相手がいません。週に一度、お茶を飲みながら話したい。",
        "夫を亡くしてから外に出なくなった母の話し相手をお願いしたい。",
    ],
    "housework": [
        "高いところの電球交換と、換気扇の掃除をお願いしたい。",
        "洗濯物を干すのがつらくなりました。",
    ],
    "gardening": [
        "庭の草取りをお願いしたい。夏になる前に片付けたいです。",
        "庭木の枝が隣の家にかかっているので、軽く切ってほしい。",
    ],
    "furniture": [
        "介護ベッドを入れるため、タンスを動かしてほしい。",
        "部屋の模様替えで重い本棚を移動したい。",
    ],
    "it": [
        "スマホでビデオ通話ができるようになりたい。孫と話したいです。",
        "マイナンバーカードのアプリの使い方を教えてほしい。",
    ],
    "reading": [
        "役所から届く書類が読みにくく、内容を一緒に確認してほしい。",
        "目が見えにくく、郵便物を読んでほしい。",
    ],
    "childcare": [
        "上の子の送り迎えの間、下の子を見ていてほしい。",
        "双子の育児で手が回らず、週に一度手伝ってほしい。",
    ],
    "interpreting": [
        "ベトナム語の通訳をお願いしたい。子どもの学校の面談があります。",
        "病院で英語の通訳をしてくれる人を探しています。",
    ],
}
# How common each activity is among volunteers: some are scarce.
ACTIVITY_WEIGHTS = {
    "shopping": 10,
    "rubbish": 8,
    "escort": 6,
    "hospital": 4,
    "talk": 9,
    "housework": 6,
    "gardening": 5,
    "furniture": 3,
    "it": 3,
    "reading": 3,
    "childcare": 2,
    "interpreting": 1,
}
NEED_WEIGHTS = {
    "shopping": 12,
    "rubbish": 9,
    "escort": 6,
    "hospital": 8,
    "talk": 8,
    "housework": 6,
    "gardening": 4,
    "furniture": 3,
    "it": 5,
    "reading": 3,
    "childcare": 3,
    "interpreting": 2,
}
STATES = (
    [Need.State.RECEIVED] * 8
    + [Need.State.SCREENING] * 5
    + [Need.State.MATCHING] * 25
    + [Need.State.PROPOSED] * 8
    + [Need.State.ACCEPTED] * 6
    + [Need.State.ACTIVE] * 10
    + [Need.State.DONE] * 11
    + [Need.State.REFERRED] * 3
    + [Need.State.UNMET] * 4
)
UNMET_REASONS = [
    "対応できるボランティアが見つからなかった。",
    "ご本人の希望で取り下げ。",
    "介護保険サービスで対応することになった。",
    "希望の日時に対応できる人がいなかった。",
]
REFERRALS = ["いきいき支援センター(地域包括支援センター)", "区役所 福祉課", "シルバー人材センター"]
TIME_SLOTS = [
    ("09:00", "12:00"),
    ("13:00", "17:00"),
    ("09:00", "17:00"),
    ("10:00", "15:00"),
    ("17:00", "20:00"),
]


def _name(rng, gender):
    surname, surname_kana = rng.choice(SURNAMES)
    given, given_kana = rng.choice(WOMEN if gender == "f" else MEN)
    return f"{surname} {given}", f"{surname_kana} {given_kana}"


def _weighted(rng, weights, k):
    keys = list(weights)
    chosen = set()
    while len(chosen) < k:
        chosen.add(rng.choices(keys, weights=[weights[key] for key in keys])[0])
    return sorted(chosen)


def build_demo(context):
    rng = random.Random(context.rng.random())
    activities, trainings = ensure_activities()
    if Person.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        context.say(f"{Volunteer.objects.count()} volunteers, {Need.objects.count()} needs (kept)")
        return
    districts = list(SchoolDistrict.objects.all())
    if not districts:
        return
    towns = {d.pk: list(Neighbourhood.objects.filter(district=d)) for d in districts}
    adjacent = {d.pk: list(d.adjacent.all()) for d in districts}
    today = timezone.localdate()
    now = timezone.now()
    with paused():
        volunteers = _volunteers(rng, districts, towns, adjacent, activities, trainings, now, today)
        needs = _needs(rng, districts, towns, activities, trainings, volunteers, now, today)
    for need in needs:
        if need.state in Need.OPEN_STATES:
            suggestions.compute_suggestions(need)
    context.say(f"{len(volunteers)} volunteers, {len(needs)} needs")


def _volunteers(rng, districts, towns, adjacent, activities, trainings, now, today):
    volunteers = []
    for number in range(VOLUNTEERS):
        gender = rng.choice(["f", "f", "f", "m", "m", ""])
        name, kana = _name(rng, gender or rng.choice("fm"))
        district = rng.choice(districts)
        town = rng.choice(towns[district.pk]) if towns[district.pk] else None
        person = Person.objects.create(
            name=name,
            name_kana=kana,
            email=f"volunteer{number + 1:03d}@{DEMO_DOMAIN}",
            phone=f"052-{rng.randint(700, 899)}-{rng.randint(0, 9999):04d}",
            district=district,
            neighbourhood=town,
        )
        start, end = rng.choice(TIME_SLOTS)
        days = sorted(rng.sample(range(7), rng.choice([1, 2, 2, 3, 3, 4, 5])))
        languages = ["ja"]
        if rng.random() < 0.12:
            languages.append(rng.choice(["en", "zh", "vi", "pt", "ko"]))
        status = rng.choices(
            [Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED, Volunteer.Status.RETIRED],
            weights=[88, 8, 4],
        )[0]
        registered = now - dt.timedelta(days=rng.randint(10, 1500))
        volunteer = Volunteer.objects.create(
            person=person,
            availability=[{"weekday": d, "start": start, "end": end} for d in days],
            languages=languages,
            gender=gender,
            max_needs=rng.choice([1, 1, 2, 2, 2, 3]),
            status=status,
            consent=True,
            consented_at=registered,
            registered_at=registered,
        )
        chosen = _weighted(rng, ACTIVITY_WEIGHTS, rng.choice([1, 2, 2, 3, 4]))
        if "interpreting" in chosen and len(languages) == 1:
            languages.append("en")
            volunteer.languages = languages
            volunteer.save(update_fields=["languages"])
        volunteer.activities.set([activities[slug] for slug in chosen])
        volunteer.activity_ids = {activities[slug].pk for slug in chosen}
        goes = [d for d in adjacent[district.pk] if rng.random() < 0.4]
        volunteer.goes_to.set([district, *goes])
        if rng.random() < 0.35:
            slug = rng.choice(list(trainings))
            completed = today - dt.timedelta(days=rng.randint(30, 1800))
            years = trainings[slug].valid_years
            VolunteerTraining.objects.create(
                volunteer=volunteer,
                training=trainings[slug],
                completed_on=completed,
                expires_on=completed.replace(year=completed.year + years) if years else None,
            )
        if rng.random() < 0.06:
            first = today + dt.timedelta(days=rng.randint(0, 30))
            VolunteerAbsence.objects.create(
                volunteer=volunteer,
                first_day=first,
                last_day=first + dt.timedelta(days=rng.randint(2, 14)),
            )
        volunteers.append(volunteer)
    return volunteers


def _needs(rng, districts, towns, activities, trainings, volunteers, now, today):
    needs = []
    states = list(STATES)
    rng.shuffle(states)
    # A few residents who receive help also help others (できること).
    givers = [v for v in volunteers if v.status == Volunteer.Status.ACTIVE][:5]
    for number in range(NEEDS):
        state = states[number]
        if number < len(givers):
            requester = givers[number].person
            requester.strengths = rng.choice(
                ["編み物を教えられます。", "将棋の相手ができます。", "料理が得意です。"]
            )
            requester.save()
        else:
            gender = rng.choice("fm")
            name, kana = _name(rng, gender)
            district = rng.choice(districts)
            requester = Person.objects.create(
                name=name,
                name_kana=kana,
                email=f"resident{number + 1:03d}@{DEMO_DOMAIN}" if rng.random() < 0.6 else "",
                phone=f"052-{rng.randint(700, 899)}-{rng.randint(0, 9999):04d}",
                district=district,
                neighbourhood=rng.choice(towns[district.pk]) if towns[district.pk] else None,
            )
        slug = _weighted(rng, NEED_WEIGHTS, 1)[0]
        weekly = rng.random() < 0.3
        closed = state in Need.CLOSED_STATES
        created = now - dt.timedelta(days=rng.randint(40, 200) if closed else rng.randint(0, 45))
        date = (
            created.date() + dt.timedelta(days=rng.randint(3, 20))
            if closed
            else today + dt.timedelta(days=rng.randint(2, 28))
        )
        hour = rng.choice([9, 10, 10, 13, 14, 15])
        need = Need.objects.create(
            requester=requester,
            for_whom=rng.choice(["self", "self", "self", "family", "neighbour"]),
            category=activities[slug],
            description=rng.choice(DESCRIPTIONS[slug]),
            district=requester.district,
            neighbourhood=requester.neighbourhood,
            date=date,
            start_time=dt.time(hour, 0),
            end_time=dt.time(hour + rng.choice([1, 1, 2]), 0 if rng.random() < 0.5 else 30),
            repeats_weekly=weekly,
            repeat_until=date + dt.timedelta(weeks=rng.randint(8, 26)) if weekly else None,
            required_languages=["vi"] if slug == "interpreting" and rng.random() < 0.5 else [],
            preferred_gender=rng.choice(["", "", "", "f"]),
            urgency=rng.choices([0, 1, 2, 3], weights=[2, 6, 3, 1])[0],
            channel=rng.choice([c for c, _label in Need.Channel.choices]),
            state=state,
            created_at=created,
            closed_at=created + dt.timedelta(days=rng.randint(5, 30)) if closed else None,
            closed_reason=rng.choice(UNMET_REASONS) if state == Need.State.UNMET else "",
            referred_to=rng.choice(REFERRALS) if state == Need.State.REFERRED else "",
        )
        if slug == "hospital" and rng.random() < 0.4:
            need.preferred_trainings.set([trainings["first-aid"]])
        if rng.random() < 0.2:
            NeedNote.objects.create(
                need=need,
                text=rng.choice(
                    ["電話で状況を確認。", "民生委員さんに様子を聞く。", "ご家族と連絡がついた。"]
                ),
                follow_up_on=today + dt.timedelta(days=rng.randint(-3, 10)),
            )
        _history(rng, need, volunteers, now)
        needs.append(need)
    return needs


def _history(rng, need, volunteers, now):
    """Proposals and assignments for needs that are past matching."""
    later = {
        Need.State.PROPOSED,
        Need.State.ACCEPTED,
        Need.State.ACTIVE,
        Need.State.DONE,
    }
    if need.state not in later:
        return
    fitting = [
        v
        for v in volunteers
        if v.status == Volunteer.Status.ACTIVE
        and v.person.district_id == need.district_id
        and need.category_id in v.activity_ids
    ] or [v for v in volunteers if v.status == Volunteer.Status.ACTIVE]
    volunteer = rng.choice(fitting)
    sent = max(need.created_at, now - dt.timedelta(days=20)) + dt.timedelta(hours=2)
    if need.state == Need.State.PROPOSED:
        Proposal.objects.create(
            need=need,
            volunteer=volunteer,
            sent_at=now - dt.timedelta(hours=rng.randint(1, 30)),
            expires_at=now + dt.timedelta(hours=rng.randint(6, 40)),
        )
        return
    proposal = Proposal.objects.create(
        need=need,
        volunteer=volunteer,
        state=Proposal.State.ACCEPTED,
        sent_at=sent,
        expires_at=sent + dt.timedelta(hours=48),
        responded_at=sent + dt.timedelta(hours=rng.randint(1, 30)),
    )
    done = need.state == Need.State.DONE
    Assignment.objects.create(
        need=need,
        volunteer=volunteer,
        proposal=proposal,
        started_at=proposal.responded_at,
        ended_at=need.closed_at if done else None,
        outcome=Assignment.Outcome.GOOD if done else Assignment.Outcome.ONGOING,
        hours_given=Decimal(str(need.hours * (rng.randint(3, 12) if need.repeats_weekly else 1)))
        if done
        else Decimal("0"),
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(last_assigned_on=proposal.responded_at.date())
