"""Areas over the API: public reference data, keyset pages, history on request."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from socorg.areas.models import Area
from socorg.core.pagination import KeysetCursorPagination

LIST = "/api/v1/areas/"


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["district_admin", "public", "expert", "system_admin"])
def test_any_signed_in_user_reads_areas(world, role):
    response = client_for(world.user(role)).get(LIST, {"level": "street"})
    assert response.status_code == 200
    codes = [a["code"] for a in response.json()["results"]]
    assert codes == ["420102001", "420106001", "420106002"]


def test_filter_by_parent_code(world):
    response = client_for(world.user("public")).get(LIST, {"parent": "420106001"})
    body = response.json()["results"]
    assert [a["code"] for a in body] == ["420106001001", "420106001002"]
    assert body[0]["level"] == "community" and body[0]["level_label"] == "社区"
    assert body[0]["parent_code"] == "420106001"


def test_pages_cover_every_area_once(world):
    client = client_for(world.user("public"))
    seen, url, params = [], LIST, {"page_size": 4}
    while url:
        body = client.get(url, params).json()
        seen += [a["code"] for a in body["results"]]
        url, params = body["next"], None
    assert seen == sorted(Area.objects.values_list("code", flat=True))
    assert len(seen) == len(set(seen)) == 13


def test_merged_areas_only_with_history(world):
    old = Area.objects.create(
        code="420106003",
        name="已撤并街道",
        level="street",
        parent=world.district,
        valid_to=dt.date(2020, 1, 1),
        successor=world.streets[0],
    )
    client = client_for(world.user("public"))
    current = [a["code"] for a in client.get(LIST, {"parent": "420106"}).json()["results"]]
    assert old.code not in current
    history = client.get(LIST, {"parent": "420106", "include_history": "true"}).json()["results"]
    assert old.code in [a["code"] for a in history]
    assert client.get(f"{LIST}{old.code}/").status_code == 404


def test_detail_by_code(world):
    client = client_for(world.user("expert"))
    body = client.get(f"{LIST}420106/").json()
    assert (body["name"], body["level"], body["parent_code"]) == ("武昌区", "district", "4201")
    response = client.get(f"{LIST}999999/")
    assert response.status_code == 404
    assert response.json()["detail"] == "没有代码为“999999”的现行行政区划。"


def test_bad_level_is_named(world):
    response = client_for(world.user("public")).get(LIST, {"level": "village"})
    assert response.status_code == 400
    assert response.json()["errors"]["level"] == ["“village” 不是合法选项。"]


def test_anonymous_refused(world):
    assert APIClient().get(LIST).status_code in (401, 403)
    assert APIClient().get(f"{LIST}420106/").status_code in (401, 403)


def test_keyset_pages_over_a_nullable_key_both_ways(world):
    """NULL sorts as the largest value, ascending and descending, with ties broken by id."""
    days = [None, dt.date(2019, 1, 1), None, dt.date(2018, 1, 1), dt.date(2019, 1, 1)]
    for i, day in enumerate(days):
        Area.objects.create(
            code=f"4201060090{i:02d}",
            name=f"测试社区{i}",
            level="community",
            parent=world.streets[0],
            valid_from=day,
        )
    factory = APIRequestFactory()
    for spec in ("valid_from", "-valid_from"):
        qs = Area.objects.filter(code__startswith="420106009").order_by(spec)
        rows = list(qs)
        expected = sorted(
            rows,
            key=lambda a: (a.valid_from is None, a.valid_from or dt.date.min, a.id),
            reverse=spec.startswith("-"),
        )
        if spec.startswith("-"):
            # descending: NULLs first, then dates down; ties by id descending
            assert [a.valid_from for a in expected][:2] == [None, None]
        got, url = [], "/?page_size=2"
        while url:
            request = APIView().initialize_request(factory.get(url))
            paginator = KeysetCursorPagination()
            got += paginator.paginate_queryset(qs, request)
            url = paginator.get_next_link()
        assert [a.id for a in got] == [a.id for a in expected], spec
