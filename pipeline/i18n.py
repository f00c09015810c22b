"""The interface's words in Chinese (default) and English, and names typed by people.

The strings are data (data/i18n.yaml, reviewable by an editor); Chinese theme labels
come from the lexicon itself (data/themes.yaml `label`), so a relabelled theme changes
everywhere at once. The dashboard, the chart builders, exports and the CLI all ask here,
so a chart image and the page it came from say the same thing.

Names typed by people (`--theme 联系家人`, `--lender 京东金条`) resolve to the stable keys
the snapshot uses (third_party_contact, 京东白条): a theme by its key, its Chinese label
or any "/"-separated part of it, or its English name; a lender by its name or an alias.
"""
from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from pipeline import settings
from pipeline.errors import ComplaintsError

# Through settings (the package's data, or $COMPLAINTS_DATA): the repository's top-level data/
# is not beside the modules of an installed, non-editable package.
DATA = settings.data_dir()
I18N_FILE = DATA / "i18n.yaml"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class UnknownName(ComplaintsError):
    """A theme or lender name that matches nothing (the message lists what is known)."""


def lang_or_default(value: Any) -> str:
    value = str(value or "").strip().lower()
    return value if value in LANGS else DEFAULT_LANG


@functools.cache
def _doc() -> dict[str, Any]:
    return yaml.safe_load(I18N_FILE.read_text(encoding="utf-8")) or {}


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The text of `key` in `lang`, with {placeholders} filled; the key itself when missing."""
    entry = _doc().get("strings", {}).get(key)
    if not entry:
        return key
    text = entry.get(lang_or_default(lang)) or entry.get(DEFAULT_LANG) or key
    return text.format(**values) if values else text


@functools.cache
def _zh_theme_labels() -> dict[str, str]:
    from pipeline import lexicon

    doc = yaml.safe_load(lexicon.THEMES_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v.get("label") or k) for k, v in (doc.get("themes") or {}).items() if isinstance(v, dict)}


def theme_labels(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """theme key -> label in `lang` (Chinese from themes.yaml, English from i18n.yaml)."""
    if lang_or_default(lang) == "en":
        return {k: str(v) for k, v in (_doc().get("themes_en") or {}).items()}
    try:
        return dict(_zh_theme_labels())
    except (OSError, ValueError, ComplaintsError):
        return {}  # a broken lexicon must not stop a page: keys are shown instead


def theme_label(theme: str, lang: str = DEFAULT_LANG) -> str:
    return theme_labels(lang).get(theme, theme)


def source_label(source: str, lang: str = DEFAULT_LANG) -> str:
    entry = (_doc().get("sources") or {}).get(source)
    return (entry or {}).get(lang_or_default(lang)) or source


def source_labels(lang: str = DEFAULT_LANG) -> dict[str, str]:
    return {k: v.get(lang_or_default(lang), k) for k, v in (_doc().get("sources") or {}).items()}


def fmt_month(value: date | datetime, lang: str = DEFAULT_LANG) -> str:
    """2024年3月 / Mar 2024."""
    return t("month.fmt", lang, y=value.year, m=value.month, mon=_MONTHS[value.month - 1])


def fmt_day(value: date | datetime, lang: str = DEFAULT_LANG) -> str:
    """2024年3月5日 / 5 Mar 2024."""
    return t("day.fmt", lang, y=value.year, m=value.month, d=value.day, mon=_MONTHS[value.month - 1])


def fmt_time(value: Any, lang: str = DEFAULT_LANG) -> str:
    """2024年3月5日 10:07 / 5 Mar 2024 10:07; a value that is no time is returned as text."""
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{fmt_day(when, lang)} {when:%H:%M}"


def plotly_date_format(freq: str, lang: str = DEFAULT_LANG) -> str:
    """A d3 time format for a chart's date axis and hovers."""
    if lang_or_default(lang) == "zh":
        return {"month": "%Y年%-m月", "week": "%Y年%-m月%-d日", "day": "%Y年%-m月%-d日",
                "minute": "%Y年%-m月%-d日 %H:%M"}.get(freq, "%Y年%-m月%-d日")
    return {"month": "%b %Y", "minute": "%-d %b %Y %H:%M"}.get(freq, "%-d %b %Y")


