"""What each KPI means, in both languages, shown next to its figure (pages, exports, API)."""

from __future__ import annotations

from laoke.core.scorecard.policy import Text

#: The KPIs of the pack, in the order they are shown.
KPI_CODES = (
    "reorder",
    "retention",
    "revenue_concentration",
    "owner_concentration",
    "response_time",
    "winback",
    "losses",
    "pipeline_pace",
)

DEFINITIONS: dict[str, Text] = {
    "reorder": Text(
        "Reorder rate: of the customers who bought in the period of the same length just before "
        "the chosen period, the share who bought again within it. Customers count under their "
        "current owner.",
        "翻单率：在所选期间之前、同样长度的期间内下过单的客户中，在所选期间内再次下单的比例。"
        "客户按当前负责业务员统计。",
    ),
    "retention": Text(
        "Customer retention rate: of the customers active or at risk when the period starts, the "
        "share still active or at risk at its end (not dormant, not lost).",
        "客户保留率：期初处于活跃或流失风险状态的客户中，期末仍为活跃或流失风险（未休眠、未流失）的比例。",
    ),
    "revenue_concentration": Text(
        "Revenue concentration (80/20): the share of the period's sales made by the top 20 % of "
        "buying customers, and how many customers make 80 % of sales.",
        "销售集中度（80/20）：期间内前 20% 的下单客户贡献的销售额占比，以及贡献 80% 销售额的客户数。",
    ),
    "owner_concentration": Text(
        "Owner concentration: the share of the period's sales held by each salesperson's "
        "customers — the risk if that salesperson leaves. Above 30 % is flagged.",
        "负责业务员集中度：每位业务员名下客户在期间销售额中的占比——该业务员离职时的风险。超过 30% 会被标出。",
    ),
    "response_time": Text(
        "Median response time: the median number of hours until a received customer e-mail was "
        "answered, per salesperson. The aim is a reply within about ten minutes.",
        "回复时间中位数：收到客户邮件到回复所用小时数的中位数，按业务员统计。目标是约十分钟内回复。",
    ),
    "winback": Text(
        "Dormant win-back rate: of the customers dormant or lost when the period starts, the share "
        "who became active again within the period.",
        "休眠客户唤醒率：期初处于休眠或流失状态的客户中，在期间内重新变为活跃的比例。",
    ),
    "losses": Text(
        "Losses by reason: customers recorded as lost in the period under each of the six loss "
        "reasons, and the sales they made in the 12 months before they were lost.",
        "流失原因：期间内按六种流失原因记录的流失客户数，以及他们流失前 12 个月的销售额。",
    ),
    "pipeline_pace": Text(
        "Pipeline pace: target customers entering and converting per quarter; a healthy small "
        "exporter adds and converts about 5 of every 100 tracked prospects a quarter.",
        "开发节奏：每季度新增和转化的目标客户；"
        "健康的小型外贸企业每季度约在 100 个跟踪目标中新增 5 个、转化 5 个。",
    ),
}
