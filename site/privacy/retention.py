"""The core's daily retention job: expired sessions are cleared (Django's `clearsessions`).
The registers' own jobs (sign-ups, needs, class requests, unconfirmed subscribers, sent
emails) are registered by their apps through the same schedule hook."""

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone


def clear_expired_sessions():
    expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
    call_command("clearsessions", verbosity=0)
    return expired
