"""Administrative divisions: province → city → district (区) → street (街道) → community (社区)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socorg.areas.rules import Level, Validity


class AreaQuerySet(models.QuerySet["Area"]):
    def current(self, on: dt.date | None = None) -> AreaQuerySet:
        day = on or dt.date.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )


class Area(models.Model):
    class Level(models.TextChoices):
        PROVINCE = Level.PROVINCE.value, _("省")
        CITY = Level.CITY.value, _("市")
        DISTRICT = Level.DISTRICT.value, _("区县")
        STREET = Level.STREET.value, _("街道")
        COMMUNITY = Level.COMMUNITY.value, _("社区")

    code = models.CharField(_("区划代码"), max_length=12)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_to = models.DateField(
        _("停用日期"),
        null=True,
        blank=True,
        help_text=_("撤并后停用；历史数据仍指向原区划。"),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("并入区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="area_code_valid_from_uniq"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="area_current_code_uniq",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="area_validity_order",
            ),
        ]
        indexes = [models.Index(fields=["parent", "level", "code"], name="area_parent_level_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def validity(self) -> Validity:
        return Validity(self.valid_from, self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.validity.is_valid_on(dt.date.today())
