"""`complaints import`: posts a newsroom collected itself, from CSV or JSONL.

Chinese spreadsheets arrive as UTF-8 with or without a BOM, or as GB18030/GBK; all are
read. Every row is validated before anything is stored, and each bad row is reported
with its line number and the reason, so a file is either imported whole or not at all
(unless the user asks to skip bad rows).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from pipeline import settings
from pipeline.errors import ComplaintsError
from pipeline.models import CST, HEIMAO_STATUS, Post, from_epoch
from pipeline.text import clean_text, decode_bytes, mask_author, mask_pii

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


def read_file(path: Path, source: str | None = None, mapping: dict[str, str] | None = None, encoding: str | None = None) -> ImportReport:
    if not path.exists():
        raise ImportFileError(f"no such file: {path}")
    name = source or path.stem
    report = ImportReport(source=f"import:{name}")
    text = _read_text(path, encoding)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        rows = _jsonl_rows(text, report)
    elif suffix in {".csv", ".tsv", ".txt"}:
        rows = _csv_rows(text, delimiter="\t" if suffix == ".tsv" else ",")
    else:
        raise ImportFileError(f"{path}: unknown format {suffix!r} (use .csv, .tsv or .jsonl)")
    columns = _column_map(mapping or {})
    for line, record in rows:
        report.rows += 1
        try:
            report.posts.append(_to_post(record, columns, report.source))
        except ValueError as e:
            report.errors.append(RowError(line, str(e)))
    report.errors.sort(key=lambda e: e.line)
    return report


def _read_text(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as e:
            raise ImportFileError(f"{path}: cannot decode as {encoding}: {e}") from e
    return decode_bytes(data)


def _csv_rows(text: str, delimiter: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return []
    header = [h.strip() for h in header]
    out = []
    start = reader.line_num + 1
    for values in reader:
        if any(v.strip() for v in values):
            out.append((start, dict(zip(header, values))))
        start = reader.line_num + 1
    return out


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


def _to_post(record: dict[str, Any], columns: dict[str, str], source: str) -> Post:
    values: dict[str, Any] = {}
    for key, value in record.items():
        f = columns.get(_norm_header(key))
        if f and f not in values and value not in (None, ""):
            values[f] = value
    title = mask_pii(clean_text(str(values.get("title", ""))))
    body = mask_pii(clean_text(str(values.get("body", ""))))
    if not title and not body:
        raise ValueError("no title and no text (which column holds them? use --map COLUMN=body)")
    published = parse_time(values.get("published_at"))
    source_id = str(values.get("source_id") or "").strip()
    if not source_id:
        # No id column: the text itself is the identity, so re-importing the file is idempotent.
        source_id = hashlib.sha1(f"{title}\n{body}\n{published}".encode()).hexdigest()[:16]
    return Post(
        source=source,
        source_id=source_id,
        url=str(values.get("url", "")).strip(),
        title=title,
        body=body,
        published_at=published,
        author=mask_author(str(values.get("author", ""))),
        target=clean_text(str(values.get("target", ""))),
        issue=clean_text(str(values.get("issue", ""))),
        appeal=clean_text(str(values.get("appeal", ""))),
        amount=parse_amount(values.get("amount")),
        status=parse_status(values.get("status")),
    )


_CN_DATE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_time(value: Any) -> datetime | None:
    """Dates as people and platforms write them, to naive China Standard Time.

    Epoch numbers (seconds or milliseconds, as the APIs give them) are UTC instants;
    written dates ("2019年11月24日 19:18", "2019-11-24") are already local.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) or (isinstance(value, str) and re.fullmatch(r"\d{10}(\d{3})?", value.strip())):
        return from_epoch(value)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed.astimezone(CST).replace(tzinfo=None) if parsed.tzinfo else parsed
    m = _CN_DATE.search(text)
    if m:
        y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, hh, mm, ss)
        except ValueError as e:
            raise ValueError(f"impossible date {text!r}: {e}") from e
    raise ValueError(f"unparseable date {text!r}")


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
    return text[:20]
