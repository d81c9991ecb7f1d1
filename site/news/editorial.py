"""The editorial workflow of the outreach sections (news, newsletters, events).

"PR staff" write and submit for approval; "Managers" approve, publish and schedule. The groups
and the approval workflow are made by a data migration (news 0002); this module gives them
their permissions after every `migrate` (when every app's permissions exist) and, whenever a
section's index page is saved in any language, their page permissions on it and the workflow.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.db.models.signals import post_save

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

PR_STAFF = "PR staff"
MANAGERS = "Managers"
# The workflow and its task are content, named in Japanese (news 0003).
WORKFLOW_NAME = "広報承認"
SECTION_MODELS = ("news.NewsIndexPage", "newsletters.NewsletterIndexPage", "events.EventIndexPage")

PAGE_PERMISSIONS = {
    PR_STAFF: ("add_page", "change_page"),
    MANAGERS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
COLLECTION_PERMISSIONS = {
    PR_STAFF: (
        ("images", "add_customimage"),
        ("images", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ),
    MANAGERS: (
        ("images", "add_customimage"),
        ("images", "change_customimage"),
        ("images", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ),
}
MODEL_PERMISSIONS = {
    PR_STAFF: (
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("news", "view_newscategory"),
        ("events", "view_eventcategory"),
        # What became of the announcements of what they published (Email subscriptions).
        ("newsletters", "view_announcement"),
    ),
    MANAGERS: (
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("news", "add_newscategory"),
        ("news", "change_newscategory"),
        ("news", "view_newscategory"),
        ("events", "add_eventcategory"),
        ("events", "change_eventcategory"),
        ("events", "view_eventcategory"),
        ("newsletters", "view_announcement"),
        ("newsletters", "view_subscriber"),
        # They report the plan's progress to the council (kokoron.core.plan_progress).
        ("core", "view_plan_progress"),
    ),
}


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_group_permissions():
    """Model and collection permissions of both groups; idempotent."""
    root = Collection.get_first_root_node()
    for name in (PR_STAFF, MANAGERS):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        wanted = [_permission(app, codename) for app, codename in MODEL_PERMISSIONS[name]]
        group.permissions.add(*[permission for permission in wanted if permission])
        if root is None:
            continue
        for app, codename in COLLECTION_PERMISSIONS[name]:
            permission = _permission(app, codename)
            if permission:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )


def grant_section(page):
    """Page permissions of both groups on one section index page, and the approval workflow."""
    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for codename in codenames:
            permission = _permission("wagtailcore", codename)
            if permission:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page.pk, permission=permission
                )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=page.pk, defaults={"workflow": workflow})


def section_pages():
    for label in SECTION_MODELS:
        if apps.is_installed(label.split(".")[0]):
            yield from apps.get_model(label).objects.all()


TASK_NAME = "管理職の承認"


def ensure_groups_and_workflow():
    """The groups and the workflow, as the data migration made them; again after a flush."""
    Group.objects.get_or_create(name=PR_STAFF)
    managers, _created = Group.objects.get_or_create(name=MANAGERS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(managers)
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


def after_migrate(sender, using="default", **kwargs):
    # Permissions of apps later in INSTALLED_APPS (Wagtail's images and documents) are made by
    # their own post_migrate handlers, which may not have run yet: make them first.
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    ensure_groups_and_workflow()
    ensure_group_permissions()
    for page in section_pages():
        grant_section(page)


def _section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_section(instance)


def connect_signals():
    for label in SECTION_MODELS:
        post_save.connect(
            _section_saved, sender=label, dispatch_uid=f"kokoron-section-grant-{label}"
        )
