from django.utils.translation import gettext_lazy as _

from kokoron import plugins


class EducationConfig(plugins.PluginConfig):
    name = "education"
    label = "education"
    verbose_name = _("Welfare education")
    url_prefix = "education/"
    public_urls = "education.urls"
    # Welfare classes take their sessions from matching's sign-ups.
    requires = ("matching",)

    def ready(self):
        super().ready()
        from django.db.models.signals import post_migrate

        post_migrate.connect(_after_migrate, dispatch_uid="education_coordinators")


def _after_migrate(sender, **kwargs):
    # The Coordinators group (matching's) also arranges classes: teachers' and lecturers'
    # contacts are theirs to see. After this app's permissions and the group exist.
    if sender.label not in {"education", "matching"}:
        return
    from django.contrib.auth.models import Group, Permission

    from kokoron.core.choices import COORDINATORS_GROUP

    group = Group.objects.filter(name=COORDINATORS_GROUP).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="education"))
