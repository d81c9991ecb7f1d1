"""The registry through which plugins extend the core.

A plugin is an installed Django app whose AppConfig subclasses PluginConfig. It names its URL
prefix and URLconf there, and hands everything else to the core through Wagtail hooks:

- Wagtail's own hooks for admin menus, viewsets and dashboard panels;
- the hooks named below for what the core runs on its behalf.

A plugin that is more than one Django app names them all, itself first, in DJANGO_APPS in its
package's __init__.py (matching: its sign-ups, label "signups"); the settings install them in
its place, so they are on and off together. Only the plugin's own AppConfig is a PluginConfig.

The core never imports a plugin: it only asks this registry.
"""

from dataclasses import dataclass, field

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured

from wagtail import hooks

# A callable taking a DemoContext; run by `manage.py load_demo` after the core's own steps.
DEMO_DATA_HOOK = "kokoron_register_demo_data"
# A callable returning an iterable of ScheduleSpec; kept in step with django-q2's schedules.
SCHEDULES_HOOK = "kokoron_register_schedules"
# A callable returning a recovery sweep (or a list of them): a function without arguments that
# queues again the work a lost or killed task left undone, as found in the database, and
# returns how many things it queued. `manage.py qcluster` runs them every KOKORON_SWEEP_SECONDS.
RECOVERY_HOOK = "kokoron_register_recoveries"
# A callable returning a kokoron.search.registry.SearchContribution (or a list of them): a kind
# of result for the site search at /search/ (label, and a function of query and language).
SEARCH_HOOK = "kokoron_register_search"
# A callable taking (district, request) and returning a DistrictSection, a list of them or
# None: what a plugin has to show on a school district's page (学区のページ).
DISTRICT_SECTIONS_HOOK = "kokoron_register_district_sections"
# A callable returning permissions ("app_label.codename", or "app_label" for all of an app's)
# that let staff reach personal data: holders need a second factor to use the admin.
PERSONAL_DATA_PERMISSIONS_HOOK = "kokoron_register_personal_data_permissions"
# A callable returning a kokoron.privacy.registry.Contributor (or a list of them): where a
# register keeps personal data, so that one request finds, exports and erases a person in all.
PERSONAL_DATA_HOOK = "kokoron_register_personal_data"
# A callable returning a kokoron.core.plan_progress.Indicator (or a list of them): a figure
# of one of the plan's six goals, counted per fiscal year and school district, for the
# plan's progress report at /admin/plan-progress/.
PLAN_PROGRESS_HOOK = "kokoron_register_plan_progress"


class PluginConfig(AppConfig):
    """Base AppConfig of a plugin.

    Subclass it as `plugins.PluginConfig` (import the module, not the class): Django picks an
    app's config automatically only when its apps.py holds a single AppConfig subclass.
    """

    # Path prefix of the plugin's public pages, inside the language prefix ("directory/").
    url_prefix = ""
    # URLconf module for those pages, or "" for none.
    public_urls = ""
    # URLconf module served outside the language prefix (APIs), and its prefix.
    api_url_prefix = ""
    api_urls = ""
    # Labels of the plugins this one needs.
    requires: tuple[str, ...] = ()

    def import_models(self):
        # Before this plugin's models, which may import those of the plugins it requires.
        self.check_requirements()
        super().import_models()

    def check_requirements(self):
        missing = [label for label in self.requires if not apps.is_installed(label)]
        if missing:
            raise ImproperlyConfigured(
                f"The {self.label} plugin needs the {', '.join(missing)} plugin. "
                f"Add {', '.join(missing)} to KOKORON_PLUGINS, or remove {self.label} from it."
            )


def enabled_plugins():
    """The plugins that are on, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def is_enabled(label):
    return any(plugin.label == label for plugin in enabled_plugins())


@dataclass(frozen=True)
class ScheduleSpec:
    """A django-q2 schedule that the core keeps in the database while its owner is on.

    Names begin with "kokoron." so that schedules made by hand are never touched.
    """

    name: str
    func: str
    schedule_type: str
    minutes: int | None = None
    cron: str | None = None
    kwargs: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.name.startswith("kokoron."):
            raise ValueError(f"Schedule names begin with 'kokoron.': {self.name!r}")


@dataclass(frozen=True)
class DistrictItem:
    """One thing a plugin lists on a district page: a gathering place, a session, a window."""

    title: str
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class DistrictSection:
    """A plugin's section of a district page, already in the request's language.

    `order` places sections among each other (lower first); `more_url` leads to the plugin's
    own listing filtered to the district.
    """

    key: str
    title: str
    items: tuple[DistrictItem, ...] = ()
    more_url: str = ""
    empty_text: str = ""
    order: int = 100


def district_sections(district, request):
    """Every section the plugins that are on contribute for one district, in order."""
    sections = []
    for hook in hooks.get_hooks(DISTRICT_SECTIONS_HOOK):
        value = hook(district, request)
        if isinstance(value, list | tuple):
            sections.extend(value)
        elif value is not None:
            sections.append(value)
    return sorted(sections, key=lambda section: (section.order, section.key))


def registered(hook_name):
    """Everything registered under a Kokoron hook, flattened."""
    results = []
    for hook in hooks.get_hooks(hook_name):
        value = hook()
        if isinstance(value, list | tuple):
            results.extend(value)
        elif value is not None:
            results.append(value)
    return results
