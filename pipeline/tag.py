"""Tag posts with lenders and the codebook's themes, each tag with its evidence.

Design (measured, see ../shared/spec/architecture.md): keyword matching on `jieba.lcut`
tokens misses terms (暴力催收 -> 暴力/催收) and runs ~900 posts/s, so every candidate is
found with Aho-Corasick automata over a normalised copy of the text (pipeline.lexicon);
jieba — a private Tokenizer, never the global one — is used only where it is the right
tool and only on small windows: is a lender alias a word here (白条 in 白条鸡 is not), and
is a negator before a hit really a negating word (没 vs 没钱)?

The codebook (../shared/spec/themes.md) says a theme applies when the post reports that
the lender did it or explicitly threatened to; not when negated, hypothetical on the
complainant's side, the complainant's own action, or advice. Each hit is checked for
those in its clause or sentence before it becomes evidence.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import marshal
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import lexicon as lx
from pipeline import model as tm
from pipeline import settings
from pipeline.lexicon import Lexicon, Normalised

MAX_EVIDENCE = 5  # per theme: enough for a reader to check, bounded for megabyte posts
PATTERN_REACH = 48  # a lexicon pattern spans at most this many characters on either side of its anchor


@dataclass
class Evidence:
    start: int  # offsets into the stored text, title + "\n" + body
    end: int
    text: str
    rule: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "rule": self.rule}

    def __reduce__(self) -> tuple[Any, ...]:
        # Positional pickling: results cross process boundaries by the million in `tag`.
        return (Evidence, (self.start, self.end, self.text, self.rule))


@dataclass
class TagResult:
    post_id: int | None
    lenders: list[str]  # canonical names, primary first
    themes: dict[str, list[Evidence]]
    # lender -> (start, end, via); via is "target", "alias" or "masked"; offsets None for target
    lender_spans: dict[str, tuple[int | None, int | None, str]] = field(default_factory=dict)
    # fact -> [{..value fields.., start, end, text}] (pipeline/facts.py), plain JSON already
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        return (TagResult, (self.post_id, self.lenders, self.themes, self.lender_spans, self.facts))

    def to_json(self, id_: Any = None) -> dict[str, Any]:
        return {
            "id": self.post_id if id_ is None else id_,
            "themes": sorted(self.themes),
            "lenders": self.lenders,
            "evidence": {t: [e.to_json() for e in ev] for t, ev in sorted(self.themes.items())},
            "facts": self.facts,
        }


@dataclass(slots=True)
class _Hit:
    theme: str
    start: int  # normalised offsets
    end: int
    rule: str
    anchor: int  # where scope checks look back from (the earlier word of a near rule)
    neg_at: int = -1  # where the negation check looks back from (the later word), -1 = anchor
    neg_end: int = -1  # where a second negation check looks back from (a pattern's last character), -1 = none


def stored_text(title: str | None, body: str | None) -> str:
    """The text tag offsets point into (docs/contracts.md)."""
    return f"{title or ''}\n{body or ''}"


class Tagger:
    """Compiled lexicon + private jieba tokenizer; build once per process, reuse for all posts."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or lx.default()
        from pipeline import facts as fx  # here, not at the top: facts builds on this module

        self.facts = fx.FactExtractor(self)
        for rule, (fact, _theme) in self.lex.fact_rules.items():
            if fact not in fx.FACTS:
                raise lx.LexiconError(f"themes.yaml: fact_rules.{rule} names unknown fact {fact!r}")
        lx.forget_parsed()  # the lexicons' patterns are read: their parses need not stay in memory
        self.model = tm.default() if lexicon is None else None  # learned second opinion; custom lexicons: rules only
        self.version = fx.tag_version(self.lex.version)  # themes, lenders and facts lexicons
        self._tok: Any = None
        # jieba's longer words: first character -> (marshalled) first two characters -> (marshalled) words
        self._by_char: dict[str, bytes] | None = None
        self._pairs: dict[str, dict[str, bytes]] = {}  # the first characters unmarshalled so far
        self._loaded: set[str] = set()  # first two characters whose words are in self._tok.FREQ
        self._masked = _masked_forms(self.lex)
        self._alphabet = lx.alphabet_map(self.lex)
        c = self.lex
        self._clause_rx = re.compile("[" + re.escape(c.clause_breaks) + "]")
        self._sentence_set = set(c.sentence_breaks)
        # the complainant back in a hearsay sentence (scope.hearsay_ends)
        self._self_ref = re.compile("|".join(re.escape(w) for w in c.hearsay_ends) or r"(?!x)x")
        self._actor_themes = {t for t, th in c.themes.items() if th.actor_check}
        self._negator_set = set(c.negators)
        self._reset_set = set(c.negation_resets)
        alt = "|".join(re.escape(w) for w in sorted(c.speech_cues, key=len, reverse=True))
        # a cue inside one of speech_not (给个说法) is none: those words are matched first and skipped
        # (the cue may start inside them, 强烈要求, so they are consumed rather than looked ahead of)
        nots = "|".join(re.escape(w) for w in sorted(c.speech_not, key=len, reverse=True))
        self._speech_rx = re.compile((f"(?:{nots})|({alt})" if nots else f"({alt})") if alt else r"(?!x)x")
        ends = lx.words_pattern(tuple(c.conditional_ends))
        # a clause break, then a word that turns back to what happened: the condition is over
        self._cond_end_rx = re.compile("[" + re.escape(c.clause_breaks) + "]\\s*(?:" + ends + ")") if ends else None
        # habitual conditionals (scope.habitual): 如果不还钱，催收就骂我 reports what the collectors do
        hb = c.habitual
        self._habit_themes = frozenset(hb.get("themes") or ())
        # the patterns whose own wording holds a negator (没有断过, 没日没夜): their negators are no denial (robust8)
        self._own_negators = frozenset(i for i, p in enumerate(c.patterns) if any(w in p.regex.pattern for w in c.negators))
        self._habit_conds = frozenset(hb.get("conditionals") or ())
        self._habit_condition = lx.words_rx(tuple(hb.get("conditions") or ()))
        self._habit_then = lx.words_rx(tuple(hb.get("then") or ()))
        self._habit_future = tuple(hb.get("future") or ())
        self._habit_words = lx.words_rx(tuple(hb.get("habit") or ()))
        self._habit_speech = lx.words_rx(tuple(hb.get("speech") or ()))
        self._habit_open = lx.words_rx(tuple(hb.get("open") or ()))
        # calls announced by the collector (scope.announced): 扬言不还钱就打爆你的电话 is threat's, no calls received
        an = c.announced
        self._announce_themes = frozenset(an.get("themes") or ())
        self._announce_strong = frozenset(an.get("strong") or ())
        self._announce_rx = None
        if self._announce_themes:
            def _w(key: str) -> str:
                return lx.words_pattern(tuple(an.get(key) or ()))
            cue = f"(?P<cue>{_w('strong')}|{_w('cues')})"
            stop, clause = "[^。！？；!?;\\n]", "[^，,。！？；!?;\\n]"
            self._announce_rx = re.compile(
                f"{cue}(?:(?:我|你|道|着)?(?:{_w('future')}){clause}{{0,4}}"
                f"|{stop}{{0,14}}?(?:{_w('conditions')}){stop}{{0,10}}?(?:{_w('then')})(?:会|要|将)?{clause}{{0,4}})$")
            self._announce_speaker = re.compile(str(an.get("speakers") or r"(?!x)x"))
            # with no speech cue, the words quoted by their addressee: 12点前不还上就一直打你电话
            self._announce_quoted = re.compile(f"(?:{_w('conditions')}){stop}{{0,10}}?(?:{_w('then')})(?:会|要|将)?{clause}{{0,4}}$")
        # Small windows repeat across posts ("在钱站借款"): jieba runs once per distinct window.
        self._cut = functools.lru_cache(maxsize=50_000)(self._cut_uncached)
        self._cuts = functools.lru_cache(maxsize=50_000)(self._cuts_uncached)
        self._boundary = functools.lru_cache(maxsize=50_000)(self._boundary_uncached)

    # -- jieba, lazily (only posts that need a boundary or negation check pay for it) ----

    @property
    def tok(self) -> Any:
        if self._tok is None:
            self._tok, self._by_char = _tokenizer(tuple(self.lex.user_words))
        return self._tok

    def _words_for(self, s: str, lo: int, hi: int) -> None:
        """Make sure jieba's dictionary holds every word of s that starts at lo..hi-1 (see
        _tokenizer: words of two or more characters are loaded by their first two, when first
        needed; a word starting at hi-1 may end after hi)."""
        tok = self.tok
        if self._by_char is None:
            return  # the whole dictionary is loaded
        loaded = self._loaded
        for k in range(lo, hi):
            pair = s[k : k + 2]
            if pair in loaded:
                continue
            loaded.add(pair)
            pairs = self._pairs.get(pair[0])
            if pairs is None:
                blob = self._by_char.get(pair[0])
                pairs = self._pairs[pair[0]] = marshal.loads(blob) if blob is not None else {}
            words = pairs.get(pair)
            if words is not None:
                tok.FREQ.update(marshal.loads(words))

    def _cut_uncached(self, window: str) -> tuple[str, ...]:
        self._words_for(window, 0, len(window))  # jieba looks up only substrings of the window
        return tuple(self.tok.cut(window, HMM=False))

    def _cuts_uncached(self, window: str) -> frozenset[int]:
        cuts, pos = {0}, 0
        for w in self._cut(window):
            pos += len(w)
            cuts.add(pos)
        return frozenset(cuts)

    # -- public API ----------------------------------------------------------------------

    def tag_post(self, post: dict[str, Any]) -> TagResult:
        """Tag a store row / dict with id, title, body and optional target."""
        text = stored_text(post.get("title"), post.get("body"))
        return self.tag_text(text, target=post.get("target") or "", post_id=post.get("id"))

    def tag_many(self, posts: Iterable[dict[str, Any]]) -> list[TagResult]:
        posts = list(posts)
        return self.tag_texts([stored_text(p.get("title"), p.get("body")) for p in posts],
                              [p.get("target") or "" for p in posts], [p.get("id") for p in posts])

    def tag_text(self, text: str, target: str = "", post_id: Any = None) -> TagResult:
        """Tag one stored text (title + "\\n" + body, or any text for `classify`)."""
        return self.tag_texts([text], [target], [post_id])[0]

    def tag_texts(self, texts: Sequence[str], targets: Sequence[str] | None = None,
                  post_ids: Sequence[Any] | None = None) -> list[TagResult]:
        """tag_text of each text (with its target and id), stage by stage over all of them.

        Every stage is a different working set (tables, automata, regexes, the model, jieba's
        words), together larger than the CPU's caches: post by post, each stage finds its own
        evicted by the others. Stage by stage over a batch it stays cached (measured on 135-
        character posts, batches of 64-512: ~20% less CPU). Each post's result is the same as
        alone: no stage reads another post's state (the caches of jieba cuts only save time)."""
        for text in texts:
            if not isinstance(text, str):
                raise TypeError("text must be a str")
        targets = targets if targets is not None else [""] * len(texts)
        post_ids = post_ids if post_ids is not None else [None] * len(texts)
        # the one normalising step of themes and facts: the matching form, its typed words read as meant
        # (data/confusables.txt word rows: 倒账 -> 到账)
        typos = self.lex.typos
        ns = [typos.read(lx.normalise(text)) for text in texts]
        acs = [lx.reduce_alphabet(n.text, self._alphabet) for n in ns]
        found = [self._lenders(n, target or "", ac) for n, target, ac in zip(ns, targets, acs)]
        # The lending gate (a lender named, or a word about lending or debt), decided once per post:
        # themes, the model and the facts each ask it, and about_lending costs ~12 µs on a short post.
        # Passed on as their has_lender, whose only use is that gate.
        gated = [bool(lenders) or self.lex.about_lending(n.text) for n, (lenders, _) in zip(ns, found)]
        # the facts reuse the themes' scope: one automaton pass and one clause split per post
        tagged = [self._themes(n, ac, has_lender=ok) for n, ac, ok in zip(ns, acs, gated)]
        if self.model is not None:
            for n, ok, (themes, scope) in zip(ns, gated, tagged):
                tm.add_proposals(self.model, self, n, themes, ok, scope)
        facts = self.facts.extract_many([(n, ac, ok, scope) for n, ac, ok, (_, scope) in zip(ns, acs, gated, tagged)])
        return [TagResult(post_id, lenders, self._with_fact_rules(themes, f), spans, f)
                for post_id, (lenders, spans), (themes, _), f in zip(post_ids, found, tagged, facts)]

    def _with_fact_rules(self, themes: dict[str, list[Evidence]], facts: dict[str, list[dict[str, Any]]]
                         ) -> dict[str, list[Evidence]]:
        """themes plus what themes.yaml `fact_rules` make of the facts: a found fact that is itself a
        report of a theme (a head fee is the codebook's 砍头息) gives the theme, its evidence the fact's
        own spans (offsets in the stored text already) under the rule's name.

        The fact passed the gates a theme's hit passes (negation, hypotheticals, hearsay, the
        complainant's own action) when it was found: nothing is checked again. A span overlapping
        the theme's own evidence adds nothing (the theme already shows it there)."""
        rules = self.lex.fact_rules
        if not rules or not facts:
            return themes
        added = False
        for rule, (fact, theme) in rules.items():
            for ev in facts.get(fact, ()):
                evs = themes.get(theme) or []
                if len(evs) >= MAX_EVIDENCE or any(e.start < ev["end"] and ev["start"] < e.end for e in evs):
                    continue
                themes[theme] = sorted([*evs, Evidence(ev["start"], ev["end"], ev["text"], rule)], key=lambda e: e.start)
                added = True
        if not added:
            return themes
        return {t: themes[t] for t in self.lex.themes if themes.get(t)}  # codebook order, as _evidence gives

    # -- the scope checks, for other extractors (pipeline/facts.py) --------------------------

    def scope_of(self, n: Normalised, ac: str) -> "_Scope":
        """Clauses, sentences, negators and hypothetical/advice markers of a normalised text."""
        markers: list[tuple[int, int, int]] = []
        negators: list[int] = []
        for end, (size, _t, _near, _p, neg, marker) in self.lex.theme_automaton.iter(ac):
            if neg:
                negators.append(end - size + 1)
            if marker:
                markers.append((end - size + 1, size, marker))
        scope = _Scope(n.text, self._clause_rx, self._sentence_set)
        scope.set_markers(markers)
        scope.negators = negators
        return scope

    def reports(self, scope: "_Scope", start: int, end: int, neg_at: int = -1, actor: bool = False,
                negate: bool = True, advice: str = "sentence", hearsay: bool = True, counterfactual: bool = False) -> bool:
        """Does [start, end) report something: not negated (unless negate=False), not the
        complainant's hypothetical or fear, not advice or hearsay (and, with actor=True, not
        the complainant's own action)?

        `advice` is where advice to readers drops the hit: "sentence" (themes), "clause" (the hit's
        clause up to the hit: a post written as one run-on sentence with 希望大家不要借 at its end
        still reports what collectors did), or "none" (the amounts of a loan: 奉劝大家不要借，借10000
        到手7000 still states the complainant's amounts). hearsay=False where the caller has its own
        hearsay test. counterfactual=True: 如果不是急用钱，我也不会借款10000元 presupposes the loan (a
        conditional followed by 不是 is no hypothetical, and its 不是 negates nothing)."""
        h = _Hit("", start, end, "", start, neg_at)
        s = scope.s
        if ((negate and self._negated(h, s, scope) and not (counterfactual and self._counterfactual(start, s, scope)))
                or self._hypothetical(start, s, scope, counterfactual)
                or self._advice(start, scope, where=advice, hearsay=hearsay)):
            return False
        return not (actor and scope.complainant_overlaps(start, end, self.lex.complainant))

    # -- lenders ---------------------------------------------------------------------------

    def _lenders(self, n: Normalised, target: str, ac: str) -> tuple[list[str], dict[str, tuple[int | None, int | None, str]]]:
        found: dict[str, tuple[int | None, int | None, str]] = {}
        if target:
            t = lx.normalise(target).text
            for name in self._aliases_in(t, check=False):
                found.setdefault(name[0], (None, None, "target"))
            for name in self._masked_in(t):
                found.setdefault(name[0], (None, None, "target"))
        for name, s, e in self._aliases_in(n.text, check=True, ac=ac):
            if name not in found:
                a, b = n.span(s, e)
                found[name] = (a, b, "alias")
        for name, s, e in self._masked_in(n.text):
            if name not in found:
                a, b = n.span(s, e)
                found[name] = (a, b, "masked")
        return list(found), found

    def _aliases_in(self, s: str, check: bool, ac: str | None = None) -> Iterator[tuple[str, int, int]]:
        """Lenders whose alias occurs in s, first occurrence each, longest alias winning overlaps."""
        if not s:
            return
        # iter (3x faster than iter_long here), then longest-first among overlapping aliases,
        # so 白条 inside 京东白条 is not counted on its own
        hits = [(end - len(alias) + 1, end + 1, alias) for end, alias in self.lex.lender_automaton.iter(ac if ac is not None else s) if alias]
        if not hits:
            return
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        seen: set[str] = set()
        covered = -1
        for start, end, alias in hits:
            if start < covered:
                continue
            covered = end
            name = self.lex.alias_to_lender[alias]
            if name in seen:
                continue
            if check and alias in self.lex.lenders[name].boundary and not self._on_boundaries(s, start, end):
                covered = start  # not a word here; a shorter alias inside may still be
                continue
            seen.add(name)
            yield name, start, end

    def _on_boundaries(self, s: str, start: int, end: int) -> bool:
        """Is s[start:end] a word as jieba cuts a small window around it (白条鸡 says no)?"""
        lo = max(0, start - 5)
        # the answer depends on the window alone, and windows repeat across posts (在钱站借款)
        return self._boundary(s[lo : min(len(s), end + 5)], start - lo, end - lo)

    def _boundary_uncached(self, w: str, start: int, end: int) -> bool:
        """_on_boundaries on its window w = s[lo:hi], with start and end relative to it."""
        before, after = w[start - 1 : start] if start else "", w[end : end + 1]
        if not _WORDY.match(before) and not _WORDY.match(after):
            return True  # punctuation or text edge on both sides: nothing to join with
        if not self._crossed(w, start, 0, len(w)) and not self._crossed(w, end, 0, len(w)):
            return True  # no dictionary word spans either edge: jieba must cut there
        cuts = self._cuts(w)
        return start in cuts and end in cuts

    def _crossed(self, s: str, at: int, lo: int, hi: int) -> bool:
        """Does a word of jieba's dictionary span position `at` (start before it, end after it)
        within s[lo:hi]? If none does, jieba (HMM off: dictionary words and single characters
        only) always cuts at `at`, and the window need not be segmented at all."""
        self._words_for(s, lo, at)  # the words looked up below start there
        freq = self.tok.FREQ  # words and all their prefixes (prefixes with count 0), as jieba's DAG uses it
        for i in range(lo, at):
            for j in range(i + 1, hi + 1):
                count = freq.get(s[i:j])
                if count is None:
                    break  # no dictionary word starts with s[i:j]
                if j > at and count:
                    return True
        return False

    def _masked_in(self, s: str) -> Iterator[tuple[str, int, int]]:
        """信*飞 -> 拍拍贷 (via 信用飞) when exactly one lender's alias fits the mask."""
        if "*" not in s:
            return
        for m in _MASK.finditer(s):
            a, b = m.start(), m.end()
            names: set[str] = set()
            best: tuple[int, int] | None = None
            for k in range(1, 4):
                for j in range(1, 4):
                    if a - k < 0 or b + j > len(s):
                        continue
                    key = s[a - k : a] + "*" + s[b : b + j]
                    hit = self._masked.get(key)
                    if hit:
                        names |= hit
                        best = best or (a - k, b + j)
            if len(names) == 1 and best:
                yield next(iter(names)), best[0], best[1]

    # -- themes ----------------------------------------------------------------------------

    def _themes(self, n: Normalised, ac: str, has_lender: bool) -> tuple[dict[str, list[Evidence]], "_Scope | None"]:
        """The themes with their evidence, and the scope built on the way (None when the post
        is about no lending or debt at all: then it has no themes and no facts)."""
        s = n.text
        lex = self.lex
        terms: list[tuple[int, int, int]] = []
        if not has_lender and not lex.about_lending(s):
            return {}, None  # nothing about lending or debt: the codebook's themes cannot apply
        # near rule i's a-word spans under key 2i, its b-word spans under 2i+1 (only those found)
        near: dict[int, list[tuple[int, int]]] = {}
        anchors: dict[int, list[int]] = {}
        markers: list[tuple[int, int, int]] = []
        negators: list[int] = []
        for end, (size, t_ids, near_ids, p_ids, neg, marker) in lex.theme_automaton.iter(ac):
            start = end - size + 1
            for idx in t_ids:
                terms.append((start, end + 1, idx))
            if near_ids:
                span = (start, end + 1)
                for idx in near_ids:
                    spans = near.get(idx)
                    if spans is None:
                        near[idx] = [span]
                    else:
                        spans.append(span)
            for idx in p_ids:
                seen = anchors.get(idx)
                if seen is None:
                    anchors[idx] = [end]
                else:
                    seen.append(end)
            if neg:
                negators.append(start)
            if marker:
                markers.append((start, size, marker))
        scope = _Scope(s, self._clause_rx, self._sentence_set)
        scope.set_markers(markers)
        scope.negators = negators
        hits: list[_Hit] = []
        term_list = lex.terms
        for start, stop, idx in terms:
            t = term_list[idx]
            if scope.excluded(t, start):
                continue
            if _inside_latin_word(s, start, stop):
                continue  # p图 in "app图标", p成 in "jsp成功": a Latin word's letters are no term
            if t.also:
                for theme in t.themes:
                    hits.append(_Hit(theme, start, stop, t.rule, start))
            else:
                hits.append(_Hit(t.theme, start, stop, t.rule, start))
        if near:
            nears = lex.nears
            # the rules with both an a-word and a b-word here, in rule order, as the rules are listed
            for idx in sorted(k >> 1 for k in near if not k & 1 and k + 1 in near):
                hits += self._near_hits(nears[idx], near[2 * idx], near[2 * idx + 1], s, scope)
        for idx, ends in anchors.items():
            p = lex.patterns[idx]
            # Only around the anchors: a regex scan of the whole post costs more than all else.
            seen_spans: set[tuple[int, int]] = set()
            for lo, hi in _windows(ends, PATTERN_REACH) if len(ends) > 1 else ((max(0, ends[0] - PATTERN_REACH), ends[0] + PATTERN_REACH),):
                scr = p.screens  # (at most two)
                if scr and (scr[0].search(s, lo, hi) is None or (len(scr) > 1 and scr[1].search(s, lo, hi) is None)):
                    continue  # a word every match needs is not in this window
                for m in p.finditer(s, lo, hi):
                    span = m.span()
                    if span in seen_spans:
                        continue
                    seen_spans.add(span)
                    if scope.excluded(p, span[0]):
                        continue
                    # For the acts themes (scope.habitual.themes: calls, texts, contacts, insults, data; not the threats,
                    # whose spans hold the collector's 不还就…) the negation check looks back from the span's last
                    # character: a negator inside it, before its verb, denies it (所有家人朋友都没有打电话), as a near
                    # rule's later word is looked back from. Not in a pattern worded with a negator of its own
                    # (电话…没有断过: the calls never stopped).
                    inner = idx not in self._own_negators
                    for theme in (p.theme, *p.also):
                        neg_end = span[1] - 1 if inner and theme in self._habit_themes else -1
                        hits.append(_Hit(theme, span[0], span[1], p.rule, span[0], -1, neg_end))
        hits += self._numeric_hits(s)
        return self._evidence(n, hits, scope), scope

    def _near_hits(self, rule: lx.Near, a_spans: list[tuple[int, int]], b_spans: list[tuple[int, int]], s: str, scope: "_Scope") -> list[_Hit]:
        out = []
        split = scope.sentence_id if rule.scope == "sentence" else scope.clause_id
        b_spans.sort()
        b_starts = [b[0] for b in b_spans]
        reach = rule.window + 12  # longest word in a rule list is well under 12 characters
        not_before = rule.not_before
        for a0, a1 in a_spans:
            lo_i = bisect.bisect_left(b_starts, a0 - reach)
            hi_i = bisect.bisect_right(b_starts, a1 + rule.window)
            for b0, b1 in b_spans[lo_i:hi_i]:
                if rule.order == "ab" and b0 < a0 or rule.order == "ba" and a0 < b0:
                    continue
                gap = b0 - a1 if b0 >= a1 else a0 - b1 if a0 >= b1 else 0
                if gap > rule.window or (a0 == b0 and a1 == b1):
                    continue
                lo, hi = min(a0, b0), max(a1, b1)
                if split(lo) != split(hi - 1):
                    continue
                if not_before and (rule.not_before_side == "any" or b0 <= a0):
                    if s.endswith(not_before, 0, lo):  # (a tuple: any of them)
                        continue
                if rule.unless_rx is not None and rule.unless_rx.search(s, max(0, lo - 2), hi + 2):
                    continue
                if scope.excluded(rule, lo):
                    continue
                for theme in (rule.theme, *rule.also):
                    out.append(_Hit(theme, lo, hi, rule.rule, lo, max(a0, b0)))
                break  # one b per a is enough evidence
        return out

    # -- scope checks: negation, hypotheticals, advice, the complainant's own actions --------

    def _applies(self, h: _Hit, s: str, scope: "_Scope") -> bool:
        lex = self.lex
        theme = lex.themes[h.theme]
        if theme.unless_after:
            after = s[h.end : h.end + 6]
            if any(u in after for u in theme.unless_after):
                return False
        if h.theme in self._announce_themes and self._announced(h, s, scope):
            return False
        if theme.unless_sentence is not None and theme.unless_sentence.match(
                s, scope.sentence_start(h.start), scope.sentence_end(h.start)):
            return False
        # (如果不是催收天天骚扰我的家人，我也不会投诉: "were it not for" says what happened, and its 不是 negates nothing)
        if theme.negate and (self._negated(h, s, scope) or h.neg_end >= 0 and self._negated(
                _Hit(h.theme, h.start, h.end, h.rule, h.anchor, h.neg_end), s, scope)) \
                and not self._counterfactual(h.anchor, s, scope):
            return False
        # Hypotheticals and advice depend only on where the hit starts (and whether the theme's conduct
        # can be habitual, scope.habitual): decide once per place.
        habitual = h.theme in self._habit_themes
        key = (h.anchor, habitual)
        ok = scope.cache.get(key)
        if ok is None:
            ok = (not self._hypothetical(h.anchor, s, scope, counterfactual=True, habitual=habitual)
                  and not self._advice(h.anchor, scope))
            scope.cache[key] = ok
        if not ok or self._future_question(h, s, scope):
            return False
        if h.theme in self._actor_themes and scope.complainant_overlaps(h.start, h.end, lex.complainant):
            return False
        return True

    def _announced(self, h: _Hit, s: str, scope: "_Scope") -> bool:
        """Is the hit what the collector only announced (scope.announced): 扬言不还钱就打爆你的电话, 说要打爆我电话,
        the speech cue from the previous clause's start on, not said by the complainant?"""
        if self._announce_rx is None:
            return False
        breaks = scope.breaks
        i = bisect.bisect_left(breaks, h.start)
        lo = breaks[i - 2] + 1 if i >= 2 else 0
        m = self._announce_rx.search(s, lo, h.start)
        if m is None:
            # no speech cue: the collector's words told as said to their addressee (不还上就一直打你电话)
            return "你" in s[h.start : h.end] and self._announce_quoted.search(s, lo, h.start) is not None
        cue = m.group("cue")
        if cue not in self._announce_strong and s.startswith(("我", "本人"), m.end("cue")):
            return False  # 说我欠钱不还，就天天打: what was said of the complainant, then what was done
        return self._announce_speaker.search(s, lo, m.start("cue")) is None

    def _advice(self, at: int, scope: "_Scope", where: str = "sentence", hearsay: bool = True) -> bool:
        if hearsay and scope.hearsay and self._hearsay(at, scope):
            return True
        if where == "none" or not scope.advice:
            return False
        if where == "clause":
            cs = scope.clause_start(at)
            return any(cs <= a <= at for a in scope.advice)
        # Advice governs what follows it in the sentence, until the complainant speaks of themself again
        # (建议大家别借，我已经被爆了通讯录 keeps the report, issue 12); a report the advice follows
        # (催收爆了我的通讯录，大家千万不要借) stays a report.
        ss = scope.sentence_start(at)
        return any(ss <= a <= at and not self._self_ref.search(scope.s, a, at) for a in scope.advice)

    def _future_question(self, h: _Hit, s: str, scope: "_Scope") -> bool:
        """Is the hit inside the complainant's question about what may come (scope.future_question):
        催收会打电话给我家人吗？ / 平台会拒绝协商吗？ ask, they report nothing. Only with the modal before the
        hit in its clause and the clause ending the question; 难道可以天天打电话骚扰我家人吗 (no modal) and
        你们天天打电话骚扰我家人，有意思吗 (the question is another clause's) still report."""
        lex = self.lex
        if scope.has_modal is None:  # once per post: many hold no modal at all (both regexes need 会)
            scope.has_modal = "会" in s
        if not scope.has_modal:
            return False
        # the modal anywhere before the hit's last word (催收会辱骂我吗: a near rule's span starts at 催收)
        cs, last = scope.clause_start(h.anchor), max(h.anchor, h.end - 1)
        if lex.future_asks is not None and lex.future_asks.search(s, cs, last) is not None:
            return True  # 催收电话会不会骚扰我家人: asks, wherever the clause ends
        if lex.future_question is None or lex.future_question.search(s, cs, last) is None:
            return False
        return scope.clause_rest(h.anchor).rstrip(lex.clause_breaks + " ").endswith(lex.future_question_ends)

    def _hearsay(self, at: int, scope: "_Scope") -> bool:
        # Someone else's experience (themes.md: "about someone else's general experience"):
        # after 听说有人 in the same sentence, until the complainant speaks of themself again
        # (听说有人被爆通讯录，我也被爆了 keeps the second). A cue after the hit changes nothing.
        ss = scope.sentence_start(at)
        return any(ss <= h <= at and not self._self_ref.search(scope.s, h, at) for h in scope.hearsay)

    def _negated(self, h: _Hit, s: str, scope: "_Scope") -> bool:
        # From shortly before the span to its last word: 没有联系我家人, 一直没有来电
        negs = scope.negators
        if not negs:
            return False  # no negator anywhere in the post
        at = h.neg_at if h.neg_at >= 0 else h.anchor
        # No negator in the window the loop below looks at first, and no 、 joining the clause to an
        # earlier item: the loop would answer False at once (most hits); so would the test of a
        # rhetorical question. Answered here, before slicing the clause's rest.
        cs = scope.clause_start(at)
        i = bisect.bisect_left(negs, max(cs, h.anchor - self.lex.negation_window))
        if (i == len(negs) or negs[i] >= at) and (cs == 0 or s[cs - 1] != "、"):
            return False
        # Rhetorical questions report, they do not deny: 这不是高利贷是什么？
        rest = scope.clause_rest(at)
        if "是什么" in rest or rest.endswith(("?", "？", "吗")):
            return False
        later = ""  # the list items between a looked-at window and the hit: a reset word there ends the denial
        while True:
            cs = scope.clause_start(at)
            lo = max(cs, at - self.lex.negation_window if later else h.anchor - self.lex.negation_window)
            i = bisect.bisect_left(negs, lo)
            if i < len(negs) and negs[i] < at:  # a negator starts in the window before the hit
                words = self._cut(s[lo:at] + later)
                for i in range(len(words) - 1, -1, -1):
                    if words[i] in self._negator_set:
                        return not any(w in self._reset_set for w in words[i + 1 :])
            # 没有打电话、发短信骚扰我: 、 joins items of one predicate, so a negator before the first
            # item denies the later ones too; look again from the 、 back into the previous item
            # (not when the item starts anew with a reset word: 还没撤案、还给我亲朋好友打电话 is a run-on
            # post's 、 for a comma, and its 还 starts another predicate)
            if cs == 0 or s[cs - 1] != "、" or any(s.startswith(w, cs) for w in self._reset_set):
                return False
            later = s[cs - 1 : at] + later
            at = cs - 1

    def _hypothetical(self, at: int, s: str, scope: "_Scope", counterfactual: bool = False, habitual: bool = False) -> bool:
        """A conditional earlier in the sentence, or a fear earlier in the clause, said by the complainant
        (with counterfactual=True, not 如果不是…: "were it not for…" says what happened; with habitual=True,
        not a habitual conditional, 如果不还钱，催收就骂我: scope.habitual)."""
        if not scope.markers:
            return False
        ss, cs = scope.sentence_start(at), scope.clause_start(at)
        seen: set[bool] = set()  # only the last conditional and the last fear count
        # markers starting at or after `at` cannot precede it: start from the last one before
        before = bisect.bisect_left(scope.marker_starts, at)
        for pos, size, conditional in reversed(scope.markers[:before]):
            if pos + size > at or conditional in seen:
                continue
            if pos < ss:
                break
            if not conditional and pos < cs and not self._fear_carries(s, cs, at):
                continue
            if conditional and self.lex.conditional_reach and at - pos > self.lex.conditional_reach:
                continue  # too far back in a run-on sentence to govern this report
            if conditional and self._cond_end_rx is not None and self._cond_end_rx.search(s, pos, at):
                continue  # a later clause turned to what happened (…，可是…)
            if s.startswith("万一", pos) and pos > 0 and s[pos - 1] in _NUMERALS:
                continue  # 两万一的本金: an amount, not "in case"
            if counterfactual and conditional and s.startswith("不是", pos + size):
                continue
            seen.add(conditional)
            # The collector's conditional ("威胁我如果不还就…") is a threat, not a hypothetical.
            before = s[max(ss, pos - 12) : pos]
            if any(m.group(1) for m in self._speech_rx.finditer(before)):
                continue
            if self._is_word(s, pos, size, ss):
                return not (habitual and self._habitual(s, pos, size, at, ss, scope))
        return False

    def _habitual(self, s: str, pos: int, size: int, at: int, ss: int, scope: "_Scope") -> bool:
        """Is the conditional at `pos` a habitual one whose consequent holds the hit at `at` (scope.habitual):
        如果不还钱，催收就骂我 / 要是晚一天还，他们就打电话给我爸妈 say what the collectors do each time?"""
        if s[pos : pos + size] not in self._habit_conds or self._habit_condition is None or self._habit_then is None:
            return False
        cond = self._habit_condition.search(s, pos + size, at)
        if cond is None:
            return False
        then = self._habit_then.search(s, cond.end(), at)
        if then is None or "再" in s[pos + size : then.start()]:
            return False  # the hit is in the condition, or the condition is the future (如果再…)
        end = scope.sentence_end(at)
        # not addressed to the borrower (如果不还就爆你通讯录: the collector's words) nor a question or worry
        if self._habit_speech is not None and self._habit_speech.search(s, pos, end):
            return False
        if self._habit_open is not None and self._habit_open.search(s, at, end):
            return False
        # not the future (就会/就要), unless the sentence says it happens each time (每次…都会)
        if s.startswith(self._habit_future, then.end()) and not (
                self._habit_words is not None and self._habit_words.search(s, ss, at)):
            return False
        # no fear before the conditional (我怕如果逾期了，他们就…)
        return not any(not conditional and ss <= p < pos for p, _size, conditional in scope.markers)

    def _counterfactual(self, at: int, s: str, scope: "_Scope") -> bool:
        """Is there a 如果不是 / 要是不是 earlier in the hit's clause (its 不是 then negates nothing)?"""
        cs = scope.clause_start(at)
        return any(conditional and cs <= pos < at and s.startswith("不是", pos + size)
                   for pos, size, conditional in scope.markers)

    def _fear_carries(self, s: str, cs: int, at: int) -> bool:
        """Does the hit's clause continue an earlier clause's fear (…，以后贷不了款)?"""
        head = s[cs:at].lstrip()
        return any(head.startswith(w) for w in self.lex.fear_carry)

    def _is_word(self, s: str, at: int, size: int, ss: int) -> bool:
        """Is the marker at `at` a word of its own (怕 yes, 可怕 no; 万一 yes, 三万一年 no)?"""
        lo = max(ss, at - 4)
        hi = min(len(s), at + size + 4)
        if not self._crossed(s, at, lo, hi) and not self._crossed(s, at + size, lo, hi):
            return True
        cuts = self._cuts(s[lo:hi])
        return (at - lo) in cuts and (at - lo + size) in cuts

    # -- number rules (fees) -------------------------------------------------------------

    def _numeric_hits(self, s: str) -> list[_Hit]:
        rules = self.lex.numeric
        out: list[_Hit] = []
        if "fees:borrow_repay_ratio" in rules and "借" in s and "还" in s:
            for m in _borrow_repay_matches(s):
                if any(w in m.group("mid") for w in ("每期", "每月", "每个月", "首期", "第", "已经", "已")):
                    continue
                lent, repay = _amount(m.group("a"), m.group("au")), _amount(m.group("b"), m.group("bu"))
                if lent >= 100 and repay >= lent * 1.3:
                    out.append(_Hit(rules["fees:borrow_repay_ratio"], m.start(), m.end(), "fees:borrow_repay_ratio", m.start()))
        contracts = list(_CONTRACT.finditer(s)) if "fees:contract_vs_received" in rules and "合同" in s else []
        if contracts:
            received = [(m, _amount(m.group("n"), m.group("u"))) for m in _RECEIVED.finditer(s)]
            if received:
                for c in contracts:
                    amount = _amount(c.group("n"), c.group("u"))
                    for r, got in received:
                        if abs(r.start() - c.start()) <= 40 and got >= 100 and amount > got * 1.03:
                            lo, hi = min(c.start(), r.start()), max(c.end(), r.end())
                            out.append(_Hit(rules["fees:contract_vs_received"], lo, hi, "fees:contract_vs_received", lo))
                            break
        return out

    # -- evidence ---------------------------------------------------------------------------

    def _evidence(self, n: Normalised, hits: list[_Hit], scope: "_Scope") -> dict[str, list[Evidence]]:
        """Check hits theme by theme, in text order; a hit inside an accepted one needs no check."""
        s = n.text
        by_theme: dict[str, list[_Hit]] = {}
        for h in hits:
            by_theme.setdefault(h.theme, []).append(h)
        out: dict[str, list[Evidence]] = {}
        for theme in self.lex.themes:  # codebook order
            hs = by_theme.get(theme)
            if not hs:
                continue
            hs.sort(key=lambda h: (h.start, -(h.end - h.start)))
            kept: list[_Hit] = []
            for h in hs:
                if kept and h.start < kept[-1].end:
                    last = kept[-1]
                    if h.end > last.end and h.end - h.start > last.end - last.start and self._applies(h, s, scope):
                        kept[-1] = h  # overlapping hits: keep the longer span
                    continue
                if len(kept) >= MAX_EVIDENCE:
                    break
                if self._applies(h, s, scope):
                    kept.append(h)
            if not kept:
                continue
            evs = []
            for h in kept:
                a, b = n.span(h.start, h.end)
                evs.append(Evidence(a, b, n.original[a:b], h.rule))
            out[theme] = evs
        return out


