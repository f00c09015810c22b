"""Compiled regular expressions and their readings, kept between processes.

Building the tagger parses and compiles ~700 regular expressions (the lexicons' big CJK
alternations among them) and reads them (lexicon.required_words, _skips, first_chars): about
half of `classify`'s start-up, as much CPU as tagging ~800 short posts, every run, for the
same patterns. This module keeps what those steps produce in a file beside jieba's cache
(tag.py's, in settings.cache_dir(): private to its user), keyed by the pattern and its flags:

- the compiled code re._compiler makes of a pattern (`compile`): the pattern object is then
  made from it directly, as re._compiler.compile itself makes it (no parse, no optimising),
  and is equal (==) to re.compile's: the same pattern, flags and code;
- the answers of the readings (`reading`), pure functions of the pattern and its flags.

The file is only a cache: it is tied to the Python version, to the regex engine's version
(_sre.MAGIC) and to the source of the modules whose readings it holds (lexicon.py, this
file), so a change in any of them starts a new one; a damaged or missing file is rebuilt.
Nothing it holds can change an answer: the same steps would give the same values.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import settings

_FORMAT = "1"
_MAX_ENTRIES = 20_000  # a file holding more is not read (a run builds ~800; some more are compiled when needed)

_entries: dict[tuple[str, str, int], Any] | None = None  # (kind, pattern, flags) -> value
_used: set[tuple[str, str, int]] = set()  # the keys this process asked for
_dirty = False


def _path() -> Path:
    import _sre

    here = Path(__file__).resolve().parent
    # the readings are lexicon.py's: its source is part of the key (as is this file's)
    sources = b"".join((here / name).read_bytes() for name in ("lexicon.py", "rxcache.py"))
    key = "\0".join([_FORMAT, sys.version, str(getattr(_sre, "MAGIC", "")), hashlib.sha1(sources).hexdigest()])
    return settings.cache_dir() / f"complaints-rx-{hashlib.sha1(key.encode()).hexdigest()[:16]}.cache"


def _load() -> dict[tuple[str, str, int], Any]:
    global _entries
    if _entries is None:
        try:
            entries = marshal.loads(_path().read_bytes())
            _entries = entries if isinstance(entries, dict) and len(entries) <= _MAX_ENTRIES else {}
        except (OSError, ValueError, EOFError, TypeError):
            _entries = {}  # no cache yet, or a damaged one: it is rebuilt
        atexit.register(save)  # patterns compiled later in the run (compiled when first needed) too
    return _entries


def _get(key: tuple[str, str, int], default: Any = None) -> Any:
    _used.add(key)
    return _load().get(key, default)


def _put(key: tuple[str, str, int], value: Any) -> None:
    global _dirty
    _load()[key] = value
    _used.add(key)
    _dirty = True


def save() -> None:
    """Write the cache when it holds anything new (atomically: other processes may read it). The
    patterns of lexicons edited since pile up in it: when most of it went unused by this process,
    only what this process used is written."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    path = _path()
    keep = _entries if len(_entries) <= 2 * len(_used) + 1000 else {k: _entries[k] for k in _used if k in _entries}
    try:
        data = marshal.dumps(keep)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass  # no cache: the next run compiles again


def compile(pattern: str, flags: int = 0, parsed: Any = None) -> re.Pattern[str]:  # noqa: A001 - re.compile's twin
    """re.compile(pattern, flags), from the cached code when there is some (`parsed`: the
    pattern already parsed with these flags, when the caller has it). Errors are re.compile's."""
    flags = int(flags)  # (an re.RegexFlag in a key would make the file unwritable: marshal stores no enum)
    key = ("code", pattern, flags)
    cached = _get(key)
    try:
        import _sre

        if cached is not None:
            return _sre.compile(pattern, *cached)
        import re._compiler as rc
        import re._parser as sp

        tree = parsed if parsed is not None else sp.parse(pattern, flags)
        code = rc._code(tree, flags)
        groupindex = tree.state.groupdict
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        # (the code holds named int constants, which marshal does not store: plain ints, the same values)
        args = (int(flags | tree.state.flags), list(map(int, code)), tree.state.groups - 1, dict(groupindex), tuple(indexgroup))
        rx = _sre.compile(pattern, *args)
    except (ImportError, AttributeError, TypeError):  # another Python's internals: as re does it
        return re.compile(pattern, flags)
    _put(key, args)
    return rx


def has_code(pattern: str, flags: int = 0) -> bool:
    """Does the cache hold pattern's code (compile makes it without parsing)?"""
    return ("code", pattern, int(flags)) in _load()


_MISSING = object()


def reading(kind: str, rx: re.Pattern[str], read: Callable[[], Any]) -> Any:
    """read(), a reading of rx named `kind` (its answer depends on rx's pattern and flags alone,
    and marshal can store it), from the cache when it holds one."""
    key = (kind, rx.pattern, int(rx.flags))
    value = _get(key, _MISSING)
    if value is _MISSING:
        value = read()
        _put(key, value)
    return value
