"""This year's spot-check campaign, the exit cases of the organizations that stopped filing, and
a few illegal-organization tips and cases, each through its app's services.

* 双随机、一公开: the bureau draws 5% of the registered organizations by type with a recorded
  seed, inspectors are drawn from a pool of street officers and experts; most checks are done,
  a few found issues and were ordered to rectify (one missed its deadline: A3), some are still
  to be done (the campaign is under way).
* Exit cases: every organization that stopped filing has a case, at every stage of the workflow
  (排查 … 决定撤销 / 指导注销 / 限期整改 … 公告, 结案 as revoked, deregistered, reactivated or
  dismissed); a revocation puts the organization on the serious list (S7).
* Illegal organizations: tips from the public and from departments, a ban and a dispersal
  decided and published, one case under investigation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from socorg.dormancy.models import ExitCase
from socorg.dormancy.services import StepInput, exit_case_act, exit_case_open
from socorg.illegal.models import InvestigationCase, Tip
from socorg.illegal.services import (
    CaseInput,
    TipInput,
    case_add_evidence,
    case_decide,
    case_open,
    case_publish,
    tip_assign,
    tip_submit,
)
from socorg.spot_checks.models import Campaign, SampledOrganization
from socorg.spot_checks.services import (
    CampaignInput,
    campaign_create,
    campaign_draw,
    finding_record,
    inspectors_assign,
    pool_member_add,
    rectification_set,
    rectification_verify,
)
from socorg.supervision.demo.context import DemoContext

D = dt.date
DONE_SHARE = 0.7  # of the sampled organizations: checked so far
ISSUES = 4  # checks that found issues
ISSUE_TEXTS = (
    "未按规定公开年度工作报告；财务票据管理不规范。",
    "理事会未按章程定期召开，会议记录缺失。",
    "收费项目未公示，部分收费无依据。",
    "办公场所与登记住所不一致。",
)

# The steps each exit case has taken by today, one tuple per case: the first ones cover the
# most stages, so that a small district (a test) still shows a revocation (S7).
CASE_PATHS: tuple[tuple[str, ...], ...] = (
    ("verify", "notify", "decide_revoke", "announce"),
    (),
    ("verify", "notify", "decide_rectify"),
    ("verify",),
    ("verify", "notify", "decide_deregister"),
    ("verify", "notify"),
    ("dismiss",),
    ("verify", "notify", "decide_revoke"),
    ("verify", "notify", "decide_rectify", "confirm_rectified", "close"),
    ("verify", "notify", "decide_revoke", "announce", "close"),
    ("verify", "notify", "decide_deregister", "announce"),
    ("verify", "notify", "decide_deregister", "announce", "close"),
    (),
    ("verify",),
    ("verify", "notify"),
    ("verify", "notify", "decide_rectify"),
    ("verify", "notify", "decide_deregister"),
    ("verify",),
)
STEP_NOTES = {
    "verify": "经查，该组织连续两年未参加年检，登记住所无法联系。",
    "notify": "已书面告知并约谈业务主管单位和负责人。",
    "dismiss": "经核实，该组织正常开展活动，年报因系统原因未提交，不属于僵尸型社会组织。",
    "decide_revoke": "连续两年未参加年检，经告知仍未改正，依法撤销登记。",
    "decide_deregister": "负责人同意清算，指导其办理注销登记。",
    "decide_rectify": "责令限期整改，补报年度工作报告并恢复开展活动。",
    "confirm_rectified": "已补报年度工作报告，恢复开展活动。",
    "announce": "",
    "close": "",
}


def plan_spot_checks(ctx: DemoContext) -> None:
    year = ctx.today.year
    created = max(D(year, 1, 5), ctx.today - dt.timedelta(days=115))
    admin = ctx.cast.admin
    state: dict[str, Any] = {}

    def create(day: dt.date) -> None:
        for officer in ctx.cast.street_officers.values():
            pool_member_add(actor=admin, user=officer)
        for expert in ctx.cast.expert_pool(4):
            pool_member_add(actor=admin, user=expert)
        campaign = campaign_create(
            actor=admin,
            data=CampaignInput(
                name=f"{year} 年度社会组织“双随机、一公开”抽查",
                year=year,
                area=ctx.cast.district,
                share=Decimal(5),
                org_types=("social_group", "social_service", "foundation"),
                seed=f"wuchang-{year}-demo",
            ),
            today=day,
        )
        campaign = campaign_draw(actor=admin, campaign=campaign, today=day)
        state["campaign"] = inspectors_assign(actor=admin, campaign=campaign, today=day)
        ctx.add("spot_check_campaigns")

    ctx.timeline.at(created, create, "双随机抽查")
    # Results come in over the following weeks; issues are ordered to rectify.
    first = created + dt.timedelta(days=10)
    ctx.timeline.at(first, lambda day: _check_results(ctx, state, day), "检查结果")


def _check_results(ctx: DemoContext, state: dict[str, Any], start: dt.date) -> None:
    """Record the results of part of the sample, each on its own day (scheduled from here)."""
    campaign: Campaign = state["campaign"]
    sampled = list(
        SampledOrganization.objects.filter(campaign=campaign)
        .prefetch_related("inspectors")
        .order_by("id")
    )
    done = sampled[: round(len(sampled) * DONE_SHARE)]
    with_issues = set(ctx.rng.sample([s.pk for s in done], min(ISSUES, len(done))))
    admin = ctx.cast.admin
    issue_no = 0
    for item in done:
        day = ctx.day_in(start, min(ctx.today, start + dt.timedelta(days=40)))
        inspector = sorted(item.inspectors.all(), key=lambda u: u.pk)[0]
        issues = item.pk in with_issues
        text = ISSUE_TEXTS[issue_no % len(ISSUE_TEXTS)] if issues else ""
        finding_record(
            actor=inspector,
            sampled=item,
            finding="issues" if issues else "no_issue",
            finding_text=text,
            checked_on=day,
            today=max(day, start),
        )
        ctx.add("spot_checks_done")
        if not issues:
            continue
        issue_no += 1
        # The first order's deadline has passed unmet (A3), the second was met and verified,
        # the others run on.
        deadline = {1: day + dt.timedelta(days=20), 2: day + dt.timedelta(days=30)}.get(
            issue_no, ctx.today + dt.timedelta(days=30 + 10 * issue_no)
        )
        item = rectification_set(
            actor=admin,
            sampled=item,
            deadline=deadline,
            document_number=f"武民抽查整改〔{campaign.year}〕{issue_no}号",
            content=text,
            today=day,
        )
        if issue_no == 2:
            verified = min(day + dt.timedelta(days=25), ctx.today)
            rectification_verify(
                actor=admin,
                sampled=item,
                rectified_on=min(day + dt.timedelta(days=18), verified),
                evidence="整改报告及佐证材料已核查。",
                today=verified,
            )


def plan_exit_cases(ctx: DemoContext) -> None:
    """One case per organization that stopped filing, opened after both deadlines passed."""
    year = ctx.today.year
    earliest = max(D(year, 6, 16), ctx.today - dt.timedelta(days=160))
    for pk, path in zip(ctx.zombies, CASE_PATHS, strict=False):
        org = ctx.orgs[pk]
        # Longer paths started earlier; each step 8 to 15 days after the last.
        gaps = [ctx.rng.randint(8, 15) for _step in path]
        opened = ctx.today - dt.timedelta(days=sum(gaps) + ctx.rng.randint(3, 20))
        opened = max(opened, earliest)
        days, day = [], opened
        for gap in gaps:
            day = min(day + dt.timedelta(days=gap), ctx.today)
            days.append(day)
        holder: dict[str, ExitCase] = {}

        def open_case(day: dt.date, org: Any = org, holder: dict[str, ExitCase] = holder) -> None:
            holder["case"] = exit_case_open(
                actor=ctx.cast.admin,
                organization=org,
                note="连续两年未报送年度工作报告，列入疑似僵尸型社会组织排查名单。",
                today=day,
            )
            ctx.add("exit_cases")

        ctx.timeline.at(opened, open_case, "立案排查")
        for step, on in zip(path, days, strict=True):
            ctx.timeline.at(on, _case_step(ctx, holder, step, org.pk), step)


def _case_step(ctx: DemoContext, holder: dict[str, ExitCase], action: str, pk: int) -> Any:
    def act(day: dt.date) -> None:
        case = holder["case"]
        document = ""
        deadline = None
        if action in ("decide_revoke", "decide_deregister", "decide_rectify"):
            kind = {"decide_revoke": "撤", "decide_deregister": "注指", "decide_rectify": "整"}
            document = f"武民{kind[action]}〔{day.year}〕{pk}号"
        if action == "announce" and case.state == "guided_deregistration":
            document = f"武民注〔{day.year}〕{pk}号"
        if action == "decide_rectify":
            deadline = day + dt.timedelta(days=ctx.rng.randint(40, 90))
        holder["case"] = exit_case_act(
            actor=ctx.cast.admin,
            case=case,
            data=StepInput(
                action=action,
                occurred_on=day,
                note=STEP_NOTES[action],
                document_number=document,
                deadline=deadline,
            ),
            today=day,
        )

    return act


TIPS = (
    ("中华国学智慧研究院", "以研究院名义在小区会所举办收费讲座，自称经民政部门批准。", "public"),
    ("武汉养生互助会", "以互助会名义收取会员费，承诺高额返利。", "department"),
    ("楚韵艺术家联合会", "未经登记以联合会名义评选收费奖项。", "department"),
    ("东湖公益慈善促进会", "在街头以慈善名义募捐，无法出示任何登记证书。", "inspection"),
    ("社区老年旅游协会", "组织老人外出旅游并收取费用，未见登记。", "public"),
)


def plan_illegal(ctx: DemoContext) -> None:
    """Tips, then cases: a ban and a dispersal published, one under investigation, one tip
    assigned for checking, one public tip just received."""
    year = ctx.today.year
    admin = ctx.cast.admin
    streets = sorted(ctx.cast.streets.values(), key=lambda a: a.code)
    if not streets:
        return
    plans = (
        (D(year, 3, 5), D(year, 3, 20), "ban"),
        (D(year, 7, 8), D(year, 7, 20), "disperse"),
        (D(year, 10, 12), D(year, 10, 25), None),
        (ctx.today - dt.timedelta(days=12), None, "assign"),
        (ctx.today, None, None),
    )
    for k, ((name, text, source), (received, opened, outcome)) in enumerate(
        zip(TIPS, plans, strict=True)
    ):
        street = streets[k % len(streets)]
        holder: dict[str, Any] = {}
        ctx.timeline.at(received, _tip(ctx, holder, name, text, source, street), "举报线索")
        if outcome == "assign":
            officer = ctx.cast.street_officer(street.id)
            ctx.timeline.at(
                received + dt.timedelta(days=1),
                lambda day, h=holder, o=officer: tip_assign(
                    actor=admin, tip=h["tip"], officer=o, note="请核实该组织活动情况。"
                ),
                "分派线索",
            )
        if opened is None:
            continue
        ctx.timeline.at(opened, _case(ctx, holder, name, street), "立案调查")
        if outcome in ("ban", "disperse"):
            decided = opened + dt.timedelta(days=50)
            ctx.timeline.at(decided, _decision(ctx, holder, outcome), "作出结论")


def _tip(
    ctx: DemoContext, holder: dict[str, Any], name: str, text: str, source: str, street: Any
) -> Any:
    def submit(day: dt.date) -> None:
        public = source == "public"
        received = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        data = TipInput(
            reported_name=name,
            description=text,
            district=ctx.cast.district,
            street=street,
            location=f"{street.name}辖区",
            source="department" if source == "department" else ("public" if public else "other"),
            channel={"department": Tip.Channel.REFERRAL, "inspection": Tip.Channel.INSPECTION}.get(
                source, Tip.Channel.WEB
            ),
            received_at=None if public else min(received, timezone.now()),
        )
        holder["tip"] = tip_submit(
            actor=None if public else ctx.cast.admin, data=data, public=public
        )
        ctx.add("illegal_tips")

    return submit


def _case(ctx: DemoContext, holder: dict[str, Any], name: str, street: Any) -> Any:
    def open_case(day: dt.date) -> None:
        case = case_open(
            actor=ctx.cast.admin,
            tips=[holder["tip"]],
            data=CaseInput(
                subject_name=name,
                street=street,
                opened_on=day,
                officers=[ctx.cast.street_officer(street.id)],
                location=f"{street.name}辖区",
            ),
            today=day,
        )
        case_add_evidence(
            actor=ctx.cast.admin,
            case=case,
            description="现场检查笔录、宣传材料及收费凭证复印件。",
        )
        holder["case"] = InvestigationCase.objects.get(pk=case.pk)
        ctx.add("illegal_cases")

    return open_case


def _decision(ctx: DemoContext, holder: dict[str, Any], outcome: str) -> Any:
    def decide(day: dt.date) -> None:
        case = case_decide(
            actor=ctx.cast.admin,
            case=holder["case"],
            outcome=outcome,
            decided_on=day,
            document_number=f"武民取〔{day.year}〕{holder['case'].pk}号",
            reason="未经登记擅自以社会组织名义开展活动，依据《取缔非法民间组织暂行办法》予以处理。",
            today=day,
        )
        case_publish(actor=ctx.cast.admin, case=case, today=day)

    return decide