class _Scope:
    """Clause and sentence boundaries of one normalised text, computed once."""

    def __init__(self, s: str, clause_rx: re.Pattern[str], sentence_set: set[str]) -> None:
        self.s = s
        self.breaks = [m.start() for m in clause_rx.finditer(s)]
        self.sbreaks = [i for i in self.breaks if s[i] in sentence_set]
        self._complainant: list[tuple[int, int]] | None = None
        self.markers: list[tuple[int, int, bool]] = []  # (start, size, is conditional)
        self.marker_starts: list[int] = []  # their starts, for bisect
        self.advice: list[int] = []
        self.hearsay: list[int] = []  # where each hearsay cue ends (听说有人|被爆通讯录)
        self.cache: dict[tuple[int, bool], bool] = {}
        self.negators: list[int] = []
        self.has_modal: bool | None = None  # does the text hold 会 at all (Tagger._future_question), once asked

    def set_markers(self, found: list[tuple[int, int, int]]) -> None:
        """Markers from the automaton pass; of overlapping ones (害怕 / 怕) the longest wins."""
        if not found:
            return
        found.sort(key=lambda m: (m[0], -m[1]))
        end = -1
        for start, size, kind in found:
            if start + size <= end:
                continue
            end = start + size
            if kind == lx.ADVICE:
                self.advice.append(start)
            elif kind == lx.HEARSAY:
                self.hearsay.append(start + size)
            else:
                self.markers.append((start, size, kind == lx.COND))
        self.marker_starts = [m[0] for m in self.markers]

    @staticmethod
    def _start(breaks: list[int], pos: int) -> int:
        i = bisect.bisect_left(breaks, pos)
        return breaks[i - 1] + 1 if i else 0

    @staticmethod
    def _end(breaks: list[int], pos: int, n: int) -> int:
        i = bisect.bisect_left(breaks, pos)
        return breaks[i] if i < len(breaks) else n

    def clause_id(self, pos: int) -> int:
        return bisect.bisect_left(self.breaks, pos)

    def sentence_id(self, pos: int) -> int:
        return bisect.bisect_left(self.sbreaks, pos)

    def clause_start(self, pos: int) -> int:
        return self._start(self.breaks, pos)

    def sentence_start(self, pos: int) -> int:
        return self._start(self.sbreaks, pos)

    def sentence_end(self, pos: int) -> int:
        return self._end(self.sbreaks, pos, len(self.s))

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause at pos (clause_start and the clause's end, from one bisect:
        the exception lists search the text between them instead of slicing the clause out)."""
        breaks = self.breaks
        i = bisect.bisect_left(breaks, pos)
        return (breaks[i - 1] + 1 if i else 0), (breaks[i] if i < len(breaks) else len(self.s))

    def excluded(self, rule: "lx.Term | lx.Near | lx.Pattern", pos: int) -> bool:
        """Do the rule's exceptions around a hit at pos drop it: unless_clause (words) or unless_clause_re in pos's clause,
        unless_before from the previous clause's start to pos, unless_next from pos's clause
        start to the next clause's end? (One check for terms, near rules and patterns alike.)"""
        if rule.unless_clause_rx is not None and rule.unless_clause_rx.search(self.s, *self.clause_bounds(pos)):
            return True
        if rule.unless_clause_re is not None and rule.unless_clause_re.search(self.s, *self.clause_bounds(pos)):
            return True
        if rule.unless_before is None and rule.unless_next is None:
            return False
        breaks = self.breaks
        i = bisect.bisect_left(breaks, pos)  # pos is in clause i: breaks[i-1] < pos <= breaks[i]
        if rule.unless_before is not None:
            lo = breaks[i - 2] + 1 if i >= 2 else 0
            if rule.unless_before.search(self.s, lo, pos):
                return True
        if rule.unless_next is not None:
            lo = breaks[i - 1] + 1 if i else 0
            hi = breaks[i + 1] if i + 1 < len(breaks) else len(self.s)
            if rule.unless_next.search(self.s, lo, hi):
                return True
        return False

    def clause_rest(self, pos: int) -> str:
        end = self._end(self.breaks, pos, len(self.s))
        return self.s[pos : end + 1]

    def sentence(self, pos: int) -> str:
        return self.s[self.sentence_start(pos) : self._end(self.sbreaks, pos, len(self.s))]

    def complainant_overlaps(self, start: int, end: int, rx: re.Pattern[str]) -> bool:
        if self._complainant is None:
            self._complainant = [(m.start(), m.end()) for m in rx.finditer(self.s)]
        return any(a < end and start < b for a, b in self._complainant)


