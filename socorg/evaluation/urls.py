from django.urls import path

from socorg.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/act/", views.round_act, name="round_act"),
    path("rounds/<int:pk>/apply/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/self-assessment/",
        views.self_assessment,
        name="self_assessment",
    ),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path("applications/<int:pk>/assign/", views.expert_assign, name="expert_assign"),
    path("applications/<int:pk>/objection/", views.objection_file, name="objection_file"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/score/", views.score_form, name="score_form"),
    path("assignments/<int:pk>/recuse/", views.assignment_recuse, name="assignment_recuse"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/<int:pk>/", views.expert_affiliations, name="expert_affiliations"),
    path("notice/", views.notice_list, name="notice_list"),
    path("statistics/", views.statistics, name="statistics"),
]
