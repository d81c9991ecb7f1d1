"""The audit log moves to the core (kokoron.core.models.AuditEntry, issue 17): its rows are
copied with their ids, whoever could see or change matching's log gets the same permission on
the core's, and matching's table and its permissions go. Going back does the reverse."""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

FIELDS = ("id", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "detail")
ACTIONS = ("add", "change", "delete", "view")
BATCH = 1000


def _copy(source, target, schema_editor):
    rows = source.objects.order_by("pk").values_list(*FIELDS)
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(target(**dict(zip(FIELDS, row, strict=True))))
        if len(batch) == BATCH:
            target.objects.bulk_create(batch)
            batch = []
    target.objects.bulk_create(batch)
    # The ids were given: the next new entry's id comes after them (PostgreSQL's sequence).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [target]):
            cursor.execute(sql)


def _create_permissions(apps, label):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def _move_permissions(apps, source_label, target_label):
    """Give every group and user who holds a permission on source's log the same on target's."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for action in ACTIONS:
        codename = f"{action}_auditentry"
        old = Permission.objects.filter(
            content_type__app_label=source_label, codename=codename
        ).first()
        new = Permission.objects.get(content_type__app_label=target_label, codename=codename)
        if old is None:
            continue
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
            group.permissions.remove(old)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(new)
            user.user_permissions.remove(old)


def to_core(apps, schema_editor):
    Old = apps.get_model("matching", "AuditEntry")
    New = apps.get_model("core", "AuditEntry")
    _copy(Old, New, schema_editor)
    _create_permissions(apps, "core")
    _move_permissions(apps, "matching", "core")
    # matching's log is gone: its content type and permissions with it.
    apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label="matching", model="auditentry"
    ).delete()


def to_matching(apps, schema_editor):
    Old = apps.get_model("matching", "AuditEntry")
    New = apps.get_model("core", "AuditEntry")
    _copy(New, Old, schema_editor)
    New.objects.all().delete()
    _create_permissions(apps, "matching")
    _move_permissions(apps, "core", "matching")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0013_grades_from_primary_to_university"),
        ("core", "0003_auditentry"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(to_core, to_matching),
        migrations.DeleteModel(name="AuditEntry"),
    ]
