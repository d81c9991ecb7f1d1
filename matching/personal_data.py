"""Personal data on a person's request (APPI): the Volunteer Center's part of the core's
registry (kokoron.privacy.registry).

- People (`matching.people`): a person's record, as the one who asked for help, the one
  helped (a need asked for them by someone else), a volunteer; the coordinators' notes on
  those needs; and notes or needs elsewhere that name them.
- Sign-ups (`matching.signups`): sign-ups as participant or student, as guardian, the
  certificates, and messages to participants that name them.

The log entries about the records found are the core's (kokoron.privacy.audit_log).
"""

import contextlib

from django.db.models import Q
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from kokoron.core import audit
from kokoron.core.locking import lock_all
from kokoron.core.signed_links import new_nonce
from kokoron.notifications.service import forget
from kokoron.privacy import registry
from kokoron.privacy.identifiers import Subject, normalize_name, phone_digits
from kokoron.privacy.registry import Contributor, mentioning, place, redact_fields

from .models import Need, NeedNote, Person, Volunteer
from .signups.models import Certificate, Session, SessionMessage, Signup

PEOPLE = "matching.people"
SIGNUPS = "matching.signups"
ERASED_DOMAIN = "erased.invalid"


def same_person(subject, name="", email="", phone=""):
    """Whether a record's own name, address or number is the subject's."""
    return bool(
        (subject.email and email and email.strip().lower() == subject.email)
        or (subject.name and name and _same_name(normalize_name(name), subject.name))
        or (subject.phone and phone and phone_digits(phone) == subject.phone)
    )


def _same_name(a, b):
    return a == b or a.replace(" ", "") == b.replace(" ", "")


def _identity_query(subject, name="name", email="email", phone="phone"):
    """A database filter for records whose own fields may be the subject's (the caller
    checks each with same_person)."""
    query = Q()
    if subject.email and email:
        query |= Q(**{f"{email}__iexact": subject.email})
    if subject.name and name:
        for variant in {subject.name, subject.name.replace(" ", "")}:
            query |= Q(**{f"{name}__icontains": variant.split(" ")[0]})
    if subject.phone and phone and len(subject.phone) >= 4:
        query |= Q(**{f"{phone}__icontains": subject.phone[-4:]})
    return query


def _matches(queryset, subject, name="name", email="email", phone="phone"):
    query = _identity_query(subject, name, email, phone)
    if not query:
        return []
    return [
        row
        for row in queryset.filter(query)
        if same_person(
            subject,
            getattr(row, name, "") if name else "",
            getattr(row, email, "") if email else "",
            getattr(row, phone, "") if phone else "",
        )
    ]


# The Volunteer Center's people


def person_data(person):
    return {field.name: getattr(person, field.attname) for field in Person._meta.concrete_fields}


def volunteer_data(volunteer):
    data = {
        field.name: getattr(volunteer, field.attname) for field in Volunteer._meta.concrete_fields
    }
    data["activities"] = [a.name for a in volunteer.activities.all()]
    data["trainings"] = [
        {"training": t.training.name, "completed_on": t.completed_on, "expires_on": t.expires_on}
        for t in volunteer.trainings.select_related("training")
    ]
    data["days_away"] = [
        {"first_day": a.first_day, "last_day": a.last_day, "reason": a.reason}
        for a in volunteer.absences.all()
    ]
    data["assignments"] = [
        {
            "need": a.need.reference,
            "for_date": a.for_date,
            "outcome": a.outcome,
            "hours_given": a.hours_given,
            "hours_recorded_by": a.hours_recorded_by,
        }
        for a in volunteer.assignments.select_related("need")
    ]
    return data


def need_data(need):
    return {
        "reference": need.reference,
        "category": need.category.name,
        "description": need.description,
        "date": need.date,
        "state": need.state,
        "closed_reason": need.closed_reason,
    }


def note_data(note):
    return {"need": note.need.reference, "note": note.text, "written": note.created_at}


