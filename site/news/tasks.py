"""Background work of the outreach sections, run by django-q2."""

from django.core.management import call_command


def publish_scheduled():
    """Scheduled every minute: publish what reached its go-live time, unpublish what expired."""
    call_command("publish_scheduled", verbosity=0)
