from django.urls import path

from socorg.evaluation import api

urlpatterns = [
    path("evaluation/rounds/", api.RoundListCreateApi.as_view(), name="api-evaluation-round-list"),
    path(
        "evaluation/rounds/<int:pk>/",
        api.RoundDetailApi.as_view(),
        name="api-evaluation-round-detail",
    ),
    path(
        "evaluation/rounds/<int:pk>/act/",
        api.RoundActApi.as_view(),
        name="api-evaluation-round-act",
    ),
    path(
        "evaluation/rounds/<int:pk>/applications/",
        api.RoundApplicationsApi.as_view(),
        name="api-evaluation-round-applications",
    ),
    path(
        "evaluation/applications/<int:pk>/",
        api.ApplicationDetailApi.as_view(),
        name="api-evaluation-application-detail",
    ),
    path(
        "evaluation/applications/<int:pk>/self-assessment/",
        api.SelfAssessmentApi.as_view(),
        name="api-evaluation-self-assessment",
    ),
    path(
        "evaluation/applications/<int:pk>/withdraw/",
        api.ApplicationWithdrawApi.as_view(),
        name="api-evaluation-application-withdraw",
    ),
    path(
        "evaluation/applications/<int:pk>/assignments/",
        api.AssignmentCreateApi.as_view(),
        name="api-evaluation-assignment-create",
    ),
    path(
        "evaluation/applications/<int:pk>/scores/",
        api.ScoreSubmitApi.as_view(),
        name="api-evaluation-score-submit",
    ),
    path(
        "evaluation/applications/<int:pk>/objections/",
        api.ObjectionFileApi.as_view(),
        name="api-evaluation-objection-file",
    ),
    path(
        "evaluation/objections/<int:pk>/resolve/",
        api.ObjectionResolveApi.as_view(),
        name="api-evaluation-objection-resolve",
    ),
    path(
        "evaluation/assignments/",
        api.AssignmentListApi.as_view(),
        name="api-evaluation-assignment-list",
    ),
    path(
        "evaluation/assignments/<int:pk>/recuse/",
        api.AssignmentRecuseApi.as_view(),
        name="api-evaluation-assignment-recuse",
    ),
    path(
        "evaluation/experts/<int:pk>/affiliations/",
        api.ExpertAffiliationsApi.as_view(),
        name="api-evaluation-expert-affiliations",
    ),
    path(
        "evaluation/templates/",
        api.TemplateListCreateApi.as_view(),
        name="api-evaluation-templates",
    ),
    path("evaluation/notice/", api.NoticeApi.as_view(), name="api-evaluation-notice"),
    path("evaluation/statistics/", api.StatisticsApi.as_view(), name="api-evaluation-statistics"),
    path("evaluation/levels/", api.CurrentLevelsApi.as_view(), name="api-evaluation-levels"),
]
