"""How a plugin offers its sign-up form for events, without the core knowing the plugin.

A plugin (matching) registers a provider:

    @hooks.register(EVENT_SIGNUP_HOOK)
    def event_signup():
        return SignupProvider(name="matching", label=_("Volunteer sign-up"),
                              url_for=lambda event, reference: ...)

An event whose way to join is "sign-up" names the provider and the plugin's own reference (an
opportunity's id, say). When the plugin is off, the event shows its contact details instead.
"""

from collections.abc import Callable
from dataclasses import dataclass

from kokoron.plugins import registered

EVENT_SIGNUP_HOOK = "kokoron_register_event_signup"


@dataclass(frozen=True)
class SignupProvider:
    name: str
    label: str
    # (event page, reference) -> the URL of the sign-up form, or None when there is none.
    url_for: Callable


def providers():
    return {provider.name: provider for provider in registered(EVENT_SIGNUP_HOOK)}


def provider_choices():
    return [(provider.name, provider.label) for provider in providers().values()]


def signup_url(event, provider_name, reference):
    provider = providers().get(provider_name)
    if provider is None:
        return None
    return provider.url_for(event, reference)
