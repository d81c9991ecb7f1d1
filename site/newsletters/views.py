"""The subscription pages, served by the newsletter index page (RoutablePageMixin)."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kokoron.core.forms import PublicFormRenderer

from . import subscriptions


class SubscribeForm(forms.Form):
    default_renderer = PublicFormRenderer

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.jp."),
        },
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)
    newsletters = forms.BooleanField(label=_("New newsletter issues"), required=False)
    news = forms.BooleanField(label=_("News"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("newsletters") and not cleaned.get("news"):
            self.add_error("newsletters", _("Choose at least one: newsletter issues or news."))
        return cleaned


def _render(index, request, template, status=200, **context):
    response = TemplateResponse(
        request,
        f"newsletters/{template}.html",
        {"page": index, "self": index, "request": request, **context},
        status=status,
    )
    # Forms and the outcome of one person's link: never kept by the page cache or a browser.
    add_never_cache_headers(response)
    return response


def subscribe(index, request):
    if request.method != "POST":
        form = SubscribeForm(initial={"language": translation.get_language(), "newsletters": True})
        return _render(index, request, "subscribe", form=form)
    form = SubscribeForm(request.POST)
    if not subscriptions.client_allowed(request):
        return _render(
            index,
            request,
            "subscribe",
            status=429,
            form=form,
            refused=gettext("Too many requests from here. Please try again in an hour."),
        )
    if not form.is_valid():
        return _render(index, request, "subscribe", status=400, form=form)
    subscriptions.request_subscription(
        email=form.cleaned_data["email"],
        language=form.cleaned_data["language"],
        newsletters=form.cleaned_data["newsletters"],
        news=form.cleaned_data["news"],
        subscribe_url=request.build_absolute_uri(index.subscribe_url()),
    )
    return _render(index, request, "subscribe_sent", email=form.cleaned_data["email"])


CONFIRM_MESSAGES = {
    "confirmed": _("Thank you: your subscription is confirmed."),
    "already": _("This subscription was confirmed already; nothing has changed."),
    "expired": _("This confirmation link has expired. Please subscribe again."),
    "invalid": _("This confirmation link is not valid. Please copy the whole link."),
    "gone": _("This subscription no longer exists. Please subscribe again."),
}
UNSUBSCRIBE_MESSAGES = {
    "unsubscribed": _("You will receive no more emails from us. Your address has been deleted."),
    "already": _("This address was unsubscribed already; nothing has changed."),
    "invalid": _("This link is not valid. Please copy the whole link."),
}


def _token(request):
    return request.POST.get("token") or request.GET.get("token", "")


def _result(index, request, outcome, message, ok):
    return _render(
        index,
        request,
        "subscription_result",
        status=200 if ok else 400,
        outcome=outcome,
        message=message,
        ok=ok,
    )


def _ask(index, request, heading, explanation, button):
    """A link opened: the button that does what it says. Mail scanners that open every link
    in an email press no button, so they neither confirm nor cancel anything."""
    return _render(
        index,
        request,
        "subscription_action",
        heading=heading,
        explanation=explanation,
        button=button,
        token=_token(request),
    )


def confirm(index, request):
    token = _token(request)
    if request.method == "POST":
        outcome, _subscriber = subscriptions.confirm(token)
    else:
        outcome = subscriptions.check_confirm(token)
        if outcome == "ready":
            return _ask(
                index,
                request,
                gettext("Confirm your subscription"),
                gettext("Press the button to start receiving our emails."),
                gettext("Confirm my subscription"),
            )
    ok = outcome in ("confirmed", "already")
    return _result(index, request, outcome, CONFIRM_MESSAGES[outcome], ok)


def unsubscribe(index, request):
    token = _token(request)
    if request.method == "POST":
        outcome = subscriptions.unsubscribe(token)
    else:
        outcome = subscriptions.check_unsubscribe(token)
        if outcome == "ready":
            return _ask(
                index,
                request,
                gettext("Stop the emails"),
                gettext(
                    "Press the button to receive no more emails from us. Your address will be "
                    "deleted."
                ),
                gettext("Stop all emails"),
            )
    ok = outcome != "invalid"
    return _result(index, request, outcome, UNSUBSCRIBE_MESSAGES[outcome], ok)


@csrf_exempt  # RFC 8058: mail systems post without a session; the signed token is the proof.
@require_http_methods(["GET", "HEAD", "POST"])
def one_click_unsubscribe(request):
    """The List-Unsubscribe address of every subscription email. A POST whose body is
    `List-Unsubscribe=One-Click` unsubscribes (RFC 8058); opening the address shows the page
    with the button, changing nothing."""
    token = request.GET.get("token", "")
    if request.method != "POST":
        page = subscriptions.unsubscribe_page_url(token)
        if page is None:
            raise Http404
        return redirect(page)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        outcome, status = "invalid", 400
        message = gettext("This address unsubscribes on a POST of List-Unsubscribe=One-Click.")
    else:
        outcome = subscriptions.unsubscribe(token)
        status = 400 if outcome == "invalid" else 200
        message = str(UNSUBSCRIBE_MESSAGES[outcome])
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response
