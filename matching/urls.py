from django.urls import include, path

from . import own_views, views

app_name = "matching"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/", views.thanks, {"kind": "ask"}, name="ask_thanks"),
    path("register/", views.register, name="register"),
    path("register/thanks/", views.thanks, {"kind": "register"}, name="register_thanks"),
    path("answer/<str:token>/", views.answer, name="proposal"),
    path("me/", own_views.request_link, name="my_page_request"),
    path("me/<str:token>/", own_views.page, name="my_page"),
    path("experiences/", include("matching.signups.urls")),
]
