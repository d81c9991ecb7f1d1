"""Finding directory entries by words, Japanese-aware: the site search's contribution (/search/)
and the directory list's keyword.

Entries are matched with the site's own text handling (kokoron.search.text: width, kana and
notation variants folded, bigrams), so 車いす, 車椅子 and くるまいす find each other. The
site's search index is not used: it keys rows by text ids, and services have UUIDs, which
SQLite stores in another form. Instead each service keeps its tokens in two columns
(`search_names`, `search_text`), refreshed here whenever the service, one of its translations
or its organisation is saved (signals) or imported (the importer), so every process reads the
same words at once, and a keyword is a LIKE over one column.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kokoron.search import text
from kokoron.search.registry import MAX_PER_KIND, HitList, SearchContribution, SearchHit

from .listing import load_listing
from .models import Organization, Service, ServiceTranslation, Taxonomy
from .search_words import needles, search_columns

CHUNK = 500


def refresh_search_text(service_ids=None):
    """Recompute the search columns of these services (all of them with None); write only those
    that changed, so an unchanged import stays unchanged. Returns how many were written."""
    if service_ids is None:
        ids = list(Service.objects.order_by("id").values_list("id", flat=True))
    else:
        ids = sorted(set(service_ids))
    written = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        pairs = {}
        # In a fixed order, so the same texts always give the same words (no needless writes).
        translations = ServiceTranslation.objects.filter(service_id__in=part).order_by(
            "service_id", "language_code"
        )
        for service_id, name, description in translations.values_list(
            "service_id", "name", "description"
        ):
            pairs.setdefault(service_id, []).append((name, description))
        changed = []
        rows = Service.objects.filter(id__in=part).values_list(
            "id",
            "name",
            "name_kana",
            "description",
            "eligibility_description",
            "organization__name",
            "organization__name_kana",
            "search_names",
            "search_text",
        )
        for pk, name, kana, description, eligibility, org, org_kana, old_names, old_text in rows:
            names, body = search_columns(
                (name, kana, description, eligibility), (org, org_kana), pairs.get(pk, [])
            )
            if (names, body) != (old_names, old_text):
                changed.append(Service(id=pk, search_names=names, search_text=body))
        Service.objects.bulk_update(changed, ["search_names", "search_text"])
        written += len(changed)
    return written


@receiver(post_save, sender=Service, dispatch_uid="directory_search_service")
def _service_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_text([instance.pk])


@receiver(post_save, sender=ServiceTranslation, dispatch_uid="directory_search_translation")
@receiver(post_delete, sender=ServiceTranslation, dispatch_uid="directory_search_translation_gone")
def _translation_changed(sender, instance, raw=False, **kwargs):
    if not raw and Service.objects.filter(pk=instance.service_id).exists():
        refresh_search_text([instance.service_id])


@receiver(post_save, sender=Organization, dispatch_uid="directory_search_organization")
def _organization_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_text(instance.services.values_list("id", flat=True))


def keyword_condition(query):
    """A condition on Service that holds when the entry has every word of the query, or None
    when the query has no words."""
    words = needles(query)
    if not words:
        return None
    condition = Q()
    for needle in words:
        condition &= Q(search_text__contains=needle)
    return condition


def matching_services(query):
    """The active entries holding every word of the query: those with the words in their names
    first, then the rest, each in 五十音 order."""
    words = needles(query)
    if not words:
        return Service.objects.none()
    in_names = Q()
    for needle in words:
        in_names &= Q(search_names__contains=needle)
    return (
        Service.objects.active()
        .filter(keyword_condition(query))
        .annotate(
            name_rank=Case(
                When(in_names, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("name_rank", "sort_name", "id")
    )


def find_services(query, language_code, limit=MAX_PER_KIND):
    found = matching_services(query)
    ids = list(found.values_list("id", flat=True)[:limit])
    if not ids:
        return HitList([], 0)
    total = len(ids) if len(ids) < limit else found.count()
    with translation.override(language_code):
        hits = []
        for service in load_listing(ids, details=False):
            kinds = [t.display_name for t in service.terms_of(Taxonomy.KIND)]
            places = service.locations()
            district = places[0].school_district if places else None
            meta = [*kinds, district.display_name] if district else kinds
            hits.append(
                SearchHit(
                    title=service.display_name,
                    # Worked out only for the hits shown (ten of up to a hundred).
                    url=reverse_lazy("directory:service", kwargs={"pk": service.pk}),
                    text=text.excerpt(service.display_description, query),
                    meta=" · ".join(str(m) for m in meta),
                )
            )
        return HitList(hits, total)


def contribution():
    return SearchContribution(
        kind="directory", label=_("Local resources"), search=find_services, order=50
    )
