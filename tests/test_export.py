"""Exports (pipeline/export.py): every file opened with its own reader, rows equal to the
dashboard's queries, Chinese intact, no formula injection, real glyphs in chart images.

The data: a real SQLite store with hand-made posts (three Chinese lenders, themes with
evidence, a post titled like a spreadsheet formula, a raw phone number), published with
pipeline.publish. Chart tests share one chromium (kaleido) for the module.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pandas as pd
import pytest

from pipeline import export, trends
from pipeline.export import ExportError, ExportRequest
from pipeline.models import Post
from pipeline.trends import Filters, Snapshot

LENDERS = ("借呗", "微粒贷", "安逸花")
EVIL_TITLE = "=cmd|' /C calc'!A0"
PHONE = "13812345678"
NOW = datetime(2025, 6, 1, 12, 0)


def _posts() -> list[Post]:
    base = datetime(2025, 3, 3, 10)
    out = []
    for i in range(90):
        lender = LENDERS[i % 3]
        out.append(Post(
            source="heimao" if i % 4 else "jutousu", source_id=str(1000 + i),
            url=f"https://tousu.sina.com.cn/complaint/view/{1000 + i}/",
            title=f"{lender}暴力催收，爆通讯录{i}", body=f"催收员天天打电话给我家人，威胁我。我的电话{PHONE}",
            published_at=base + timedelta(days=i // 2), status="处理中" if i % 2 else "已完成",
            amount=1000.0 + i, appeal="停止催收", author="张三丰"))
    out.append(Post(source="heimao", source_id="evil", url="https://tousu.sina.com.cn/complaint/view/9/",
                    title=EVIL_TITLE, body="+1 -2 @SUM(1)\t", published_at=base, status="已完成",
                    appeal='=HYPERLINK("http://x","y")', amount=-5.0))
    return out


@pytest.fixture(scope="module")
def snap(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    from pipeline import publish
    from pipeline.store import Store

    root = tmp_path_factory.mktemp("export")
    store = Store(f"sqlite:///{root / 'c.db'}", create=True)
    store.init()
    store.upsert_posts(_posts())
    results = []
    for batch in store.posts_to_tag("test-lexicon", 1000):
        for row in batch:
            lender = next((n for n in LENDERS if row["title"].startswith(n)), "借呗")
            themes = {"family_contact": [{"start": 12, "end": 16, "text": "打电话给", "rule": "near"}],
                      "threat": [{"start": 19, "end": 21, "text": "威胁", "rule": "term"}]}
            themes = themes if "催收" in row["title"] else {}
            results.append(SimpleNamespace(post_id=row["id"], lenders=[lender], themes=themes))
    store.save_tags(results, "test-lexicon")
    publish.publish(store, root / "snapshot", is_demo=True)
    store.close()
    s = Snapshot(root / "snapshot")
    yield s
    s.close()


@pytest.fixture(scope="module")
def renderer():
    if not Path("/usr/bin/chromium").exists() and os.environ.get("COMPLAINTS_REQUIRE_SERVICES") != "1":
        pytest.skip("Debian chromium not available")
    with export.ChartRenderer() as r:
        yield r


def _ids(df: pd.DataFrame) -> list[str]:
    return [str(v) for v in df["source_id"]]


def _expected(snap: Snapshot, f: Filters, query: str = "") -> pd.DataFrame:
    rows, total = trends.posts(snap, f, query, limit=10_000)
    assert len(rows) == total
    return rows


# --- CSV -------------------------------------------------------------------------------------


def test_csv_has_exactly_the_filtered_posts_and_chinese_survives_excel(snap: Snapshot) -> None:
    f = Filters(lenders=("微粒贷",), start=date(2025, 3, 10))
    data = export.export_bytes(snap, ExportRequest(f), "csv", "posts")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    df = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = _expected(snap, f)
    assert _ids(df) == _ids(expected) and len(df) == 25
    assert set(df["lender"]) == {"微粒贷"}
    assert df["title"].iloc[0].startswith("微粒贷暴力催收")  # Chinese intact, not mojibake
    assert df["themes"].iloc[0] == "family_contact; threat"
    assert "打电话给 [12-16]" in df["evidence"].iloc[0]
    for column in ("source", "source_id", "url", "title", "body", "lender", "themes", "evidence",
                   "published_at", "status", "amount", "appeal"):
        assert column in df.columns


def _raw_snapshot(snap: Snapshot, directory: Path) -> Snapshot:
    """A copy of the snapshot as an older publish (before it masked) left it: raw phones."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    version = directory / "old"
    shutil.copytree(snap.path, version)
    for part in sorted((version / "posts").glob("*.parquet")):  # one file per month
        table = pq.read_table(part)
        bodies = [b.replace("138********", PHONE) for b in table.column("body").to_pylist()]
        authors = ["张三丰" if a == "张**" else a for a in table.column("author").to_pylist()]
        table = table.set_column(table.schema.get_field_index("body"), "body", pa.array(bodies, pa.string()))
        table = table.set_column(table.schema.get_field_index("author"), "author", pa.array(authors, pa.string()))
        part.unlink()  # a published file may be hard-linked into other versions: replace it, never write through
        pq.write_table(table, part)
    (directory / "CURRENT").write_text("old")
    return Snapshot(directory)


