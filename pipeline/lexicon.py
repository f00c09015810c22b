"""The tagger's lexicons (data/themes.yaml, data/lenders.yaml) and its matching form of text.

Lexicons are reviewable data, not code: this module only loads them, checks them, and
compiles them once into Aho-Corasick automata (pyahocorasick), which find every term of
every theme in one pass over a post. The lexicon *version* is a content hash of the data
files, so a post tagged by an older lexicon can be found and re-tagged.

Matching runs on a normalised copy of the text (traditional -> simplified, full-width ->
half-width, lower-case Latin, spaces inside words dropped) with an index map back to the
stored text, so evidence offsets always point into what a reader sees.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from pipeline import rxcache, settings
from pipeline.errors import ComplaintsError

DATA = settings.data_dir()
THEMES_FILE = DATA / "themes.yaml"
LENDERS_FILE = DATA / "lenders.yaml"
CONFUSABLES_FILE = DATA / "confusables.txt"


class LexiconError(ComplaintsError):
    """A lexicon file is missing or malformed (the message names the file and the entry)."""


# --- the matching form of a text ---------------------------------------------------------


@functools.cache
def _t2s_table() -> dict[int, str]:
    """Traditional -> simplified, character by character, from OpenCC's own table.

    Character-level conversion keeps the text's length (so offsets survive); OpenCC's
    phrase tables only matter for a few idioms that do not occur in our terms.
    """
    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1 and target != parts[0]:
                table[ord(parts[0])] = target
    return table


@functools.cache
def _char_table() -> dict[int, str]:
    """One str.translate table: t2s, full-width letters/digits -> ASCII, ideographic space, lower-case.

    Full-width punctuation (，。！) is kept: it is what Chinese text is made of, the clause
    rules know both forms, and leaving it alone lets most posts skip translation entirely.
    """
    table = dict(_t2s_table())
    for code in range(0xFF01, 0xFF5F):
        ch = chr(code - 0xFEE0)
        if ch.isalnum() or ch in "%*#@&+-=./_~":
            table[code] = ch.lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    table[0x3000] = " "
    table[ord("\r")] = "\n"
    # The platforms mask names as 信*飞; keep one mask character.
    table[ord("＊")] = "*"
    table[ord("×")] = "*"
    return table


@functools.cache
def _code_map() -> Any:
    """The char table as a numpy lookup array over all code points (one vector op per post).

    str.translate with a dict costs ~0.3 µs per character; mapping the UTF-32 code units
    through an array costs a few µs per post. Every mapping is one character to one, so
    offsets are unchanged.
    """
    import numpy as np

    # Basic Multilingual Plane only (a 128 KB table built in ~1 ms instead of 4 MB): every
    # mapped character is in it, and characters beyond it map to themselves (see _convert).
    # 16-bit entries, read through UTF-16 code units: half the cache lines of 32-bit ones, and
    # the rest of the tagger evicts the table between posts (measured: 17 µs per post in the
    # pipeline against 6 µs in a loop of normalise alone, before).
    table = np.arange(BMP, dtype=np.uint16)
    for code, target in _char_table().items():
        if code < BMP and ord(target) < BMP:
            table[code] = ord(target)
    return table


@functools.cache
def _wide_targets() -> re.Pattern[str]:
    """The few characters the table maps beyond the BMP (a 16-bit entry cannot hold them):
    a text with one takes the dictionary path."""
    wide = [chr(code) for code, target in _char_table().items() if code < BMP and ord(target) >= BMP]
    return re.compile("[" + re.escape("".join(wide)) + "]" if wide else r"(?!x)x")


BMP = 0x10000


def _convert(text: str) -> str:
    if text.isascii() or len(text) <= 16:  # (a lexicon's thousands of short terms: the array round trip costs more)
        return text.translate(_char_table())
    converted = None if _wide_targets().search(text) else _bmp_lookup(text, _code_map())
    if converted is None:  # rare (CJK extension B...): the dictionary path handles every plane
        return text.translate(_char_table())
    return converted


def _bmp_lookup(text: str, table: Any) -> str | None:
    """text with each character c replaced by chr(table[ord(c)]) (a 16-bit table over the BMP),
    or None when that cannot be done one UTF-16 code unit per character: a character beyond
    the BMP (two units), or mapped lone surrogates that would decode as a pair."""
    import numpy as np

    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) != 2 * len(text):
        return None
    out = table[np.frombuffer(units, dtype=np.uint16)].tobytes().decode("utf-16-le", "surrogatepass")
    return out if len(out) == len(text) else None


# Whitespace and zero-width characters are dropped so that "通 讯 录" matches 通讯录;
# newlines stay, they end a clause. Separators like 通-讯-录 / 通·讯·录 go only between
# two CJK characters, so dates (2019-8-26) and amounts keep their shape.
_DROP = re.compile(r"[ \t\u00a0\u2000-\u200f\u2028\u2029\u202f\u205f\ufeff]+")
_CJK_SEP = re.compile(r"(?<=[\u4e00-\u9fff])[\-_·・•~／/|]+(?=[\u4e00-\u9fff])")
_MAYBE_DROP = re.compile(r"[ \t\u00a0\u2000-\u200f\u2028\u2029\u202f\u205f\ufeff\-_·・•~／/|]")  # cheap pre-check


@dataclass(slots=True)
class Normalised:
    """`text` is the matching form; `index[i]` is the stored-text offset of text[i] (None = same)."""

    text: str
    index: list[int] | None
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Stored-text span of the normalised span [start, end)."""
        if self.index is None:
            return start, end
        if end <= start:
            o = self.index[start] if start < len(self.index) else len(self.original)
            return o, o
        return self.index[start], self.index[end - 1] + 1


# HTML entities left in scraped text (&nbsp;, &amp;nbsp;, &quot;): `complaints import` decodes
# them, but `classify` and the labelled files take texts as they come. Read as spaces of the
# same length (offsets hold), so they neither glue nor split words, nor count as letters.
_ENTITY = re.compile(r"&(?:amp;)*(?:nbsp|amp|lt|gt|quot|ensp|emsp|#\d{2,5});")


def normalise(text: str) -> Normalised:
    """The matching form of `text`, with a map back to it."""
    converted = _convert(text)
    if "&" in converted:
        converted = _ENTITY.sub(lambda m: " " * len(m.group(0)), converted)
    if not _MAYBE_DROP.search(converted) or (not _DROP.search(converted) and not _CJK_SEP.search(converted)):
        return Normalised(converted, None, text)
    # Rare path: build the offset map while dropping characters.
    keep = bytearray(b"\x01") * len(converted)
    for rx in (_DROP, _CJK_SEP):
        for m in rx.finditer(converted):
            keep[m.start() : m.end()] = b"\x00" * (m.end() - m.start())
    index = [i for i in range(len(converted)) if keep[i]]
    return Normalised("".join(converted[i] for i in index), index, text)


@functools.cache
def _variants_of() -> dict[str, str]:
    """matching-form character -> every character that normalises to it (itself first):
    讯 -> 讯訊, 1 -> 1１, p -> pPｐＰ."""
    out: dict[str, list[str]] = {}
    for code, target in _char_table().items():
        if len(target) == 1:
            out.setdefault(target, [target]).append(chr(code))
    for ch in [c for c in out if c.isascii() and c.isalpha()]:
        out.setdefault(ch.upper(), [ch.upper()])  # (upper case maps to lower; keep both listed)
    return {k: "".join(dict.fromkeys(v)) for k, v in out.items()}


def search_pattern(term: str) -> str:
    """A regular expression (RE2/Python syntax) that finds `term` in stored text the way the
    tagger reads it: in traditional or simplified characters, full- or half-width, any case,
    with spaces between Chinese characters (通讯录 finds 通訊錄, 通 讯 录; QQ finds ｑｑ).

    The dashboard's post search uses it, so search and tags agree on what a word is."""
    norm = normalise(str(term)).text
    variants = _variants_of()
    parts: list[str] = []
    for i, ch in enumerate(norm):
        forms = variants.get(ch, ch)
        if len(forms) == 1:
            parts.append(re.escape(ch))
        else:
            parts.append("[" + "".join(re.escape(c) for c in forms) + "]")
        if i + 1 < len(norm) and _is_cjk(ch) and _is_cjk(norm[i + 1]):
            parts.append("[ \t\u3000]*")
    return "".join(parts)


