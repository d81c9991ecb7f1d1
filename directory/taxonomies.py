"""The council's two vocabularies: fields (分野) and kinds (種別). Staff may edit them later;
this only creates what is missing."""

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


def ensure_taxonomies():
    """Both taxonomies and their standard terms; returns {(taxonomy slug, code): term}."""
    terms = {}
    for slug, (name, description) in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        vocabulary = FIELDS if slug == Taxonomy.FIELD else KINDS
        for order, (code, (ja, en, easy)) in enumerate(vocabulary.items()):
            term, created = TaxonomyTerm.objects.get_or_create(
                taxonomy=taxonomy, code=code, defaults={"name": ja, "sort_order": order}
            )
            if created:
                for language, text in (("en", en), ("ja-easy", easy)):
                    TaxonomyTermTranslation.objects.create(
                        term=term, language_code=language, name=text
                    )
            terms[(slug, code)] = term
    return terms
