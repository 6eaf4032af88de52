"""The OpenAPI schema generates cleanly and the docs page works offline."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/me/": {"get"},
    "/api/v1/auth/token/": {"post"},
    "/api/v1/areas/": {"get"},
    "/api/v1/areas/{code}/": {"get"},
    "/api/v1/organizations/": {"get", "post"},
    "/api/v1/organizations/{id}/": {"get", "patch"},
    "/api/v1/organizations/{id}/contact/": {"post"},
    "/api/v1/organizations/{id}/terminate/": {"post"},
    "/api/v1/organizations/{id}/convert/": {"post"},
    "/api/v1/service-domains/": {"get"},
}


@pytest.mark.django_db
def test_schema_view_lists_every_endpoint():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
    # The ID number can be written but is never part of a response.
    components = schema["components"]["schemas"]
    assert "legal_rep_id" in components["OrganizationCreateInputRequest"]["properties"]
    assert "legal_rep_id" not in components["OrganizationDetailOutput"]["properties"]
    assert "legal_rep_id_masked" in components["OrganizationDetailOutput"]["properties"]
    listing = schema["paths"]["/api/v1/organizations/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"q", "org_type", "status", "street", "community", "domain", "cursor"} <= names


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn raises on the first warning or error; --validate checks OpenAPI 3.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/v1/organizations/" in (tmp_path / "schema.yml").read_text()


@pytest.mark.django_db
def test_docs_render_from_local_assets_only():
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert assets, html
    assert all(not a.startswith(("http:", "https:", "//")) for a in assets), assets
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
