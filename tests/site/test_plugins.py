"""The plugin mechanism: registration through hooks, and every configuration the site runs in."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from django.urls import NoReverseMatch, reverse

from wagtail import hooks

import pytest

from kokoron.core.setup import sync_schedules
from kokoron.geography.factories import SchoolDistrictFactory
from kokoron.navigation.models import MainMenu
from kokoron.plugins import (
    DISTRICT_SECTIONS_HOOK,
    DistrictItem,
    DistrictSection,
    ScheduleSpec,
    district_sections,
    enabled_plugins,
)

REPO = Path(__file__).resolve().parents[2]
PLUGIN_URLS = {"directory": "/directory/", "matching": "/volunteer/", "education": "/education/"}
PLUGINS = ("directory", "matching", "education")


def imported_modules(folder):
    """(file, name) for every import statement of every Python file under a folder: the module
    imported, or module.name for each name of a `from module import name`."""
    for path in sorted((REPO / folder).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                yield path.relative_to(REPO), name


def test_the_core_imports_no_plugin():
    leaks = [
        f"{path}: {name}"
        for path, name in imported_modules("site")
        if name.split(".")[0] in PLUGINS
    ]
    assert not leaks, "The core must reach plugins through hooks only:\n" + "\n".join(leaks)


def test_matching_imports_nothing_from_education():
    # education requires matching, never the other way round.
    leaks = [
        f"{path}: {name}"
        for path, name in imported_modules("matching")
        if name.split(".")[0] == "education"
    ]
    assert not leaks, "\n".join(leaks)
    assert any(name.startswith("matching") for _, name in imported_modules("education"))


def test_education_takes_only_the_sign_ups_from_matching():
    # The kernel both share is the core's (issue 17): education needs matching for the
    # sessions of its welfare classes, nothing else.
    leaks = [
        f"{path}: {name}"
        for path, name in imported_modules("education")
        if name.split(".")[0] == "matching" and not name.startswith("matching.signups.")
    ]
    assert not leaks, "\n".join(leaks)


def test_the_sign_ups_models_are_imported_from_their_own_app():
    # Issue 17: the sign-ups are a Django app of their own; matching.models does not hand
    # their models on, and no plugin takes a whole module's names with a star.
    stars, through_matching = [], []
    for folder in PLUGINS:
        for path in sorted((REPO / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.ImportFrom):
                    continue
                module = "." * node.level + (node.module or "")
                if any(alias.name == "*" for alias in node.names):
                    stars.append(f"{path.relative_to(REPO)}: {module}")
                if path.is_relative_to(REPO / "matching" / "models") and "signups" in module:
                    through_matching.append(f"{path.relative_to(REPO)}: {module}")
    assert not stars, "\n".join(stars)
    assert not through_matching, "\n".join(through_matching)


def test_the_sign_ups_app_is_on_exactly_when_matching_is():
    from django.apps import apps
    from django.conf import settings

    assert apps.is_installed("matching.signups") == apps.is_installed("matching")
    if apps.is_installed("matching"):
        assert apps.get_app_config("signups").name == "matching.signups"
        # Part of the matching plugin, not a plugin of its own: no URLs, menus or demo apart.
        assert "signups" not in {plugin.label for plugin in enabled_plugins()}
        position = settings.INSTALLED_APPS.index("matching")
        assert settings.INSTALLED_APPS[position + 1] == "matching.signups"


ADMIN_MENU = {
    "directory": "/admin/directory/",
    "matching": "/admin/matching/",
    "education": "/admin/education/",
}


@pytest.mark.django_db
def test_each_plugin_that_is_on_has_an_admin_menu_entry(staff_client):
    html = staff_client.get("/admin/").content.decode()
    for plugin in enabled_plugins():
        assert ADMIN_MENU[plugin.label] in html
        assert staff_client.get(ADMIN_MENU[plugin.label]).status_code == 200


@pytest.mark.django_db
def test_each_plugin_that_is_on_adds_its_demo_step_and_serves_its_prefix_in_every_language(
    whole_demo, client
):
    # The whole demo: a plugin's landing page may be a Wagtail page that its demo step makes
    # (education's welfare-education page at /education/).
    for plugin in enabled_plugins():
        for prefix in ["", "/en", "/ja-easy"]:
            response = client.get(f"{prefix}{PLUGIN_URLS[plugin.label]}")
            assert response.status_code == 200, (plugin.label, prefix)
    menu = MainMenu.objects.get(locale__language_code="ja")
    urls = {block.value["url"] for block in menu.links if block.value["url"]}
    # The core's own links (news, newsletters, events, districts) beside exactly the plugins on.
    assert urls & set(PLUGIN_URLS.values()) == {
        PLUGIN_URLS[plugin.label] for plugin in enabled_plugins()
    }


@pytest.mark.django_db
def test_schedules_follow_the_registry_and_leave_hand_made_ones_alone():
    from django_q.models import Schedule

    Schedule.objects.create(name="kokoron.plugin-that-was-switched-off", func="math.floor")
    Schedule.objects.create(name="made by hand", func="math.floor")
    names = sync_schedules()
    assert "kokoron.notifications.forget_old_recipients" in names
    assert set(Schedule.objects.values_list("name", flat=True)) == {*names, "made by hand"}


def test_schedule_names_must_carry_the_prefix():
    with pytest.raises(ValueError, match=r"begin with 'kokoron\.'"):
        ScheduleSpec(name="cleanup", func="math.floor", schedule_type="D")


def test_a_plugin_that_is_off_has_no_urls():
    on = {plugin.label for plugin in enabled_plugins()}
    for label in {"directory", "matching", "education"} - on:
        with pytest.raises(NoReverseMatch):
            reverse(f"{label}:index")


SMOKE = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
# The tables of a template migrated once per set of migrations (tests/database_template.py).
from django.db import connection
from tests.database_template import migrate_from_template
migrate_from_template(connection)
call_command("load_demo", verbosity=0)
client = Client()
for path in ["/", "/en/", "/about/", "/sitemap.xml", "/directory/", "/volunteer/", "/education/"]:
    print("STATUS", path, client.get(path).status_code)
from django.apps import apps
print("APPS", " ".join(config.label for config in apps.get_app_configs()))
"""


