"""A learned second opinion for the theme rules: a sparse character n-gram logistic model.

Why (issue 12): the rules in data/themes.yaml reach ~0.95 recall on the posts they were
written from and ~0.85 on held-out posts; the misses are long-tail wordings no single rule
names. The model reads the same normalised text (pipeline.lexicon.normalise) and proposes a
theme only where the rules found none and its score clears a high-precision threshold.

It is small and reviewable on purpose: data/theme_model.txt lists, per theme, a bias, a
threshold and the few hundred n-grams with a non-zero weight (L1 regularisation), so a
reader can see why a post was tagged. Every proposed tag carries evidence like a rule's:
the spans of the strongest positively weighted n-grams found in the post.

Training is reproducible from the labelled file's tune part only (bench/train_model.py);
the check part never reaches `train`. Only numpy is needed, to train and to apply.
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick

from pipeline import settings

MODEL_FILE = settings.data_dir() / "theme_model.txt"

NGRAM_SIZES = (2, 3, 4)
MAX_EVIDENCE = 3  # spans shown per proposed theme: the strongest n-grams found
# n-grams are Chinese characters only: amounts and dates ("100", "00") are no evidence a
# reader could check, and punctuation or line breaks do not belong inside evidence
_WORD_CHARS = re.compile(r"[\u4e00-\u9fff]+")
_VALUE = itemgetter(1)  # (end, value) pairs of automaton.iter -> value


def ngrams(s: str, sizes: Sequence[int] = NGRAM_SIZES) -> dict[str, int]:
    """Every n-gram (`sizes`) of a normalised text's word-character runs -> its first start."""
    out: dict[str, int] = {}
    for m in _WORD_CHARS.finditer(s):
        run, base = m.group(), m.start()
        for n in sizes:
            for i in range(len(run) - n + 1):
                out.setdefault(run[i : i + n], base + i)
    return out


@dataclass
class Proposal:
    theme: str
    score: float  # logit
    grams: list[tuple[int, int, str, float]]  # every model n-gram of the theme found: normalised (start, end, n-gram, weight), strongest first

    @property
    def spans(self) -> list[tuple[int, int, str, float]]:
        """The evidence: the strongest positively weighted n-grams."""
        return [g for g in self.grams if g[3] > 0][:MAX_EVIDENCE]


@dataclass
class ThemeModel:
    bias: dict[str, float]
    threshold: dict[str, float]  # logit a post must reach for the theme to be proposed
    weights: dict[str, dict[str, float]]  # n-gram -> theme -> weight (non-zero only)
    automaton: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # A few hundred n-grams: a plain automaton over the text (~15 µs per 130-character
        # post) beats reducing the text's alphabet first, and scoring in Python beats numpy
        # on ~40 n-grams; positions are only looked up when a theme reaches its threshold.
        self._themes = list(self.threshold)
        col = {t: j for j, t in enumerate(self._themes)}
        self._grams = list(self.weights)
        self._pairs = [tuple((col[t], w) for t, w in self.weights[g].items() if t in col) for g in self._grams]
        self._bias = [self.bias.get(t, 0.0) for t in self._themes]
        self._thr = [self.threshold[t] for t in self._themes]
        auto = ahocorasick.Automaton()
        for i, g in enumerate(self._grams):
            auto.add_word(g, i)
        if self._grams:
            auto.make_automaton()
        self.automaton = auto if self._grams else None
        # The same n-grams over the text reduced to their own characters (lexicon.ReducedAutomaton:
        # the same matches at the same places in the same order, fewer instructions)
        self._reduced: Any = None
        chars = {c for g in self._grams for c in g}
        if chars and _WORD_CHARS.fullmatch("".join(sorted(chars))):  # (n-grams are CJK: none is SENTINEL)
            from pipeline import lexicon as lx

            self._reduced = lx.ReducedAutomaton({g: i for i, g in enumerate(self._grams)})

    @property
    def themes(self) -> list[str]:
        return list(self.threshold)

    def propose(self, s: str, skip: Sequence[str] = ()) -> list[Proposal]:
        """Themes (not in `skip`) whose score reaches their threshold, with every n-gram found."""
        if self.automaton is None or not s:
            return []
        # one pass: the positions are read from it below
        if self._reduced is not None:
            found_at = list(self._reduced.iter(s))
        else:
            found_at = list(self.automaton.iter(s))
        # set(map(...)) at C speed; same insertions in the same order as a set comprehension,
        # so the same iteration order below (the scores are float sums: order matters)
        idx = set(map(_VALUE, found_at))
        if not idx:
            return []
        score = list(self._bias)
        pairs = self._pairs
        for i in idx:
            for j, w in pairs[i]:
                score[j] += w
        passing = [j for j, thr in enumerate(self._thr) if score[j] >= thr and self._themes[j] not in skip]
        if not passing:
            return []  # the common case: nothing to propose, no positions needed
        found: dict[int, int] = {}
        for end, i in found_at:
            if i not in found:
                found[i] = end - len(self._grams[i]) + 1
        out = []
        for j in passing:
            t = self._themes[j]
            grams = sorted(((self.weights[self._grams[i]][t], self._grams[i], p) for i, p in found.items() if t in self.weights[self._grams[i]]), reverse=True)
            out.append(Proposal(t, score[j], [(p, p + len(g), g, w) for w, g, p in grams]))
        return out

    # -- the reviewable file -----------------------------------------------------------------

    def dump(self, path: Path, header: str = "") -> None:
        lines = [f"# {h}" for h in header.splitlines()]
        lines.append("# theme\tn-gram | <bias> | <threshold>\tvalue")
        for t in self.threshold:
            lines.append(f"{t}\t<bias>\t{self.bias[t]:.4f}")
            lines.append(f"{t}\t<threshold>\t{self.threshold[t]:.4f}")
        by_theme: dict[str, list[tuple[float, str]]] = {}
        for g, ws in self.weights.items():
            for t, w in ws.items():
                by_theme.setdefault(t, []).append((w, g))
        for t in self.threshold:
            for w, g in sorted(by_theme.get(t, []), key=lambda x: (-x[0], x[1])):
                lines.append(f"{t}\t{g}\t{w:.4f}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load(path: Path = MODEL_FILE) -> ThemeModel | None:
    """The model in data/theme_model.txt, or None when there is none (rules only)."""
    if not path.exists():
        return None
    bias: dict[str, float] = {}
    threshold: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path.name}:{no}: expected theme, n-gram and value separated by tabs")
        theme, key, value = parts[0], parts[1], float(parts[2])
        if key == "<bias>":
            bias[theme] = value
        elif key == "<threshold>":
            threshold[theme] = value
        else:
            weights.setdefault(key, {})[theme] = value
    return ThemeModel(bias, threshold, weights)


