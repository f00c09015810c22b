"""Rules that alleged behaviour may conflict with (涉嫌违反), and the counts behind them.

data/rules.yaml holds the rules of ../shared/spec/facts.md as data: instrument, issuer,
date, the lender types in scope, the behaviour in one sentence, the trigger (facts and
themes), the source, and whether the wording was checked against the official text.

A post gets the rules its facts trigger for its lender's type (data/lenders.yaml `type`).
A lender whose type is not recorded puts the post under "scope unknown" for the rules its
facts trigger: never silently under a rule. Hits are derived at publish time from the
stored facts (`derive_hits`), so editing rules.yaml and publishing again re-derives them
without re-tagging.

Numbers and their posts travel together: `breach_counts` and `breach_posts` select with
the same function (`select_hits`), so every number on the page can be recounted from the
posts it lists (tests/test_rules.py does).

Wording: a post *alleges* a behaviour; the behaviour *may conflict with* a rule.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pipeline.errors import ComplaintsError
from pipeline.lexicon import DATA, LENDERS_FILE, parse_yaml
from pipeline.registry import TYPES as LENDER_TYPES

if TYPE_CHECKING:  # pandas is imported where frames are built: `classify` (post_rules) never needs it
    import pandas as pd

RULES_FILE = DATA / "rules.yaml"
IN_SCOPE, SCOPE_UNKNOWN = "in_scope", "scope_unknown"
STATUS_LABELS = {IN_SCOPE: ("涉嫌违反", "may conflict with"), SCOPE_UNKNOWN: ("适用范围未知", "scope unknown")}
NUMERIC = {"calls_per_day", "stated_apr"}


class RulesError(ComplaintsError):
    """rules.yaml is missing or malformed (the message names the rule and the field)."""


@dataclass(frozen=True)
class Condition:
    fact: str = ""
    theme: str = ""
    gt: float | None = None
    modes: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    not_parties: tuple[str, ...] = ()


@dataclass
class Rule:
    id: str
    instrument: str
    issuer: str
    date: str
    scope: tuple[str, ...]
    behaviour: str
    behaviour_en: str
    trigger: list[Condition]
    source: str
    source_url: str = ""
    wording_checked: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "instrument": self.instrument, "issuer": self.issuer, "date": self.date,
                "scope": list(self.scope), "behaviour": self.behaviour, "behaviour_en": self.behaviour_en,
                "source": self.source, "source_url": self.source_url, "wording_checked": self.wording_checked}


def load_rules(path: Path | None = None) -> list[Rule]:
    from pipeline.facts import FACTS, PARTIES

    path = path or RULES_FILE
    try:
        data = parse_yaml(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise RulesError(f"rules file not found: {path}") from e
    except yaml.YAMLError as e:
        raise RulesError(f"{path}: not valid YAML: {e}") from e
    items = (data or {}).get("rules") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise RulesError(f"{path}: expected a list under `rules:`")
    rules, seen = [], set()
    for i, item in enumerate(items, 1):
        where = f"{Path(path).name}: rule {item.get('id', i) if isinstance(item, dict) else i}"
        if not isinstance(item, dict):
            raise RulesError(f"{where}: must be a mapping")
        missing = [k for k in ("id", "instrument", "issuer", "date", "scope", "behaviour", "trigger", "source", "wording_checked")
                   if k not in item]
        if missing:
            raise RulesError(f"{where}: missing {', '.join(missing)}")
        rid = str(item["id"])
        if rid in seen:
            raise RulesError(f"{where}: duplicate id")
        seen.add(rid)
        scope = tuple(str(s) for s in item["scope"] or [])
        bad = [s for s in scope if s not in LENDER_TYPES]
        if bad or not scope:
            raise RulesError(f"{where}: scope must list lender types of {', '.join(LENDER_TYPES)} (got {bad or 'none'})")
        conds = []
        for c in item["trigger"] or []:
            if not isinstance(c, dict) or not (c.get("fact") or c.get("theme")):
                raise RulesError(f"{where}: each trigger needs a fact or a theme: {c!r}")
            if c.get("fact") and c["fact"] not in FACTS:
                raise RulesError(f"{where}: unknown fact {c['fact']!r}")
            parties = tuple(c.get("parties") or ()) + tuple(c.get("not_parties") or ())
            if any(p not in PARTIES for p in parties):
                raise RulesError(f"{where}: unknown party in {parties}")
            conds.append(Condition(fact=str(c.get("fact") or ""), theme=str(c.get("theme") or ""),
                                   gt=float(c["gt"]) if c.get("gt") is not None else None,
                                   modes=tuple(c.get("modes") or ()), parties=tuple(c.get("parties") or ()),
                                   not_parties=tuple(c.get("not_parties") or ())))
        if not conds:
            raise RulesError(f"{where}: empty trigger")
        rules.append(Rule(rid, str(item["instrument"]), str(item["issuer"]), str(item["date"]), scope,
                          str(item["behaviour"]), str(item.get("behaviour_en", "")), conds, str(item["source"]),
                          str(item.get("source_url") or ""), bool(item["wording_checked"])))
    return rules


def lender_types(path: Path | None = None) -> dict[str, str | None]:
    """Canonical lender -> its type in lenders.yaml, None where not recorded (scope unknown)."""
    data = parse_yaml(Path(path or LENDERS_FILE).read_text(encoding="utf-8")) or {}
    out: dict[str, str | None] = {}
    for item in data.get("lenders") or []:
        if isinstance(item, dict) and "name" in item:
            t = item.get("type")
            out[str(item["name"])] = str(t) if t in LENDER_TYPES else None
    return out


# --- one post --------------------------------------------------------------------------------


def _matches(cond: Condition, facts: Iterable[dict[str, Any]], themes: Iterable[str]) -> list[dict[str, Any]]:
    """The fact rows (or a theme marker) that satisfy one condition."""
    if cond.theme:
        return [{"theme": cond.theme}] if cond.theme in themes else []
    out = []
    for f in facts:
        if f["fact"] != cond.fact:
            continue
        if cond.modes and f.get("mode") not in cond.modes:
            continue
        if cond.parties and f.get("party") not in cond.parties:
            continue
        if cond.not_parties and f.get("party") in cond.not_parties:
            continue
        if cond.gt is not None:
            try:
                value = float(json.loads(f.get("value") or "null"))
            except (TypeError, ValueError):
                continue
            if not value > cond.gt:
                continue
        out.append(f)
    return out


def rules_for(facts: list[dict[str, Any]], themes: Iterable[str], lender_type: str | None,
              rules: list[Rule]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(rule id, status, triggering fact rows) for one post: in scope, or scope unknown.

    `facts` are post_facts rows (fact, party, mode, value, evidence). A rule whose scope
    does not include a known lender type is not listed at all."""
    themes = list(themes)
    by_fact: dict[str, list[dict[str, Any]]] = {}  # a condition looks only at rows of its fact
    for f in facts:
        by_fact.setdefault(f["fact"], []).append(f)
    out = []
    for rule in rules:
        if lender_type is not None and lender_type not in rule.scope:
            continue  # out of scope whatever the post says
        why = [m for c in rule.trigger for m in _matches(c, by_fact.get(c.fact, ()), themes)]
        if why:
            out.append((rule.id, SCOPE_UNKNOWN if lender_type is None else IN_SCOPE, why))
    return out


