"""`complaints import`: posts a newsroom collected itself, from CSV or JSONL.

Chinese spreadsheets arrive as UTF-8 with or without a BOM, as GB18030/GBK, or as
UTF-16 (Excel's "Unicode text"); all are read, the encoding decided on evidence. Every
row is validated before anything is stored, and each bad row is reported with its line
number and the reason (bytes that do not decode, a date outside the plausible range, an
id too long for the store, a row swallowed by an unbalanced quote, a duplicate id), so a
file is either imported whole or not at all (unless the user asks to skip bad rows).
The checks are ours, not the database's: SQLite and PostgreSQL see the same rows.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from pipeline import settings
from pipeline.errors import ComplaintsError
from pipeline.models import CST, HEIMAO_STATUS, Post, from_epoch, now_cst
from pipeline.store import posts as posts_table
from pipeline.text import clean_text, guess_encoding, mask_post, undecoded_bytes, unescape_entities

COLUMNS_FILE = settings.data_file("import_columns.yaml")
FIELDS = ("source_id", "url", "title", "body", "published_at", "author", "target", "issue", "appeal", "amount", "status")


class ImportFileError(ComplaintsError):
    """The file as a whole cannot be read (missing, unknown format, bad --map)."""


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class ImportReport:
    source: str
    rows: int = 0
    posts: list[Post] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = ""


# Plausible publication dates. One post dated 0001-01-01 or 9999-12-31 stretches every
# chart to ten thousand years (and a daily series to millions of rows), so dates outside
# this range are errors, not data. `--min-date`/`--max-date` widen it for old archives.
MIN_DATE = date(2000, 1, 1)


def default_max_date() -> date:
    """Tomorrow in China Standard Time (a post from a time zone ahead is still fine)."""
    return now_cst().date() + timedelta(days=1)


@dataclass(frozen=True)
class DateRange:
    earliest: date = MIN_DATE
    latest: date | None = None  # None: tomorrow, computed when checked

    def check(self, value: datetime | None, raw: Any) -> datetime | None:
        if value is None:
            return None
        latest = self.latest or default_max_date()
        if value.date() < self.earliest:
            raise ValueError(f"date {raw!r} is before {self.earliest} (--min-date)")
        if value.date() > latest:
            raise ValueError(f"date {raw!r} is after {latest} (--max-date)")
        return value


# Lengths the store can hold (pipeline/store.py), checked here for every database alike:
# SQLite would store a longer id silently, PostgreSQL fails the whole file without a line.
def _limit(column: str) -> int:
    return int(posts_table.c[column].type.length)


SOURCE_PREFIX = "import:"
MAX_SOURCE = _limit("source") - len(SOURCE_PREFIX)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_mapping(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--map 标题列=title` pairs to {column: field}, checking the field names."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise ImportFileError(f"--map wants COLUMN=FIELD, got {pair!r}")
        if target.strip() not in FIELDS:
            raise ImportFileError(f"--map {pair!r}: unknown field {target.strip()!r} (one of {', '.join(FIELDS)})")
        out[column.strip()] = target.strip()
    return out


def read_file(path: Path, source: str | None = None, mapping: dict[str, str] | None = None, encoding: str | None = None,
              dates: DateRange | None = None) -> ImportReport:
    if not path.exists():
        raise ImportFileError(f"no such file: {path}")
    name = source or path.stem
    if len(name) > MAX_SOURCE:
        raise ImportFileError(f"source name {name[:40]!r}... is longer than {MAX_SOURCE} characters: give a shorter --source")
    if _CONTROL.search(name):
        raise ImportFileError(f"source name {name!r} contains a control character")
    report = ImportReport(source=f"{SOURCE_PREFIX}{name}")
    suffix = path.suffix.lower()
    if suffix not in {".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt"}:
        raise ImportFileError(f"{path}: unknown format {suffix!r} (use .csv, .tsv or .jsonl)")
    text, report.encoding = _read_text(path, encoding)
    if suffix in {".jsonl", ".ndjson", ".json"}:
        rows = _jsonl_rows(text, report)
    else:
        rows = _csv_rows(text, "\t" if suffix == ".tsv" else ",", report)
    columns = _column_map(mapping or {})
    seen: dict[str, int] = {}
    for line, record in rows:
        report.rows += 1
        try:
            post = _to_post(record, columns, report.source, dates or DateRange())
        except ValueError as e:
            report.errors.append(RowError(line, str(e)))
            continue
        if post.source_id in seen:
            # Two rows, one post: the store would keep only the later one, silently.
            report.errors.append(RowError(line, f"duplicate id {post.source_id!r} (also on line {seen[post.source_id]})"))
            continue
        seen[post.source_id] = line
        report.posts.append(post)
    report.errors.sort(key=lambda e: e.line)
    return report


def _read_text(path: Path, encoding: str | None) -> tuple[str, str]:
    """The file's text and the encoding it was read with.

    Bytes that do not decode are kept as surrogates (surrogateescape) so that each row
    holding one is reported with its line; nothing is replaced by '?' and stored.
    """
    data = path.read_bytes()
    enc = encoding or guess_encoding(data)
    try:
        if enc.lower().replace("_", "-").startswith("utf-16"):
            return data.decode(enc), enc  # surrogateescape cannot carry UTF-16 errors
        return data.decode(enc, errors="surrogateescape"), enc
    except LookupError as e:
        raise ImportFileError(f"{path}: unknown encoding {enc!r}") from e
    except UnicodeDecodeError as e:
        raise ImportFileError(f"{path}: cannot decode as {enc} at byte {e.start}: {e.reason}") from e


def _csv_rows(text: str, delimiter: str, report: ImportReport) -> list[tuple[int, dict[str, Any]]]:
    # strict: an unterminated quote is an error at the end of the file, not a last field
    # that silently swallows every row after it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as e:
        raise ImportFileError(f"line 1: the header cannot be read: {e}") from e
    header = [h.strip() for h in header]
    out = []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            report.rows += 1
            report.errors.append(RowError(start, _csv_error(e, start, reader.line_num)))
            if "end of data" in str(e):
                break
            start = reader.line_num + 1
            continue
        line, end = start, reader.line_num
        start = end + 1
        if not any(v.strip() for v in values):
            continue
        problem = _row_shape(values, header, delimiter, end - line)
        if problem:
            report.rows += 1
            report.errors.append(RowError(line, problem))
            continue
        out.append((line, dict(zip(header, values))))
    return out


def _csv_error(e: csv.Error, line: int, now: int) -> str:
    text = str(e)
    if "end of data" in text:
        return f"unterminated quote: the quoted field opened here runs to the end of the file (line {now}), swallowing the rows after it"
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit():,} characters (a stray quote, or not a CSV file?)"
    return f"malformed CSV: {text}"


def _row_shape(values: list[str], header: list[str], delimiter: str, extra_lines: int) -> str:
    """Why a parsed row is suspect ('' if fine): extra columns, or rows inside one field."""
    if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
        return (f"{len(values)} values but the header has {len(header)} columns "
                f"(an unquoted {'tab' if delimiter == chr(9) else 'comma'} in a field? quote it)")
    if extra_lines and len(header) >= 3:
        # A quoted field over several lines is normal (a multi-line body); one whose lines
        # each look like a whole row is an opening quote that was never closed in time.
        for value in values:
            inner = value.split("\n")[1:]
            if len(inner) >= 2 and all(v.count(delimiter) >= len(header) - 1 for v in inner):
                return f"a quoted field spans {len(inner) + 1} lines that look like rows (a quote opened and not closed?)"
    return ""


def _jsonl_rows(text: str, report: ImportReport) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            report.rows += 1
            report.errors.append(RowError(i, f"invalid JSON: {e.msg} at column {e.colno}"))
            continue
        if not isinstance(record, dict):
            report.rows += 1
            report.errors.append(RowError(i, "a line must be a JSON object"))
            continue
        out.append((i, record))
    return out


def _norm_header(h: str) -> str:
    return re.sub(r"[\s:：]+", "", str(h)).lower()


def _column_map(mapping: dict[str, str]) -> dict[str, str]:
    """{normalised header: field}: the user's --map first, then data/import_columns.yaml."""
    aliases = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))
    columns = {_norm_header(h): f for f, hs in aliases.items() for h in hs}
    columns.update({_norm_header(c): f for c, f in mapping.items()})
    return columns


