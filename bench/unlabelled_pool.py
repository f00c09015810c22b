"""Unlabelled real posts for lexicon work: how many the tagger tags, and what it may miss (issue 12).

    python bench/unlabelled_pool.py                        # pool figures, per theme
    python bench/unlabelled_pool.py --misses privacy       # pool posts with privacy's core words, untagged
    python bench/unlabelled_pool.py --tagged call_harassment   # tagged pool posts with their evidence
    python bench/unlabelled_pool.py --no-lender            # themes on posts naming no lender: false alarms?

The pool is every real post in ../shared/corpus/raw/ that is NOT in the labelled sets: a post
is dropped when its id (sha1 of title, appeal and body, as the labelled ids were made) is
labelled, or when more than 3% of its 12-character shingles occur in the labelled texts (their
union: stricter than any one post). So no check-part post (nor a near copy of one) is ever
printed: new wordings are read from unseen posts, the check part stays a test of whether they
generalise. bench/facts_pool.py reads the same pool.

`--misses THEME` prints, for a human to judge against ../shared/spec/themes.md, each pool post
that contains one of the theme's core words (CORE below) but is not tagged with the theme,
as windows of text around the core words.

The figures always include, per source, the pool posts that name no lender of the registry
(mostly complaints about shops, airlines, phone plans: Chi-Tian, BuzzMonitor, bageyalu160)
and how many of those got a theme: issue 12's "posts about other companies keep few false
alarms". `--no-lender` prints those posts with their evidence for a human to judge (a post
about an unregistered lender's collectors is a true theme, not a false alarm).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.tag import Tagger  # noqa: E402
from pipeline.lexicon import normalise  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LABELLED = ("dev_codebook.jsonl", "dev_facts.jsonl", "dev.jsonl")
SHINGLE = 12
MAX_SHARED = 0.03  # a pool post may share at most this part of its shingles with labelled texts
SAME = 0.5  # two pool posts sharing more than this part of their shingles are one post

# Words that a post about the theme is very likely to contain: a post with one of them and
# without the theme is worth a human look (most are rightly untagged: negated, the
# complainant's own action, or the word used otherwise).
CORE: dict[str, list[str]] = {
    "no_negotiation": ["协商", "商量", "沟通", "分期", "延期", "减免", "停息", "挂账", "宽限", "提前结清",
                       "提前还", "通融", "展期", "缓", "延迟",
                       # (issue 12, noneg6) the lender's side of the refusal, and relief named otherwise: posts
                       # that tell the answer without the request's words (客服不同意, 一直推脱, 没有回应, 逾期了才有人…)
                       "拒绝", "不同意", "不答应", "不肯", "不予", "不给", "不理", "不处理", "无果", "未果", "推脱",
                       "推诿", "踢皮球", "敷衍", "答复", "回应", "驳回", "没办法", "不行", "本金", "个性化", "退息",
                       "困难", "解释"],
    "privacy": ["通讯录", "联系人", "个人信息", "隐私", "曝光", "照片", "身份证", "泄露", "信息", "资料",
                "公开", "散布", "欠钱", "老赖",
                # (privacy7, issue 12: the debt told or made known, data traded or misused, the permission forced)
                "透露", "告诉", "告知", "知道", "宣扬", "传播", "名誉", "名义", "冒充", "住址", "地址", "权限",
                "卖", "欠款", "借款信息", "群里"],
    # (call7: and the calls told without 电话: call, 呼, 拨, 挂, 手机响, 响个, 座机, 连环, 轮番)
    "call_harassment": ["电话", "打电话", "来电", "打给", "拨打", "号码", "轰炸", "打爆", "call", "呼", "拨", "挂",
                        "手机响", "电话响", "响个", "座机", "连环", "轮番"],
    # (call7: and cursing and shaming in more words: 侮, 羞, 攻击, 问候, 祖宗, 他妈, 妈的, 滚, 不要脸, 下流, 丑化, 抹黑, 嘲,
    # 脏, 粗, 咒, 社死, 颜面, 丢人, 人渣, 废物, 狗, 老赖, 骗子)
    "insult": ["骂", "辱", "脏话", "难听", "羞辱", "人格", "尊严", "p图", "ps", "诅咒", "畜生", "垃圾", "粗口",
               "嘲讽", "讽刺", "挖苦", "恶心", "素质", "不堪", "贱", "死", "名誉", "造谣", "人身", "侮", "羞", "攻击",
               "问候", "祖宗", "他妈", "妈的", "滚", "不要脸", "下流", "丑化", "抹黑", "嘲", "脏", "粗", "咒", "社死",
               "颜面", "丢人", "人渣", "废物", "狗", "老赖", "骗子"],
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


# --- the pool (bench/facts_pool.py reads the same) -------------------------------------------


def _post_text(title: str, appeal: str, body: str) -> str:
    """The labelled sets' layout: title, appeal (诉求) when there is one, text."""
    return "\n".join(p.strip() for p in (title, appeal, body) if p and p.strip())


