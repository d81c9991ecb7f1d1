"""The volunteer's own page (see own_page.py): ask for the link, then use the page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kokoron.core import audit
from kokoron.core.rate_limits import rate_limited

from . import own_page, services
from .fields import save_days_away
from .own_forms import (
    AbsenceForm,
    HoursForm,
    OwnAvailabilityForm,
    OwnPageLinkForm,
    WithdrawAbsenceForm,
)
from .services import LinkError

# Messages after a change, by the code in ?done= (never anything the visitor typed).
DONE_CODES = {
    "availability",
    "paused",
    "resumed",
    "consent",
    "withdrawn",
    "hours",
    "away",
    "back",
}


@require_http_methods(["GET", "POST"])
def request_link(request, link_error=None):
    form = OwnPageLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, "own-page"):  # own_page.send_link limits per email
            return render(
                request, "matching/own_request.html", {"form": form, "limited": True}, status=429
            )
        own_page.send_link(form.cleaned_data["email"])
        # The same answer whether or not the address is known.
        return render(request, "matching/own_request.html", {"sent": True})
    status = 400 if (form.is_bound and form.errors) or link_error else 200
    return render(
        request,
        "matching/own_request.html",
        {"form": form, "link_error": link_error},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def page(request, token):
    try:
        volunteer = own_page.volunteer_from_token(token)
    except LinkError as error:
        request.method = "GET"
        return request_link(request, link_error=error.code)
    here = reverse("matching:my_page", kwargs={"token": token})
    availability_form = OwnAvailabilityForm(volunteer=volunteer)
    absence_form = AbsenceForm()
    hours_forms = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        done = None
        if action == "availability":
            availability_form = OwnAvailabilityForm(request.POST, volunteer=volunteer)
            if availability_form.is_valid():
                data = availability_form.cleaned_data
                # One transaction: the refresh of suggestions it queues sees both changes.
                with transaction.atomic(), audit.acting(label=own_page.actor(volunteer)):
                    volunteer.availability = data["availability"]
                    volunteer.save(update_fields=["availability", "updated_at"])
                    save_days_away(volunteer, data["days_away"], timezone.localdate())
                done = "availability"
        elif action == "pause" and own_page.pause(volunteer):
            done = "paused"
        elif action == "resume" and own_page.resume(volunteer):
            done = "resumed"
        elif action in ("consent", "withdraw"):
            own_page.set_consent(volunteer, action == "consent")
            done = "consent" if action == "consent" else "withdrawn"
        elif action == "hours":
            key = request.POST.get("assignment", "")
            key = key if key.isdigit() else "0"
            form = HoursForm(request.POST, auto_id=f"id_hours_{key}_%s")
            if form.is_valid() and own_page.confirm_hours(
                volunteer, form.cleaned_data["assignment"], form.cleaned_data["hours"]
            ):
                done = "hours"
            else:
                hours_forms[key] = form
        elif action == "away":
            absence_form = AbsenceForm(request.POST)
            if absence_form.is_valid():
                data = absence_form.cleaned_data
                try:
                    services.report_absence(
                        volunteer, data["first_day"], data["last_day"], data["reason"]
                    )
                except ValidationError as error:  # the model's own rules, should the form's pass
                    for message in error.messages:
                        absence_form.add_error(None, message)
                else:
                    done = "away"
        elif action == "back":
            form = WithdrawAbsenceForm(request.POST)
            if form.is_valid() and services.withdraw_absence(
                volunteer, form.cleaned_data["absence"]
            ):
                done = "back"
        if done:
            return redirect(f"{here}?done={done}")
        status = 400
    current, past = own_page.assignments_of(volunteer)
    for assignment in past:
        if assignment.hours_recorded_by == "":
            assignment.hours_form = hours_forms.get(str(assignment.pk)) or HoursForm(
                initial={"assignment": assignment.pk, "hours": assignment.need.hours},
                auto_id=f"id_hours_{assignment.pk}_%s",
            )
    own_page.disclose_page(volunteer, current)
    done = request.GET.get("done")
    return render(
        request,
        "matching/own_page.html",
        {
            "volunteer": volunteer,
            "person": volunteer.person,
            "current": current,
            "past": past,
            "availability_form": availability_form,
            "can_resume": own_page.can_resume(volunteer),
            "done": done if done in DONE_CODES else None,
            "absence_form": absence_form,
            "absences": volunteer.absences.filter(last_day__gte=timezone.localdate()),
            "today": timezone.localdate(),
            "trainings": volunteer.trainings.select_related("training").order_by(
                "training__name", "-completed_on"
            ),
        },
        status=status,
    )
