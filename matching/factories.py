"""Factories for the matching plugin: used by the tests, the demo and the benchmark."""

import datetime as dt

from django.utils import timezone

from wagtail.models import Locale

import factory

from kokoron.core.localized import RESIDENT_LANGUAGES, ensure_translated_names
from kokoron.geography.factories import NeighbourhoodFactory

from .models import (
    Activity,
    Assignment,
    Need,
    Person,
    Proposal,
    Training,
    Volunteer,
    VolunteerAbsence,
    VolunteerTraining,
)

# The activities the Volunteer Center starts with: (slug, ja, en, ja-easy).
ACTIVITIES = [
    ("shopping", "買い物", "Shopping", "かいもの"),
    ("rubbish", "ごみ出し", "Taking out rubbish", "ごみだし"),
    ("escort", "付き添い・外出", "Escort and outings", "いっしょに でかける"),
    ("hospital", "通院の付き添い", "Hospital visits", "びょういんに いっしょに いく"),
    ("talk", "話し相手", "A talk", "はなしあいて"),
    ("housework", "軽い家事", "Light housework", "かんたんな いえの しごと"),
    ("gardening", "庭の手入れ", "Gardening", "にわの ていれ"),
    ("furniture", "家具の移動", "Moving furniture", "かぐを うごかす"),
    ("it", "スマホ・パソコンの手伝い", "IT help", "スマホ・パソコンの てつだい"),
    ("reading", "読み書きの手伝い", "Reading and writing help", "よみかきの てつだい"),
    ("childcare", "子育ての手伝い", "Childcare help", "こそだての てつだい"),
    ("interpreting", "通訳", "Interpreting", "つうやく"),
]
# The activities in the residents' languages (zh-hans, ko, vi, pt-br, fil, ne), made like the
# English ones where that language's locale exists.
RESIDENT_NAMES = {
    "shopping": ("购物", "장보기", "Đi chợ, mua sắm", "Compras", "Pamimili", "किनमेल"),
    "rubbish": (
        "倒垃圾",
        "쓰레기 내놓기",
        "Đổ rác",
        "Levar o lixo para fora",
        "Pagtatapon ng basura",
        "फोहोर फाल्ने",
    ),
    "escort": (
        "陪同外出",
        "동행·외출",
        "Đi cùng khi ra ngoài",
        "Acompanhamento em saídas",
        "Pagsama sa paglabas",
        "बाहिर जाँदा साथ दिने",
    ),
    "hospital": (
        "陪同就医",
        "병원 동행",
        "Đi cùng đến bệnh viện",
        "Acompanhamento a consultas médicas",
        "Pagsama sa pagpapatingin sa ospital",
        "अस्पताल जाँदा साथ दिने",
    ),
    "talk": (
        "陪伴聊天",
        "말벗",
        "Trò chuyện cùng",
        "Companhia para conversar",
        "Makakausap",
        "कुराकानी गर्ने साथी",
    ),
    "housework": (
        "简单家务",
        "간단한 집안일",
        "Việc nhà nhẹ",
        "Tarefas domésticas leves",
        "Magaan na gawaing-bahay",
        "सानोतिनो घरायसी काम",
    ),
    "gardening": (
        "整理庭院",
        "정원 손질",
        "Chăm sóc vườn",
        "Cuidar do jardim",
        "Pag-aalaga ng hardin",
        "बगैंचाको हेरचाह",
    ),
    "furniture": (
        "搬动家具",
        "가구 옮기기",
        "Di chuyển đồ đạc",
        "Mudar móveis de lugar",
        "Paglilipat ng muwebles",
        "फर्निचर सार्ने",
    ),
    "it": (
        "手机·电脑使用帮助",
        "스마트폰·컴퓨터 도움",
        "Hỗ trợ dùng điện thoại, máy tính",
        "Ajuda com celular e computador",
        "Tulong sa smartphone at kompyuter",
        "मोबाइल र कम्प्युटर चलाउन सहयोग",
    ),
    "reading": (
        "读写帮助",
        "읽고 쓰기 도움",
        "Hỗ trợ đọc và viết",
        "Ajuda com leitura e escrita",
        "Tulong sa pagbasa at pagsulat",
        "पढ्न र लेख्न सहयोग",
    ),
    "childcare": (
        "育儿帮助",
        "육아 도움",
        "Hỗ trợ chăm con",
        "Ajuda com os filhos",
        "Tulong sa pag-aalaga ng bata",
        "बालबालिकाको हेरचाहमा सहयोग",
    ),
    "interpreting": (
        "口译",
        "통역",
        "Phiên dịch",
        "Interpretação",
        "Pag-interpret",
        "दोभाषे सेवा",
    ),
}
TRAININGS = [
    ("dementia", "認知症サポーター養成講座", None),
    ("first-aid", "普通救命講習", 3),
    ("escort", "移動支援ボランティア講座", 5),
    ("listening", "傾聴ボランティア講座", None),
]