def has_variants(term: str) -> bool:
    """Does `term` read differently in another script or width (通讯录 yes, 催收 no)?"""
    variants = _variants_of()
    return any(len(variants.get(ch, ch)) > 1 for ch in normalise(str(term)).text)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def norm_term(term: str) -> str:
    """The matching form of a lexicon term (same rules as the text)."""
    return normalise(str(term)).text


# --- loading ---------------------------------------------------------------------------


def words_pattern(words: tuple[str, ...], by_length: bool = False) -> str:
    """The alternation of `words` (literally), longest first so that a longer word wins where two
    start together; each word once, or (by_length) every word as listed, only reordered by length.
    Words of one length in a fixed order (a set's order changes from process to process): the same
    pattern every run, as rxcache's file needs (which of two words of one length comes first
    changes no match: both cannot match at one place)."""
    if by_length:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def words_rx(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex that finds any of `words` (literally), or None for no words: a clause is
    tested with one C-level search instead of a Python loop of `in` tests."""
    if not words:
        return None
    return rxcache.compile(words_pattern(words))


class WordsRx:
    """A words regex (words_rx) compiled when first searched: a rule's exception words are searched
    only where the rule hits, and a run needs only some of them (compiling all 165 distinct lists at
    every start-up cost ~4.6% of building the tagger). After the first search, `search` is the
    compiled pattern's own."""

    __slots__ = ("pattern", "search")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.search: Any = self._first_search

    def _first_search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        self.search = rxcache.compile(self.pattern).search
        return self.search(s, pos, endpos)

    def __reduce__(self) -> tuple[Any, ...]:
        # (unpickled, as from the lexicon cache: the one of this process, shared with lazy_words_rx's callers)
        return (_registered_words_rx, (self.pattern,))


_WORDS_RX: dict[str, WordsRx] = {}  # one per distinct list: the terms of one rule share theirs


def _registered_words_rx(pattern: str) -> WordsRx:
    """The process's WordsRx of a words pattern (made and registered when it has none yet)."""
    rx = _WORDS_RX.get(pattern)
    if rx is None:
        rx = _WORDS_RX[pattern] = WordsRx(pattern)
    return rx


def lazy_words_rx(words: tuple[str, ...], by_length: bool = False) -> WordsRx | None:
    """words_rx's pattern (words_pattern; by_length: without its dedupe), compiled on first search
    (WordsRx); None for no words."""
    if not words:
        return None
    return _registered_words_rx(words_pattern(words, by_length))


@dataclass
class Term:
    """One theme term: where it counts, and under which rule name its evidence is shown."""

    text: str
    theme: str
    rule: str
    also: tuple[str, ...] = ()
    unless_clause: tuple[str, ...] = ()  # dropped when its clause contains one of these
    unless_clause_rx: WordsRx | None = None  # unless_clause as one regex (compiled when first searched)
    unless_before: re.Pattern[str] | None = None  # dropped when this occurs from the previous clause's start to the hit
    unless_next: re.Pattern[str] | None = None  # ... or from the hit's clause's start to the next clause's end
    unless_clause_re: re.Pattern[str] | None = None  # ... or in the hit's own clause (a regular expression: unless_clause's words cannot say 拨打95188)

    def __post_init__(self) -> None:
        self.unless_clause_rx = lazy_words_rx(self.unless_clause)

    @property
    def themes(self) -> tuple[str, ...]:
        return (self.theme, *self.also)


@dataclass
class Near:
    """Two word lists that must occur close together in one clause (e.g. 电话 + 天天)."""

    rule: str
    theme: str
    a: list[str]
    b: list[str]
    window: int = 6
    order: str = "any"  # "any" | "ab" (a before b) | "ba"
    also: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()  # the span must not directly follow these
    not_before_side: str = "any"  # "b": only when the span starts with a b word (我打电话给家人)
    unless_span: tuple[str, ...] = ()  # ... nor contain these
    unless_clause: tuple[str, ...] = ()  # dropped when the span's clause contains one of these
    scope: str = "clause"  # "clause" | "sentence"
    unless_before: re.Pattern[str] | None = None  # as Term's (from the span's start)
    unless_next: re.Pattern[str] | None = None
    unless_clause_re: re.Pattern[str] | None = None  # as Term's
    unless_rx: WordsRx | None = None  # unless_span as one regex (one C-level search, compiled when first searched)
    unless_clause_rx: WordsRx | None = None  # unless_clause as one regex

    def __post_init__(self) -> None:
        self.unless_rx = lazy_words_rx(self.unless_span, by_length=True)
        self.unless_clause_rx = lazy_words_rx(self.unless_clause)


@dataclass
class Pattern:
    """A regular expression, tried only when its anchor occurs (keeps tagging fast)."""

    rule: str
    theme: str
    anchors: list[str]
    regex: re.Pattern[str]
    also: tuple[str, ...] = ()
    unless_clause: tuple[str, ...] = ()  # dropped when the match's clause contains one of these (我给…打电话)
    unless_clause_rx: WordsRx | None = None  # unless_clause as one regex (compiled when first searched)
    unless_before: re.Pattern[str] | None = None  # as Term's (from the match's start)
    unless_next: re.Pattern[str] | None = None
    unless_clause_re: re.Pattern[str] | None = None  # as Term's
    # Cheap necessary conditions, derived from the regex itself (required_words): a window
    # with none of a screen's words holds no match, and the regex is not tried there. At most
    # two (Tagger._themes tests them inline).
    screens: tuple[re.Pattern[str], ...] = ()

    def __post_init__(self) -> None:
        self.unless_clause_rx = lazy_words_rx(self.unless_clause)
        self.finditer: Any = self._first_finditer  # regex.finditer, or one that skips to where a match can begin
        anchors = set(self.anchors)
        # the anchor's own group is always satisfied next to an anchor: screen on the other parts
        needs = [w for w in required_words(self.regex) if not (w & anchors)]
        self.screens = tuple(rx for rx in (words_rx(tuple(w)) for w in reversed(needs[-2:])) if rx is not None)

    def _first_finditer(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        # built on first use, not at load (start-up: most runs try few of the patterns)
        self.finditer = start_finder(self.regex)
        return self.finditer(s, pos, endpos)


class Screened:
    """A compiled pattern that first checks for the words every match needs (required_words,
    read from the pattern itself, so they follow the data files): where one set of them is absent
    from the range searched there is no match, and the pattern is not run. Only for patterns
    the regex engine cannot skip through by their first character (a leading lookbehind, a
    leading optional part), which otherwise try a full match at every position of a post.

    Where the screens pass, a pattern that is an alternation is searched by its parts
    (_search_parts): the engine skips through most alternatives by their first characters
    when they stand alone, not when one alternative of the whole cannot be skipped; any other
    is tried only where its first characters stand (searcher)."""

    __slots__ = ("rx", "screens", "_parts", "_find")

    def __init__(self, rx: re.Pattern[str], screens: tuple[re.Pattern[str], ...]) -> None:
        self.rx = rx
        self.screens = screens
        self._parts: tuple[Any, ...] | None = None
        self._find: Any = self._first_find  # rx.search's answers, found faster (built when first needed)

    def _first_find(self, s: str, pos: int, endpos: int) -> re.Match[str] | None:
        # Built on first use, not at load: compiling the parts costs start-up, and most runs need few patterns
        self._parts = _search_parts(self.rx)
        self._find = self._by_parts if self._parts else searcher(self.rx)
        return self._find(s, pos, endpos)

    def _absent(self, s: str, pos: int, endpos: int) -> bool:
        for sc in self.screens:
            if sc.search(s, pos, endpos) is None:
                return True
        return False

    def _by_parts(self, s: str, pos: int, endpos: int) -> re.Match[str] | None:
        """rx.search(s, pos, endpos), found by the parts: the leftmost start any part matches at
        is where the whole matches first, and rx.match there gives the very match (the same
        alternative wins, the same groups) that rx.search returns."""
        best = -1
        for search in self._parts:  # type: ignore[union-attr]
            m = search(s, pos, endpos)
            if m is not None and (best < 0 or m.start() < best):
                best = m.start()
        return None if best < 0 else self.rx.match(s, best, endpos)

    def finditer(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._absent(s, pos, endpos):
            return iter(())
        return self.rx.finditer(s, pos, endpos) if self.searcher() == self.rx.search else _matches(self._find, s, pos, endpos)

    def searcher(self) -> Any:
        """What searches rx once the screens pass: rx.search, the parts, or a StartFinder's search."""
        if self._find == self._first_find:
            self._first_find("", 0, 0)
        return self._find

    def search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return None if self._absent(s, pos, endpos) else self._find(s, pos, endpos)

    def match(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return None if self._absent(s, pos, endpos) else self.rx.match(s, pos, endpos)

    def findall(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return [] if self._absent(s, pos, endpos) else self.rx.findall(s, pos, endpos)

    def __getattr__(self, name: str) -> Any:  # pattern, groupindex, sub, ...: the pattern's own
        if name in self.__slots__ or name.startswith("__"):
            raise AttributeError(name)  # not set yet (unpickling), or copy's hooks: this object's own
        return getattr(self.rx, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Screened, (self.rx, self.screens))


def _matches(search: Any, s: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """rx.finditer from a search function giving rx.search's answers: each search goes on from
    where the last match ended (the searches used here never match the empty string:
    _search_parts, first_chars)."""
    while (m := search(s, pos, endpos)) is not None:
        yield m
        pos = m.end()


def top_alternatives(pattern: str) -> list[str]:
    """`pattern` split at its top-level `|` (not inside a group or a character class, not
    escaped): "a|(b|c)|[|]" -> ["a", "(b|c)", "[|]"]."""
    parts, depth, start, i, n = [], 0, 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class ends at the first unescaped ] after its first member ([]] and [^]] hold a ])
            i += 1
            i += pattern.startswith("^", i)
            i += pattern.startswith("]", i)
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


_PARSED: dict[tuple[str, int], Any] = {}  # (pattern, flags) -> parsed pattern: the last few (see _parse)
_PARSED_KEPT = 128  # (the fact patterns are read again when the tagger is built: FactExtractor._needs)


def _parse(pattern: str, flags: int) -> Any:
    """The parsed pattern, for the readings below (_skips, required_words, first_chars...). Parsing is
    most of what a reading costs, and a pattern is often read just after it was parsed: by
    compile_read (theme patterns, then their screens) or by another reading (screened(): _skips,
    then required_words; FactExtractor._needs). The readings never change the parsed pattern; the
    last few are kept, until forget_parsed."""
    key = (pattern, flags)
    tree = _PARSED.get(key)
    if tree is None:
        import re._parser as sp

        tree = sp.parse(pattern, flags)
        _keep_parsed(key, tree)
    return tree


def forget_parsed() -> None:
    """Drop the parsed patterns _parse keeps (~40 KB each): Tagger() calls it once built."""
    _PARSED.clear()


def _keep_parsed(key: tuple[str, int], tree: Any) -> None:
    if len(_PARSED) >= _PARSED_KEPT:
        del _PARSED[next(iter(_PARSED))]
    _PARSED[key] = tree


def compile_read(pattern: str) -> re.Pattern[str]:
    """re.compile(pattern), parsed at most once for both the compiler and the readings that follow it
    (required_words for a theme pattern's screens, _skips...): the same pattern object, the same
    compiled code (re._compiler.compile's own steps, from the parsed pattern _parse keeps), the same
    re.error for a bad pattern. Parsing a lexicon's patterns twice cost ~0.1 s of start-up. With the
    code and the readings in rxcache's file (any run after the first), it is not parsed at all."""
    if rxcache.has_code(pattern, 0):
        return rxcache.compile(pattern)
    try:
        import re._parser as sp

        tree = sp.parse(pattern, 0)
    except (ImportError, AttributeError):  # another Python's internals: as re does it
        return re.compile(pattern)
    rx = rxcache.compile(pattern, 0, tree)
    _keep_parsed((pattern, rx.flags), tree)  # (rx.flags: what the readings are given)
    return rx


def _skips(rx: re.Pattern[str]) -> bool:
    """Can the regex engine skip to candidate starts (a literal or first-character prefix)?"""
    return rxcache.reading("skips", rx, lambda: _parsed_skips(_parse(rx.pattern, rx.flags), rx.flags))


def _parsed_skips(parsed: Any, flags: int) -> bool:
    """_skips of an already parsed pattern (parsing costs more than the test)."""
    import re._compiler as rc

    return bool(rc._get_literal_prefix(parsed, flags)[0]) or rc._get_charset_prefix(parsed, flags) is not None


def first_chars(rx: re.Pattern[str], parsed: Any = None) -> str | None:
    """A character class holding every character a match of rx can begin with, read from the
    parsed pattern (lookarounds and anchors take no character: what follows them counts; an
    optional part adds what may follow it), or None where that set is not a short list of
    literal characters (a negated class, a category, ., case folding, a pattern that can match
    the empty string)."""
    try:
        import re._constants as c

        if rx.flags & re.IGNORECASE:
            return None
        chars, nullable = _first_of(parsed if parsed is not None else _parse(rx.pattern, rx.flags), c)
    except (ImportError, AttributeError, re.error, _NoFirst):
        return None
    if nullable or not chars or len(chars) > 400:
        return None
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


class _NoFirst(Exception):
    """A pattern part whose first characters first_chars does not list."""


def _first_of(seq: Any, c: Any) -> tuple[set[str], bool]:
    """(characters the sequence of parsed items can begin with, can it match the empty string)."""
    out: set[str] = set()
    for op, av in seq:
        if op is c.LITERAL:
            out.add(chr(av))
            return out, False
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    out.add(chr(value))
                elif kind is c.RANGE and value[1] - value[0] < 400:
                    out.update(map(chr, range(value[0], value[1] + 1)))
                else:
                    raise _NoFirst  # a negated class, a category, a wide range
            return out, False
        if op is c.BRANCH:
            nullable = False
            for alt in av[1]:
                chars, empty = _first_of(alt, c)
                out |= chars
                nullable = nullable or empty
            if not nullable:
                return out, False
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:
                raise _NoFirst  # inline flags on the group
            chars, empty = _first_of(av[3], c)
            out |= chars
            if not empty:
                return out, False
        elif op is c.ATOMIC_GROUP:
            chars, empty = _first_of(av, c)
            out |= chars
            if not empty:
                return out, False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            chars, empty = _first_of(av[2], c)
            out |= chars
            if av[0] > 0 and not empty:
                return out, False
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # takes no character
        else:
            raise _NoFirst  # ., a category, a group reference, ...
    return out, True


class StartFinder:
    """rx.finditer for a pattern the engine cannot skip through (a leading lookbehind, a group
    whose alternatives begin with groups): rx.match is tried only where one of the pattern's
    first characters stands (first_chars), instead of a full match at every position. The
    matches are rx.finditer's: the positions skipped are those no match can begin at, and
    matches are never empty (first_chars), so each search goes on from where the last ended."""

    __slots__ = ("rx", "_starts")

    def __init__(self, rx: re.Pattern[str], first: str) -> None:
        self.rx = rx
        self._starts = rxcache.compile(first)

    def __call__(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return _matches(self.search, s, pos, endpos)

    def search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """rx.search(s, pos, endpos). (The first characters are one character class: its successive
        matches are every place one of them stands, as a search again from the next place finds.)"""
        match = self.rx.match
        for at in self._starts.finditer(s, pos, endpos):
            m = match(s, at.start(), endpos)
            if m is not None:
                return m
        return None

    def __reduce__(self) -> tuple[Any, ...]:
        return (StartFinder, (self.rx, self._starts.pattern))


def _start_finder(rx: re.Pattern[str]) -> StartFinder | None:
    """A StartFinder where the engine cannot skip through rx by itself and its first characters are known."""
    first = rxcache.reading("start", rx, lambda: _start_chars(rx))
    return None if first is None else StartFinder(rx, first)


def _start_chars(rx: re.Pattern[str]) -> str | None:
    """_start_finder's first characters of rx (first_chars), or None where it makes no StartFinder."""
    try:
        parsed = _parse(rx.pattern, rx.flags)  # once, for both tests
        if _parsed_skips(parsed, rx.flags):
            return None
    except (ImportError, AttributeError):
        return None
    return first_chars(rx, parsed)


def start_finder(rx: re.Pattern[str]) -> Any:
    """rx.finditer, or a StartFinder's (the tagger runs these patterns in every window around their anchors)."""
    return _start_finder(rx) or rx.finditer


def searcher(rx: re.Pattern[str]) -> Any:
    """rx.search, or a StartFinder's."""
    finder = _start_finder(rx)
    return rx.search if finder is None else finder.search


def _search_parts(rx: re.Pattern[str]) -> tuple[re.Pattern[str], ...] | None:
    """The parts Screened.search finds rx's matches with (Screened._by_parts): each alternative the engine can skip
    through alone, the others together (in their order); None where rx is no top-level alternation
    of such parts, or splitting could change what a part means (inline flags, backreferences,
    conditionals, verbose syntax) or rx can match the empty string (finditer's rules for those).

    Which alternatives can be skipped through (_part_skips, parsing each) is a reading kept in
    rxcache's file, and the parts are compiled through it: after the first run, building them
    parses and compiles nothing (it cost ~0.2 s of CPU per `classify` process, every run)."""
    skips = rxcache.reading("part_skips", rx, lambda: _part_skips(rx))
    if skips is None:
        return None
    try:
        alts = top_alternatives(rx.pattern)
        parts = [rxcache.compile(a, rx.flags).search for a, ok in zip(alts, skips) if ok]
        # The others alone, each behind screens of its own words where it has any (in the few
        # characters a fact searches, most alternatives lack theirs: hf_deduct's fee names, its
        # 被…扣), else tried where its first characters stand; those with neither, together
        # (one pass at every position, as before).
        rest: list[str] = []
        for a, ok in zip(alts, skips):
            if not ok:
                part = _alone(rxcache.compile(a, rx.flags))
                if part is None:
                    rest.append(a)
                else:
                    parts.append(part)
        return tuple(parts + ([searcher(rxcache.compile("|".join(rest), rx.flags))] if rest else []))
    except (ImportError, AttributeError, re.error):  # another Python's internals, or a part that is no pattern alone
        return None


def _part_skips(rx: re.Pattern[str]) -> list[bool] | None:
    """For _search_parts: whether the engine can skip through each top-level alternative of rx alone
    (_parsed_skips), or None where rx is not to be searched by its parts (see there)."""
    pattern = rx.pattern
    if (rx.flags & re.VERBOSE or pattern.startswith("(?") and re.match(r"\(\?[aiLmsux-]+\)", pattern)
            or re.search(r"\\[1-9]|\(\?P=|\(\?\(", pattern)):
        return None
    alts = top_alternatives(pattern)
    if len(alts) < 2:
        return None
    try:
        import re._parser as sp

        parsed = [sp.parse(a, rx.flags) for a in alts]  # (each parsed once: parsing is most of the cost)
        if min(p.getwidth()[0] for p in parsed) == 0:
            return None
        skips = [_parsed_skips(p, rx.flags) for p in parsed]
        return skips if any(skips) else None
    except (ImportError, AttributeError, re.error):  # another Python's internals, or a part that is no pattern alone
        return None


def _alone(rx: re.Pattern[str]) -> Any:
    """rx.search behind screens of the words rx needs (Screened.search: where they pass, by rx's
    first characters when known), or a StartFinder's search; None when rx has neither screens nor
    first characters (alone it would gain nothing)."""
    screens = tuple(sc for sc in (words_rx(tuple(w)) for w in required_words(rx)) if sc is not None)
    if screens:
        return Screened(rx, screens).search
    finder = _start_finder(rx)
    return None if finder is None else finder.search


def screened(rx: re.Pattern[str]) -> re.Pattern[str]:
    """rx behind screens of the words it needs (Screened) when the regex engine cannot skip to
    candidate starts by itself (no literal or first-character prefix: a leading lookbehind
    or optional part), else rx itself."""
    try:
        if _skips(rx):
            return rx
    except (ImportError, AttributeError):  # another Python's internals: screen every pattern
        pass
    screens = tuple(sc for sc in (words_rx(tuple(w)) for w in required_words(rx)) if sc is not None)
    return Screened(rx, screens) if screens else rx  # type: ignore[return-value]


def required_words(rx: re.Pattern[str]) -> list[frozenset[str]]:
    """Sets of strings such that every match of `rx` contains a string of each set, in the
    order of the parts of the pattern they come from; [] when nothing is certain (kept in
    rxcache's file: reading it needs the parsed pattern).

    Read from the parsed pattern: a literal run must be there, a group or a repeat of at
    least one needs what its content needs, an alternation one of what its branches need;
    character classes of plain characters are sets of one-character strings; lookarounds,
    optional parts and anything else need nothing. A screen built from these can only say
    "no match here", never hide one."""
    return list(rxcache.reading("required_words", rx, lambda: _required_words(rx)))  # (a list of the caller's own)


def _required_words(rx: re.Pattern[str]) -> list[frozenset[str]]:
    import re._constants as c

    if rx.flags & re.IGNORECASE:
        return []
    try:
        parsed = _parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - a pattern this reading does not follow gets no screen
        return []
    if parsed.state.flags & re.IGNORECASE:
        return []

    def best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
        # any one of a part's requirements is necessary; the longest shortest word screens best
        return max(reqs, key=lambda w: (min(map(len, w)), -len(w)), default=None)

    def need(op: Any, av: Any) -> frozenset[str] | None:
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            return None if add_flags or del_flags else best(needs(sub))
        if op is c.ATOMIC_GROUP:
            return best(needs(av))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            return best(needs(sub)) if low >= 1 else None
        if op is c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                got = best(needs(alt))
                if got is None:
                    return None
                out |= got
            return frozenset(out)
        if op is c.IN:
            if all(o is c.LITERAL for o, _v in av):
                return frozenset(chr(v) for _o, v in av)
            return None
        return None

    def needs(items: Any) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        run: list[str] = []
        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))
                continue
            if run:
                out.append(frozenset(["".join(run)]))
                run = []
            got = need(op, av)
            if got is not None:
                out.append(got)
        if run:
            out.append(frozenset(["".join(run)]))
        return out

    return needs(parsed)


@dataclass
class Theme:
    id: str
    label: str
    negate: bool = True
    actor_check: bool = False
    unless_after: tuple[str, ...] = ()
    # dropped when the hit's sentence matches this from its start (re.match; themes16, social_platform: an impostor's contact)
    unless_sentence: re.Pattern[str] | None = None


@dataclass
class Lender:
    name: str
    group: str
    aliases: list[str]
    boundary: set[str]  # aliases that must sit on jieba word boundaries


@dataclass
class Lexicon:
    version: str
    themes: dict[str, Theme]
    terms: list[Term]
    nears: list[Near]
    patterns: list[Pattern]
    numeric: dict[str, str]  # rule -> theme for the number rules coded in tag.py
    negators: list[str]
    negation_window: int
    negation_resets: list[str]
    conditionals: list[str]
    fears: list[str]
    speech_cues: list[str]
    advice: list[str]
    hearsay: list[str]
    hearsay_ends: list[str]
    complainant: re.Pattern[str]
    context: list[str]
    clause_breaks: str
    sentence_breaks: str
    lenders: dict[str, Lender]
    alias_to_lender: dict[str, str]
    theme_automaton: Any = None
    lender_automaton: Any = None
    user_words: list[str] = field(default_factory=list)
    confusables: dict[str, tuple[str, ...]] = field(default_factory=dict)
    typos: Typos = field(default_factory=lambda: Typos({}, None))  # words read as the word meant before any matching
    # A fear reaches into the next clause when that clause starts with one of these
    # (我担心会影响征信，以后贷不了款: the consequence is still the complainant's fear).
    fear_carry: list[str] = field(default_factory=list)
    # A conditional covers at most this many characters after it: a run-on post with no
    # full stop ("要是加上之前扣的五千…现在每天打电话骚扰我") is one long sentence, and the
    # condition does not reach a report 60 characters on. 0: the whole sentence.
    conditional_reach: int = 0
    # ... nor past a clause opening with one of these (可是, 结果): the post is back to what happened
    conditional_ends: list[str] = field(default_factory=list)
    # Words holding a speech cue that say nothing was said (给个说法, 说明; the complainant's own demand, 强烈要求):
    # a conditional after them is still the complainant's (themes9)
    speech_not: list[str] = field(default_factory=list)
    # Habitual conditionals (scope.habitual): 如果不还钱，催收就骂我 reports what the collector does
    # each time; its lists by key (themes, conditionals, conditions, then, future, habit, speech, open)
    habitual: dict[str, list[str]] = field(default_factory=dict)
    # The complainant's question about what may come (scope.future_question): the modal before the hit in its
    # clause (`modal`, a regular expression) and the clause ending the question (`ends`): 催收会打电话给我家人吗？
    future_question: re.Pattern[str] | None = None
    future_question_ends: tuple[str, ...] = ()
    # ... and the A-not-A question (`asks`: 会不会), a question wherever its clause ends: before the hit's last word, so that
    # a near rule's span starting before it (催收电话会不会骚扰我家人) is covered as the fears cover a span after them
    future_asks: re.Pattern[str] | None = None
    # Calls announced by the collector (scope.announced): 扬言不还钱就打爆你的电话 is threat's, no calls received;
    # its lists by key (themes, strong, cues, future, conditions, then) and `speakers`, a regular expression
    announced: dict[str, Any] = field(default_factory=dict)
    # Spans holding a context word that say nothing about lending (scope.context_not: 欠费 of a
    # phone bill, a refund's 到账, 借口): blanked before the context words are looked for.
    context_not: re.Pattern[str] | None = None
    # A context word that does not count in a post holding one of its words (scope.context_unless):
    # the appeal 停止骚扰 of a post about sales calls (推销, 营销).
    context_unless: dict[str, list[str]] = field(default_factory=dict)
    # fact_rules: rule -> (fact, theme): a fact (pipeline/facts.py) that is itself a report of a theme,
    # its evidence the theme's (a head fee found is the codebook's 砍头息, fees)
    fact_rules: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def theme_ids(self) -> list[str]:
        return list(self.themes)

    def about_lending(self, s: str) -> bool:
        """Whether normalised text `s` holds a word about lending or debt (scope.context),
        not counting the words inside a context_not span. The gate of a post that names no
        registered lender: without such a word the codebook's themes cannot apply."""
        context = self.context
        if not any(w in s for w in context):
            return False
        if self.context_not is not None:
            s = self.context_not.sub("\x00", s)
        unless = self.context_unless
        return any(w in s and not (w in unless and any(u in s for u in unless[w])) for w in context)


def _confusable_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, [right form, typed forms...]) of each row of data/confusables.txt."""
    if not path.exists():
        return
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            yield no, line.split()


def load_confusables(path: Path = CONFUSABLES_FILE) -> dict[str, tuple[str, ...]]:
    """character -> the characters typed in its place (data/confusables.txt, rows of one character)."""
    out: dict[str, tuple[str, ...]] = {}
    for no, chars in _confusable_rows(path):
        if len(chars[0]) > 1:
            continue  # a word row: load_typos
        if len(chars) < 2 or any(len(c) != 1 for c in chars):
            raise LexiconError(f"{path.name}:{no}: expected a character and its variants, one character each")
        out[chars[0]] = tuple(dict.fromkeys(norm_term(c) for c in chars[1:]))
    return out


@dataclass(frozen=True)
class Typos:
    """Whole words typed in place of another (data/confusables.txt, rows of a word), read as the
    word meant by the tagger's one normalising step (Tagger.tag_texts), so themes and facts see
    the same text: 借款5000，倒账3500 is read 到账. Each typed form has its word's length, so offsets hold."""

    meant: dict[str, str]  # typed form -> the word meant (both in matching form)
    rx: re.Pattern[str] | None  # any typed form (None: no rows)

    def read(self, n: Normalised) -> Normalised:
        """n with every typed form read as its word; the stored text unchanged (evidence quotes
        the post as written)."""
        if self.rx is None or not self.rx.search(n.text):
            return n
        meant = self.meant
        return Normalised(self.rx.sub(lambda m: meant[m.group()], n.text), n.index, n.original)