# --- helpers -------------------------------------------------------------------------------

_NUMERALS = frozenset("0123456789一二两三四五六七八九十百千")
_WORDY = re.compile(r"[\u4e00-\u9fff0-9a-z]")
_MASK = re.compile(r"(?<=[\u4e00-\u9fff])\*+(?=[\u4e00-\u9fff])")
_NUM = r"(?P<{n}>\d+(?:\.\d+)?)(?P<{u}>万|千|w|k)?"
_BORROW_REPAY = re.compile(
    r"借(?:款|了|钱)?" + _NUM.format(n="a", u="au") + r"(?:元|块钱?)?(?P<mid>[^。！？；!?;\n]{0,16}?)"
    r"(?:要还|还款|偿还|还了|需还|共还|还)(?:款|共|总共|合计|高达|要|需|了)?" + _NUM.format(n="b", u="bu") + r"(?![\d期个月天号日年])"
)
_CONTRACT = re.compile(r"合同[^。！？；!?;\n\d]{0,10}?" + _NUM.format(n="n", u="u"))
_RECEIVED = re.compile(r"(?:到账|到手|下款|放款|收到|实际借款|实际可用)[^。！？；!?;\n\d]{0,8}?" + _NUM.format(n="n", u="u"))


# Where _BORROW_REPAY can start: 借, maybe 款/了/钱, then a digit (one C-level scan finds them).
_BORROW_AT = re.compile(r"借(?=(?:款|了|钱)?\d)")


