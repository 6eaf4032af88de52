"""Government bodies: registration authorities (民政部门) and supervisory units (业务主管单位)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socorg.core.models import TimeStampedModel


class Agency(TimeStampedModel):
    class Kind(models.TextChoices):
        REGISTRATION_AUTHORITY = "registration_authority", _("登记管理机关")
        SUPERVISORY_UNIT = "supervisory_unit", _("业务主管单位")
        STREET_OFFICE = "street_office", _("街道办事处")
        OTHER = "other", _("其他部门")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices, db_index=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所在区划"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("机关单位")
        verbose_name_plural = _("机关单位")
        ordering = ["area__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="agency_area_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name
