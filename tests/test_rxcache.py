"""pipeline/rxcache.py: compiled patterns and their readings kept between processes give
exactly what compiling and reading them again gives."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import lexicon as lx
from pipeline import rxcache

ROOT = Path(__file__).resolve().parents[1]

PATTERNS = [
    r"(?<![\d'])(?P<n>\d+(?:'\d{3})*)(?:元|块)?",  # a named group, a lookbehind
    r"(?:催收|催款)[^。！？]{0,8}?(打电话|短信)",
    r"说(?=我)|讲",
    "暴力催收|爆通讯录|威胁",
    r"[\u4e00-\u9fff]+",
    r"(?i)app",  # inline flags
]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    """An empty cache in a file of the test's own."""
    path = tmp_path / "rx.cache"
    monkeypatch.setattr(rxcache, "_path", lambda: path)
    monkeypatch.setattr(rxcache, "_entries", None)
    monkeypatch.setattr(rxcache, "_dirty", False)
    monkeypatch.setattr(rxcache, "_used", set())
    return path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert a == b  # pattern, flags and compiled code
    assert (a.flags, a.groups, a.groupindex) == (b.flags, b.groups, b.groupindex)


def test_compile_from_the_cache_is_re_compile(fresh_cache, monkeypatch):
    text = "催收每天打电话，借款10'000元，说我欠钱 APP 暴力催收"
    for p in PATTERNS:
        _same(rxcache.compile(p), re.compile(p))
    rxcache.save()
    assert fresh_cache.exists()
    # another process: the entries come from the file, and no pattern is parsed again
    monkeypatch.setattr(rxcache, "_entries", None)
    import re._parser as sp

    def no_parse(*_a, **_k):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(sp, "parse", no_parse)
    for p in PATTERNS:
        rx = rxcache.compile(p)
        _same(rx, re.compile(p))
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in re.finditer(p, text)]
        assert [m.groupdict() for m in rx.finditer(text)] == [m.groupdict() for m in re.finditer(p, text)]


def test_compile_errors_are_re_compiles(fresh_cache):
    with pytest.raises(re.error):
        rxcache.compile("(unclosed")
    assert ("code", "(unclosed", 0) not in rxcache._load()


def test_readings_from_the_cache_are_the_readings(fresh_cache, monkeypatch):
    pats = [lx.compile_read(p) for p in PATTERNS[:5]]
    first = [(lx.required_words(rx), lx._skips(rx), lx._start_chars(rx)) for rx in pats]
    rxcache.save()
    monkeypatch.setattr(rxcache, "_entries", None)
    lx.forget_parsed()
    pats = [lx.compile_read(p) for p in PATTERNS[:5]]
    assert [(lx.required_words(rx), lx._skips(rx), lx._start_chars(rx)) for rx in pats] == first
    # a reading's list is the caller's own: changing it changes no later answer
    words = lx.required_words(pats[1])
    words.clear()
    assert lx.required_words(pats[1]) == first[1][0]
    # what a pattern's StartFinder is made of is the same cached or not
    finder = lx._start_finder(pats[0])
    assert (finder is None) == (first[0][2] is None)


def test_a_damaged_cache_is_rebuilt(fresh_cache):
    fresh_cache.write_bytes(b"not marshal data")
    _same(rxcache.compile(PATTERNS[1]), re.compile(PATTERNS[1]))
    rxcache.save()
    rxcache._entries = None
    assert ("code", PATTERNS[1], 0) in rxcache._load()


def test_entries_of_old_lexicons_are_dropped(fresh_cache, monkeypatch):
    """A file mostly of patterns no longer compiled (lexicons edited since) keeps what this run used."""
    import marshal

    fresh_cache.write_bytes(marshal.dumps({("code", f"old{i}", 0): (32, [], 0, {}, (None,)) for i in range(3000)}))
    rxcache.compile(PATTERNS[1])
    rxcache.save()
    assert set(marshal.loads(fresh_cache.read_bytes())) == {("code", PATTERNS[1], 0)}


def test_classify_gives_the_same_cold_and_warm(tmp_path):
    """Two whole runs of `classify`, the first filling a new cache file, the second reading it."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "钱站借款10000元，实际到账7000元，催收每天打电话骚扰我的家人和同事，威胁上门"}\n'
                   '{"id": 2, "text": "借了5000，到手3500，扣了1500服务费，还把我的欠款发到了家族群"}\n', encoding="utf-8")
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    outs = []
    for _ in range(2):
        out = tmp_path / f"out{len(outs)}.jsonl"
        subprocess.run([sys.executable, "-m", "pipeline", "classify", "--input", str(src), "--output", str(out)],
                       check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "COMPLAINTS_CACHE": str(env_tmp), "PATH": "/usr/bin:/bin"},
                       capture_output=True)
        outs.append(out.read_text(encoding="utf-8"))
    assert list(env_tmp.glob("complaints-rx-*.cache"))  # the first run wrote it
    assert outs[0] == outs[1] and '"head_fee"' in outs[0]


def test_flags_given_as_a_regexflag_still_let_the_cache_be_written(fresh_cache, monkeypatch):
    """A pattern compiled with an re.RegexFlag (re.I, or `flags & ~re.UNICODE`, which is one) is kept under
    its flags as a plain int: marshal stores no enum, and one such key made every save fail (silently:
    each run compiled again what it never stored)."""
    flags = re.IGNORECASE | re.UNICODE
    rx = rxcache.compile("app|催收", flags & ~re.UNICODE)
    _same(rx, re.compile("app|催收", re.IGNORECASE))
    assert rxcache.has_code("app|催收", re.IGNORECASE)
    rxcache.save()
    assert fresh_cache.exists()
    monkeypatch.setattr(rxcache, "_entries", None)
    assert rxcache.has_code("app|催收", re.IGNORECASE) and rxcache.has_code("app|催收", int(re.IGNORECASE))
