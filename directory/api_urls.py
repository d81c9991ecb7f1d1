"""The HSDS 3.0 API, served at /api/hsds/ outside the language prefix."""

from django.urls import path

from . import api

app_name = "hsds"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("export.zip", api.export, name="export"),
    path("services", api.services, name="services"),
    path("services/<str:pk>", api.service_detail, name="service"),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<str:pk>", api.organization_detail, name="organization"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:pk>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:pk>", api.taxonomy_term_detail, name="taxonomy_term"),
    path("service_at_locations", api.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:pk>", api.service_at_location_detail, name="service_at_location"
    ),
]
