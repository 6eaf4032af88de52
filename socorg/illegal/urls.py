from django.urls import path

from socorg.illegal.views import cases, public, tips

app_name = "illegal"
urlpatterns = [
    # Public, no login.
    path("tip/", public.public_tip, name="public_tip"),
    path("tip/done/", public.public_tip_done, name="public_tip_done"),
    # Staff.
    path("", tips.tip_list, name="tip_list"),
    path("tips/new/", tips.tip_create, name="tip_create"),
    path("tips/<int:pk>/", tips.tip_detail, name="tip_detail"),
    path("tips/<int:pk>/assign/", tips.tip_assign, name="tip_assign"),
    path("tips/<int:pk>/close/", tips.tip_close, name="tip_close"),
    path("tips/<int:pk>/merge/", tips.tip_merge, name="tip_merge"),
    path("tips/<int:pk>/reporter/", tips.tip_reporter, name="tip_reporter"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/evidence/", cases.case_evidence_add, name="case_evidence_add"),
    path(
        "cases/<int:pk>/evidence/<int:evidence_id>/file/",
        cases.evidence_file,
        name="evidence_file",
    ),
    path("cases/<int:pk>/decide/", cases.case_decide, name="case_decide"),
    path("cases/<int:pk>/publish/", cases.case_publish, name="case_publish"),
]
