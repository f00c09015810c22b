"""涉嫌违规 · Alleged breaches: lenders x rules, month by month, with the rule and its source
beside every number and the posts (evidence highlighted) behind any cell.

Numbers and posts come from pipeline/rules.py (cell_table / cell_posts, one filter), via
dashboard/data.py. Wording (data/i18n.yaml breach.*, in the UI language): a post alleges; a
behaviour may conflict with (涉嫌违反) a rule.
"""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts
from pipeline import rules as rl

f = ui.page(ui.T("page.breaches"))
if f is None:
    st.stop()
st.caption(ui.T("breach.caption"))
published = data.rules_published()
if not published:
    st.info(ui.T("breach.no_rules"))
    st.stop()

units = list(rl.UNITS)
unit = st.radio(ui.T("breach.unit"), units, format_func=lambda u: ui.T(f"breach.unit.{u}"), horizontal=True,
                key=ui.param_choice("unit", units, "stories"))
ui.sync_param("unit", unit, "stories")
unit_label = ui.T(f"breach.unit.{unit}")
statuses = [rl.IN_SCOPE, rl.SCOPE_UNKNOWN]
status = st.radio(ui.T("breach.scope"), statuses, format_func=lambda s: ui.T(f"breach.scope.{s}"), horizontal=True,
                  key=ui.param_choice("scope", statuses, rl.IN_SCOPE))
ui.sync_param("scope", status, rl.IN_SCOPE)
if status == rl.SCOPE_UNKNOWN:
    st.caption(ui.T("breach.scope_unknown_caption"))

table = data.breach_table(f, unit, status)
if table.empty:
    st.info(ui.T("breach.none"))
    st.stop()

checked = {True: ui.T("breach.checked"), False: ui.T("breach.unchecked")}
shown = table.assign(
    lender=table["lender"].replace("", ui.T("breach.not_identified")),
    share=(table["share"] * 100).round(1),
    wording=table["wording_checked"].map(lambda v: checked[bool(v)]),
)[["lender", "rule", "month", "count", "base", "share", "behaviour", "instrument", "source", "source_url", "wording"]]
shown.columns = [ui.T(f"breach.col.{c}") for c in ("lender", "rule", "month", f"count.{unit}", f"base.{unit}", "share",
                                                     "behaviour", "instrument", "source", "link", "wording")]
st.dataframe(shown, hide_index=True, width="stretch", key="breach_table",
             column_config={ui.T("breach.col.link"): st.column_config.LinkColumn()})
ui.plot(charts.rule_hits(data.breach_table(f, unit, rl.IN_SCOPE, by_month=False, shares=False), f, unit=unit,
                         lang=ui.lang()), "chart_rule_hits")
downloads.chart("rule_hits", f, "rule_hits", unit=unit)
st.caption(ui.T("breach.sum", n=int(table["count"].sum()), unit=unit_label))

# The cell's key stays language-neutral (lender · rule · YYYY-MM): it is the ?cell= of a shared link.
keys = [f"{r.lender} · {r.rule} · {r.month}" for r in table.itertuples()]
picked = st.selectbox(ui.T("breach.show_posts"), keys, key=ui.param_choice("cell", keys, keys[0]))
ui.sync_param("cell", picked, keys[0])
row = table.iloc[keys.index(picked)]
st.subheader(ui.T("breach.cell", lender=row["lender"], month=row["month"], n=int(row["count"]), unit=unit_label))
st.markdown(ui.T("breach.rule_line", rule=row["rule"], instrument=row["instrument"], behaviour=row["behaviour"]))
st.caption(ui.T("breach.source_line", source=row["source"], url=row["source_url"] or "",
                checked=checked[bool(row["wording_checked"])]))
downloads.breach_cell(f, row["lender"], row["rule"], row["month"], status, unit, "breach_cell")
posts = data.breach_posts(f, row["lender"], row["rule"], row["month"], status)
st.caption(ui.T("breach.n_posts", posts=len(posts), stories=posts["story_id"].nunique() if len(posts) else 0))
# Chips are the posts' themes (in the UI language); the marks are the rule's evidence.
ui.show_posts(posts, {**ui.ui_theme_labels(), row["rule"]: row["rule"]})