def describe(filters: Any, lang: str = DEFAULT_LANG) -> str:
    """The filters as one subtitle line, with Chinese theme and source names."""
    parts = []
    if filters.start or filters.end:
        parts.append(f"{filters.start or '…'} – {filters.end or '…'}")
    for key in ("lenders", "themes", "sources", "statuses"):
        values = list(getattr(filters, key))
        if not values:
            continue
        if key == "themes":
            values = [theme_label(v, lang) for v in values]
        elif key == "sources":
            values = [source_label(v, lang) for v in values]
        sep = "：" if lang_or_default(lang) == "zh" else ": "
        parts.append(f"{t(f'filters.{key}_', lang)}{sep}{', '.join(values)}")
    return "; ".join(parts) if parts else t("filters.all", lang)


# --- names typed by people ------------------------------------------------------------------


def _norm(name: str) -> str:
    return "".join(str(name).split()).lower()


@functools.cache
def _theme_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for lang in ("en", "zh"):
        for key, label in theme_labels(lang).items():
            index[_norm(key)] = key
            index.setdefault(_norm(label), key)
            for part in str(label).split("/"):
                if part.strip():
                    index.setdefault(_norm(part), key)
    return index


def resolve_theme(name: str, known: Iterable[str] | None = None) -> str:
    """`联系家人`, `联系家人/第三方/爆通讯录`, `third_party_contact` -> third_party_contact."""
    key = _theme_index().get(_norm(name))
    if key is None and known is not None and name in set(known):
        key = name  # a theme of the snapshot that the lexicon no longer lists
    if key is None:
        labels = theme_labels("zh")
        listed = ", ".join(f"{k} ({labels.get(k, k)})" for k in sorted(set(labels) | set(known or ())))
        raise UnknownName(f"unknown theme {name!r} (known: {listed})")
    return key


@functools.cache
def _lender_index() -> dict[str, str]:
    from pipeline import lexicon

    doc = yaml.safe_load(lexicon.LENDERS_FILE.read_text(encoding="utf-8")) or {}
    index: dict[str, str] = {}
    for spec in doc.get("lenders") or []:
        name = str(spec.get("name"))
        index[_norm(name)] = name
        for alias in [*(spec.get("aliases") or []), *(spec.get("en") and [spec["en"]] or [])]:
            index.setdefault(_norm(str(alias)), name)
    return index


def resolve_lender(name: str, known: Iterable[str] | None = None) -> str:
    """A lender's name or alias (京东金条, 蚂蚁花呗) -> its canonical name (京东白条, 花呗)."""
    known_set = set(known or ())
    if name in known_set:
        return name
    found = _lender_index().get(_norm(name))
    if found is None:
        listed = ", ".join(sorted(known_set)[:40]) or ", ".join(sorted(set(_lender_index().values()))[:40])
        raise UnknownName(f"unknown lender {name!r} (known: {listed})")
    return found


def resolve_many(names: Iterable[str], kind: str, known: Iterable[str] | None = None) -> tuple[str, ...]:
    fn = resolve_theme if kind == "themes" else resolve_lender
    return tuple(dict.fromkeys(fn(n, known) for n in names))


def labels_table(lang: str = DEFAULT_LANG) -> Mapping[str, Mapping[str, str]]:
    """The data dictionary for exports: key -> {zh, en} for themes and sources."""
    zh, en = theme_labels("zh"), theme_labels("en")
    return {
        **{f"theme:{k}": {"zh": zh.get(k, k), "en": en.get(k, k)} for k in sorted(set(zh) | set(en))},
        **{f"source:{k}": {"zh": source_label(k, "zh"), "en": source_label(k, "en")}
           for k in (_doc().get("sources") or {})},
    }