def post_rules(facts: dict[str, list[dict[str, Any]]], themes: Iterable[str], lender: str | None,
               rules: list[Rule] | None = None, types: dict[str, str | None] | None = None) -> list[str]:
    """Rule ids for `classify`: in-scope ids, and "scope_unknown:<id>" where the lender's type is unknown."""
    from pipeline.facts import fact_rows

    if not facts and not themes:
        return []  # every trigger is a fact or a theme: nothing can fire
    rules = rules if rules is not None else load_rules()
    types = types if types is not None else lender_types()
    lender_type = types.get(lender or "")
    trigger_facts, trigger_themes = _triggers(rules, lender_type)
    if not any(facts.get(f) for f in trigger_facts) and not any(t in themes for t in trigger_themes):
        return []  # no rule in scope names a fact or theme the post has (most posts: no rows to build)
    rows = fact_rows(facts, evidence=False)  # rule ids only: no evidence JSON to build
    out = []
    for rid, status, _ in rules_for(rows, themes, lender_type, rules):
        out.append(rid if status == IN_SCOPE else f"{SCOPE_UNKNOWN}:{rid}")
    return out


_TRIGGERS: dict[tuple[int, str | None], tuple[list[Rule], frozenset[str], frozenset[str]]] = {}


def _triggers(rules: list[Rule], lender_type: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """(facts, themes) that some condition of a rule in scope for `lender_type` looks at (all
    rules for an unknown type, as rules_for does); one computation per rules list and type."""
    key = (id(rules), lender_type)
    got = _TRIGGERS.get(key)
    if got is None or got[0] is not rules:
        in_scope = [r for r in rules if lender_type is None or lender_type in r.scope]
        conds = [c for r in in_scope for c in r.trigger]
        # a condition with a theme is decided by the theme alone (_matches)
        got = (rules, frozenset(c.fact for c in conds if not c.theme), frozenset(c.theme for c in conds if c.theme))
        _TRIGGERS[key] = got
    return got[1], got[2]


# --- the snapshot ------------------------------------------------------------------------------

HIT_COLUMNS = ["post_id", "lender", "lender_type", "rule", "status", "month", "published_at", "source",
               "story_id", "evidence"]


def derive_hits(posts: pd.DataFrame, facts: pd.DataFrame, rules: list[Rule] | None = None,
                types: dict[str, str | None] | None = None) -> pd.DataFrame:
    """Rule hits of every post: posts (id, lender, published_at, source, themes, story_id) x
    post_facts rows -> one row per post x rule, with the triggering evidence spans as JSON."""
    import pandas as pd

    rules = rules if rules is not None else load_rules()
    types = types if types is not None else lender_types()
    rows: list[dict[str, Any]] = []
    by_post: dict[int, list[dict[str, Any]]] = {}
    for rec in facts.to_dict("records"):
        by_post.setdefault(int(rec["post_id"]), []).append(rec)
    theme_rules = {c.theme for r in rules for c in r.trigger if c.theme}
    for p in posts.itertuples(index=False):
        pid = int(p.id)
        themes = [t for t in (list(p.themes) if p.themes is not None else []) if t in theme_rules]
        fs = by_post.get(pid, [])
        if not fs and not themes:
            continue
        lender = p.lender or ""
        ltype = types.get(lender) if lender else None
        for rid, status, why in rules_for(fs, themes, ltype, rules):
            spans = []
            for w in why:
                if "theme" in w:
                    spans.append({"theme": w["theme"]})
                    continue
                for e in json.loads(w.get("evidence") or "[]"):
                    spans.append({"fact": w["fact"], **({"party": w["party"]} if w.get("party") else {}), **e})
            month = p.published_at.strftime("%Y-%m") if pd.notna(p.published_at) else ""
            rows.append({"post_id": pid, "lender": lender, "lender_type": ltype or "", "rule": rid, "status": status,
                         "month": month, "published_at": p.published_at, "source": p.source,
                         "story_id": int(p.story_id) if pd.notna(p.story_id) else pid,
                         "evidence": json.dumps(spans, ensure_ascii=False)})
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in HIT_COLUMNS})
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