def _borrow_repay_matches(s: str) -> Iterator[re.Match[str]]:
    """_BORROW_REPAY.finditer(s), tried only where 借 is followed by an amount (a whole-text
    scan of the regex cost more than the rest of the number rules)."""
    after = -1
    for at in _BORROW_AT.finditer(s):
        i = at.start()
        if i >= after:
            m = _BORROW_REPAY.match(s, i)
            if m:
                yield m
                after = m.end()


def _inside_latin_word(s: str, start: int, stop: int) -> bool:
    """Does a match that begins or ends with a Latin letter run on into more letters?"""
    return (s[start].isascii() and s[start].isalpha() and start > 0 and s[start - 1].isascii() and s[start - 1].isalpha()) or (
        s[stop - 1].isascii() and s[stop - 1].isalpha() and stop < len(s) and s[stop].isascii() and s[stop].isalpha()
    )


def _windows(ends: list[int], reach: int) -> list[tuple[int, int]]:
    """Merged [end - reach, end + reach] intervals around anchor positions (sorted input)."""
    out: list[tuple[int, int]] = []
    for e in ends:
        lo, hi = max(0, e - reach), e + reach
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _amount(num: str, unit: str | None) -> float:
    value = float(num)
    return value * {"万": 10000, "w": 10000, "千": 1000, "k": 1000}.get(unit or "", 1)


