"""Evaluation pages. The bureau manages rounds and assignments; experts see only their tasks and
score; an organization applies, assesses itself, sees its result and may object during the
notice; anyone may read the public notice (公示).

Every view checks permission on the server: an object outside the user's visible set is a 404,
a visible one the user may not act on is a 403 naming why. The services check again.
"""

from socorg.evaluation.views.applications import (
    application_detail,
    application_withdraw,
    expert_assign,
    objection_file,
    objection_resolve,
    self_assessment,
)
from socorg.evaluation.views.experts import (
    assignment_list,
    assignment_recuse,
    expert_affiliations,
    expert_list,
    score_form,
)
from socorg.evaluation.views.public import (
    notice_list,
    statistics,
)
from socorg.evaluation.views.rounds import (
    _organization_home,
    application_submit,
    home,
    round_act,
    round_create,
    round_detail,
)

__all__ = [
    "_organization_home",
    "application_detail",
    "application_submit",
    "application_withdraw",
    "assignment_list",
    "assignment_recuse",
    "expert_affiliations",
    "expert_assign",
    "expert_list",
    "home",
    "notice_list",
    "objection_file",
    "objection_resolve",
    "round_act",
    "round_create",
    "round_detail",
    "score_form",
    "self_assessment",
    "statistics",
]
