"""Every setting the project reads from its environment, declared once with its help text.

Nothing else in `crawler/`, `pipeline/` or `dashboard/` reads `os.environ` for a setting of
ours: it asks this module. `tests/test_settings.py` checks that the README documents every
variable declared here (datasette keeps its settings the same way).

Also here, because every stage needs them the same way: the China Standard Time clock,
where the data folder is (the packaged copy of the repository's `data/`), and how a
database URL maps to the files that sit beside a SQLite database (snapshot, lock, logs).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

# China Standard Time: UTC+8 all year (no daylight saving since 1991). The platforms show
# local time and journalists count months in it, so every stored datetime is naive CST.
CST = timezone(timedelta(hours=8))


def now_cst() -> datetime:
    """The current time as a naive CST datetime, to the second."""
    return datetime.now(CST).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, what it does, and its default (None: computed)."""

    env: str
    help: str
    default: str | None = None

    def get(self) -> str | None:
        """The variable's value; unset or empty gives the default."""
        return os.environ.get(self.env) or self.default


DB = Setting("COMPLAINTS_DB", "Database URL (sqlite:///path.db or postgresql://user@host/db), as --db. "
             "Default: the SQLite file data/complaints.db under the current directory.")
SNAPSHOT = Setting("COMPLAINTS_SNAPSHOT", "Folder of the published snapshots. "
                   "Default: snapshot/ next to the SQLite file, else data/snapshot.")
LOCK = Setting("COMPLAINTS_LOCK", "Lock file of `complaints update`. "
               "Default: next to the SQLite file, else one per database URL in the temp folder.")
LOG_DIR = Setting("COMPLAINTS_LOG_DIR", "Where each crawl's full log goes. Default: logs/ beside the snapshot folder.")
DATA = Setting("COMPLAINTS_DATA", "Folder with the lexicons, sources.yaml, lenders and the demo corpus. "
               "Default: the copy shipped in the package (the repository's data/).")
CONTACT_URL = Setting("COMPLAINTS_CONTACT_URL", "Contact URL sent in the crawler's User-Agent. "
                      "Default: contact_url in sources.yaml.")
REDIS = Setting("COMPLAINTS_REDIS", "Redis URL of a distributed crawl, as `crawl --redis` (kept off the command "
                "line, where every local user could read a password).")
WEBHOOK = Setting("COMPLAINTS_WEBHOOK", "URL that `complaints update` POSTs flagged runs and new surges to.")
PUBLIC_URL = Setting("COMPLAINTS_PUBLIC_URL", "The dashboard's public address (e.g. https://radar.example.org), "
                     "used in permalinks, citations and evidence packs instead of the loopback address "
                     "the server listens on.")
STALE_DAYS = Setting("COMPLAINTS_STALE_DAYS", "The Overview warns when the newest post is older than this many "
                     "days before the last crawl.", "30")
EVIDENCE = Setting("COMPLAINTS_EVIDENCE", "Folder of the original captures (WARC) and the collection log. "
                   "Default: evidence/ beside the SQLite file, else data/evidence.")
OPERATOR = Setting("COMPLAINTS_OPERATOR", "Who collects: named in every line of the collection log. "
                   "Default: operator in sources.yaml.")
TSA_URL = Setting("COMPLAINTS_TSA_URL", "RFC 3161 time-stamp authority that stamps evidence packs' SHA256SUMS, "
                  "as export --tsa-url.")
BROWSER = Setting("BROWSER_PATH", "Chromium used for PNG/SVG charts (kaleido). Default: Debian's /usr/bin/chromium.")
CACHE = Setting("COMPLAINTS_CACHE", "Folder of the tagger's start-up caches (jieba's dictionary, the compiled "
                "patterns). Default: complaints-radar/ in $XDG_CACHE_HOME or ~/.cache, made private to its user.")
REQUIRE_SERVICES = Setting("COMPLAINTS_REQUIRE_SERVICES", "Tests only: 1 makes PostgreSQL, Redis and Chromium "
                           "required (a missing one fails instead of skipping); .ci/run sets it.")

SETTINGS: tuple[Setting, ...] = (DB, SNAPSHOT, LOCK, LOG_DIR, DATA, CONTACT_URL, REDIS, WEBHOOK, PUBLIC_URL, STALE_DAYS, EVIDENCE, OPERATOR, TSA_URL, BROWSER, CACHE,
                                 REQUIRE_SERVICES)

