from django.urls import path

from socorg.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.credit_list, name="list"),
    path("mine/", views.my_credit, name="mine"),
    path("organizations/<int:pk>/", views.organization_credit, name="organization"),
    path("organizations/<int:pk>/apply/", views.application_file, name="application_file"),
    path("record/<str:fact>/", views.record_fact, name="record"),
    path("notices/<int:pk>/verify/", views.notice_verify, name="notice_verify"),
    path("facts/<str:fact>/<int:pk>/void/", views.fact_void, name="fact_void"),
    path("entries/<int:pk>/objection/", views.objection_file, name="objection_file"),
    path("objections/", views.objection_list, name="objection_list"),
    path("objections/<int:pk>/", views.objection_resolve, name="objection_resolve"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_examine, name="application_examine"),
]
