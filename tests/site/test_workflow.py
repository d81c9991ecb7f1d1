# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime
import importlib

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Task, Workflow, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from django_q.brokers import get_broker
from django_q.models import Schedule
from django_q.scheduler import scheduler

from kokoron.core.setup import sync_schedules
from kokoron.news.editorial import MANAGERS, PR_STAFF, WORKFLOW_NAME
from kokoron.news.factories import NewsPageFactory
from kokoron.news.models import NewsPage
from kokoron.newsletters.models import NewsletterIssuePage
from tests.conftest import wait_for
from tests.site.outreach import sections, ward  # noqa: F401


@pytest.fixture
def pr_staff(django_user_model):
    user = django_user_model.objects.create_user("koho", "koho@example.jp", "pw")
    user.groups.add(Group.objects.get(name=PR_STAFF))
    return user


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("kacho", "kacho@example.jp", "pw")
    user.groups.add(Group.objects.get(name=MANAGERS))
    return user


def issue_form(number, action):
    return nested_form_data(
        {
            "title": f"広報紙こころん 第{number}号",
            "slug": f"issue-{number}",
            "number": number,
            "publication_date": "2026-07-01",
            "summary": "特集:夏のボランティア体験",
            "image": streamfield([]),
            "articles": streamfield([]),
            action: "1",
        }
    )


@pytest.mark.django_db
def test_groups_and_workflow_exist_on_every_section(sections):
    assert Group.objects.filter(name__in=[PR_STAFF, MANAGERS]).count() == 2
    for name in ("news", "newsletters", "events"):
        assignment = WorkflowPage.objects.get(page=sections[name])
        assert assignment.workflow.name == WORKFLOW_NAME


@pytest.mark.django_db
def test_pr_staff_submit_a_manager_approves_and_it_is_published(
    client, sections, pr_staff, manager
):
    index = sections["newsletters"]
    client.force_login(pr_staff)
    add_url = f"/admin/pages/add/newsletters/newsletterissuepage/{index.pk}/"
    response = client.post(add_url, issue_form(49, "action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = NewsletterIssuePage.objects.get(number=49)
    assert not issue.live
    assert issue.workflow_in_progress
    # PR staff cannot publish, not even by asking for it.
    assert not issue.permissions_for_user(pr_staff).can_publish()
    client.post(f"/admin/pages/{issue.pk}/edit/", issue_form(49, "action-publish"))
    issue.refresh_from_db()
    assert not issue.live
    task_state = issue.current_workflow_task_state
    assert "approve" not in [name for name, *_ in task_state.task.get_actions(issue, pr_staff)]

    client.force_login(manager)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(issue.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    issue.refresh_from_db()
    assert issue.live

    client.logout()
    assert "第49号" in client.get("/newsletters/").content.decode()
    assert "第49号" in client.get("/newsletters/feed/").content.decode()
    assert "第49号" in client.get("/").content.decode()


@pytest.mark.django_db
def test_pr_staff_cannot_publish_news_directly(client, sections, pr_staff):
    page = NewsPageFactory(parent=sections["news"], live=False)
    assert page.permissions_for_user(pr_staff).can_edit()
    assert not page.permissions_for_user(pr_staff).can_publish()
    other = Page.objects.get(pk=sections["home"].pk)
    assert not other.permissions_for_user(pr_staff).can_edit()  # only their sections


@pytest.mark.cluster
def test_scheduled_publishing_goes_live_through_the_schedule(q_cluster, sections):
    page = NewsPageFactory(parent=sections["news"], title="予約公開のお知らせ", live=False)
    revision = page.save_revision()
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    revision = page.save_revision(approved_go_live_at=page.go_live_at)
    revision.publish()
    page.refresh_from_db()
    assert not page.live  # waiting for its go-live time

    assert "kokoron.publish_scheduled" in sync_schedules()
    schedule = Schedule.objects.get(name="kokoron.publish_scheduled")
    assert schedule.func == "kokoron.news.tasks.publish_scheduled"
    wait_for(lambda: timezone.now() > page.go_live_at, message="the go-live time")
    Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now())
    # The tick the cluster's own scheduler makes every 30 seconds; the cluster runs the task.
    scheduler(broker=get_broker())
    wait_for(
        lambda: NewsPage.objects.get(pk=page.pk).live, message="the page to go live", timeout=60
    )


@pytest.mark.django_db
def test_the_workflow_and_its_task_are_named_in_japanese(sections):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.name == "広報承認"
    assert [task.name for task in workflow.tasks] == ["管理職の承認"]


@pytest.mark.django_db
def test_the_migration_renames_the_english_names_both_ways(sections):
    migration = importlib.import_module("kokoron.news.migrations.0003_japanese_workflow_names")
    migration.backwards(django_apps, None)
    assert Workflow.objects.filter(name="Outreach approval").exists()
    assert Task.objects.filter(name="Approval by a manager").exists()
    migration.forwards(django_apps, None)
    assert Workflow.objects.get(name="広報承認").tasks.get().name == "管理職の承認"
