from django.urls import path

from socorg.party.api import (
    CoverageApi,
    InstructorAssignApi,
    InstructorEndApi,
    MissingListApi,
    OrganizationPartyApi,
)

urlpatterns = [
    path("party/coverage/", CoverageApi.as_view(), name="api-party-coverage"),
    path("party/missing/", MissingListApi.as_view(), name="api-party-missing"),
    path(
        "party/organizations/<int:org_pk>/",
        OrganizationPartyApi.as_view(),
        name="api-party-organization",
    ),
    path(
        "party/organizations/<int:org_pk>/instructors/",
        InstructorAssignApi.as_view(),
        name="api-party-instructor-assign",
    ),
    path(
        "party/instructors/<int:pk>/end/",
        InstructorEndApi.as_view(),
        name="api-party-instructor-end",
    ),
]