def select_hits(hits: pd.DataFrame, *, lender: str | None = None, rule: str | None = None, month: str | None = None,
                status: str = IN_SCOPE, lenders: Iterable[str] | None = None, months: tuple[str, str] | None = None,
                sources: Iterable[str] | None = None, rules: Iterable[str] | None = None) -> pd.DataFrame:
    """The one filter behind every number and every list of posts on the breaches page."""
    sel = hits[hits["status"] == status] if status else hits
    if lender is not None:
        sel = sel[sel["lender"] == lender]
    if lenders:
        sel = sel[sel["lender"].isin(list(lenders))]
    if rule is not None:
        sel = sel[sel["rule"] == rule]
    if month is not None:
        sel = sel[sel["month"] == month]
    if months:
        sel = sel[(sel["month"] >= months[0]) & (sel["month"] <= months[1])]
    if sources:
        sel = sel[sel["source"].isin(list(sources))]
    if rules:
        sel = sel[sel["rule"].isin(list(rules))]
    return sel


def breach_counts(hits: pd.DataFrame, base: pd.DataFrame, unit: str = "stories", by_month: bool = True,
                  **filters: Any) -> pd.DataFrame:
    """lender x rule (x month): count (distinct stories by default, or posts), the base (all
    posts/stories of that lender that month) and the share count / base."""
    import pandas as pd

    if unit not in ("stories", "posts"):
        raise ValueError(f"unit must be 'stories' or 'posts', not {unit!r}")
    sel = select_hits(hits, **filters)
    keys = ["lender", "rule"] + (["month"] if by_month else [])
    col = "story_id" if unit == "stories" else "post_id"
    if sel.empty:
        return pd.DataFrame(columns=[*keys, "count", "base", "share"])
    counts = sel.groupby(keys)[col].nunique().rename("count").reset_index()
    b = base.copy()
    b["month"] = b["published_at"].dt.strftime("%Y-%m").fillna("")
    bkeys = ["lender"] + (["month"] if by_month else [])
    bcol = "story_id" if unit == "stories" else "id"
    denom = b.groupby(bkeys)[bcol].nunique().rename("base").reset_index()
    return _with_base(counts, denom, keys)