def export_person(person):
    """One person's record as its own screen downloads it: the person, their volunteer
    profile, the needs they asked for and those asked for them, and the notes on those."""
    data = {"person": person_data(person)}
    volunteer = Volunteer.objects.filter(person=person).first()
    if volunteer is not None:
        data["volunteer"] = volunteer_data(volunteer)
    needs = Need.objects.select_related("category")
    data["needs"] = [need_data(need) for need in needs.filter(requester=person)]
    data["needs_helped"] = [need_data(need) for need in needs.filter(recipient=person)]
    data["notes"] = [
        note_data(note)
        for note in NeedNote.objects.filter(
            Q(need__requester=person) | Q(need__recipient=person)
        ).select_related("need")
    ]
    return data


def places_of(person):
    """The places of one person's record (for its own screen)."""
    places = [place(PEOPLE, person, "person")]
    volunteer = Volunteer.objects.filter(person=person).first()
    if volunteer is not None:
        places.append(place(PEOPLE, volunteer, "volunteer"))
    for need in Need.objects.filter(requester=person):
        places.append(place(PEOPLE, need, "requester"))
    for need in Need.objects.filter(recipient=person):
        places.append(place(PEOPLE, need, "helped"))
    notes = NeedNote.objects.filter(Q(need__requester=person) | Q(need__recipient=person))
    for note in notes.select_related("need"):
        places.append(place(PEOPLE, note, "note", f"{note.need.reference} #{note.pk}"))
    return places


NEED_TEXTS = ("description", "closed_reason")