def test_csv_masks_personal_data_unless_told_not_to(snap: Snapshot, tmp_path: Path) -> None:
    old = _raw_snapshot(snap, tmp_path)
    try:
        f = Filters(lenders=("借呗",))
        masked = export.export_bytes(old, ExportRequest(f), "csv").decode("utf-8-sig")
        raw = export.export_bytes(old, ExportRequest(f, mask=False), "csv").decode("utf-8-sig")
    finally:
        old.close()
    assert PHONE not in masked and "138********" in masked
    assert "张三丰" not in masked and "张**" in masked
    assert PHONE in raw and "张三丰" in raw  # the old snapshot held it raw: --no-mask skips the pass


def test_csv_cells_cannot_become_formulas(snap: Snapshot) -> None:
    data = export.export_bytes(snap, ExportRequest(Filters(statuses=("已完成",))), "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    evil = next(r for r in rows if r["source_id"] == "evil")
    assert evil["title"] == "'" + EVIL_TITLE
    assert evil["appeal"].startswith("'=HYPERLINK")
    assert evil["body"] == "'+1 -2 @SUM(1)\t"
    assert evil["amount"] == "-5.0"  # a number stays a number
    for row in rows:
        for column, value in row.items():
            if column == "amount":
                continue  # numbers: Excel reads -5.0 as minus five, not a formula
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_series_csv_is_exactly_the_plotted_series(snap: Snapshot) -> None:
    req = ExportRequest(Filters(themes=("threat",)), chart="over_time", chart_opts={"freq": "week", "measure": "share"})
    df = pd.read_csv(io.BytesIO(export.export_bytes(snap, req, "csv", "series")), encoding="utf-8-sig")
    expected = trends.over_time(snap, req.filters, "week")
    assert list(df.columns) == list(expected.columns)
    assert len(df) == len(expected) and sorted(set(df["lender"])) == sorted(LENDERS)
    assert df["posts"].tolist() == expected["posts"].tolist()
    assert df["share"].tolist() == pytest.approx(expected["share"].tolist())


# --- XLSX and Parquet ------------------------------------------------------------------------


def test_xlsx_sheets_rows_formulas_and_about(snap: Snapshot) -> None:
    from openpyxl import load_workbook

    f = Filters(lenders=("借呗",))
    req = ExportRequest(f, chart="heatmap")
    # A chart's workbook (its Excel button): the posts behind it, its numbers, the about sheet.
    wb = load_workbook(io.BytesIO(export.export_bytes(snap, req, "xlsx", "series", now=NOW)))
    assert wb.sheetnames == ["posts", "series", "about"]
    posts = list(wb["posts"].iter_rows(values_only=True))
    header, body = posts[0], posts[1:]
    expected = _expected(snap, f)
    assert [str(r[header.index("source_id")]) for r in body] == _ids(expected)
    evil_row = next(i for i, r in enumerate(body, start=2) if r[header.index("source_id")] == "evil")
    cell = wb["posts"].cell(row=evil_row, column=header.index("title") + 1)
    assert cell.data_type != "f" and cell.value == "'" + EVIL_TITLE
    assert any(str(r[header.index("title")]).startswith("借呗暴力催收") for r in body)
    series = list(wb["series"].iter_rows(values_only=True))
    # `unit`: what the counts count (distinct stories by default; pipeline/trends.py)
    assert series[0] == ("lender", "theme", "posts", "share", "unit") and len(series) - 1 == len(trends.heatmap(snap, f))
    assert {r[-1] for r in series[1:]} == {"stories"}
    about = {k: v for k, v in wb["about"].iter_rows(values_only=True)}
    assert about["filters"] == "lenders: 借呗"
    assert about["counted in"].startswith("distinct stories")
    assert about["lexicon version"] == "test-lexicon"
    assert "SYNTHETIC" in about["WARNING"]  # published with is_demo=True
    assert "not a sample" in about["caveat 1"]
    # (QA: the times were Beijing time without saying so, on a UTC machine)
    assert about["generated"].startswith("2025-06-01 12:00 China Standard Time (UTC+8)")
    assert about["snapshot"].endswith(", China Standard Time)")


def test_parquet_keeps_types_and_provenance(snap: Snapshot) -> None:
    import json

    import pyarrow.parquet as pq

    f = Filters(sources=("jutousu",))
    table = pq.read_table(io.BytesIO(export.export_bytes(snap, ExportRequest(f), "parquet")))
    df = table.to_pandas()
    assert _ids(df) == _ids(_expected(snap, f)) and len(df) == 23
    assert list(df["themes"].iloc[0]) == ["family_contact", "threat"]  # a list, not a joined string
    assert pd.api.types.is_datetime64_any_dtype(df["published_at"])
    about = json.loads(table.schema.metadata[b"complaints_radar_about"])
    assert about["filters"] == "sources: jutousu"
    # the same columns as the CSV, story_id (to recount distinct stories) and facts/rules included
    csv = pd.read_csv(io.BytesIO(export.export_bytes(snap, ExportRequest(f), "csv")), encoding="utf-8-sig")
    assert list(df.columns) == [c for c in csv.columns if not c.endswith("_label")]  # labels: for readers of the CSV
    assert df["story_id"].tolist() == csv["story_id"].tolist() and str(table.schema.field("story_id").type) == "int64"
    assert df["facts"].fillna("").astype(str).tolist() == csv["facts"].astype(object).fillna("").astype(str).tolist()
    assert str(table.schema.field("rules").type).startswith("list<")


def test_surge_chart_series_and_plain_tables(snap: Snapshot) -> None:
    from openpyxl import load_workbook

    req = ExportRequest(Filters(), chart="surge", chart_opts={"lender": "借呗", "theme": "threat", "week": "2025-03-10"})
    df = export.series_frame(snap, req)
    expected = trends.weekly_series(snap, "借呗", "threat")
    assert df["posts"].tolist() == expected["posts"].tolist() and not df["surge"].any()  # no surge in 2 posts/week
    assert "surge=2025-03-10+%C2%B7+%E5%80%9F%E5%91%97+%C2%B7+threat" in export.permalink(req)
    table = pd.DataFrame({"term": ["=催收", "爆通讯录"], "score": [2.5, 1.0]})
    wb = load_workbook(io.BytesIO(export.table_bytes(snap, req, table, "xlsx", "terms")))
    assert wb.sheetnames == ["terms", "about"]
    assert [c.value for c in wb["terms"]["A"]] == ["term", "'=催收", "爆通讯录"]
    huge = pd.DataFrame({"body": ["催" * 40_000 + "\x07"]})  # a megabyte post and a BEL character
    cell = load_workbook(io.BytesIO(export.table_bytes(snap, req, huge, "xlsx")))["table"]["A2"].value
    assert len(cell) == export.XLSX_CELL_MAX and cell.endswith(export.TRUNCATED) and "\x07" not in cell
    import pyarrow.parquet as pq

    mixed = pd.DataFrame({"flags": [{"a": 1}, "short", None, 3]})  # what a dashboard table may hold
    back = pq.read_table(io.BytesIO(export.table_bytes(snap, req, mixed, "parquet"))).to_pandas()
    assert back["flags"].tolist()[:2] == ['{"a": 1}', "short"] and back["flags"].isna().tolist()[2]
    with pytest.raises(ExportError, match="csv, xlsx or parquet"):
        export.table_bytes(snap, req, table, "png")
    # A table of counts says what it counts in, and links its own view.
    counts = pd.DataFrame({"lender": ["借呗"], "posts": [3], "unit": ["posts"]})
    wb = load_workbook(io.BytesIO(export.table_bytes(snap, req, counts, "xlsx", "ranking", unit="posts",
                                                     link="https://radar.example.org/ranking?unit=posts")))
    about = {k: v for k, v in wb["about"].iter_rows(values_only=True)}
    assert about["table"] == "ranking" and about["counted in"].startswith("all posts") and "chart" not in about
    assert about["permalink"] == "https://radar.example.org/ranking?unit=posts"
    plain = load_workbook(io.BytesIO(export.table_bytes(snap, req, table, "xlsx", "terms")))
    assert "counted in" not in {k for k, _ in plain["about"].iter_rows(values_only=True)}  # term counts: no unit
    with pytest.raises(ExportError, match="unit"):
        export.table_bytes(snap, req, counts, "csv", unit="people")


# --- privacy: small cells --------------------------------------------------------------------


def test_small_cells_are_blanked_with_what_depends_on_them() -> None:
    df = pd.DataFrame({"lender": ["a", "b", "c"], "posts": [12, 3, 0], "themed": [2, 3, 0], "share": [0.17, 1.0, 0.0]})
    out = export.suppress_small_cells(df, 5)
    assert out["suppressed"].tolist() == [True, True, False]
    assert out["posts"].isna().tolist() == [False, True, False]  # 12 stays, 3 goes, 0 reveals no one
    assert out["themed"].isna().tolist() == [True, True, False]
    assert out["share"].isna().tolist() == [True, True, False]
    assert export.suppress_small_cells(df, 0).equals(df)  # off by default


def test_series_export_with_min_cell(snap: Snapshot) -> None:
    req = ExportRequest(Filters(), chart="over_time", chart_opts={"freq": "day"}, min_cell=5)
    df = pd.read_csv(io.BytesIO(export.export_bytes(snap, req, "csv", "series")), encoding="utf-8-sig")
    # 1-2 posts per lender and day: every such cell is blanked; the chart's zero-filled
    # days (no post at all) disclose nothing and stay 0.
    shown = df[~df["suppressed"]]
    assert df["suppressed"].any() and df.loc[df["suppressed"], "posts"].isna().all()
    assert (shown["posts"] == 0).all() and (shown["themed"] == 0).all()


# --- bad input -------------------------------------------------------------------------------


def test_bad_requests_are_clear_errors(snap: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExportError, match="unknown chart"):
        ExportRequest(chart="pie")
    with pytest.raises(ExportError, match="freq='year'"):
        ExportRequest(chart_opts={"freq": "year"})
    with pytest.raises(ExportError, match="no option 'colour'"):
        ExportRequest(chart="heatmap", chart_opts={"colour": "red"})
    with pytest.raises(ExportError, match="min_cell"):
        ExportRequest(min_cell=-1)
    with pytest.raises(ExportError, match="unknown format"):
        export.export_bytes(snap, ExportRequest(), "docx")
    with pytest.raises(ExportError, match="unknown lender 花呗 .known: "):
        export.check_values(snap, Filters(lenders=("花呗",)))
    with pytest.raises(ExportError, match="KEY=VALUE"):
        export.parse_opts(["freq"])
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(ExportError, match="BROWSER_PATH=.* is not a file"):
        export.ChartRenderer().start()
    # An unwritable target: a clear error, and no half-written file left behind.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export.write(blocker / "out.csv", b"data")
    assert list(tmp_path.iterdir()) == [blocker]


def test_cli_export_csv_and_unknown_lender(snap: Snapshot, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path / "posts.csv"
    args = ["export", "--format", "csv", "--output", str(out), "--snapshot-dir", str(snap.root),
            "--lender", "安逸花", "--since", "2025-03-20", "--until", "2025-04-01"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert _ids(df) == _ids(_expected(snap, Filters(date(2025, 3, 20), date(2025, 4, 1), lenders=("安逸花",))))
    bad = CliRunner().invoke(main, args[:7] + ["--lender", "花呗"])
    assert bad.exit_code == 1 and "unknown lender 花呗" in bad.output


# --- streamed exports (issue 17) ---------------------------------------------------------------


def test_csv_and_parquet_stream_in_batches_with_the_same_content(snap: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    req = ExportRequest(Filters())
    whole_csv = export.export_bytes(snap, req, "csv")
    whole = pq.read_table(io.BytesIO(export.export_bytes(snap, req, "parquet"))).to_pandas()
    monkeypatch.setattr(export, "ROW_BATCH", 7)  # many batches, some with no amount at all
    assert len(list(export.iter_posts(snap, req))) > 3
    streamed_csv = export.export_bytes(snap, req, "csv")
    assert streamed_csv == whole_csv  # one BOM, one header, CRLF, every row once, in order
    assert streamed_csv.count(b"\xef\xbb\xbf") == 1 and streamed_csv.count(b"source,source_id,url") == 1
    table = pq.read_table(io.BytesIO(export.export_bytes(snap, req, "parquet")))
    assert str(table.schema.field("amount").type) == "double" and str(table.schema.field("themes").type).startswith("list<")
    pd.testing.assert_frame_equal(table.to_pandas(), whole)


def test_batches_are_whole_however_duckdb_splits_the_month_files(snap: Snapshot) -> None:
    # The snapshot's posts lie in one file per month, and a filtered scan comes out of DuckDB
    # in pieces of a file or less: an export must still look facts and rules up once per
    # batch of `rows` posts, not once per piece (45 lookups for 156 posts before).
    sql = "SELECT id FROM posts WHERE id % 2 = 0"
    cur = snap.con.cursor()
    pieces = [b.num_rows for b in cur.sql(sql).to_arrow_reader(7)]
    cur.close()
    assert any(p < 7 for p in pieces[:-1]), pieces  # DuckDB does cut it short of 7 rows
    sizes = [len(b) for b in snap.batches(sql, rows=7)]
    assert sizes[:-1] == [7] * (len(sizes) - 1) and 1 <= sizes[-1] <= 7, sizes
    assert sum(sizes) == sum(pieces)
    assert sorted(int(i) for b in snap.batches(sql, rows=7) for i in b["id"]) == \
        sorted(int(i) for i in snap.query(sql)["id"])
    assert list(snap.batches("SELECT id FROM posts WHERE id < 0")) == []  # nothing: no empty frame


def test_xlsx_refuses_more_rows_than_excel_holds(snap: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    n = export.count_posts(snap, ExportRequest())
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", n)  # the header makes n + 1 rows: one too many
    with pytest.raises(ExportError, match=f"{n:,} posts do not fit in one Excel sheet .Excel's limit is {n:,} rows"):
        export.export_bytes(snap, ExportRequest(), "xlsx")
    out = tmp_path / "all.xlsx"
    result = CliRunner().invoke(main, ["export", "--format", "xlsx", "-o", str(out), "--snapshot-dir", str(snap.root)])
    assert result.exit_code == 1 and "export CSV or Parquet" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing half-written
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", n + 1)  # exactly full: fine
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export.export_bytes(snap, ExportRequest(), "xlsx")), read_only=True)
    assert sum(1 for _ in wb["posts"].iter_rows()) == n + 1


# --- charts and the evidence pack (one chromium for all) -------------------------------------


def test_png_and_svg_open_and_carry_title_filters_and_credit(snap: Snapshot, renderer: export.ChartRenderer) -> None:
    from PIL import Image

    req = ExportRequest(Filters(lenders=LENDERS[:2]), chart="heatmap", lang="en")
    png = Image.open(io.BytesIO(export.export_bytes(snap, req, "png", renderer=renderer, now=NOW)))
    assert png.format == "PNG" and png.size[0] >= export.IMAGE_SIZE[0]
    svg = export.export_bytes(snap, req, "svg", renderer=renderer, now=NOW)
    root = ElementTree.fromstring(svg)
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text") or t.tag.endswith("tspan"))
    assert "Themes by lender" in texts
    assert "lenders: 借呗, 微粒贷" in texts  # the filters, in Chinese
    assert "generated 2025-06-01 by complaints-radar" in texts
    assert "Source: complaints-radar" in texts
    assert "SYNTHETIC DEMO DATA" in texts
    assert "WenQuanYi Micro Hei" in svg.decode("utf-8")


def test_chart_images_are_chinese_by_default_and_the_footer_is_inside_the_canvas(
        snap: Snapshot, renderer: export.ChartRenderer) -> None:
    import numpy as np
    from PIL import Image

    for chart in ("heatmap", "over_time", "theme_mix"):
        opts = {"lender": "借呗"} if chart == "theme_mix" else {}
        req = ExportRequest(Filters(lenders=LENDERS), chart=chart, chart_opts=opts)
        svg = export.export_bytes(snap, req, "svg", renderer=renderer, now=NOW).decode("utf-8")
        for needle in ("来源：complaints-radar", "由 complaints-radar 生成", "机构：借呗"):
            assert needle in svg, (chart, needle)
        png = Image.open(io.BytesIO(export.export_bytes(snap, req, "png", renderer=renderer, now=NOW)))
        assert png.size == (2 * export.IMAGE_SIZE[0], 2 * export.IMAGE_SIZE[1])  # 1200x675 at scale 2
        ink = np.asarray(png.convert("L")) < 160
        rows = np.nonzero(ink.any(axis=1))[0]
        # The footer (source and credit lines) is the lowest ink, inside the canvas with a margin:
        # before the fix the heatmap drew it at y=723-732 of a 720-pixel canvas (cut off).
        assert rows.max() < png.size[1] - 4, chart
        footer = ink[png.size[1] - 2 * 44:, :].any(axis=1).sum()
        assert footer > 10, chart  # the two footer lines are drawn in the bottom band


def _text_image(renderer: export.ChartRenderer, text: str):
    import numpy as np
    import plotly.graph_objects as go
    from PIL import Image

    fig = go.Figure()
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 60})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(font={"family": "DejaVu Sans"}, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    fig = export.decorate(fig, ExportRequest(), {})  # what every export does: adds the CJK font
    png = renderer.render(fig, "png", width=400, height=200)
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))[100:300, 100:700]  # scale 2: the text region


