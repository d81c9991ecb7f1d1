"""Signed links for the accessibility checks: for every public page reached only by a link
that the site emails (a token in the path or the query), how to make a valid one from the demo
ward, through the project's own services and factories, the way the app makes the link it mails.

LINKS maps a URL name ("namespace:name"), or a routable page's route ("PageModel:route"), to
its variants: each a function returning a fresh link (a Japanese path, maybe with a query) in a
state worth checking. A fresh link means fresh data: a form sent on one (a cancel button sends
without errors) does not change what the next one shows.

test_accessibility.py finds the public URL names that take an opaque value (a token) by walking
the URL resolver, and the pages that refuse a bare visit with 400; each needs an entry here or
in NOT_PAGES, or the test fails naming it.
"""

import datetime as dt
import itertools
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils import timezone

# Signed URLs that answer with something other than an HTML page, and why.
NOT_PAGES = {
    "education:calendar": "an iCalendar file of the confirmed class, not a page",
}

_numbers = itertools.count(1)


def _unique(prefix):
    return f"a11y-{prefix}-{next(_numbers)}@example.jp"


def _path(url):
    """The path (and query) of an absolute link as mailed."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


# The core: newsletter subscriptions (double opt-in, one-click unsubscribe) ------------------


def _subscriber():
    from kokoron.newsletters.models import Subscriber

    return Subscriber.objects.create(email=_unique("subscriber"), language="ja", newsletters=True)


def _subscribe_path():
    from wagtail.models import Locale

    from kokoron.newsletters.models import NewsletterIndexPage

    index = NewsletterIndexPage.objects.live().get(locale=Locale.get_default())
    return index.subscribe_url()


def subscription_confirm():
    from kokoron.newsletters.subscriptions import confirm_token

    return f"{_subscribe_path()}confirm/?token={confirm_token(_subscriber())}"


def subscription_unsubscribe():
    from kokoron.newsletters.subscriptions import unsubscribe_token

    return f"{_subscribe_path()}unsubscribe/?token={unsubscribe_token(_subscriber())}"


# directory: the yearly verification of an organisation's entries ----------------------------


def directory_verification():
    from directory import verification
    from directory.models import Organization, Service

    organization = (
        Organization.objects.filter(services__in=Service.objects.active())
        .order_by("name")
        .distinct()
        .first()
    )
    return _path(verification.link(organization))


# matching: a volunteer's answer to a proposal, and the volunteer's own page ----------------


def _neighbourhood():
    from kokoron.geography.models import Neighbourhood

    return Neighbourhood.objects.select_related("district").order_by("pk").first()


def _volunteer():
    from matching.factories import PersonFactory, VolunteerFactory, ensure_activities

    activities, _trainings = ensure_activities()
    person = PersonFactory(
        email=_unique("volunteer"),
        neighbourhood=_neighbourhood(),
        name="木村 さくら",
        name_kana="きむら さくら",
    )
    return VolunteerFactory(person=person, activities=[activities["shopping"]])


def _need(days_ahead=5):
    from matching.factories import NeedFactory, PersonFactory, ensure_activities

    activities, _trainings = ensure_activities()
    requester = PersonFactory(email=_unique("requester"), neighbourhood=_neighbourhood())
    return NeedFactory(
        requester=requester,
        category=activities["shopping"],
        date=timezone.localdate() + dt.timedelta(days=days_ahead),
    )


def proposal_answer():
    from matching import services

    proposal = services.propose(_need(), _volunteer())
    return _path(services.link_url(proposal))


def volunteer_page():
    """A volunteer with a current assignment (the requester's contact shown), a finished one
    whose hours wait for the volunteer's confirmation, days away they told us of (which they
    may still withdraw) and a training done."""
    from matching import own_page, services
    from matching.factories import VolunteerTrainingFactory, ensure_activities

    volunteer = _volunteer()
    services.respond(services.propose(_need(3), volunteer), accept=True)
    finished = _need(1)
    services.respond(services.propose(finished, volunteer), accept=True)
    own_page.finish_need(finished)
    soon = timezone.localdate() + dt.timedelta(days=20)
    services.report_absence(volunteer, soon, soon + dt.timedelta(days=2), "法事のため")
    _activities, trainings = ensure_activities()
    VolunteerTrainingFactory(volunteer=volunteer, training=trainings["first-aid"])
    return _path(own_page.page_url(volunteer))


# matching.signups: volunteer experiences ----------------------------------------------------


def _open_session(capacity=None):
    """A new session of a demo experience open to adults, with places (or `capacity`)."""
    from matching.signups.factories import SessionFactory
    from matching.signups.models import OpportunityPage

    opportunity = OpportunityPage.objects.live().filter(open_to_adults=True).order_by("pk").first()
    start = (timezone.now() + dt.timedelta(days=21)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(
        opportunity=opportunity,
        start=start,
        capacity=capacity or 10,
        signup_opens=timezone.now() - dt.timedelta(days=1),
        district=_neighbourhood().district,
    )


def _sign_up(session, **data):
    from matching.signups import services
    from matching.signups.factories import signup_data

    return services.sign_up(session.pk, signup_data(email=_unique("student"), **data))


def signup_confirmed():
    from matching.signups import services

    return _path(services.manage_url(_sign_up(_open_session())))


def signup_offered():
    """The waiting list's reconfirmation: a place freed by a cancellation is offered."""
    from matching.signups import services

    session = _open_session(capacity=1)
    first = _sign_up(session)
    waiting = _sign_up(session)
    services.cancel(first)
    waiting.refresh_from_db()
    assert waiting.state == waiting.State.OFFERED, waiting.state
    return _path(services.manage_url(waiting))


