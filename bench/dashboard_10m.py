"""Benchmark: the dashboard at 10,000,000 posts, on a snapshot generated directly.

    python bench/dashboard_10m.py [--posts 1000000 3000000 10000000] [--workdir bench/out/dashboard_10m]
                                  [--reuse] [--skip-browser]

bench/dashboard.py builds a SQLite store and publishes it: hours at 10M posts. This
benchmark writes the published layout itself (`generate`), vectorised with numpy/pyarrow,
one month at a time: the same files, columns and meta.json that pipeline/publish.py writes
and pipeline/snapshot.Snapshot reads (posts/ and post_themes/ month partitions, newest
first; stories, post_facts, rule_hits, rules.json, runs, surges, platform_totals,
monthly_counts, multi_story_cells, responses, weekly_counts, meta.json, CURRENT). The month files are written by DuckDB with publish's options, so
their encoding is what a real publish gives.

Distributions: 60 calendar months ending 2026-11 with growing volume and a yearly cycle;
lenders Zipf-like over the registry's lenders (data/lenders.yaml), 6% unidentified, 5%
naming a second lender; 2/3 黑猫, 1/3 聚投诉 with their statuses, reply and completion
times; texts, themes (multi-label) and evidence spans from a pool of synthetic complaints
(crawler.mirror.democorpus, tagged like bench/dashboard.py), each body made distinct by
a closing sentence from another pool post; every 200th post has a near-duplicate on the
other platform; a template campaign starts at 0.5% of posts (same title, 5-100 posts: ~10% of posts); a few
injected surge weeks. No post facts (post_facts.parquet is written empty, as the 1M
bench's synthetic tags give); rule hits come from the themes (pipeline/rules.py).

Then, per size: each page's data queries (bench/dashboard.py's page_queries, uncached):
cold (a fresh process: open the snapshot, the sidebar options, the page's queries) and the
median over bench/dashboard.py's filter changes; and the real dashboard (`complaints
dashboard`) in headless chromium: first chart visible, every page's load, and the server's
peak RSS. Goals (issue 17): first chart <= 3 s, filter change <= 300 ms median, <= 1.5 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline import publish as pub  # noqa: E402
from pipeline import surges as sg  # noqa: E402
from pipeline import trends  # noqa: E402
from pipeline.models import now_cst  # noqa: E402
from pipeline.trends import Filters  # noqa: E402

SEED = 20261201
MONTHS = 60
LAST_MONTH = (2026, 11)  # the newest month; 60 months back is 2021-12
POOL = 20_000
UNIDENTIFIED = 0.06  # posts whose lender the tagger could not name
SECOND_LENDER = 0.05
DUP_EVERY = 200  # every 200th post has a near-duplicate (as bench/dashboard.py links them)
CAMPAIGN_RATE = 0.005  # template campaigns started per post: ~10% of posts in a campaign (the demo corpus has 21%)
TAGGED_VERSION = "synthetic-bench"
BODY_PREFIX = 40  # pipeline.stories.StoryRule().body_prefix, checked in main's test
STATUSES = {  # from a publish of bench/dashboard.py's democorpus store
    "heimao": (("已完成", 0.49), ("已回复", 0.20), ("已关闭", 0.15), ("处理中", 0.11), ("待分配", 0.045), ("通过审核", 0.005)),
    "jutousu": (("已完成", 0.51), ("已回复", 0.20), ("已关闭", 0.11), ("处理中", 0.12), ("待分配", 0.055), ("通过审核", 0.005)),
}
# Nullability as publish's DuckDB join writes it (a NOT NULL column is REQUIRED in the file).
_NULLABLE = {"lenders", "themes", "amount", "first_reply_at", "completed_at", "dup_group"}
POSTS_SCHEMA = pa.schema([pa.field(name, typ, nullable=name in _NULLABLE) for name, typ in [
    ("id", pa.int64()), ("source", pa.string()), ("source_id", pa.string()), ("url", pa.string()),
    ("title", pa.string()), ("body", pa.string()), ("author", pa.string()), ("published_at", pa.timestamp("us")),
    ("crawled_at", pa.timestamp("us")), ("status", pa.string()), ("target", pa.string()), ("lender", pa.string()),
    ("lenders", pa.list_(pa.string())), ("themes", pa.list_(pa.string())), ("theme_mask", pa.int64()),
    ("evidence", pa.string()), ("amount", pa.float64()), ("appeal", pa.string()), ("issue", pa.string()),
    ("first_reply_at", pa.timestamp("us")), ("completed_at", pa.timestamp("us")), ("replied", pa.bool_()),
    ("completed", pa.bool_()), ("dup_group", pa.int64()), ("counted", pa.bool_()), ("tagged_version", pa.string()),
]])
_DUCK = {"int64": "BIGINT", "string": "VARCHAR", "timestamp[us]": "TIMESTAMP", "list<item: string>": "VARCHAR[]",
         "double": "DOUBLE", "bool": "BOOLEAN"}
POSTS_DDL = ", ".join(f"{f.name} {_DUCK[str(f.type)]}{'' if f.nullable else ' NOT NULL'}" for f in POSTS_SCHEMA)
POST_THEMES_DDL = ("post_id BIGINT, lender VARCHAR, theme VARCHAR NOT NULL, published_at TIMESTAMP, source VARCHAR, "
                   "status VARCHAR, counted BOOLEAN")


# --- the text pool ------------------------------------------------------------------------


def text_pool(size: int, seed: int = SEED) -> dict[str, Any]:
    """`size` synthetic complaints with the bench's synthetic tags: title, body, a closing
    sentence, issue, appeal, amount, themes (sorted) and the evidence JSON, as Arrow arrays."""
    from bench.dashboard import synthetic_tagger
    from crawler.mirror import democorpus

    tag = synthetic_tagger()
    cols: dict[str, list] = {k: [] for k in ("title", "body", "tail", "issue", "appeal", "amount", "themes", "evidence")}
    for i, post in enumerate(democorpus.iter_posts(size, seed)):
        tagged = tag({"id": i, "title": post.title, "body": post.body, "target": post.target})
        cols["title"].append(post.title)
        cols["body"].append(post.body)
        sentences = [s for s in post.body.split("。") if s]
        cols["tail"].append((sentences[-1] if sentences else post.body[-20:]) + "。")
        cols["issue"].append(post.issue)
        cols["appeal"].append(post.appeal)
        cols["amount"].append(post.amount)
        cols["themes"].append(sorted(tagged.themes))
        cols["evidence"].append(json.dumps({t: tagged.themes[t] for t in sorted(tagged.themes)}, ensure_ascii=False,
                                           separators=(",", ":")))
    out = {k: pa.array(v, type=pa.list_(pa.string()) if k == "themes" else None) for k, v in cols.items()}
    out["theme_list"] = cols["themes"]
    # Story keys (publish's story_keys/): the body's letters as publish's SQL finds them, so a
    # post's key is its pool body's letters then its closing sentence's, cut; the title's key
    # as pipeline/stories.py makes it.
    import duckdb

    from pipeline import stories

    con = duckdb.connect()
    con.register("pool", pa.table({"body": out["body"], "tail": out["tail"]}))
    letters = "regexp_replace(lower({c}), '[^\\p{{L}}]+', '', 'g')"
    got = con.sql(f"SELECT {letters.format(c='body')} AS b, {letters.format(c='tail')} AS t FROM pool").to_arrow_table()
    con.close()
    out["body_letters"], out["tail_letters"] = got.column("b").combine_chunks(), got.column("t").combine_chunks()
    out["title_key"] = pa.array([stories.text_key(t) for t in cols["title"]])
    return out


# --- the generator ------------------------------------------------------------------------


def _month_starts() -> list[datetime]:
    y, m = LAST_MONTH
    starts = []
    for _ in range(MONTHS):
        starts.append(datetime(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return starts[::-1]


def _next_month(d: datetime) -> datetime:
    return datetime(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _lender_probabilities(n_lenders: int) -> np.ndarray:
    """Zipf-like (s = 1.1) over the registry's order, which lists the big platforms first."""
    p = 1.0 / np.arange(1, n_lenders + 1) ** 1.1
    return p / p.sum()