@functools.cache
def default() -> ThemeModel | None:
    return load()


# --- training (numpy only; bench/train_model.py runs it on the tune part) ----------------------


def _vocabulary(docs: list[dict[str, int]], min_df: int, exclude: frozenset[str] = frozenset()) -> list[str]:
    df: dict[str, int] = {}
    for d in docs:
        for g in d:
            df[g] = df.get(g, 0) + 1
    return sorted(g for g, c in df.items() if c >= min_df and not _named(g, exclude))


def _named(gram: str, names: frozenset[str]) -> bool:
    """Is the n-gram part of a lender's name, or does it contain one (在钱站)?"""
    return gram in names or any(gram[i:j] in names for i in range(len(gram)) for j in range(i + 2, len(gram) + 1))


def name_grams(names: Sequence[str]) -> frozenset[str]:
    """Every n-gram of the lenders' names and aliases: which lender a post is about must not
    count as evidence of what the lender did (功夫贷's posts are often threats; 功夫 is not
    one). An n-gram containing one of these (在钱站) is no feature either."""
    out: set[str] = set()
    for name in names:
        for n in NGRAM_SIZES:
            for i in range(len(name) - n + 1):
                out.add(name[i : i + n])
    return frozenset(out)


def _matrix(docs: list[dict[str, int]], vocab: dict[str, int]) -> Any:
    import numpy as np

    X = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for i, d in enumerate(docs):
        idx = [vocab[g] for g in d if g in vocab]
        X[i, idx] = 1.0
    return X


