"""Personal data on a person's request (APPI): one registry that every register adds to.

Each app that keeps personal data registers a `Contributor` under the core's
`PERSONAL_DATA_HOOK` (kokoron.plugins). A contributor:

- `find(subject)` lists the places where the person is: one `Place` per record and role
  (the person asked for help, was the one helped, volunteers, teaches, signed up, is a
  guardian, subscribes, sent a correction, is written about in a note, was sent an email…);
- `export(subject, places)` returns what those places hold, as plain JSON data;
- `erase(subject, places)` removes what identifies the person there and keeps what the
  reports count (needs, hours, classes, pupils reached), in the database transaction the
  registry opens around all of them.

The core contributes the emails sent (notifications), the newsletter subscribers and the
admin's history; the plugins contribute their own registers. The admin screen
(privacy/admin_views.py) and the registers' own screens go through `find`, `export` and
`erase` here; every export and erasure is logged (`PersonalDataRequest`) with counts, never
with the data.
"""

import dataclasses
import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from kokoron.core.spreadsheets import SpreadsheetWriter
from kokoron.plugins import PERSONAL_DATA_HOOK, registered

from .identifiers import Subject

FORMATS = ("json", "csv")

# What a place is to the person: the labels staff see next to each place found.
ROLES = {
    "person": _("their record"),
    "requester": _("asked for help"),
    "helped": _("the person helped"),
    "volunteer": _("volunteer"),
    "note": _("a coordinator's note about them"),
    "mention": _("named in a text"),
    "participant": _("signed up (student or participant)"),
    "guardian": _("guardian"),
    "certificate": _("certificate"),
    "teacher": _("teacher"),
    "lecturer": _("lecturer or supporter"),
    "feedback": _("feedback"),
    "subscriber": _("newsletter subscriber"),
    "corrector": _("sent a correction"),
    "email": _("an email sent"),
    "audit": _("audit log"),
    "history": _("admin history"),
}


@dataclass(frozen=True)
class Place:
    """One record where the person is, in one role. Names the record, never its content."""

    contributor: str
    model: str  # app_label.model_name
    pk: str
    role: str
    label: str  # e.g. "K-000012": a reference number, not personal data

    @property
    def id(self):
        return f"{self.contributor}|{self.model}|{self.pk}|{self.role}"

    @property
    def role_label(self):
        return ROLES.get(self.role, self.role)

    def as_dict(self):
        return {**dataclasses.asdict(self), "role_label": str(self.role_label)}


def place(contributor, obj, role, label=None):
    return Place(
        contributor=contributor,
        model=obj._meta.label_lower,
        pk=str(obj.pk),
        role=role,
        label=str(label if label is not None else getattr(obj, "reference", "") or obj.pk),
    )


@dataclass
class Person:
    """The subject of a request and the places found for them."""

    subject: Subject
    places: list[Place] = field(default_factory=list)

    def of(self, key):
        return [found for found in self.places if found.contributor == key]

    def pks(self, key, model, role=None):
        """The primary keys of one contributor's places of one model (and role)."""
        return {
            found.pk
            for found in self.of(key)
            if found.model == model and (role is None or found.role == role)
        }

    def only(self, ids):
        """The same person with only the places whose ids are given (the staff's choice)."""
        wanted = set(ids)
        return Person(self.subject, [found for found in self.places if found.id in wanted])

    def __bool__(self):
        return bool(self.places)


class Contributor:
    """A register's part of every request. Subclass it and register an instance."""

    key = ""
    label = ""
    # Lower erases first. Erasing may send emails (a cancelled place moves the waiting list
    # on): the emails contributor runs last and also takes what was queued meanwhile.
    order = 100

    def find(self, subject, found=()):
        """The places of `subject`; `found` holds those of the contributors before this one."""
        raise NotImplementedError

    def export(self, subject, places):
        raise NotImplementedError

    def erase(self, subject, places):
        raise NotImplementedError


def contributors(only=None):
    found = registered(PERSONAL_DATA_HOOK)
    if only is not None:
        found = [contributor for contributor in found if contributor.key in only]
    return sorted(found, key=lambda contributor: (contributor.order, contributor.key))


def find(subject, only=None):
    """Every place where the subject is, in the contributors that are on (or those named)."""
    places = []
    if subject:
        for contributor in contributors(only):
            # Some (the audit log) look for what the others found before them.
            places.extend(contributor.find(subject, found=tuple(places)))
    return Person(subject, places)


def export(person):
    """The person's data in every place found, by contributor, with the list of places."""
    data = {}
    for contributor in contributors():
        places = person.of(contributor.key)
        if places:
            data[contributor.key] = contributor.export(person.subject, places)
    return {
        "request": dataclasses.asdict(person.subject),
        "places": [found.as_dict() for found in person.places],
        "data": data,
    }


def erase(person):
    """Erase the person in every place found, all or nothing. Returns {contributor: count}."""
    counts = {}
    with transaction.atomic():
        for contributor in contributors():
            places = person.of(contributor.key)
            if places:
                counts[contributor.key] = contributor.erase(person.subject, places)
    return counts


def log(action, person, user=None, through=""):
    """The record of an export or erasure: who, when, how many places in which register."""
    from .models import PersonalDataRequest

    summary = {}
    for found in person.places:
        summary[found.contributor] = summary.get(found.contributor, 0) + 1
    return PersonalDataRequest.objects.create(
        action=action,
        actor=user if getattr(user, "is_authenticated", False) else None,
        through=through[:80],
        places=summary,
    )


# Free text: the records whose fields mention the subject.


def mentioning(queryset, fields, subject):
    """The rows of `queryset` whose text `fields` mention the subject (by address, name or
    number). The database narrows them down by substring; the subject's pattern decides."""
    words = subject.search_words()
    if not words:
        return []
    query = Q()
    for name in fields:
        for word in words:
            query |= Q(**{f"{name}__icontains": word})
    return [
        row
        for row in queryset.filter(query)
        if any(subject.mentioned_in(getattr(row, name)) for name in fields)
    ]


def mentioning_json(queryset, field_name, subject):
    """The same for one JSON field. SQLite stores JSON with non-ASCII letters escaped
    (\\u5c71), PostgreSQL as they are: the database looks for both spellings."""
    words = subject.search_words()
    if not words:
        return []
    query = Q()
    for word in {*words, *(json.dumps(word)[1:-1] for word in words)}:
        query |= Q(**{f"{field_name}__icontains": word})
    return [
        row
        for row in queryset.filter(query)
        if subject.mentioned_in_value(getattr(row, field_name))
    ]


def redact_fields(row, fields, subject):
    """Take the subject out of the row's text fields; saves only the fields that changed."""
    changed = []
    for name in fields:
        value = getattr(row, name)
        redacted = subject.redact_value(value)
        if redacted != value:
            setattr(row, name, redacted)
            changed.append(name)
    if changed:
        type(row).objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in changed})
    return bool(changed)


# Downloads


def flatten(data, prefix=""):
    """[(dotted field name, value)] of nested dicts and lists, for a flat CSV."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list | tuple):
        items = enumerate(data)
    else:
        return [(prefix, "" if data is None else data)]
    rows = []
    for key, value in items:
        rows += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return rows


def download(data, filename, fmt="json"):
    """The data as an attachment: JSON as it is, or CSV with one field a row."""
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 only with its mark
        writer = SpreadsheetWriter(response)
        writer.writerow(["field", "value"])
        writer.writerows(flatten(json.loads(json.dumps(data, cls=DjangoJSONEncoder))))
    else:
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
