"""Text hygiene shared by every stage: decoding, cleaning, and masking personal data.

Posts are public, but complainants paste phone numbers, ID and bank-card numbers into
them. Everything that reaches the store, the dashboard or an export goes through
`mask_pii` first, so no later stage has to remember to.
"""
from __future__ import annotations

import functools
import html
import re
import unicodedata
from typing import TYPE_CHECKING, Callable

import ftfy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from pipeline.models import Post

# --- decoding -------------------------------------------------------------------------


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a page or file as Chinese sites and spreadsheets produce them.

    Order matters: a BOM is proof; a declared "gbk"/"gb2312" charset is read as GB18030
    (its superset); otherwise the encoding is decided on evidence (`guess_encoding`), so
    a UTF-8 page with one stray byte stays UTF-8 instead of becoming mojibake.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if declared:
        enc = declared.strip().lower()
        if enc in {"gbk", "gb2312", "gb_2312-80", "x-gbk", "gb18030"}:
            return data.decode("gb18030", errors="replace")
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode(guess_encoding(data), errors="replace")


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def guess_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 or GB18030, decided on evidence, not on one byte.

    Chinese text in GBK almost never forms valid UTF-8 by accident, line after line; so
    a file whose non-ASCII lines are mostly valid UTF-8 is UTF-8 with a few damaged bytes
    (which the caller must report), not a GBK file. UTF-16 (Excel's "Unicode text") is
    recognised by its BOM, or without one by the NUL byte of each ASCII character, all on
    one side of the byte pairs.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return "utf-16"
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls >= 2:  # text in UTF-8 or GBK has no NUL; in UTF-16 every ASCII character brings one
        odd = sample[1::2].count(0)
        for enc, share in (("utf-16-le", odd), ("utf-16-be", nuls - odd)):
            if share * 10 >= nuls * 9:
                try:
                    data.decode(enc)
                    return enc
                except UnicodeDecodeError:
                    pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    good = bad = 0
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad += 1
    if good > bad:
        return "utf-8"
    if good == bad:
        try:
            data.decode("gb18030")
            return "gb18030"
        except UnicodeDecodeError:
            return "utf-8"
    return "gb18030"


# Bytes that did not decode are kept as lone surrogates (errors="surrogateescape") so the
# caller can say where they are instead of storing replacement characters.
UNDECODED = re.compile("[\udc80-\udcff]")


def undecoded_bytes(text: str) -> str:
    """The undecodable bytes in `text` (decoded with surrogateescape), as '0xff 0xfe'; '' if none."""
    found = UNDECODED.findall(text)
    return " ".join(f"0x{ord(c) - 0xDC00:02x}" for c in found[:5]) + (" ..." if len(found) > 5 else "")


_MOJIBAKE_HINT = re.compile(r"[\u00c0-\u00ff][\u0080-\u00ff]")


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as Latin-1/cp1252 ("æ\\x8b¼å¤\\x9a" -> "拼多").

    ftfy is the maintained tool for this; we only call it when the telltale pairs of
    Latin-1 letters are present, so genuine text is never touched.
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    return ftfy.fix_encoding(text)


# --- cleaning -------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|/h\d|p|div|li)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(fragment: str) -> str:
    """Turn a small HTML fragment (a post body from an API) into plain text with line breaks."""
    text = _SCRIPT.sub("", fragment)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    return clean_text(html.unescape(text))


# Full-width forms that are ordinary Chinese punctuation: converting them would change
# the text journalists quote, and matching does not need it.
_CJK_PUNCT = frozenset("，：；！？（）")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３％) to half-width; Chinese punctuation like ，：stays."""
    # translate() with a dict looks up every character in Python objects (~20 us for a
    # post's body); most texts have no full-width letter or digit, which a C-level search tells.
    if not _FULLWIDTH.search(text):
        return text
    return text.translate(_HALFWIDTH)


_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in _CJK_PUNCT} | {0x3000: 0x20}
# Exactly the keys of _HALFWIDTH (not the Chinese punctuation ，：; every Chinese text has it).
_FULLWIDTH = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_HALFWIDTH)) + "]")


# An HTML entity as scrapers that save an API's escaped JSON leave them (&quot;, &nbsp;, &#12290;),
# sometimes escaped twice (聚投诉's API: &amp;nbsp;).
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,7}|#[xX][0-9A-Fa-f]{2,6});")


def unescape_entities(text: str, passes: int = 3) -> str:
    """`text` with its HTML entities decoded, as many times as it was escaped (at most `passes`).

    A text with no entity is returned as it is, so a bare ampersand (AT&T, P&G) stays."""
    for _ in range(passes):
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def clean_text(text: str) -> str:
    """Normalise what we store: repaired encoding, half-width ASCII, tidy whitespace.

    Control characters are dropped (binary garbage in a post must not break a CSV or
    the dashboard); line breaks are kept because they separate paragraphs.
    """
    text = fix_mojibake(text)
    text = to_halfwidth(unicodedata.normalize("NFC", text))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", text).strip()


# --- personal data ----------------------------------------------------------------------

# Digits may be separated by spaces or dashes ("138 0013 8000"); full-width digits were
# made half-width by clean_text, but mask_pii also runs on raw input, so it converts too.
_SEP = r"[ \-]?"
_ID_CARD = re.compile(r"(?<![0-9])([1-9]\d{5})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])")
# First-generation cards (1984-2013, still in old records): 15 digits, a 2-digit year.
_ID_CARD_15 = re.compile(r"(?<![0-9])([1-9]\d{5})\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])")
_MOBILE = re.compile(rf"(?<![0-9])(?:\+?86{_SEP})?(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?![0-9])")
# 16-19 digits, bare or in groups of four with the remainder last ("6222 0202 0011 2233 445").
_BANK_CARD = re.compile(r"(?<![0-9])\d{4}(?:[ \-]?\d{4}){3}(?:[ \-]?\d{1,3})?(?![0-9])|(?<![0-9])\d{16,19}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0\d{2,3})-(\d{7,8})(?![0-9])")
# How complainants write QQ and WeChat ids: QQ号123, qq号：987, 扣扣123, 加V：zhangsan88, WeChat: x.
_IM_LABEL = r"(?:(?i:qq|wechat|weixin|vx|wx)|扣扣|企鹅|微信|威信|薇信|[Vv]信|加[Vv])"
_QQ_WECHAT = re.compile(rf"({_IM_LABEL}(?:号码|号)?(?:[:：\s]|是|为)*)([A-Za-z0-9_\-]{{5,20}})")
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})")


def mask_pii(text: str) -> str:
    """Mask phone, ID-card, bank-card, QQ/WeChat ids and e-mail addresses.

    The masks follow the platforms' own style (180********), keeping only what cannot
    identify a person: a mobile's 3-digit carrier prefix, an ID card's 6-digit region
    code. Already-masked forms contain '*' and no longer match, so masking is idempotent.
    """
    if not text or not _maybe_pii(text):
        return text
    text = to_halfwidth(text)
    if not _likely_pii(text):
        return text  # digits, but no run or group any pattern below could match (an amount, a date)
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 12, text)
    text = _ID_CARD_15.sub(lambda m: m.group(1) + "*" * 9, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "*" * 8, text)
    text = _BANK_CARD.sub(lambda m: "*" * (len(re.sub(r"\D", "", m.group(0))) - 4) + re.sub(r"\D", "", m.group(0))[-4:], text)
    text = _LANDLINE.sub(lambda m: m.group(1) + "-" + "*" * len(m.group(2)), text)
    text = _QQ_WECHAT.sub(lambda m: m.group(1) + "*" * len(m.group(2)), text)
    return _EMAIL.sub(lambda m: m.group(1) + "***@" + m.group(2), text)


_PSEUDONYM = re.compile(r"pii-[0-9a-f]{16}")


def mask_id(value: str) -> str:
    """A post's id with personal data in it becomes a stable pseudonym ("pii-" + hash).

    Masking would merge two posts whose ids differ only in the masked digits, so the id
    is replaced by a hash instead: re-importing the file still finds the same post. An id
    of digits only is a platform's serial number (黑猫's 11-digit ids look like mobile
    numbers) and is kept, unless it is an ID-card number.
    """
    if not value or _PSEUDONYM.fullmatch(value):
        return value
    if value.isdigit() and not (_ID_CARD.fullmatch(value) or _ID_CARD_15.fullmatch(value)):
        return value
    if mask_pii(value) == value:
        return value
    import hashlib

    return "pii-" + hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def mask_url(url: str) -> str:
    """A URL without credentials, with personal data masked outside its id path segments.

    Path segments of digits only are the platforms' post ids (/complaint/view/17348099578/)
    and are kept, as in `mask_id`; query, fragment and other segments are masked.
    """
    if not url:
        return url
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL at all: treat it as text
        return mask_pii(url)
    netloc = parts.netloc.rpartition("@")[2]  # user:password@ is never stored
    path = "/".join(mask_id(seg) if seg.isdigit() else mask_pii(seg) for seg in parts.path.split("/"))
    return urlunsplit((parts.scheme, netloc, path, mask_pii(parts.query), mask_pii(parts.fragment)))


# Post fields holding free text: every one is masked, whichever way the post came in.
TEXT_FIELDS = ("title", "body", "target", "issue", "appeal", "status")


def mask_post(post: "Post") -> "Post":
    """Every free-text field of a post masked (in place; returned for chaining).

    The store calls this on every post it writes, so no path in (crawl, import, a future
    one) can store personal data by forgetting to mask.
    """
    from dataclasses import replace

    if getattr(post, "_masked", False):  # masked by an earlier stage (crawl pipeline, importer)
        return post
    for name in TEXT_FIELDS:
        setattr(post, name, mask_pii(getattr(post, name) or ""))
    post.author = mask_author(post.author)
    post.url = mask_url(post.url)
    post.source_id = mask_id(post.source_id)
    post.target_id = mask_id(post.target_id)
    # A merchant's name is public; a complainant's nickname may be a phone or a name.
    post.steps = [replace(s, actor=s.actor if s.merchant else mask_author(s.actor), kind=mask_pii(s.kind),
                          text=mask_pii(s.text)) for s in post.steps]
    post._masked = True  # not a dataclass field: never stored, compared or queued
    return post


@functools.lru_cache(maxsize=1 << 16)
def mask_author(name: str) -> str:
    """Authors appear as nicknames or 用户7338367215; nicknames can be real names or phones.
    (Cached: a post's author is most often also the actor of its steps, and one author writes
    many posts; clean_text and mask_pii of a 用户 number were ~10 us per call.)"""
    name = mask_pii(clean_text(name or ""))
    if not name or name in {"匿名", "匿名用户"} or name.startswith("用户") or name.startswith("示例用户"):
        return name
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        # A bare Chinese name like 张伟: keep the surname only, as the platforms do (张女士).
        return name[0] + "*" * (len(name) - 1)
    return name


# Anything mask_pii could change has 7+ digits (maybe spaced), an @, a full-width digit or a
# QQ/WeChat id; testing for that first keeps masking at 1M posts to seconds (mask_pii: ~120 us/post).
_MAYBE_PII = r"\d{7}|\d[ \-]\d{4}|@|[０-９]|" + _IM_LABEL


# Every pattern of mask_pii needs 7 digits in a row (ID and bank cards, mobiles and landlines
# written without separators), a digit, separator and 4 digits (written with them), an '@' or
# a QQ/WeChat label: checked once the text is half-width, it spares the seven expressions for
# the many posts whose only digits are amounts and dates (a third of an upsert's Python time).
_LIKELY_PII = re.compile(_MAYBE_PII)
# The same test in two cheap steps (issue 17: _LIKELY_PII.search tries its fourteen branches at
# every character, ~30 us for a post's body, half of an upsert's Python time on PostgreSQL):
# the digit branches as one expression that starts with a digit (searched by C-level class
# scan), and the others only when the text holds a character one of them starts with.
_LIKELY_DIGITS = re.compile(r"\d(?:\d{6}|[ \-]\d{4})")
# Each other branch holds an '@', a full-width digit, a Latin q, w or v (qq, wechat, weixin,
# vx, wx, V信, 加V) or one of the Chinese labels (whose first characters alone, as 威 of 威胁,
# are common in complaints).
_LIKELY_OTHER = re.compile("[@\uff10-\uff19QqWwVv]")


def _likely_pii(text: str) -> bool:
    """`_LIKELY_PII.search(text) is not None`, faster."""
    if _LIKELY_DIGITS.search(text):
        return True
    if _LIKELY_OTHER.search(text) is None and not any(label in text for label in _CN_LABELS):
        return False
    return _LIKELY_PII.search(text) is not None
# URLs and ids: also '@' (user:password@host) and full-width forms (mask_pii makes them half-width).
_ID_SCREEN = "[@\uff01-\uff5e\u3000]|" + _MAYBE_PII


# Every pattern above needs a digit, an '@', a Latin letter of a QQ/WeChat label or one of
# the Chinese labels (full-width forms too, which mask_pii converts first): text without
# any is returned at once (a few us; the masking expressions cost ~100x more in Python).
_SCREEN = re.compile("[0-9@QqWwVvXx\uff10-\uff19\uff20-\uff3a\uff41-\uff5a]")
_CN_LABELS = ("扣扣", "企鹅", "微信", "威信", "薇信")


def _maybe_pii(text: str) -> bool:
    return _SCREEN.search(text) is not None or any(label in text for label in _CN_LABELS)


def _map_screened(values: "pd.Series", screen: str, fn: Callable[[str], str]) -> "pd.Series":
    """`values.map(fn)` on only the cells a regular-expression screen (pyarrow's RE2, ~1 us a
    cell) says fn could change; the others are returned as they are."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    hit = pd.Series(pc.match_substring_regex(pa.array(values, pa.string()), screen)
                    .to_numpy(zero_copy_only=False), index=values.index)
    if not hit.any():
        return values
    values = values.copy()
    values[hit] = values[hit].map(fn)
    return values


def mask_frame(frame: "pd.DataFrame", columns: tuple[str, ...] = TEXT_FIELDS) -> "pd.DataFrame":
    """mask_pii over text columns of a DataFrame, mask_author over `author`, and
    mask_url / mask_id over `url` / `source_id`.

    Used where whole tables leave the project (publish, export). A regular-expression
    screen picks the few cells mask_pii could change.
    """
    out = {}
    for column in columns:
        if column in frame.columns:
            out[column] = _map_screened(frame[column].fillna("").astype(str), _MAYBE_PII, mask_pii)
    for column, fn in (("url", mask_url), ("source_id", mask_id)):
        if column in frame.columns:
            # Only values with credentials, full-width forms or something mask_pii could change:
            # on any other value (already masked by the store) mask_url/mask_id return it as is.
            out[column] = _map_screened(frame[column].fillna("").astype(str), _ID_SCREEN, fn)
    if "author" in frame.columns:
        authors = frame["author"].fillna("").astype(str)
        out["author"] = authors.map({a: mask_author(a) for a in authors.unique()})
    return frame.assign(**out)
