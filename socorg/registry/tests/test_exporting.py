"""Export of a filtered list: formats, scope per role, masked ID, audit, limits, query count."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from socorg.audit.models import AuditEvent
from socorg.registry.exporting import export_headers
from tests.world import register

URL = reverse("registry_import:export")


@pytest.fixture
def orgs(world):
    """Three organizations in 积玉桥街道 (one filed), two in 杨园街道."""
    return [
        register(world, name="武昌区积玉桥服务中心甲", org_type="social_group"),
        register(world, name="武昌区积玉桥服务中心乙"),
        register(world, name="积玉第1社区舞蹈队", org_type="community"),
        register(world, name="武昌区杨园服务中心丙", street=world.streets[1]),
        register(
            world, name="武昌区杨园服务中心丁", street=world.streets[1], org_type="social_group"
        ),
    ]


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return list(sheet.iter_rows(values_only=True))


def test_csv_has_bom_chinese_headers_and_masked_ids(client, world, orgs):
    client.force_login(world.user("district_admin"))
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == export_headers()
    assert rows[0][:3] == ["组织名称", "统一社会信用代码", "组织类型"]
    assert {r[0] for r in rows[1:]} == {o.name for o in orgs}
    text = "\n".join(",".join(r) for r in rows)
    assert "4201**********1231" in text
    assert "420106199001011231" not in text
    assert "文化" in text  # service domains by name


def test_street_officer_exports_only_their_street(client, world, orgs):
    client.force_login(world.user("street_officer"))
    rows = _csv(client.get(URL, {"format": "csv"}))
    assert {r[0] for r in rows[1:]} == {o.name for o in orgs[:3]}
    assert {r[13] for r in rows[1:]} == {"积玉桥街道"}
    # Asking for another street returns nothing rather than widening the scope.
    rows = _csv(client.get(URL, {"format": "csv", "street": world.streets[1].id}))
    assert rows[1:] == []


def test_xlsx_applies_filters_and_sort(client, world, orgs):
    client.force_login(world.user("district_admin"))
    response = client.get(URL, {"format": "xlsx", "org_type": "social_group", "sort": "name"})
    assert response.status_code == 200
    rows = _xlsx(response)
    assert list(rows[0]) == export_headers()
    assert [r[0] for r in rows[1:]] == sorted(o.name for o in orgs if o.org_type == "social_group")
    response = client.get(URL, {"format": "xlsx", "street": world.streets[1].id, "q": "杨园"})
    assert {r[0] for r in _xlsx(response)[1:]} == {o.name for o in orgs[3:]}


def test_export_is_audited_with_filters_and_count(client, world, orgs):
    client.force_login(world.user("district_admin"))
    _csv(client.get(URL, {"format": "csv", "org_type": "social_group", "bogus": "x"}))
    event = AuditEvent.objects.get(action="registry.export")
    assert event.actor == world.user("district_admin")
    assert event.after == {
        "format": "csv",
        "filters": {"org_type": "social_group"},
        "sort": "-id",
        "rows": 2,
    }


def test_xlsx_over_the_cap_is_refused_with_a_way_out(client, world, orgs, settings):
    settings.EXPORT_MAX_ROWS_XLSX = 4
    client.force_login(world.user("district_admin"))
    response = client.get(URL, {"format": "xlsx", "status": "registered"})
    assert response.status_code == 200  # four registered: within the cap
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "超过 Excel 导出上限 4 行" in page
    assert "format=csv" in page
    assert AuditEvent.objects.filter(action="registry.export").count() == 1


def test_bad_format_refused(client, world):
    client.force_login(world.user("district_admin"))
    response = client.get(URL, {"format": "pdf"})
    assert response.status_code == 400
    assert "导出格式" in response.content.decode()


@pytest.mark.parametrize("role", ["public", "system_admin", "expert"])
def test_roles_without_the_list_may_not_export(client, world, orgs, role):
    client.force_login(world.user(role))
    assert client.get(URL, {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="registry.export").exists()


def test_formula_like_text_is_made_literal(client, world):
    register(world, name="=HYPERLINK(1)协会", org_type="social_group", contact_phone="+86 27 8888")
    client.force_login(world.user("district_admin"))
    row = _csv(client.get(URL, {"format": "csv"}))[1]
    assert row[0] == "'=HYPERLINK(1)协会"
    assert row[9] == "+86 27 8888"  # a phone number is left alone
    cells = _xlsx(client.get(URL, {"format": "xlsx"}))[1]
    assert cells[0] == "'=HYPERLINK(1)协会"


def test_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for i in range(30):
        register(world, name=f"武昌区批量服务中心{i}", domains=world.domains[:2])
    client.force_login(world.user("district_admin"))
    # Session, user and area; count; audit (and the session save); then one query for the
    # rows and one for their domains, however many rows there are.
    with django_assert_max_num_queries(10):
        rows = _csv(client.get(URL, {"format": "csv"}))
    assert len(rows) == 31
    assert all(r[15] == "文化、教育" for r in rows[1:])
    with django_assert_max_num_queries(10):
        assert len(_xlsx(client.get(URL, {"format": "xlsx"}))) == 31