# --- jieba's dictionary, by first two characters ------------------------------------------------
# Tokenizer.initialize unmarshals jieba's whole prefix dictionary (~350,000 entries) and
# add_word segments each user word: ~0.6 s CPU per process, as much as tagging 3,000 posts.
# The tagger only looks up words starting inside a few small windows per post, so it keeps
# that same dictionary (user words added) in a cache file beside jieba's own: the one-character
# entries, loaded at once, and the longer ones split by their first two characters, unmarshalled
# the first time a window holds those two at a place a word may start. (By first character, 20,000
# posts loaded ~140,000 entries in ~0.17 s of CPU: 我 or 不 alone start thousands.)
# Lookups and cuts see exactly the words the full dictionary has where they look.

_DICT_CACHE_FORMAT = "3"


def _jieba() -> Any:
    """The jieba module, imported without pkg_resources when nothing has imported that yet.

    jieba._compat tries `import pkg_resources` only to open its own package files, and falls
    back to plain open() of the same files on ImportError; pkg_resources alone costs ~60 ms
    of CPU per process (a quarter of `classify`'s start-up). None in sys.modules makes that
    import fail for the moment of jieba's import; the entry is removed right after. Only in a
    single-threaded process: another thread importing pkg_resources meanwhile would fail."""
    import sys
    import threading

    if "jieba" in sys.modules or "pkg_resources" in sys.modules or threading.active_count() > 1:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _dict_cache_path(user_words: tuple[str, ...]) -> Path:
    """The cache file for this jieba version, dictionary file and list of user words."""
    jieba = _jieba()

    src = Path(jieba.__file__).parent / "dict.txt"
    st = src.stat()
    key = "\0".join([_DICT_CACHE_FORMAT, jieba.__version__, str(src), str(st.st_size), str(st.st_mtime_ns), *user_words])
    return settings.cache_dir() / f"complaints-jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.cache"


