"""Import of an existing register: file refusals, every bad row reported, commit modes, roles."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from socorg.audit.models import AuditEvent
from socorg.core.errors import ApplicationError, PermissionDenied
from socorg.registry.importing.checks import record_problems
from socorg.registry.importing.columns import COLUMNS
from socorg.registry.importing.services import (
    import_job_commit,
    import_job_create,
    import_sheet_read,
)
from socorg.registry.models import ImportJob, LifecycleEvent, Organization
from socorg.registry.services import organization_validate
from tests.world import next_uscc, org_input, register

HEADERS = [c.header for c in COLUMNS]
KEYS = [c.key for c in COLUMNS]


def good_row(n: int, **overrides: str) -> dict[str, str]:
    """A valid 社会服务机构 in 积玉桥街道, as a person would type it."""
    row = {
        "name": f"武昌区导入测试服务中心{n}",
        "org_type": "社会服务机构",
        "uscc": next_uscc("social_service"),
        "street": "积玉桥街道",
        "community": "积玉第1社区",
        "supervisory_unit": "武昌区教育局",
        "legal_rep_name": "张三",
        "legal_rep_id": "420106199001011231",
        "founded_on": "2020-01-01",
        "registered_on": "2021-03-01",
        "document_number": f"武民登〔2021〕{n}号",
        "registered_funds": "30000",
        "staff_full_time": "2",
        "domains": "文化、教育",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict[str, str]], headers: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("社会组织名录")
    headers = headers or HEADERS
    keys = [KEYS[HEADERS.index(h)] if h in HEADERS else h for h in headers]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(k, "") for k in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(k, "") for k in KEYS])
    return buffer.getvalue().encode(encoding)


def upload(world, content: bytes, name: str = "名录.xlsx", role: str = "district_admin"):
    actor = world.user(role)
    sheet = import_sheet_read(
        actor=actor, stream=io.BytesIO(content), file_name=name, size=len(content)
    )
    return import_job_create(actor=actor, sheet=sheet)


def errors_by_row(job: ImportJob) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for error in job.report["errors"]:
        found.setdefault(error["row"], set()).add(error["field"])
    return found


def messages_of(job: ImportJob, row: int) -> list[str]:
    return [e["message"] for e in job.report["errors"] if e["row"] == row]


# A 10,000-row sheet: every kind of bad row, each reported at its exact row and column.


def _bad_uscc_check(code: str) -> str:
    wrong = "0" if code[17] != "0" else "1"
    return code[:17] + wrong


BAD_KINDS = {
    # kind: (overrides for the row, field the report must name)
    "uscc_length": (lambda w: {"uscc": "52420106MJ000000X"}, "uscc"),
    "uscc_charset": (lambda w: {"uscc": "52420106MJ00000OXX"}, "uscc"),
    "uscc_check": (lambda w: {"uscc": _bad_uscc_check(next_uscc())}, "uscc"),
    "uscc_org_check": (
        lambda w: {"uscc": (lambda c: c[:16] + ("0" if c[16] != "0" else "1"))(next_uscc())},
        "uscc",
    ),
    "uscc_type_digit": (lambda w: {"uscc": next_uscc("social_group")}, "uscc"),
    "uscc_authority": (lambda w: {"uscc": next_uscc(authority="420102")}, "uscc"),
    "unknown_street": (lambda w: {"street": "不存在街道"}, "street"),
    "other_district_street": (lambda w: {"street": "大智街道", "community": ""}, "street"),
    "community_not_in_street": (lambda w: {"community": "杨园第1社区"}, "community"),
    "unknown_unit": (lambda w: {"supervisory_unit": "不存在的局"}, "supervisory_unit"),
    "register_uscc": (lambda w: {"uscc": w["existing"].uscc}, "uscc"),
    "register_name": (lambda w: {"name": w["existing"].name}, "name"),
    "missing_name": (lambda w: {"name": ""}, "name"),
    "missing_legal_rep": (lambda w: {"legal_rep_name": ""}, "legal_rep_name"),
    "bad_date": (lambda w: {"founded_on": "2020-02-30"}, "founded_on"),
    "future_date": (lambda w: {"registered_on": "2999-01-01"}, "registered_on"),
    "dates_out_of_order": (
        lambda w: {"founded_on": "2021-05-01", "registered_on": "2021-03-01"},
        "registered_on",
    ),
    "negative_number": (lambda w: {"staff_full_time": "-3"}, "staff_full_time"),
    "negative_funds": (lambda w: {"registered_funds": "-1"}, "registered_funds"),
    "bad_id_number": (lambda w: {"legal_rep_id": "420106199001011232"}, "legal_rep_id"),
    "bad_type": (lambda w: {"org_type": "协会"}, "org_type"),
    "missing_document": (lambda w: {"document_number": ""}, "document_number"),
    "unknown_domain": (lambda w: {"domains": "航天"}, "domains"),
}


def test_ten_thousand_rows_report_every_bad_row(world):
    existing = register(world, name="武昌区已登记服务中心")
    context = {"existing": existing}
    rows: list[dict[str, str]] = []
    expected: dict[int, set[str]] = {}
    kinds = list(BAD_KINDS.values())
    dup_uscc = next_uscc()
    for i in range(10_000):
        number = i + 2  # the header is row 1
        if i % 37 == 5:
            make, field = kinds[(i // 37) % len(kinds)]
            rows.append(good_row(i, **make(context)))
            expected[number] = {field}
        else:
            rows.append(good_row(i))
    # Duplicates within the file: both rows of each pair are reported.
    for a, b in ((100, 9_000), (2_000, 2_001)):
        rows[a - 2]["uscc"] = dup_uscc if a == 100 else rows[a - 2]["uscc"]
        rows[b - 2]["uscc"] = rows[a - 2]["uscc"]
        expected.setdefault(a, set()).add("uscc")
        expected.setdefault(b, set()).add("uscc")
    rows[5_000 - 2]["name"] = rows[6_000 - 2]["name"]
    expected.setdefault(5_000, set()).add("name")
    expected.setdefault(6_000, set()).add("name")
    content = xlsx_bytes(rows)

    started = time.monotonic()
    job = upload(world, content)
    elapsed = time.monotonic() - started

    found = errors_by_row(job)
    assert set(found) == set(expected), "every bad row, and only bad rows, is reported"
    for number, fields in expected.items():
        assert fields <= found[number], (number, fields, found[number])
    assert job.total_rows == 10_000
    assert job.invalid_rows == len(expected)
    assert job.valid_rows == 10_000 - len(expected)
    assert job.status == ImportJob.Status.VALIDATED
    assert all(e["message"] for e in job.report["errors"])
    assert Organization.objects.count() == 1  # validation wrote nothing
    assert elapsed < 60, f"validating 10,000 rows took {elapsed:.1f}s"


def test_messages_name_the_rule(world):
    existing = register(world, name="武昌区已登记服务中心")
    rows = [
        good_row(1, street="大智街道", community=""),
        good_row(2, uscc=existing.uscc),
        good_row(3, uscc=next_uscc("social_group")),
        good_row(4, community="杨园第1社区"),
        good_row(5, staff_full_time="-3"),
    ]
    rows.append(good_row(6, uscc=rows[4]["uscc"]))
    job = upload(world, xlsx_bytes(rows))
    assert "不在您的管辖区域" in messages_of(job, 2)[0] and "江岸区" in messages_of(job, 2)[0]
    assert "已有一个存续的组织使用该统一社会信用代码" in messages_of(job, 3)[0]
    assert "第 2 位" in messages_of(job, 4)[0]
    assert "不属于街道" in messages_of(job, 5)[0]
    assert any("负数" in m for m in messages_of(job, 6))
    assert any("与第 7 行" in m for m in messages_of(job, 6))
    assert any("与第 6 行" in m for m in messages_of(job, 7))


def test_resolves_codes_direct_registration_and_community_filing(world):
    rows = [
        good_row(1, street="420106002", community="420106002001"),
        good_row(2, supervisory_unit="直接登记"),
        good_row(
            3,
            org_type="社区社会组织",
            uscc="",
            supervisory_unit="",
            legal_rep_name="",
            document_number="",
            street="杨园街道",
            community="杨园第2社区",
        ),
    ]
    job = upload(world, csv_bytes(rows), name="名录.csv")
    assert job.report["errors"] == []
    assert job.status == ImportJob.Status.VALIDATED
    import_job_commit(actor=world.user("district_admin"), job=job, mode="all_or_nothing")
    by_name = {o.name: o for o in Organization.objects.all()}
    first = by_name["武昌区导入测试服务中心1"]
    assert first.street == world.streets[1] and first.community == world.communities[2]
    assert {d.code for d in first.domains.all()} == {"culture", "education"}
    assert first.legal_rep_id_masked == "4201**********1231"
    assert by_name["武昌区导入测试服务中心2"].directly_registered
    filed = by_name["武昌区导入测试服务中心3"]
    assert filed.status == Organization.Status.FILED
    assert filed.registration_authority == world.street_offices[1]
    assert LifecycleEvent.objects.get(organization=filed).kind == "filing"


@pytest.mark.parametrize(
    "overrides",
    [
        lambda w: {},
        lambda w: {"uscc": "52420106MJ000000X"},
        lambda w: {"uscc": "52420106MJ00000OXX"},
        lambda w: {"uscc": next_uscc("social_group")},
        lambda w: {"uscc": next_uscc("social_service", authority="420102")},
        lambda w: {"founded_on": dt.date(2099, 1, 1), "registered_on": dt.date(2098, 1, 1)},
        lambda w: {"founded_on": dt.date(2021, 1, 1), "registered_on": dt.date(2020, 1, 1)},
        lambda w: {"legal_rep_id": "420106199001011232", "legal_rep_name": ""},
        lambda w: {"supervisory_unit": None},
        lambda w: {"supervisory_unit": w.unit, "directly_registered": True},
        lambda w: {"supervisory_unit": w.bureau},
        lambda w: {"name": "", "registered_funds": Decimal("-1")},
        lambda w: {"community": w.communities[2]},
        lambda w: {"org_type": "community", "uscc": next_uscc()},
    ],
)
def test_row_rules_are_the_registry_rules(world, overrides):
    """The import's per-row check says exactly what organization_validate says (less its
    two per-record queries, which the import asks for the whole file at once)."""
    data = org_input(world, **overrides(world))
    today = dt.date(2026, 1, 1)
    assert record_problems(data, today=today) == organization_validate(data, today=today)


def test_all_or_nothing_refuses_when_any_row_is_bad(world):
    job = upload(world, xlsx_bytes([good_row(1), good_row(2, street="不存在街道"), good_row(3)]))
    assert job.invalid_rows == 1 and job.valid_rows == 2
    with pytest.raises(ApplicationError) as exc:
        import_job_commit(actor=world.user("district_admin"), job=job, mode="all_or_nothing")
    assert "1 行错误" in exc.value.message
    assert Organization.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED
    assert not AuditEvent.objects.filter(action="import.commit").exists()


def test_valid_only_imports_exactly_the_valid_rows(world):
    rows = [good_row(i) for i in range(1, 31)]
    bad = {4: {"uscc": "123"}, 10: {"street": "不存在街道"}, 25: {"founded_on": "2099-01-01"}}
    for number, overrides in bad.items():
        rows[number - 2].update(overrides)
    job = upload(world, xlsx_bytes(rows))
    assert set(errors_by_row(job)) == set(bad)
    actor = world.user("district_admin")
    import_job_commit(actor=actor, job=job, mode="valid_only")

    job.refresh_from_db()
    expected = {r["name"] for i, r in enumerate(rows, start=2) if i not in bad}
    assert set(Organization.objects.values_list("name", flat=True)) == expected
    assert job.status == ImportJob.Status.COMMITTED and job.imported_rows == 27
    assert job.payload == ""  # the rows (with ID numbers) are not kept after the commit
    assert LifecycleEvent.objects.filter(kind="establishment").count() == 27
    assert AuditEvent.objects.filter(action="organization.establishment").count() == 27
    event = AuditEvent.objects.get(action="import.commit")
    assert event.actor == actor and event.object_id == str(job.pk)
    assert event.after["imported_rows"] == 27 and event.after["skipped_rows"] == 3
    assert all(e.recorded_by == actor for e in LifecycleEvent.objects.all())


def test_commit_rechecks_rows_and_refuses_if_register_changed(world):
    rows = [good_row(1), good_row(2)]
    job = upload(world, xlsx_bytes(rows))
    assert job.invalid_rows == 0
    register(world, uscc=rows[1]["uscc"], name="武昌区后来登记的中心")
    with pytest.raises(ApplicationError):
        import_job_commit(actor=world.user("district_admin"), job=job, mode="all_or_nothing")
    job.refresh_from_db()
    assert Organization.objects.count() == 1
    assert job.status == ImportJob.Status.VALIDATED
    assert errors_by_row(job) == {3: {"uscc"}}


def test_commit_only_once_and_only_by_the_uploader(world):
    job = upload(world, xlsx_bytes([good_row(1)]))
    with pytest.raises(PermissionDenied):
        import_job_commit(actor=world.user("other_admin"), job=job, mode="all_or_nothing")
    import_job_commit(actor=world.user("district_admin"), job=job, mode="all_or_nothing")
    with pytest.raises(ApplicationError):
        import_job_commit(actor=world.user("district_admin"), job=job, mode="valid_only")
    assert Organization.objects.count() == 1


def test_file_with_no_valid_row_fails(world):
    job = upload(world, xlsx_bytes([good_row(1, org_type="")]))
    assert job.status == ImportJob.Status.FAILED and job.payload == ""
    with pytest.raises(ApplicationError):
        import_job_commit(actor=world.user("district_admin"), job=job, mode="valid_only")


def test_reads_gbk_csv_and_a_title_above_the_header(world):
    gbk = csv_bytes([good_row(1)], encoding="gb18030")
    assert upload(world, gbk, name="名录.csv").valid_rows == 1
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["武昌区社会组织名录（2024 年）"])
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append([good_row(2).get(k, "") for k in KEYS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = upload(world, buffer.getvalue())
    assert job.valid_rows == 1 and job.report["errors"] == []


# Uploads through the page: every refused file leaves nothing behind.


def _post(client, world, content: bytes, name: str):
    client.force_login(world.user("district_admin"))
    return client.post(
        reverse("registry_import:upload"), {"file": SimpleUploadedFile(name, content)}
    )


def data_status(page: str) -> str:
    return re.search(r'data-status="(\w+)"', page).group(1)


def _zip_junk() -> bytes:
    return b"PK\x03\x04" + b"\x00garbage" * 50


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名录.txt", b"a,b\n", "只能上传 .xlsx 或 .csv"),
        ("名录.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "不支持旧版 .xls"),
        ("名录.xlsx", "组织名称,组织类型\n".encode(), "不是 Excel"),
        ("名录.xlsx", _zip_junk(), "文件已损坏"),
        ("名录.csv", b"PK\x03\x04\x00\x00binary", "不是 CSV 文本"),
        ("名录.csv", "组织名称,组织类型\n某组织,社会团体\n".encode("utf-8-sig"), "缺少必填列"),
        ("名录.csv", b"", "文件是空的"),
        ("名录.csv", "\n".join(HEADERS).encode(), "没有找到表头"),
        ("名录.csv", csv_bytes([]), "没有数据行"),
    ],
)
def test_bad_files_are_refused_and_nothing_stored(client, world, name, content, message):
    response = _post(client, world, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0
    assert Organization.objects.count() == 0


def test_oversized_file_refused(client, world, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = _post(client, world, csv_bytes([good_row(i) for i in range(20)]), "名录.csv")
    assert response.status_code == 400
    assert "超过上限" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_too_many_rows_refused(client, world, settings):
    settings.IMPORT_MAX_ROWS = 3
    response = _post(client, world, xlsx_bytes([good_row(i) for i in range(4)]), "名录.xlsx")
    assert response.status_code == 400
    assert "超过 3 行" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_missing_header_names_the_columns(client, world):
    headers = [h for h in HEADERS if h not in ("街道", "登记证书编号")]
    response = _post(client, world, xlsx_bytes([good_row(1)], headers=headers), "名录.xlsx")
    assert response.status_code == 400
    assert "缺少必填列：街道、登记证书编号" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_upload_page_flow_shows_report_and_commits(client, world):
    client.force_login(world.user("district_admin"))
    form = client.get(reverse("registry_import:upload")).content.decode()
    assert 'enctype="multipart/form-data"' in form and "组织名称" in form
    rows = [good_row(1), good_row(2, uscc="52420106MJ000000X")]
    response = _post(client, world, xlsx_bytes(rows), "名录.xlsx")
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry_import:job_detail", args=[job.pk])

    page = client.get(response["Location"]).content.decode()
    assert data_status(page) == "validated"
    assert "统一社会信用代码应为 18 位" in page
    assert 'value="all_or_nothing" disabled' in page

    report = client.get(reverse("registry_import:job_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [3, "统一社会信用代码"] in [v[:2] for v in values]

    response = client.post(
        reverse("registry_import:job_commit", args=[job.pk]), {"mode": "all_or_nothing"}
    )
    assert Organization.objects.count() == 0
    response = client.post(
        reverse("registry_import:job_commit", args=[job.pk]), {"mode": "valid_only"}
    )
    assert response.status_code == 302
    assert Organization.objects.count() == 1
    page = client.get(reverse("registry_import:job_detail", args=[job.pk])).content.decode()
    assert data_status(page) == "committed"
    listing = client.get(reverse("registry_import:job_list")).content.decode()
    assert "名录.xlsx" in listing


def test_report_is_paginated(client, world):
    job = upload(world, xlsx_bytes([good_row(i, street="无此街道") for i in range(150)]))
    client.force_login(world.user("district_admin"))
    url = reverse("registry_import:job_detail", args=[job.pk])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert first.count("无此街道") == 100
    assert second.count("无此街道") == 50


def test_template_downloads(client, world):
    client.force_login(world.user("district_admin"))
    response = client.get(reverse("registry_import:template") + "?format=xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 3
    data, notes, places = workbook.worksheets
    assert [c.value for c in data[1]] == HEADERS
    explained = {row[0]: row for row in notes.iter_rows(min_row=2, values_only=True) if row[0]}
    assert "社会团体" in explained["组织类型"][2]
    assert "直接登记" in explained["业务主管单位可选值"][2]
    assert "武昌区教育局" in explained["业务主管单位可选值"][2]
    assert "为老服务" in explained["服务领域可选值"][2]
    codes = {row[1] for row in places.iter_rows(min_row=2, values_only=True)}
    assert codes == {"420106001", "420106002"}  # only the importer's own streets
    response = client.get(reverse("registry_import:template") + "?format=csv")
    assert response.content.startswith("\ufeff组织名称,组织类型".encode())
    # The template as downloaded, filled in, is accepted.
    data.append([good_row(1).get(k, "") for k in KEYS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(world, buffer.getvalue()).valid_rows == 1


@pytest.mark.parametrize("role", ["street_officer", "auditor", "department_officer", "public"])
def test_other_roles_may_not_import(client, world, role):
    client.force_login(world.user(role))
    for url in (
        reverse("registry_import:job_list"),
        reverse("registry_import:upload"),
        reverse("registry_import:template"),
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("registry_import:upload"),
        {"file": SimpleUploadedFile("名录.csv", csv_bytes([good_row(1)]))},
    )
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0
    with pytest.raises(PermissionDenied):
        upload(world, csv_bytes([good_row(1)]), name="名录.csv", role=role)


def test_jobs_are_private_to_the_uploader(client, world):
    job = upload(world, xlsx_bytes([good_row(1)]))
    client.force_login(world.user("other_admin"))
    assert client.get(reverse("registry_import:job_detail", args=[job.pk])).status_code == 404
    response = client.post(
        reverse("registry_import:job_commit", args=[job.pk]), {"mode": "all_or_nothing"}
    )
    assert response.status_code == 404
    assert "名录.xlsx" not in client.get(reverse("registry_import:job_list")).content.decode()
    assert Organization.objects.count() == 0


def test_other_district_admin_cannot_import_into_wuchang(world):
    job = upload(world, xlsx_bytes([good_row(1)]), role="other_admin")
    assert errors_by_row(job) == {2: {"street"}}
    assert "不在您的管辖区域（江岸区）" in messages_of(job, 2)[0]


# The management command.


def test_command_dry_run_writes_nothing(world, tmp_path, capsys):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(xlsx_bytes([good_row(1), good_row(2, uscc="123")]))
    call_command("import_organizations", str(path), user="admin_wc", dry_run=True, valid_only=True)
    out = capsys.readouterr().out
    assert "共 2 行：正确 1 行，错误 1 行" in out
    assert "第 3 行［统一社会信用代码］" in out
    assert "试运行" in out
    # Without --valid-only the real run would refuse, so the dry run fails too.
    with pytest.raises(CommandError, match="有 1 行错误"):
        call_command("import_organizations", str(path), user="admin_wc", dry_run=True)
    assert ImportJob.objects.count() == 0 and Organization.objects.count() == 0


def test_command_refuses_bad_rows_without_valid_only(world, tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(xlsx_bytes([good_row(1), good_row(2, uscc="123")]))
    with pytest.raises(CommandError, match="有 1 行错误"):
        call_command("import_organizations", str(path), user="admin_wc")
    assert ImportJob.objects.count() == 0 and Organization.objects.count() == 0
    call_command("import_organizations", str(path), user="admin_wc", valid_only=True)
    assert Organization.objects.count() == 1
    assert ImportJob.objects.get().status == ImportJob.Status.COMMITTED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"user": "nobody"}, "没有找到用户"),
        ({"user": "street1"}, "只有民政局管理员"),
    ],
)
def test_command_bad_input(world, tmp_path, args, message):
    path = tmp_path / "名录.csv"
    path.write_bytes(csv_bytes([good_row(1)]))
    with pytest.raises(CommandError, match=message):
        call_command("import_organizations", str(path), **args)
    assert Organization.objects.count() == 0


def test_command_bad_file(world, tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(_zip_junk())
    with pytest.raises(CommandError, match="文件已损坏"):
        call_command("import_organizations", str(path), user="admin_wc")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_organizations", str(tmp_path / "无.xlsx"), user="admin_wc")
    assert ImportJob.objects.count() == 0


def test_registered_on_is_the_event_date(world):
    job = upload(
        world, xlsx_bytes([good_row(1, founded_on="2019-01-01", registered_on="2019/5/6")])
    )
    import_job_commit(actor=world.user("district_admin"), job=job, mode="all_or_nothing")
    org = Organization.objects.get()
    event = LifecycleEvent.objects.get(organization=org)
    assert org.registered_on == event.occurred_on == dt.date(2019, 5, 6)
    assert event.document_number == "武民登〔2021〕1号"
