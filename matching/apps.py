from django.utils.translation import gettext_lazy as _

from kokoron import plugins


class MatchingConfig(plugins.PluginConfig):
    name = "matching"
    label = "matching"
    verbose_name = _("Volunteer Center")
    url_prefix = "volunteer/"
    public_urls = "matching.urls"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_migrate

        from kokoron.core import audit

        from . import signals  # noqa: F401 - connects the task triggers
        from .models import Need, Person, Proposal, Volunteer, VolunteerTraining

        audit.track(Person, Volunteer, VolunteerTraining, Need, Proposal)

        post_migrate.connect(_after_migrate, dispatch_uid="matching_coordinators_group")


def _after_migrate(sender, **kwargs):
    # After this app's, the sign-ups', the admin's and the core's (the audit log) permissions
    # exist, whichever comes last.
    if sender.label not in {"matching", "signups", "wagtailadmin", "core"}:
        return
    from .permissions import ensure_coordinators_group

    ensure_coordinators_group()
