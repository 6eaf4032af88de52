from django.urls import path

from socorg.dormancy import views

app_name = "dormancy"
urlpatterns = [
    path("", views.ranked_list, name="ranked_list"),
    path("organizations/<int:organization_id>/open/", views.case_open, name="case_open"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/act/", views.case_act, name="case_act"),
    path("statistics/", views.statistics, name="statistics"),
]
