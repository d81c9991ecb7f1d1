from django.urls import include, path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/", views.thanks, {"kind": "ask"}, name="ask_thanks"),
    path("register/", views.register, name="register"),
    path("register/thanks/", views.thanks, {"kind": "register"}, name="register_thanks"),
    path("answer/<str:token>/", views.answer, name="proposal"),
    path("experiences/", include("matching.signups.urls")),
]
