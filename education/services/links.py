"""Signed links: the teacher's to a request, a lecturer's to their place in a booking, and
the pages they open."""

import datetime as dt

from django.urls import reverse

from kokoron.core.links import absolute_url
from kokoron.core.signed_links import ObjectLink

from ..models import BookedPerson, ClassRequest
from .common import programme_rows

# A teacher's link lives through the school year; a lecturer's a little past the class.
REQUEST_LINK_DAYS = 400
PERSON_LINK_DAYS = 200


REQUEST_LINK = ObjectLink("education.request", dt.timedelta(days=REQUEST_LINK_DAYS))
PERSON_LINK = ObjectLink("education.person", dt.timedelta(days=PERSON_LINK_DAYS))


def request_token(class_request):
    return REQUEST_LINK.token(class_request)


def request_from_token(token):
    return REQUEST_LINK.read(
        token, ClassRequest.objects.select_related("school").prefetch_related(programme_rows())
    )


def person_token(booked):
    return PERSON_LINK.token(booked)


def person_from_token(token):
    return PERSON_LINK.read(
        token, BookedPerson.objects.select_related("booking__request__school", "lecturer")
    )


def status_url(class_request):
    return absolute_url(reverse("education:status", kwargs={"token": request_token(class_request)}))


def feedback_url(class_request):
    return absolute_url(
        reverse("education:feedback", kwargs={"token": request_token(class_request)})
    )


def calendar_url(class_request):
    return absolute_url(
        reverse("education:calendar", kwargs={"token": request_token(class_request)})
    )


def answer_url(booked):
    return absolute_url(reverse("education:answer", kwargs={"token": person_token(booked)}))


def lecturer_feedback_url(booked):
    return absolute_url(
        reverse("education:lecturer_feedback", kwargs={"token": person_token(booked)})
    )