def _tokenizer(user_words: tuple[str, ...]) -> tuple[Any, dict[str, bytes] | None]:
    """A private jieba Tokenizer with the user words and the dictionary's one-character entries,
    and its longer entries by first character, then by first two (None when the whole dictionary
    is already loaded: on the run that writes the cache)."""
    import logging

    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    path = _dict_cache_path(user_words)
    try:
        tok.total, singles, by_char = marshal.loads(path.read_bytes())
        tok.FREQ.update(singles)
        tok.initialized = True  # FREQ fills up by first two characters (Tagger._words_for)
        return tok, by_char
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no cache yet, or a damaged one: build it
    tok.initialize()
    for w in user_words:
        tok.add_word(w)
    singles: dict[str, int] = {}
    groups: dict[str, dict[str, dict[str, int]]] = {}  # first character -> first two -> words
    for word, count in tok.FREQ.items():
        if len(word) == 1:
            singles[word] = count
        else:
            groups.setdefault(word[0], {}).setdefault(word[:2], {})[word] = count
    # two levels: one blob per pair at the top cost ~0.15 s to unmarshal at every start (178,000 of them)
    by_char = {ch: marshal.dumps({pair: marshal.dumps(words) for pair, words in pairs.items()}) for ch, pairs in groups.items()}
    data = marshal.dumps((tok.total, singles, by_char))
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)  # atomic: a process reading it never sees half a file
    except OSError:  # read-only or full temp dir: every process builds the dictionary, as jieba does
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    return tok, None


