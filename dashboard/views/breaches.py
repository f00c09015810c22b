"""涉嫌违规 · Alleged breaches: lenders x rules, month by month, with the rule and its source
beside every number and the posts (evidence highlighted) behind any cell.

Numbers and posts come from pipeline/rules.py (cell_table / cell_posts, one filter), via
dashboard/data.py. Wording: a post alleges; a behaviour may conflict with (涉嫌违反) a rule.
"""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline import rules as rl

f = ui.page("涉嫌违规 · Alleged breaches")
if f is None:
    st.stop()
st.caption(
    "帖子所述（未经核实）的催收行为，可能涉嫌违反下列规则。每个数字旁是规则原意与出处；规则条文尚未与官方文本逐字核对的，"
    "均已标明。 · Posts allege these behaviours (unverified); the behaviour may conflict with the rule shown. "
    "The rule's sentence and source stand beside every number; rules whose wording was not checked against "
    "the official text say so."
)
published = data.rules_published()
if not published:
    st.info("这个快照没有规则数据：请重新运行 `complaints tag` 与 `complaints publish`。 · "
            "This snapshot has no rule data: run `complaints tag` and `complaints publish` again.")
    st.stop()

units = list(rl.UNITS)
unit = st.radio("计数单位 · Count", units, format_func=lambda u: " · ".join(rl.UNITS[u]), horizontal=True,
                key=ui.param_choice("unit", units, "stories"))
ui.sync_param("unit", unit, "stories")
statuses = [rl.IN_SCOPE, rl.SCOPE_UNKNOWN]
status = st.radio("适用范围 · Scope", statuses, format_func=lambda s: " · ".join(rl.STATUS_LABELS[s]), horizontal=True,
                  key=ui.param_choice("scope", statuses, rl.IN_SCOPE))
ui.sync_param("scope", status, rl.IN_SCOPE)
if status == rl.SCOPE_UNKNOWN:
    st.caption("这些帖子的贷款机构类型未登记（data/lenders.yaml 的 type），无法判断规则是否适用：不计入任何规则。 · "
               "The lender's type is not recorded (data/lenders.yaml `type`), so whether the rule applies is unknown: "
               "these posts are not counted under any rule.")

table = data.breach_table(f, unit, status)
if table.empty:
    st.info("这些筛选条件下没有帖子涉及规则。 · No post alleges a rule's behaviour for these filters.")
    st.stop()

checked = {True: "已核对 · checked", False: "未核对官方文本 · not checked against the official text"}
shown = table.assign(
    lender=table["lender"].replace("", "未识别 · not identified"),
    share=(table["share"] * 100).round(1),
    wording=table["wording_checked"].map(lambda v: checked[bool(v)]),
)[["lender", "rule", "month", "count", "base", "share", "behaviour", "instrument", "source", "source_url", "wording"]]
shown.columns = ["贷款机构 lender", "规则 rule", "月份 month", f"涉嫌 {unit}", f"总计 all {unit}", "占比 share %",
                 "行为 behaviour", "文件 instrument", "出处 source", "链接 link", "条文核对 wording"]
st.dataframe(shown, hide_index=True, width="stretch", key="breach_table",
             column_config={"链接 link": st.column_config.LinkColumn()})
st.plotly_chart(charts.rule_hits(data.breach_table(f, unit, rl.IN_SCOPE, by_month=False), f, unit=unit),
                width="stretch", key="chart_rule_hits")
downloads.chart("rule_hits", f, "rule_hits", unit=unit)
st.caption(f"{int(table['count'].sum())} = 各格之和 · sum of the cells ({' · '.join(rl.UNITS[unit])}); "
           "“占比” = 该机构当月帖子中涉嫌此规则的比例 · share = of that lender's posts that month.")

keys = [f"{r.lender} · {r.rule} · {r.month}" for r in table.itertuples()]
picked = st.selectbox("查看帖子 · Show the posts of", keys, key=ui.param_choice("cell", keys, keys[0]))
ui.sync_param("cell", picked, keys[0])
row = table.iloc[keys.index(picked)]
st.subheader(f"{row['lender']} · {row['month']}: {int(row['count'])} ({' · '.join(rl.UNITS[unit])})")
st.markdown(
    f"**{row['rule']}** — 帖子所述行为可能涉嫌违反 · the alleged behaviour may conflict with: "
    f"{row['instrument']}：{row['behaviour']}"
)
st.caption(f"出处 · source: {row['source']} {row['source_url'] or ''} · {checked[bool(row['wording_checked'])]}")
downloads.breach_cell(f, row["lender"], row["rule"], row["month"], status, unit, "breach_cell")
posts = data.breach_posts(f, row["lender"], row["rule"], row["month"], status)
st.caption(f"{len(posts)} 篇帖子，{posts['story_id'].nunique() if len(posts) else 0} 个不同事件 · "
           f"{len(posts)} posts, {posts['story_id'].nunique() if len(posts) else 0} distinct stories")
# Chips are the posts' themes (in the UI language); the marks are the rule's evidence.
ui.show_posts(posts, {**ui.ui_theme_labels(), row["rule"]: row["rule"]})
