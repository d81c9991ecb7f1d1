"""Private pages (Wagtail's view restrictions) stay out of every listing, feed and section.

Wagtail's `PageQuerySet.public()` reads every restriction in a query of its own each time it is
called; a listing that shows several sections would pay it once per section. `public(queryset)`
excludes the same pages inside the listing's own query: a page is private when a restriction
sits on a page whose path begins its own (itself or an ancestor).
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction


def restricted(path_field="path"):
    """True for rows whose page (its tree path in `path_field`) is in a private section."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef(path_field), 1, Length("page__path"))
        )
    )


def public(queryset, path_field="path"):
    """The rows of `queryset` whose page is not in a private section."""
    return queryset.filter(~restricted(path_field))


def private_paths():
    """The tree paths of the pages that carry a view restriction, from the cache until one is
    saved or deleted (kokoron.pages.cache's content generation)."""
    from . import cache

    return cache.fragment(
        "view-restriction-paths",
        None,
        lambda: sorted(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )


def without_private(queryset):
    """`queryset.public()` without its query of every restriction on each call, and in a form
    that search filters accept (paths, not a subquery)."""
    condition = Q()
    for path in private_paths():
        condition |= Q(path__startswith=path)
    return queryset.exclude(condition) if condition else queryset


def is_public(page):
    return not PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).exists()


class ViewRestrictionsMixin:
    """Every page model of the site's: listed before `Page` in its bases.

    Wagtail's check of a page's restrictions before serving it costs two queries on every view
    (its ancestors, then their restrictions). A site without any restriction knows that from
    the cache, until a restriction is saved or deleted (kokoron.pages.cache clears it then).
    """

    def get_view_restrictions(self):
        from . import cache

        if not cache.fragment("any-view-restriction", None, PageViewRestriction.objects.exists):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
