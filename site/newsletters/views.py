"""The subscription pages, served by the newsletter index page (RoutablePageMixin)."""

from django import forms
from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import subscriptions


class SubscribeForm(forms.Form):
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


def confirm(index, request):
    outcome, _subscriber = subscriptions.confirm(request.GET.get("token", ""))
    status = 200 if outcome in ("confirmed", "already") else 400
    return _render(
        index,
        request,
        "subscription_result",
        status=status,
        outcome=outcome,
        message=CONFIRM_MESSAGES[outcome],
        ok=status == 200,
    )


def unsubscribe(index, request):
    token = request.GET.get("token", "") or request.POST.get("token", "")
    outcome = subscriptions.unsubscribe(token)
    status = 400 if outcome == "invalid" else 200
    return _render(
        index,
        request,
        "subscription_result",
        status=status,
        outcome=outcome,
        message=UNSUBSCRIBE_MESSAGES[outcome],
        ok=status == 200,
    )