def _masked_forms(lex: Lexicon) -> dict[str, set[str]]:
    """Every way an alias of 3+ characters can be masked: 信用飞 -> 信*飞, 信*, ... (interior only)."""
    forms: dict[str, set[str]] = {}
    for alias, name in lex.alias_to_lender.items():
        if len(alias) < 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", alias):
            continue
        for i in range(1, len(alias) - 1):
            for j in range(i + 1, len(alias)):
                forms.setdefault(alias[:i] + "*" + alias[j:], set()).add(name)
    return forms


_default: Tagger | None = None


def default_tagger() -> Tagger:
    """One Tagger per process (the automata and jieba are built once)."""
    global _default
    if _default is None:
        _default = Tagger()
    return _default


def tag_text(text: str, target: str = "") -> TagResult:
    return default_tagger().tag_text(text, target=target)


# --- tagging the store, incrementally, on all cores ------------------------------------------

_worker: Tagger | None = None


def _init_worker() -> None:
    global _worker
    _worker = Tagger()  # automata and jieba built once per worker process
    _worker.tok  # noqa: B018 - load jieba now, not inside the first batch


def _tag_batch(batch: list[dict[str, Any]]) -> list[TagResult]:
    """Tag in a worker; evidence travels back as plain dicts (pickled at C speed, and
    Store.save_tags stores exactly that JSON form)."""
    assert _worker is not None
    results = _worker.tag_many(batch)
    for r in results:
        r.themes = {t: [e.to_json() for e in evs] for t, evs in r.themes.items()}  # type: ignore[misc]
    return results


