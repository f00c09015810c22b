"""Overview: what is in the data, how fresh it is, a lender x theme table, and how to read it."""
import streamlit as st

from dashboard import data, downloads, ui
from pipeline import charts, i18n, trends
from pipeline.settings import now_cst  # snapshot times are CST; the server clock may be UTC

f = ui.page(ui.T("overview.heading"), ui.T("overview.caption"))
if f is None:
    st.stop()
lang = ui.lang()
meta = data.meta()
# Every number on the page counts distinct stories (default) or all posts (?unit=posts), like
# the Trends charts: the caption and each metric's label say which.
unit = ui.unit_choice()
by_unit = {"unit": unit if unit != "stories" else ""}
st.caption(ui.T(f"overview.unit_caption.{unit}"))
tot = data.totals(f, unit)

cols = st.columns(4)
cols[0].metric(ui.T(f"metric.posts.{unit}"), f"{tot['posts']:,}", help=ui.T(f"metric.posts_help.{unit}"))
cols[1].metric(ui.T(f"metric.duplicates.{unit}"), f"{tot['duplicates']:,}", help=ui.T(f"metric.duplicates_help.{unit}"))
cols[2].metric(ui.T("metric.lenders"), f"{tot['lenders']:,}")
share = tot["themed"] / tot["posts"] if tot["posts"] else 0
cols[3].metric(ui.T(f"metric.themed.{unit}"), f"{share:.0%}")

first, last = tot["first"], tot["last"]
if first is not None and str(first) != "NaT":
    st.markdown(ui.T("overview.between", first=i18n.fmt_day(first, lang), last=i18n.fmt_day(last, lang)))
else:
    st.markdown(ui.T("overview.none"))

ui.now_line()
st.markdown(ui.T("overview.provenance",
                 sources=", ".join(ui.plain(i18n.source_label(s, lang)) for s in meta.get("sources") or []) or "—",
                 snapshot=ui.plain(i18n.fmt_time(meta.get("generated_at"), lang)),
                 lexicon=ui.plain(meta.get("lexicon_version") or "—")))
for warning in trends.freshness(meta, data.runs(), now_cst(), lang=lang):
    st.warning(ui.plain(warning, 400))

ui.plot(charts.sources(tot["by_source"], f, lang=lang), "chart_sources")
downloads.chart("sources", f, "sources", **({"unit": unit} if unit != "stories" else {}))

st.subheader(ui.T(f"overview.table.{unit}"))
st.caption(ui.T(f"overview.table_caption.{unit}"))
table = data.lender_theme_table(f, unit)
if not table.empty:
    labels = ui.ui_theme_labels()
    shown = table.drop(columns=["unit"])
    shown = shown.rename(columns={c: labels.get(c, c) for c in shown.columns if c not in ("lender", "posts")})
    shown = shown.rename(columns={"lender": ui.T("ranking.col.lender"), "posts": ui.T(f"ranking.col.total.{unit}")})
    st.dataframe(shown, hide_index=True, width="stretch", key="lender_theme_table")
    downloads.table(table, f, f"lender-theme-{unit}", "lender_theme_table", unit=unit,
                    link=ui.view_permalink("overview", by_unit))

changed = data.after_capture(f)
if not changed.empty:
    st.subheader(ui.T("overview.after_capture"))
    st.caption(ui.T("overview.after_capture_caption"))
    st.dataframe(changed.rename(columns={c: ui.T(f"after_capture.col.{c}") for c in changed.columns}),
                 hide_index=True, key="after_capture",
                 column_config={ui.T("after_capture.col.changed_share"): st.column_config.NumberColumn(format="percent")})

st.subheader(ui.T("overview.read_with_care"))
st.markdown(ui.T("overview.caveats"))
ui.cite_block("overview", ui.T("overview.heading"), by_unit)
