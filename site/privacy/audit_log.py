"""The audit log's part of the personal-data registry: the log entries about the records the
other contributors found. They name the fields that changed and the record, never the data,
so they are listed and kept."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kokoron.core.models import AuditEntry

from . import registry
from .registry import Contributor, redact_fields

AUDIT = "core.audit"


class AuditContributor(Contributor):
    """The log entries about the records found elsewhere: what was done, when, by whom.
    They hold no personal data (see kokoron.core.audit): an erasure keeps them, as it keeps
    its own."""

    key = AUDIT
    label = _("Audit log")
    order = 800

    def find(self, subject, found=()):
        records = {}
        for other in found:
            model_name = other.model.rpartition(".")[2]
            if other.pk.isdigit():
                records.setdefault((model_name, int(other.pk)), other.label)
        if not records:
            return []
        query = Q()
        for model_name, pk in records:
            query |= Q(object_type=model_name, object_id=pk)
        entries = AuditEntry.objects.filter(query).values_list("object_type", "object_id")
        return [
            registry.Place(
                contributor=self.key,
                model="core.auditentry",
                pk=f"{object_type}:{object_id}",
                role="audit",
                label=records[(object_type, object_id)],
            )
            for object_type, object_id in sorted(set(entries))
        ]

    def _entries(self, places):
        query = Q()
        for found in places:
            object_type, _sep, object_id = found.pk.partition(":")
            query |= Q(object_type=object_type, object_id=int(object_id))
        return AuditEntry.objects.filter(query).select_related("actor") if query else []

    def export(self, subject, places):
        return [
            {
                "at": entry.at,
                "who": entry.actor.get_username() if entry.actor else entry.actor_label,
                "what": entry.action,
                "record": f"{entry.object_type} {entry.object_id}",
                "detail": entry.detail,
            }
            for entry in self._entries(places)
        ]

    def erase(self, subject, places):
        """Kept; only a label or detail that names the person (none should) is redacted."""
        return sum(
            redact_fields(entry, ["actor_label", "detail"], subject)
            for entry in self._entries(places)
        )