@dataclass
class TagRun:
    posts: int
    seconds: float
    version: str


def tag_store(
    store: Any,
    *,
    everything: bool = False,
    batch_size: int = 2000,
    workers: int | None = None,
    on_batch: Any = None,
    tagger: Tagger | None = None,
) -> TagRun:
    """Tag what is new or was tagged by another lexicon version (all posts with everything=True).

    Batches are read with keyset pagination (Store.posts_to_tag) and tagged by `workers`
    processes (default: all cores); at most two batches per worker are in flight, so memory
    stays flat however many posts there are. `on_batch(n)` is called after each saved batch.
    """
    import multiprocessing as mp
    import os
    import time
    from collections import deque

    t0 = time.perf_counter()
    tagger = tagger or default_tagger()
    version = tagger.version
    workers = workers or os.cpu_count() or 1
    done = 0

    def save(results: list[TagResult]) -> None:
        nonlocal done
        store.save_tags(results, version)
        done += len(results)
        if on_batch:
            on_batch(len(results))

    batches = store.posts_to_tag(version, batch_size, everything)
    if workers <= 1:
        for batch in batches:
            save(tagger.tag_many(batch))
    else:
        with mp.get_context("fork").Pool(workers, initializer=_init_worker) as pool:
            pending: deque[Any] = deque()
            for batch in batches:
                pending.append(pool.apply_async(_tag_batch, (batch,)))
                if len(pending) >= 2 * workers:
                    save(pending.popleft().get())
            while pending:
                save(pending.popleft().get())
    return TagRun(done, time.perf_counter() - t0, version)