def anonymise_person(record):
    """A person's record without name, contacts, address or strengths (the reference, the
    district and the needs stay for the reports). False when there was nothing left."""
    values = {
        "name": _gettext("(erased)"),
        "name_kana": "",
        "email": "",
        "phone": "",
        "address": "",
        "strengths": "",
    }
    if all(getattr(record, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    return True


def blank_need(need):
    """A need without its description or reason; its kind, district, dates and state stay."""
    if not need.description and not need.closed_reason:
        return False
    need.description = ""
    need.closed_reason = ""
    # Only these fields: the state may be moving on under a volunteer's answer.
    need.save(update_fields=["description", "closed_reason", "updated_at"])
    return True


class PeopleContributor(Contributor):
    key = PEOPLE
    label = _("Volunteer Center: people, needs and notes")

    def find(self, subject, found=()):
        people = _matches(Person.objects.all(), subject)
        places = []
        for person in people:
            places.extend(places_of(person))
        known = {(p.model, p.pk) for p in places}
        for note in mentioning(NeedNote.objects.select_related("need"), ["text"], subject):
            if ("matching.neednote", str(note.pk)) not in known:
                places.append(place(self.key, note, "mention", f"{note.need.reference} #{note.pk}"))
        for need in mentioning(Need.objects.all(), NEED_TEXTS, subject):
            if ("matching.need", str(need.pk)) not in known:
                places.append(place(self.key, need, "mention"))
        return places

    def export(self, subject, places):
        person = registry.Person(subject, places)

        def rows(model, role):
            return model.objects.filter(pk__in=person.pks(self.key, model._meta.label_lower, role))

        needs = Need.objects.select_related("category")
        notes = NeedNote.objects.select_related("need")
        return {
            "people": [person_data(p) for p in rows(Person, "person")],
            "volunteers": [volunteer_data(v) for v in rows(Volunteer, "volunteer")],
            "needs_asked": [
                need_data(n)
                for n in needs.filter(pk__in=person.pks(self.key, "matching.need", "requester"))
            ],
            "needs_helped": [
                need_data(n)
                for n in needs.filter(pk__in=person.pks(self.key, "matching.need", "helped"))
            ],
            "notes": [
                note_data(n)
                for n in notes.filter(pk__in=person.pks(self.key, "matching.neednote", "note"))
            ],
            "named_in": [
                *(
                    note_data(n)
                    for n in notes.filter(
                        pk__in=person.pks(self.key, "matching.neednote", "mention")
                    )
                ),
                *(
                    need_data(n)
                    for n in needs.filter(pk__in=person.pks(self.key, "matching.need", "mention"))
                ),
            ],
        }

    def erase(self, subject, places):
        """Names, contacts, address, strengths, descriptions and notes go; the needs, their
        kind, district, dates, states and the hours given stay for the reports."""
        person = registry.Person(subject, places)
        erased = 0
        addresses = []
        for volunteer in Volunteer.objects.filter(
            pk__in=person.pks(self.key, "matching.volunteer")
        ):
            volunteer.status = Volunteer.Status.RETIRED
            volunteer.availability = []
            volunteer.languages = []
            volunteer.gender = ""
            volunteer.consent = False
            volunteer.save()
            volunteer.trainings.all().delete()
            volunteer.absences.all().delete()
            erased += 1
        for need in Need.objects.filter(
            pk__in=person.pks(self.key, "matching.need", "requester")
            | person.pks(self.key, "matching.need", "helped")
        ):
            erased += blank_need(need)
        erased += NeedNote.objects.filter(
            pk__in=person.pks(self.key, "matching.neednote", "note")
        ).update(text="")
        for record in Person.objects.filter(pk__in=person.pks(self.key, "matching.person")):
            addresses.append(record.email)
            erased += anonymise_person(record)
        mentioned = person.pks(self.key, "matching.neednote", "mention")
        for note in NeedNote.objects.filter(pk__in=mentioned):
            erased += redact_fields(note, ["text"], subject)
        for need in Need.objects.filter(pk__in=person.pks(self.key, "matching.need", "mention")):
            erased += redact_fields(need, NEED_TEXTS, subject)
        forget(addresses)
        return erased


def erase_person(person, user=None):
    """Erase one person's record (its own screen): the record, the needs asked by or for
    them, the notes on those, and the emails sent to them. Logged in the audit log first."""
    subject = Subject.of(email=person.email)
    places = places_of(person)
    if subject.email:
        places += registry.find(subject, only={"notifications"}).places
    found = registry.Person(subject, places)
    entry = audit.erased(person, "personal data erased on request", user)
    registry.erase(found)
    registry.log("erase", found, user, PEOPLE)
    return entry


# Sign-ups


SIGNUP_FIELDS = (
    "name",
    "name_kana",
    "school",
    "phone",
    "emergency_contact",
    "allergies",
    "assistance",
    "guardian_name",
    "guardian_email",
)
SIGNUP_TEXTS = ("emergency_contact", "allergies", "assistance")
MESSAGE_TEXTS = ("subject", "body")


def signup_data(signup):
    return {
        "reference": signup.reference,
        "session": str(signup.session),
        "state": signup.state,
        "email": signup.email,
        **{name: getattr(signup, name) for name in SIGNUP_FIELDS},
        "grade": signup.grade,
        "age": signup.age,
        "photo_consent": signup.photo_consent,
        "attended": signup.attended,
        "hours": str(signup.hours) if signup.hours is not None else None,
        "signed_up": signup.created_at.isoformat(),
    }


def guardian_data(signup):
    return {
        "sign_up": signup.reference,
        "session": str(signup.session),
        "guardian_name": signup.guardian_name,
        "guardian_email": signup.guardian_email,
        "agreed": signup.guardian_confirmed_at,
    }


def certificate_data(certificate):
    return {"number": certificate.number, "name": certificate.name, "lines": certificate.lines}


class SignupsContributor(Contributor):
    key = SIGNUPS
    label = _("Volunteer experiences: sign-ups and certificates")

    def find(self, subject, found=()):
        signups = Signup.objects.select_related("session__opportunity")
        places = [place(self.key, s, "participant") for s in _matches(signups, subject)]
        for signup in _matches(signups, subject, "guardian_name", "guardian_email", ""):
            places.append(place(self.key, signup, "guardian"))
        for certificate in _matches(Certificate.objects.all(), subject, phone=""):
            places.append(place(self.key, certificate, "certificate", certificate.number))
        # An emergency contact or a note on assistance that gives their number or name.
        known = {(p.model, p.pk) for p in places}
        for signup in mentioning(Signup.objects.all(), SIGNUP_TEXTS, subject):
            if ("signups.signup", str(signup.pk)) not in known:
                places.append(place(self.key, signup, "mention"))
        for message in mentioning(SessionMessage.objects.all(), MESSAGE_TEXTS, subject):
            places.append(place(self.key, message, "mention", f"#{message.pk}"))
        return places

    def export(self, subject, places):
        person = registry.Person(subject, places)
        signups = Signup.objects.select_related("session__opportunity").order_by("pk")
        return {
            "signups": [
                signup_data(s)
                for s in signups.filter(
                    pk__in=person.pks(self.key, "signups.signup", "participant")
                )
            ],
            "as_guardian": [
                guardian_data(s)
                for s in signups.filter(pk__in=person.pks(self.key, "signups.signup", "guardian"))
            ],
            "certificates": [
                certificate_data(c)
                for c in Certificate.objects.filter(
                    pk__in=person.pks(self.key, "signups.certificate")
                )
            ],
            "named_in": [
                {field: getattr(s, field) for field in ("reference", "emergency_contact")}
                for s in signups.filter(pk__in=person.pks(self.key, "signups.signup", "mention"))
            ]
            + [
                {"subject": m.subject, "message": m.body}
                for m in SessionMessage.objects.filter(
                    pk__in=person.pks(self.key, "signups.sessionmessage")
                )
            ],
        }

    def erase(self, subject, places):
        """Places still to come are cancelled first (the waiting list moves on), then names
        and contacts are blanked and the links stop working. Sessions, states and hours stay.
        A guardian's erasure leaves the child's sign-up; one still waiting for their consent
        can no longer get it and is cancelled."""
        from .signups import rules, services

        person = registry.Person(subject, places)
        erased = 0
        addresses = []
        as_participant = person.pks(self.key, "signups.signup", "participant")
        as_guardian = person.pks(self.key, "signups.signup", "guardian") - as_participant
        # In the order sign_up takes them: the sessions, then the addresses, then each sign-up.
        concerned = Signup.objects.filter(pk__in=as_participant | as_guardian)
        lock_all(Session.objects.filter(pk__in=concerned.values("session_id")))
        for email in sorted(set(concerned.values_list("email", flat=True))):
            services.lock_person(email)
        lock_all(concerned)
        for signup in Signup.objects.filter(pk__in=as_participant, state__in=rules.ACTIVE):
            _cancel(services, signup)
        held = Signup.objects.filter(pk__in=as_guardian, state=rules.State.HELD)
        for signup in held:
            _cancel(services, signup)
        for signup in Signup.objects.filter(pk__in=as_participant):
            addresses += [signup.email, signup.guardian_email]
            for name in SIGNUP_FIELDS:
                setattr(signup, name, "")
            if signup.state in rules.ACTIVE:
                signup.state = rules.State.CANCELLED
            signup.email = f"erased-{signup.pk}@{ERASED_DOMAIN}"
            signup.nonce = new_nonce()
            signup.save()
            erased += 1
        for signup in Signup.objects.filter(pk__in=as_guardian):
            addresses.append(signup.guardian_email)
            Signup.objects.filter(pk=signup.pk).update(
                guardian_name="", guardian_email="", nonce=new_nonce()
            )
            erased += 1
        certificates = Certificate.objects.filter(
            pk__in=person.pks(self.key, "signups.certificate")
        )
        addresses += certificates.values_list("email", flat=True)
        erased += certificates.update(name="", email=f"erased@{ERASED_DOMAIN}")
        # A child's emergency contact is often the guardian's own number.
        named = person.pks(self.key, "signups.signup", "mention") | as_guardian
        for signup in Signup.objects.filter(pk__in=named):
            erased += redact_fields(signup, SIGNUP_TEXTS, subject)
        for message in SessionMessage.objects.filter(
            pk__in=person.pks(self.key, "signups.sessionmessage")
        ):
            erased += redact_fields(message, MESSAGE_TEXTS, subject)
        forget(addresses)
        return erased


def _cancel(services, signup):
    # A session that has begun has no place to free.
    with contextlib.suppress(services.SignupError):
        services.cancel(signup)


def signup_places(email):
    """The places of one address's sign-ups (the history screen): as participant, as
    guardian, the certificates, and the emails to the address."""
    subject = Subject.of(email=email)
    person = registry.find(subject, only={SIGNUPS, "notifications"})
    # Found by the address alone: a name in free text is for the screen of every register.
    return registry.Person(subject, [p for p in person.places if p.role != "mention"])


def export_signups(email):
    """One address's sign-ups as the history screen downloads them."""
    person = signup_places(email)
    data = registry.export(person)["data"]
    return {
        "email": person.subject.email,
        **data.get(SIGNUPS, {"signups": [], "as_guardian": [], "certificates": []}),
        "emails": data.get("notifications", []),
    }


def erase_signups(email):
    person = signup_places(email)
    registry.erase(person)
    registry.log("erase", person, None, SIGNUPS)
    return len(person.places)


def contributors():
    return [PeopleContributor(), SignupsContributor()]
