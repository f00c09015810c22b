"""How brittle are the theme rules around the wordings they know? (issue 12, robust8)

    PYTHONPATH=. python bench/perturb.py [--themes T,T] [--list N] [--removing] [--labels FILE]

For every TUNE post of dev_codebook.jsonl (pipeline.evaluate.split_of(id) == "tune"; the check part
is never read) where the tagger gets theme T right, each of T's evidence spans is perturbed in and
around itself in ways that keep its meaning (an adverb or particle inserted at a word boundary, the
agent swapped for another on the lender's side, a verb swapped for its slot-mate, traditional
characters, punctuation, one filler character), the text is tagged again, and the perturbation
"loses T" when no evidence of T overlaps the span's new place any more (other evidence of T
elsewhere in the post does not hide a brittle rule). Printed: survival per theme, per rule and per
kind of perturbation, then the failures grouped by (rule, kind) with a before/after snippet.

--removing runs the mirror test instead: perturbations that REMOVE the meaning (没有/并没有 before
the verb, a question 会不会…？ / 会…吗？, hearsay 听说有人说… with the complainant made a third person)
must lose T; their survival is precision brittleness.

The tables below are a test instrument, not the lexicon: they must not be copied into themes.yaml.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluate import split_of  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FOCUS = ("no_negotiation", "privacy", "call_harassment", "insult")

# -- the perturbation tables (a test instrument) --------------------------------------------
ADVERBS = ("一直", "根本", "都", "也", "还", "就", "直接", "完全", "竟然")  # before a verb or a negator
PARTICLES = ("了", "过", "着")  # after a verb
AGENTS = ("催收", "客服", "平台", "对方", "他们", "工作人员", "贷后", "催收人员", "那边")
# slot-mates: each group's words replace each other (longest first when matching)
SLOTS: tuple[tuple[str, ...], ...] = (
    ("协商", "商量", "沟通"),
    ("申请", "要求"),
    ("骚扰", "滋扰"),
    ("发短信", "发信息", "发消息"),
    ("家里人", "家人", "亲人", "父母", "爸妈"),
)
# calls: (pattern word, replacements); 打电话给X <-> 致电X keeps the object
CALLS: dict[str, tuple[str, ...]] = {
    "打电话给": ("致电", "打来电话给"),
    "致电": ("打电话给",),
    "打来电话": ("打电话", "来电", "打电话来"),
    "打电话来": ("打电话", "来电", "打来电话"),
    "打电话": ("来电", "打来电话", "打电话来"),
    "来电": ("打电话", "打来电话"),
}
# jieba tags these as verbs, but nothing goes between them and the verb they qualify
NOT_VERBS = ("提前", "一次", "全额", "一次性", "被", "让", "给")
NEGATORS = ("不", "没", "没有", "未", "拒绝", "拒", "无法", "不能")
FILLER_AFTER_PRONOUN = "的"  # 我家人 -> 我的家人
FILLER_MEASURE = "个"  # 打电话 -> 打个电话
PRONOUNS = ("我", "我们", "他", "她", "你")
CLAUSE_END = "，,。！!？?；;\n"
# meaning-removing perturbations (--removing)
NEGATE = ("没有", "并没有")
HEARSAY = "听说有人说"


@dataclass
class Perturbed:
    kind: str  # e.g. "adverb:一直", "agent:客服", "slot:协商>商量"
    text: str
    start: int  # the evidence span's place in the new text
    end: int


def _edit(text: str, at: int, drop: int, put: str, span: tuple[int, int]) -> tuple[str, int, int]:
    """text with text[at:at+drop] replaced by put, and the span's new offsets."""
    new = text[:at] + put + text[at + drop :]
    delta = len(put) - drop
    a, b = span
    a2 = a + delta if at < a else a
    b2 = b + delta if at < b else b
    if at + drop <= a:
        a2 = a + delta
    return new, a2, max(b2, a2 + 1)


def _clause(text: str, a: int, b: int) -> tuple[int, int]:
    lo = max((text.rfind(c, 0, a) for c in CLAUSE_END), default=-1) + 1
    his = [i for i in (text.find(c, b) for c in CLAUSE_END) if i >= 0]
    return lo, min(his) if his else len(text)


def _verbish(word: str, flag: str) -> bool:
    """A verb by jieba's tag, or one of its idioms (l) that is one: 打电话, 发短信."""
    return flag.startswith("v") or flag == "l" and word[:1] in "打发骂拨"


