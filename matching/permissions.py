"""The Coordinators group: the only staff who see needs, people and their contacts.

Created by a data migration (0002) and kept after every migrate or flush (post_migrate), so
that it also comes back in a flushed test database.
"""

from django.contrib.auth.models import Group, Permission

from .models import COORDINATORS_GROUP

READ_ONLY = {"auditentry"}


def ensure_coordinators_group(**kwargs):
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    permissions = Permission.objects.filter(content_type__app_label="matching").exclude(
        content_type__model__in=READ_ONLY, codename__regex=r"^(add|change|delete)_"
    )
    admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*permissions, *admin)
    return group
