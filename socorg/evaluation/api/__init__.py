"""Level evaluation over the API: rounds and their steps, applications and self-assessment,
expert assignment and scores, objections, the public notice, and level statistics.

Each view is thin: parse, check permission on the server, call a selector or a service,
serialize. An object outside the user's scope is "not found"; a visible one the user may not
act on is a 403 with the reason; bad input is a 400 naming each field.
"""

from socorg.evaluation.api.applications import (
    ApplicationDetailApi,
    ApplicationWithdrawApi,
    AssignmentCreateApi,
    ObjectionFileApi,
    ObjectionResolveApi,
    ScoreSubmitApi,
    SelfAssessmentApi,
)
from socorg.evaluation.api.experts import (
    AssignmentListApi,
    AssignmentRecuseApi,
    ExpertAffiliationsApi,
)
from socorg.evaluation.api.public import (
    CurrentLevelsApi,
    NoticeApi,
    StatisticsApi,
    TemplateListCreateApi,
)
from socorg.evaluation.api.rounds import (
    RoundActApi,
    RoundApplicationsApi,
    RoundDetailApi,
    RoundListCreateApi,
)

__all__ = [
    "ApplicationDetailApi",
    "ApplicationWithdrawApi",
    "AssignmentCreateApi",
    "AssignmentListApi",
    "AssignmentRecuseApi",
    "CurrentLevelsApi",
    "ExpertAffiliationsApi",
    "NoticeApi",
    "ObjectionFileApi",
    "ObjectionResolveApi",
    "RoundActApi",
    "RoundApplicationsApi",
    "RoundDetailApi",
    "RoundListCreateApi",
    "ScoreSubmitApi",
    "SelfAssessmentApi",
    "StatisticsApi",
    "TemplateListCreateApi",
]
