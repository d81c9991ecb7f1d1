"""The directory's part of the core's personal-data registry: readers who sent a correction
(their name and address are optional and used only to reply), and corrections or staff notes
that name someone. Erasing keeps the correction itself, without who sent it."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kokoron.privacy import registry
from kokoron.privacy.identifiers import normalize_email, normalize_name
from kokoron.privacy.registry import Contributor, mentioning, place, redact_fields

from .models import CorrectionSuggestion

CORRECTIONS = "directory.corrections"
TEXTS = ("message", "staff_note")


def _sent_by(subject, correction):
    return bool(
        (subject.email and normalize_email(correction.email) == subject.email)
        or (
            subject.name
            and normalize_name(correction.name).replace(" ", "") == subject.name.replace(" ", "")
        )
    )


class CorrectionsContributor(Contributor):
    key = CORRECTIONS
    label = _("Directory: suggested corrections")

    def find(self, subject, found=()):
        query = Q()
        if subject.email:
            query |= Q(email__iexact=subject.email)
        if subject.name:
            query |= Q(name__icontains=subject.name.split(" ")[0])
        sent = []
        if query:
            sent = [c for c in CorrectionSuggestion.objects.filter(query) if _sent_by(subject, c)]
        places = [place(self.key, c, "corrector", f"#{c.pk}") for c in sent]
        own = {c.pk for c in sent}
        for correction in mentioning(
            CorrectionSuggestion.objects.exclude(pk__in=own), TEXTS, subject
        ):
            places.append(place(self.key, correction, "mention", f"#{correction.pk}"))
        return places

    def export(self, subject, places):
        pks = registry.Person(subject, places).pks(self.key, "directory.correctionsuggestion")
        return [
            {
                "service": str(c.service),
                "message": c.message,
                "name": c.name,
                "email": c.email,
                "status": c.status,
                "received": c.created_at,
            }
            for c in CorrectionSuggestion.objects.filter(pk__in=pks).select_related("service")
        ]

    def erase(self, subject, places):
        person = registry.Person(subject, places)
        sent = person.pks(self.key, "directory.correctionsuggestion", "corrector")
        erased = CorrectionSuggestion.objects.filter(pk__in=sent).update(name="", email="")
        for correction in CorrectionSuggestion.objects.filter(
            pk__in=person.pks(self.key, "directory.correctionsuggestion")
        ):
            erased += redact_fields(correction, TEXTS, subject)
        return erased