def _attended():
    """A demo sign-up that staff checked in as present (it can be certified)."""
    from matching.signups.models import Signup

    return Signup.objects.filter(state=Signup.State.CONFIRMED, attended=True).order_by("pk").first()


def signup_attended():
    from matching.signups import services

    return _path(services.manage_url(_attended()))


def guardian_consent():
    from matching.signups import services

    signup = _sign_up(
        _open_session(),
        age=16,
        grade=11,
        guardian_name="山田 太郎",
        guardian_email=_unique("guardian"),
    )
    return _path(services.guardian_url(signup))


def my_signups():
    from matching.signups import services

    return _path(
        services.url_in(
            "ja", "matching:experiences:mine", token=services.mine_token(_attended().email)
        )
    )


def _certificate():
    from matching.signups import certificates

    return certificates.issue_certificate(certificates.certifiable(_attended().email))


def certificate():
    from matching.signups import services

    return reverse(
        "matching:experiences:certificate",
        kwargs={"token": services.certificate_token(_certificate())},
    )


def certificate_verified():
    """What whoever holds the certificate sees on checking its number and printed code."""
    certificate = _certificate()
    query = urlencode({"number": certificate.number, "code": certificate.printed_code})
    return f"{reverse('matching:experiences:verify')}?{query}"


# education: the teacher's request, the lecturers' answers, feedback after the class ---------


def _class_request():
    """A new request like the first demo one (its dates and programmes copied), in the state
    the request form leaves it."""
    from education.models import ClassRequest
    from kokoron.core.signed_links import new_nonce

    model = ClassRequest.objects.order_by("pk").first()
    request = ClassRequest.objects.get(pk=model.pk)
    request.pk = None
    request.reference = ""
    request.nonce = new_nonce()
    request.state = ClassRequest.State.RECEIVED
    request.teacher_name = "鈴木 花子"
    request.teacher_email = _unique("teacher")
    request.created_at = timezone.now()
    request.save()
    # The request's own rows: its dates, and its programmes where it has several.
    for related in ("dates", "programme_rows"):
        for row in getattr(model, related).all() if hasattr(model, related) else ():
            row.pk = None
            row.request = request
            row.save()
    return request


def _booking():
    """A fresh request proposed to a demo lecturer of its programme (as services.propose
    books it; the engine's choice does not matter to the pages)."""
    from education.models import BookedPerson, Booking, ClassRequest, Lecturer

    request = _class_request()
    option = request.dates.order_by("rank").first()
    lecturer = (
        Lecturer.objects.filter(kind=Lecturer.Kind.LECTURER, programmes=request.programme)
        .order_by("pk")
        .first()
    )
    booking = Booking.objects.create(
        request=request,
        date=option.date,
        first_period=option.first_period,
        last_period=option.last_period,
    )
    BookedPerson.objects.create(booking=booking, lecturer=lecturer, role=BookedPerson.Role.LECTURER)
    ClassRequest.objects.filter(pk=request.pk).update(state=ClassRequest.State.PROPOSED)
    return booking


def _done_booking():
    """A class that took place: everyone said yes, and the day has passed."""
    from education import services

    booking = _booking()
    for booked in booking.people.all():
        services.respond(booked, accept=True)
    booking.refresh_from_db()
    assert booking.state == booking.State.CONFIRMED, booking.state
    services.finish_classes(on=booking.date + dt.timedelta(days=1))
    booking.refresh_from_db()
    return booking


def class_status_received():
    from education import services

    return _path(services.status_url(_class_request()))


def class_status_confirmed():
    from education import services

    booking = _booking()
    for booked in booking.people.all():
        services.respond(booked, accept=True)
    return _path(services.status_url(booking.request))


def lecturer_answer():
    from education import services

    return _path(services.answer_url(_booking().people.order_by("pk").first()))


def teacher_feedback():
    from education import services

    return _path(services.feedback_url(_done_booking().request))


def lecturer_feedback():
    from education import services
    from education.models import BookedPerson

    booked = _done_booking().people.get(role=BookedPerson.Role.LECTURER)
    return _path(services.lecturer_feedback_url(booked))


LINKS = {
    "NewsletterIndexPage:confirm": {"subscription": subscription_confirm},
    "NewsletterIndexPage:unsubscribe": {"subscription": subscription_unsubscribe},
    "directory:verify": {"organisation": directory_verification},
    "matching:proposal": {"pending": proposal_answer},
    "matching:my_page": {"with assignments": volunteer_page},
    "matching:experiences:manage": {
        "confirmed": signup_confirmed,
        "offered from the waiting list": signup_offered,
        "attended": signup_attended,
    },
    "matching:experiences:guardian": {"held": guardian_consent},
    "matching:experiences:mine": {"with history": my_signups},
    "matching:experiences:certificate": {"issued": certificate},
    # Not signed, but values in the link that a bare visit lacks: the printed number and code.
    "matching:experiences:verify": {"certificate number": certificate_verified},
    "education:status": {"received": class_status_received, "confirmed": class_status_confirmed},
    "education:answer": {"asked": lecturer_answer},
    "education:feedback": {"class done": teacher_feedback},
    "education:lecturer_feedback": {"class done": lecturer_feedback},
}
