"""Evidence that holds up: original captures in WARC files, a collection log, verification.

What an investigator defending the data is asked for (the Berkeley Protocol on digital
open-source investigations, 2020/2022 ed., ch. VI "Preservation"): the original capture,
a hash of every file, a collection log (when, what URL, which tool and version, by whom),
and evidence kept apart from working copies. Chinese courts accept hash values and trusted
timestamps as proof that electronic data was not altered since a moment (最高人民法院
《关于互联网法院审理案件若干问题的规定》 2018, art. 11); they prove form, not truth.

Layout, beside the database (`evidence_dir`), never served by the dashboard:

    <evidence>/                      mode 0700
      warc/<source>-<UTC>-<pid>.warc.gz   one per crawl run, 0600: a warcinfo record, then
                                     per response a `request` and a `response` record
                                     (ISO 28500 WARC/1.1, one gzip member per record, so
                                     a record can be cut out at its offset)
      collection-log.jsonl           0600, appended, never rewritten: one line per capture

A collection-log line: time (UTC), url, method, status, tool, versions, operator, warc
(file name), offset and length (of the response record's gzip member in the file),
record_id (WARC-Record-ID), sha256 (of the HTTP payload as received: the body bytes
before any decoding) and record_sha256 (of the stored record bytes, so that any changed
byte of the file is found without trusting the WARC reader).

Credentials never enter a capture: Cookie, Authorization and Set-Cookie header values
are replaced by "[redacted]" in the WARC records (the header names stay, so it is clear
that one was sent). The payload is kept byte for byte: it holds personal data, hence the
file modes, and captures leave the machine only in an evidence pack made with
`--include-captures`.

This module is used by the crawler (crawler/capture.py) and by `complaints verify` and the
evidence pack; it knows nothing of Scrapy.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.errors import ComplaintsError

LOG_NAME = "collection-log.jsonl"
WARC_DIR = "warc"
TOOL = "complaints-radar"
REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization", "set-cookie"})
GZIP_LEVEL = 6
DIR_MODE = 0o700
FILE_MODE = 0o600


class EvidenceError(ComplaintsError):
    """An evidence folder or file that cannot be read or written (one line)."""


# -- where ---------------------------------------------------------------------------------


evidence_dir = settings.evidence_dir  # $COMPLAINTS_EVIDENCE, else beside the SQLite file


def ensure_dir(root: str | os.PathLike) -> Path:
    """Create the folder (and warc/) private to the owner; tighten it if it exists."""
    root = Path(root)
    for d in (root, root / WARC_DIR):
        d.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        os.chmod(d, DIR_MODE)
    return root


def tool_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("complaints-radar", "scrapy", "warcio"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "unknown"
    return out


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso_utc(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def b32_sha256(digest: bytes) -> str:
    """WARC digests are written `sha256:<base32>` (the form warcio and pywb read)."""
    return "sha256:" + base64.b32encode(digest).decode("ascii")


# -- writing ---------------------------------------------------------------------------------


@dataclass
class Capture:
    """Where one response is kept; what the post rows and the collection log point at."""

    url: str
    method: str
    status: int
    warc: str              # file name under <evidence>/warc/
    offset: int
    length: int
    record_id: str
    sha256: str            # hex SHA-256 of the HTTP payload as received
    record_sha256: str     # hex SHA-256 of the stored (gzip member) bytes of the response record
    captured_at: str       # ISO 8601 UTC, ...Z

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def redact(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in headers]


class CaptureWriter:
    """One WARC file for one crawl run, plus lines appended to the collection log.

    Not thread-safe (Scrapy calls it from its one reactor thread). Several processes may
    share one evidence folder (distributed workers): each writes its own WARC file, and
    each log line is one O_APPEND write, which POSIX keeps whole on a local file system.
    """

    def __init__(self, root: str | os.PathLike, source: str, operator: str = "",
                 run_info: dict[str, Any] | None = None) -> None:
        self.root = ensure_dir(root)
        self.source = source
        self.operator = operator
        self.versions = tool_versions()
        self.tool = f"{TOOL} {self.versions['complaints-radar']}"
        stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
        self.name = f"{source}-{stamp}-{os.getpid()}.warc.gz"
        self.path = self.root / WARC_DIR / self.name
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        self.file = os.fdopen(fd, "wb")
        self.log_path = self.root / LOG_NAME
        log_fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        self.log = os.fdopen(log_fd, "ab", buffering=0)
        self.buffer = io.BytesIO()  # each record is built here, hashed, then appended to the file
        self.writer = _sha256_writer(self.buffer)
        self.count = 0
        self.bytes = 0
        info = {"software": f"{self.tool} (Scrapy {self.versions['scrapy']}, warcio {self.versions['warcio']})",
                "format": "WARC File Format 1.1", "operator": operator or "unknown",
                "source": source, **(run_info or {})}
        self._write(self.writer.create_warcinfo_record(self.name, {k: str(v) for k, v in info.items()}))

    def _write(self, record: Any) -> tuple[int, bytes]:
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.write_record(record)
        # One gzip member per record (so a record can be cut out at its offset), at level 6:
        # warcio's level 9 costs twice the CPU for ~2% smaller files (bench/crawl.py).
        compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        stored = compressor.compress(self.buffer.getvalue()) + compressor.flush()
        offset = self.file.tell()
        self.file.write(stored)
        self.file.flush()
        return offset, stored

    def write(self, *, url: str, method: str, request_headers: Sequence[tuple[str, str]],
              request_body: bytes, status: int, reason: str, protocol: str,
              response_headers: Sequence[tuple[str, str]], body: bytes, peer: str = "") -> Capture:
        from warcio.statusandheaders import StatusAndHeaders

        when = utc_now()
        warc_date = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        payload_sha = hashlib.sha256(body).digest()
        resp_headers = StatusAndHeaders(f"{status} {reason}".strip(), redact(response_headers),
                                        protocol=protocol or "HTTP/1.1")
        rec_headers = {"WARC-Date": warc_date, "WARC-Payload-Digest": b32_sha256(payload_sha)}
        if peer:
            rec_headers["WARC-IP-Address"] = peer
        response = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                  http_headers=resp_headers, warc_headers_dict=rec_headers)
        path = url.split("://", 1)[-1].split("/", 1)
        target = "/" + path[1] if len(path) > 1 else "/"
        req_headers = StatusAndHeaders(f"{method} {target} {protocol or 'HTTP/1.1'}", redact(request_headers),
                                       is_http_request=True)
        request = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body or b""), http_headers=req_headers,
            warc_headers_dict={"WARC-Date": warc_date,
                               "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
        offset, stored = self._write(response)
        self._write(request)
        capture = Capture(url=url, method=method, status=status, warc=self.name, offset=offset, length=len(stored),
                          record_id=response.rec_headers.get_header("WARC-Record-ID"),
                          sha256=payload_sha.hex(), record_sha256=hashlib.sha256(stored).hexdigest(),
                          captured_at=iso_utc(when))
        self._log(capture)
        self.count += 1
        self.bytes = self.file.tell()
        return capture

    def _log(self, c: Capture) -> None:
        line = {"time": c.captured_at, "url": c.url, "method": c.method, "status": c.status,
                "tool": self.tool, "versions": self.versions, "operator": self.operator or "unknown",
                "source": self.source, "warc": c.warc, "offset": c.offset, "length": c.length,
                "record_id": c.record_id, "sha256": c.sha256, "record_sha256": c.record_sha256}
        self.log.write((json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))

    def close(self) -> None:
        if self.file.closed:
            return
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.fsync(self.log.fileno())
        self.log.close()


def _sha256_writer(file: Any) -> Any:
    """warcio's writer with SHA-256 block digests (it defaults to SHA-1)."""
    from warcio.utils import Digester
    from warcio.warcwriter import WARCWriter

    class _Writer(WARCWriter):
        @staticmethod
        def _create_digester() -> Digester:
            return Digester("sha256")

    return _Writer(file, gzip=False, warc_version="1.1")  # CaptureWriter._write compresses


