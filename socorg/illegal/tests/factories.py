"""Building tips and cases through the services, as the real users would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from socorg.illegal.models import Evidence, InvestigationCase, Tip
from socorg.illegal.services import (
    CaseInput,
    TipInput,
    case_add_evidence,
    case_decide,
    case_open,
    case_publish,
    tip_submit,
)
from tests.world import World

OPENED = dt.date(2026, 5, 4)
DECIDED = dt.date(2026, 5, 20)
TODAY = dt.date(2026, 6, 1)
PDF = b"%PDF-1.7\n%test evidence\n"


def tip_input(world: World, **overrides: Any) -> TipInput:
    street = overrides.pop("street", world.streets[0])
    base: dict[str, Any] = {
        "reported_name": "武昌区国学传承促进会",
        "description": "该组织未经登记，以协会名义在小区会所收取会费、组织活动。",
        "district": world.district,
        "street": street,
        "location": "积玉桥某小区会所",
        "reporter_name": "王小明",
        "reporter_contact": "13812345678",
        "source": Tip.Source.PUBLIC.value,
        "channel": Tip.Channel.PHONE.value,
    }
    base.update(overrides)
    return TipInput(**base)


def make_tip(world: World, *, actor: Any = None, public: bool = False, **overrides: Any) -> Tip:
    if actor is None and not public:
        actor = world.user("district_admin")
    return tip_submit(actor=actor, data=tip_input(world, **overrides), public=public)


def open_case(
    world: World, *, tips: list[Tip] | None = None, officers: list[Any] | None = None, **kw: Any
) -> InvestigationCase:
    tips = tips if tips is not None else [make_tip(world)]
    data = CaseInput(
        subject_name=kw.pop("subject_name", "武昌区国学传承促进会"),
        street=kw.pop("street", world.streets[0]),
        opened_on=kw.pop("opened_on", OPENED),
        officers=officers
        if officers is not None
        else [world.user("district_admin"), world.user("street_officer")],
        location=kw.pop("location", "积玉桥某小区会所"),
    )
    return case_open(
        actor=kw.pop("actor", world.user("district_admin")),
        tips=tips,
        data=data,
        today=kw.pop("today", TODAY),
    )


def pdf(name: str = "询问笔录.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_evidence(world: World, case: InvestigationCase, *, actor: Any = None) -> Evidence:
    return case_add_evidence(
        actor=actor or world.user("district_admin"),
        case=case,
        description="现场检查笔录：该组织在会所张贴入会通知。",
        file=pdf(),
    )


def decided_case(
    world: World, outcome: str, *, publish: bool = False, **kw: Any
) -> InvestigationCase:
    case = open_case(world, **kw)
    add_evidence(world, case)
    admin = world.user("district_admin")
    case = case_decide(
        actor=admin,
        case=case,
        outcome=outcome,
        decided_on=DECIDED,
        document_number="武民取字〔2026〕3号" if outcome in ("ban", "disperse") else "",
        reason="经调查，该组织未经登记以社会团体名义开展活动。",
        today=TODAY,
    )
    if publish:
        case = case_publish(actor=admin, case=case, today=TODAY)
    return case
