from django.urls import path
from django.views.generic import TemplateView

app_name = "matching"

urlpatterns = [
    path("", TemplateView.as_view(template_name="matching/index.html"), name="index"),
]
