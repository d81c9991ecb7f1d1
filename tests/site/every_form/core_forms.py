"""The core's forms: site search, display settings, the news, events and newsletter
indexes, and newsletter subscriptions."""

from hypothesis import strategies as st

from .spec import GET, Spec, ticked
from .values import optional


def subscribe_compatible(values, name, option):
    """At least one of the two is ticked."""
    other = {"news": "newsletters", "newsletters": "news"}.get(name)
    return not (other and not option and other in values and not values[other])


def subscription_stored(values, response, context):
    """The confirm and unsubscribe buttons behind the emailed links: the subscriber of the
    signed token is confirmed, or gone."""
    from kokoron.newsletters import subscriptions
    from kokoron.newsletters.models import Subscriber

    if context["path"].rstrip("/").endswith("confirm"):
        subscriber = Subscriber.objects.get(pk=subscriptions.read_confirm_token(values["token"]))
        return {"(confirmed)": (subscriber.confirmed_at is not None, True)}
    subscriber_id = subscriptions.read_unsubscribe_token(values["token"])
    return {"(deleted)": (Subscriber.objects.filter(pk=subscriber_id).exists(), False)}


def subscribe_stored(values, response, context):
    from kokoron.newsletters.models import Subscriber

    subscriber = Subscriber.objects.get(email=values["email"].strip().lower())
    return {
        "email": (subscriber.email, values["email"].strip().lower()),
        "language": (subscriber.language, values["language"]),
        "newsletters": (subscriber.newsletters, ticked(values.get("newsletters"))),
        "news": (subscriber.news, ticked(values.get("news"))),
    }


def display_stored(values, response, context):
    return {
        name: (response.cookies[f"kokoron_{name}"].value, values[name])
        for name in ("text", "contrast", "furigana")
    } | {"next": (response["Location"], values["next"])}


SPECS = {
    "GET search:search [q]": Spec(**GET),
    "POST display_preferences [contrast,furigana,next,text]": Spec(
        stored=display_stored, expect=(303,), bad_choices_ignored=True
    ),
    "GET NewsIndexPage [category,district,year]": Spec(**GET),
    "GET EventIndexPage [category,district,month]": Spec(
        text={
            "month": optional(
                st.tuples(st.integers(2024, 2030), st.integers(1, 12)).map(
                    lambda t: f"{t[0]}-{t[1]:02d}"
                )
            )
        },
        **GET,
    ),
    "GET EventIndexPage:past [category,district,month]": Spec(
        text={
            "month": optional(
                st.tuples(st.integers(2024, 2030), st.integers(1, 12)).map(
                    lambda t: f"{t[0]}-{t[1]:02d}"
                )
            )
        },
        **GET,
    ),
    "GET NewsletterIndexPage [year]": Spec(**GET),
    "POST NewsletterIndexPage:confirm [token]": Spec(stored=subscription_stored, expect=(200,)),
    "POST NewsletterIndexPage:unsubscribe [token]": Spec(stored=subscription_stored, expect=(200,)),
    "POST NewsletterIndexPage:subscribe [email,language,news,newsletters]": Spec(
        compatible=subscribe_compatible,
        stored=subscribe_stored,
        expect=(200,),
    ),
}
