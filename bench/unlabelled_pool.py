"""Unlabelled real posts for lexicon work: how many the tagger tags, and what it may miss (issue 12).

    python bench/unlabelled_pool.py                        # pool figures, per theme
    python bench/unlabelled_pool.py --misses privacy       # pool posts with privacy's core words, untagged
    python bench/unlabelled_pool.py --tagged call_harassment   # tagged pool posts with their evidence

The pool is every real post in ../shared/corpus/raw/ that is NOT in the labelled sets: a post
is dropped when its id matches a labelled id, or when more than 3% of its 12-character
shingles occur in any one post of dev_codebook.jsonl or dev_facts.jsonl. So no check-part
post (nor a near copy of one) is ever printed: new wordings are read from unseen posts, the
check part stays a test of whether they generalise.

`--misses THEME` prints, for a human to judge against ../shared/spec/themes.md, each pool post
that contains one of the theme's core words (CORE below) but is not tagged with the theme,
as windows of text around the core words.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.tag import Tagger  # noqa: E402
from pipeline.lexicon import normalise  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LABELLED = ("dev_codebook.jsonl", "dev_facts.jsonl")
SHINGLE = 12
MAX_SHARED = 0.03  # a post sharing more than this share of its shingles with one labelled post is out

# Words that a post about the theme is very likely to contain: a post with one of them and
# without the theme is worth a human look (most are rightly untagged: negated, the
# complainant's own action, or the word used otherwise).
CORE: dict[str, list[str]] = {
    "no_negotiation": ["协商", "商量", "沟通", "分期", "延期", "减免", "停息", "挂账", "宽限", "提前结清",
                       "提前还", "通融", "展期", "缓", "延迟"],
    "privacy": ["通讯录", "联系人", "个人信息", "隐私", "曝光", "照片", "身份证", "泄露", "信息", "资料",
                "公开", "散布", "欠钱", "老赖"],
    "call_harassment": ["电话", "打电话", "来电", "打给", "拨打", "号码", "轰炸", "打爆"],
    "insult": ["骂", "辱", "脏话", "难听", "羞辱", "人格", "尊严", "p图", "ps", "诅咒", "畜生", "垃圾", "粗口",
               "嘲讽", "讽刺", "挖苦", "恶心", "素质", "不堪", "贱", "死", "名誉", "造谣", "人身"],
    "threat": ["威胁", "恐吓", "上门", "后果", "黑社会", "找人"],
    "third_party_contact": ["通讯录", "家人", "朋友", "同事", "联系人", "父母", "亲戚", "领导"],
    "sms_harassment": ["短信", "信息"],
    "legal_threat": ["起诉", "律师", "法院", "立案", "报警", "公安", "警察"],
    "credit_threat": ["征信", "黑名单", "失信", "信用"],
    "social_platform": ["微信", "qq", "微博", "群"],
    "fees": ["利息", "利率", "费", "年化", "高利贷", "砍头"],
    "app_popup": ["弹窗", "推送", "弹出", "通知"],
}


def normalize_text(text: str) -> str:
    """The tagger's matching form (simplified, half-width, lower case)."""
    return normalise(text).text


def _shingles(text: str) -> set[str]:
    """12-character shingles of the text without spaces or punctuation (a near copy shares them)."""
    s = re.sub(r"[\W_]+", "", normalize_text(text))
    if len(s) <= SHINGLE:
        return {s} if s else set()
    return {s[i:i + SHINGLE] for i in range(len(s) - SHINGLE + 1)}


def _post_text(title: str, appeal: str, body: str) -> str:
    """The labelled sets' layout: title, appeal (诉求) when there is one, text."""
    return "\n".join(p.strip() for p in (title, appeal, body) if p and p.strip())


def _ids(*keys: str) -> set[str]:
    """Ids a raw post may carry in a labelled set: its own keys and their 12-hex digests."""
    out: set[str] = set()
    for k in keys:
        if not k:
            continue
        out.add(k)
        for algo in ("sha1", "md5"):
            out.add(hashlib.new(algo, k.encode()).hexdigest()[:12])
    return out


