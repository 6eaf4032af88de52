"""The columns of the import sheet: header, whether the column must be present, what it allows.

Headers are Chinese msgids. A file may carry the Chinese header, its translation in the active
language, or one of a few aliases found in registers kept by hand (``名称``, ``负责人`` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from socorg.core.messages import N_


@dataclass(frozen=True)
class Column:
    key: str  # the OrganizationInput / EventInput field it fills
    header: str  # msgid
    required_header: bool  # the file must have this column
    rule: str  # msgid: when a value is required and what it may be
    example: str = ""
    max_length: int | None = None


DIRECT = N_("直接登记")
YES, NO = N_("是"), N_("否")

COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        N_("组织名称"),
        True,
        N_("必填。与登记证书（备案通知）一致，不超过 100 个字。"),
        "武昌区阳光为老服务中心",
        100,
    ),
    Column(
        "org_type",
        N_("组织类型"),
        True,
        N_(
            "必填。只能是：社会团体、社会服务机构、基金会、社区社会组织（民办非企业单位按社会服务机构填写）。"
        ),
        "社会服务机构",
    ),
    Column(
        "uscc",
        N_("统一社会信用代码"),
        True,
        N_(
            "社会团体、社会服务机构、基金会必填；社区社会组织可不填。18 位（GB 32100-2015）：第 1 位为 5，"
            "第 2 位为机构类别（1 社会团体、2 社会服务机构、3 基金会），第 3-8 位为登记管理机关的区划代码，"
            "第 17、18 位为校验码。同一文件内、与名录中存续的组织都不能重复。"
        ),
        "52420106MJ0000001X",
        18,
    ),
    Column(
        "street",
        N_("街道"),
        True,
        N_("必填。街道名称或 9 位区划代码，须在您的管辖区域内。"),
        "积玉桥街道",
    ),
    Column(
        "community",
        N_("社区"),
        False,
        N_("可不填。社区名称或 12 位区划代码，须属于所填街道。"),
        "积玉第1社区",
    ),
    Column(
        "supervisory_unit",
        N_("业务主管单位"),
        True,
        N_(
            "社会团体、社会服务机构、基金会必填：填写业务主管单位全称；直接登记的组织填写“直接登记”。"
            "社区社会组织可不填。"
        ),
        "武昌区教育局",
    ),
    Column(
        "legal_rep_name",
        N_("法定代表人（负责人）"),
        True,
        N_("社会团体、社会服务机构、基金会必填，不超过 50 个字。"),
        "张三",
        50,
    ),
    Column(
        "legal_rep_id",
        N_("法定代表人身份证号码"),
        False,
        N_(
            "可不填。18 位居民身份证号码（GB 11643），末位可为 X。请把该列设为文本格式，以免 Excel 改成科学计数法。"
        ),
        "420106199001011231",
        18,
    ),
    Column("contact_person", N_("联系人"), False, N_("可不填，不超过 50 个字。"), "李四", 50),
    Column(
        "contact_phone", N_("联系电话"), False, N_("可不填，不超过 30 个字符。"), "027-88886666", 30
    ),
    Column("contact_email", N_("电子邮箱"), False, N_("可不填，须为有效的电子邮箱地址。"), "", 254),
    Column(
        "domicile", N_("住所"), False, N_("可不填，不超过 200 个字。"), "武昌区和平大道 1 号", 200
    ),
    Column(
        "founded_on",
        N_("成立日期"),
        False,
        N_("可不填。格式 YYYY-MM-DD，不能晚于今天，也不能晚于登记（备案）日期。"),
        "2020-01-01",
    ),
    Column(
        "registered_on",
        N_("登记（备案）日期"),
        True,
        N_(
            "必填。成立登记或备案的日期，格式 YYYY-MM-DD，不能晚于今天；导入时按此日期记录成立登记（备案）事项。"
        ),
        "2021-03-01",
    ),
    Column(
        "document_number",
        N_("登记证书编号"),
        True,
        N_(
            "社会团体、社会服务机构、基金会必填（登记证书或成立登记文书编号）；社区社会组织可不填。不超过 100 个字符。"
        ),
        "武民登〔2021〕1号",
        100,
    ),
    Column(
        "registered_funds",
        N_("注册资金（元）"),
        False,
        N_("可不填。不小于 0 的数字，最多两位小数。"),
        "30000",
    ),
    Column("staff_full_time", N_("专职人员"), False, N_("可不填（按 0）。不小于 0 的整数。"), "2"),
    Column("staff_part_time", N_("兼职人员"), False, N_("可不填（按 0）。不小于 0 的整数。"), "5"),
    Column("volunteers", N_("志愿者"), False, N_("可不填（按 0）。不小于 0 的整数。"), "20"),
    Column(
        "domains",
        N_("服务领域"),
        False,
        N_("可不填。服务领域名称，多个用顿号“、”分隔。"),
        "文化、教育",
    ),
    Column("is_charity", N_("慈善组织"), False, N_("可不填（按否）。填写“是”或“否”。"), "否"),
    Column(
        "charity_recognized_on",
        N_("认定为慈善组织日期"),
        False,
        N_(
            "可不填。格式 YYYY-MM-DD，不能晚于今天，不能早于登记（备案）日期；填写时“慈善组织”须为“是”。"
        ),
        "",
    ),
    Column(
        "public_fundraising",
        N_("具有公开募捐资格"),
        False,
        N_("可不填（按否）。填写“是”或“否”。"),
        "否",
    ),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

# Headers seen in registers kept by hand, mapped to the column they mean.
ALIASES: dict[str, str] = {
    "名称": "name",
    "社会组织名称": "name",
    "类型": "org_type",
    "社会组织类型": "org_type",
    "信用代码": "uscc",
    "统一代码": "uscc",
    "法定代表人": "legal_rep_name",
    "负责人": "legal_rep_name",
    "身份证号码": "legal_rep_id",
    "法定代表人证件号码": "legal_rep_id",
    "登记日期": "registered_on",
    "备案日期": "registered_on",
    "证书编号": "document_number",
    "登记证号": "document_number",
    "所属街道": "street",
    "所属社区": "community",
}

_PUNCT = str.maketrans({"（": "(", "）": ")", "＊": "*"})


def normalize_header(text: str) -> str:
    """Headers compare without spaces, required-marks (*) or full/half-width differences."""
    return re.sub(r"\s+", "", text.translate(_PUNCT)).strip("*")


def header_index() -> dict[str, str]:
    """Normalized header text (Chinese, the active language, aliases) → column key."""
    index = {normalize_header(alias): key for alias, key in ALIASES.items()}
    for column in COLUMNS:
        index[normalize_header(column.header)] = column.key
        index[normalize_header(_(column.header))] = column.key
    return index


def column_label(key: str) -> str:
    """The header a report shows for a field, in the active language."""
    column = BY_KEY.get(key)
    return _(column.header) if column else ""
