"""What the Volunteer Center has waiting for staff, for the admin's home page."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kokoron.core.dashboard import WorkItem, list_url

from .models import Need, Proposal, VolunteerTraining
from .signups.models import Session, Signup
from .tasks import REMINDER_DAYS

NEEDS_PERMISSION = "matching.view_need"
SIGNUPS_PERMISSION = "signups.view_signup"
TRAININGS_PERMISSION = "matching.view_volunteertraining"


def work_items(user, now=None):
    now = now or timezone.now()
    items = []
    if user.has_perm(NEEDS_PERMISSION):
        items += [
            WorkItem(
                _("New needs to look at"),
                Need.objects.filter(state=Need.State.RECEIVED).count(),
                list_url("matching_needs:index", state=Need.State.RECEIVED),
            ),
            WorkItem(
                _("Needs open for two weeks or more"),
                Need.objects.filter(created_at__lte=now - dt.timedelta(days=14))
                .exclude(state__in=Need.CLOSED_STATES)
                .count(),
                list_url("matching_needs:index", days_open=14),
            ),
            WorkItem(
                _("Volunteers asked who have not answered yet"),
                Proposal.objects.filter(state=Proposal.State.PENDING).count(),
                list_url("matching_needs:index", state=Need.State.PROPOSED),
            ),
        ]
    if user.has_perm(TRAININGS_PERMISSION):
        today = timezone.localdate()
        items.append(
            WorkItem(
                _("Volunteers' trainings expiring within %(days)s days") % {"days": REMINDER_DAYS},
                VolunteerTraining.objects.filter(
                    expires_on__gte=today,
                    expires_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
                ).count(),
                list_url("matching_trainings:index", expiring_within=REMINDER_DAYS),
            )
        )
    if user.has_perm(SIGNUPS_PERMISSION):
        items += [
            WorkItem(
                _("Sign-ups waiting for a guardian's consent"),
                Signup.objects.filter(state=Signup.State.HELD, session__start__gte=now).count(),
                list_url("matching_signups_list:index", state=Signup.State.HELD),
            ),
            WorkItem(
                _("Sessions in the next seven days"),
                Session.objects.filter(
                    start__gte=now, start__lt=now + dt.timedelta(days=7)
                ).count(),
                list_url("matching_sessions:index"),
            ),
        ]
    return items
