"""What the database needs beyond its schema, kept in step with the settings after `migrate`."""

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Locale

from django_q.models import Schedule

from kokoron.plugins import SCHEDULES_HOOK, registered

SCHEDULE_PREFIX = "kokoron."


def after_migrate(sender, using="default", **kwargs):
    call_command("createcachetable", database=using, verbosity=0)
    ensure_locales()
    sync_schedules()


def ensure_locales():
    """A Wagtail locale for every content language: adding a language is a setting alone."""
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def sync_schedules():
    """django-q2 schedules registered by the core and the plugins that are on; no others.

    Only schedules named kokoron.* are ours: a plugin switched off loses its schedules, and a
    schedule that staff created by hand is left alone.
    """
    specs = {spec.name: spec for spec in registered(SCHEDULES_HOOK)}
    Schedule.objects.filter(name__startswith=SCHEDULE_PREFIX).exclude(name__in=specs).delete()
    for spec in specs.values():
        Schedule.objects.update_or_create(
            name=spec.name,
            defaults={
                "func": spec.func,
                "schedule_type": spec.schedule_type,
                "minutes": spec.minutes,
                "cron": spec.cron,
                "kwargs": ", ".join(f"{key}={value!r}" for key, value in spec.kwargs.items())
                or None,
                "repeats": -1,
            },
        )
    return sorted(specs)