def _to_post(record: dict[str, Any], columns: dict[str, str], source: str, dates: DateRange) -> Post:
    values: dict[str, Any] = {}
    for key, value in record.items():
        f = columns.get(_norm_header(key))
        if f and f not in values and value not in (None, ""):
            values[f] = value
    for f, value in values.items():
        bad = undecoded_bytes(value) if isinstance(value, str) else ""
        if bad:
            raise ValueError(f"{f} has byte(s) {bad} that do not decode "
                             "(a damaged file? fix the bytes, or give --encoding)")
    title, body = _text(values.get("title", "")), _text(values.get("body", ""))
    if not title and not body:
        raise ValueError("no title and no text (which column holds them? use --map COLUMN=body)")
    published = dates.check(parse_time(values.get("published_at")), values.get("published_at"))
    source_id = _identifier(values.get("source_id"), "id", _limit("source_id"))
    url = _identifier(values.get("url"), "url", None)
    post = Post(
        source=source,
        source_id=source_id,
        url=url,
        title=title,
        body=body,
        published_at=published,
        author=str(values.get("author", "")),
        target=_bounded(_text(values.get("target", "")), "target", _limit("target")),
        issue=_text(values.get("issue", "")),
        appeal=_text(values.get("appeal", "")),
        amount=parse_amount(values.get("amount")),
        status=_bounded(parse_status(values.get("status")), "status", _limit("status")),
    )
    mask_post(post)  # every free-text field, the id and the URL (pipeline.text)
    if not post.source_id:
        # No id column: the text itself is the identity, so re-importing the file is idempotent.
        post.source_id = hashlib.sha1(f"{post.title}\n{post.body}\n{published}".encode()).hexdigest()[:16]
    return post


