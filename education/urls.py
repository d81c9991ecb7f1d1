"""The plugin's own paths under /education/. Everything else there (/education/ itself and
the programme menu at /education/programs/) is Wagtail's pages, served after these."""

from django.urls import path

from . import views

app_name = "education"

urlpatterns = [
    path("request/", views.request_class, name="request"),
    path("request/thanks/", views.thanks, name="thanks"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/calendar.ics", views.calendar, name="calendar"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("answer/<str:token>/feedback/", views.lecturer_feedback, name="lecturer_feedback"),
]
