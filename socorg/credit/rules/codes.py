"""Codes of the credit rules, their Chinese labels and the articles they rest on.

Trigger codes A1–A7 and S1–S8 follow docs/domain.md §2.2 and §2.4. Article numbers of
民政部令第60号 are recalled, not read [R], and removal rules come from the draft text or from
summaries of the final text [S]; every citation says so in its text, so that nobody shown a
decision takes an unverified article number for a checked one (domain.md §15 item 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from socorg.core.messages import N_, Msg


class Trigger(StrEnum):
    """Why an organization is put on a list (列入情形)."""

    A1 = "A1"  # 未按规定报送年度工作报告
    A2 = "A2"  # 未按规定设立党组织
    A3 = "A3"  # 未按期完成整改
    A4 = "A4"  # 公开募捐资格条件丧失或者长期未开展公开募捐
    A5 = "A5"  # 警告或者不满5万元罚款
    A6 = "A6"  # 通过登记的住所无法取得联系
    A7 = "A7"  # 法律、行政法规规定的其他情形（活动异常名录）
    S1 = "S1"  # 列入活动异常名录满2年
    S2 = "S2"  # 弄虚作假办理变更登记被撤销
    S3 = "S3"  # 限期停止活动
    S4 = "S4"  # 5万元以上罚款
    S5 = "S5"  # 3年内两次以上警告或者不满5万元罚款
    S6 = "S6"  # 失信被执行人
    S7 = "S7"  # 吊销登记证书或者撤销成立登记
    S8 = "S8"  # 法律、行政法规规定的其他情形（严重违法失信名单）

    @property
    def is_serious(self) -> bool:
        return self.value.startswith("S")


ABNORMAL_TRIGGERS = frozenset(t for t in Trigger if not t.is_serious)
SERIOUS_TRIGGERS = frozenset(t for t in Trigger if t.is_serious)
# Codes the rule works out itself; a fact cannot assert them directly.
DERIVED_ONLY = frozenset({Trigger.S1, Trigger.S5})


class RemovalCode(StrEnum):
    """Why an organization leaves a list (移出情形)."""

    RA1 = "RA1"  # 履行义务或者完成整改，经查实移出活动异常名录
    RA2 = "RA2"  # 无需履行义务或者整改，列入期满自动移出活动异常名录
    RS1 = "RS1"  # 列入严重违法失信名单期满且未再发生列入情形，经申请移出
    RS2 = "RS2"  # 吊销或者撤销成立登记后完成注销登记，移出严重违法失信名单


class RefusalCode(StrEnum):
    """Why an application for removal from the serious list is refused."""

    NOT_ON_SERIOUS_LIST = "not_on_serious_list"
    TOO_EARLY = "too_early"
    NEW_TRIGGER_IN_WINDOW = "new_trigger_in_window"
    NOT_RECTIFIED = "not_rectified"
    AWAITING_DEREGISTRATION = "awaiting_deregistration"


TRIGGER_LABELS: dict[Trigger, Msg] = {
    Trigger.A1: Msg(N_("未按照规定时限和要求向登记管理机关报送年度工作报告")),
    Trigger.A2: Msg(N_("未按照有关规定设立党组织")),
    Trigger.A3: Msg(N_("登记管理机关责令限期整改，未按期完成整改")),
    Trigger.A4: Msg(
        N_("具有公开募捐资格的慈善组织不再符合公开募捐资格条件，或者长期未开展公开募捐活动")
    ),
    Trigger.A5: Msg(N_("受到警告或者不满5万元罚款的行政处罚")),
    Trigger.A6: Msg(N_("通过登记的住所无法与社会组织取得联系")),
    Trigger.A7: Msg(N_("法律、行政法规规定应当列入活动异常名录的其他情形")),
    Trigger.S1: Msg(N_("被列入活动异常名录满2年")),
    Trigger.S2: Msg(N_("弄虚作假办理变更登记，被撤销变更登记")),
    Trigger.S3: Msg(N_("受到限期停止活动的行政处罚")),
    Trigger.S4: Msg(N_("受到5万元以上罚款的行政处罚")),
    Trigger.S5: Msg(N_("3年内2次以上受到警告或者不满5万元罚款的行政处罚")),
    Trigger.S6: Msg(N_("被人民法院依法列入失信被执行人名单")),
    Trigger.S7: Msg(N_("被登记管理机关吊销登记证书或者撤销成立登记")),
    Trigger.S8: Msg(N_("法律、行政法规规定应当列入严重违法失信名单的其他情形")),
}

REMOVAL_LABELS: dict[RemovalCode, Msg] = {
    RemovalCode.RA1: Msg(N_("履行相关义务或者完成整改，经查实移出活动异常名录")),
    RemovalCode.RA2: Msg(N_("无需履行义务或者整改，列入期满自动移出活动异常名录")),
    RemovalCode.RS1: Msg(N_("列入严重违法失信名单期满且期间未再发生列入情形，经申请移出")),
    RemovalCode.RS2: Msg(N_("被吊销登记证书或者撤销成立登记后完成注销登记，移出严重违法失信名单")),
}


class Evidence(StrEnum):
    """How well a citation is checked (docs/domain.md, evidence levels)."""

    VERIFIED = "V"
    SECONDARY = "S"
    RECALLED = "R"
    UNVERIFIED = "U"
    LOCAL = "L"


@dataclass(frozen=True)
class Citation:
    """The rule a decision rests on; ``text`` names the evidence level for the reader."""

    rule_id: str  # docs/domain.md §14 rule id, stable for storage
    level: Evidence
    text: Msg

    def __str__(self) -> str:
        return str(self.text)


ABNORMAL_LISTING = Citation(
    "CREDIT.abnormal_listing",
    Evidence.RECALLED,
    Msg(N_("《社会组织信用信息管理办法》（民政部令第60号）第十条（条号待核）")),
)
ABNORMAL_RESTART = Citation(
    "CREDIT.abnormal_restart",
    Evidence.SECONDARY,
    Msg(
        N_(
            "《社会组织信用信息管理办法》（民政部令第60号）第十条（条号待核）；列入期间再次出现列入情形的，"
            "重新计算列入时限（依据征求意见稿第十三条，正式文本条号待核）"
        )
    ),
)
ABNORMAL_TO_SERIOUS = Citation(
    "CREDIT.abnormal_to_serious",
    Evidence.RECALLED,
    Msg(
        N_(
            "《社会组织信用信息管理办法》（民政部令第60号）第十三条（条号待核）：被列入活动异常名录满2年的，"
            "列入严重违法失信名单"
        )
    ),
)
SERIOUS_LISTING = Citation(
    "CREDIT.serious_listing",
    Evidence.RECALLED,
    Msg(N_("《社会组织信用信息管理办法》（民政部令第60号）第十三条（条号待核）")),
)
SERIOUS_RESTART = Citation(
    "CREDIT.serious_restart",
    Evidence.SECONDARY,
    Msg(
        N_(
            "《社会组织信用信息管理办法》（民政部令第60号）第十条、第十三条（条号待核）；列入严重违法失信名单"
            "期间再次出现列入情形的，重新计算列入时限（据正式文本摘要）"
        )
    ),
)
ABNORMAL_REMOVAL_VERIFIED = Citation(
    "CREDIT.abnormal_removal_after_verification",
    Evidence.SECONDARY,
    Msg(
        N_(
            "《社会组织信用信息管理办法（征求意见稿）》第十四条：履行相关义务或者完成整改的，登记管理机关"
            "自查实之日起5个工作日内移出（正式文本保留申请移出机制，条号待核）"
        )
    ),
)
ABNORMAL_REMOVAL_EXPIRED = Citation(
    "CREDIT.abnormal_auto_removal",
    Evidence.SECONDARY,
    Msg(
        N_(
            "《社会组织信用信息管理办法（征求意见稿）》第十四条：无需履行义务或者整改的，列入满6个月"
            "自动移出（正式文本措辞待核）"
        )
    ),
)
SERIOUS_REMOVAL_APPLICATION = Citation(
    "CREDIT.serious_removal_min",
    Evidence.SECONDARY,
    Msg(
        N_(
            "《社会组织信用信息管理办法》（民政部令第60号）严重违法失信名单移出规定：列入满2年且期间未再"
            "发生列入情形的，可以申请移出；因列入活动异常名录满2年被列入的，还应当已履行义务或者完成整改"
            "（据正式文本摘要，条号未核）"
        )
    ),
)
SERIOUS_REMOVAL_DEREGISTRATION = Citation(
    "CREDIT.serious_removal_deregistration",
    Evidence.SECONDARY,
    Msg(
        N_(
            "《社会组织信用信息管理办法》（民政部令第60号）严重违法失信名单移出规定：因被吊销登记证书或者"
            "撤销成立登记被列入的，完成注销登记后移出（据正式文本摘要，条号未核）"
        )
    ),
)

REMOVAL_CITATIONS: dict[RemovalCode, Citation] = {
    RemovalCode.RA1: ABNORMAL_REMOVAL_VERIFIED,
    RemovalCode.RA2: ABNORMAL_REMOVAL_EXPIRED,
    RemovalCode.RS1: SERIOUS_REMOVAL_APPLICATION,
    RemovalCode.RS2: SERIOUS_REMOVAL_DEREGISTRATION,
}


def period_text(months: int) -> Msg:
    """A period in the words a reader expects: whole years as 年, otherwise 个月."""
    if months % 12 == 0:
        return Msg(N_("%(years)s年"), {"years": months // 12})
    return Msg(N_("%(months)s个月"), {"months": months})
