"""Public pages of volunteer experiences, under /volunteer/experiences/ in every language.

No account: the sign-up form, then signed links in emails to see, cancel, reconfirm, let a
guardian agree, list one's sign-ups and print a certificate. A bad or old link, a full or
closed session, a double click: a page that says so, never a server error.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from wagtail.models import Locale

from icalendar import Calendar, Event

from kokoron.core.no_store import no_store
from kokoron.core.rate_limits import rate_limited
from kokoron.pages import cache as page_cache
from kokoron.pages.listing import attach_images, paginate, query_without_page
from kokoron.pages.privacy import public

from . import certificates, rules, services
from .forms import EmailForm, RangeForm, SessionFilterSet, SignupForm, VerifyForm
from .models import OpportunityPage, Session, Signup

# Sessions per page of the listing: cards, as in the news.
PER_PAGE = 10
# Sign-ups one client address may send in an hour: a class of 40 on its school's network
# gets through, a robot filling sessions does not. Each address written to (the person's,
# the guardian's) is sent at most SIGNUP_EMAIL_LIMIT of them.
SIGNUP_LIMIT = 60
SIGNUP_EMAIL_LIMIT = 5
# Certificate checks one client address may make in an hour (a school checking a class's).
VERIFY_LIMIT = 60
VERIFY_STATUS = {"unknown": 404, "limited": 429}


def _language():
    return translation.get_language() or "ja"


def localized_pages(sessions):
    """{translation_key: the opportunity page in the active language, else the source}."""
    keys = {session.opportunity.translation_key for session in sessions}
    locale = Locale.get_active()
    pages = {session.opportunity.translation_key: session.opportunity for session in sessions}
    translations = OpportunityPage.objects.live().filter(locale=locale, translation_key__in=keys)
    for page in public(translations):
        pages[page.translation_key] = page
    return pages


def attach_pages(sessions):
    pages = localized_pages(sessions)
    for session in sessions:
        session.page = pages[session.opportunity.translation_key]
    return sessions


def upcoming_sessions():
    return Session.objects.for_listing().filter(
        start__gt=timezone.now(), opportunity__locale=Locale.get_default()
    )


@page_cache.cached_view("experiences")
def listing(request):
    filterset = SessionFilterSet(request.GET or None, queryset=upcoming_sessions())
    valid = not filterset.is_bound or filterset.is_valid()
    sessions = filterset.qs if valid else upcoming_sessions()
    # A page number past the end, or not a number, gives the last or the first page.
    results = paginate(request, sessions, PER_PAGE)
    attach_pages(results.object_list)
    attach_images({session.page.pk: session.page for session in results.object_list}.values())
    return render(
        request,
        "matching/signups/listing.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "results": results,
            "query": query_without_page(request),
            "total": results.paginator.count,
        },
        status=200 if valid else 400,
    )


def calendar(request):
    """An iCalendar feed of upcoming sessions (the listing's filters apply)."""
    filterset = SessionFilterSet(request.GET or None, queryset=upcoming_sessions())
    valid = not filterset.is_bound or filterset.is_valid()
    sessions = list((filterset.qs if valid else upcoming_sessions())[:500])
    attach_pages(sessions)
    cal = Calendar()
    cal.add("prodid", "-//Kokoron//volunteer experiences//JA")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", str(translation.gettext("Volunteer experiences")))
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@kokoron")
        event.add("summary", session.page.title)
        event.add("dtstart", session.start)
        event.add("dtend", session.end)
        event.add("dtstamp", timezone.now())
        event.add("location", ", ".join(filter(None, [session.place_name, session.place_address])))
        event.add("url", request.build_absolute_uri(session.get_signup_url()))
        event.add("description", session.page.summary)
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="experiences.ics"'
    return response


def _session_or_404(pk):
    session = Session.objects.for_listing().filter(pk=pk).first()
    if session is None:
        raise Http404
    attach_pages([session])
    return session


MESSAGES_STATUS = {
    "duplicate": 409,
    "overlap": 409,
    "not_found": 404,
}


@require_http_methods(["GET", "POST"])
def signup(request, pk):
    session = _session_or_404(pk)
    form = SignupForm(request.POST or None, opportunity=session.opportunity)
    problem = None
    clash = None
    status = 200
    window = session.window()
    if window != "open":
        problem, status = window, 410 if window == "past" else 403
        form = None
    elif request.method == "POST":
        if form.is_valid() and rate_limited(
            request,
            "signup",
            SIGNUP_LIMIT,
            emails=[form.cleaned_data["email"], form.cleaned_data.get("guardian_email")],
            email_limit=SIGNUP_EMAIL_LIMIT,
        ):
            problem, status = "limited", 429
        elif form.is_valid():
            try:
                created = services.sign_up(session.pk, form.cleaned_data, _language())
            except services.SignupError as error:
                problem = error.code
                status = MESSAGES_STATUS.get(error.code, 400)
                if error.code == "overlap" and error.signup is not None:
                    clash = error.signup.session
                    attach_pages([clash])
                if error.code in {"closed", "not_yet", "past", "not_found"}:
                    form = None
            else:
                request.session["signup_done"] = created.pk
                return redirect("matching:experiences:done")
        else:
            status = 400
    return render(
        request,
        "matching/signups/signup.html",
        {"session": session, "form": form, "problem": problem, "clash": clash},
        status=status,
    )


@no_store
def done(request):
    signup_id = request.session.get("signup_done")
    signup = Signup.objects.select_related("session__opportunity").filter(pk=signup_id).first()
    if signup is None:
        return redirect("matching:experiences:list")
    attach_pages([signup.session])
    return render(request, "matching/signups/done.html", {"signup": signup})


def link_error(request, code):
    return render(request, "matching/signups/link_error.html", {"code": code}, status=400)


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """See one's sign-up, cancel it, reconfirm an offered place, print a certificate."""
    try:
        signup = services.signup_from_token(token)
    except services.SignupError as error:
        return link_error(request, error.code)
    problem = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                services.cancel(signup)
            elif action == "reconfirm":
                services.reconfirm(signup)
            elif action == "certificate":
                # Only what staff checked in as attended, whatever the form sends.
                certificate = certificates.issue_certificate(
                    certificates.certifiable(signup.email).filter(pk=signup.pk),
                    language=_language(),
                )
                return redirect(
                    "matching:experiences:certificate",
                    token=services.certificate_token(certificate),
                )
            else:
                problem = "choose"
        except services.SignupError as error:
            problem = error.code
        if problem is None:
            return redirect("matching:experiences:manage", token=token)
    signup.refresh_from_db()
    attach_pages([signup.session])
    now = timezone.now()
    return render(
        request,
        "matching/signups/manage.html",
        {
            "signup": signup,
            "session": signup.session,
            "problem": problem,
            "position": signup.waitlist_position(),
            "can_cancel": rules.can_cancel(signup.state, now, signup.session.start),
            "can_certify": signup.state == rules.State.CONFIRMED and signup.attended is True,
            "mine_url": reverse("matching:experiences:mine_request"),
        },
        status=400 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def guardian(request, token):
    try:
        signup = services.signup_from_token(token, "guardian")
    except services.SignupError as error:
        return link_error(request, error.code)
    problem = None
    if request.method == "POST":
        try:
            services.confirm_guardian(signup)
        except services.SignupError as error:
            problem = error.code
        else:
            return redirect("matching:experiences:guardian", token=token)
    signup.refresh_from_db()
    attach_pages([signup.session])
    return render(
        request,
        "matching/signups/guardian.html",
        {"signup": signup, "session": signup.session, "problem": problem},
        status=400 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def mine_request(request):
    """「申し込みの確認」: an email address in, a link out (whether or not it has sign-ups)."""
    form = EmailForm(request.POST or None)
    sent = limited = False
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "signups-mine", emails=[form.cleaned_data["email"]]):
            limited = True
        else:
            services.send_my_signups_link(form.cleaned_data["email"], _language())
            sent = True
    return render(
        request,
        "matching/signups/mine_request.html",
        {"form": form, "sent": sent, "limited": limited},
        status=429 if limited else (400 if form.is_bound and form.errors else 200),
    )


@require_http_methods(["GET", "POST"])
def mine(request, token):
    try:
        email = services.email_from_mine_token(token)
    except services.SignupError as error:
        return link_error(request, error.code)
    signups = list(certificates.history(email))
    attach_pages([signup.session for signup in signups])
    for signup in signups:
        signup.manage_token = services.token_for(signup)
    range_form = RangeForm(request.POST or None)
    problem = None
    if request.method == "POST" and range_form.is_valid():
        chosen = certificates.certifiable(
            email, range_form.cleaned_data.get("date_from"), range_form.cleaned_data.get("date_to")
        )
        try:
            certificate = certificates.issue_certificate(chosen, language=_language())
        except services.SignupError as error:
            problem = error.code
        else:
            return redirect(
                "matching:experiences:certificate", token=services.certificate_token(certificate)
            )
    return render(
        request,
        "matching/signups/mine.html",
        {"signups": signups, "range_form": range_form, "problem": problem},
        status=400 if problem or range_form.errors else 200,
    )


def certificate(request, token):
    try:
        cert = services.certificate_from_token(token)
    except services.SignupError as error:
        return link_error(request, error.code)
    return render(request, "matching/signups/certificate.html", certificate_context(request, cert))


def certificate_context(request, cert):
    verify = request.build_absolute_uri(reverse("matching:experiences:verify"))
    return {"certificate": cert, "verify_url": verify}


@no_store
def verify(request):
    """Whoever holds a certificate (its number and the code printed with it) sees what the
    council issued; a number alone, or a wrong code, shows nothing. Checks are rate-limited."""
    form = VerifyForm(request.GET or None)
    certificate = problem = None
    if form.is_bound and form.is_valid():
        if rate_limited(request, "certificate-verify", VERIFY_LIMIT):
            problem = "limited"
        else:
            certificate, problem = certificates.verify(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
    return render(
        request,
        "matching/signups/verify.html",
        {"form": form, "certificate": certificate, "problem": problem},
        status=VERIFY_STATUS.get(problem, 400 if problem or form.errors else 200),
    )