def _fit(X: Any, Y: Any, l1: float, iters: int, R: Any = None) -> tuple[Any, Any]:
    """L1-regularised logistic regression, one column of Y per theme, by FISTA (proximal
    gradient with momentum). Returns (W: features x themes, b: themes).

    R (posts x themes, optional): did the rules find the theme? Each theme gets an
    unpenalised weight on its own column, so the rules explain the posts they find and the
    n-gram weights are left to explain the rest: the posts where the model would act (the
    rules' column is 0 there, so it is no part of the model that is applied)."""
    import numpy as np

    n, v = X.shape
    k = Y.shape[1]
    # Lipschitz constant of the mean logistic loss' gradient: ||X||_2^2 / (4n), by power iteration
    u = np.ones(v, dtype=np.float32) / math.sqrt(v)
    for _ in range(30):
        u = X.T @ (X @ u)
        u /= np.linalg.norm(u)
    lip = float(np.linalg.norm(X @ u)) ** 2 / (4 * n) + (1e-6 if R is None else 0.25)  # + the rules' column
    step = 1.0 / lip
    R = np.zeros_like(Y) if R is None else R
    W = np.zeros((v, k), dtype=np.float32)
    b = np.log((Y.mean(0) + 1e-3) / (1 - Y.mean(0) + 1e-3)).astype(np.float32)
    r = np.zeros(k, dtype=np.float32)
    Z, zb, zr, t = W.copy(), b.copy(), r.copy(), 1.0
    for _ in range(iters):
        P = 1 / (1 + np.exp(-(X @ Z + zb + R * zr)))
        G = P - Y
        gW = X.T @ G / n
        W_new = Z - step * gW
        W_new = np.sign(W_new) * np.maximum(np.abs(W_new) - step * l1, 0)
        b_new = zb - step * G.mean(0)
        r_new = zr - step * (G * R).mean(0)
        t_new = (1 + math.sqrt(1 + 4 * t * t)) / 2
        m = (t - 1) / t_new
        Z, zb, zr = W_new + m * (W_new - W), b_new + m * (b_new - b), r_new + m * (r_new - r)
        W, b, r, t = W_new, b_new, r_new, t_new
    return W, b


Gate = Callable[["ThemeModel", int], dict[str, Any]]  # theme -> score, or (score, strongest evidence weight)


def _model(vocab_list: list[str], W: Any, b: Any, used: list[str], threshold: dict[str, float]) -> ThemeModel:
    weights: dict[str, dict[str, float]] = {}
    for i, g in enumerate(vocab_list):
        for j, t in enumerate(used):
            w = float(W[i, j])
            if abs(w) >= 1e-4:
                weights.setdefault(g, {})[t] = round(w, 4)
    bias = {t: round(float(b[j]), 4) for j, t in enumerate(used)}
    return ThemeModel(bias, dict(threshold), weights)


def lowest_precise(scores: Any, gold: Any, precision: float, min_tp: int) -> float:
    """The lowest score at which the posts scoring at least that much are `precision` precise
    with at least `min_tp` right (inf: none is)."""
    import numpy as np

    best, tp, fp = math.inf, 0, 0
    for i in np.argsort(-scores, kind="stable"):
        if not np.isfinite(scores[i]):
            break
        tp += gold[i] > 0
        fp += gold[i] == 0
        if tp / (tp + fp) >= precision and tp >= min_tp:
            best = float(scores[i])
    return best


