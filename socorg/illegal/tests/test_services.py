"""Services: each role allowed and denied, every bad input a field error with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from socorg.audit.models import AuditEvent
from socorg.core import crypto
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.illegal import selectors
from socorg.illegal.models import Evidence, InvestigationCase, Tip
from socorg.illegal.services import (
    case_add_evidence,
    case_decide,
    case_publish,
    tip_assign,
    tip_close,
    tip_reporter_reveal,
    tip_submit,
)
from socorg.notifications.models import Notification

from .factories import (
    DECIDED,
    TODAY,
    add_evidence,
    decided_case,
    make_tip,
    open_case,
    pdf,
    tip_input,
)


def counts() -> tuple[int, int, int, int]:
    return (
        Tip.objects.count(),
        InvestigationCase.objects.count(),
        Evidence.objects.count(),
        AuditEvent.objects.count(),
    )


# ------------------------------------------------------------------------ tips


def test_public_tip_is_recorded_anonymously_with_contact_encrypted(world):
    tip = make_tip(world, public=True, actor=AnonymousUser(), channel="phone", source="other")
    assert tip.source == "public" and tip.channel == "web"
    assert tip.state == "new" and tip.submitted_by is None
    assert tip.reporter_contact_masked == "138****5678"
    assert "13812345678" not in tip.reporter_contact_encrypted
    assert crypto.decrypt(tip.reporter_contact_encrypted) == "13812345678"
    event = AuditEvent.objects.get(action="illegal.tip.submit")
    assert event.actor is None
    assert event.after["reporter_contact_given"] is True
    assert "13812345678" not in str(event.after) and "王小明" not in str(event.after)


def test_anonymous_tip_without_reporter_details_stores_no_contact(world):
    tip = make_tip(world, public=True, actor=AnonymousUser(), reporter_name="", reporter_contact="")
    assert tip.reporter_contact_encrypted == "" and tip.reporter_contact_masked == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "   "}, "description"),
        ({"reported_name": ""}, "reported_name"),
        ({"reporter_contact": "随便"}, "reporter_contact"),
    ],
)
def test_bad_tip_names_the_field_and_writes_nothing(world, overrides, field):
    before = counts()
    with pytest.raises(ApplicationError) as info:
        make_tip(world, public=True, actor=AnonymousUser(), **overrides)
    assert field in info.value.errors
    assert counts() == before


def test_street_outside_the_district_is_refused(world):
    with pytest.raises(ApplicationError) as info:
        make_tip(world, public=True, actor=AnonymousUser(), street=world.streets[2])
    assert "street" in info.value.errors
    assert not Tip.objects.exists()


def test_public_tip_for_a_district_the_platform_does_not_serve_is_refused(world):
    world.other_bureau.is_active = False
    world.other_bureau.save()
    with pytest.raises(ApplicationError) as info:
        make_tip(
            world,
            public=True,
            actor=AnonymousUser(),
            district=world.other_district,
            street=world.streets[2],
        )
    assert "district" in info.value.errors


def test_department_tip_is_a_referral_from_its_agency(world):
    tip = make_tip(world, actor=world.user("department_officer"), source="public")
    assert tip.source == "department" and tip.referring_agency == world.unit
    assert tip.submitted_by == world.user("department_officer")


def test_street_officer_files_in_own_street_only(world):
    officer = world.user("street_officer")
    assert make_tip(world, actor=officer).street == world.streets[0]
    with pytest.raises(PermissionDenied):
        make_tip(world, actor=officer, street=world.streets[1])
    with pytest.raises(PermissionDenied):
        make_tip(world, actor=officer, street=None)


@pytest.mark.parametrize(
    "role", ["community_officer", "auditor", "expert", "public", "system_admin"]
)
def test_other_roles_cannot_file_tips_as_staff(world, role):
    before = counts()
    with pytest.raises(PermissionDenied):
        make_tip(world, actor=world.user(role))
    assert counts() == before


def test_other_district_admin_cannot_file_here(world):
    with pytest.raises(PermissionDenied):
        make_tip(world, actor=world.user("other_admin"))


def test_received_at_in_the_future_is_refused(world):
    future = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(ApplicationError) as info:
        tip_submit(actor=world.user("district_admin"), data=tip_input(world, received_at=future))
    assert "received_at" in info.value.errors


def test_assign_to_the_street_officer_notifies_them(world):
    tip = make_tip(world)
    officer = world.user("street_officer")
    tip = tip_assign(actor=world.user("district_admin"), tip=tip, officer=officer)
    assert tip.state == "assigned" and tip.handled_by == officer
    assert Notification.objects.filter(recipient_user=officer, object_id=str(tip.pk)).exists()
    event = AuditEvent.objects.get(action="illegal.tip.assign")
    assert event.before == {"state": "new", "handled_by": None}
    assert event.after == {"state": "assigned", "handled_by": officer.pk}


def test_assign_to_an_officer_of_another_street_is_a_field_error(world):
    tip = make_tip(world)
    with pytest.raises(ApplicationError) as info:
        tip_assign(
            actor=world.user("district_admin"), tip=tip, officer=world.user("other_street_officer")
        )
    assert "handled_by" in info.value.errors
    tip.refresh_from_db()
    assert tip.state == "new"


@pytest.mark.parametrize("role", ["street_officer", "auditor", "other_admin", "department_officer"])
def test_only_the_bureau_of_the_area_assigns(world, role):
    tip = make_tip(world)
    with pytest.raises(PermissionDenied):
        tip_assign(actor=world.user(role), tip=tip, officer=world.user("street_officer"))


def test_assigned_street_officer_closes_as_unfounded_with_a_reason(world):
    officer = world.user("street_officer")
    tip = tip_assign(actor=world.user("district_admin"), tip=make_tip(world), officer=officer)
    with pytest.raises(ApplicationError) as info:
        tip_close(actor=officer, tip=tip, closure="unfounded", reason=" ")
    assert "reason" in info.value.errors
    tip = tip_close(actor=officer, tip=tip, closure="unfounded", reason="现场核查无此活动。")
    assert tip.state == "closed" and tip.closure == "unfounded" and tip.closed_by == officer
    with pytest.raises(PermissionDenied):
        tip_close(actor=world.user("district_admin"), tip=tip, closure="unfounded", reason="x")


def test_street_officer_cannot_close_a_tip_not_assigned_to_them(world):
    tip = make_tip(world)
    with pytest.raises(PermissionDenied):
        tip_close(actor=world.user("street_officer"), tip=tip, closure="unfounded", reason="x")


def test_tip_merged_into_an_open_case(world):
    case = open_case(world)
    tip = make_tip(world, street=world.streets[1])
    tip = tip_close(actor=world.user("district_admin"), tip=tip, closure="merged", case=case)
    assert tip.case == case and tip.closure == "merged"
    concluded = decided_case(world, "not_illegal")
    with pytest.raises(ApplicationError) as info:
        tip_close(
            actor=world.user("district_admin"),
            tip=make_tip(world),
            closure="merged",
            case=concluded,
        )
    assert "case" in info.value.errors


def test_reporter_reveal_is_for_the_bureau_and_audited(world):
    tip = make_tip(world)
    revealed = tip_reporter_reveal(actor=world.user("district_admin"), tip=tip)
    assert revealed == {"reporter_name": "王小明", "reporter_contact": "13812345678"}
    event = AuditEvent.objects.get(action="illegal.tip.reporter_reveal")
    assert event.category == AuditEvent.Category.SECURITY
    for role in ("street_officer", "auditor", "department_officer", "other_admin"):
        with pytest.raises(PermissionDenied):
            tip_reporter_reveal(actor=world.user(role), tip=tip)


# ------------------------------------------------------------------------ cases


def test_open_case_numbers_it_and_merges_the_tips(world):
    tips = [make_tip(world), make_tip(world, street=world.streets[1])]
    case = open_case(world, tips=tips)
    assert case.number == "420106FF20260001" and case.state == "filed"
    assert case.authority == world.bureau and case.district == world.district
    assert set(case.officers.all()) == {world.user("district_admin"), world.user("street_officer")}
    for tip in tips:
        tip.refresh_from_db()
        assert (tip.state, tip.closure, tip.case_id) == ("closed", "merged", case.pk)
    assert open_case(world).number == "420106FF20260002"
    assert open_case(world, opened_on=dt.date(2025, 12, 30)).number == "420106FF20250001"
    event = AuditEvent.objects.filter(action="illegal.case.open").first()
    assert event.after["tips"] and event.after["officers"]


def test_open_case_refusals_write_nothing(world):
    tip = make_tip(world)
    before = counts()
    with pytest.raises(ApplicationError) as info:
        open_case(world, tips=[tip], officers=[])
    assert "officers" in info.value.errors
    with pytest.raises(ApplicationError) as info:
        open_case(world, tips=[tip], officers=[world.user("other_street_officer")])
    assert "officers" in info.value.errors
    with pytest.raises(ApplicationError) as info:
        open_case(world, tips=[tip], opened_on=TODAY + dt.timedelta(days=1))
    assert "opened_on" in info.value.errors
    with pytest.raises(ApplicationError) as info:
        open_case(world, tips=[tip], subject_name=" ")
    assert "subject_name" in info.value.errors
    with pytest.raises(ApplicationError) as info:
        open_case(world, tips=[])
    assert "tips" in info.value.errors
    assert counts() == before


@pytest.mark.parametrize("role", ["street_officer", "auditor", "department_officer", "other_admin"])
def test_only_the_bureau_opens_cases(world, role):
    tip = make_tip(world)
    with pytest.raises(PermissionDenied):
        open_case(world, tips=[tip], actor=world.user(role))


def test_a_closed_tip_cannot_open_a_case(world):
    case = open_case(world)
    with pytest.raises(PermissionDenied):
        open_case(world, tips=list(case.tips.all()))


def test_first_evidence_starts_the_investigation(world):
    case = open_case(world)
    evidence = add_evidence(world, case)
    case.refresh_from_db()
    assert case.state == "investigating"
    assert evidence.file_name == "询问笔录.pdf" and evidence.content_type == "application/pdf"
    assert evidence.file_size == len(b"%PDF-1.7\n%test evidence\n")
    assert evidence.file.name.startswith(f"illegal/evidence/{case.pk}/")
    assert "询问笔录" not in evidence.file.name


def test_assigned_street_officer_adds_evidence_others_do_not(world):
    case = open_case(world)
    add_evidence(world, case, actor=world.user("street_officer"))
    for role in ("other_street_officer", "auditor", "department_officer", "other_admin"):
        with pytest.raises(PermissionDenied):
            add_evidence(world, case, actor=world.user(role))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"), "不支持该文件类型"),
        (SimpleUploadedFile("伪装.pdf", b"MZ\x90\x00"), "与扩展名"),
        (SimpleUploadedFile("空.pdf", b""), "空"),
    ],
)
def test_bad_evidence_files_are_refused(world, upload, message):
    case = open_case(world)
    before = counts()
    with pytest.raises(ApplicationError) as info:
        case_add_evidence(
            actor=world.user("district_admin"), case=case, description="照片", file=upload
        )
    assert any(message in m for m in info.value.errors["file"])
    assert counts() == before
    case.refresh_from_db()
    assert case.state == "filed"


def test_evidence_size_limit_comes_from_policy(world, settings):
    settings.POLICY = {**settings.POLICY, "illegal": {"evidence_max_bytes": 10}}
    case = open_case(world)
    with pytest.raises(ApplicationError) as info:
        case_add_evidence(
            actor=world.user("district_admin"), case=case, description="x", file=pdf()
        )
    assert "不得超过" in info.value.errors["file"][0]


def test_evidence_needs_a_description(world):
    case = open_case(world)
    with pytest.raises(ApplicationError) as info:
        case_add_evidence(actor=world.user("district_admin"), case=case, description=" ")
    assert "description" in info.value.errors


@pytest.mark.parametrize("outcome", ["ban", "disperse", "guide_register", "not_illegal"])
def test_workflow_through_each_outcome(world, outcome):
    case = decided_case(world, outcome)
    assert case.state == "concluded" and case.outcome == outcome
    assert case.decided_on == DECIDED and case.decided_by == world.user("district_admin")
    event = AuditEvent.objects.get(action="illegal.case.decide")
    assert event.before["state"] == "investigating" and event.after["outcome"] == outcome
    assert event.reason
    if outcome in ("ban", "disperse"):
        case = case_publish(actor=world.user("district_admin"), case=case, today=TODAY)
        assert case.published and case.published_on == TODAY
        assert list(selectors.published_illegal_organizations()) == [case]
    else:
        with pytest.raises(PermissionDenied):
            case_publish(actor=world.user("district_admin"), case=case, today=TODAY)
        assert not selectors.published_illegal_organizations().exists()
    with pytest.raises(PermissionDenied):
        add_evidence(world, case)


@pytest.mark.parametrize("outcome", ["ban", "disperse"])
def test_decide_without_document_number_is_refused(world, outcome):
    case = open_case(world)
    add_evidence(world, case)
    before = counts()
    with pytest.raises(ApplicationError) as info:
        case_decide(
            actor=world.user("district_admin"),
            case=case,
            outcome=outcome,
            decided_on=DECIDED,
            document_number="",
            reason="事实清楚。",
            today=TODAY,
        )
    assert "document_number" in info.value.errors
    assert "文书号" in info.value.errors["document_number"][0]
    assert counts() == before
    case.refresh_from_db()
    assert case.state == "investigating" and case.outcome == ""


def test_decide_before_any_evidence_is_refused(world):
    case = open_case(world)
    with pytest.raises(PermissionDenied):
        case_decide(
            actor=world.user("district_admin"),
            case=case,
            outcome="not_illegal",
            decided_on=DECIDED,
            reason="x",
            today=TODAY,
        )


@pytest.mark.parametrize("role", ["street_officer", "auditor", "other_admin"])
def test_only_the_bureau_decides(world, role):
    case = open_case(world)
    add_evidence(world, case)
    with pytest.raises(PermissionDenied):
        case_decide(
            actor=world.user(role),
            case=case,
            outcome="ban",
            decided_on=DECIDED,
            document_number="x",
            reason="x",
            today=TODAY,
        )


def test_publish_twice_is_refused(world):
    case = decided_case(world, "ban", publish=True)
    with pytest.raises(PermissionDenied):
        case_publish(actor=world.user("district_admin"), case=case, today=TODAY)
    with pytest.raises(PermissionDenied):
        case_publish(actor=world.user("street_officer"), case=decided_case(world, "disperse"))


# ------------------------------------------------------------------------ scope


def test_who_sees_which_tips_and_cases(world):
    first = make_tip(world)
    second = make_tip(world, street=world.streets[1])
    unknown_street = make_tip(world, street=None)
    referral = make_tip(world, actor=world.user("department_officer"))
    case = open_case(world, tips=[make_tip(world)])

    def tips(role):
        return set(selectors.tip_visible(user=world.user(role)))

    def cases(role):
        return set(selectors.case_visible(user=world.user(role)))

    everything = set(Tip.objects.all())
    assert tips("district_admin") == everything
    assert tips("auditor") == everything
    assert tips("street_officer") == everything - {second, unknown_street}
    assert tips("other_street_officer") == {second}
    assert tips("department_officer") == {referral}
    assert first in tips("street_officer")
    for role in ("other_admin", "community_officer", "public", "expert", "system_admin"):
        assert tips(role) == set()
    assert cases("district_admin") == {case} == cases("street_officer") == cases("auditor")
    for role in ("other_street_officer", "department_officer", "public", "other_admin"):
        assert cases(role) == set()
    assert not selectors.tip_visible(user=AnonymousUser()).exists()
    assert not selectors.case_visible(user=AnonymousUser()).exists()
