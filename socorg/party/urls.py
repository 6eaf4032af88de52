from django.urls import path

from socorg.party import views

app_name = "party"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("missing/", views.missing_list, name="missing_list"),
    path("organizations/<int:org_pk>/", views.organization_party, name="organization_party"),
    path(
        "organizations/<int:org_pk>/edit/",
        views.organization_party_edit,
        name="organization_party_edit",
    ),
    path(
        "organizations/<int:org_pk>/instructors/new/",
        views.instructor_assign,
        name="instructor_assign",
    ),
    path("instructors/<int:pk>/end/", views.instructor_end, name="instructor_end"),
]
