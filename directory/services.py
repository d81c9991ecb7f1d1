"""What the directory offers other plugins (matching refers needs to its organisations).

Other plugins import this module only while the directory is on (kokoron.plugins.is_enabled)
and use nothing else of the directory's."""

import uuid

from django.core.exceptions import ValidationError
from django.urls import reverse

from .models import Organization, Service, Taxonomy


def organization_choices():
    """(id, label) of the organisations a need can be referred to, in 五十音 order: those with an
    active entry, each labelled with its name and the kind of its first entry."""
    kinds = {}
    rows = (
        Service.terms.through.objects.filter(
            service__status=Service.ACTIVE, taxonomyterm__taxonomy__slug=Taxonomy.KIND
        )
        .order_by("service__sort_name")
        .values_list("service__organization_id", "taxonomyterm__name")
    )
    for organization_id, kind in rows:
        kinds.setdefault(organization_id, kind)
    organizations = (
        Organization.objects.filter(services__status=Service.ACTIVE)
        .distinct()
        .order_by("sort_name", "id")
    )
    return [
        (str(org.pk), f"{org.name} — {kinds[org.pk]}" if org.pk in kinds else org.name)
        for org in organizations
    ]


def organization_summary(organization_id):
    """{"name", "admin_url"} of an organisation, or None when it is gone or the id is not one."""
    try:
        organization = Organization.objects.filter(pk=uuid.UUID(str(organization_id))).first()
    except (ValueError, ValidationError):
        return None
    if organization is None:
        return None
    return {
        "name": organization.name,
        "admin_url": reverse("directory_organizations:edit", args=[organization.pk]),
    }
