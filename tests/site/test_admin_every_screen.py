"""Every admin screen, for every role, and every action for a role with and without its
permission (issue 14).

The screens are found, not listed: every admin URL that takes no argument, and every link the
screens show, one URL per view, crawled over the whole demo as the superuser, who also opens
every export and every option of every filter of Kokoron's own listings. Every staff role
the demo makes (Managers, PR staff, the Volunteer Center's and education's coordinators,
directory staff) and a user who may only view needs, sign-ups and requests then open every
screen found: none may answer with a server error, and none may show the data of a plugin
(or of subscribers, sent emails, personal-data requests) its groups grant it nothing of.

The actions are found too: every screen built on kokoron.core.admin_views.ActionPermissionMixin
names the permission of each thing done on it. For each, a user with only the screen's view
permission is refused (403), and a user with that action's permission too is not.
"""

from urllib.parse import urlencode, urljoin, urlsplit

from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from wagtail.models import TranslatableMixin

import pytest
from bs4 import BeautifulSoup

from kokoron.core.admin_views import ActionPermissionMixin

pytestmark = pytest.mark.django_db

# Wagtail's own page that raises on purpose, and leaving.
NOT_SCREENS = {"wagtailadmin_error_test", "wagtailadmin_logout"}
PARAMETERS = set("<(?[*+\\")


