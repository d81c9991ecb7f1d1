"""The emails sent to a person, and those that name them (a coordinator told of a need), for
a personal-data request. Erasing one blanks its address and context; one still waiting is
not sent. The key (which never holds an address, see service.notify) stays, so that the same
email is not queued again."""

from django.utils.translation import gettext_lazy as _

from kokoron.privacy.registry import Contributor, place

from .models import Notification
from .service import ERASED_ERROR, forget


class NotificationsContributor(Contributor):
    key = "notifications"
    label = _("Emails sent")
    order = 900  # last: erasing elsewhere may have queued an email to the person

    def _addressed(self, subject):
        if not subject.email:
            return Notification.objects.none()
        return Notification.objects.filter(recipient__iexact=subject.email)

    def _naming(self, subject, exclude=()):
        """Emails to others whose context names the subject."""
        return [
            notification
            for notification in Notification.objects.exclude(context={})
            .exclude(pk__in=exclude)
            .iterator()
            if subject.mentioned_in_value(notification.context)
        ]

    def find(self, subject, found=()):
        addressed = list(self._addressed(subject))
        places = [place(self.key, n, "email", f"{n.template} #{n.pk}") for n in addressed]
        for notification in self._naming(subject, exclude=[n.pk for n in addressed]):
            places.append(
                place(
                    self.key, notification, "mention", f"{notification.template} #{notification.pk}"
                )
            )
        return places

    def export(self, subject, places):
        pks = {int(found.pk) for found in places}
        return [
            {
                "template": n.template,
                "language": n.language,
                "to_them": n.recipient.lower() == subject.email if subject.email else False,
                "status": n.status,
                "created": n.created_at,
                "sent": n.sent_at,
                "context": n.context,
            }
            for n in Notification.objects.filter(pk__in=pks).order_by("pk")
        ]

    def erase(self, subject, places):
        addressed = {int(found.pk) for found in places if found.role == "email"}
        rows = Notification.objects.filter(pk__in=addressed)
        rows.filter(status=Notification.Status.PENDING).update(
            status=Notification.Status.FAILED, last_error=ERASED_ERROR
        )
        erased = rows.update(recipient="", context={})
        # And whatever erasing elsewhere has queued to the address since.
        erased += forget([subject.email])
        naming = {int(found.pk) for found in places if found.role == "mention"}
        for notification in Notification.objects.filter(pk__in=naming):
            redacted = subject.redact_value(notification.context)
            if redacted != notification.context:
                Notification.objects.filter(pk=notification.pk).update(context=redacted)
                erased += 1
        return erased
