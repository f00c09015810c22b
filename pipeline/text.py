"""Text hygiene shared by every stage: decoding, cleaning, and masking personal data.

Posts are public, but complainants paste phone numbers, ID and bank-card numbers into
them. Everything that reaches the store, the dashboard or an export goes through
`mask_pii` first, so no later stage has to remember to.
"""
from __future__ import annotations

import html
import re
import unicodedata
from typing import TYPE_CHECKING

import ftfy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

# --- decoding -------------------------------------------------------------------------


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a page or file as Chinese sites and spreadsheets produce them.

    Order matters: a BOM is proof; strict UTF-8 almost never succeeds on GBK bytes by
    accident; GB18030 is a superset of GBK and GB2312, so it is the right fallback and the
    right reading of a declared "gbk"/"gb2312" charset.
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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


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
    return text.translate(_HALFWIDTH)  # one C-level pass: this runs on every crawled field


_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in _CJK_PUNCT} | {0x3000: 0x20}


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
_MOBILE = re.compile(rf"(?<![0-9])(?:\+?86{_SEP})?(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?![0-9])")
_BANK_CARD = re.compile(rf"(?<![0-9])(?:\d{{4}}{_SEP}){{3}}\d{{4,7}}(?![0-9])|(?<![0-9])\d{{16,19}}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(0\d{2,3})-(\d{7,8})(?![0-9])")
_QQ_WECHAT = re.compile(r"((?:QQ|qq|微信号?|vx|VX|wx)[:：\s]*)([A-Za-z0-9_\-]{5,20})")
_EMAIL = re.compile(r"([A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})")


def mask_pii(text: str) -> str:
    """Mask phone, ID-card, bank-card, QQ/WeChat ids and e-mail addresses.

    The masks follow the platforms' own style (180********), keeping only what cannot
    identify a person: a mobile's 3-digit carrier prefix, an ID card's 6-digit region
    code. Already-masked forms contain '*' and no longer match, so masking is idempotent.
    """
    if not text:
        return text
    text = to_halfwidth(text)
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 12, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "*" * 8, text)
    text = _BANK_CARD.sub(lambda m: "*" * (len(re.sub(r"\D", "", m.group(0))) - 4) + re.sub(r"\D", "", m.group(0))[-4:], text)
    text = _LANDLINE.sub(lambda m: m.group(1) + "-" + "*" * len(m.group(2)), text)
    text = _QQ_WECHAT.sub(lambda m: m.group(1) + "*" * len(m.group(2)), text)
    return _EMAIL.sub(lambda m: m.group(1) + "***@" + m.group(2), text)


def mask_author(name: str) -> str:
    """Authors appear as nicknames or 用户7338367215; nicknames can be real names or phones."""
    name = mask_pii(clean_text(name or ""))
    if not name or name in {"匿名", "匿名用户"} or name.startswith("用户") or name.startswith("示例用户"):
        return name
    if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        # A bare Chinese name like 张伟: keep the surname only, as the platforms do (张女士).
        return name[0] + "*" * (len(name) - 1)
    return name


# Anything mask_pii could change has 7+ digits (maybe spaced), an @, a full-width digit or a
# QQ/WeChat id; testing for that first keeps masking at 1M posts to seconds (mask_pii: ~120 us/post).
_MAYBE_PII = r"\d{7}|\d[ \-]\d{4}|@|[０-９]|(?:QQ|qq|微信号?|vx|VX|wx)[:：\s]*[A-Za-z0-9_\-]{5}"


def mask_frame(frame: "pd.DataFrame", columns: tuple[str, ...] = ("title", "body", "appeal", "issue")) -> "pd.DataFrame":
    """mask_pii over text columns of a DataFrame, and mask_author over `author`.

    Used where whole tables leave the project (publish, export). A regular-expression
    screen in pyarrow (RE2, ~1 us/post) picks the few cells mask_pii could change.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    out = {}
    for column in columns:
        if column in frame.columns:
            col = frame[column].fillna("").astype(str)
            hit = pd.Series(pc.match_substring_regex(pa.array(col, pa.string()), _MAYBE_PII)
                            .to_numpy(zero_copy_only=False), index=col.index)
            if hit.any():
                col = col.copy()
                col[hit] = col[hit].map(mask_pii)
            out[column] = col
    if "author" in frame.columns:
        authors = frame["author"].fillna("").astype(str)
        out["author"] = authors.map({a: mask_author(a) for a in authors.unique()})
    return frame.assign(**out)
