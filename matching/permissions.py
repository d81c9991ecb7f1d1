"""The Coordinators group: the only staff who see needs, people and their contacts.

Created by a data migration (0002) and kept after every migrate or flush (post_migrate), so
that it also comes back in a flushed test database.
"""

from django.contrib.auth.models import Group, Permission

from kokoron.core.choices import COORDINATORS_GROUP

# The Django apps of the matching plugin (matching.DJANGO_APPS, by label).
APPS = ("matching", "signups")


def ensure_coordinators_group(**kwargs):
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    # Everything of the plugin's two apps: the Volunteer Center's and the sign-ups'.
    permissions = Permission.objects.filter(content_type__app_label__in=APPS)
    # The audit log (the core's) is read, never written by hand.
    audit_log = Permission.objects.filter(
        content_type__app_label="core", codename="view_auditentry"
    )
    admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*permissions, *audit_log, *admin)
    return group


# What each coordinator's action needs: the permission of its effect (issue 14). Seeing a
# screen needs the view permission; erasing needs delete_*, changing change_*, making add_*,
# and taking a person's data away (a download) the named export permission.
VIEW_NEEDS = "matching.view_need"
VIEW_SIGNUPS = "signups.view_signup"
VIEW_PEOPLE = "matching.view_person"
EXPORT = "matching.export_personal_data"

NEED_PAGE = {
    "propose": "matching.add_proposal",
    "cover": "matching.add_proposal",
    "refresh": "matching.change_needsuggestions",
    "state": "matching.change_need",
    "note": "matching.add_neednote",
    "follow_up_done": "matching.change_neednote",
}
BATCH = {
    "run": "matching.add_batchrun",
    "apply": "matching.add_proposal",
    "apply_all": "matching.add_proposal",
}
PERSON_DATA = {"export": EXPORT, "erase": "matching.delete_person"}
PARTICIPANTS = {
    "format=csv": EXPORT,
    "message": "signups.add_sessionmessage",
    "cancel": "signups.change_signup",
}
CHECK_IN = {
    "present": "signups.change_signup",
    "absent": "signups.change_signup",
    "clear": "signups.change_signup",
}
HISTORY = {
    # Looking a person up by their address reveals only what the screen shows anyway.
    "find": VIEW_SIGNUPS,
    "format=json": EXPORT,
    "certificate": "signups.add_certificate",
    "erase": "signups.delete_signup",
}