def _post_id(title: str, appeal: str, body: str) -> str:
    """The labelled sets' ids: sha1 of title, appeal (when there is one) and body, 12 hex digits."""
    joined = f"{title}\n{appeal}\n{body}" if appeal else f"{title}\n{body}"
    return hashlib.sha1(joined.encode()).hexdigest()[:12]


def _post(source: str, title: str, appeal: str, body: str) -> tuple[str, str, str]:
    return source, _post_id(title, appeal, body), _post_text(title, appeal, body)


def raw_posts(root: Path = CORPUS / "raw") -> Iterator[tuple[str, str, str]]:
    """(source, id, text) of every real post under ../shared/corpus/raw/, duplicates included."""
    ng = root / "nengqiang__test"
    for f in sorted(ng.glob("tousu*/*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            continue  # shuqiuMap.json: appeal counts
        for r in data:
            if isinstance(r, dict) and r.get("overview"):
                yield _post(f.name, r.get("title") or "", r.get("appeal") or "", r["overview"])
    for f in sorted((ng / "tousu").glob("*.txt")):
        # blocks separated by a blank line: title, appeal (may be absent), text
        for block in re.split(r"\n\s*\n", f.read_text(encoding="utf-8", errors="replace")):
            lines = [x for x in block.splitlines() if x.strip()]
            if len(lines) >= 3:
                yield _post(f.name, lines[0], lines[1], "\n".join(lines[2:]))
            elif len(lines) == 2:
                yield _post(f.name, lines[0], "", lines[1])
    f = root / "Chi-Tian__Spider" / "black_cat.txt"
    if f.exists():
        for line in f.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            yield _post("Chi-Tian", r.get("投诉标题", ""), r.get("投诉要求", ""), r.get("投诉详情", ""))
    f = root / "nangongchengfeng__BuzzMonitor" / "cat_info.from_sql.csv"
    if f.exists():
        with f.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                body = (r.get("content") or "").replace("\\n", "\n")
                yield _post("BuzzMonitor", r.get("title") or "", r.get("complaint_claim") or "", body)
    f = root / "Wpandios__HeimaoData" / "example_data_structured.csv"
    if f.exists():
        with f.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                yield _post("Wpandios", r.get("title") or "", r.get("demands") or "", r.get("summary") or "")
    f = root / "bageyalu160__universal-scraper-auto" / "heimao_data.json"
    if f.exists():
        data = json.loads(f.read_text(encoding="utf-8"))
        for r in data.get("complaints", []) if isinstance(data, dict) else data:
            yield _post("bageyalu160", r.get("title") or "", r.get("appeal") or "", r.get("content") or "")


def shingles(text: str) -> set[str]:
    """12-character shingles of the matching form without spaces or punctuation: a near copy
    shares them, in either script or width."""
    s = re.sub(r"[\W_]+", "", normalize_text(text))
    return {s[i : i + SHINGLE] for i in range(max(1, len(s) - SHINGLE + 1))} if s else set()


def labelled(root: Path = CORPUS / "labeled") -> tuple[set[str], set[str]]:
    """Ids and shingles of every labelled post (never printed)."""
    ids: set[str] = set()
    sh: set[str] = set()
    for name in LABELLED:
        path = root / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                ids.add(str(r.get("id")))
                sh |= shingles(r.get("text") or "")
    return ids, sh


def pool() -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """The unlabelled pool as (source, id, text), and the figures of its making. A post is out
    when its id is labelled or more than MAX_SHARED of its shingles occur in labelled texts
    (their union: stricter than any one post); a near copy of a pool post is read once."""
    ids, lab = labelled()
    figures = {"raw": 0, "labelled id": 0, "near a labelled text": 0, "near copy in pool": 0}
    out: list[tuple[str, str, str]] = []
    seen: dict[str, int] = {}  # shingle -> index of the pool post that has it
    for source, pid, text in raw_posts():
        figures["raw"] += 1
        sh = shingles(text)
        if pid in ids:
            figures["labelled id"] += 1
        elif not sh or len(sh & lab) > MAX_SHARED * len(sh):
            figures["near a labelled text"] += 1
        elif any(n > SAME * len(sh) for n in Counter(seen[x] for x in sh if x in seen).values()):
            figures["near copy in pool"] += 1
        else:
            for x in sh:
                seen.setdefault(x, len(out))
            out.append((source, pid, text))
    figures["pool"] = len(out)
    return out, figures


def windows(text: str, rx: re.Pattern[str], width: int, most: int | None = None) -> list[str]:
    """Merged windows of `width` characters around the matches of rx (the first `most`)."""
    spans: list[list[int]] = []
    for m in rx.finditer(text):
        a, b = max(0, m.start() - width), min(len(text), m.end() + width)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [text[a:b].replace("\n", " | ") for a, b in spans[:most]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", metavar="THEME", help="print pool posts with THEME's core words but not THEME")
    ap.add_argument("--tagged", metavar="THEME", help="print pool posts tagged THEME, with their evidence")
    ap.add_argument("--no-lender", action="store_true",
                    help="print pool posts that name no registered lender yet got a theme, with their evidence")
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
    no_lender: Counter[str] = Counter()  # per source: posts naming no registered lender
    no_lender_themed: Counter[str] = Counter()  # ... of which got a theme
    shown = 0
    for no, (source, _pid, text) in enumerate(posts, 1):
        res = tagger.tag_text(text)
        low = normalize_text(text)
        for theme in res.themes:
            tagged[theme] += 1
        for theme, words in CORE.items():
            if any(w in low for w in words):
                core_posts[theme] += 1
                core_untagged[theme] += theme not in res.themes
        if not res.lenders:
            no_lender[source] += 1
            no_lender_themed[source] += bool(res.themes)
        if args.no_lender and not res.lenders and res.themes:
            print(f"--- pool #{no} ({source}) names no lender; themes={','.join(sorted(res.themes))}")
            for theme, spans in sorted(res.themes.items()):
                for e in spans:
                    print(f"  {theme} [{e.rule}] {e.text!r}  …{text[max(0, e.start - args.reach):e.end + args.reach]!r}")
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
            core = re.compile("|".join(map(re.escape, CORE[want])))
            for w in windows(normalize_text(text), core, args.reach):  # the matching form: its offsets
                print(f"  …{w}…")

    print("\npool:", ", ".join(f"{k} {v}" for k, v in figures.items()))
    print(f"{'theme':<22}{'tagged':>8}{'share':>8}{'core-word posts':>17}{'untagged of those':>19}")
    for theme in CORE:
        print(f"{theme:<22}{tagged[theme]:>8}{tagged[theme] / max(1, len(posts)):>8.1%}{core_posts[theme]:>17}"
              f"{core_untagged[theme]:>19}")
    print("posts naming no registered lender, with a theme / all, per source: "
          + ", ".join(f"{src} {no_lender_themed[src]}/{n}" for src, n in sorted(no_lender.items())))
    if args.misses or args.tagged:
        print(f"posts printed: {min(shown, args.offset + args.limit) - args.offset if args.limit else shown - args.offset} of {shown}")


if __name__ == "__main__":
    main()
