"""Pure credit-list rules (民政部令第60号): facts in, state and cited transitions out. No Django.

The public names are re-exported here; services import from ``socorg.credit.rules``.
"""

from socorg.credit.rules.codes import (
    ABNORMAL_TRIGGERS,
    REMOVAL_LABELS,
    SERIOUS_TRIGGERS,
    TRIGGER_LABELS,
    Citation,
    Evidence,
    RefusalCode,
    RemovalCode,
    Trigger,
)
from socorg.credit.rules.decision import (
    LIST_CHANGES,
    CreditCode,
    CreditDecision,
    Refusal,
    ScheduledChange,
    Transition,
    TransitionKind,
)
from socorg.credit.rules.engine import decide_credit
from socorg.credit.rules.facts import (
    AnnualReport,
    CreditFacts,
    FundraisingCampaign,
    Penalty,
    PenaltyKind,
    PublicFundraising,
    RectificationNotice,
    RectificationVerified,
    RegisteredLetter,
    RemovalApplication,
    TriggerFact,
    derive_triggers,
)
from socorg.credit.rules.policy import DEFAULT_POLICY, CreditPolicy
from socorg.credit.rules.state import NORMAL, CreditState, ListKind, Reason

__all__ = [
    "ABNORMAL_TRIGGERS",
    "DEFAULT_POLICY",
    "LIST_CHANGES",
    "NORMAL",
    "REMOVAL_LABELS",
    "SERIOUS_TRIGGERS",
    "TRIGGER_LABELS",
    "AnnualReport",
    "Citation",
    "CreditCode",
    "CreditDecision",
    "CreditFacts",
    "CreditPolicy",
    "CreditState",
    "Evidence",
    "FundraisingCampaign",
    "ListKind",
    "Penalty",
    "PenaltyKind",
    "PublicFundraising",
    "Reason",
    "RectificationNotice",
    "RectificationVerified",
    "Refusal",
    "RefusalCode",
    "RegisteredLetter",
    "RemovalApplication",
    "RemovalCode",
    "ScheduledChange",
    "Transition",
    "TransitionKind",
    "Trigger",
    "TriggerFact",
    "decide_credit",
    "derive_triggers",
]