def load_typos(path: Path = CONFUSABLES_FILE) -> Typos:
    """The word rows of data/confusables.txt: the word meant, then the forms typed in its place."""
    meant: dict[str, str] = {}
    for no, words in _confusable_rows(path):
        if len(words[0]) == 1:
            continue  # a character row: load_confusables
        right = norm_term(words[0])
        if len(words) < 2:
            raise LexiconError(f"{path.name}:{no}: expected a word and the forms typed in its place")
        for typed in words[1:]:
            t = norm_term(typed)
            if len(t) != len(right) or t == right:
                raise LexiconError(f"{path.name}:{no}: {typed!r} must differ from {words[0]!r} and have its length (offsets hold)")
            meant[t] = right
    # longest first, so that a longer typed form wins over one inside it
    alts = sorted(meant, key=len, reverse=True)
    return Typos(meant, rxcache.compile("|".join(map(re.escape, alts))) if alts else None)


def variants(word: str, confusables: dict[str, tuple[str, ...]]) -> list[str]:
    """The word with one character replaced by a confusable variant (通讯录 -> 通迅录).

    Only words of 2+ characters: a one-character word with a variant is a different word.
    """
    if len(word) < 2:
        return []
    out = []
    for i, ch in enumerate(word):
        for v in confusables.get(ch, ()):
            out.append(word[:i] + v + word[i + 1 :])
    return out