def test_png_draws_chinese_glyphs_not_boxes(renderer: export.ChartRenderer, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _text_image(renderer, "催收"), _text_image(renderer, "家人")
    assert (a < 128).sum() > 2000  # ink
    assert (a != b).sum() > 2000  # two different words look different: real glyphs
    # The control: chromium without the CJK font draws both words as the same two boxes,
    # so the check above would fail there.
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>'
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    with export.ChartRenderer() as no_cjk:
        c, d = _text_image(no_cjk, "催收"), _text_image(no_cjk, "家人")
    assert (c != d).sum() == 0


def test_evidence_pack_files_checksums_and_permalink(snap: Snapshot, renderer: export.ChartRenderer) -> None:
    from PIL import Image

    f = Filters(start=date(2025, 3, 3), end=date(2025, 4, 20), lenders=("借呗",), themes=("threat",))
    req = ExportRequest(f, chart="over_time", chart_opts={"freq": "week", "measure": "share"},
                        dashboard_url="http://radar.example.org")
    zf = zipfile.ZipFile(io.BytesIO(export.export_bytes(snap, req, "pack", renderer=renderer, now=NOW)))
    assert sorted(zf.namelist()) == ["README.md", "SHA256SUMS", "chart.png", "chart.svg", "permalink.txt",
                                     "posts.csv", "series.csv"]
    sums = [line.split("  ") for line in zf.read("SHA256SUMS").decode().splitlines()]
    assert sorted(name for _, name in sums) == sorted(n for n in zf.namelist() if n != "SHA256SUMS")
    for digest, name in sums:
        assert hashlib.sha256(zf.read(name)).hexdigest() == digest
    posts = pd.read_csv(io.BytesIO(zf.read("posts.csv")), encoding="utf-8-sig", dtype=str)
    # The posts behind a share: all the lender's posts in the period (the denominator), themed or not.
    assert _ids(posts) == _ids(_expected(snap, Filters(start=f.start, end=f.end, lenders=f.lenders)))
    assert "evil" in set(posts["source_id"])  # no theme, yet in the denominator of week 1's share
    series = pd.read_csv(io.BytesIO(zf.read("series.csv")), encoding="utf-8-sig")
    assert series["posts"].tolist() == trends.over_time(snap, f, "week")["posts"].tolist()
    # Every number can be recounted from posts.csv.
    counted = posts[posts["counted"] == "True"].assign(
        week=lambda d: pd.to_datetime(d["published_at"]).dt.to_period("W-SUN").dt.start_time,
        themed=lambda d: d["themes"].fillna("").str.contains("threat"))
    recount = counted.groupby("week").agg(posts=("id", "size"), themed=("themed", "sum")).reset_index()
    assert recount["posts"].tolist() == series["posts"].tolist()
    assert recount["themed"].tolist() == series["themed"].tolist()
    assert (series["themed"] < series["posts"]).sum() == 1
    Image.open(io.BytesIO(zf.read("chart.png"))).verify()
    ElementTree.fromstring(zf.read("chart.svg"))
    link = urlsplit(zf.read("permalink.txt").decode().strip())
    assert (link.netloc, link.path) == ("radar.example.org", "/trends")
    params = parse_qs(link.query)
    assert Filters.from_params(params)[0] == f  # the dashboard parses it back to the same view
    assert params["freq"] == ["week"] and params["measure"] == ["share"]
    readme = zf.read("README.md").decode()
    for needle in ("## Method", "## Caveats", "## Data freshness", "not a sample", "SYNTHETIC", "sha256sum -c"):
        assert needle in readme


def test_cli_batch_of_charts_into_a_directory(snap: Snapshot, tmp_path: Path, renderer: export.ChartRenderer) -> None:
    from click.testing import CliRunner
    from PIL import Image

    from pipeline.cli import main

    out = tmp_path / "charts"
    result = CliRunner().invoke(main, ["export", "--format", "png", "--output", str(out), "--snapshot-dir",
                                       str(snap.root), "--chart", "over_time", "--chart", "heatmap",
                                       "--opt", "freq=week", "--theme", "threat"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["heatmap.png", "over_time-freq=week.png"]
    for png in out.iterdir():
        Image.open(png).verify()
    bad = CliRunner().invoke(main, ["export", "--format", "csv", "--output", str(out), "--snapshot-dir",
                                    str(snap.root), "--chart", "over_time", "--chart", "heatmap"])
    assert bad.exit_code == 1 and "several charts export to png, svg or pack" in bad.output


# --- hardening (issue 13.2, 13.14): where --output may write, and chart options --------------


def test_write_keeps_symlinks_and_devices(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    # A symlink to a device: the device is written through, the symlink stays a symlink.
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    export.write(link, b"data")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    # A symlink to a regular file: the file it points to is replaced, atomically.
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    alias = tmp_path / "alias.csv"
    alias.symlink_to(real)
    export.write(alias, b"new")
    assert alias.is_symlink() and real.read_bytes() == b"new"
    # A FIFO is written through, and is still a FIFO afterwards.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    export.write(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(ExportError, match="is a directory"):
        export.write(tmp_path, b"x")


def test_write_to_a_full_device_is_a_clear_error(tmp_path: Path) -> None:
    import os
    import stat

    full = tmp_path / "full"
    try:
        os.mknod(full, 0o600 | stat.S_IFCHR, os.makedev(1, 7))  # a copy of /dev/full
    except (PermissionError, OSError):
        pytest.skip("mknod not permitted here")
    with pytest.raises(ExportError, match="No space left"):
        export.write(full, b"x" * 10_000)
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_cli_output_dash_is_standard_output(snap: Snapshot, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["export", "--format", "csv", "-o", "-", "--snapshot-dir", str(snap.root),
                                       "--lender", "安逸花"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith("\ufeff".encode()) and "安逸花".encode() in result.stdout_bytes
    assert "wrote -" in result.stderr and not (tmp_path / "-").exists()


def test_chart_options_are_validated_like_flags(snap: Snapshot, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path / "charts"
    base = ["export", "--format", "svg", "--output", str(out), "--snapshot-dir", str(snap.root)]
    escape = CliRunner().invoke(main, [*base, "--chart", "theme_mix", "--chart", "sources",
                                       "--opt", "lender=/../../escaped"])
    assert escape.exit_code == 1 and "unknown lender /../../escaped" in escape.output
    assert not any(p.name.startswith("escaped") for p in tmp_path.rglob("*"))
    assert not (tmp_path.parent / "escaped.svg").exists()
    assert export._safe_name("theme_mix-lender=/../../x") == "theme_mix-lender=_.._.._x"
    week = CliRunner().invoke(main, ["export", "--format", "csv", "--output", str(tmp_path / "s.csv"),
                                     "--snapshot-dir", str(snap.root), "--chart", "surge", "--opt", "week=garbage"])
    assert week.exit_code == 1 and "week='garbage' is not a date" in week.output and "Traceback" not in week.output


# --- publication-ready: workbooks, packs, names in Chinese -------------------------------------


def test_xlsx_has_real_dates_percentages_and_a_data_dictionary(snap: Snapshot) -> None:
    from openpyxl import load_workbook

    req = ExportRequest(Filters(lenders=("借呗",), themes=("threat",)), chart="over_time",
                        chart_opts={"measure": "share"})
    wb = load_workbook(io.BytesIO(export.export_bytes(snap, req, "xlsx", "series", now=NOW)))
    series = wb["series"]
    header = [c.value for c in series[1]]
    period, share = series.cell(2, header.index("period") + 1), series.cell(2, header.index("share") + 1)
    assert isinstance(period.value, datetime) and period.number_format == "yyyy-mm-dd"
    assert isinstance(share.value, float) and share.number_format == "0.0%"
    posts = wb["posts"]
    published = posts.cell(2, [c.value for c in posts[1]].index("published_at") + 1)
    assert isinstance(published.value, datetime) and published.number_format == "yyyy-mm-dd hh:mm:ss"
    about = {k: v for k, v in wb["about"].iter_rows(values_only=True)}
    assert about["theme:third_party_contact"] == "联系家人/第三方/爆通讯录 | Contacting family / third parties / contact list"
    assert about["source:heimao"].startswith("黑猫投诉 | ")


def test_each_workbook_holds_only_what_its_button_says(snap: Snapshot) -> None:
    from openpyxl import load_workbook

    f = Filters(lenders=("借呗",))
    posts_book = load_workbook(io.BytesIO(export.export_bytes(snap, ExportRequest(f), "xlsx", "posts", now=NOW)))
    assert posts_book.sheetnames == ["posts", "about"]  # the Posts page's button: no chart's numbers


def test_an_evidence_pack_for_a_count_holds_only_the_counted_posts(snap: Snapshot,
                                                                   renderer: export.ChartRenderer) -> None:
    f = Filters(themes=("family_contact",))
    req = ExportRequest(f, chart="over_time", chart_opts={"freq": "week", "measure": "themed"})
    zf = zipfile.ZipFile(io.BytesIO(export.export_bytes(snap, req, "pack", renderer=renderer, now=NOW)))
    posts = pd.read_csv(io.BytesIO(zf.read("posts.csv")), encoding="utf-8-sig", dtype=str)
    assert posts["themes"].str.contains("family_contact").all()  # no post without the theme
    series = pd.read_csv(io.BytesIO(zf.read("series.csv")), encoding="utf-8-sig")
    assert int((posts["counted"] == "True").sum()) == int(series["themed"].sum())


def test_cli_takes_chinese_theme_names_and_writes_the_pack_checksum_beside_it(snap: Snapshot, tmp_path: Path,
                                                                              renderer: export.ChartRenderer) -> None:
    import hashlib

    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path / "posts.csv"
    base = ["export", "--snapshot-dir", str(snap.root)]
    result = CliRunner().invoke(main, [*base, "--format", "csv", "--output", str(out), "--theme", "威胁恐吓"])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert _ids(df) == _ids(_expected(snap, Filters(themes=("threat",))))
    assert set(df["themes_label"]) == {"family_contact; 威胁恐吓"}  # the stable key column stays beside
    assert set(df["source_label"]) == {"黑猫投诉", "聚投诉"}
    bad = CliRunner().invoke(main, [*base, "--format", "csv", "--output", str(out), "--theme", "家暴"])
    assert bad.exit_code == 1 and "unknown theme '家暴'" in bad.output and "threat (威胁恐吓)" in bad.output
    pack = tmp_path / "pack.zip"
    result = CliRunner().invoke(main, [*base, "--format", "pack", "--output", str(pack), "--theme", "threat",
                                       "--lender", "借呗"])
    assert result.exit_code == 0, result.output
    side = (tmp_path / "pack.zip.sha256").read_text()
    assert side == f"{hashlib.sha256(pack.read_bytes()).hexdigest()}  pack.zip\n"  # sha256sum -c pack.zip.sha256


def test_ranking_series_its_permalink_and_a_heatmap_count_pack(snap: Snapshot) -> None:
    req = ExportRequest(Filters(), chart="ranking", chart_opts={"theme": "threat", "min_posts": "20"},
                        dashboard_url="https://radar.example.org")
    df = pd.read_csv(io.BytesIO(export.export_bytes(snap, req, "csv", "series")), encoding="utf-8-sig")
    expected = trends.lender_ranking(snap, Filters(), "threat", 20)
    assert df["lender"].tolist() == expected["lender"].tolist() and df["themed"].tolist() == expected["themed"].tolist()
    assert df["ranked"].tolist() == (expected["posts"] >= 20).tolist() and df["share"].between(0, 1).all()
    link = urlsplit(export.permalink(req, snap.meta))
    assert link.path == "/ranking" and parse_qs(link.query)["theme"] == ["threat"] and "min=20" in link.query
    assert "snapshot=" in link.query and "lexicon=test-lexicon" in link.query
    heat = ExportRequest(Filters(lenders=("借呗",)), chart="heatmap", chart_opts={"value": "posts"})
    behind = export.behind_filters(heat, export.series_frame(snap, heat))
    posts, _ = trends.posts(snap, behind, limit=10_000)
    assert len(posts) and posts["themes"].map(len).gt(0).all()  # counts: only posts with a drawn theme


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_watermark_and_credit_date_are_in_the_charts_language(lang: str) -> None:
    """Seen in QA: a Chinese chart image carried an English watermark ("SYNTHETIC DEMO DATA:
    generated by `complaints demo`...") and a credit line dated 2026-12-02 among Chinese words."""
    import re
    from datetime import datetime

    import plotly.graph_objects as go

    fig = export.decorate(go.Figure(), ExportRequest(lang=lang), {"is_demo": True, "version": "v1"},
                          now=datetime(2024, 3, 5, 10, 0))
    texts = " ".join(a.text for a in fig.layout.annotations)
    if lang == "zh":
        assert "合成演示数据" in texts and not re.search(r"[A-Z]{4,} DEMO|generated by", texts), texts
        assert "2024年3月5日 由" in texts and "2024-03-05" not in texts, texts
    else:
        assert "SYNTHETIC DEMO DATA" in texts and not re.search(r"[\u4e00-\u9fff]", texts), texts


def test_cli_chart_options_take_chinese_theme_names(snap: Snapshot, tmp_path: Path) -> None:
    """Seen in QA: `export --chart ranking --opt theme=联系家人` failed with "unknown theme
    联系家人" although --theme 联系家人 works and the help says names may be Chinese."""
    from click.testing import CliRunner

    from pipeline import i18n
    from pipeline.cli import main

    def run(theme: str) -> bytes:
        out = tmp_path / f"{theme}.csv"
        result = CliRunner().invoke(main, ["export", "--format", "csv", "--output", str(out), "--snapshot-dir",
                                           str(snap.root), "--chart", "ranking", "--opt", f"theme={theme}"])
        assert result.exit_code == 0, result.output
        return out.read_bytes()

    assert run(i18n.theme_label("threat", "zh")) == run("threat")
