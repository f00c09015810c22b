"""Train the theme model (pipeline/model.py) on the TUNE part of dev_codebook.jsonl only.

    python bench/train_model.py [--out data/theme_model.txt] [--l1 0.002] [--precision 0.95]

The check part (pipeline.evaluate.split_of(id) == "check") is never read: it stays the
held-out measure of whether the model generalises (`complaints eval`). Deterministic: the
same labelled file and settings give the same file.

Every run prints, out of fold on the tune part, the rules alone and rules + model, and the
tags the model adds where the rules missed a theme (scored by the tagger's own gates:
model.gated_scores); then the same nested (each fold's thresholds picked on the other folds
at --precision), per theme: the honest figures, since the first table's thresholds were
picked on the very scores it counts. To compare designs without touching the check part:

    python bench/train_model.py --dry-run --sweep 0.95,0.9 [--evidence 0,2] [--l1 ..]
        [--sizes 2,3,4,5] [--target gold|rules|miss] [--where all|missed] [--pooled] [--curves]
        [--blank-rules]

--blank-rules simulates unseen wording (leave-rules-out): each theme's features are read
from the texts with that theme's own rule terms blanked out (the spans the tagger never lets
the model count: model.gated_scores), so every labelled post teaches the model the wording
around the rule terms, not the terms themselves, as if the rules had missed it.

--sweep measures each threshold rule by nested cross-validation (thresholds picked on the
other folds). Caveat: the rules were written from the tune part, so there they miss far
fewer posts (63 theme decisions of 1420) than on new posts; the figures of added tags are
few and understate what the model adds elsewhere.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import json
import sys
from typing import Any
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import model as tm  # noqa: E402
from pipeline.evaluate import split_of  # noqa: E402
from pipeline.lexicon import default as default_lexicon  # noqa: E402
from pipeline.lexicon import normalise  # noqa: E402
from pipeline.tag import Tagger  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=Path, default=CORPUS / "labeled" / "dev_codebook.jsonl")
    ap.add_argument("--out", type=Path, default=tm.MODEL_FILE)
    ap.add_argument("--l1", type=float, default=0.002)
    ap.add_argument("--iters", type=int, default=400)
    ap.add_argument("--precision", type=float, default=0.95)
    ap.add_argument("--floor", type=float, default=2.0)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--min-tp", type=int, default=3)
    ap.add_argument("--sizes", default="2,3,4", help="n-gram sizes, comma-separated")
    ap.add_argument("--target", choices=("gold", "rules", "miss"), default="gold")
    ap.add_argument("--where", choices=("all", "missed"), default="all", help="posts the thresholds are set on")
    ap.add_argument("--pooled", action="store_true", help="one threshold for every theme")
    ap.add_argument("--curves", action="store_true", help="print the best out-of-fold scores where the rules missed")
    ap.add_argument("--sweep", default="", help="precisions (comma-separated) to measure by nested cross-validation")
    ap.add_argument("--evidence", default="0", help="with --sweep: minimum weights (comma-separated) of a tag's strongest n-gram")
    ap.add_argument("--blank-rules", action="store_true", help="learn each theme without its rule terms (leave-rules-out)")
    ap.add_argument("--dry-run", action="store_true", help="print the out-of-fold figures, write nothing")
    args = ap.parse_args()
    raw = args.labels.read_bytes()
    texts, labels, targets = [], [], []
    for line in raw.decode("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if split_of(rec["id"]) != "tune":
            continue  # never the check part
        texts.append(rec["text"])
        targets.append(rec.get("target") or "")
        labels.append(set(rec["themes"]))
    lex = default_lexicon()
    exclude = tm.name_grams(list(lex.alias_to_lender) + list(lex.lenders))
    rules, gate = rules_and_gate(texts, targets)
    sizes = tuple(int(x) for x in args.sizes.split(","))
    views = blanked_views(texts, lex) if args.blank_rules else None
    model, stats = tm.train(texts, labels, lex.theme_ids, l1=args.l1, iters=args.iters, precision=args.precision,
                            floor=args.floor, min_df=args.min_df, min_tp=args.min_tp, exclude=exclude, sizes=sizes,
                            rules=rules, target=args.target, gate=gate, where=args.where, pooled=args.pooled,
                            views=views)
    oof = stats.pop("_oof")
    print_combined(labels, rules, stats, lex.theme_ids)
    # the honest figures: each fold's thresholds picked on the other folds (always at --precision)
    sweep(oof, labels, rules, lex.theme_ids, [float(p) for p in args.sweep.split(",")] if args.sweep else [args.precision],
          args.floor, args.min_tp, args.where, [float(w) for w in args.evidence.split(",")])
    if args.blank_rules:
        print_simulated_misses(oof)
    if args.curves:  # the best out-of-fold gated scores of each theme where the rules missed it, 1 = right
        for t, st in stats.items():
            print(f"  {t:<22} " + " ".join(f"{sc:.1f}:{g}" for sc, g in st.get("top", [])))
    if args.dry_run:
        return
    header = (
        "Theme model (pipeline/model.py): generated by bench/train_model.py, do not edit by hand.\n"
        f"Trained on the tune part of {args.labels.name} (sha1 {hashlib.sha1(raw).hexdigest()[:12]}, {len(texts)} posts);\n"
        f"sizes={args.sizes} target={args.target} where={args.where} l1={args.l1} iters={args.iters} min_df={args.min_df} "
        f"min_tp={args.min_tp} pooled={args.pooled} precision={args.precision} floor={args.floor}"
        + (" blank_rules=True" if args.blank_rules else "") + ".\n"
        "Out-of-fold (5 folds), tags added to the rules' (right/all of the posts whose theme the rules missed): "
        + ", ".join(f"{t} {s['added_tp']}/{s['added_tp'] + s['added_fp']} of {s['missed']}" for t, s in stats.items())
    )
    model.dump(args.out, header)
    n = sum(len(w) for w in model.weights.values())
    print(f"wrote {args.out}: {len(model.weights)} n-grams, {n} weights")
    for t, s in stats.items():
        print(f"  {t:<22} threshold {model.threshold[t]:6.2f}  oof {s['oof_tp']:>3} tp {s['oof_fp']:>3} fp of {s['positives']:>3}")


def rules_and_gate(texts: list[str], targets: list[str]) -> tuple[list[set[str]], tm.Gate]:
    """The rules' themes of each post, and the tagger's gated model scores (model.gated_scores)
    of a post's other themes, with the weight of its strongest evidence n-gram: thresholds
    and figures are about the tags the model adds."""
    tagger = Tagger()
    tagger.model = None  # the rules alone
    pre = []
    for text, target in zip(texts, targets):
        res = tagger.tag_text(text, target=target)
        pre.append((normalise(text), dict.fromkeys(res.themes), bool(res.lenders)))

    def gate(model: tm.ThemeModel, i: int) -> dict[str, float]:
        n, found, has_lender = pre[i]
        return {t: (score, max(model.weights[g][t] for _a, _b, g in kept))
                for t, (score, kept) in tm.gated_scores(model, tagger, n, found, has_lender).items() if kept}

    return [set(p[1]) for p in pre], gate


def blanked_views(texts: list[str], lex: Any) -> dict[str, list[str]]:
    """Theme -> each normalised text with the theme's own rule terms (model._blockers: the
    spans gated_scores never counts for it) replaced by spaces, which no n-gram crosses."""
    normal = [normalise(t).text for t in texts]
    views: dict[str, list[str]] = {}
    for theme in lex.theme_ids:
        auto = tm._blockers(lex, theme)
        views[theme] = [blank(s, auto) for s in normal]
    return views


def blank(s: str, auto: Any) -> str:
    """`s` with every span the automaton (values: the word's length) finds replaced by spaces."""
    if auto is None:
        return s
    chars = list(s)
    for end, size in auto.iter(s):
        chars[end - size + 1 : end + 1] = " " * size
    return "".join(chars)


def print_combined(labels: list[set[str]], rules: list[set[str]], stats: dict[str, Any], themes: list[str]) -> None:
    """Out-of-fold figures of the rules alone and of rules + model on the tune part."""
    total = {"rules": [0, 0, 0], "combined": [0, 0, 0]}
    print(f"  {'theme':<22} {'rules P/R':>13} {'+model P/R':>13}  added right/all of missed")
    for t in themes:
        tp = sum(t in r and t in y for r, y in zip(rules, labels))
        fp = sum(t in r and t not in y for r, y in zip(rules, labels))
        fn = sum(t in y and t not in r for r, y in zip(rules, labels))
        s = stats.get(t, {"added_tp": 0, "added_fp": 0, "missed": fn})
        ctp, cfp, cfn = tp + s["added_tp"], fp + s["added_fp"], fn - s["added_tp"]
        for k, v in (("rules", (tp, fp, fn)), ("combined", (ctp, cfp, cfn))):
            total[k] = [a + b for a, b in zip(total[k], v)]
        if tp + fp + fn:
            print(f"  {t:<22} {_pr(tp, fp, fn):>13} {_pr(ctp, cfp, cfn):>13}  {s['added_tp']}/{s['added_tp'] + s['added_fp']} of {s['missed']}")
    for k, (tp, fp, fn) in total.items():
        f1 = 2 * tp / (2 * tp + fp + fn)
        print(f"  micro {k:<16} {_pr(tp, fp, fn):>13}  F1 {f1:.4f}  (tp {tp} fp {fp} fn {fn})")


def sweep(oof: dict[str, Any], labels: list[set[str]], rules: list[set[str]], themes: list[str], precisions: list[float],
          floor: float, min_tp: int, where: str, evidence: list[float]) -> None:
    """Nested cross-validation of the threshold rule: each fold's thresholds are picked on the
    other folds' gated out-of-fold scores (where the rules missed the theme) and applied to
    that fold, so the figures do not flatter the threshold choice itself. where="all": the
    thresholds are picked on the raw scores of every post instead (the tags added are still
    counted on the gated scores)."""
    import numpy as np

    Y, fold = oof["gold"], oof["fold"]
    for w in evidence:
        G = np.where(oof["top"] >= w, oof["gated"], -np.inf)  # no evidence n-gram weighs w: no tag
        S = G if where == "missed" else oof["raw"]
        _sweep(G, S, Y, fold, oof["themes"], labels, rules, precisions, floor, min_tp, f"{where}, evidence>={w}")


def _sweep(G: Any, S: Any, Y: Any, fold: Any, used: list[str], labels: list[set[str]], rules: list[set[str]],
           precisions: list[float], floor: float, min_tp: int, what: str) -> None:
    tp = sum(len(r & y) for r, y in zip(rules, labels))
    fp = sum(len(r - y) for r, y in zip(rules, labels))
    fn = sum(len(y - r) for r, y in zip(rules, labels))
    for p in precisions:
        add = nested_added(G, S, Y, fold, p, floor, min_tp)
        a_tp, a_fp = int((add & (Y > 0)).sum()), int((add & (Y == 0)).sum())
        per = ", ".join(f"{t} {int((add[:, j] & (Y[:, j] > 0)).sum())}/{int(add[:, j].sum())}" for j, t in enumerate(used) if add[:, j].any())
        ctp, cfp, cfn = tp + a_tp, fp + a_fp, fn - a_tp
        print(f"  nested precision>={p} ({what}): added {a_tp}/{a_tp + a_fp}  combined P/R {_pr(ctp, cfp, cfn)} F1 {2 * ctp / (2 * ctp + cfp + cfn):.4f}  [{per}]")
        for t, (r, c, a_right, a_all) in per_theme(add, Y, used, labels, rules).items():
            print(f"    {t:<22} rules P/R {_pr(*r)}  +model P/R {_pr(*c)}  added {a_right}/{a_all}")


def nested_added(G: Any, S: Any, Y: Any, fold: Any, precision: float, floor: float, min_tp: int) -> Any:
    """posts x themes: would the model add the theme to the post, its threshold picked
    (model.lowest_precise on S, never below `floor`) on the other folds only and applied to
    the post's gated score G (-inf where the rules found the theme or no n-gram counts)."""
    import numpy as np

    add = np.zeros_like(Y, dtype=bool)
    for f in np.unique(fold):
        rest, this = fold != f, fold == f
        for j in range(Y.shape[1]):
            thr = max(tm.lowest_precise(S[rest, j], Y[rest, j], precision, min_tp), floor)
            add[this, j] = G[this, j] >= thr
    return add


def per_theme(add: Any, Y: Any, used: list[str], labels: list[set[str]], rules: list[set[str]]) -> dict[str, tuple]:
    """Theme -> ((tp, fp, fn) of the rules alone, (tp, fp, fn) of rules + the added tags,
    added right, added all), for the themes the model scores (`used`, the columns of add/Y)."""
    out = {}
    for j, t in enumerate(used):
        tp = sum(t in r and t in y for r, y in zip(rules, labels))
        fp = sum(t in r and t not in y for r, y in zip(rules, labels))
        fn = sum(t in y and t not in r for r, y in zip(rules, labels))
        right, wrong = int((add[:, j] & (Y[:, j] > 0)).sum()), int((add[:, j] & (Y[:, j] == 0)).sum())
        out[t] = ((tp, fp, fn), (tp + right, fp + wrong, fn - right), right, right + wrong)
    return out


def simulated_misses(oof: dict[str, Any]) -> dict[str, tuple[float, float, int]]:
    """With --blank-rules: theme -> (bar, share, positives): the bar is the highest out-of-fold
    gated score of a tune post without the theme (where the rules did not find it either), the
    share is that of the theme's posts whose out-of-fold score on their blanked view (its rule
    terms gone: as if the rules had missed it) is above the bar. What the model could add on
    unseen wording with no tune false alarm (the scope gates aside: an upper bound)."""
    import numpy as np

    Y, G, raw = oof["gold"], oof["gated"], oof["raw"]
    out = {}
    for j, t in enumerate(oof["themes"]):
        neg = (Y[:, j] == 0) & np.isfinite(G[:, j])
        bar = float(G[neg, j].max()) if neg.any() else -math.inf
        pos = Y[:, j] > 0
        out[t] = (bar, float((raw[pos, j] > bar).mean()) if pos.any() else 0.0, int(pos.sum()))
    return out


def print_simulated_misses(oof: dict[str, Any]) -> None:
    print("  simulated misses (blanked views, out of fold): share of the theme's posts above every tune negative")
    for t, (bar, share, n) in simulated_misses(oof).items():
        print(f"    {t:<22} bar {bar:6.2f}  {share:.3f} of {n}")


def _pr(tp: int, fp: int, fn: int) -> str:
    return f"{tp / max(tp + fp, 1):.3f}/{tp / max(tp + fn, 1):.3f}"


if __name__ == "__main__":
    main()
