"""What the call center sends: order kinds, complaint levels, complaint categories."""

from __future__ import annotations

from enum import StrEnum


class OrderKind(StrEnum):
    RESCUE = "rescue"
    FAULT_MODE = "fault_mode"
    DISPATCH = "dispatch"
    COMPLAINT = "complaint"
    REPAIR = "repair"

    @property
    def zh(self) -> str:
        return _KIND_ZH[self]

    @property
    def en(self) -> str:
        return _KIND_EN[self]


_KIND_ZH = {
    OrderKind.RESCUE: "求援",
    OrderKind.FAULT_MODE: "最新故障模式",
    OrderKind.DISPATCH: "派工单",
    OrderKind.COMPLAINT: "抱怨派工",
    OrderKind.REPAIR: "维修单",
}
_KIND_EN = {
    OrderKind.RESCUE: "Rescue",
    OrderKind.FAULT_MODE: "New fault mode",
    OrderKind.DISPATCH: "Dispatch",
    OrderKind.COMPLAINT: "Complaint",
    OrderKind.REPAIR: "Repair",
}


class ComplaintLevel(StrEnum):
    GENERAL = "general"
    MEDIUM = "medium"
    STRONG = "strong"

    @property
    def zh(self) -> str:
        return {"general": "一般抱怨", "medium": "中级抱怨", "strong": "强烈抱怨"}[self.value]

    def escalated(self) -> ComplaintLevel:
        """One level up (general → medium → strong); never skips a level."""
        order = list(ComplaintLevel)
        return order[min(order.index(self) + 1, len(order) - 1)]


# 结果分类 and 结果细分 of a complaint, as the call center's CRM lists them.
COMPLAINT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "产品质量": ("发动机部分", "底盘部分", "电器部分", "车身附件", "总体"),
    "备品供应": ("及时性", "价格", "总体"),
    "销售过程": ("态度", "纪律", "价格", "总体"),
    "服务过程": ("及时性", "态度", "纪律", "价格", "总体"),
    "技术能力": ("发动机部分", "底盘部分", "电器部分", "车身附件", "总体"),
}
