"""Distinctive terms per group (lender, month, ...) for the dashboard's "what people say" panel.

Terms are jieba tokens (a private Tokenizer, never the global one) minus stopwords
(data/stopwords.txt), single characters, numbers and masked digits. A term's score is
its weighted log-odds ratio with an informative Dirichlet prior, as a z-score (Monroe,
Colaresi & Quinn 2008, "Fightin' Words"): how much more a group uses a term than the
background does, shrunk towards zero for rare terms so a word said twice does not top
the list.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import settings

STOPWORDS_FILE = settings.data_file("stopwords.txt")
PRIOR_WEIGHT = 500.0  # alpha_0: how many pseudo-tokens the background prior is worth
MIN_COUNT = 2  # a term must occur at least this often in the group

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*")


@functools.cache
def stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


@functools.cache
def _tokenizer() -> Any:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in ("爆通讯录", "暴力催收", "砍头息", "阴阳合同", "高利贷", "催收", "通讯录", "紧急联系人", "停息挂账"):
        tok.add_word(w)
    for alias in _lender_aliases():
        tok.add_word(alias)  # 功夫贷 stays one token instead of 功夫/贷
    return tok


@functools.cache
def _lender_aliases() -> frozenset[str]:
    """Lender names are left out of the lists: a lender's own name says nothing new about it."""
    from pipeline import lexicon

    lex = lexicon.default()
    # aliases are stored in the matching form (simplified, half-width, lower case)
    return frozenset(a for a in lex.alias_to_lender if len(a) >= 2) | frozenset(lexicon.norm_term(n) for n in lex.lenders)


def tokens(text: str) -> list[str]:
    """Content words of a text: jieba tokens, no stopwords, no single characters or numbers.

    The text is read in the tagger's matching form first (traditional -> simplified,
    full-width -> half-width, lower case), so 錢站 and 钱站 are one word, and a lender's
    name in either script is left out like its other aliases.
    """
    from pipeline import lexicon

    stop = stopwords() | _lender_aliases()
    out = []
    for w in _tokenizer().cut(lexicon.normalise(text or "").text):
        w = w.strip()
        if len(w) >= 2 and w not in stop and _KEEP.fullmatch(w):
            out.append(w)
    return out


def count_terms(texts: Iterable[str]) -> Counter[str]:
    c: Counter[str] = Counter()
    for t in texts:
        c.update(tokens(t))
    return c


def distinctive_terms(
    texts_by_group: dict[str, list[str]], background: list[str], top: int = 20
) -> dict[str, list[tuple[str, float, int]]]:
    """Top `top` terms per group: (term, z-score, count in group), highest score first.

    `background` is the comparison corpus (e.g. all posts); a group's own posts may be in it.
    Groups with no usable text get an empty list.
    """
    bg = count_terms(background)
    groups = {g: count_terms(texts) for g, texts in texts_by_group.items()}
    return {g: _log_odds(c, bg, top) for g, c in groups.items()}


def _log_odds(group: Counter[str], bg: Counter[str], top: int) -> list[tuple[str, float, int]]:
    n_g, n_bg = sum(group.values()), sum(bg.values())
    if not n_g:
        return []
    vocab_total = n_bg + n_g
    scored = []
    for term, y_g in group.items():
        if y_g < MIN_COUNT:
            continue
        y_bg = bg.get(term, 0)
        # prior proportional to the term's frequency in background + group (never zero)
        alpha = PRIOR_WEIGHT * (y_bg + y_g) / vocab_total
        a0 = PRIOR_WEIGHT
        d = math.log((y_g + alpha) / (n_g + a0 - y_g - alpha)) - math.log((y_bg + alpha) / (n_bg + a0 - y_bg - alpha))
        var = 1.0 / (y_g + alpha) + 1.0 / (y_bg + alpha)
        scored.append((term, d / math.sqrt(var), y_g))
    scored.sort(key=lambda x: (-x[1], -x[2], x[0]))
    return [(t, round(z, 3), n) for t, z, n in scored[:top]]