def raw_posts() -> Iterator[tuple[str, set[str], str]]:
    """(source, candidate ids, text) of every real post under ../shared/corpus/raw/."""
    raw = CORPUS / "raw"
    for f in sorted((raw / "nengqiang__test").glob("tousu*/*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            continue  # shuqiuMap.json: appeal counts
        for r in data:
            if isinstance(r, dict) and r.get("overview"):
                yield (f.name, _ids(r.get("link", "")),
                       _post_text(r.get("title", ""), r.get("appeal", ""), r["overview"]))
    for f in sorted((raw / "nengqiang__test" / "tousu").glob("*.txt")):
        # blocks separated by a blank line: title, appeal (may be absent), text
        for block in re.split(r"\n\s*\n", f.read_text(encoding="utf-8", errors="replace")):
            lines = [x for x in block.splitlines() if x.strip()]
            if len(lines) >= 2:
                yield f.name, set(), "\n".join(lines)
    f = raw / "Chi-Tian__Spider" / "black_cat.txt"
    if f.exists():
        for line in f.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            yield f.name, set(), _post_text(r.get("投诉标题", ""), r.get("投诉要求", ""), r.get("投诉详情", ""))
    f = raw / "nangongchengfeng__BuzzMonitor" / "cat_info.from_sql.csv"
    if f.exists():
        with f.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                body = (r.get("content") or "").replace("\\n", "\n")
                yield f.name, _ids(r.get("sn", ""), r.get("url", "")), _post_text(r.get("title", ""), r.get("complaint_claim", ""), body)
    f = raw / "bageyalu160__universal-scraper-auto" / "heimao_data.json"
    if f.exists():
        for r in json.loads(f.read_text(encoding="utf-8")).get("complaints", []):
            yield f.name, _ids(str(r.get("id", "")), r.get("url", "")), _post_text(r.get("title", ""), r.get("appeal", ""), r.get("content", ""))
    f = raw / "Wpandios__HeimaoData" / "example_data.json"
    if f.exists():
        for r in json.loads(f.read_text(encoding="utf-8")):
            yield f.name, _ids(r.get("href", "")), r.get("title", "")


class _Shingled:
    """Posts' shingles, indexed to find the one post a new text shares most of its shingles with."""

    def __init__(self) -> None:
        self.index: dict[str, list[int]] = defaultdict(list)
        self.n = 0

    def add(self, text: str) -> None:
        for sh in _shingles(text):
            self.index[sh].append(self.n)
        self.n += 1

    def most_shared(self, text: str) -> float:
        """The largest share of the text's shingles found in any one indexed post (1.0 if empty)."""
        shs = _shingles(text)
        if not shs:
            return 1.0
        shared: Counter[int] = Counter()
        for sh in shs:
            for n in self.index.get(sh, ()):
                shared[n] += 1
        return max(shared.values()) / len(shs) if shared else 0.0


class _Labelled(_Shingled):
    """The labelled posts' ids and shingles."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        for name in LABELLED:
            path = CORPUS / "labeled" / name
            for line in path.read_text(encoding="utf-8").splitlines():
                rec = json.loads(line)
                self.ids.add(str(rec["id"]))
                self.add(rec["text"])

    def overlaps(self, text: str) -> bool:
        return self.most_shared(text) > MAX_SHARED


def pool() -> tuple[list[tuple[str, str]], Counter[str]]:
    """Unlabelled, deduplicated posts as (source, text), and counts of what was dropped."""
    lab = _Labelled()
    kept = _Shingled()  # a near copy of a pool post (the raw files overlap) is read once
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    figures: Counter[str] = Counter()
    for source, ids, text in raw_posts():
        figures["raw"] += 1
        key = re.sub(r"[\W_]+", "", normalize_text(text))
        if key in seen:
            figures["duplicate"] += 1
            continue
        seen.add(key)
        if ids & lab.ids:
            figures["labelled id"] += 1
        elif lab.overlaps(text):
            figures["shares >3% shingles with a labelled post"] += 1
        elif kept.most_shared(text) > 0.5:
            figures["near copy of a pool post"] += 1
        else:
            kept.add(text)
            out.append((source, text))
    figures["pool"] = len(out)
    return out, figures


def _windows(text: str, words: list[str], reach: int) -> list[str]:
    """Text around each core word, merged where windows touch."""
    low = text = normalize_text(text)  # windows shown in the matching form: its offsets
    spans: list[list[int]] = []
    for w in words:
        for m in re.finditer(re.escape(w), low):
            spans.append([max(0, m.start() - reach), min(len(text), m.end() + reach)])
    spans.sort()
    merged: list[list[int]] = []
    for s in spans:
        if merged and s[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s[1])
        else:
            merged.append(s)
    return [text[a:b].replace("\n", " / ") for a, b in merged]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", metavar="THEME", help="print pool posts with THEME's core words but not THEME")
    ap.add_argument("--tagged", metavar="THEME", help="print pool posts tagged THEME, with their evidence")
    ap.add_argument("--reach", type=int, default=40, help="characters shown either side of a core word (default 40)")
    ap.add_argument("--limit", type=int, default=0, help="print at most this many posts (0: all)")
    ap.add_argument("--offset", type=int, default=0, help="skip this many printed posts first")
    args = ap.parse_args()
    for t in (args.misses, args.tagged):
        if t and t not in CORE:
            ap.error(f"unknown theme {t!r}; one of {', '.join(CORE)}")

    posts, figures = pool()
    tagger = Tagger()
    tagged: Counter[str] = Counter()
    core_posts: Counter[str] = Counter()
    core_untagged: Counter[str] = Counter()
    shown = 0
    for no, (source, text) in enumerate(posts, 1):
        res = tagger.tag_text(text)
        low = normalize_text(text)
        for theme in res.themes:
            tagged[theme] += 1
        for theme, words in CORE.items():
            if any(w in low for w in words):
                core_posts[theme] += 1
                core_untagged[theme] += theme not in res.themes
        want = args.misses or args.tagged
        if not want:
            continue
        hit = want in res.themes
        if args.misses and (hit or not any(w in low for w in CORE[want])):
            continue
        if args.tagged and not hit:
            continue
        shown += 1
        if shown <= args.offset or (args.limit and shown > args.offset + args.limit):
            continue
        others = ",".join(sorted(res.themes)) or "-"
        print(f"--- pool #{no} ({source}) themes={others}")
        if args.tagged:
            for e in res.themes[want]:
                print(f"  [{e.rule}] {e.text!r}  …{text[max(0, e.start - args.reach):e.end + args.reach]!r}")
        else:
            for w in _windows(text, CORE[want], args.reach):
                print(f"  …{w}…")

    print("\npool:", ", ".join(f"{k} {v}" for k, v in figures.items()))
    print(f"{'theme':<22}{'tagged':>8}{'share':>8}{'core-word posts':>17}{'untagged of those':>19}")
    for theme in CORE:
        print(f"{theme:<22}{tagged[theme]:>8}{tagged[theme] / max(1, len(posts)):>8.1%}{core_posts[theme]:>17}"
              f"{core_untagged[theme]:>19}")
    if args.misses or args.tagged:
        print(f"posts printed: {min(shown, args.offset + args.limit) - args.offset if args.limit else shown - args.offset} of {shown}")


if __name__ == "__main__":
    main()
