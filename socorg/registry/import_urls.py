from django.urls import path

from socorg.registry import import_views

app_name = "registry_import"
urlpatterns = [
    path("", import_views.job_list, name="job_list"),
    path("template/", import_views.template, name="template"),
    path("upload/", import_views.upload, name="upload"),
    path("<int:pk>/", import_views.job_detail, name="job_detail"),
    path("<int:pk>/report/", import_views.job_report, name="job_report"),
    path("<int:pk>/commit/", import_views.job_commit, name="job_commit"),
    path("export/", import_views.export, name="export"),
]