class Perturber:
    def __init__(self) -> None:
        import jieba
        import jieba.posseg as pseg

        jieba.setLogLevel(60)
        self.pseg = pseg
        from opencc import OpenCC

        self.s2t = OpenCC("s2t")

    def tokens(self, text: str, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
        """(start, end, word, flag) over text[lo:hi], offsets into text."""
        out, at = [], lo
        for w in self.pseg.lcut(text[lo:hi]):
            out.append((at, at + len(w.word), w.word, w.flag))
            at += len(w.word)
        return out

    def preserving(self, text: str, a: int, b: int) -> Iterator[Perturbed]:
        lo, hi = _clause(text, a, b)
        toks = self.tokens(text, lo, hi)
        span = (a, b)
        yield from self._adverbs(text, toks, span)
        yield from self._agents(text, toks, span, lo)
        yield from self._slots(text, span, lo, hi)
        yield from self._filler(text, toks, span)
        yield from self._punct(text, span, lo, hi)
        t = text[:lo] + self.s2t.convert(text[lo:hi]) + text[hi:]
        if t != text and len(t) == len(text):
            yield Perturbed("traditional", t, a, b)

    def _adverbs(self, text: str, toks: list[tuple[int, int, str, str]], span: tuple[int, int]) -> Iterator[Perturbed]:
        a, b = span
        places: list[tuple[int, str]] = []
        for i, (s, e, w, f) in enumerate(toks):
            if not (a <= s <= b or a <= e <= b):
                continue
            prev = toks[i - 1][2] if i else ""
            nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
            pflag = toks[i - 1][3] if i else "x"
            nflag = toks[i + 1][3] if i + 1 < len(toks) else "x"
            # the head of a verb group only: not inside a serial verb or a compound (提前还款, 群发侮辱恐吓)
            head = _verbish(w, f) and not pflag.startswith(("v", "d")) and prev not in NOT_VERBS
            if (head or w in NEGATORS) and a <= s <= b and prev not in NEGATORS and prev not in ADVERBS \
                    and w not in NOT_VERBS:
                places.append((s, "before"))
            # a particle after a verb with its object or at the clause's end (骚扰了我家人), not in 骚扰电话
            if head and w not in NOT_VERBS and a <= e <= b and nxt not in PARTICLES and w not in NEGATORS \
                    and (nflag.startswith(("r", "m")) or nxt in ("我", "家人", "亲友", "朋友", "父母") or e == toks[-1][1]) \
                    and not any(t[2] in ("不", "没", "未") for t in toks[max(0, i - 2) : i]):
                places.append((e, "after"))
        for at, side in places[:4]:
            for w in ADVERBS if side == "before" else PARTICLES:
                if text.startswith(w, at) or text.endswith(w, 0, at):
                    continue
                new, a2, b2 = _edit(text, at, 0, w, span)
                # an insertion at the span's start is inside the new span
                yield Perturbed(("adverb:" if side == "before" else "particle:") + w, new, min(a2, at), b2)

    def _agents(self, text: str, toks: list[tuple[int, int, str, str]], span: tuple[int, int], lo: int) -> Iterator[Perturbed]:
        a, b = span
        for i, (s, e, w, f) in enumerate(toks):
            if w not in AGENTS or e > b or s < a - 12:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is None or not (nxt[3].startswith(("v", "d", "p")) or nxt[2] in ("给", "把", "对", "向")):
                continue  # not a subject (催收电话, 平台的): swapping could change what is named
            prev = toks[i - 1][2] if i else ""
            if prev and prev[-1] in "的被让叫给向对":
                continue
            for other in AGENTS:
                if other != w:
                    new, a2, b2 = _edit(text, s, len(w), other, span)
                    yield Perturbed("agent:" + other, new, a2, b2)

    def _slots(self, text: str, span: tuple[int, int], lo: int, hi: int) -> Iterator[Perturbed]:
        a, b = span
        done: set[int] = set()
        for group in SLOTS:
            for w in sorted(group, key=len, reverse=True):
                at = text.find(w, max(lo, a - 2), min(hi, b + 2))
                if at < 0 or at in done or at + len(w) > hi:
                    continue
                done.update(range(at, at + len(w)))
                for other in group:
                    if other != w:
                        new, a2, b2 = _edit(text, at, len(w), other, span)
                        yield Perturbed(f"slot:{w}>{other}", new, a2, b2)
        for w in sorted(CALLS, key=len, reverse=True):
            at = text.find(w, max(lo, a - 2), min(hi, b + 2))
            if at < 0 or at in done:
                continue
            if w == "来电" and text.startswith(("来电显示", "来电号码"), at) or text.endswith(("打", "未"), 0, at):
                continue
            if w == "打电话" and text.startswith("打电话给", at) or w == "致电" and text.endswith("去", 0, at):
                continue
            done.update(range(at, at + len(w)))
            for other in CALLS[w]:
                new, a2, b2 = _edit(text, at, len(w), other, span)
                yield Perturbed(f"call:{w}>{other}", new, a2, b2)

    def _filler(self, text: str, toks: list[tuple[int, int, str, str]], span: tuple[int, int]) -> Iterator[Perturbed]:
        a, b = span
        for i, (s, e, w, f) in enumerate(toks[:-1]):
            nxt = toks[i + 1]
            if not (a <= e < b):
                continue
            if w in PRONOUNS and nxt[3].startswith("n") and nxt[2] not in ("们",):
                new, a2, b2 = _edit(text, e, 0, FILLER_AFTER_PRONOUN, span)
                yield Perturbed("filler:的", new, a2, b2)
            if w in ("打", "发") and nxt[2] in ("电话", "短信", "信息", "消息"):
                new, a2, b2 = _edit(text, e, 0, FILLER_MEASURE, span)
                yield Perturbed("filler:个", new, a2, b2)

    def _punct(self, text: str, span: tuple[int, int], lo: int, hi: int) -> Iterator[Perturbed]:
        a, b = span
        for at in {text.rfind("，", max(0, a - 12), a + 1), text.find("，", a, b + 12)} - {-1}:
            for put, kind in ((" ", "punct:，>space"), ("。", "punct:，>。")):
                new, a2, b2 = _edit(text, at, 1, put, span)
                yield Perturbed(kind, new, a2, b2)
        if hi < len(text) and text[hi] in "，,":
            new, a2, b2 = _edit(text, hi, 1, "！", span)
        else:
            new, a2, b2 = _edit(text, hi, 0, "！", span)
        yield Perturbed("punct:add！", new, a2, b2)

    def removing(self, text: str, a: int, b: int) -> Iterator[Perturbed]:
        """Meaning-removing perturbations: the theme must be lost."""
        lo, hi = _clause(text, a, b)
        toks = self.tokens(text, lo, hi)
        span = (a, b)
        # a refusal already (不同意协商): a second negation or a question reads unclear; hearsay still applies
        refusal = any(w in NEGATORS for s, _e, w, _f in toks if a <= s < b)
        verb = next(((s, e) for s, e, w, f in toks if _verbish(w, f) and a <= s < b and w not in AGENTS), None)
        if verb is not None and not refusal:
            s, e = verb
            drop = 1 if text.startswith(("了", "过", "着"), e) else 0
            base = text[:e] + text[e + drop :] if drop else text
            for w in NEGATE:
                new, a2, b2 = _edit(base, s, 0, w, (a, b - drop))
                yield Perturbed("negate:" + w, new, min(a2, s), b2)
            new, a2, b2 = _edit(base, s, 0, "会不会", (a, b - drop))
            new, a3, b3 = _edit(new, hi - drop + 3, 1 if hi - drop + 3 < len(new) and new[hi - drop + 3] in CLAUSE_END else 0, "？", (min(a2, s), b2))
            yield Perturbed("question:会不会", new, a3, b3)
            new, a2, b2 = _edit(base, s, 0, "会", (a, b - drop))
            new, a3, b3 = _edit(new, hi - drop + 1, 1 if hi - drop + 1 < len(new) and new[hi - drop + 1] in CLAUSE_END else 0, "吗？", (min(a2, s), b2))
            yield Perturbed("question:会吗", new, a3, b3)
        # hearsay: someone else's story; the complainant made a third person in the clause
        clause = text[lo:hi].replace("本人", "他").replace("我", "他")
        new = text[:lo] + HEARSAY + clause + text[hi:]
        yield Perturbed("hearsay:听说", new, a + len(HEARSAY), b + len(HEARSAY))


def _keeps(res: Any, theme: str, a: int, b: int) -> bool:
    return any(e.start < b and a < e.end for e in res.themes.get(theme, ()))


def _snippet(text: str, a: int, b: int, pad: int = 12) -> str:
    return (text[max(0, a - pad) : a] + "[" + text[a:b] + "]" + text[b : b + pad]).replace("\n", "⏎")


def tune_records(path: Path) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            if split_of(rec["id"]) == "tune":
                out.append(rec)
    return out


def run(path: Path, themes: tuple[str, ...] | None, removing: bool, list_n: int, batch: int = 256) -> dict[str, Any]:
    from pipeline.tag import Tagger

    tagger = Tagger()
    pert = Perturber()
    recs = tune_records(path)
    base = tagger.tag_texts([r["text"] for r in recs])
    jobs: list[tuple[str, str, Perturbed, str, int, int]] = []  # theme, rule, perturbed, original, a, b
    for rec, res in zip(recs, base):
        right = set(res.themes) & set(rec["themes"])
        for theme in sorted(right):
            if themes and theme not in themes:
                continue
            for ev in res.themes[theme]:
                if ev.rule.startswith("model:"):
                    continue  # the learned second opinion is no rule
                gen = pert.removing if removing else pert.preserving
                seen: set[str] = set()
                for p in gen(rec["text"], ev.start, ev.end):
                    if p.text != rec["text"] and p.text not in seen:
                        seen.add(p.text)
                        jobs.append((theme, ev.rule, p, rec["text"], ev.start, ev.end))
    kept: list[bool] = []
    for i in range(0, len(jobs), batch):
        part = jobs[i : i + batch]
        for job, res in zip(part, tagger.tag_texts([j[2].text for j in part])):
            kept.append(_keeps(res, job[0], job[2].start, job[2].end))
    by_theme: dict[str, Counter[str]] = defaultdict(Counter)
    by_rule: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    fails: dict[tuple[str, str], list[str]] = defaultdict(list)
    # "bad" = lost T for a meaning-keeping perturbation, kept T for a meaning-removing one
    for (theme, rule, p, orig, a, b), k in zip(jobs, kept):
        bad = k if removing else not k
        family = p.kind.split(":")[0] if p.kind.startswith(("slot", "call")) else p.kind
        for c in (by_theme[theme], by_rule[(theme, rule)], by_kind[family]):
            c["n"] += 1
            c["bad"] += bad
        if bad:
            fails[(rule, p.kind)].append(f"{_snippet(orig, a, b)}  ->  {_snippet(p.text, p.start, p.end)}")
    return {"by_theme": by_theme, "by_rule": by_rule, "by_kind": by_kind, "fails": fails, "n": len(jobs)}


def report(out: dict[str, Any], removing: bool, list_n: int) -> None:
    word = "survive (bad)" if removing else "survive"
    print(f"{out['n']:,} perturbations ({'meaning-removing' if removing else 'meaning-keeping'}), tune part only")
    print(f"\n{'theme':24} {'n':>6} {word:>14}")
    tot = Counter()
    for theme, c in sorted(out["by_theme"].items()):
        tot.update(c)
        rate = c["bad"] / c["n"] if removing else 1 - c["bad"] / c["n"]
        print(f"{theme:24} {c['n']:6} {rate:14.3f}")
    if tot["n"]:
        rate = tot["bad"] / tot["n"] if removing else 1 - tot["bad"] / tot["n"]
        print(f"{'all':24} {tot['n']:6} {rate:14.3f}")
    print(f"\n{'kind':24} {'n':>6} {word:>14}")
    for kind, c in sorted(out["by_kind"].items()):
        rate = c["bad"] / c["n"] if removing else 1 - c["bad"] / c["n"]
        print(f"{kind:24} {c['n']:6} {rate:14.3f}")
    print(f"\n{'rule (with failures)':50} {'n':>6} {'bad':>5}")
    for (theme, rule), c in sorted(out["by_rule"].items(), key=lambda kv: -kv[1]["bad"]):
        if c["bad"]:
            print(f"{rule:50} {c['n']:6} {c['bad']:5}")
    print("\nfailures by (rule, perturbation):")
    for (rule, kind), items in sorted(out["fails"].items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(f"--- {rule}  {kind}  x{len(items)}")
        for s in items[:list_n]:
            print("   ", s)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--themes", help="comma-separated themes (default: all)")
    ap.add_argument("--focus", action="store_true", help="only " + ",".join(FOCUS))
    ap.add_argument("--removing", action="store_true", help="meaning-removing perturbations (must lose the theme)")
    ap.add_argument("--list", type=int, default=3, help="snippets listed per failing (rule, perturbation)")
    ap.add_argument("--labels", type=Path, default=CORPUS / "labeled" / "dev_codebook.jsonl",
                    help="labelled JSONL file (its tune part is read)")
    args = ap.parse_args()
    themes = tuple(args.themes.split(",")) if args.themes else FOCUS if args.focus else None
    out = run(args.labels, themes, args.removing, args.list)
    report(out, args.removing, args.list)


if __name__ == "__main__":
    main()
