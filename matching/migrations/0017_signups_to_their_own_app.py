"""The sign-ups are an app of their own (signups, issue 17): matching forgets their models and
hands their content types over.

The models' state is already the sign-ups' (signups 0001, on these very tables, which signups
0002 renames); the welfare classes' link to an opportunity (education 0010) moved to it too.
Their content types are relabelled "signups", rows kept: whatever names them by content type
or permission (the pages' types, revisions, the search and reference indexes, Wagtail's logs,
group, user and page permissions) then names the sign-ups' models without changing. This runs
inside `migrate`, before post_migrate makes the content types and permissions that are missing,
so none of the sign-ups' are made twice. Going back relabels them "matching".
"""

from django.db import migrations

MODELS = (
    "opportunityindexpage",
    "opportunitypage",
    "session",
    "sessionmessage",
    "signup",
    "certificate",
)


def _relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        current = types.filter(app_label=old, model=model).first()
        if current is None:  # a new database: post_migrate makes the type, labelled as it is
            continue
        # Only a database left half-way (`migrate matching 0016`: signups 0001 still applied)
        # and set up there has the other label's type too, made empty by post_migrate with its
        # permissions: it goes, and the type that carries the pages and grants takes its place.
        duplicate = types.filter(app_label=new, model=model).first()
        if duplicate is not None:
            if Page.objects.filter(content_type=duplicate).exists():
                raise RuntimeError(
                    f"There are pages of both {old}.{model} and {new}.{model}: "
                    "give them one type by hand, then migrate again."
                )
            duplicate.delete()
        current.app_label = new
        current.save(update_fields=["app_label"])
    # Django keeps content types in a cache that the whole process shares (tests, a command
    # that migrates and goes on): it would go on naming the old label.
    from django.contrib.contenttypes.models import ContentType as CachedContentType

    CachedContentType.objects.clear_cache()


def to_signups(apps, schema_editor):
    _relabel(apps, schema_editor, "matching", "signups")


def to_matching(apps, schema_editor):
    _relabel(apps, schema_editor, "signups", "matching")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0016_goes_to_district_volunteer_index"),
        ("signups", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(to_signups, to_matching),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="opportunityindexpage", name="page_ptr"),
                migrations.RemoveField(model_name="opportunitypage", name="activity"),
                migrations.RemoveField(model_name="opportunitypage", name="page_ptr"),
                migrations.RemoveField(model_name="session", name="opportunity"),
                migrations.RemoveField(model_name="session", name="district"),
                migrations.RemoveField(model_name="signup", name="session"),
                migrations.RemoveField(model_name="sessionmessage", name="session"),
                migrations.RemoveField(model_name="sessionmessage", name="sent_by"),
                migrations.DeleteModel(name="Certificate"),
                migrations.DeleteModel(name="OpportunityIndexPage"),
                migrations.DeleteModel(name="OpportunityPage"),
                migrations.DeleteModel(name="Signup"),
                migrations.DeleteModel(name="Session"),
                migrations.DeleteModel(name="SessionMessage"),
            ],
        ),
    ]