def ensure_activities():
    """The standard activities and trainings in every language; made once, then left to staff."""
    default = Locale.get_default()
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    activities = {}
    for order, (slug, ja, en, easy) in enumerate(ACTIVITIES):
        source = Activity.objects.filter(slug=slug, locale=default).first()
        if source is None:
            source = Activity.objects.create(slug=slug, name=ja, locale=default, sort_order=order)
        names = {
            "en": en,
            "ja-easy": easy,
            **dict(zip(RESIDENT_LANGUAGES, RESIDENT_NAMES[slug], strict=True)),
        }
        ensure_translated_names(source, names, locales)
        activities[slug] = source
    trainings = {}
    for slug, name, years in TRAININGS:
        trainings[slug] = Training.objects.filter(slug=slug, locale=default).first()
        if trainings[slug] is None:
            trainings[slug] = Training.objects.create(
                slug=slug, name=name, valid_years=years, locale=default
            )
    return activities, trainings


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        django_get_or_create = ("slug", "locale")

    name = factory.Sequence(lambda n: f"活動{n}")
    slug = factory.Sequence(lambda n: f"activity-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        django_get_or_create = ("slug", "locale")

    name = factory.Sequence(lambda n: f"講座{n}")
    slug = factory.Sequence(lambda n: f"training-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"山田 花子{n}")
    name_kana = factory.Sequence(lambda n: f"やまだ はなこ{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    phone = "052-000-0000"
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    district = factory.SelfAttribute("neighbourhood.district")


WEEKDAYS_DAYTIME = [{"weekday": d, "start": "09:00", "end": "17:00"} for d in range(7)]


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    availability = factory.LazyFunction(lambda: list(WEEKDAYS_DAYTIME))
    languages = factory.LazyFunction(lambda: ["ja"])
    max_needs = 2
    consent = True
    consented_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def activities(self, create, extracted, **kwargs):
        if create and extracted:
            self.activities.set(extracted)

    @factory.post_generation
    def goes_to(self, create, extracted, **kwargs):
        if create and extracted:
            self.goes_to.set(extracted)


class VolunteerTrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTraining

    volunteer = factory.SubFactory(VolunteerFactory)
    training = factory.SubFactory(TrainingFactory)
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class VolunteerAbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerAbsence

    volunteer = factory.SubFactory(VolunteerFactory)
    first_day = factory.LazyFunction(timezone.localdate)
    last_day = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    requester = factory.SubFactory(PersonFactory)
    category = factory.SubFactory(ActivityFactory)
    description = "週に一度、スーパーまで買い物に付き添ってほしい。"
    neighbourhood = factory.SelfAttribute("requester.neighbourhood")
    district = factory.SelfAttribute("neighbourhood.district")
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3))
    start_time = dt.time(10, 0)
    end_time = dt.time(11, 30)
    state = Need.State.MATCHING


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    need = factory.SubFactory(NeedFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=48))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    need = factory.SubFactory(NeedFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
