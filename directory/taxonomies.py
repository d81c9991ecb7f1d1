"""The council's two vocabularies: fields (分野) and kinds (種別). Staff may edit them later;
this only creates what is missing."""

from django.conf import settings

from . import generation
from .models import Taxonomy, TaxonomyTerm, TaxonomyTermTranslation

TAXONOMIES = {
    Taxonomy.FIELD: ("分野", "Field of support: who or what the service is for."),
    Taxonomy.KIND: ("種別", "Kind of place or service."),
}

# code: (ja, en, ja-easy)
FIELDS = {
    "children": ("子ども", "Children", "こども"),
    "disability": ("障がい", "Disability", "しょうがい"),
    "older-people": ("高齢者", "Older people", "おとしより"),
    "child-rearing": ("子育て", "Child-rearing", "こそだて"),
    "living-hardship": ("生活困窮", "Living hardship", "くらしの こまりごと"),
    "medical": ("医療", "Medical care", "びょういん・くすり"),
    "health": ("健康", "Health", "けんこう"),
    "community": ("地域活動", "Community activity", "ちいきの かつどう"),
}
KINDS = {
    "consultation": ("相談窓口", "Consultation window", "そうだん まどぐち"),
    "gathering-place": ("たまり場", "Gathering place", "たまりば"),
    "facility": ("施設", "Facility", "しせつ"),
    "clinic": ("病院・診療所", "Hospital or clinic", "びょういん"),
    "pharmacy": ("薬局", "Pharmacy", "くすりや"),
    "care-provider": ("介護事業所", "Care provider", "かいごの じぎょうしょ"),
    "volunteer-group": ("ボランティア団体", "Volunteer group", "ボランティアの グループ"),
}


# The terms in the residents' languages, made like the English ones.
RESIDENT_NAMES = {
    "children": {
        "zh-hans": "儿童",
        "ko": "아동",
        "vi": "Trẻ em",
        "pt-br": "Crianças",
        "fil": "Mga bata",
        "ne": "बालबालिका",
    },
    "disability": {
        "zh-hans": "残障",
        "ko": "장애",
        "vi": "Người khuyết tật",
        "pt-br": "Deficiência",
        "fil": "Kapansanan",
        "ne": "अपाङ्गता",
    },
    "older-people": {
        "zh-hans": "老年人",
        "ko": "어르신",
        "vi": "Người cao tuổi",
        "pt-br": "Idosos",
        "fil": "Mga nakatatanda",
        "ne": "ज्येष्ठ नागरिक",
    },
    "child-rearing": {
        "zh-hans": "育儿",
        "ko": "육아",
        "vi": "Nuôi dạy con",
        "pt-br": "Criação dos filhos",
        "fil": "Pagpapalaki ng anak",
        "ne": "सन्तान पालनपोषण",
    },
    "living-hardship": {
        "zh-hans": "生活困难",
        "ko": "생활 곤란",
        "vi": "Khó khăn trong cuộc sống",
        "pt-br": "Dificuldades para viver",
        "fil": "Kahirapan sa pamumuhay",
        "ne": "जीवनयापनमा कठिनाइ",
    },
    "medical": {
        "zh-hans": "医疗",
        "ko": "의료",
        "vi": "Y tế",
        "pt-br": "Atendimento médico",
        "fil": "Pangangalagang medikal",
        "ne": "चिकित्सा सेवा",
    },
    "health": {
        "zh-hans": "健康",
        "ko": "건강",
        "vi": "Sức khỏe",
        "pt-br": "Saúde",
        "fil": "Kalusugan",
        "ne": "स्वास्थ्य",
    },
    "community": {
        "zh-hans": "社区活动",
        "ko": "지역 활동",
        "vi": "Hoạt động cộng đồng",
        "pt-br": "Atividades comunitárias",
        "fil": "Gawaing pangkomunidad",
        "ne": "सामुदायिक गतिविधि",
    },
    "consultation": {
        "zh-hans": "咨询窗口",
        "ko": "상담 창구",
        "vi": "Nơi tư vấn",
        "pt-br": "Local de atendimento",
        "fil": "Tanggapan ng konsultasyon",
        "ne": "परामर्श केन्द्र",
    },
    "gathering-place": {
        "zh-hans": "聚会场所",
        "ko": "모임 장소",
        "vi": "Nơi sinh hoạt cộng đồng",
        "pt-br": "Espaço de convivência",
        "fil": "Tagpuan sa komunidad",
        "ne": "भेटघाट स्थल",
    },
    "facility": {
        "zh-hans": "设施",
        "ko": "시설",
        "vi": "Cơ sở",
        "pt-br": "Instituição",
        "fil": "Pasilidad",
        "ne": "संस्था",
    },
    "clinic": {
        "zh-hans": "医院·诊所",
        "ko": "병원·의원",
        "vi": "Bệnh viện, phòng khám",
        "pt-br": "Hospital ou clínica",
        "fil": "Ospital o klinika",
        "ne": "अस्पताल वा क्लिनिक",
    },
    "pharmacy": {
        "zh-hans": "药店",
        "ko": "약국",
        "vi": "Nhà thuốc",
        "pt-br": "Farmácia",
        "fil": "Botika",
        "ne": "औषधि पसल",
    },
    "care-provider": {
        "zh-hans": "护理服务机构",
        "ko": "돌봄 서비스 기관",
        "vi": "Cơ sở dịch vụ chăm sóc",
        "pt-br": "Prestador de serviços de cuidado",
        "fil": "Tagapagbigay ng serbisyong pangangalaga",
        "ne": "हेरचाह सेवा प्रदायक",
    },
    "volunteer-group": {
        "zh-hans": "志愿者团体",
        "ko": "자원봉사 단체",
        "vi": "Nhóm tình nguyện",
        "pt-br": "Grupo de voluntários",
        "fil": "Grupo ng mga boluntaryo",
        "ne": "स्वयंसेवक समूह",
    },
}


def ensure_taxonomies():
    """Both taxonomies and their standard terms; returns {(taxonomy slug, code): term}.

    A term gets its name in each language that is on and has none yet (a database made before
    a language was added gets it on the next run); a name staff changed is left alone."""
    languages = {code for code, _name in settings.LANGUAGES}
    terms = {}
    for slug, (name, description) in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        vocabulary = FIELDS if slug == Taxonomy.FIELD else KINDS
        for order, (code, (ja, en, easy)) in enumerate(vocabulary.items()):
            term, _created = TaxonomyTerm.objects.get_or_create(
                taxonomy=taxonomy, code=code, defaults={"name": ja, "sort_order": order}
            )
            names = {"en": en, "ja-easy": easy, **RESIDENT_NAMES[code]}
            named = set(term.translations.values_list("language_code", flat=True))
            TaxonomyTermTranslation.objects.bulk_create(
                TaxonomyTermTranslation(term=term, language_code=language, name=text)
                for language, text in names.items()
                if language in languages and language not in named
            )
            generation.changed()
            terms[(slug, code)] = term
    return terms