# -- reading and verifying ---------------------------------------------------------------------


def read_log(root: str | os.PathLike) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """(line number, parsed line or None when unreadable, raw text) for every log line."""
    path = Path(root) / LOG_NAME
    if not path.exists():
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, 1):
            text = raw.rstrip("\n")
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except ValueError:
                line = None
            yield n, line if isinstance(line, dict) else None, text


def record_bytes(root: str | os.PathLike, warc: str, offset: int, length: int) -> bytes:
    path = Path(root) / WARC_DIR / Path(warc).name  # a name, never a path out of the folder
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(length)


def payload_of(stored: bytes) -> tuple[bytes, dict[str, str]]:
    """The HTTP payload and WARC headers of one stored (gzipped) response record."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(stored)):
        headers = dict(record.rec_headers.headers)
        return record.raw_stream.read(), headers
    raise EvidenceError("no WARC record at this offset")


@dataclass
class Problem:
    line: int
    url: str
    what: str


@dataclass
class VerifyReport:
    checked: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(root: str | os.PathLike) -> VerifyReport:
    """Re-hash every capture named in the collection log against the log.

    For each line: the WARC file exists; the stored record bytes hash to record_sha256;
    the record parses, is the one named (WARC-Record-ID), and its payload hashes to
    sha256 (also checked against the record's own WARC-Payload-Digest)."""
    root = Path(root)
    report = VerifyReport()
    if not (root / LOG_NAME).exists():
        raise EvidenceError(f"no collection log at {root / LOG_NAME}: nothing was captured there")
    files: set[str] = set()
    for n, line, text in read_log(root):
        if line is None:
            report.problems.append(Problem(n, "", f"unreadable log line: {text[:80]!r}"))
            continue
        report.checked += 1
        url = str(line.get("url", ""))
        try:
            warc, offset, length = str(line["warc"]), int(line["offset"]), int(line["length"])
        except (KeyError, TypeError, ValueError):
            report.problems.append(Problem(n, url, "log line lacks warc/offset/length"))
            continue
        files.add(warc)
        try:
            stored = record_bytes(root, warc, offset, length)
        except OSError as e:
            report.problems.append(Problem(n, url, f"missing file {WARC_DIR}/{warc}: {e.strerror or e}"))
            continue
        if len(stored) != length:
            report.problems.append(Problem(n, url, f"{warc} is cut short at offset {offset}"))
            continue
        if hashlib.sha256(stored).hexdigest() != line.get("record_sha256"):
            report.problems.append(Problem(n, url, f"record bytes changed ({warc} @ {offset}): SHA-256 differs"))
            continue
        try:
            payload, headers = payload_of(stored)
        except Exception as e:  # noqa: BLE001 - any unreadable record is a finding, not a crash
            report.problems.append(Problem(n, url, f"unreadable WARC record ({warc} @ {offset}): {e}"))
            continue
        digest = hashlib.sha256(payload).digest()
        if digest.hex() != line.get("sha256"):
            report.problems.append(Problem(n, url, "payload SHA-256 differs from the log"))
        elif headers.get("WARC-Payload-Digest") != b32_sha256(digest):
            report.problems.append(Problem(n, url, "payload differs from the record's WARC-Payload-Digest"))
        elif headers.get("WARC-Record-ID") != line.get("record_id"):
            report.problems.append(Problem(n, url, "a different record than the log names"))
    report.files = len(files)
    return report


def log_lines_for(root: str | os.PathLike, record_ids: Iterable[str]) -> list[str]:
    """The raw collection-log lines of these captures, in log order."""
    wanted = set(record_ids)
    return [text for _, line, text in read_log(root) if line and line.get("record_id") in wanted]


def warc_for(root: str | os.PathLike, captures: Iterable[tuple[str, int, int]]) -> bytes:
    """A WARC file holding exactly these stored records (gzip members concatenate)."""
    out = io.BytesIO()
    for warc, offset, length in captures:
        out.write(record_bytes(root, warc, offset, length))
    return out.getvalue()


# -- evidence packs ----------------------------------------------------------------------------

CAPTURE_WARNING = ("the pack holds the original pages as captured: names, phone numbers and other personal data "
                   "are NOT masked in captures.warc.gz. Share it only with whom must check the evidence.")


@dataclass
class PackEvidence:
    """What an evidence pack adds for its posts: files, and per-post columns for posts.csv."""

    files: dict[str, bytes]
    per_post: Any            # DataFrame: id, capture_sha256, captured_at_utc, capture_url, after_capture(_at)
    posts: int = 0           # posts with an original capture
    captures: int = 0
    included: bool = False   # captures.warc.gz is in the pack


def pack_files(store: Any, root: str | os.PathLike, post_ids: Sequence[int],
               include_captures: bool = False) -> PackEvidence:
    """captures.csv (every capture behind each post), collection-log.jsonl (their log lines)
    and, with `include_captures`, captures.warc.gz (the response records themselves).

    A post's *original capture* is the first response it was parsed from (`produced`); the
    list pages and detail pages it also came through are listed too."""
    import pandas as pd

    from pipeline.export import csv_bytes

    root = Path(root)
    rows = store.captures_of([int(i) for i in post_ids])
    caps = pd.DataFrame(rows, columns=["post_id", "source", "source_id", "url", "status", "captured_at", "sha256",
                                       "produced", "warc", "warc_offset", "warc_length", "record_id"])
    caps["captured_at_utc"] = caps["captured_at"].map(lambda t: f"{t:%Y-%m-%dT%H:%M:%S.%f}Z" if t is not None else "")
    caps["original"] = False
    if not caps.empty:
        first = caps[caps["produced"].astype(bool)].groupby("post_id", sort=False).head(1).index
        caps.loc[first, "original"] = True
    files: dict[str, bytes] = {}
    if include_captures and not caps.empty:
        unique = caps.drop_duplicates("record_id")
        out, where = io.BytesIO(), {}
        for r in unique.itertuples():
            where[r.record_id] = out.tell()
            out.write(record_bytes(root, r.warc, int(r.warc_offset), int(r.warc_length)))
        files["captures.warc.gz"] = out.getvalue()
        caps["pack_offset"] = caps["record_id"].map(where)
    columns = ["post_id", "source", "source_id", "original", "url", "status", "captured_at_utc", "sha256",
               "record_id", "warc", "warc_offset", "warc_length"] + (["pack_offset"] if "pack_offset" in caps else [])
    files["captures.csv"] = csv_bytes(caps[columns].rename(columns={"url": "capture_url"}))
    lines = log_lines_for(root, caps["record_id"].unique()) if not caps.empty else []
    files["collection-log.jsonl"] = "".join(line + "\n" for line in lines).encode("utf-8")
    original = caps[caps["original"]]
    per_post = pd.DataFrame({"id": original["post_id"].astype("int64"), "capture_sha256": original["sha256"],
                             "captured_at_utc": original["captured_at_utc"], "capture_url": original["url"]})
    # What happened after we saw each post: the text as first captured is what is counted.
    versions = pd.DataFrame(store.versions_of([int(i) for i in post_ids]),
                            columns=["post_id", "source", "source_id", "kind", "seen_at", "last_seen", "old_hash",
                                     "new_hash", "old_capture", "new_capture", "reason", "title", "body", "diff"])
    files["versions.csv"] = csv_bytes(versions.rename(columns={"seen_at": "seen_at_cst", "last_seen": "last_seen_cst"}))
    after = versions.groupby("post_id").agg(
        after_capture=("kind", lambda k: ", ".join(dict.fromkeys(k))),
        after_capture_at=("seen_at", "max")).reset_index().rename(columns={"post_id": "id"})
    per_post = per_post.merge(after, on="id", how="outer") if not after.empty else per_post.assign(
        after_capture="", after_capture_at=None)
    return PackEvidence(files=files, per_post=per_post, posts=len(per_post), captures=int(caps["record_id"].nunique()),
                        included="captures.warc.gz" in files)


def packer_for(db: str | None, root: str | os.PathLike | None, include_captures: bool,
               warn: Any = None) -> tuple[Any, Any]:
    """(ids -> PackEvidence, the store to close) for an evidence pack; (None, None) when this
    machine has no store or no collection log (the pack then says it has no captures).
    Asking for captures where there are none is an error, not a silent omission."""
    import functools

    from pipeline.store import Store, StoreError, resolve_url

    url = resolve_url(db)
    root = Path(root) if root is not None else evidence_dir(url)
    try:
        store = Store(url)
    except StoreError:
        store = None
    if store is not None:
        try:
            store.check()  # an old schema has no post_captures: say "run complaints init"
        except StoreError:
            store.close()
            raise
    if store is None or not (root / LOG_NAME).exists():
        if store is not None:
            store.close()
        if include_captures:
            raise EvidenceError(f"--include-captures: no collection log at {root / LOG_NAME}")
        if warn:
            warn(f"note: no evidence folder at {root}: the pack lists no original captures")
        return None, None
    if include_captures and warn:
        warn(f"warning: {CAPTURE_WARNING}")
    return functools.partial(pack_files, store, root, include_captures=include_captures), store


# -- trusted timestamps (RFC 3161) ---------------------------------------------------------------


def timestamp(data: bytes, tsa_url: str, timeout: float = 30) -> bytes:
    """A Time-Stamp Authority's signed answer (TimeStampResp, DER) over SHA-256(data).

    Checked before it is kept: status granted, the imprint is our hash, the nonce is ours.
    Verify later with `openssl ts -verify -data FILE -in FILE.tsr -CAfile <TSA CA>`."""
    import urllib.error
    import urllib.request

    from rfc3161_client import HashAlgorithm, PKIStatus, TimestampRequestBuilder, decode_timestamp_response

    request = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256).cert_request(
        cert_request=True).build()
    http = urllib.request.Request(tsa_url, data=request.as_bytes(), method="POST",
                                  headers={"Content-Type": "application/timestamp-query",
                                           "Accept": "application/timestamp-reply"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:
            raw = answer.read()
    except (urllib.error.URLError, OSError) as e:
        raise EvidenceError(f"time-stamp authority {tsa_url} did not answer: {getattr(e, 'reason', e)}") from e
    try:
        response = decode_timestamp_response(raw)
    except Exception as e:  # noqa: BLE001 - any undecodable answer is the TSA's fault, said in one line
        raise EvidenceError(f"time-stamp authority {tsa_url} sent no RFC 3161 answer: {e}") from e
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise EvidenceError(f"time-stamp authority {tsa_url} refused: {response.status_string or response.status}")
    info = response.tst_info
    if info.message_imprint.message != hashlib.sha256(data).digest():
        raise EvidenceError(f"time-stamp authority {tsa_url} stamped another hash")
    if info.nonce != request.nonce:
        raise EvidenceError(f"time-stamp authority {tsa_url} answered another request (nonce)")
    return raw