def _text(value: Any) -> str:
    """A free-text field as we store it. Other scrapers' files often hold the platforms' HTML
    escapes (&quot;, &amp;nbsp;): decoded here, they no longer split words for the tagger or
    show up in quotes."""
    return clean_text(unescape_entities(str(value)))


def _identifier(value: Any, name: str, limit: int | None) -> str:
    text = str(value or "").strip()
    if _CONTROL.search(text):
        raise ValueError(f"{name} contains a control character (NUL, tab or line break): {text[:40]!r}")
    if limit is not None and len(text) > limit:
        raise ValueError(f"{name} is {len(text)} characters long; at most {limit} fit")
    return text


def _bounded(text: str, name: str, limit: int) -> str:
    if len(text) > limit:
        raise ValueError(f"{name} is {len(text)} characters long; at most {limit} fit")
    return text


_CN_DATE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# The labels platforms put before a date ("发布于 2019年11月24日"); nothing else may surround
# one: "12019-11-24" or "garbage 2019-1-2 garbage" is not a date.
_DATE_LABEL = re.compile(r"^(?:发布于|发布时间|投诉时间|发表于|时间|日期)\s*[:：]?\s*")


def parse_time(value: Any) -> datetime | None:
    """Dates as people and platforms write them, to naive China Standard Time.

    Epoch numbers (seconds or milliseconds, as the APIs give them) are UTC instants;
    written dates ("2019年11月24日 19:18", "2019-11-24") are already local. The whole
    value must be a date: a date inside other text, a boolean, or an epoch number beyond
    the year 9999 is an error, not a guess.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"not a date: {json.dumps(value, ensure_ascii=False)[:40]}")
    if isinstance(value, (int, float)) or re.fullmatch(r"\d{10}(\d{3})?", value.strip()):
        return _epoch(value)
    text = _DATE_LABEL.sub("", value.strip())
    try:
        parsed = datetime.fromisoformat(text) if re.match(r"\d{4}-", text) else None
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed.astimezone(CST).replace(tzinfo=None) if parsed.tzinfo else parsed
    m = _CN_DATE.fullmatch(text)
    if m:
        y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, hh, mm, ss)
        except ValueError as e:
            raise ValueError(f"impossible date {value.strip()!r}: {e}") from e
    raise ValueError(f"unparseable date {value.strip()[:60]!r}")


def _epoch(value: Any) -> datetime:
    number = float(value)
    if not math.isfinite(number) or number <= 0 or number >= 253402300800 * 1000:  # 9999-12-31 in ms
        raise ValueError(f"not a plausible epoch time: {value!r}")
    try:
        parsed = from_epoch(number)
    except (OverflowError, OSError, ValueError) as e:
        raise ValueError(f"not a plausible epoch time: {value!r}") from e
    if parsed is None:
        raise ValueError(f"not a plausible epoch time: {value!r}")
    return parsed


def parse_amount(value: Any) -> float | None:
    """"29494元", "1,200.50", "3万" -> a number of yuan."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    m = re.fullmatch(r"[¥￥]?\s*(\d+(?:\.\d+)?)\s*(万)?\s*(元|块)?", text)
    if not m:
        raise ValueError(f"not an amount: {text!r}")
    return float(m.group(1)) * (10_000 if m.group(2) else 1)


def parse_status(value: Any) -> str:
    """Platform status words pass through; 黑猫's numeric codes become their words."""
    if value is None or value == "":
        return ""
    text = str(value).strip()
    if text.isdigit():
        code = int(text)
        if code not in HEIMAO_STATUS:
            raise ValueError(f"unknown status code {code}")
        return HEIMAO_STATUS[code]
    return text