@pytest.mark.configurations
@pytest.mark.parametrize(
    "plugins",
    ["", "directory", "matching", "matching,education"],
    ids=["core-only", "directory-alone", "matching-alone", "education-with-matching"],
)
def test_the_site_runs_with_plugins_switched_off(plugins):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kokoron.settings.test",
        "KOKORON_PLUGINS": plugins,
        "DATABASE_URL": "sqlite://:memory:",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SMOKE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    statuses = dict(
        line.split()[1:] for line in result.stdout.splitlines() if line.startswith("STATUS ")
    )
    on = set(filter(None, plugins.split(",")))
    assert (
        statuses["/"]
        == statuses["/en/"]
        == statuses["/about/"]
        == statuses["/sitemap.xml"]
        == "200"
    )
    for label, path in PLUGIN_URLS.items():
        assert statuses[path] == ("200" if label in on else "404"), (label, statuses)
    # The sign-ups (matching's second Django app) come and go with matching.
    labels = next(line for line in result.stdout.splitlines() if line.startswith("APPS ")).split()
    assert ("signups" in labels) == ("matching" in on)


@pytest.mark.django_db
def test_dashboard_shows_the_modules_that_are_on(staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert 'id="kokoron-status-heading"' in html
    for plugin in enabled_plugins():
        assert str(plugin.verbose_name) in html


@pytest.mark.django_db
def test_district_sections_are_gathered_from_every_hook_in_order(rf):
    # A real district and request: the plugins that are on answer with their own sections too.
    shirogane = SchoolDistrictFactory(name="白金", slug="shirogane")

    def gathering_places(district, request):
        return DistrictSection(
            key="places", title=f"{district} places", items=(DistrictItem("A", "/a/"),), order=20
        )

    def windows_and_nothing(district, request):
        return [DistrictSection(key="windows", title="Windows", order=10), None][:1]

    def nothing(district, request):
        return None

    with (
        hooks.register_temporarily(DISTRICT_SECTIONS_HOOK, gathering_places),
        hooks.register_temporarily(DISTRICT_SECTIONS_HOOK, windows_and_nothing),
        hooks.register_temporarily(DISTRICT_SECTIONS_HOOK, nothing),
    ):
        sections = [
            s for s in district_sections(shirogane, rf.get("/")) if s.key in {"places", "windows"}
        ]
    assert [section.key for section in sections] == ["windows", "places"]
    assert sections[1].title == "白金 places"
    assert sections[1].items[0].url == "/a/"