def plain_admin_urls():
    """Every admin URL that takes no argument."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern) and not PARAMETERS & set(text):
                found.append("/" + text)

    walk(get_resolver().url_patterns, "")
    return [url for url in found if url.startswith("/admin/")]


def view_of(url):
    try:
        return resolve(urlsplit(url).path)
    except Resolver404:
        return None


def crawl(client, seeds):
    """{view name: (url, status)} for one URL per view reached from the seeds by links."""
    queue, seen, answers = list(seeds), set(), {}
    while queue:
        url = queue.pop(0)
        match = view_of(url)
        if url in seen or match is None:
            continue
        seen.add(url)
        if match.view_name in answers or match.view_name in NOT_SCREENS:
            continue
        response = client.get(url)
        answers[match.view_name] = (url, response.status_code)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for link in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
                target = urljoin(url, link["href"])
                if target.startswith("/admin/"):
                    queue.append(target)
    return answers


# The admin areas that hold personal data, by the app whose permissions open them.
GUARDED_APPS = {
    "matching",
    "signups",
    "education",
    "directory",
    "newsletters",
    "notifications",
    "privacy",
}


def area_of(url):
    """The app whose data a screen shows: its model's, or its view permission's."""
    func = view_of(url).func
    model = getattr(func, "view_initkwargs", {}).get("model")
    if isinstance(model, type) and issubclass(model, TranslatableMixin):
        return None  # a vocabulary (activities, trainings, equipment): every editor chooses
    if isinstance(model, type):
        return model._meta.app_label
    view_class = getattr(func, "view_class", None)
    if view_class and issubclass(view_class, ActionPermissionMixin):
        return view_class.view_permission.split(".")[0]
    return None


def staff_user(django_user_model, username, permissions=()):
    username = f"{username}-{django_user_model.objects.count()}"
    user = django_user_model.objects.create_user(username, "staff@example.jp", "pw")
    for label in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def staff(django_user_model, username, permissions=()):
    client = Client(raise_request_exception=False)
    client.force_login(staff_user(django_user_model, username, permissions))
    return client


def action_screens(answers):
    """(url, view class) of every screen found whose actions need their own permissions."""
    for url, _status in answers.values():
        view_class = getattr(view_of(url).func, "view_class", None)
        if view_class and issubclass(view_class, ActionPermissionMixin):
            yield url, view_class


def filters_and_exports(client, url):
    """Each export link of one of Kokoron's screens (a download: `export=` or `format=`), and
    each option of each of its filters (a GET form's select or radio buttons), as URLs."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    for link in soup.find_all("a", href=True):
        if "export=" in link["href"] or "format=" in link["href"]:
            yield urljoin(url, link["href"])
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        action = urljoin(url, form.get("action") or urlsplit(url).path)
        choices = [
            (select.get("name"), option.get("value", ""))
            for select in form.find_all("select")
            for option in select.find_all("option")
        ] + [(radio.get("name"), radio.get("value", "")) for radio in form.select("[type=radio]")]
        for name, value in choices:
            if name and value:
                yield f"{action}?{urlencode({name: value})}"


def attempt(client, url, action):
    """Do one action: an export is a GET with its format, anything else a POST naming it."""
    if action.startswith("format="):
        return client.get(url, {"format": action.removeprefix("format=")})
    return client.post(url, {"action": action})


# The roles the demo makes (the groups of each demo staff user), and a user who may only view
# needs, sign-ups and requests. Each role is a test of its own, so that a run spread over
# several processes shares the crawl out.
DEMO_ROLES = ["Coordinators", "Managers", "PR staff", "Education coordinators", "Directory staff"]
ROLES = [*DEMO_ROLES, "viewer"]

_superuser_crawls = {}


def superuser_crawl(whole_demo, django_user_model):
    """{view name: (url, status)} of the superuser's crawl from every plain admin URL: once
    per build of the whole demo in this process (the URLs hold the demo's keys)."""
    kept = _superuser_crawls.get(id(whole_demo))
    if kept is None or kept[0] is not whole_demo:
        superuser = Client(raise_request_exception=False)
        superuser.force_login(django_user_model.objects.get(is_superuser=True))
        _superuser_crawls.clear()
        kept = _superuser_crawls[id(whole_demo)] = (
            whole_demo,
            crawl(superuser, ["/admin/", *plain_admin_urls()]),
        )
    return kept[1]


def demo_roles(django_user_model):
    """{role: user} for every staff user the demo makes, named by their groups."""
    demo_staff = django_user_model.objects.filter(is_superuser=False, groups__isnull=False)
    return {", ".join(user.groups.values_list("name", flat=True)): user for user in demo_staff}


def test_the_superuser_opens_every_admin_screen_filter_and_export(whole_demo, django_user_model):
    found = superuser_crawl(whole_demo, django_user_model)
    problems = [
        f"superuser: {url} answered {status}"
        for url, status in found.values()
        if status >= 500 or status == 403
    ]
    assert len(found) > 100, "the crawl found too few admin screens"
    # Every filter and export of Kokoron's own screens (Wagtail's are Wagtail's to test).
    superuser = Client(raise_request_exception=False)
    superuser.force_login(django_user_model.objects.get(is_superuser=True))
    ours = [
        url
        for view_name, (url, status) in found.items()
        if not view_name.startswith("wagtail") and status == 200
    ]
    variants = [variant for url in ours for variant in filters_and_exports(superuser, url)]
    assert any("format=" in url for url in variants), "no export was found"
    assert len([url for url in variants if "format=" not in url]) > 20, "too few filters"
    for url in variants:
        status = superuser.get(url).status_code
        if status >= 400:
            problems.append(f"superuser: {url} answered {status}")
    assert problems == [], "\n".join(problems)


def test_the_roles_crawled_are_every_role_the_demo_makes(whole_demo, django_user_model):
    assert set(demo_roles(django_user_model)) == set(DEMO_ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_every_screen_and_sees_only_what_it_is_granted(
    whole_demo, django_user_model, role
):
    found = superuser_crawl(whole_demo, django_user_model)
    if role == "viewer":
        view_permissions = sorted(
            {view_class.view_permission for _url, view_class in action_screens(found)}
        )
        user = staff_user(django_user_model, "viewer", view_permissions)
    else:
        user = demo_roles(django_user_model)[role]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    problems = []
    for view_name, (url, status) in crawl(client, [url for url, _status in found.values()]).items():
        if status >= 500:
            problems.append(f"{role}: {url} ({view_name}) answered {status}")
        # Each role reaches only what its groups grant.
        area = area_of(url) if status == 200 else None
        if area in GUARDED_APPS and not user.has_module_perms(area):
            problems.append(f"{role}: {url} shows {area} data it was not granted")
    assert problems == [], "\n".join(problems)


def test_every_action_needs_the_permission_of_its_effect(whole_demo, django_user_model):
    actions = list(action_screens(superuser_crawl(whole_demo, django_user_model)))
    assert {view_class.__name__ for _url, view_class in actions} >= {
        "NeedPageView",
        "PersonDataView",
        "HistoryView",
        "ParticipantsView",
        "RequestPageView",
        "TeacherDataView",
        "LecturerDataView",
    }
    problems = []
    for url, view_class in actions:
        viewer = staff(
            django_user_model, f"viewer-{view_class.__name__}", [view_class.view_permission]
        )
        if viewer.get(url).status_code != 200:
            problems.append(f"{url}: its view permission does not show it")
        for action, permission in view_class.action_permissions.items():
            refused = attempt(viewer, url, action)
            # An action that only shows what the screen shows (finding a person by address)
            # needs the view permission alone; every other one needs more.
            if permission != view_class.view_permission and refused.status_code != 403:
                problems.append(f"{url} {action} without {permission}: {refused.status_code}")
            allowed = staff(
                django_user_model,
                f"{view_class.__name__}-{action}",
                [view_class.view_permission, permission],
            )
            answer = attempt(allowed, url, action)
            if answer.status_code == 403 or answer.status_code >= 500:
                problems.append(f"{url} {action} with {permission}: {answer.status_code}")
        # An action nobody named needs a permission nobody has.
        if viewer.post(url, {"action": "no-such-action"}).status_code != 403:
            problems.append(f"{url}: an unknown action is not refused")
    assert problems == [], "\n".join(problems)
