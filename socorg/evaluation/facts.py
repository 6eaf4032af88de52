"""The facts the evaluation rules read, loaded from the platform for many organizations at once.

Eligibility (``rules.EligibilityFacts``) comes from the register (type, status, registration
date), the annual reports (last year's filing and conclusion, through
``annual_reports.selectors.report_facts_for``), the credit lists (``credit.selectors.
credit_standing``), administrative penalties recorded in the credit app, and this app's own
results (the level currently held). Recusal (``rules.ExpertFacts``) comes from
``ExpertAffiliation``. Each loader takes a set of ids and runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from socorg.annual_reports.rules import Conclusion
from socorg.annual_reports.selectors import ReportFact, report_facts_for
from socorg.credit.models import AdministrativePenalty, CreditList
from socorg.credit.selectors import credit_standing
from socorg.evaluation import rules
from socorg.evaluation.models import ExpertAffiliation, Result
from socorg.evaluation.policy import Procedure
from socorg.registry.models import Organization
from socorg.registry.rules.lifecycle import ACTIVE_STATUSES, OrgType

ACTIVE = [s.value for s in ACTIVE_STATUSES]


@dataclass(frozen=True)
class EligibilityInput:
    """The rule's facts and, for the snapshot, where each came from."""

    facts: rules.EligibilityFacts
    sources: dict[str, Any]


def last_report_year(facts: dict[int, ReportFact], on: dt.date) -> int:
    """The report year "上一年度年检" refers to on ``on``: last calendar year's report once its
    deadline has passed (or it was filed); before that, the year before."""
    year = on.year - 1
    fact = facts.get(year)
    if fact is None or fact.filed_on is not None or fact.due_on < on:
        return year
    return year - 1


def _valid_q(on: dt.date) -> Q:
    return (
        Q(announced_on__isnull=False, valid_from__lte=on, valid_to__gte=on)
        & ~Q(level="")
        & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    )


def current_results(org_ids: Iterable[int], on: dt.date) -> dict[int, Result]:
    """The result each organization holds on ``on`` (the latest announced, still valid)."""
    ids = list(dict.fromkeys(org_ids))
    current: dict[int, Result] = {}
    rows = (
        Result.objects.filter(_valid_q(on), organization_id__in=ids)
        .only("id", "organization_id", "level", "valid_from", "valid_to", "ended_on")
        .order_by("organization_id", "-valid_from", "-id")
    )
    for row in rows:
        current.setdefault(row.organization_id, row)
    return current


def eligibility_inputs(
    org_ids: Iterable[int], *, on: dt.date, procedure: Procedure
) -> dict[int, EligibilityInput]:
    """Eligibility facts for each organization on ``on`` (the round's opening date), in a fixed
    number of queries whatever the number of organizations."""
    ids = list(dict.fromkeys(org_ids))
    orgs = Organization.objects.filter(id__in=ids).values_list(
        "id", "org_type", "status", "registered_on", "founded_on"
    )
    years = (on.year - 3, on.year - 2, on.year - 1)
    reports = report_facts_for(ids, years, today=on)
    standing = credit_standing(ids)
    last_year = on.year - 1
    penalties: dict[int, list[str]] = defaultdict(list)
    for org_id, kind in AdministrativePenalty.objects.filter(
        organization_id__in=ids,
        voided_at__isnull=True,
        decided_on__gte=dt.date(last_year, 1, 1),
        decided_on__lte=dt.date(last_year, 12, 31),
    ).values_list("organization_id", "kind"):
        penalties[org_id].append(kind)
    current = current_results(ids, on)

    result: dict[int, EligibilityInput] = {}
    for org_id, org_type, status, registered_on, founded_on in orgs:
        by_year = {fact.year: fact for fact in reports.get(org_id, ())}
        year = last_report_year(by_year, on)
        last, before = by_year.get(year), by_year.get(year - 1)
        kinds = penalties.get(org_id, [])
        held = current.get(org_id)
        list_kind = standing[org_id].list_kind
        try:
            typed = OrgType(org_type)
        except ValueError:
            typed = OrgType.COMMUNITY
        facts = rules.EligibilityFacts(
            org_type=typed,
            active=status in ACTIVE,
            registered_on=registered_on or founded_on or on,
            applied=True,
            current_valid_to=held.valid_to if held else None,
            current_valid_from=held.valid_from if held else None,
            filed_last_year=last is None or last.filed_on is not None,
            failed_last_year=last is not None and last.conclusion == Conclusion.FAIL,
            basic_pass_two_years=(
                last is not None
                and before is not None
                and last.conclusion == Conclusion.BASIC_PASS
                and before.conclusion == Conclusion.BASIC_PASS
            ),
            penalized_last_year=bool(kinds),
            penalty_minor=bool(kinds) and all(k in procedure.minor_penalty_kinds for k in kinds),
            on_abnormal_list=list_kind == CreditList.ABNORMAL,
            on_serious_list=list_kind == CreditList.SERIOUS,
        )
        sources = {
            "registered_on": (registered_on or founded_on or on).isoformat(),
            "report_year": year,
            "report_required": last is not None,
            "report_filed_on": last.filed_on.isoformat() if last and last.filed_on else None,
            "report_conclusion": last.conclusion if last else "",
            "previous_conclusion": before.conclusion if before else "",
            "credit_list": str(list_kind),
            "penalties_last_year": kinds,
            "current_level": held.level if held else "",
            "current_valid_to": held.valid_to.isoformat() if held and held.valid_to else None,
        }
        result[org_id] = EligibilityInput(facts, sources)
    return result


def expert_facts(expert_ids: Iterable[int]) -> dict[int, rules.ExpertFacts]:
    """Each expert's memberships, past work and declared interests (one query)."""
    ids = list(dict.fromkeys(expert_ids))
    members: dict[int, set[int]] = defaultdict(set)
    declared: dict[int, set[int]] = defaultdict(set)
    jobs: dict[int, list[rules.Employment]] = defaultdict(list)
    rows = ExpertAffiliation.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "organization_id", "kind", "started_on", "ended_on"
    )
    for expert_id, org_id, kind, started_on, ended_on in rows:
        if kind == ExpertAffiliation.Kind.DECLARED and ended_on is None:
            declared[expert_id].add(org_id)
        elif kind == ExpertAffiliation.Kind.MEMBER and ended_on is None:
            members[expert_id].add(org_id)
        else:
            # Past membership, past declared interests and any work count as having worked
            # there: the recusal period runs from the day it ended.
            jobs[expert_id].append(rules.Employment(org_id, started_on or dt.date.min, ended_on))
    return {
        expert_id: rules.ExpertFacts(
            expert_id=expert_id,
            member_of=frozenset(members[expert_id]),
            employments=tuple(jobs[expert_id]),
            declared_conflicts=frozenset(declared[expert_id]),
        )
        for expert_id in ids
    }
