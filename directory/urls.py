from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("services/<uuid:pk>/", views.service_detail, name="service"),
    path("services/<uuid:pk>/correction/", views.suggest_correction, name="correction"),
    path("gathering-places/", views.gathering_places, name="gathering_places"),
    path("booklet/", views.booklet, name="booklet"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