def train(
    texts: list[str],
    labels: list[set[str]],
    themes: list[str],
    *,
    min_positive: int = 15,
    min_df: int = 3,
    l1: float = 0.002,
    iters: int = 400,
    folds: int = 5,
    precision: float = 0.95,
    floor: float = 2.0,
    min_tp: int = 3,
    exclude: frozenset[str] = frozenset(),
    sizes: Sequence[int] = NGRAM_SIZES,
    rules: list[set[str]] | None = None,
    target: str = "gold",
    gate: Gate | None = None,
    where: str = "all",
    pooled: bool = False,
    views: dict[str, list[str]] | None = None,
) -> tuple[ThemeModel, dict[str, Any]]:
    """Fit the model and pick each theme's threshold from out-of-fold scores.

    The threshold is the lowest logit (never below `floor`) at which the out-of-fold
    proposals of the theme are at least `precision` precise with at least `min_tp` right;
    themes with fewer than `min_positive` labelled posts get no model (the rules alone
    decide them). n-grams in `exclude` (the lenders' names: name_grams) are never features.

    With `rules` (the themes the rules find in each post) and `gate` (post index -> the
    tagger's gated score of each theme the rules did not find, gated_scores), the stats
    say what the model adds to the rules out of fold (added_tp, added_fp); with
    where="missed" the thresholds are set where the model acts: on the posts whose theme the rules missed,
    scored as the tagger scores them, so `precision` is the precision of the tags the model
    adds to the rules'. `target`: "gold" (the labelled themes), "rules" (the same, with the
    rules' own column as a feature: _fit) or "miss" (only the labelled themes the rules missed).

    `views` (theme -> each post's normalised text as that theme's features are read from it):
    each such theme is fitted on its own (bench/train_model.py --blank-rules passes the texts
    with the theme's rule terms blanked out, the spans gated_scores never counts, so the
    weights are learnt from the wording the rules do not name, as if they had missed it).
    """
    import numpy as np

    from pipeline.lexicon import normalise

    used = [t for t in themes if sum(t in y for y in labels) >= min_positive]
    Y = np.array([[1.0 if t in y else 0.0 for t in used] for y in labels], dtype=np.float32)
    found = np.array([[1.0 if rules and t in rules[i] else 0.0 for t in used] for i in range(len(labels))], dtype=np.float32)
    Yfit = Y * (1 - found) if target == "miss" else Y
    R = found if target == "rules" else None
    # groups of themes fitted together on the same features: (columns of Y, each post's n-grams)
    views = views or {}
    shared_cols = [j for j, t in enumerate(used) if t not in views]
    groups = [([j], [ngrams(v, sizes) for v in views[t]]) for j, t in enumerate(used) if t in views]
    if shared_cols:
        groups.insert(0, (shared_cols, [ngrams(normalise(t).text, sizes) for t in texts]))

    def fit(mask: Any) -> list[tuple[list[int], list[str], Any, Any]]:
        out = []
        for cols, docs in groups:
            vocab_list = _vocabulary([d for d, m in zip(docs, mask) if m], min_df, exclude)
            vocab = {g: i for i, g in enumerate(vocab_list)}
            W, b = _fit(_matrix([d for d, m in zip(docs, mask) if m], vocab), Yfit[mask][:, cols], l1, iters,
                        None if R is None else R[mask][:, cols])
            out.append((cols, vocab_list, W, b))
        return out

    def as_model(fitted: list[tuple[list[int], list[str], Any, Any]], threshold: dict[str, float]) -> ThemeModel:
        parts = [_model(vocab_list, W, b, [used[j] for j in cols], threshold) for cols, vocab_list, W, b in fitted]
        weights: dict[str, dict[str, float]] = {}
        for part in parts:
            for g, ws in part.weights.items():
                weights.setdefault(g, {}).update(ws)
        bias = {t: v for part in parts for t, v in part.bias.items()}
        return ThemeModel({t: bias[t] for t in used}, {t: threshold[t] for t in used}, weights)

    # out-of-fold scores: each post scored by a model that never saw it; raw (every post) and,
    # with a gate, as the tagger scores them (only the themes the rules missed, n-grams gated)
    raw = np.zeros_like(Y)
    gated = np.full_like(Y, -np.inf)
    top = np.zeros_like(Y)  # the weight of the strongest n-gram that counts: how good the best evidence is
    fold_of = np.arange(len(texts)) % folds
    for f in range(folds):
        tr, te = fold_of != f, fold_of == f
        fitted = fit(tr)
        for (cols, docs), (_c, vocab_list, W, b) in zip(groups, fitted):
            vocab = {g: i for i, g in enumerate(vocab_list)}
            raw[np.ix_(te, cols)] = _matrix([d for d, m in zip(docs, te) if m], vocab) @ W + b
        if gate is not None:
            m = as_model(fitted, {t: -math.inf for t in used})
            for i in np.flatnonzero(te):
                for t, score in gate(m, int(i)).items():
                    gated[i, used.index(t)], top[i, used.index(t)] = score if isinstance(score, tuple) else (score, math.inf)
    oof = gated if gate is not None and where == "missed" else raw
    stats: dict[str, Any] = {}
    threshold: dict[str, float] = {}
    shared = lowest_precise(oof.ravel(), Y.ravel(), precision, min_tp) if pooled else math.inf
    for j, t in enumerate(used):
        best = shared if pooled else lowest_precise(oof[:, j], Y[:, j], precision, min_tp)
        threshold[t] = max(best, floor)  # inf: no threshold is precise enough, the rules alone decide
        hit = oof[:, j] >= threshold[t]
        stats[t] = {"positives": int(Y[:, j].sum()), "missed": int((Y[:, j] * (1 - found[:, j])).sum()),
                    "oof_tp": int((hit & (Y[:, j] > 0)).sum()), "oof_fp": int((hit & (Y[:, j] == 0)).sum())}
        if gate is not None:  # what the tagger would add to the rules' tags, out of fold
            best_i = np.argsort(-gated[:, j], kind="stable")[:12]
            stats[t]["top"] = [(round(float(gated[i, j]), 2), int(Y[i, j])) for i in best_i if np.isfinite(gated[i, j])]
            add = gated[:, j] >= threshold[t]
            stats[t]["added_tp"] = int((add & (Y[:, j] > 0)).sum())
            stats[t]["added_fp"] = int((add & (Y[:, j] == 0)).sum())
    stats["_oof"] = {"themes": used, "gated": gated, "top": top, "raw": raw, "gold": Y, "fold": fold_of}  # for bench/train_model.py's sweeps
    return as_model(fit(np.ones(len(texts), dtype=bool)), threshold), stats


