"""Measure the tagger against a labelled file, and run it over a JSONL file (`classify`).

Label files are JSON Lines with "text" and "themes" (our codebook ids), like
../shared/corpus/labeled/dev_codebook.jsonl. Scores are per theme (precision, recall,
F1), micro (over all theme decisions) and macro (mean F1 over themes that occur in the
labels or in the predictions).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from pipeline.errors import ComplaintsError
from pipeline.tag import Tagger


CHECK_SHARE = 20  # percent of labelled posts held out as the "check" part


def split_of(post_id: Any) -> str:
    """"check" (20%) or "tune" (80%), fixed forever by a hash of the post id.

    Rules are written looking only at the tune part; the check part says whether they
    generalise. The split depends on nothing but the id, so adding posts never moves one.
    """
    h = hashlib.sha1(str(post_id).encode("utf-8")).hexdigest()
    return "check" if int(h[-4:], 16) % 100 < CHECK_SHARE else "tune"


class InputError(ComplaintsError):
    """A labels/input file cannot be read at all."""


@dataclass
class BadLine:
    line: int
    reason: str


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    posts: int = 0
    per_theme: dict[str, Counts] = field(default_factory=dict)
    bad: list[BadLine] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)  # mistakes, for lexicon work
    parts: dict[str, "Report"] = field(default_factory=dict)  # tune / check / lines N+ (see evaluate)

    @property
    def micro(self) -> Counts:
        c = Counts()
        for x in self.per_theme.values():
            c.tp, c.fp, c.fn = c.tp + x.tp, c.fp + x.fp, c.fn + x.fn
        return c

    @property
    def macro_f1(self) -> float:
        used = [c for c in self.per_theme.values() if c.tp + c.fp + c.fn]
        return sum(c.f1 for c in used) / len(used) if used else 0.0

    def to_json(self) -> dict[str, Any]:
        m = self.micro
        out = {
            "posts": self.posts,
            "micro": {"precision": m.precision, "recall": m.recall, "f1": m.f1},
            "macro_f1": self.macro_f1,
            "themes": {
                t: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.tp + c.fn, "tp": c.tp, "fp": c.fp, "fn": c.fn}
                for t, c in self.per_theme.items()
            },
            "bad_lines": [{"line": b.line, "reason": b.reason} for b in self.bad],
        }
        if self.parts:
            out["parts"] = {name: {k: v for k, v in r.to_json().items() if k != "bad_lines"} for name, r in self.parts.items()}
        return out

    def add(self, got: set[str], want: set[str]) -> None:
        for t, c in self.per_theme.items():
            c.tp += t in got and t in want
            c.fp += t in got and t not in want
            c.fn += t in want and t not in got
        self.posts += 1

    def table(self) -> str:
        rows = [f"{'theme':<22}{'prec':>7}{'recall':>8}{'F1':>7}{'support':>9}{'fp':>5}{'fn':>5}"]
        for t, c in self.per_theme.items():
            if not (c.tp + c.fp + c.fn):  # nothing labelled, nothing tagged: not measured
                rows.append(f"{t:<22}{'-':>7}{'-':>8}{'-':>7}{0:>9}{0:>5}{0:>5}")
                continue
            rows.append(f"{t:<22}{c.precision:>7.3f}{c.recall:>8.3f}{c.f1:>7.3f}{c.tp + c.fn:>9}{c.fp:>5}{c.fn:>5}")
        m = self.micro
        rows.append(f"{'micro':<22}{m.precision:>7.3f}{m.recall:>8.3f}{m.f1:>7.3f}{m.tp + m.fn:>9}{m.fp:>5}{m.fn:>5}")
        rows.append(f"{'macro F1':<22}{'':>15}{self.macro_f1:>7.3f}")
        rows.append(f"posts: {self.posts}" + (f", bad lines: {len(self.bad)}" if self.bad else ""))
        return "\n".join(rows)


def parts_table(report: Report) -> str:
    """P / R / F1 (support) per theme for each part side by side, then "all"."""
    cols = [*report.parts.items(), ("all", report)]
    if len(cols) == 1:
        return ""
    head = f"{'':<22}" + "".join(f"{name:^26}" for name, _ in cols)
    sub = f"{'theme':<22}" + "".join(f"{'P':>6}{'R':>6}{'F1':>7}{'n':>5}  " for _ in cols)
    rows = [head, sub]

    def cell(c: Counts) -> str:
        if not (c.tp + c.fp + c.fn):
            return f"{'-':>6}{'-':>6}{'-':>7}{0:>5}  "
        return f"{c.precision:>6.3f}{c.recall:>6.3f}{c.f1:>7.3f}{c.tp + c.fn:>5}  "

    for t in report.per_theme:
        rows.append(f"{t:<22}" + "".join(cell(r.per_theme[t]) for _, r in cols))
    rows.append(f"{'micro':<22}" + "".join(cell(r.micro) for _, r in cols))
    rows.append(f"{'macro F1':<22}" + "".join(f"{'':>12}{r.macro_f1:>7.3f}{'':>5}  " for _, r in cols))
    rows.append(f"{'posts':<22}" + "".join(f"{'':>12}{r.posts:>7}{'':>5}  " for _, r in cols))
    return "\n".join(rows)


def read_jsonl(lines: Iterable[str], required: tuple[str, ...] = ("text",)) -> Iterator[tuple[int, dict[str, Any] | BadLine]]:
    """(line number, record or BadLine) for each non-blank line; bad lines never stop the rest."""
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield no, BadLine(no, f"not valid JSON ({e.msg})")
            continue
        if not isinstance(rec, dict):
            yield no, BadLine(no, "not a JSON object")
            continue
        missing = [k for k in required if k not in rec]
        if missing:
            yield no, BadLine(no, f"missing field(s): {', '.join(missing)}")
            continue
        if not isinstance(rec.get("text"), str):
            yield no, BadLine(no, '"text" must be a string')
            continue
        if "target" in rec and rec["target"] is not None and not isinstance(rec["target"], str):
            yield no, BadLine(no, '"target" must be a string')
            continue
        yield no, rec


def evaluate(lines: Iterable[str], tagger: Tagger | None = None, from_line: int | None = None) -> Report:
    """Score the tagger on labelled lines ({"text", "themes"[, "target"]}).

    Posts with an "id" are also scored by part (`split_of`: "tune", "check"), and posts on
    line `from_line` or later as "lines N+" (labelled after the lexicon was first written).
    """
    tagger = tagger or Tagger()

    def new() -> Report:
        return Report(per_theme={t: Counts() for t in tagger.lex.themes})

    report = new()
    parts: dict[str, Report] = {}
    for no, rec in read_jsonl(lines, required=("text", "themes")):
        if isinstance(rec, BadLine):
            report.bad.append(rec)
            continue
        gold = rec["themes"]
        if not isinstance(gold, list) or not all(isinstance(t, str) for t in gold):
            report.bad.append(BadLine(no, '"themes" must be a list of strings'))
            continue
        unknown = [t for t in gold if t not in report.per_theme]
        if unknown:
            report.bad.append(BadLine(no, f"unknown theme(s): {', '.join(unknown)}"))
            continue
        result = tagger.tag_text(rec["text"], target=rec.get("target") or "")
        got, want = set(result.themes), set(gold)
        report.add(got, want)
        names = [split_of(rec["id"])] if rec.get("id") is not None else []
        if from_line is not None and no >= from_line:
            names.append(f"lines {from_line}+")
        for name in names:
            parts.setdefault(name, new()).add(got, want)
        if got != want:
            report.errors.append(
                {"line": no, "id": rec.get("id"), "part": names[0] if names else None, "missed": sorted(want - got),
                 "extra": sorted(got - want), "evidence": {t: [e.text for e in result.themes[t]] for t in sorted(got - want)}}
            )
    order = ["tune", "check", f"lines {from_line}+"]
    report.parts = {k: parts[k] for k in order if k in parts}
    return report


# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one, reused, writes the same lines.
# (A row is plain dicts and lists built per post, never circular: the check is skipped.)
_encode_line = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


# Lines read before they are tagged (as one batch) and written: a pipe sees output in steps of this many
CLASSIFY_BATCH = 256


def classify(lines: Iterable[str], out: IO[str], tagger: Tagger | None = None) -> tuple[int, list[BadLine]]:
    """Tag each {"id", "text"[, "target"]} line; write one result line per good input line.

    Returns (lines written, bad lines). A record without "id" gets its line number as id.
    """
    from pipeline import rules as rl

    tagger = tagger or Tagger()
    rules, types = rl.load_rules(), rl.lender_types()
    written, bad = 0, []
    batch: list[tuple[int, dict[str, Any]]] = []

    def write_batch() -> None:
        # tagged together (Tagger.tag_texts: stage by stage, ~20% less CPU), written in input order
        results = tagger.tag_texts([rec["text"] for _, rec in batch], [rec.get("target") or "" for _, rec in batch])
        for (no, rec), result in zip(batch, results):
            row = result.to_json(rec.get("id", no))
            # facts.md: the rule ids the facts trigger for the post's (primary) lender's type;
            # "scope_unknown:<id>" where the lender's type is not recorded
            row["rules"] = rl.post_rules(result.facts, result.themes, result.lenders[0] if result.lenders else None, rules, types)
            out.write(_encode_line(row) + "\n")
        batch.clear()

    for no, rec in read_jsonl(lines):
        if isinstance(rec, BadLine):
            bad.append(rec)
            continue
        batch.append((no, rec))
        written += 1
        if len(batch) >= CLASSIFY_BATCH:
            write_batch()
    if batch:
        write_batch()
    return written, bad


# --- facts (../shared/spec/facts.md) against dev_facts.jsonl ----------------------------------

FACTS_CHECK_EVERY = 5  # one post in five (by a stable hash of its id) is the check part


def split_part(post_id: Any) -> str:
    """'check' for a stable 20% of ids, else 'tune'. Rules are written looking at the tune
    part only; the check part measures whether they generalise (its errors are never printed).

    The facts file has its own salt: its split was fixed before the themes' (`split_of`), and
    changing it now would show the facts rules posts they were written from."""
    digest = hashlib.sha1(f"facts-split:{post_id}".encode()).hexdigest()
    return "check" if int(digest, 16) % FACTS_CHECK_EVERY == 0 else "tune"


@dataclass
class FactReport:
    """Per part ('tune', 'check'): per fact, post-level counts; numeric values compared exactly."""

    posts: dict[str, int] = field(default_factory=dict)
    per_fact: dict[str, dict[str, Counts]] = field(default_factory=dict)  # part -> fact -> counts
    atoms: dict[str, Counts] = field(default_factory=dict)  # part -> all fact atoms (party:mode, values)
    values: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # part -> fact -> [exact, compared]
    bad: list[BadLine] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)  # tune part only

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"bad_lines": [{"line": b.line, "reason": b.reason} for b in self.bad]}
        for part, facts in self.per_fact.items():
            out[part] = {
                "posts": self.posts.get(part, 0),
                "facts": {
                    f: {"precision": c.precision, "recall": c.recall, "support": c.tp + c.fn, "tp": c.tp, "fp": c.fp, "fn": c.fn}
                    for f, c in facts.items()
                },
                "atoms": {"precision": self.atoms[part].precision, "recall": self.atoms[part].recall},
                "values_exact": {f: {"exact": v[0], "compared": v[1]} for f, v in self.values.get(part, {}).items()},
            }
        return out

    def table(self) -> str:
        rows = []
        for part in ("tune", "check"):
            if part not in self.per_fact:
                continue
            rows.append(f"[{part}] posts: {self.posts.get(part, 0)}")
            rows.append(f"{'fact':<18}{'prec':>7}{'recall':>8}{'support':>9}{'fp':>5}{'fn':>5}{'exact':>9}")
            for f, c in self.per_fact[part].items():
                v = self.values.get(part, {}).get(f)
                exact = f"{v[0]}/{v[1]}" if v else ""
                if not (c.tp + c.fp + c.fn):
                    rows.append(f"{f:<18}{'-':>7}{'-':>8}{0:>9}{0:>5}{0:>5}{exact:>9}")
                    continue
                rows.append(f"{f:<18}{c.precision:>7.3f}{c.recall:>8.3f}{c.tp + c.fn:>9}{c.fp:>5}{c.fn:>5}{exact:>9}")
            a = self.atoms[part]
            rows.append(f"{'atoms':<18}{a.precision:>7.3f}{a.recall:>8.3f}{a.tp + a.fn:>9}{a.fp:>5}{a.fn:>5}")
        return "\n".join(rows)


def evaluate_facts(lines: Iterable[str], tagger: Tagger | None = None, parts: tuple[str, ...] = ("tune", "check")) -> FactReport:
    """Score the facts on labelled lines ({"id", "text", "facts"[, "disputed"]}).

    Post level: a fact is found when the post has any evidence for it. Atoms (a party and
    its mode, a number, a head fee's two amounts) are scored exactly. Atoms the two
    annotators disputed are not scored either way; a fact disputed and not agreed is not
    scored for that post.
    """
    from pipeline import facts as fx

    tagger = tagger or Tagger()
    report = FactReport()
    for part in parts:
        report.posts[part] = 0
        report.per_fact[part] = {f: Counts() for f in fx.FACTS}
        report.atoms[part] = Counts()
        report.values[part] = {f: [0, 0] for f in ("calls_per_day", "stated_apr", "head_fee")}
    for no, rec in read_jsonl(lines, required=("text", "facts")):
        if isinstance(rec, BadLine):
            report.bad.append(rec)
            continue
        gold = rec["facts"]
        if not isinstance(gold, dict) or any(k not in fx.FACTS for k in gold):
            report.bad.append(BadLine(no, '"facts" must map fact names of facts.md to values'))
            continue
        part = split_part(rec.get("id", no))
        if part not in parts:
            continue
        disputed = {str(d) for d in rec.get("disputed") or []}
        disputed_facts = {d.split(":")[0] for d in disputed}
        result = tagger.tag_text(rec["text"], target=rec.get("target") or "")
        got = fx.summarise(result.facts)
        for f, c in report.per_fact[part].items():
            g, p = fx.present(gold, f), fx.present(got, f)
            if not g and f in disputed_facts:
                continue
            c.tp += g and p
            c.fp += p and not g
            c.fn += g and not p
        for f, v in report.values[part].items():
            if fx.present(gold, f) and fx.present(got, f):
                v[1] += 1
                v[0] += ({a for a in fx.atoms(gold) if a.startswith(f)} == {a for a in fx.atoms(got) if a.startswith(f)})
        ga, pa = fx.atoms(gold) - disputed, fx.atoms(got) - disputed
        a = report.atoms[part]
        a.tp, a.fp, a.fn = a.tp + len(ga & pa), a.fp + len(pa - ga), a.fn + len(ga - pa)
        report.posts[part] += 1
        if part == "tune" and ga != pa:
            report.errors.append({"line": no, "id": rec.get("id"), "missed": sorted(ga - pa), "extra": sorted(pa - ga),
                                  "evidence": {f: [e["text"] for e in evs] for f, evs in result.facts.items()}})
    return report
