from django.urls import path

from socorg.registry.api import (
    OrganizationContactUpdateApi,
    OrganizationConvertApi,
    OrganizationDetailChangeApi,
    OrganizationListCreateApi,
    OrganizationTerminateApi,
    ServiceDomainListApi,
)

urlpatterns = [
    path("organizations/", OrganizationListCreateApi.as_view(), name="api-organization-list"),
    path(
        "organizations/<int:pk>/",
        OrganizationDetailChangeApi.as_view(),
        name="api-organization-detail",
    ),
    path(
        "organizations/<int:pk>/contact/",
        OrganizationContactUpdateApi.as_view(),
        name="api-organization-contact",
    ),
    path(
        "organizations/<int:pk>/terminate/",
        OrganizationTerminateApi.as_view(),
        name="api-organization-terminate",
    ),
    path(
        "organizations/<int:pk>/convert/",
        OrganizationConvertApi.as_view(),
        name="api-organization-convert",
    ),
    path("service-domains/", ServiceDomainListApi.as_view(), name="api-service-domain-list"),
]