def _with_base(counts: pd.DataFrame, denom: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The counts beside their base (0 where the lender has none) and the share."""
    out = counts.merge(denom, on=keys[:1] + keys[2:], how="left")
    out["base"] = out["base"].fillna(0).astype("int64")
    out["share"] = out["count"] / out["base"].where(out["base"] > 0)
    return out.sort_values(keys).reset_index(drop=True)


def breach_posts(hits: pd.DataFrame, **filters: Any) -> pd.DataFrame:
    """The posts behind a cell of `breach_counts` (same filters), one row per post x rule."""
    return select_hits(hits, **filters).sort_values(["published_at", "post_id"], ascending=[False, False])


def rules_frame(rules: list[Rule] | None = None) -> pd.DataFrame:
    import pandas as pd

    rules = rules if rules is not None else load_rules()
    return pd.DataFrame([r.to_json() for r in rules])


# --- from a published snapshot (the page and the exports) ---------------------------------------

UNITS = {"stories": ("不同事件（模板与重复只计一次）", "distinct stories (a template or duplicate group once)"),
         "posts": ("全部帖子", "all posts")}


def _read(snap: Any, name: str, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
    import pandas as pd

    path = Path(snap.path) / f"{name}.parquet"
    if not path.exists():  # a snapshot published before facts existed
        return pd.DataFrame()
    return snap.query(sql.format(path=str(path).replace("'", "''")), params)


# Rows of these posts only: `f"... WHERE post_id {_OF_POSTS}"` with the ids as one parameter.
_OF_POSTS = "IN (SELECT unnest(?::BIGINT[]))"


def snapshot_hits(snap: Any, post_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """The snapshot's rule hits (of `post_ids` only, when given), typed even when there are none."""
    import pandas as pd

    if post_ids is None:
        hits = _read(snap, "rule_hits", "SELECT * FROM read_parquet('{path}')")
    else:
        hits = _read(snap, "rule_hits", f"SELECT * FROM read_parquet('{{path}}') WHERE post_id {_OF_POSTS}",
                     [list(post_ids)])
    return hits if not hits.empty else pd.DataFrame({c: pd.Series(dtype="object") for c in HIT_COLUMNS})


def snapshot_base(snap: Any) -> pd.DataFrame:
    """Every post's lender, date, source and story: the denominators of the shares."""
    stories = Path(snap.path) / "stories.parquet"
    story = f"LEFT JOIN read_parquet('{str(stories).replace(chr(39), chr(39) * 2)}') s ON s.id = p.id" if stories.exists() else ""
    sid = "coalesce(s.story_id, p.id)" if stories.exists() else "p.id"
    return snap.query(f"SELECT p.id, p.lender, p.published_at, p.source, {sid} AS story_id FROM posts p {story}")


def snapshot_rules(snap: Any) -> list[dict[str, Any]]:
    path = Path(snap.path) / "rules.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def filter_args(f: Any) -> dict[str, Any]:
    """The sidebar filters (pipeline.trends.Filters) as select_hits arguments."""
    return {"lenders": tuple(f.lenders) or None, "sources": tuple(f.sources) or None,
            "start": f.start, "end": f.end}


def _dates(frame: pd.DataFrame, start: Any, end: Any, col: str = "published_at") -> pd.DataFrame:
    import pandas as pd

    if start is not None:
        frame = frame[frame[col] >= pd.Timestamp(start)]
    if end is not None:
        frame = frame[frame[col] < pd.Timestamp(end) + pd.Timedelta(days=1)]
    return frame


# --- the same numbers in SQL, for the page: the snapshot's rule hits and its posts stay in DuckDB ---
# breach_counts (pandas) read every post's lender, date and story into a DataFrame for the
# denominators: seconds at a million posts, on every filter change. Here the hits (without
# their evidence) are an in-memory table, and the denominators come from BASE: every post
# (counted or not: the shares are of all posts) per month x lender x source, the posts whose
# story is theirs alone in one row per cell and the others per story. It is built once per
# snapshot from the posts' counting columns (pipeline/trends.py's NARROW: each post's story and
# whether it is that post alone), a tenth of a second of CPU at a million posts; a filter change
# then sums its whole months there and counts only its partial first and last months from the
# posts (counting every post took 60-120 ms of CPU, twice per rerun of the page). The monthly
# counts publish writes cannot serve: their stories are of counted posts only.
# tests/test_rules.py checks both paths give the same frames.

HITS, HIT_KEYS = "rule_hits_counting", "rule_hit_cells"
BASE = "breach_base_cells"
# A single-post story is its post: those are one row per cell (story NULL, n posts); a story of
# several posts has a row per cell it has posts in, so that count(DISTINCT story) counts it once.
# `lead`: the row is its story's first (by source) in its month x lender, so that without a
# source filter a month's stories are the singles' posts + the lead rows, no count(DISTINCT)
# (65 of the month table's 100 ms at 10M posts); with one, rows of other sources may be the
# lead and the count stays DISTINCT.
BASE_SQL = """SELECT *, story IS NULL OR row_number() OVER (PARTITION BY month, lender, story ORDER BY source) = 1 AS lead
              FROM (SELECT date_trunc('month', published_at) AS month, lender, source,
                           CASE WHEN NOT single THEN story_id END AS story, count(*) AS n
                    FROM {narrow} WHERE {where} GROUP BY ALL)"""


def _hits_file(snap: Any) -> Path:
    # One file per posts/ file in a directory of this name (a single file before issue 17's
    # partitioning): DuckDB reads either as one table, files in name order.
    return Path(snap.path) / "rule_hits.parquet"


def _fast(snap: Any) -> bool:
    """The SQL path needs a trends.Snapshot with theme bits (posts with theme_mask, as NARROW
    reads) and a rule_hits file; otherwise the pandas path, as before."""
    return bool(getattr(snap, "bits", None)) and hasattr(snap, "derived") and _hits_file(snap).exists()


def _hit_conds(args: dict[str, Any], status: str | None, **exact: Any) -> tuple[list[str], list[Any]]:
    """select_hits and _dates as SQL conditions on the hits (same tests, same order of rows)."""
    from datetime import datetime, time, timedelta

    conds: list[str] = []
    params: list[Any] = []
    if status:
        conds.append("status = ?")
        params.append(status)
    for column, value in exact.items():
        if value is not None:
            conds.append(f"{column} = ?")
            params.append(value)
    for column, values in (("lender", args.get("lenders")), ("source", args.get("sources"))):
        if values:
            conds.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if args.get("start") is not None:
        conds.append("published_at >= ?")
        params.append(datetime.combine(args["start"], time()))
    if args.get("end") is not None:
        conds.append("published_at < ?")
        params.append(datetime.combine(args["end"] + timedelta(days=1), time()))
    return conds, params


def _counts_sql(snap: Any, f: Any, unit: str, status: str, by_month: bool, shares: bool = True) -> pd.DataFrame:
    """breach_counts(snapshot_hits, snapshot_base, ...) for the filters `f`, counted in SQL."""
    import pandas as pd

    if unit not in ("stories", "posts"):
        raise ValueError(f"unit must be 'stories' or 'posts', not {unit!r}")
    args = filter_args(f)
    keys = ["lender", "rule"] + (["month"] if by_month else [])
    hits, names = _hits_tables(snap)
    conds, params = _hit_conds(args, status)
    key = "cell_key" if by_month else "pair_key"
    where = f"{' AND '.join(conds) or 'TRUE'} AND {' AND '.join(f'{k} IS NOT NULL' for k in keys)}"
    # A post has one row per rule (derive_hits; rule ids are unique), so a cell's posts are its
    # rows, and so are its stories whose hits are all of one post (`alone`, ~90% of rows): only
    # the stories of several posts need count(DISTINCT), which hashed every row (110 of 150 ms
    # at 10M posts).
    if unit == "stories":
        counted = f"""SELECT {key}, count(*) AS count FROM {hits} WHERE {where} AND alone GROUP BY {key}
                      UNION ALL
                      SELECT {key}, count(DISTINCT story_id) FROM {hits} WHERE {where} AND NOT alone GROUP BY {key}"""
        params = params + params
    else:
        counted = f"SELECT {key}, count(*) AS count FROM {hits} WHERE {where} GROUP BY {key}"
    counts = snap.query(f"""SELECT {", ".join(keys)}, count FROM
                                (SELECT {key}, sum(count)::BIGINT AS count FROM ({counted}) GROUP BY {key})
                                JOIN (SELECT DISTINCT {key}, {", ".join(keys)} FROM {names}) USING ({key})""", params)
    if counts.empty:
        return pd.DataFrame(columns=[*keys, "count", *(["base", "share"] if shares else [])])
    if not shares:
        return counts.sort_values(keys).reset_index(drop=True)
    # The base: every post of those lenders (dates and sources filtered, any lender filter is
    # theirs already); a post's id is unique, and a story is either one post (single) or one
    # of the stories of several posts: count(*) of the singles + their distinct story_id.
    source, b_params = _base_source(snap, {**args, "lenders": sorted(set(counts["lender"]))})
    month = ", coalesce(strftime(month, '%Y-%m'), '') AS month" if by_month else ""
    stories = ("count(*) FILTER (WHERE story IS NOT NULL AND lead)" if by_month and not args.get("sources")
               else "count(DISTINCT story)")
    base = f"coalesce(sum(n) FILTER (WHERE story IS NULL), 0) + {stories}" if unit == "stories" else "sum(n)"
    denom = snap.query(f"SELECT lender{month}, ({base})::BIGINT AS base FROM {source} GROUP BY ALL", b_params)
    return _with_base(counts, denom, keys)


def _hits_tables(snap: Any) -> tuple[str, str]:
    """HITS (the hits without their evidence) with a number for each lender x rule x month
    (cell_key) and lender x rule (pair_key), whether the hit's story has hits of this post only
    (alone: filters only drop rows, so such a story is one row of a cell), and the names of those numbers (HIT_KEYS): the
    counts group by one number, not by strings (4 ms instead of 21 at 150,000 hits)."""
    from pipeline.snapshot import sql_path  # here: snapshot imports pandas, which `classify` never needs

    file = f"read_parquet('{sql_path(_hits_file(snap))}')"
    hits = snap.derived(HITS, f"""SELECT * EXCLUDE (evidence), dense_rank() OVER (ORDER BY lender, rule, month) AS cell_key,
                                         dense_rank() OVER (ORDER BY lender, rule) AS pair_key,
                                         story_id NOT IN (SELECT story_id FROM {file} GROUP BY story_id
                                                          HAVING count(DISTINCT post_id) > 1) AS alone
                                  FROM {file}""")
    return hits, snap.derived(HIT_KEYS, f"SELECT DISTINCT cell_key, pair_key, lender, rule, month FROM {hits}")


def _base_source(snap: Any, args: dict[str, Any]) -> tuple[str, list[Any]]:
    """FROM BASE's rows (and parameters) for the lenders, sources and dates of `args`: whole
    months from the table, the partial months at either end counted from the posts (as
    pipeline/trends.py's monthly counts do)."""
    from pipeline import trends

    narrow = trends._narrow(snap)
    table = snap.derived(BASE, BASE_SQL.format(narrow=narrow, where="TRUE"))
    conds, params = _hit_conds({"lenders": args.get("lenders"), "sources": args.get("sources")}, None)
    where = " AND ".join(conds) or "TRUE"
    if args.get("start") is None and args.get("end") is None:
        return f"(SELECT * FROM {table} WHERE {where}) b", params
    lo, hi, whole, outside, dates, date_params = trends._month_split(
        trends.Filters(start=args.get("start"), end=args.get("end")))
    bounds = [b for b in (lo, hi) if b]
    partial = BASE_SQL.format(narrow=narrow, where=f"{dates} AND ({outside}) AND {where}")
    return (f"(SELECT * FROM {table} WHERE {whole} AND {where} UNION ALL {partial}) b",
            bounds + params + date_params + bounds + params)



def cell_table(snap: Any, f: Any, unit: str = "stories", status: str = IN_SCOPE, by_month: bool = True,
               shares: bool = True) -> pd.DataFrame:
    """The page's table: lender x rule (x month) counts and shares, each with its rule's
    sentence, source and whether the wording was checked. shares=False: the counts alone
    (no base or share columns), what the page's chart draws: the bases cost more than the
    counts (a distinct count of the stories of every post of the lenders)."""
    if _fast(snap):
        table = _counts_sql(snap, f, unit, status, by_month, shares)
    else:
        table = _counts_pandas(snap, f, unit, status, by_month)
        if not shares:
            table = table.drop(columns=["base", "share"])
    info = {r["id"]: r for r in snapshot_rules(snap)}
    for col, key in (("behaviour", "behaviour"), ("instrument", "instrument"), ("source", "source"),
                     ("source_url", "source_url"), ("wording_checked", "wording_checked")):
        table[col] = table["rule"].map(lambda rid, k=key: info.get(rid, {}).get(k, ""))
    return table


def _counts_pandas(snap: Any, f: Any, unit: str, status: str, by_month: bool) -> pd.DataFrame:
    """breach_counts over the whole snapshot's hits and posts, in pandas (any snapshot)."""
    args = filter_args(f)
    start, end = args.pop("start"), args.pop("end")
    hits = _dates(snapshot_hits(snap), start, end)
    base = _dates(snapshot_base(snap), start, end)
    if args.get("sources"):
        base = base[base["source"].isin(args["sources"])]
    return breach_counts(hits, base, unit=unit, by_month=by_month, status=status, **args)


def cell_posts(snap: Any, f: Any, *, lender: str | None = None, rule: str | None = None, month: str | None = None,
               status: str = IN_SCOPE) -> pd.DataFrame:
    """The posts behind a cell of `cell_table` (same filters): post fields, the rule and the
    triggering evidence as {"<rule>": [spans]} for highlighting, and the story id."""
    import pandas as pd

    from pipeline.snapshot import sql_path

    args = filter_args(f)
    if _fast(snap):  # only the cell's hits leave DuckDB, in the file's order
        conds, params = _hit_conds(args, status, lender=lender, rule=rule, month=month)
        selected = snap.query(
            f"""SELECT * EXCLUDE (filename, file_row_number)
                FROM read_parquet('{sql_path(_hits_file(snap))}', filename=true, file_row_number=true)
                WHERE {" AND ".join(conds) or "TRUE"} ORDER BY filename, file_row_number""", params)
        args.pop("start"), args.pop("end")
        hits = breach_posts(selected, lender=lender, rule=rule, month=month, status=status, **args)
    else:
        start, end = args.pop("start"), args.pop("end")
        hits = breach_posts(_dates(snapshot_hits(snap), start, end), lender=lender, rule=rule, month=month,
                            status=status, **args)
    if hits.empty:
        return pd.DataFrame(columns=["id", "source_id", "title", "body", "url", "lender", "source", "published_at",
                                     "status", "rule", "story_id", "evidence", "themes", "counted"])
    ids = sorted({int(i) for i in hits["post_id"]})
    # A hit carries its post's date: only the hits' months' files are opened (the posts view's
    # every month file's footer and dates: 10 of 22 ms at a million posts). Bounding the dates
    # as well cost more than it saved there (85 against 54 ms for a cell of 170 posts in a
    # month of 84,000 at 10M: the dates of every row are read and compared): the bounds are
    # for the posts view only, where they skip the other months' row groups.
    source, when, bounds = "posts", "", []
    dates = pd.to_datetime(hits["published_at"])
    if len(dates) and dates.notna().all():
        source = _month_posts(snap, dates)
        if source == "posts":
            when, bounds = "published_at >= ? AND published_at <= ? AND ", [dates.min().to_pydatetime(),
                                                                            dates.max().to_pydatetime()]
    posts = snap.query(
        # source_id: a card's post id and permalink (/posts?post=<source>-<source_id>).
        f"SELECT id, source_id, title, body, url, source, published_at, status, themes, counted FROM {source} "
        f"WHERE {when}id {_OF_POSTS}", bounds + [ids])
    # Each post's spans by rule, in a plain loop: a groupby().apply made a frame per post
    # (0.67 s for a cell of 2,463 posts at 10M).
    by_post: dict[int, dict[str, list[Any]]] = {}
    for pid, rule_id, ev in zip(hits["post_id"].tolist(), hits["rule"].tolist(), hits["evidence"].tolist()):
        by_post.setdefault(int(pid), {})[rule_id] = [e for e in json.loads(ev) if "start" in e]
    evidence = pd.Series({pid: json.dumps(v, ensure_ascii=False) for pid, v in sorted(by_post.items())},
                         name="evidence", dtype=object)
    keep = hits.drop_duplicates("post_id")[["post_id", "lender", "rule", "story_id", "month"]]
    out = keep.merge(evidence, left_on="post_id", right_index=True).merge(posts, left_on="post_id", right_on="id")
    return out.drop(columns=["post_id"]).sort_values(["published_at", "id"], ascending=[False, False]).reset_index(drop=True)


def _month_posts(snap: Any, dates: pd.Series) -> str:
    """FROM the files of the months of `dates` (publish writes a month's posts to its file,
    partition_name, and its later deltas beside it: `<name>-<seq>.parquet`), or the posts view
    when a month has no file (a snapshot of another layout)."""
    from pipeline.publish import partition_name

    parts = Path(snap.path) / "posts"
    stems = [partition_name(m)[:-len(".parquet")] for m in sorted(set(dates.dt.strftime("%Y%m")))]
    if not all(next(parts.glob(f"{stem}*.parquet"), None) for stem in stems):
        return "posts"
    from pipeline.snapshot import parquet_files

    return parquet_files([f"{parts}/{stem}*.parquet" for stem in stems])


# --- exports ----------------------------------------------------------------------------------------


def with_facts_and_rules(snap: Any, posts: pd.DataFrame) -> pd.DataFrame:
    """Posts (with `id`) plus `facts` (JSON: fact -> value, as summarised), `rules` (in-scope
    rule ids), `rules_scope_unknown` and `story_id`, for CSV/XLSX/Parquet exports."""
    import pandas as pd

    out = posts.copy()
    if out.empty or "id" not in out:
        for col in ("facts", "rules", "rules_scope_unknown", "story_id"):
            out[col] = pd.Series(dtype="object")
        return out
    ids = [int(i) for i in out["id"]]
    # Only this batch's rows: a streamed export of a million posts asks once per batch, and
    # reading the whole tables each time made it quadratic in the export's size.
    facts = _read(snap, "post_facts", f"SELECT post_id, fact, party, mode, value FROM read_parquet('{{path}}') "
                                      f"WHERE post_id {_OF_POSTS}", [ids])  # file order, as before
    hits = snapshot_hits(snap, ids)
    stories = _read(snap, "stories", f"SELECT id, story_id FROM read_parquet('{{path}}') WHERE id {_OF_POSTS}", [ids])
    by_post: dict[int, dict[str, Any]] = {}
    if not facts.empty:
        for r in facts.itertuples(index=False):
            entry = by_post.setdefault(int(r.post_id), {})
            if r.fact == "contacted":
                entry.setdefault("contacted", []).append(f"{r.party}:{r.mode}")
            else:
                entry[r.fact] = json.loads(r.value)
    out["facts"] = [json.dumps(by_post.get(i, {}), ensure_ascii=False) if by_post.get(i) else "" for i in ids]
    for col, status in (("rules", IN_SCOPE), ("rules_scope_unknown", SCOPE_UNKNOWN)):
        sel = hits[hits["status"] == status] if not hits.empty else hits
        got = sel.groupby("post_id")["rule"].apply(lambda r: sorted(set(r))).to_dict() if not sel.empty else {}
        out[col] = [got.get(i, []) for i in ids]
    sid = dict(zip(stories["id"], stories["story_id"])) if not stories.empty else {}
    out["story_id"] = [int(sid.get(i, i)) for i in ids]
    return out


def cell_pack_bytes(snap: Any, f: Any, *, lender: str, rule: str, month: str | None, status: str = IN_SCOPE,
                    unit: str = "stories") -> bytes:
    """An evidence pack for one cell: README (the claim in the page's wording, the rule's text,
    source and wording check), rule.json, counts.csv (the cell's number) and posts.csv (every
    post behind it with the evidence that triggered the rule)."""
    import io
    import zipfile

    from pipeline import export

    table = cell_table(snap, f, unit=unit, status=status, by_month=month is not None)
    cell = select_hits(table.assign(status=status, source="", month=table["month"] if "month" in table else ""),
                       lender=lender, rule=rule, month=month, status=status)
    posts = cell_posts(snap, f, lender=lender, rule=rule, month=month, status=status)
    info = next((r for r in snapshot_rules(snap) if r["id"] == rule), {})
    count = int(cell["count"].iloc[0]) if len(cell) else 0
    claim = (f"{count} {' / '.join(UNITS[unit])} about {lender} ({month or 'all months'}) allege behaviour that "
             f"may conflict with (涉嫌违反) {rule}.")
    readme = "\n".join([
        f"# {rule}: {lender} · {month or 'all months'}", "", claim, "",
        f"- 文件 instrument: {info.get('instrument', '')} ({info.get('issuer', '')}, {info.get('date', '')})",
        f"- 行为 behaviour: {info.get('behaviour', '')} / {info.get('behaviour_en', '')}",
        f"- 适用范围 scope: {', '.join(info.get('scope', []))} (status: {' · '.join(STATUS_LABELS[status])})",
        f"- 出处 source: {info.get('source', '')} {info.get('source_url', '')}",
        f"- 条文核对 wording checked against the official text: {'yes' if info.get('wording_checked') else 'NO — do not quote a clause number'}",
        "", "Posts are self-published and unverified: each ALLEGES the behaviour. The evidence column gives the",
        "words (and their offsets in title + newline + body) that triggered the rule.",
        f"posts.csv lists {len(posts)} posts, {posts['story_id'].nunique() if len(posts) else 0} distinct stories.", "",
    ])
    files = {
        "README.md": readme.encode("utf-8"),
        "rule.json": json.dumps(info, ensure_ascii=False, indent=2).encode("utf-8"),
        "counts.csv": export.csv_bytes(export.tabular(cell.drop(columns=["status", "source"], errors="ignore"))),
        "posts.csv": export.csv_bytes(export.tabular(posts.drop(columns=["themes"], errors="ignore"))),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()
