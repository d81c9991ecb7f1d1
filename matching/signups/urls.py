"""Volunteer experiences' public URLs, included at /volunteer/experiences/ by matching.urls."""

from django.urls import path

from . import views

app_name = "experiences"

urlpatterns = [
    path("", views.listing, name="list"),
    path("calendar.ics", views.calendar, name="ical"),
    path("session/<int:pk>/", views.signup, name="signup"),
    path("thanks/", views.done, name="done"),
    path("signup/<str:token>/", views.manage, name="manage"),
    path("guardian/<str:token>/", views.guardian, name="guardian"),
    path("mine/", views.mine_request, name="mine_request"),
    path("mine/<str:token>/", views.mine, name="mine"),
    path("certificate/verify/", views.verify, name="verify"),
    path("certificate/<str:token>/", views.certificate, name="certificate"),
]