def generate(root: str | os.PathLike, n: int, seed: int = SEED, pool_size: int = POOL,
             generated_at: datetime | None = None) -> Path:
    """Write a snapshot version of `n` synthetic posts under `root` and make it current."""
    import duckdb

    from pipeline import registry

    t0 = time.perf_counter()
    root = Path(root)
    now = generated_at or now_cst().replace(microsecond=0)
    version = now.strftime("%Y%m%dT%H%M%S%f")
    stage = root / f".tmp-{version}"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "posts").mkdir(parents=True)
    (stage / "post_themes").mkdir()
    (stage / "story_keys").mkdir()
    rng = np.random.default_rng(seed)
    pool = text_pool(min(pool_size, max(200, n)), seed)
    n_pool = len(pool["body"])
    theme_names = sorted({t for ts in pool["theme_list"] for t in ts})
    bits = {t: i for i, t in enumerate(theme_names)}
    pool_mask = np.array([sum(1 << bits[t] for t in ts) for ts in pool["theme_list"]], dtype=np.int64)
    with_theme = {t: np.flatnonzero(pool_mask & (1 << b)) for t, b in bits.items()}
    theme_freq = {t: len(ix) / n_pool for t, ix in with_theme.items()}

    lenders = [lender.name for lender in registry.load_registry()]
    p_lender = _lender_probabilities(len(lenders)) * (1 - UNIDENTIFIED)
    lender_arr = pa.array(lenders + [""])
    p_all = np.append(p_lender, UNIDENTIFIED)

    starts = _month_starts()
    w = np.linspace(1.0, 3.0, MONTHS) * (1 + 0.15 * np.sin(np.arange(MONTHS) * 2 * np.pi / 12))
    per_month = rng.multinomial(n, w / w.sum())
    # Surge weeks: a mid-sized lender's theme at 2.5x its weekly volume for one week.
    bursts: dict[int, list[tuple[int, str, int]]] = {}
    for _ in range(6):
        m = int(rng.integers(MONTHS // 2, MONTHS - 1))
        bursts.setdefault(m, []).append((int(rng.integers(3, 15)), str(rng.choice(theme_names)), int(rng.integers(0, 21))))

    con = duckdb.connect(":memory:", config={"threads": 2, "memory_limit": "1GB"})
    con.execute("SET enable_progress_bar = false")
    (stage / pub.STORIES).mkdir()  # one file per posts/ file, as publish writes them
    next_id = 1
    written = []
    try:
        for m, start in enumerate(starts):
            k = int(per_month[m])
            if k == 0:
                continue
            ids = np.arange(next_id, next_id + k, dtype=np.int64)
            next_id += k
            span_us = int((_next_month(start) - start).total_seconds() * 1e6)
            offs = np.sort(rng.integers(0, span_us, k))
            published = np.datetime64(start, "us") + offs.astype("timedelta64[us]")
            lender_ix = rng.choice(len(p_all), k, p=p_all)
            text_ix = rng.integers(0, n_pool, k)
            tail_ix = rng.integers(0, n_pool, k)
            for lender_i, theme, day in bursts.get(m, []):
                lo = np.datetime64(start + timedelta(days=day), "us")
                in_week = np.flatnonzero((published >= lo) & (published < lo + np.timedelta64(7, "D")))
                expected = len(in_week) * p_all[lender_i] * theme_freq[theme]
                chosen = rng.choice(in_week, min(len(in_week), int(1.5 * expected) + 20), replace=False)
                lender_ix[chosen] = lender_i
                text_ix[chosen] = rng.choice(with_theme[theme], len(chosen))
            heimao = rng.random(k) < 2 / 3
            # Near-duplicates: the next post is the same complaint on the other platform.
            first = np.flatnonzero((ids % DUP_EVERY == 0)[:-1])
            second = first + 1
            text_ix[second], tail_ix[second], lender_ix[second] = text_ix[first], tail_ix[first], lender_ix[first]
            heimao[second] = ~heimao[first]
            dup_group = np.full(k, -1, dtype=np.int64)
            dup_group[first] = ids[first]
            dup_group[second] = ids[first]
            counted = np.ones(k, dtype=bool)
            counted[second] = False
            story_id = ids.copy()
            story_size = np.ones(k, dtype=np.int64)
            kind = np.full(k, "organic", dtype=object)
            story_id[second] = ids[first]
            story_size[first] = story_size[second] = 2
            kind[first] = kind[second] = "duplicate"
            # Template campaigns: posts of different authors sharing a title.
            title_ix = text_ix.copy()
            free = np.flatnonzero(dup_group < 0)
            for _ in range(rng.binomial(k, CAMPAIGN_RATE)):
                size = int(min(100, 5 + rng.geometric(0.08)))
                members = np.unique(free[rng.integers(0, len(free), size)])  # (choice without replacement is O(k))
                members = members[kind[members] == "organic"]
                if len(members) < 5:
                    continue
                title_ix[members] = title_ix[members[0]]
                story_id[members] = ids[members[0]]
                story_size[members] = len(members)
                kind[members] = "template"

            source = np.where(heimao, "heimao", "jutousu")
            status = np.empty(k, dtype=object)
            for src, table in STATUSES.items():
                sel = np.flatnonzero(source == src)
                names, probs = zip(*table)
                status[sel] = rng.choice(np.array(names, dtype=object), len(sel), p=np.array(probs) / sum(probs))
            answered = np.isin(status, ["已回复", "已完成"]) | ((status == "已关闭") & (rng.random(k) < 0.5))
            hours = rng.lognormal(3.0, 1.2, k)
            reply = published + (hours * 3.6e9).astype("timedelta64[us]")
            done = reply + (rng.lognormal(3.5, 1.0, k) * 3.6e9).astype("timedelta64[us]")
            is_done = status == "已完成"
            crawled = published + (rng.lognormal(2.0, 1.0, k) * 3.6e9).astype("timedelta64[us]")

            lender_main = lender_arr.take(pa.array(lender_ix))
            second_ix = (lender_ix + 1 + rng.integers(0, len(lenders) - 1, k)) % len(lenders)
            two = (rng.random(k) < SECOND_LENDER) & (lender_ix < len(lenders))
            none = lender_ix == len(lenders)
            offsets = np.concatenate([[0], np.cumsum(np.where(none, 0, np.where(two, 2, 1)))]).astype(np.int32)
            flat_ix = np.empty(offsets[-1], dtype=np.int64)
            flat_ix[offsets[:-1][~none]] = lender_ix[~none]
            flat_ix[offsets[:-1][two] + 1] = second_ix[two]
            lenders_list = pa.ListArray.from_arrays(pa.array(offsets), lender_arr.take(pa.array(flat_ix)))

            ids_s = pc.cast(pa.array(ids), pa.string())
            sid = pc.if_else(pa.array(heimao), pc.binary_join_element_wise("1735", pc.utf8_lpad(ids_s, 8, "0"), ""),
                             pc.binary_join_element_wise("14", pc.utf8_lpad(ids_s, 8, "0"), ""))
            url = pc.if_else(pa.array(heimao),
                             pc.binary_join_element_wise("https://tousu.sina.com.cn/complaint/view/", sid, "/", ""),
                             pc.binary_join_element_wise("https://ts.21cn.com/tousu/show/id/", sid, ""))
            author = pc.binary_join_element_wise("示例用户", pc.cast(pa.array(ids % 99_991), pa.string()), "")
            target = pc.if_else(pa.array(none), pa.scalar("某网贷平台"), lender_main)
            ti = pa.array(text_ix)
            cols = {
                "id": pa.array(ids), "source": pa.array(source, pa.string()), "source_id": sid, "url": url,
                "title": pool["title"].take(pa.array(title_ix)),
                "body": pc.binary_join_element_wise(pool["body"].take(ti), pool["tail"].take(pa.array(tail_ix)), ""),
                "author": author, "published_at": pa.array(published), "crawled_at": pa.array(crawled),
                "status": pa.array(status, pa.string()), "target": target, "lender": lender_main,
                "lenders": lenders_list, "themes": pool["themes"].take(ti), "theme_mask": pa.array(pool_mask[text_ix]),
                "evidence": pool["evidence"].take(ti), "amount": pool["amount"].take(ti),
                "appeal": pool["appeal"].take(ti), "issue": pool["issue"].take(ti),
                "first_reply_at": pa.array(reply, mask=~answered), "completed_at": pa.array(done, mask=~is_done),
                "replied": pa.array(answered | is_done), "completed": pa.array(is_done),
                "dup_group": pa.array(dup_group, mask=dup_group < 0), "counted": pa.array(counted),
                "tagged_version": pa.array(np.full(k, TAGGED_VERSION, dtype=object), pa.string()),
            }
            table = pa.Table.from_arrays([cols[f.name].cast(f.type) for f in POSTS_SCHEMA], schema=POSTS_SCHEMA)
            table = table.take(pa.array(np.arange(k - 1, -1, -1)))  # newest first (published_at DESC, id DESC)
            bucket = start.strftime("%Y%m")
            name = pub.partition_name(bucket)
            # Through tables declared like publish's output (NOT NULL where its files say so),
            # so that DuckDB writes the same REQUIRED/OPTIONAL columns.
            con.register("month_posts", table)
            con.execute(f"CREATE OR REPLACE TEMP TABLE m_posts ({POSTS_DDL})")
            con.execute("INSERT INTO m_posts SELECT * FROM month_posts")
            con.unregister("month_posts")
            con.execute(f"COPY m_posts TO '{_q(stage / 'posts' / name)}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)")
            con.execute(f"CREATE OR REPLACE TEMP TABLE m_themes ({POST_THEMES_DDL})")
            con.execute("""INSERT INTO m_themes SELECT id, lender, unnest(themes), published_at, source, status, counted
                           FROM m_posts ORDER BY published_at NULLS LAST""")
            con.execute(f"COPY m_themes TO '{_q(stage / 'post_themes' / name)}' "
                        "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 200000)")
            title_keys = pool["title_key"].take(pa.array(title_ix))
            body_keys = pc.utf8_slice_codeunits(pc.binary_join_element_wise(
                pool["body_letters"].take(ti), pool["tail_letters"].take(pa.array(tail_ix)), ""), 0, BODY_PREFIX)
            pq.write_table(pa.Table.from_arrays(
                [pa.array(ids), author, title_keys, body_keys, pa.array(dup_group, mask=dup_group < 0),
                 pa.array(pub.key_hashes(title_keys.to_pylist()), pa.int64()),
                 pa.array(pub.key_hashes(body_keys.to_pylist()), pa.int64())], schema=pub.STORY_KEYS_SCHEMA),
                stage / "story_keys" / name, compression="zstd")
            pq.write_table(pa.Table.from_arrays(
                [pa.array(ids), pa.array(story_id), pa.array(kind, pa.large_string()), pa.array(story_size)],
                schema=pub.STORIES_SCHEMA), stage / pub.STORIES / name, compression="zstd")
            written.append(bucket)
        trends.write_counts(con, str(stage), bits, partitions=pub._partitions(stage))  # as publish does
        _write_runs(stage, now)
        _write_facts_and_rules(con, stage)
        _write_platform_totals(con, stage, now)
        meta = _write_meta(con, stage, version, now, bits, written)
    finally:
        con.close()
    os.rename(stage, root / version)
    pub._switch(root, version)
    print(f"generated {meta['counts']['posts']:,} posts ({meta['counts']['post_themes']:,} post x theme rows, "
          f"{meta['counts']['surges']} surge weeks, {meta['counts']['rule_hits']:,} rule hits) in "
          f"{time.perf_counter() - t0:.0f} s: {root / version} ({_du(root / version) / 1e6:,.0f} MB)", flush=True)
    return root / version


def _q(path: Path) -> str:
    return str(path).replace("'", "''")


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _write_runs(stage: Path, now: datetime) -> None:
    import pandas as pd

    runs = pd.DataFrame([{"id": i + 1, "source": s, "args": '{"bench": true}', "started_at": now - timedelta(hours=1),
                          "finished_at": now - timedelta(minutes=5), "pages": 1000, "new": 10_000, "updated": 0,
                          "failed": 0, "dropped": 0, "finish_reason": "finished", "healthy": True, "stats": "{}"}
                         for i, s in enumerate(("heimao", "jutousu"))])
    pq.write_table(pub._to_arrow(runs, pub.RAW_SCHEMAS["crawl_runs"]), stage / "runs.parquet", compression="zstd")


def _write_facts_and_rules(con: Any, stage: Path) -> None:
    """post_facts.parquet (empty: synthetic tags have no facts), rule_hits.parquet from the
    posts' themes, the rules as pipeline/rules.derive_hits finds them (one call per distinct
    lender type x rule themes, then joined to every post), rules.json. Both one file per
    posts/ file, as publish writes them (pub.BY_POSTS_FILE; the empty facts one empty file)."""
    import pandas as pd

    from pipeline import rules as rl

    s = _q(stage)
    (stage / pub.FACTS).mkdir()
    con.execute(f"""COPY (SELECT NULL::BIGINT AS post_id, NULL::VARCHAR AS lender, NULL::VARCHAR AS fact,
                                 NULL::VARCHAR AS party, NULL::VARCHAR AS mode, NULL::VARCHAR AS value,
                                 NULL::VARCHAR AS evidence, NULL::TIMESTAMP AS published_at, NULL::VARCHAR AS source,
                                 NULL::BOOLEAN AS counted, NULL::BIGINT AS story_id, NULL::VARCHAR AS lexicon_version
                          WHERE false) TO '{_q(stage / pub.FACTS / pub.partition_name("none"))}' (FORMAT parquet, COMPRESSION zstd)""")
    rules = rl.load_rules()
    types = rl.lender_types()
    rule_themes = sorted({c.theme for r in rules for c in r.trigger if c.theme}) or [""]
    themes_sql = "[" + ", ".join("'" + t.replace("'", "''") + "'" for t in rule_themes) + "]"
    con.register("lender_types", pa.table({"lender": list(types), "ltype": [t or "" for t in types.values()]}))
    key = f"coalesce(lt.ltype, '') || '|' || array_to_string(list_sort(list_intersect(p.themes, {themes_sql})), ',')"
    combos = con.execute(f"""SELECT DISTINCT coalesce(lt.ltype, '') AS ltype,
                                    list_sort(list_intersect(p.themes, {themes_sql})) AS themes, {key} AS k
                             FROM read_parquet('{s}/posts/*.parquet') p LEFT JOIN lender_types lt USING (lender)
                             WHERE len(list_intersect(p.themes, {themes_sql})) > 0""").df()
    rows = []
    for c in combos.itertuples(index=False):
        for rid, status, why in rl.rules_for([], list(c.themes), c.ltype or None, rules):
            rows.append({"k": c.k, "rule": rid, "status": status,
                         "evidence": json.dumps([{"theme": w["theme"]} for w in why if "theme" in w], ensure_ascii=False)})
    con.register("combo_rules", pa.Table.from_pandas(pd.DataFrame(rows, columns=["k", "rule", "status", "evidence"])))
    pub._post_file_map(con, stage, {f.name for f in (stage / "posts").glob("*.parquet")})
    pub._write_by_file(con, stage, pub.HITS, f"""
        SELECT p.id AS post_id, p.lender, coalesce(lt.ltype, '') AS lender_type, c.rule, c.status,
               strftime(p.published_at, '%Y-%m') AS month, p.published_at, p.source,
               coalesce(st.story_id, p.id) AS story_id, c.evidence
        FROM read_parquet('{s}/posts/*.parquet') p LEFT JOIN lender_types lt USING (lender)
        JOIN combo_rules c ON c.k = {key}
        LEFT JOIN read_parquet('{s}/stories.parquet') st ON st.id = p.id
        WHERE len(list_intersect(p.themes, {themes_sql})) > 0""", "post_id")
    con.register("no_hits", pub.HIT_SCHEMA.empty_table())
    pub._ensure_nonempty(con, stage, pub.HITS, "SELECT * FROM no_hits")  # (no hits at all: the columns still read)
    (stage / "rules.json").write_text(json.dumps([r.to_json() for r in rules], ensure_ascii=False, indent=2), encoding="utf-8")


def _write_platform_totals(con: Any, stage: Path, now: datetime) -> None:
    import pandas as pd

    held = con.execute(f"""SELECT source, lender, count(*) AS held FROM read_parquet('{_q(stage)}/posts/*.parquet')
                           WHERE lender <> '' GROUP BY ALL ORDER BY source, lender""").df()
    rows = []
    for i, r in enumerate(held.itertuples(index=False)):
        total = int(r.held * 1.4) + 10
        rows.append({"source": r.source, "company_id": str(5000 + i), "service_id": "", "name": r.lender,
                     "lender": r.lender, "taken_at": now, "total": total, "last_30_days": total // 40,
                     "replied": int(total * 0.7), "completed": int(total * 0.5), "held": int(r.held)})
    pd.DataFrame(rows, columns=pub.PLATFORM_TOTALS_COLUMNS).to_parquet(stage / "platform_totals.parquet", index=False)


def _write_meta(con: Any, stage: Path, version: str, now: datetime, bits: dict[str, int], months: list[str]) -> dict:
    """surges.parquet (pipeline/surges.py over the weekly counts, as publish finds them) and meta.json."""
    import pandas as pd

    from pipeline import rules as rl

    s = _q(stage)
    weekly = con.execute(f"""SELECT lender, theme, date_trunc('week', published_at) AS week, count(*) AS posts
                             FROM read_parquet('{s}/post_themes/*.parquet')
                             WHERE counted AND lender <> '' AND published_at IS NOT NULL GROUP BY ALL""").df()
    facts = con.execute(f"""SELECT count(*) AS posts, count(*) FILTER (WHERE counted) AS counted,
                                   count(*) FILTER (WHERE NOT counted) AS duplicates,
                                   count(*) FILTER (WHERE counted AND len(themes) > 0) AS themed,
                                   count(DISTINCT lender) FILTER (WHERE lender <> '') AS lenders,
                                   min(published_at) AS first, max(published_at) AS last
                            FROM read_parquet('{s}/posts/*.parquet')""").df().iloc[0]
    runs = pd.read_parquet(stage / "runs.parquet")
    excluded = pub._excluded_weeks(facts["first"], facts["last"], runs)
    rule = sg.SurgeRule()
    found = sg.detect_surges(weekly, rule, excluded)
    pq.write_table(pub._to_arrow(found, pub.SURGE_SCHEMA), stage / "surges.parquet")
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    meta = {
        "schema_version": pub.SCHEMA_VERSION, "version": version, "generated_at": now.isoformat(sep=" "),
        "lexicon_version": TAGGED_VERSION,
        "counts": {"posts": int(facts["posts"]), "counted": int(facts["counted"]), "duplicates": int(facts["duplicates"]),
                   "themed": int(facts["themed"]), "lenders": int(facts["lenders"]),
                   "post_themes": one(f"SELECT count(*) FROM read_parquet('{s}/post_themes/*.parquet')"),
                   "runs": len(runs), "surges": len(found),
                   "stories": one(f"SELECT count(DISTINCT story_id) FROM read_parquet('{s}/stories.parquet')"),
                   "post_facts": 0, "rule_hits": one(f"SELECT count(*) FROM read_parquet('{s}/rule_hits.parquet')")},
        "first_published": pub._iso(facts["first"]), "last_published": pub._iso(facts["last"]),
        "sources": [r[0] for r in con.execute(f"SELECT DISTINCT source FROM read_parquet('{s}/posts/*.parquet') ORDER BY 1").fetchall()],
        "last_crawl": pub._iso(runs["finished_at"].max()),
        "is_demo": True,  # synthetic: the dashboard's banner says so
        "theme_bits": bits, "surge_rule": asdict(rule), "excluded_weeks": [str(w) for w in excluded],
        "watermark": now.isoformat(sep=" "),
        "partitions": {"rewritten": len(months), "linked": 0, "months": sorted(months)},
        "rules_signature": pub._rules_signature(rl.load_rules(), rl.lender_types()),
        "story_keys": pub._story_keys_format(BODY_PREFIX),
    }
    (stage / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return meta


# --- measuring ------------------------------------------------------------------------------

PAGES = ("overview", "trends", "ranking", "surges", "posts", "responses", "overview table", "breaches")


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def cold_page(root: Path, page: str) -> float:
    """Seconds from opening the snapshot to the page's data, in this (fresh) process: what
    a dashboard just started does for its first chart (the sidebar's options, then the page)."""
    from bench.dashboard import page_queries

    t0 = time.perf_counter()
    snap = trends.Snapshot(root)
    opts = trends.options(snap)
    page_queries(snap, Filters(), "", opts.lenders[0])[page]()
    return time.perf_counter() - t0


def _error(e: BaseException) -> str:
    return f"{type(e).__name__}: {str(e).splitlines()[0][:80]}"


def cold_pages(root: Path) -> dict[str, Any]:
    """Each page cold, in a fresh process each (DuckDB's metadata caches start empty)."""
    out = {}
    for page in PAGES:
        res = subprocess.run([sys.executable, __file__, "--cold", page, "--root", str(root)],
                             capture_output=True, text=True, cwd=ROOT)
        if res.returncode != 0:  # e.g. DuckDB out of memory: reported in the table, not fatal
            err = [line for line in res.stderr.strip().splitlines() if "Error" in line or "Exception" in line]
            out[page] = "ERR " + (err[-1][:80] if err else res.stderr[-80:])
            continue
        out[page] = float(res.stdout.strip().splitlines()[-1])
    return out


def filter_medians(root: Path, repeat: int = 2) -> dict[str, Any]:
    """Per page: (median, worst) ms over bench/dashboard.py's filter changes, uncached (best of
    `repeat` for each change: a run interrupted by another helper's burst is not the query)."""
    from bench.dashboard import filter_changes, page_queries

    snap = trends.Snapshot(root)
    opts = trends.options(snap)
    per_page: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    for _, f, q in filter_changes(opts):
        lender = f.lenders[0] if f.lenders else opts.lenders[0]
        for page, fn in page_queries(snap, f, q, lender).items():
            runs = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                try:
                    fn()
                except Exception as e:  # noqa: BLE001 - out of memory at 10M is a result to report
                    errors.setdefault(page, _error(e))
                    break
                runs.append((time.perf_counter() - t0) * 1000)
            if runs:
                per_page.setdefault(page, []).append(min(runs))
    out: dict[str, Any] = {p: (statistics.median(v), max(v)) for p, v in per_page.items()}
    out.update({p: ("ERR", e) for p, e in errors.items()})
    return out


BROWSER_PAGES = ("trends", "overview", "ranking", "surges", "breaches", "posts", "responses")


TABS = 4  # new tabs of /trends and of / each, after the first chart after start


def browser(root: Path) -> dict[str, Any]:
    """`complaints dashboard` on the snapshot; headless chromium opens /trends first (the
    first chart after start), then every page plain and with three lenders selected.
    Returns seconds per page view and the server's peak RSS (VmHWM)."""
    from playwright.sync_api import sync_playwright

    from bench.dashboard import (free_port, launch_chromium, proc_status_kb, three_lenders, time_first_chart,
                                 time_page_view, wait_healthy)

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "dashboard", "--snapshot-dir", str(root), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}"
    out: dict[str, Any] = {"views": {}}
    try:
        wait_healthy(url, seconds=90, pause=0.3)
        lenders = three_lenders(root)
        with sync_playwright() as p:
            b = launch_chromium(p)
            out["first_chart"] = time_first_chart(b, f"{url}/trends", timeout_ms=300_000)[0]
            out["first_chart_load"] = _load()
            # then a reader's first chart in a new tab (nothing cached) of the running server,
            # each page's default view: one figure per page swings with the machine's load
            tabs = [time_first_chart(b, f"{url}/{name}", timeout_ms=300_000)[0]
                    for _ in range(TABS) for name in ("trends", "")]
            out["first_chart_tabs"] = statistics.median(tabs)
            out["first_chart_tabs_range"] = (min(tabs), max(tabs))
            out["first_chart_tabs_load"] = _load()
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            for name in BROWSER_PAGES:
                for label, qs in (("plain", ""), ("lenders", f"?lenders={lenders}")):
                    seconds = time_page_view(page, f"{url}/{name}{qs}", timeout_ms=300_000)
                    broken = page.locator("text=This page could not be drawn").count() > 0  # app.BROKEN_PAGE
                    out["views"][(name, label)] = "ERR" if broken else seconds
            b.close()
        out["peak_rss_mb"] = proc_status_kb(proc.pid, "VmHWM") / 1024
        out["rss_mb"] = proc_status_kb(proc.pid, "VmRSS") / 1024
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def measure(root: Path, n: int, skip_browser: bool, repeat: int = 2) -> list[dict[str, Any]]:
    load_cold = _load()
    cold = cold_pages(root)
    load_filters = _load()
    medians = filter_medians(root, repeat)
    web = {} if skip_browser else browser(root)
    rows = []
    for page in PAGES:
        view = "overview" if page == "overview table" else page
        for what, v in (("cold", cold[page]), ("filter changes", medians[page][1] if medians[page][0] == "ERR" else None)):
            if isinstance(v, str):
                print(f"  {n:,} {page} {what}: {v}")
        rows.append({"N": n, "page": page, "cold_s": "ERR" if isinstance(cold[page], str) else cold[page],
                     "median_ms": medians[page][0], "worst_ms": "" if medians[page][0] == "ERR" else medians[page][1],
                     "browser_s": web.get("views", {}).get((view, "plain")),
                     "browser_lenders_s": web.get("views", {}).get((view, "lenders")),
                     "load": f"{load_cold}/{load_filters}"})
    if web:
        rows.append({"N": n, "page": "FIRST CHART (/trends, server just started)", "browser_s": web["first_chart"],
                     "load": web["first_chart_load"]})
        lo, hi = web["first_chart_tabs_range"]
        rows.append({"N": n, "page": f"FIRST CHART (new tab, median of {2 * TABS}: {lo:.2f}-{hi:.2f} s)",
                     "browser_s": web["first_chart_tabs"], "load": web["first_chart_tabs_load"]})
        rows.append({"N": n, "page": "PEAK RSS MB (server VmHWM)", "rss": web["peak_rss_mb"], "load": _load()})
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    def f(v: Any, fmt: str) -> str:
        return "" if v is None else v if isinstance(v, str) else format(v, fmt)

    print(f"{'N':>10} {'page':42s} {'cold s':>7} {'filter med ms':>13} {'worst ms':>9} {'browser s':>9} "
          f"{'+lenders s':>10} {'peak RSS MB':>11}  load (1 min)")
    for r in rows:
        print(f"{r['N']:>10,} {r['page']:42s} {f(r.get('cold_s'), '.2f'):>7} {f(r.get('median_ms'), '.0f'):>13} "
              f"{f(r.get('worst_ms'), '.0f'):>9} {f(r.get('browser_s'), '.2f'):>9} {f(r.get('browser_lenders_s'), '.2f'):>10} "
              f"{f(r.get('rss'), '.0f'):>11}  {r.get('load', '')}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, nargs="+", default=[1_000_000, 3_000_000, 10_000_000])
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "dashboard_10m")
    ap.add_argument("--reuse", action="store_true", help="Measure the snapshots generated by an earlier run.")
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--repeat", type=int, default=2, help="Runs of each filter change (the best counts).")
    ap.add_argument("--cold", help=argparse.SUPPRESS)  # internal: one page cold, in a fresh process
    ap.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.cold:
        print(cold_page(args.root, args.cold))
        return
    rows: list[dict[str, Any]] = []
    for n in args.posts:
        root = args.workdir / f"n{n}"
        if not (args.reuse and trends.current_version(root)):
            shutil.rmtree(root, ignore_errors=True)
            generate(root, n)
        rows += measure(root, n, args.skip_browser, args.repeat)
        print_table([r for r in rows if r["N"] == n])
    print("\nALL (goals: first chart <= 3 s, filter change <= 300 ms median, dashboard <= 1536 MB):")
    print_table(rows)


if __name__ == "__main__":
    main()
