"""The credit services over the database: recording facts (and refusing bad ones), evaluating
one and many organizations, objections, removal applications and the standing gate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socorg.accounts.models import User
from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.credit import services
from socorg.credit.evaluation import credit_evaluate, credit_evaluate_many
from socorg.credit.facts import no_report_facts
from socorg.credit.models import (
    AdministrativePenalty,
    CourtDishonestRecord,
    CreditEntry,
    CreditStatus,
    Objection,
    RectificationNotice,
    RectificationVerification,
    RemovalApplication,
    TriggerFact,
    UnreachableLetter,
)
from socorg.credit.policy import get_policy
from socorg.credit.selectors import (
    abnormal_list_published,
    credit_standing,
    is_in_good_standing,
    published_row,
    serious_list_published,
)
from socorg.notifications.models import Notification
from socorg.registry.services import EventInput, organization_member_link, organization_terminate
from tests.world import World, register

D = dt.date


def penalty(world: World, org: Any, *, on: dt.date, actor: Any = None, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "kind": "warning",
        "decided_on": on,
        "document_number": f"武民罚〔{on.year}〕{on.month}{on.day}号",
        "authority": world.bureau,
        "today": on,
    }
    values.update(overrides)
    return services.penalty_record(
        actor=actor or world.user("district_admin"), organization=org, **values
    )


def status_of(org: Any) -> CreditStatus | None:
    return CreditStatus.objects.filter(organization=org).first()


def changes(org: Any) -> list[tuple[dt.date, str, str, str]]:
    return [
        (e.effective_on, e.kind, e.list_kind, e.code)
        for e in CreditEntry.objects.filter(organization=org, withdrawn_at__isnull=True).order_by(
            "effective_on", "id"
        )
    ]


def org_account(world: World, org: Any) -> User:
    user = User.objects.create_user(username=f"org{org.pk}", password="x", role="organization")
    organization_member_link(actor=world.user("system_admin"), user=user, organization=org)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def org(world):
    return register(world, name="积玉桥阳光服务中心")


# -- bad input: clear field error, nothing written --------------------------------------------

TODAY = D(2024, 6, 1)

BAD_INPUT = [
    ("penalty", {"kind": "fine", "fine_amount": Decimal("-1")}, "fine_amount", "负数"),
    ("penalty", {"kind": "fine", "fine_amount": None}, "fine_amount", "大于 0"),
    ("penalty", {"kind": "warning", "fine_amount": Decimal("100")}, "fine_amount", "只有罚款"),
    ("penalty", {"decided_on": D(2024, 6, 2)}, "decided_on", "不能晚于今天"),
    ("penalty", {"document_number": " "}, "document_number", "文号"),
    ("penalty", {"authority": None, "authority_name": ""}, "authority", "决定机关"),
    ("penalty", {"kind": "reprimand"}, "kind", "处罚种类"),
    ("court", {"court": ""}, "court", "执行法院"),
    ("court", {"removed_on": D(2024, 1, 1)}, "removed_on", "不能早于列入日期"),
    ("court", {"listed_on": D(2024, 7, 1)}, "listed_on", "不能晚于今天"),
    ("notice", {"deadline": D(2024, 4, 1)}, "deadline", "不能早于下达日期"),
    ("notice", {"content": ""}, "content", "整改事项"),
    ("letter", {"outcome_on": D(2024, 2, 1)}, "outcome_on", "不能早于寄出日期"),
    ("letter", {"sent_on": D(2024, 6, 5)}, "sent_on", "不能晚于今天"),
    ("trigger", {"code": "S6"}, "code", "只能认定"),
    ("trigger", {"description": ""}, "description", "事实与理由"),
]

GOOD: dict[str, tuple[Any, dict[str, Any]]] = {
    "penalty": (
        services.penalty_record,
        {
            "kind": "warning",
            "decided_on": D(2024, 5, 1),
            "document_number": "武民罚〔2024〕1号",
        },
    ),
    "court": (
        services.court_record_record,
        {
            "court": "武昌区人民法院",
            "case_number": "（2024）鄂0106执1号",
            "listed_on": D(2024, 5, 1),
        },
    ),
    "notice": (
        services.rectification_notice_record,
        {
            "issued_on": D(2024, 5, 1),
            "deadline": D(2024, 5, 31),
            "document_number": "武民整〔2024〕1号",
            "content": "完善财务制度",
        },
    ),
    "letter": (
        services.unreachable_letter_record,
        {
            "sent_on": D(2024, 3, 1),
            "returned_unsigned": True,
            "outcome_on": D(2024, 3, 20),
            "tracking_number": "XA123",
        },
    ),
    "trigger": (
        services.trigger_fact_record,
        {
            "code": "A7",
            "decided_on": D(2024, 5, 1),
            "document_number": "武民认〔2024〕1号",
            "description": "依法认定",
        },
    ),
}
MODELS = {
    "penalty": AdministrativePenalty,
    "court": CourtDishonestRecord,
    "notice": RectificationNotice,
    "letter": UnreachableLetter,
    "trigger": TriggerFact,
}


@pytest.mark.parametrize(("fact", "bad", "field", "words"), BAD_INPUT)
def test_bad_fact_is_refused_with_a_field_error_and_nothing_written(
    world, org, fact, bad, field, words
):
    service, values = GOOD[fact]
    values = {**values, **bad}
    if fact in ("penalty", "trigger") and "authority" not in bad:
        values["authority"] = world.bureau
    with pytest.raises(ApplicationError) as caught:
        service(actor=world.user("district_admin"), organization=org, today=TODAY, **values)
    assert field in caught.value.errors
    assert words in " ".join(caught.value.errors[field])
    assert not MODELS[fact].objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="credit.").exists()


@pytest.mark.parametrize("fact", list(GOOD))
def test_each_good_fact_is_recorded_and_audited(world, org, fact):
    service, values = GOOD[fact]
    if fact in ("penalty", "trigger"):
        values = {**values, "authority": world.bureau}
    record = service(actor=world.user("district_admin"), organization=org, today=TODAY, **values)
    assert MODELS[fact].objects.get() == record
    assert record.recorded_by == world.user("district_admin")
    assert AuditEvent.objects.filter(object_id=str(record.pk), action__endswith=".record").exists()


def test_removal_without_evidence_is_refused(world, org):
    penalty(world, org, on=D(2024, 3, 1), kind="fine", fine_amount=Decimal("100"))
    with pytest.raises(ApplicationError) as caught:
        services.rectification_verification_record(
            actor=world.user("district_admin"), organization=org, evidence=" ", today=TODAY
        )
    assert "evidence" in caught.value.errors
    assert not RectificationVerification.objects.exists()
    assert status_of(org).list_kind == "abnormal"


def test_verification_of_an_organization_not_listed_is_refused(world, org):
    with pytest.raises(ApplicationError) as caught:
        services.rectification_verification_record(
            actor=world.user("district_admin"), organization=org, evidence="已整改", today=TODAY
        )
    assert "organization" in caught.value.errors


def test_notice_verification_needs_evidence(world, org):
    notice = services.rectification_notice_record(
        actor=world.user("district_admin"), organization=org, today=TODAY, **GOOD["notice"][1]
    )
    with pytest.raises(ApplicationError) as caught:
        services.rectification_notice_verify(
            actor=world.user("district_admin"),
            notice=notice,
            rectified_on=D(2024, 5, 20),
            evidence="",
            today=TODAY,
        )
    assert "evidence" in caught.value.errors
    notice.refresh_from_db()
    assert notice.verified_on is None


def test_evidence_file_of_an_unknown_type_is_refused(world, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ApplicationError) as caught:
        penalty(world, org, on=D(2024, 3, 1), evidence_file=SimpleUploadedFile("x.exe", b"MZ"))
    assert "evidence_file" in caught.value.errors
    assert not AdministrativePenalty.objects.exists()


# -- who may record ---------------------------------------------------------------------------


def test_department_officer_records_a_penalty_for_its_supervised_organization(world, org):
    officer = world.user("department_officer")
    record = penalty(world, org, on=D(2024, 3, 1), actor=officer, authority=world.unit)
    assert record.authority == world.unit
    assert status_of(org).list_kind == "abnormal"


def test_department_officer_may_not_record_for_an_organization_it_does_not_supervise(world):
    other = register(world, supervisory_unit=world.other_unit)
    with pytest.raises(PermissionDenied):
        penalty(world, other, on=D(2024, 3, 1), actor=world.user("department_officer"))
    assert not AdministrativePenalty.objects.exists()


def test_department_officer_records_its_own_decision_about_any_organization(world):
    other = register(world, supervisory_unit=world.other_unit)
    record = penalty(
        world, other, on=D(2024, 3, 1), actor=world.user("department_officer"), authority=world.unit
    )
    assert record.organization == other


def test_department_officer_may_not_record_a_rectification_notice(world, org):
    with pytest.raises(PermissionDenied):
        services.rectification_notice_record(
            actor=world.user("department_officer"),
            organization=org,
            today=TODAY,
            **GOOD["notice"][1],
        )


@pytest.mark.parametrize(
    "role", ["other_admin", "street_officer", "community_officer", "auditor", "public", "expert"]
)
def test_officers_outside_their_remit_may_not_record(world, org, role):
    with pytest.raises(PermissionDenied):
        penalty(world, org, on=D(2024, 3, 1), actor=world.user(role))
    assert not AdministrativePenalty.objects.exists()


def test_street_officer_records_for_a_community_organization_of_its_street(world):
    community = register(world, org_type="community", name="积玉桥社区舞蹈队")
    services.trigger_fact_record(
        actor=world.user("street_officer"),
        organization=community,
        code="A7",
        decided_on=D(2024, 3, 1),
        document_number="积街〔2024〕1号",
        authority=world.street_offices[0],
        description="依法认定",
        today=TODAY,
    )
    assert status_of(community).list_kind == "abnormal"
    with pytest.raises(PermissionDenied):
        penalty(world, community, on=D(2024, 3, 1), actor=world.user("other_street_officer"))


# -- the lists by rule ------------------------------------------------------------------------


def test_listing_then_automatic_removal_after_six_months_then_listing_again(world, org):
    penalty(world, org, on=D(2024, 3, 15))
    status = status_of(org)
    assert (status.list_kind, status.listed_on, status.codes) == (
        "abnormal",
        D(2024, 3, 15),
        ["A5"],
    )
    assert status.next_change_on == D(2024, 9, 15)
    assert not is_in_good_standing(org)

    assert credit_evaluate(organization=org, today=D(2024, 9, 14)).changed == 0
    assert status_of(org).list_kind == "abnormal"

    result = credit_evaluate(organization=org, today=D(2024, 9, 15))
    assert result.entries_created == 1 and result.statuses_updated == 1
    assert status_of(org).list_kind == "normal"
    assert is_in_good_standing(org)
    removal = CreditEntry.objects.get(organization=org, kind="remove")
    assert removal.code == "RA2"
    assert removal.citation_rule == "CREDIT.abnormal_auto_removal"
    assert "自动移出" in removal.explanation

    services.trigger_fact_record(
        actor=world.user("district_admin"),
        organization=org,
        code="A7",
        decided_on=D(2024, 11, 1),
        document_number="武民认〔2024〕9号",
        authority=world.bureau,
        description="法律规定的其他情形",
        today=D(2024, 11, 2),
    )
    assert changes(org) == [
        (D(2024, 3, 15), "enter", "abnormal", "A5"),
        (D(2024, 9, 15), "remove", "abnormal", "RA2"),
        (D(2024, 11, 1), "enter", "abnormal", "A7"),
    ]
    first, second = abnormal_list_published().filter(organization=org).order_by("effective_on")
    assert (first.ended_on, first.end_code) == (D(2024, 9, 15), "RA2")
    assert second.ended_on is None
    row = published_row(first)
    assert row["reason_code"] == "A5" and "警告" in row["reason_label"]
    assert row["removal_label"].startswith("无需履行义务")
    assert row["authority"] == world.bureau.name
    entry = CreditEntry.objects.get(organization=org, code="A5")
    assert entry.document_number == "武民罚〔2024〕315号"
    assert "武昌区民政局" in entry.evidence
    assert entry.citation_rule == "CREDIT.abnormal_listing"
    assert "第60号" in entry.citation


@pytest.mark.parametrize(
    ("amount", "code", "list_kind"),
    [("50000", "S4", "serious"), ("60000", "S4", "serious"), ("49999.99", "A5", "abnormal")],
)
def test_a_fine_of_50000_or_more_puts_on_the_serious_list(world, org, amount, code, list_kind):
    penalty(world, org, on=D(2024, 4, 1), kind="fine", fine_amount=Decimal(amount))
    status = status_of(org)
    assert (status.list_kind, status.codes) == (list_kind, [code])
    entry = CreditEntry.objects.get(organization=org)
    assert (entry.kind, entry.list_kind, entry.code) == ("enter", list_kind, code)
    assert credit_standing([org.pk])[org.pk].list_kind == list_kind


def test_the_supervisory_unit_hears_of_the_penalty_and_the_listing(world, org):
    penalty(world, org, on=D(2024, 4, 1), kind="fine", fine_amount=Decimal("60000"))
    kinds = set(
        Notification.objects.filter(recipient_agency=world.unit).values_list("kind", flat=True)
    )
    assert kinds == {"credit.penalty", "credit.listed"}


def test_the_fine_threshold_is_configuration(world, org, settings):
    settings.POLICY = {**settings.POLICY, "credit": {"fine_threshold_yuan": "100000"}}
    assert get_policy().fine_threshold_yuan == Decimal("100000")
    penalty(world, org, on=D(2024, 4, 1), kind="fine", fine_amount=Decimal("60000"))
    assert status_of(org).codes == ["A5"]


def test_an_unknown_policy_key_fails_loudly(settings):
    settings.POLICY = {"credit": {"fine_treshold": 1}}
    with pytest.raises(ImproperlyConfigured):
        get_policy()


def test_two_small_penalties_within_three_years_make_s5(world, org):
    penalty(world, org, on=D(2024, 1, 10))
    penalty(world, org, on=D(2025, 2, 10), kind="fine", fine_amount=Decimal("2000"))
    assert status_of(org).list_kind == "serious"
    assert changes(org)[-1] == (D(2025, 2, 10), "enter", "serious", "S5")


def test_court_record_puts_on_the_serious_list(world, org):
    services.court_record_record(
        actor=world.user("district_admin"), organization=org, today=TODAY, **GOOD["court"][1]
    )
    assert (status_of(org).list_kind, status_of(org).origin) == ("serious", "S6")
    entry = serious_list_published().get(organization=org)
    assert "失信被执行人" in entry.evidence and entry.document_number == "（2024）鄂0106执1号"


def test_two_unsigned_letters_make_a6(world, org):
    admin = world.user("district_admin")
    for sent, back in ((D(2024, 3, 1), D(2024, 3, 20)), (D(2024, 4, 10), D(2024, 4, 30))):
        services.unreachable_letter_record(
            actor=admin,
            organization=org,
            sent_on=sent,
            returned_unsigned=True,
            outcome_on=back,
            tracking_number=f"XA{sent:%m%d}",
            today=TODAY,
        )
    assert changes(org) == [(D(2024, 4, 30), "enter", "abnormal", "A6")]
    entry = CreditEntry.objects.get(organization=org)
    assert entry.fact_refs and entry.fact_refs[0].startswith("letter:")


def test_registry_revocation_puts_on_the_serious_list(world, org):
    organization_terminate(
        actor=world.user("district_admin"),
        organization=org,
        kind="revocation",
        event=EventInput(
            occurred_on=dt.date.today(), document_number="武民撤〔2024〕1号", reason="一年未活动"
        ),
    )
    credit_evaluate_many(today=dt.date.today())
    assert (status_of(org).list_kind, status_of(org).origin) == ("serious", "S7")
    assert CreditEntry.objects.get(organization=org).document_number == "武民撤〔2024〕1号"


def test_overdue_rectification_lists_and_verified_rectification_removes(world, org):
    admin = world.user("district_admin")
    notice = services.rectification_notice_record(
        actor=admin, organization=org, today=D(2024, 5, 1), **GOOD["notice"][1]
    )
    credit_evaluate(organization=org, today=D(2024, 5, 31))
    assert status_of(org) is None
    credit_evaluate(organization=org, today=D(2024, 6, 1))
    assert status_of(org).codes == ["A3"]
    services.rectification_notice_verify(
        actor=admin,
        notice=notice,
        rectified_on=D(2024, 6, 20),
        evidence="现场核查财务制度已完善",
        today=D(2024, 6, 25),
    )
    assert status_of(org).list_kind == "normal"
    removal = CreditEntry.objects.get(organization=org, kind="remove")
    assert (removal.code, removal.effective_on) == ("RA1", D(2024, 6, 25))
    assert removal.removal_due_by is not None
    assert "查实" in removal.evidence


def test_rectification_on_time_verified_late_withdraws_the_listing(world, org):
    admin = world.user("district_admin")
    notice = services.rectification_notice_record(
        actor=admin, organization=org, today=D(2024, 5, 1), **GOOD["notice"][1]
    )
    credit_evaluate(organization=org, today=D(2024, 6, 3))
    assert status_of(org).list_kind == "abnormal"
    services.rectification_notice_verify(
        actor=admin,
        notice=notice,
        rectified_on=D(2024, 5, 30),
        evidence="5月30日已整改完毕",
        today=D(2024, 6, 5),
    )
    assert status_of(org).list_kind == "normal"
    entry = CreditEntry.objects.get(organization=org)
    assert entry.is_withdrawn and not entry.published


def test_annual_reports_come_from_the_provider(world, org):
    class Report:
        year, due_on, filed_on, rejected_on = 2023, D(2024, 5, 31), None, None

    def provider(*, organization_ids, today):
        return {org.pk: [Report()]} if org.pk in organization_ids else {}

    credit_evaluate(organization=org, today=D(2024, 6, 2), report_facts_provider=provider)
    entry = CreditEntry.objects.get(organization=org)
    assert (entry.code, entry.effective_on) == ("A1", D(2024, 6, 1))
    assert "2023 年度工作报告" in entry.evidence
    assert no_report_facts(organization_ids=[org.pk], today=TODAY) == {}


def test_annual_reports_app_feeds_a1_from_the_configured_first_year(world, org, settings):
    settings.CREDIT_REPORT_FACTS_PROVIDER = "socorg.credit.facts.annual_report_facts"
    settings.CREDIT_REPORT_FIRST_YEAR = None
    assert credit_evaluate(organization=org, today=D(2024, 6, 2)).changed == 0
    settings.CREDIT_REPORT_FIRST_YEAR = 2023
    credit_evaluate(organization=org, today=D(2024, 6, 2))
    entry = CreditEntry.objects.get(organization=org)
    # The day after the organization's own submission deadline (per type, per configuration).
    assert (entry.code, entry.list_kind) == ("A1", "abnormal")
    assert D(2024, 1, 1) < entry.effective_on < D(2024, 6, 2)
    assert "2023 年度工作报告" in entry.evidence and "未报送" in entry.evidence


def test_an_earlier_day_does_not_move_the_status_back(world, org):
    penalty(world, org, on=D(2024, 3, 15))
    credit_evaluate(organization=org, today=D(2024, 9, 15))
    assert status_of(org).list_kind == "normal"
    result = credit_evaluate(organization=org, today=D(2024, 4, 1))
    assert result.changed == 0
    assert status_of(org).list_kind == "normal"
    listing = CreditEntry.objects.get(organization=org, kind="enter")
    assert listing.ended_on == D(2024, 9, 15)


# -- many organizations at once ---------------------------------------------------------------


def _orgs_with_facts(world: World, n: int, prefix: str = "甲") -> list[Any]:
    orgs = []
    for i in range(n):
        org = register(world, name=f"武昌区批量测试{prefix}中心{i:03d}")
        if i % 3 == 0:
            penalty(world, org, on=D(2024, 3, 15))
        elif i % 3 == 1:
            penalty(world, org, on=D(2024, 3, 15), kind="fine", fine_amount=Decimal("80000"))
        orgs.append(org)
    return orgs


def test_evaluating_the_same_day_twice_changes_nothing(world):
    orgs = _orgs_with_facts(world, 9)
    first = credit_evaluate_many(organization_ids=None, today=D(2024, 9, 20))
    assert first.entries_created == 3  # the three warnings end after 6 months
    assert first.statuses_updated == 3
    entries, audit = CreditEntry.objects.count(), AuditEvent.objects.count()
    second = credit_evaluate_many(organization_ids=None, today=D(2024, 9, 20))
    assert second.changed == 0 and second.notifications == 0
    assert (CreditEntry.objects.count(), AuditEvent.objects.count()) == (entries, audit)
    again = credit_evaluate_many(organization_ids=[o.pk for o in orgs], today=D(2024, 9, 20))
    assert again.changed == 0


def test_small_chunks_give_the_same_answer(world):
    _orgs_with_facts(world, 7)
    result = credit_evaluate_many(today=D(2024, 9, 20), chunk_size=2)
    assert result.entries_created == 3
    assert credit_evaluate_many(today=D(2024, 9, 20), chunk_size=3).changed == 0


def _evaluation_queries(world: World, n: int, prefix: str) -> int:
    ids = [o.pk for o in _orgs_with_facts(world, n, prefix)]
    with CaptureQueriesContext(connection) as captured:
        result = credit_evaluate_many(organization_ids=ids, today=D(2024, 9, 20))
    assert result.entries_created == len(range(0, n, 3))
    return len(captured)


def test_query_count_does_not_grow_with_the_number_of_organizations(world):
    few = _evaluation_queries(world, 5, "甲")
    many = _evaluation_queries(world, 50, "乙")
    assert many == few


def test_evaluation_of_fifty_organizations_is_a_handful_of_queries(
    world, django_assert_max_num_queries
):
    _orgs_with_facts(world, 50)
    with django_assert_max_num_queries(20):
        credit_evaluate_many(organization_ids=None, today=D(2024, 9, 20))


def test_credit_standing_answers_for_every_id_in_one_query(world, django_assert_max_num_queries):
    orgs = _orgs_with_facts(world, 4)
    with django_assert_max_num_queries(1):
        standing = credit_standing([o.pk for o in orgs])
    assert [standing[o.pk].list_kind for o in orgs] == ["abnormal", "serious", "normal", "abnormal"]
    assert standing[orgs[2].pk].good and standing[orgs[1].pk].serious


# -- objections -------------------------------------------------------------------------------


def test_an_upheld_objection_withdraws_the_entry_and_recomputes_the_status(world, org):
    penalty(world, org, on=D(2024, 3, 15))
    entry = CreditEntry.objects.get(organization=org)
    objection = services.objection_file(
        actor=org_account(world, org), entry=entry, reason="处罚决定已被复议撤销", today=TODAY
    )
    with pytest.raises(ApplicationError):
        services.objection_file(
            actor=org_account(world, register(world)), entry=entry, reason="x", today=TODAY
        )
    services.objection_resolve(
        actor=world.user("district_admin"),
        objection=objection,
        upheld=True,
        resolution="经核实，处罚决定已于4月被复议机关撤销",
        today=TODAY,
    )
    entry.refresh_from_db()
    assert entry.is_withdrawn and not entry.published
    assert "异议成立" in entry.withdrawn_reason
    assert status_of(org).list_kind == "normal"
    assert AdministrativePenalty.objects.get().is_void
    assert not abnormal_list_published().filter(organization=org).exists()
    assert AuditEvent.objects.filter(action="credit.objection.resolve").exists()
    # Evaluated again later: the withdrawn entry stays withdrawn, nothing else changes.
    assert credit_evaluate(organization=org, today=D(2024, 7, 1)).changed == 0


def test_a_rejected_objection_needs_a_reason_and_changes_nothing(world, org):
    penalty(world, org, on=D(2024, 3, 15))
    entry = CreditEntry.objects.get(organization=org)
    objection = services.objection_file(
        actor=org_account(world, org), entry=entry, reason="不服", today=TODAY
    )
    admin = world.user("district_admin")
    with pytest.raises(ApplicationError) as caught:
        services.objection_resolve(
            actor=admin, objection=objection, upheld=False, resolution="", today=TODAY
        )
    assert "resolution" in caught.value.errors
    services.objection_resolve(
        actor=admin, objection=objection, upheld=False, resolution="处罚决定合法有效", today=TODAY
    )
    objection.refresh_from_db()
    assert objection.state == Objection.State.REJECTED
    assert status_of(org).list_kind == "abnormal"
    with pytest.raises(PermissionDenied):
        services.objection_resolve(
            actor=world.user("department_officer"),
            objection=objection,
            upheld=True,
            resolution="x",
            today=TODAY,
        )


def test_an_objection_to_an_automatic_entry_cannot_be_upheld_here(world, org):
    penalty(world, org, on=D(2024, 3, 15))
    credit_evaluate(organization=org, today=D(2024, 9, 15))
    removal = CreditEntry.objects.get(organization=org, kind="remove")
    objection = services.objection_file(
        actor=org_account(world, org), entry=removal, reason="x", today=D(2024, 9, 16)
    )
    with pytest.raises(ApplicationError) as caught:
        services.objection_resolve(
            actor=world.user("district_admin"),
            objection=objection,
            upheld=True,
            resolution="成立",
            today=D(2024, 9, 16),
        )
    assert "源数据" in caught.value.errors["resolution"][0]


def test_voiding_a_fact_withdraws_what_it_caused(world, org):
    record = penalty(world, org, on=D(2024, 3, 15))
    with pytest.raises(ApplicationError):
        services.credit_fact_void(actor=world.user("district_admin"), fact=record, reason="")
    services.credit_fact_void(
        actor=world.user("district_admin"), fact=record, reason="录入错误", today=TODAY
    )
    assert status_of(org).list_kind == "normal"
    assert CreditEntry.objects.get(organization=org).is_withdrawn


# -- removal applications ---------------------------------------------------------------------


def test_abnormal_list_application_needs_evidence_and_its_approval_removes(world, org):
    admin, account = world.user("district_admin"), org_account(world, org)
    services.trigger_fact_record(
        actor=admin,
        organization=org,
        code="A2",
        decided_on=D(2024, 3, 1),
        document_number="武民认〔2024〕2号",
        authority=world.bureau,
        description="未按规定设立党组织",
        today=D(2024, 3, 1),
    )
    with pytest.raises(ApplicationError) as caught:
        services.removal_application_file(
            actor=account,
            organization=org,
            list_kind="abnormal",
            statement="已设立党支部",
            today=D(2024, 5, 1),
        )
    assert "evidence" in caught.value.errors
    with pytest.raises(ApplicationError) as caught:
        services.removal_application_file(
            actor=account,
            organization=org,
            list_kind="serious",
            statement="x",
            evidence="y",
            today=D(2024, 5, 1),
        )
    assert "list_kind" in caught.value.errors
    application = services.removal_application_file(
        actor=account,
        organization=org,
        list_kind="abnormal",
        statement="已设立党支部",
        evidence="街道党工委批复文件",
        today=D(2024, 5, 1),
    )
    with pytest.raises(PermissionDenied):
        services.removal_application_examine(
            actor=account, application=application, approve=True, today=D(2024, 5, 6)
        )
    services.removal_application_examine(
        actor=admin, application=application, approve=True, today=D(2024, 5, 6)
    )
    assert status_of(org).list_kind == "normal"
    assert changes(org)[-1] == (D(2024, 5, 6), "remove", "abnormal", "RA1")


def test_an_abnormal_listing_with_nothing_owed_is_not_removed_on_application(world, org):
    penalty(world, org, on=D(2024, 3, 15))
    application = services.removal_application_file(
        actor=org_account(world, org),
        organization=org,
        list_kind="abnormal",
        statement="已缴纳",
        evidence="缴款凭证",
        today=D(2024, 4, 1),
    )
    services.removal_application_examine(
        actor=world.user("district_admin"),
        application=application,
        approve=True,
        today=D(2024, 4, 2),
    )
    application.refresh_from_db()
    assert application.state == RemovalApplication.State.REFUSED
    assert "2024-09-15" in application.decision
    assert not RectificationVerification.objects.exists()
    assert status_of(org).list_kind == "abnormal"


def test_serious_list_application_is_decided_by_the_rules(world, org):
    admin, account = world.user("district_admin"), org_account(world, org)
    penalty(world, org, on=D(2024, 1, 10), kind="fine", fine_amount=Decimal("50000"))

    early = services.removal_application_file(
        actor=account,
        organization=org,
        list_kind="serious",
        statement="已缴纳罚款",
        today=D(2025, 1, 10),
    )
    services.removal_application_examine(
        actor=admin, application=early, approve=True, today=D(2025, 1, 15)
    )
    early.refresh_from_db()
    assert early.state == RemovalApplication.State.REFUSED
    assert early.refusal_code == "too_early"
    assert "2026-01-10" in early.decision
    assert status_of(org).list_kind == "serious"

    late = services.removal_application_file(
        actor=account,
        organization=org,
        list_kind="serious",
        statement="已满2年",
        today=D(2026, 1, 12),
    )
    services.removal_application_examine(
        actor=admin, application=late, approve=True, today=D(2026, 1, 12)
    )
    late.refresh_from_db()
    assert late.state == RemovalApplication.State.APPROVED
    assert status_of(org).list_kind == "normal"
    assert changes(org)[-1] == (D(2026, 1, 12), "remove", "serious", "RS1")
    assert credit_evaluate(organization=org, today=D(2026, 1, 12)).changed == 0
