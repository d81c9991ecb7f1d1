"""Wagtail's admin history names what was edited (`label` is the record's str(), a person's
name for a person) and may carry changed values in `data`: it takes part in every request."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import ModelLogEntry, PageLogEntry

from .registry import Contributor, mentioning, mentioning_json, place

LOG_MODELS = (ModelLogEntry, PageLogEntry)


class AdminHistoryContributor(Contributor):
    key = "admin.history"
    label = _("Admin history")
    order = 950

    def _entries(self, subject):
        for model in LOG_MODELS:
            found = {
                entry.pk: entry for entry in mentioning(model.objects.all(), ["label"], subject)
            }
            for entry in mentioning_json(model.objects.all(), "data", subject):
                found.setdefault(entry.pk, entry)
            yield from found.values()

    def find(self, subject, found=()):
        return [
            place(self.key, entry, "history", f"{entry.action} {entry.timestamp:%Y-%m-%d}")
            for entry in self._entries(subject)
        ]

    def _rows(self, places):
        for model in LOG_MODELS:
            pks = [found.pk for found in places if found.model == model._meta.label_lower]
            yield from model.objects.filter(pk__in=pks)

    def export(self, subject, places):
        return [
            {
                "action": entry.action,
                "at": entry.timestamp,
                "label": entry.label,
                "data": entry.data,
            }
            for entry in self._rows(places)
        ]

    def erase(self, subject, places):
        erased = 0
        for entry in self._rows(places):
            before = (entry.label, entry.data)
            entry.label = subject.redact(entry.label)
            entry.data = subject.redact_value(entry.data)
            if (entry.label, entry.data) != before:
                type(entry).objects.filter(pk=entry.pk).update(label=entry.label, data=entry.data)
                erased += 1
        return erased
