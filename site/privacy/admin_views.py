"""The admin screen for a person's request (APPI): find them in every register by address,
name or telephone, download what is kept, or erase it; staff tick the places that are
really this person (two people may share a name)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import registry
from .identifiers import Subject, normalize_email, normalize_name
from .models import PersonalDataRequest

PERMISSION = "privacy.manage_personal_data"


class SubjectForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), required=False, max_length=254)
    name = forms.CharField(label=_("Name"), required=False, max_length=100)
    phone = forms.CharField(label=_("Telephone"), required=False, max_length=30)

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in ("email", "name", "phone")):
            raise forms.ValidationError(_("Give an email address, a name or a telephone number."))
        return data

    def subject(self):
        return Subject.of(**self.cleaned_data)


class PersonalDataView(WagtailAdminTemplateMixin, TemplateView):
    """Everything is posted, the search too: an address or a name never goes into a URL
    (nor into the server's access log)."""

    template_name = "privacy/admin/personal_data.html"
    page_title = _("Personal data requests")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or SubjectForm()
        groups = []
        if form.is_bound and form.is_valid():
            person = registry.find(form.subject())
            for contributor in registry.contributors():
                places = person.of(contributor.key)
                if places:
                    groups.append((contributor.label, places))
        context.update(
            form=form,
            groups=groups,
            recent=PersonalDataRequest.objects.select_related("actor")[:10],
        )
        return context

    def show(self, form, status=200):
        response = self.render_to_response(self.get_context_data(form=form), status=status)
        response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        form = SubjectForm(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        action, _sep, fmt = request.POST.get("action", "").partition(":")
        if action not in ("export", "erase"):
            return self.show(form)
        subject = form.subject()
        person = registry.find(subject).only(request.POST.getlist("place"))
        if not person:
            messages.error(request, _("Choose at least one place."))
            return self.show(form, status=400)
        if action == "export":
            fmt = fmt if fmt in registry.FORMATS else "json"
            registry.log(PersonalDataRequest.Action.EXPORT, person, request.user, "privacy")
            return registry.download(registry.export(person), "personal-data", fmt)
        typed = request.POST.get("confirm", "")
        if not typed.strip() or (
            normalize_email(typed) != subject.email and normalize_name(typed) != subject.name
        ):
            messages.error(request, _("Type the email address or the name to confirm."))
            return self.show(form, status=400)
        with transaction.atomic():
            registry.erase(person)
            registry.log(PersonalDataRequest.Action.ERASE, person, request.user, "privacy")
        total = len(person.places)
        messages.success(
            request,
            ngettext(
                "Their personal data is erased in %(count)d place.",
                "Their personal data is erased in %(count)d places.",
                total,
            )
            % {"count": total},
        )
        return redirect("privacy_personal_data")