# --- the tagger's hook ------------------------------------------------------------------------


def add_proposals(model: ThemeModel, tagger: Any, n: Any, themes: dict[str, list[Any]], has_lender: bool,
                  scope: Any = None) -> None:
    """Add the model's themes that the rules did not find to `themes` (pipeline/tag.py),
    each with the strongest n-grams that count (gated_scores) as its evidence. `scope`: the
    tagger's scope of this text when it has one (see gated_scores)."""
    from pipeline.tag import Evidence

    for t, (score, kept) in gated_scores(model, tagger, n, themes, has_lender, scope).items():
        if score < model.threshold[t] or not kept:
            continue
        evs = []
        for start, end, gram in kept[:MAX_EVIDENCE]:
            a, b = n.span(start, end)
            evs.append(Evidence(a, b, n.original[a:b], f"model:{t}:{gram}"))
        themes[t] = evs


def gated_scores(model: ThemeModel, tagger: Any, n: Any, themes: Any, has_lender: bool,
                 scope: Any = None) -> dict[str, tuple[float, list[tuple[int, int, str]]]]:
    """Theme -> (score, positively weighted n-grams that count, strongest first), for the
    model's proposals of themes the rules did not find (`themes`), scored as the tagger
    scores them: bench/train_model.py picks the thresholds on these very scores.

    The gates of a rule's hit apply to every n-gram: the post must be about lending or debt,
    and an n-gram counts only where it reports (not negated, hypothetical, advice, hearsay,
    the complainant's own action for actor-checked themes) and sits in none of the theme's
    exceptions (its `unless_after` words; its near rules' `unless_span` words: 朋友 inside
    朋友圈). The score is recomputed from the n-grams that pass. An n-gram overlapping
    one of the theme's own rule terms never counts: the rules saw that term and decided.

    `scope` is the tagger's scope of this text when it has one (Tagger._themes built it from
    the same automaton pass); without it, it is built here when first needed."""
    s = n.text
    proposals = model.propose(s, skip=tuple(themes))
    if not proposals:
        return {}
    lex = tagger.lex
    if not has_lender and not lex.about_lending(s):
        return {}
    out: dict[str, tuple[float, list[tuple[int, int, str]]]] = {}
    for p in proposals:
        theme = lex.themes.get(p.theme)
        if theme is None:
            continue
        blockers = _blockers(lex, p.theme)
        blocked = [(end - size + 1, end + 1) for end, size in blockers.iter(s)] if blockers is not None else []
        candidates = []
        for start, end, gram, weight in p.grams:
            if theme.unless_after and any(u in s[end : end + 6] for u in theme.unless_after):
                continue
            if any(a < end and start < b for a, b in blocked):
                continue  # inside an exception, or a term the rules saw and decided on (威胁 about the credit report only)
            candidates.append((start, end, gram, weight))
        # the scope checks only remove n-grams: skip them when even all positive ones cannot reach the threshold
        if model.bias[p.theme] + sum(w for *_x, w in candidates if w > 0) < model.threshold[p.theme]:
            continue
        if scope is None:
            from pipeline.lexicon import reduce_alphabet

            scope = tagger.scope_of(n, reduce_alphabet(s, tagger._alphabet))
        score, kept = model.bias[p.theme], []
        for start, end, gram, weight in candidates:
            if not tagger.reports(scope, start, end, actor=theme.actor_check, negate=theme.negate):
                continue
            score += weight
            if weight > 0:
                kept.append((start, end, gram))
        out[p.theme] = (score, kept)
    return out


_BLOCKERS: dict[tuple[int, str], Any] = {}


def _blockers(lex: Any, theme: str) -> Any:
    """An automaton of the words whose spans the model never counts for `theme`: its near
    rules' unless_span words (spans the rules never count: 朋友 inside 朋友圈) and its own
    rule terms (where one is in the text and the rules still did not tag the theme, they
    decided against it: negated, an exception; the model defers). None when there are none."""
    key = (id(lex), theme)
    if key not in _BLOCKERS:
        words = {u for r in lex.nears if r.theme == theme for u in r.unless_span}
        words |= {t.text for t in lex.terms if theme in t.themes}
        auto = None
        if words:
            auto = ahocorasick.Automaton()
            for w in words:
                auto.add_word(w, len(w))
            auto.make_automaton()
        _BLOCKERS[key] = auto
    return _BLOCKERS[key]
