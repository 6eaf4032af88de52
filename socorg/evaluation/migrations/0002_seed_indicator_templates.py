"""Seed the default 1000-point indicator templates (``rules.default_templates()``, with 党建工作).

The values are copied here, not imported, so this migration keeps producing the same rows if
the rule module's defaults change later; ``tests/test_services.py`` checks the two agree today.
A deployment adds its own versions with ``indicator_template_create``.
"""

import datetime as dt

from django.db import migrations

VERSION = "default-2026-party"
VALID_FROM = dt.date(2011, 3, 1)  # 民政部令第39号 in force; the platform's baseline scheme
BASIS = "安庆 2021 一级指标；分值为本平台默认，可配置（domain.md §3.3）"


def _indicators(third_code, third_name):
    return [
        {"code": "basic", "name": "基础条件", "max_points": "150"},
        {"code": "governance", "name": "内部治理", "max_points": "300"},
        {"code": third_code, "name": third_name, "max_points": "300"},
        {"code": "social", "name": "社会评价", "max_points": "150"},
        {"code": "party", "name": "党建工作", "max_points": "100"},
    ]


TEMPLATES = {
    "social_group": _indicators("performance", "工作绩效"),
    "foundation": _indicators("performance", "工作绩效"),
    "social_service": _indicators("business", "业务活动和诚信建设"),
}


def seed(apps, schema_editor):
    IndicatorTemplate = apps.get_model("evaluation", "IndicatorTemplate")
    for org_type, indicators in TEMPLATES.items():
        IndicatorTemplate.objects.get_or_create(
            org_type=org_type,
            version=VERSION,
            defaults={
                "valid_from": VALID_FROM,
                "total_points": 1000,
                "indicators": indicators,
                "basis": BASIS,
            },
        )


def unseed(apps, schema_editor):
    IndicatorTemplate = apps.get_model("evaluation", "IndicatorTemplate")
    IndicatorTemplate.objects.filter(version=VERSION, rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_evaluation_rounds")]

    operations = [migrations.RunPython(seed, unseed)]
