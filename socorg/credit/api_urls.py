from django.urls import path

from socorg.credit import api

urlpatterns = [
    path("credit/lists/", api.CreditListApi.as_view(), name="api-credit-list"),
    path(
        "credit/organizations/<int:pk>/",
        api.OrganizationCreditApi.as_view(),
        name="api-credit-organization",
    ),
    path("credit/penalties/", api.PenaltyRecordApi.as_view(), name="api-credit-penalty"),
    path("credit/court-records/", api.CourtRecordApi.as_view(), name="api-credit-court"),
    path(
        "credit/rectification-notices/",
        api.NoticeRecordApi.as_view(),
        name="api-credit-notice",
    ),
    path(
        "credit/rectification-notices/<int:pk>/verify/",
        api.NoticeVerifyApi.as_view(),
        name="api-credit-notice-verify",
    ),
    path("credit/letters/", api.LetterRecordApi.as_view(), name="api-credit-letter"),
    path("credit/trigger-facts/", api.TriggerRecordApi.as_view(), name="api-credit-trigger"),
    path(
        "credit/verifications/",
        api.VerificationRecordApi.as_view(),
        name="api-credit-verification",
    ),
    path(
        "credit/facts/<str:fact>/<int:pk>/void/",
        api.FactVoidApi.as_view(),
        name="api-credit-fact-void",
    ),
    path("credit/objections/", api.ObjectionListCreateApi.as_view(), name="api-credit-objections"),
    path(
        "credit/objections/<int:pk>/resolve/",
        api.ObjectionResolveApi.as_view(),
        name="api-credit-objection-resolve",
    ),
    path(
        "credit/removal-applications/",
        api.RemovalApplicationListCreateApi.as_view(),
        name="api-credit-applications",
    ),
    path(
        "credit/removal-applications/<int:pk>/examine/",
        api.RemovalApplicationExamineApi.as_view(),
        name="api-credit-application-examine",
    ),
    path(
        "public/credit-lists/",
        api.PublishedCreditListApi.as_view(),
        name="api-public-credit-lists",
    ),
]
