"""Credit facts of the demo, through the credit services, each recorded on the day it happened:
warnings and small fines (A5: off the list by itself after six months), one fine of 80,000 yuan
(S4), two minor penalties within three years (S5), a court's dishonest-debtor listing (S6),
rectification notices (on time; late and verified: A3 then removed; missed: A3), and registered
letters returned unsigned to two of the organizations that stopped filing (A6).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from socorg.credit.models import RectificationNotice
from socorg.credit.services import (
    court_record_record,
    penalty_record,
    rectification_notice_record,
    rectification_notice_verify,
    unreachable_letter_record,
)
from socorg.registry.models import Organization
from socorg.supervision.demo.context import DemoContext

D = dt.date
MARKET_REGULATOR = "武汉市武昌区市场监督管理局"
TAX_BUREAU = "国家税务总局武汉市武昌区税务局"
NOTICE_CONTENT = (
    "未按章程规定召开理事会，财务票据管理不规范，限期整改。",
    "住所变更后未办理变更登记，限期办理。",
    "活动开展情况与登记业务范围不符，限期规范。",
)


def plan_credit(ctx: DemoContext) -> None:
    rng = ctx.rng
    year = ctx.today.year
    candidates = [
        o
        for o in ctx.active(registered=True)
        if o.pk not in ctx.failed and o.org_type != "foundation"
    ]
    chosen = ctx.pick(candidates, 12)
    if len(chosen) < 12:
        return
    admin = ctx.cast.admin
    seq = iter(range(1, 100))

    def penalty(
        org: Organization,
        on: dt.date,
        kind: str,
        amount: int | None = None,
        authority_name: str = "",
    ) -> None:
        def record(day: dt.date) -> None:
            penalty_record(
                actor=admin,
                organization=org,
                kind=kind,
                fine_amount=Decimal(amount) if amount is not None else None,
                decided_on=day,
                document_number=f"武{'市监' if authority_name else '民'}罚〔{day.year}〕{next(seq)}号",
                authority=None if authority_name else org.registration_authority,
                authority_name=authority_name,
                description="违反《社会团体登记管理条例》有关规定。"
                if not authority_name
                else "违法收费，责令退还并处罚款。",
                evidence="行政处罚决定书及送达回证。",
                today=day,
            )
            ctx.add(f"penalties_{kind}")

        ctx.timeline.at(on, record, "行政处罚")

    warned_old, warned_new, warned_last_year, fined_small, fined_market, fined_big = chosen[:6]
    repeat, court, on_time, late, missed, pending = chosen[6:12]
    penalty(warned_old, D(year - 1, 3, 12), "warning")  # listed, removed by itself in September
    penalty(warned_last_year, D(year - 1, 11, 5), "warning")  # removed in May
    penalty(warned_new, D(year, 8, 20), "warning")  # still listed
    penalty(fined_small, D(year - 1, 4, 8), "fine", 3000)
    penalty(fined_market, D(year, 9, 15), "fine", 8000, MARKET_REGULATOR)
    penalty(fined_big, D(year - 1, 10, 28), "fine", 80000, MARKET_REGULATOR)  # S4
    penalty(repeat, D(year - 1, 2, 10), "warning")
    penalty(repeat, D(year, 6, 3), "fine", 5000)  # second within 3 years: S5

    def court_record(day: dt.date) -> None:
        court_record_record(
            actor=admin,
            organization=court,
            court="武汉市武昌区人民法院",
            case_number=f"（{day.year}）鄂0106执{rng.randint(1000, 9999)}号",
            listed_on=day,
            evidence="最高人民法院失信被执行人名单查询结果截图。",
            today=day,
        )
        ctx.add("court_records")

    ctx.timeline.at(D(year, 3, 18), court_record, "失信被执行人")

    notices: dict[int, RectificationNotice] = {}

    def notice(org: Organization, issued: dt.date, days: int) -> None:
        def record(day: dt.date) -> None:
            notices[org.pk] = rectification_notice_record(
                actor=admin,
                organization=org,
                issued_on=day,
                deadline=day + dt.timedelta(days=days),
                document_number=f"武民整改〔{day.year}〕{next(seq)}号",
                content=rng.choice(NOTICE_CONTENT),
                source="日常监督检查",
                today=day,
            )
            ctx.add("rectification_notices")

        ctx.timeline.at(issued, record, "整改通知")

    def verify(org: Organization, on: dt.date, rectified_on: dt.date) -> None:
        def record(day: dt.date) -> None:
            rectification_notice_verify(
                actor=admin,
                notice=notices[org.pk],
                rectified_on=rectified_on,
                evidence="现场核查，整改材料齐全。",
                today=day,
            )

        ctx.timeline.at(on, record, "查实整改")

    notice(on_time, D(year - 1, 5, 10), 30)
    verify(on_time, D(year - 1, 6, 3), D(year - 1, 5, 28))
    notice(late, D(year - 1, 9, 1), 29)  # deadline 09-30, A3 on 10-01
    verify(late, D(year - 1, 11, 20), D(year - 1, 11, 12))  # removed (RA1)
    notice(missed, D(year, 7, 1), 30)  # A3, still listed
    notice(pending, ctx.today - dt.timedelta(days=20), 45)

    for k, pk in enumerate(ctx.zombies[:2]):
        org = ctx.orgs[pk]
        for sent, back in ((D(year, 6, 2), D(year, 6, 20)), (D(year, 7, 6), D(year, 7, 24))):
            ctx.timeline.at(back, _letter(ctx, org, sent, f"XA{year}{k}{sent:%m%d}"), "挂号信")


def _letter(ctx: DemoContext, org: Organization, sent: dt.date, number: str) -> Any:
    def record(day: dt.date) -> None:
        unreachable_letter_record(
            actor=ctx.cast.admin,
            organization=org,
            sent_on=sent,
            returned_unsigned=True,
            outcome_on=day,
            tracking_number=number,
            evidence="邮政退件：查无此单位。",
            today=day,
        )
        ctx.add("letters")

    return record
