"""How a form is sent and what it stored is read back: the Spec of a form, the helpers its
checks share, and the check of a filter (GET) form."""

from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from .finding import UUID

# Reading back what was stored.


def same_text(stored, sent):
    return stored, sent.strip()


def pk_of(stored):
    return None if stored is None else str(stored.pk)


def pks(stored):
    return sorted(str(obj.pk) for obj in stored)


def sent_list(value):
    return sorted(v for v in (value if isinstance(value, list) else [value]) if v)


def ticked(value):
    return value not in ("", None)


def latest(model, **filters):
    return model.objects.filter(**filters).order_by("-pk").first()


@dataclass
class Spec:
    """How to send one form valid values and read back what it stored.

    text:        {field: strategy} for this form's text fields (else TEXT by name)
    compatible:  (values chosen so far, field, option) -> bool: a choice that goes with them
    complete:    (values, draw, context) -> None: settles the values that depend on others
    stored:      (values, response, context) -> {field: (stored, expected)}
    unstored:    {field: why it is not stored}
    expect:      the statuses of an accepted submission
    prepare:     (context) -> the Japanese path of the page to send it from (default: found)
    reuse_page:  a signed page whose form may be sent again and again (the weekly times): one
                 fresh page for every submission of an example, instead of one each
    bad_choices_ignored: a choice that is not one of the options is left out, by design (the
                 display settings keep what they had), rather than refused
    options_from_prepared: the options are read on the prepared page, not the page found
                 first: they differ from page to page (the sign-up form offers the school
                 years of its opportunity; the prepared one takes them all)
    """

    text: dict = field(default_factory=dict)
    compatible: object = None
    complete: object = None
    stored: object = None
    unstored: dict = field(default_factory=dict)
    expect: tuple = (302,)
    prepare: object = None
    reuse_page: bool = False
    bad_choices_ignored: bool = False
    options_from_prepared: bool = False


def anything_goes(values, name, option):
    return True


class _Language:
    """The language the current submission was sent in (for the specs' checks)."""

    code = "ja"

    def get(self):
        return self.code


context_language = _Language()


def echo_stored(values, response, context):
    """A filter (GET) form: the page shows back, in the same form, every value it was sent."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = context["form"]
    wanted = {UUID.sub("*", name) for name in form.controls}
    for candidate in soup.select("main form") + soup.find_all("form"):
        names = {e.get("name") for e in candidate.find_all(["input", "select", "textarea"])}
        if (candidate.get("method") or "get").lower() == "get" and wanted <= names:
            break
    else:
        return {"(form)": ("not shown again", "shown again")}
    shown = {}
    for element in candidate.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if name not in form.controls:
            continue
        if element.name == "select":
            option = element.find("option", selected=True) or element.find("option")
            shown[name] = option.get("value", option.get_text()) if option else ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                shown[name] = element.get("value", "on")
            else:
                shown.setdefault(name, "")
        elif element.name == "textarea":
            shown[name] = element.get_text()
        else:
            shown[name] = element.get("value", "")
    words = " ".join
    return {
        name: (words(str(shown.get(name, "")).split()), words(str(values.get(name, "")).split()))
        for name in form.controls
        if form.controls[name].kind != "hidden"
    }


# The Spec of every filter (GET) form: the page answers and shows the values back.
GET = {"expect": (200,), "stored": echo_stored}