# The SQLite file used when neither --db nor $COMPLAINTS_DB says otherwise (relative to the
# current directory, so a newsroom's folder holds its own database).
DEFAULT_DB_PATH = Path("data") / "complaints.db"


# -- the data folder -------------------------------------------------------------------------


def data_dir() -> Path:
    """$COMPLAINTS_DATA, else the data shipped with the package.

    The repository keeps its reviewable data in the top-level `data/`; `pipeline/data` is
    a link to it, which setuptools follows when it builds a wheel, so an installed package
    (editable or not) finds the same files beside its modules.
    """
    explicit = DATA.get()
    if explicit:
        return Path(explicit)
    # the package's folder, where importlib.resources.files("pipeline") finds it (its module's origin)
    # for a package on the file system (the only kind a Path can name), without importing
    # importlib.resources and zipfile at every start-up (~6 ms of CPU: tests/test_settings.py)
    return Path(__file__).parent / "data"


def data_file(*parts: str) -> Path:
    return data_dir().joinpath(*parts)


def cache_dir() -> Path:
    """$COMPLAINTS_CACHE, else complaints-radar/ in the user's cache folder (XDG), made with mode
    0700: the caches are read back as compiled patterns and a dictionary, so they must not sit
    where another local user can write (a shared temp folder). Where the home folder cannot be
    written, a private folder in the temp folder; failing that, a new one for this process only
    (a cache is never needed for a right answer)."""
    explicit = CACHE.get()
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "complaints-radar"
    for base in ([Path(explicit)] if explicit else [home_cache, Path(tempfile.gettempdir()) / f"complaints-radar-{os.getuid()}"]):
        if _private_dir(base):
            return base
    return Path(tempfile.mkdtemp(prefix="complaints-radar-"))


def _private_dir(path: Path) -> bool:
    """Is path (made if missing) a folder of this user's that no one else can write?"""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


# -- what sits beside a database ---------------------------------------------------------------


def resolve_db_url(url: str | None = None) -> str:
    """--db wins, then $COMPLAINTS_DB, then the embedded SQLite file; a bare path is SQLite."""
    url = url or DB.get()
    if not url:
        return f"sqlite:///{DEFAULT_DB_PATH}"
    if "://" not in url:  # a bare path is a SQLite file: friendlier for newsroom users
        return f"sqlite:///{url}"
    return url


def sqlite_file(db_url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    from sqlalchemy.engine import make_url  # sqlalchemy parses every URL form we accept

    try:
        url = make_url(db_url)
    except Exception:  # noqa: BLE001 (an unparseable URL is the store's error to report)
        return None
    if url.get_backend_name() != "sqlite":
        return None
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _beside_database(setting: Setting, db_url: str | None, name: str) -> Path:
    """The setting's folder, else `name` next to the SQLite file, else data/`name`."""
    explicit = setting.get()
    if explicit:
        return Path(explicit)
    path = sqlite_file(db_url) if db_url else None
    return path.parent / name if path else Path("data") / name


def snapshot_root(db_url: str | None = None) -> Path:
    """$COMPLAINTS_SNAPSHOT, else snapshot/ next to the SQLite file, else data/snapshot."""
    return _beside_database(SNAPSHOT, db_url, "snapshot")


def lock_path(db_url: str) -> Path:
    """$COMPLAINTS_LOCK, else next to a SQLite file, else one lock per URL in the temp folder."""
    explicit = LOCK.get()
    if explicit:
        return Path(explicit)
    path = sqlite_file(db_url)
    if path:
        return path.parent / "complaints-update.lock"
    digest = hashlib.sha1(db_url.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"complaints-update-{digest}.lock"


def evidence_dir(db_url: str | None = None) -> Path:
    """$COMPLAINTS_EVIDENCE, else evidence/ beside the SQLite file, else data/evidence."""
    return _beside_database(EVIDENCE, db_url, "evidence")


def log_dir(snapshot: Path) -> Path:
    """$COMPLAINTS_LOG_DIR, else logs/ beside the snapshot folder."""
    explicit = LOG_DIR.get()
    return Path(explicit) if explicit else snapshot.parent / "logs"
