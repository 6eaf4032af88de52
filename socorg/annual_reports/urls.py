from django.urls import path

from socorg.annual_reports import views

app_name = "annual_reports"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("queue/", views.report_queue, name="report_queue"),
    path("start/", views.report_start, name="report_start"),
    path("statistics/", views.report_statistics, name="report_statistics"),
    path("missed/", views.missed_list, name="missed_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/act/", views.report_act, name="report_act"),
]
