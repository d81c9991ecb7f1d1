"""Newsletter subscribers in a personal-data request: erasing is unsubscribing (the row goes,
as when they leave)."""

from django.utils.translation import gettext_lazy as _

from kokoron.privacy.registry import Contributor, place

from .models import Subscriber


class SubscribersContributor(Contributor):
    key = "newsletters.subscribers"
    label = _("Newsletter subscribers")

    def find(self, subject, found=()):
        if not subject.email:
            return []
        return [
            place(self.key, subscriber, "subscriber", f"#{subscriber.pk}")
            for subscriber in Subscriber.objects.filter(email__iexact=subject.email)
        ]

    def export(self, subject, places):
        return [
            {
                "email": s.email,
                "language": s.language,
                "newsletters": s.newsletters,
                "news": s.news,
                "asked": s.created_at,
                "confirmed": s.confirmed_at,
            }
            for s in Subscriber.objects.filter(pk__in=[found.pk for found in places])
        ]

    def erase(self, subject, places):
        deleted, _rows = Subscriber.objects.filter(pk__in=[found.pk for found in places]).delete()
        return deleted
