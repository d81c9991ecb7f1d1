"""Public pages of the Volunteer Center: no account, signed links instead."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_http_methods

from kokoron.core import audit
from kokoron.core.no_store import no_store
from kokoron.core.rate_limits import rate_limited
from kokoron.notifications.service import notify

from . import services
from .fields import save_days_away
from .forms import AskForm, RegisterForm, helped_person_from, person_from
from .models import Need, NeedNote, Proposal, Volunteer

# Noted on the need, in the council's language, when someone asks for another person.
CONSENT_NOTE = gettext_noop(
    "Public form: the person who asked confirmed that the person helped agrees that we share "
    "their details with the Volunteer Center and the volunteer who helps."
)


def index(request):
    return render(request, "matching/index.html")


def _language():
    return translation.get_language() or "ja"


@require_http_methods(["GET", "POST"])
def ask(request):
    form = AskForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "ask", emails=[form.cleaned_data.get("email")]):
            limited = True
        else:
            data = form.cleaned_data
            with transaction.atomic(), audit.acting(label="public form"):
                person = person_from(form)
                person.language = _language()
                person.save()
                helped = None
                if form.for_someone_else:
                    helped = helped_person_from(form)
                    helped.save()
                need = Need.objects.create(
                    requester=person,
                    recipient=helped,
                    for_whom=data["for_whom"],
                    category=data["category"],
                    description=data["description"],
                    district=data["district"],
                    neighbourhood=data.get("neighbourhood"),
                    date=data["date"],
                    start_time=data["start_time"],
                    end_time=data["end_time"],
                    repeats_weekly=data.get("repeats_weekly", False),
                    channel=Need.Channel.PUBLIC_FORM,
                )
                need.refresh_from_db(fields=["reference"])
                if helped is not None:
                    with translation.override(settings.LANGUAGE_CODE):
                        NeedNote.objects.create(need=need, text=gettext(CONSENT_NOTE))
                if person.email:
                    notify(
                        key=f"matching-asked-{need.pk}",
                        template="matching_asked",
                        to=person.email,
                        language=person.language,
                        context={"name": person.name, "reference": need.reference},
                    )
            request.session["matching_reference"] = need.reference
            return redirect("matching:ask_thanks")
    return render(
        request,
        "matching/ask.html",
        {"form": form, "limited": limited},
        status=429 if limited else (400 if form.is_bound and form.errors else 200),
    )


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "register", emails=[form.cleaned_data["email"]]):
            limited = True
        else:
            data = form.cleaned_data
            with transaction.atomic(), audit.acting(label="public form"):
                person = person_from(form)
                person.language = _language()
                person.strengths = data.get("strengths", "")
                person.save()
                volunteer = Volunteer.objects.create(
                    person=person,
                    availability=data["availability"],
                    languages=data["languages"],
                    gender=data.get("gender", ""),
                    # Registered from the form: a coordinator meets them before the first need.
                    status=Volunteer.Status.PAUSED,
                    consent=True,
                    consented_at=timezone.now(),
                )
                volunteer.activities.set(data["activities"])
                volunteer.goes_to.set(data["goes_to"])
                save_days_away(volunteer, data["days_away"], timezone.localdate())
                volunteer.refresh_from_db(fields=["reference"])
                notify(
                    key=f"matching-registered-{volunteer.pk}",
                    template="matching_registered",
                    to=person.email,
                    language=person.language,
                    context={"name": person.name, "reference": volunteer.reference},
                )
            request.session["matching_reference"] = volunteer.reference
            return redirect("matching:register_thanks")
    return render(
        request,
        "matching/register.html",
        {"form": form, "limited": limited},
        status=429 if limited else (400 if form.is_bound and form.errors else 200),
    )


@no_store
def thanks(request, kind):
    reference = request.session.get("matching_reference")
    if not reference:
        return redirect("matching:ask" if kind == "ask" else "matching:register")
    return render(request, "matching/thanks.html", {"reference": reference, "kind": kind})


@require_http_methods(["GET", "POST"])
def answer(request, token):
    """The page a proposal's email links to: accept or decline without logging in."""
    try:
        proposal = services.proposal_from_token(token)
    except services.LinkError as error:
        return render(request, "matching/answer_error.html", {"code": error.code}, status=400)
    message = None
    status = 200
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in {"accept", "decline"}:
            message, status = "choose", 400
        else:
            try:
                proposal = services.respond(proposal, accept=choice == "accept")
            except services.LinkError as error:
                return render(
                    request, "matching/answer_error.html", {"code": error.code}, status=400
                )
            return redirect(reverse("matching:proposal", kwargs={"token": token}))
    proposal.refresh_from_db()
    need = proposal.need
    show_contact = services.contact_visible_to(proposal)
    if show_contact:
        audit.disclosed(
            need.requester,
            f"contact shown to volunteer for need {need.reference}",
            label=f"volunteer {proposal.volunteer.reference} via link",
        )
    expired = proposal.state == Proposal.State.PENDING and proposal.expires_at <= timezone.now()
    return render(
        request,
        "matching/answer.html",
        {
            "proposal": proposal,
            "need": need,
            "show_contact": show_contact,
            "requester": need.requester if show_contact else None,
            "expired": expired,
            "message": message,
        },
        status=status,
    )
