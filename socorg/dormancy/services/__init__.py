"""Use cases that write: the daily dormancy scoring (``scoring``) and exit cases (``cases``)."""

from socorg.dormancy.services.cases import (
    DECISIONS,
    StepInput,
    exit_case_act,
    exit_case_open,
    exit_case_sync,
)
from socorg.dormancy.services.scoring import CHUNK_SIZE, ScoringResult, dormancy_score_all

__all__ = [
    "CHUNK_SIZE",
    "DECISIONS",
    "ScoringResult",
    "StepInput",
    "dormancy_score_all",
    "exit_case_act",
    "exit_case_open",
    "exit_case_sync",
]