def lexicon_version(paths: tuple[Path, ...] = (THEMES_FILE, LENDERS_FILE, CONFUSABLES_FILE)) -> str:
    """Content hash of the lexicon files: changes whenever a term, rule or alias changes."""
    h = hashlib.sha1()
    for p in paths:
        if not p.exists():
            continue
        h.update(p.name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


# libyaml's safe loader when PyYAML has it: the same documents, parsed ~10x faster than by
# the pure-Python loader (the lexicons' YAML was a third of a `classify` start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_YAML_CACHE_FORMAT = "1"


def parse_yaml(text: str) -> Any:
    """yaml.safe_load(text), with libyaml when available; from a cache file when this very text
    was parsed before (settings.cache_dir(), keyed by the text's hash).

    Even with libyaml, the data files' YAML cost ~60 ms of CPU at every `classify` start-up
    (themes.yaml alone 46 ms; lenders.yaml is read twice), an eighth of it; the same data
    unmarshalled costs ~3 ms. The values are the parser's (marshal stores dicts, lists, strings,
    numbers, booleans and None as they are, each load a fresh copy); a document holding
    anything else (a YAML date) is not cached. A missing or damaged file is parsed again."""
    key = hashlib.sha1(f"{_YAML_CACHE_FORMAT}\0{yaml.__version__}\0{_YAML_LOADER.__name__}\0".encode() + text.encode("utf-8", "surrogatepass"))
    path: Path | None = None
    try:
        path = settings.cache_dir() / f"complaints-yaml-{key.hexdigest()[:20]}.cache"
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass  # not parsed before (or unreadable): parse it
    data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    if path is not None:
        _write_cache(path, data)
    return data


def _write_cache(path: Path, data: Any) -> None:
    """marshal.dumps(data) to path, atomically (other processes may read it); nothing when marshal
    cannot store data or the folder cannot be written (a cache is never needed for a right answer)."""
    try:
        blob = marshal.dumps(data)
    except ValueError:
        return
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
    except OSError:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise LexiconError(f"lexicon file not found: {path}") from e
    except yaml.YAMLError as e:
        raise LexiconError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def _strs(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise LexiconError(f"{where}: expected a list of strings")
    return [str(v) for v in value]


def _context_rx(item: dict[str, Any], key: str, where: str) -> re.Pattern[str] | None:
    """unless_before / unless_next / unless_clause_re: a regular expression over the clauses around a hit (None when absent).

    They reach what unless_clause cannot: the clause before a hit (催收打电话给我，说我欠钱不还: the
    debt said to the borrower, not to others) or after it (打了很多次电话，都没人接: the complainant calling).
    A list is one alternation of its items (call7: an exception shared through a YAML anchor, with one of the rule's
    own beside it: [*own_purpose_calls, "每天打(?:车|…)"])."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) for v in value):
            raise LexiconError(f"{where}: {key} must be a regular expression or a non-empty list of them")
        value = "|".join(f"(?:{v})" for v in value)
    try:
        return rxcache.compile(str(value))
    except re.error as e:
        raise LexiconError(f"{where}: bad {key} {value!r}: {e}") from e


def _fact_rules(spec: Any, themes: dict[str, Theme], where: str) -> dict[str, tuple[str, str]]:
    """themes.yaml `fact_rules`: rule -> {fact, theme}, as rule -> (fact, theme). The theme must be
    the codebook's; the fact's name is checked by the Tagger, which knows the facts."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise LexiconError(f"{where}: fact_rules must be a mapping of rule -> {{fact, theme}}")
    out: dict[str, tuple[str, str]] = {}
    for rule, row in spec.items():
        if not isinstance(row, dict) or not isinstance(row.get("fact"), str) or not isinstance(row.get("theme"), str):
            raise LexiconError(f"{where}: fact_rules.{rule} needs a fact and a theme")
        if row["theme"] not in themes:
            raise LexiconError(f"{where}: fact_rules.{rule} names unknown theme {row['theme']!r}")
        out[str(rule)] = (row["fact"], row["theme"])
    return out


def _load_theme(tid: str, spec: dict[str, Any], path: Path) -> tuple[Theme, list[Term], list[Near], list[Pattern]]:
    where = f"{path.name}: theme {tid}"
    theme = Theme(
        id=tid,
        label=str(spec.get("label", tid)),
        negate=bool(spec.get("negate", True)),
        actor_check=bool(spec.get("actor_check", False)),
        unless_after=tuple(norm_term(t) for t in _strs(spec.get("unless_after"), where)),
        unless_sentence=_context_rx(spec, "unless_sentence", where),
    )
    terms: list[Term] = []
    for item in spec.get("terms") or []:
        before = after = in_clause = None
        if isinstance(item, list):
            words, also, rule, unless = _strs(item, where), (), None, ()
        elif isinstance(item, dict):
            words, also = _strs(item.get("words", item.get("term")), where), tuple(_strs(item.get("also"), where))
            rule = item.get("rule")
            unless = tuple(norm_term(t) for t in _strs(item.get("unless_clause"), where))
            before, after = _context_rx(item, "unless_before", where), _context_rx(item, "unless_next", where)
            in_clause = _context_rx(item, "unless_clause_re", where)
        else:
            words, also, rule, unless = [str(item)], (), None, ()
        for w in words:
            t = norm_term(w)
            if not t:
                raise LexiconError(f"{where}: empty term")
            terms.append(Term(t, tid, rule or f"{tid}:{t}", also, unless, unless_before=before, unless_next=after, unless_clause_re=in_clause))
    nears = []
    for n in spec.get("near") or []:
        try:
            nears.append(
                Near(
                    rule=str(n["rule"]),
                    theme=tid,
                    a=[norm_term(t) for t in _strs(n["a"], where)],
                    b=[norm_term(t) for t in _strs(n["b"], where)],
                    window=int(n.get("window", 6)),
                    order=str(n.get("order", "any")),
                    also=tuple(_strs(n.get("also"), where)),
                    not_before=tuple(norm_term(t) for t in _strs(n.get("not_before"), where)),
                    not_before_side=str(n.get("not_before_side", "any")),
                    unless_span=tuple(norm_term(t) for t in _strs(n.get("unless_span"), where)),
                    unless_clause=tuple(norm_term(t) for t in _strs(n.get("unless_clause"), where)),
                    scope=str(n.get("scope", "clause")),
                    unless_before=_context_rx(n, "unless_before", where),
                    unless_next=_context_rx(n, "unless_next", where),
                    unless_clause_re=_context_rx(n, "unless_clause_re", where),
                )
            )
        except (KeyError, TypeError, ValueError) as e:
            raise LexiconError(f"{where}: bad near rule {n!r}: {e}") from e
    patterns = []
    for p in spec.get("patterns") or []:
        try:
            rx = compile_read(str(p["regex"]))  # (parsed once: its screens read the same parse)
            patterns.append(
                Pattern(str(p["rule"]), tid, [norm_term(a) for a in _strs(p["anchors"], where)], rx, tuple(_strs(p.get("also"), where)),
                        tuple(norm_term(t) for t in _strs(p.get("unless_clause"), where)),
                        unless_before=_context_rx(p, "unless_before", where), unless_next=_context_rx(p, "unless_next", where),
                        unless_clause_re=_context_rx(p, "unless_clause_re", where))
            )
        except (KeyError, TypeError, re.error) as e:
            raise LexiconError(f"{where}: bad pattern {p!r}: {e}") from e
    return theme, terms, nears, patterns


def _load_lenders(path: Path) -> tuple[dict[str, Lender], dict[str, str]]:
    data = _read_yaml(path)
    lenders: dict[str, Lender] = {}
    alias_to: dict[str, str] = {}
    for i, item in enumerate(data.get("lenders") or []):
        if not isinstance(item, dict) or "name" not in item:
            raise LexiconError(f"{path.name}: entry {i + 1} needs a name")
        name = str(item["name"])
        aliases = [name] + _strs(item.get("aliases"), f"{path.name}: {name}")
        boundary = {norm_term(a) for a in _strs(item.get("boundary"), f"{path.name}: {name}")}
        normed = []
        for a in aliases:
            na = norm_term(a)
            if na in alias_to and alias_to[na] != name:
                raise LexiconError(f"{path.name}: alias {a!r} given to both {alias_to[na]} and {name}")
            alias_to[na] = name
            normed.append(na)
            # Short aliases (微众, 招联) and Latin/digit ones are checked against word boundaries.
            if len(na) <= 2 or re.search(r"[0-9a-z]", na):
                boundary.add(na)
        lenders[name] = Lender(name, str(item.get("group", "")), list(dict.fromkeys(normed)), boundary)
    return lenders, alias_to


def load(themes_path: Path = THEMES_FILE, lenders_path: Path = LENDERS_FILE, confusables_path: Path = CONFUSABLES_FILE) -> Lexicon:
    """Load, check and compile both lexicon files."""
    data = _read_yaml(themes_path)
    themes: dict[str, Theme] = {}
    terms: list[Term] = []
    nears: list[Near] = []
    patterns: list[Pattern] = []
    for tid, spec in (data.get("themes") or {}).items():
        if not isinstance(spec, dict):
            raise LexiconError(f"{themes_path.name}: theme {tid} must be a mapping")
        theme, t, n, p = _load_theme(str(tid), spec, themes_path)
        themes[theme.id] = theme
        terms += t
        nears += n
        patterns += p
    if not themes:
        raise LexiconError(f"{themes_path.name}: no themes")
    for item in terms + nears + patterns:
        for other in item.also:
            if other not in themes:
                raise LexiconError(f"{themes_path.name}: {item.rule} names unknown theme {other!r}")
    numeric = {str(k): str(v) for k, v in (data.get("numeric_rules") or {}).items()}
    fact_rules = _fact_rules(data.get("fact_rules"), themes, themes_path.name)
    scope = data.get("scope") or {}
    try:
        # (screened: it opens with a lookbehind, and ~4 in 5 posts lack the words it needs)
        complainant = screened(compile_read(str(scope.get("complainant", r"(?!x)x"))))
    except re.error as e:
        raise LexiconError(f"{themes_path.name}: scope.complainant: {e}") from e
    fq = scope.get("future_question") or {}
    try:
        fq_modal = re.compile(str(fq["modal"])) if fq.get("modal") else None
        fq_asks = re.compile(str(fq["asks"])) if fq.get("asks") else None
    except re.error as e:
        raise LexiconError(f"{themes_path.name}: scope.future_question.modal: {e}") from e
    lenders, alias_to = _load_lenders(lenders_path)
    lex = Lexicon(
        # the learned model beside the themes (pipeline/model.py) changes tags too
        version=lexicon_version((themes_path, lenders_path, confusables_path, themes_path.with_name("theme_model.txt"))),
        themes=themes,
        terms=terms,
        nears=nears,
        patterns=patterns,
        numeric=numeric,
        negators=[norm_term(t) for t in _strs(scope.get("negators"), "scope.negators")],
        negation_window=int(scope.get("negation_window", 6)),
        negation_resets=[norm_term(t) for t in _strs(scope.get("negation_resets"), "scope.negation_resets")],
        conditionals=[norm_term(t) for t in _strs(scope.get("conditionals"), "scope.conditionals")],
        fears=[norm_term(t) for t in _strs(scope.get("fears"), "scope.fears")],
        fear_carry=[norm_term(t) for t in _strs(scope.get("fear_carry"), "scope.fear_carry")],
        conditional_reach=int(scope.get("conditional_reach", 0)),
        conditional_ends=[norm_term(t) for t in _strs(scope.get("conditional_ends"), "scope.conditional_ends")],
        speech_cues=[norm_term(t) for t in _strs(scope.get("speech_cues"), "scope.speech_cues")],
        speech_not=[norm_term(t) for t in _strs(scope.get("speech_not"), "scope.speech_not")],
        habitual={str(k): ([str(t) for t in _strs(v, f"scope.habitual.{k}")] if k == "themes"
                           else [norm_term(t) for t in _strs(v, f"scope.habitual.{k}")])
                  for k, v in (scope.get("habitual") or {}).items()},
        announced={str(k): (str(v) if k == "speakers" else [str(t) for t in _strs(v, f"scope.announced.{k}")] if k == "themes"
                            else [norm_term(t) for t in _strs(v, f"scope.announced.{k}")])
                   for k, v in (scope.get("announced") or {}).items()},
        future_question=fq_modal,
        future_asks=fq_asks,
        future_question_ends=tuple(norm_term(t) for t in _strs(fq.get("ends"), "scope.future_question.ends")),
        advice=[norm_term(t) for t in _strs(scope.get("advice"), "scope.advice")],
        hearsay=[norm_term(t) for t in _strs(scope.get("hearsay"), "scope.hearsay")],
        hearsay_ends=[norm_term(t) for t in _strs(scope.get("hearsay_ends"), "scope.hearsay_ends")],
        complainant=complainant,
        context=[norm_term(t) for t in _strs(scope.get("context"), "scope.context")],
        context_not=re.compile(str(scope["context_not"])) if scope.get("context_not") else None,
        context_unless={norm_term(str(k)): [norm_term(t) for t in _strs(v, f"scope.context_unless.{k}")]
                        for k, v in (scope.get("context_unless") or {}).items()},
        clause_breaks=str(scope.get("clause_breaks", "，,。！!？?；;\n")),
        sentence_breaks=str(scope.get("sentence_breaks", "。！!？?；;\n")),
        lenders=lenders,
        alias_to_lender=alias_to,
        user_words=_strs(data.get("user_words"), "user_words"),
        confusables=load_confusables(confusables_path),
        typos=load_typos(confusables_path),
        fact_rules=fact_rules,
    )
    # Both automata with every character either one knows as an early root child (built once:
    # the alphabet is read from the words, not from a first build of each automaton).
    entries = _theme_entries(lex)
    alphabet = {c for k in entries for c in k} | {c for k in lex.alias_to_lender for c in k}
    alphabet -= {SENTINEL, "\x02"}
    lex.theme_automaton = _build(entries, alphabet=alphabet)
    lex.lender_automaton = _lender_automaton(lex, alphabet)
    return lex


# Kinds of automaton payloads: what a found string means to the tagger.
TERM, NEAR_A, NEAR_B, ANCHOR, CONTEXT, COND, FEAR, ADVICE, NEG, HEARSAY = range(10)


def _theme_automaton(lex: Lexicon, alphabet: set[str] | None = None) -> Any:
    """One automaton for every string the theme rules look for; payload: list of (kind, index)."""
    return _build(_theme_entries(lex), alphabet=alphabet)


def _theme_entries(lex: Lexicon) -> dict[str, list[tuple[int, int]]]:
    """Every string the theme rules look for -> its list of (kind, index)."""
    entries: dict[str, list[tuple[int, int]]] = {}
    generated: dict[str, list[tuple[int, int]]] = {}

    def add(word: str, kind: int, idx: int) -> None:
        entries.setdefault(word, []).append((kind, idx))
        if kind in (TERM, NEAR_A, NEAR_B, ANCHOR):
            for v in variants(word, lex.confusables):
                generated.setdefault(v, []).append((kind, idx))

    for i, t in enumerate(lex.terms):
        add(t.text, TERM, i)
    for i, n in enumerate(lex.nears):
        for w in n.a:
            add(w, NEAR_A, i)
        for w in n.b:
            add(w, NEAR_B, i)
    for i, p in enumerate(lex.patterns):
        for w in p.anchors:
            add(w, ANCHOR, i)
    # Scope markers ride along in the same pass (no extra scan of the text per post).
    for kind, words in ((COND, lex.conditionals), (FEAR, lex.fears), (ADVICE, lex.advice), (HEARSAY, lex.hearsay),
                        (NEG, lex.negators)):
        for w in words:
            add(w, kind, 0)
    # A typo variant counts only where it is not itself a word of the lexicon (暴 is both
    # a variant of 爆 and the first character of 暴力催收).
    for v, payload in generated.items():
        if v not in entries:
            entries[v] = payload
    return entries


def _lender_automaton(lex: Lexicon, alphabet: set[str] | None = None) -> Any:
    return _build({alias: [(0, 0)] for alias in lex.alias_to_lender}, payload=lambda k, v: k, alphabet=alphabet)


# pyahocorasick finds a node's child by a linear scan in insertion order, so a character
# that starts no word costs a scan of all ~600 first characters at the root (measured: the
# automaton pass went from ~20 to ~300 µs per 500-character post as the lexicon grew).
# The tagger therefore matches on a copy of the text in which every character that occurs
# in no lexicon word is replaced by SENTINEL, and a never-completed word starting with
# SENTINEL is inserted first, so those characters are found at the first comparison.
SENTINEL = "\x01"


CHAR_ORDER_FILE = DATA / "char_order.txt"


@functools.cache
def _char_rank() -> dict[str, int]:
    """Rank of a character by how common it is in complaints (data/char_order.txt; without
    it, in jieba's dictionary): only used to order the automata's words (speed, never results)."""
    order: list[str] = []
    if CHAR_ORDER_FILE.exists():
        for line in CHAR_ORDER_FILE.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                order.extend(line)
    if not order:  # no counted order: jieba's dictionary frequencies (slower to read at start-up)
        import jieba

        freq: dict[str, int] = {}
        with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
            for line in f:
                if line[1:2] == " ":
                    freq[line[0]] = int(line.split(" ", 2)[1])
        order += sorted(freq, key=lambda c: -freq[c])
    rank: dict[str, int] = {}
    for ch in order:
        rank.setdefault(ch, len(rank))
    return rank


def _build(entries: dict[str, Any], payload: Any = None, alphabet: set[str] | None = None) -> Any:
    """An automaton whose root children come in order of character frequency.

    Every character of `alphabet` that starts no word gets a never-completed placeholder
    word (c + "\x02") so that it, too, is found early at the root instead of after a scan
    of every first character.
    """
    auto = ahocorasick.Automaton()
    auto.add_word(SENTINEL + "\x02", None)  # first root child; never matches (\x02 maps to SENTINEL)
    rank = _char_rank()
    by_first: dict[str, list[str]] = {}
    for word in entries:
        by_first.setdefault(word[0], []).append(word)
    chars = set(by_first) | (alphabet or set())
    for ch in sorted(chars, key=lambda c: (rank.get(c, len(rank)), c)):
        if ch not in by_first:
            auto.add_word(ch + "\x02", None)
            continue
        for word in by_first[ch]:
            value = entries[word]
            auto.add_word(word, _split_payload(word, value) if payload is None else payload(word, value))
    auto.make_automaton()
    return auto


def _split_payload(word: str, value: list[tuple[int, int]]) -> tuple[Any, ...]:
    """(length, terms, near lists, patterns, is-negator, marker kind): few branches per hit."""
    lists: list[list[int]] = [[] for _ in range(10)]
    for kind, i in value:  # one pass (thousands of words per lexicon load)
        lists[kind].append(i)
    by_kind = [tuple(x) for x in lists]
    marker = (COND if by_kind[COND] else FEAR if by_kind[FEAR] else ADVICE if by_kind[ADVICE]
              else HEARSAY if by_kind[HEARSAY] else 0)
    # near rule i's a-words go to list 2i, its b-words to list 2i+1: one loop per hit, not two
    near = tuple(2 * i for i in by_kind[NEAR_A]) + tuple(2 * i + 1 for i in by_kind[NEAR_B])
    return (len(word), by_kind[TERM], near, by_kind[ANCHOR], bool(by_kind[NEG]), marker)


def char_table(chars: Iterable[str]) -> Any:
    """numpy lookup array for reduce_alphabet: code point -> itself for each of `chars`, else SENTINEL."""
    import numpy as np

    table = np.full(BMP, ord(SENTINEL), dtype=np.uint16)  # (16-bit: see _code_map)
    for ch in chars:
        table[ord(ch)] = ord(ch)
    return table


def alphabet_map(lex: Lexicon) -> Any:
    """numpy lookup array: code point -> itself if some lexicon word uses it, else SENTINEL."""
    words = [str(k) for k in lex.theme_automaton.keys()] + [str(k) for k in lex.lender_automaton.keys()]
    # ("*": masked lender names)
    return char_table(({c for w in words for c in w} - {"\x02"}) | {"*"})


class ReducedAutomaton:
    """Words (word -> value) found in a text reduced to the words' own characters (reduce_alphabet:
    any other reads as SENTINEL, in no word) by an automaton built by _build, whose root finds
    every character early, where a plain automaton scans all its first characters for each
    character no word starts with: the same matches at the same places in the same order (the
    same trie; its placeholder words never match). For the words `usable` accepts."""

    __slots__ = ("auto", "table")

    def __init__(self, words: dict[str, Any]) -> None:
        chars = {c for w in words for c in w}
        self.table = char_table(chars)
        self.auto = _build(words, payload=lambda k, v: v, alphabet=chars)

    @staticmethod
    def usable(words: Iterable[str]) -> bool:
        """Can every word be found in the reduced text (no SENTINEL, no placeholder mark, all in the BMP)?"""
        return all(w and all(c not in (SENTINEL, "\x02") and ord(c) < BMP for c in w) for w in words)

    def iter(self, s: str) -> Iterator[tuple[int, Any]]:
        """(end index, value) of every word in s, as ahocorasick.Automaton.iter gives them."""
        return self.auto.iter(reduce_alphabet(s, self.table))


def reduce_alphabet(text: str, table: Any) -> str:
    """The text as the automata see it (same length; unknown characters -> SENTINEL)."""
    import numpy as np

    if not text:
        return text
    reduced = _bmp_lookup(text, table)
    if reduced is not None:
        return reduced
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() >= BMP:  # no lexicon word has a character beyond the BMP
        codes = np.minimum(codes, BMP - 1)
        codes[codes == BMP - 1] = ord(SENTINEL)
    return table[codes].astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


@functools.cache
def default() -> Lexicon:
    """The project's lexicon, loaded once per process (from the compiled copy of an earlier
    run when there is one: _cached_load)."""
    return _cached_load()


# --- compiled lexicons, kept between processes -------------------------------------------------
# Reading, checking and compiling the lexicon files (YAML, ~1,300 terms, ~200 patterns and their
# screens, the automata; then facts.yaml's ~160 patterns) costs ~0.1 s of CPU in every `classify`
# process, a quarter of its start-up, and gives the same objects each time for the same files and
# code. A loaded lexicon is pickled into settings.cache_dir() (private to its user: a pickle is code
# to whoever may write it), under a name keyed by every file its loading reads and the source of the
# code that builds it: a stale file is never read (another name), and a damaged, foreign or
# unreadable one is ignored and written again. Compiled patterns are stored as (pattern, flags) and
# remade through rxcache (its compiled code: no parsing), the flags as a plain int (an re.RegexFlag
# stored by reference was once read back wrongly).

_LEXICON_CACHE_FORMAT = "1"


def lexicon_cache_path(name: str, inputs: Iterable[Path]) -> Path:
    """The cache file of lexicon `name` for its input files and code as they are now, and this Python."""
    h = hashlib.sha1()
    here = Path(__file__).resolve().parent
    for part in (_LEXICON_CACHE_FORMAT, name, sys.version, str(getattr(__import__("_sre"), "MAGIC", "")), ahocorasick.__file__):
        h.update(part.encode() + b"\0")
    # the code revision: what builds the objects (lexicon.py, rxcache.py; the caller names its own module)
    for path in (here / "lexicon.py", here / "rxcache.py", *inputs):
        h.update(str(path).encode() + b"\0" + (path.read_bytes() if path.exists() else b"\1missing") + b"\0")
    import opencc  # (its character table normalises every term: tied to its file, as jieba's cache is)

    st = (Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt").stat()
    h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return settings.cache_dir() / f"complaints-{name}-{h.hexdigest()[:16]}.pickle"


def _remake_rx(pattern: str, flags: int) -> re.Pattern[str]:
    # re.UNICODE is implied for a str pattern: compiled without it, the pattern is the same (==) and
    # rxcache finds the code the lexicon's loading stored under flags 0 (no second copy in its file).
    # Plain ints only: `flags & ~re.UNICODE` is an re.RegexFlag, which in rxcache's key made its file
    # unwritable (marshal stores no enum; every run then compiled again what it had not stored)
    return rxcache.compile(pattern, int(flags) & ~int(re.UNICODE) if isinstance(pattern, str) else int(flags))


class _LexiconPickler(pickle.Pickler):
    """Pickles compiled patterns as (pattern, int flags), remade by rxcache.compile."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is re.Pattern:
            return _remake_rx, (obj.pattern, int(obj.flags))
        return NotImplemented


def load_cached(name: str, inputs: Iterable[Path], build: Callable[[], Any], kind: type) -> Any:
    """build() (a lexicon's load of its default files), from the cache file when it holds a `kind`,
    else built and written there (atomically: other processes may be reading it)."""
    try:
        path = lexicon_cache_path(name, inputs)
    except OSError:
        return build()
    try:
        got = pickle.loads(path.read_bytes())
        if isinstance(got, kind):
            return got
    except Exception:  # noqa: BLE001 - a damaged or foreign file (any error unpickling it) is only a miss
        pass
    got = build()
    _write_lexicon_cache(path, got)
    return got


def _lexicon_inputs() -> tuple[Path, ...]:
    """Every file load() of the default files reads (theme_model.txt: the version's)."""
    return (THEMES_FILE, LENDERS_FILE, CONFUSABLES_FILE, CHAR_ORDER_FILE, THEMES_FILE.with_name("theme_model.txt"))


def _cached_load() -> Lexicon:
    """load() of the default files, through load_cached."""
    return load_cached("lexicon", _lexicon_inputs(), load, Lexicon)


def _write_lexicon_cache(path: Path, obj: Any) -> None:
    import io

    tmp = ""
    try:
        buf = io.BytesIO()
        _LexiconPickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(buf.getvalue())
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)  # no cache: the next run loads the files again
