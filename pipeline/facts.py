"""Collection facts with evidence (../shared/spec/facts.md), from data/facts.yaml.

Themes say what kind of abuse a post describes; facts are the checkable sentences under
them: who was contacted (and whether it was done or threatened), was the debt disclosed,
were there night calls, how many calls a day, impersonation of the police or a court,
forged legal papers, visits, violence, image abuse, a stated annual rate, a head fee.

Every fact carries its evidence span (offsets into the stored text, like a theme's), and
every candidate span goes through the tagger's own checks (`Tagger.reports`: negation,
the complainant's hypotheticals and fears, advice and hearsay), so 没有联系我家人 and
我怕他们爆通讯录 are not facts. The words are data (data/facts.yaml); the shapes of the
sentences (verb + party, year word + rate, contract vs received amounts) are here.

Output, per post: {fact: [evidence, ...]}, each evidence a JSON object with the fact's
value fields and start, end, text; `summarise` turns that into one value per fact in the
form of the labelled file (../shared/corpus/labeled/dev_facts.jsonl).
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import yaml

from pipeline import lexicon as lx
from pipeline import rxcache
from pipeline.lexicon import LexiconError, Normalised

if TYPE_CHECKING:  # pragma: no cover
    from pipeline.tag import Tagger, _Scope

FACTS_FILE = lx.DATA / "facts.yaml"
FACTS = (
    "contacted", "debt_disclosed", "night_contact", "calls_per_day", "impersonation", "forged_document",
    "visit", "violence", "image_abuse", "stated_apr", "head_fee",
)
PARTIES = (
    "parents", "spouse", "children", "relatives", "friends", "colleagues", "employer", "all_contacts",
    "emergency_contact", "community", "other",
)
BODIES = ("police", "court", "lawyer", "government", "arbitration")
MAX_EVIDENCE = 5  # per fact, as for themes
_BREAK = "，,。！!？?；;\n"  # a clause ends here (、 does not: 威胁上征信、爆通讯录 is one threat)
_SENT = "。！!？?；;\n"


def facts_version(path: Path = FACTS_FILE) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12]


# Bumped by a change of the tagger's CODE that changes any tag, fact or evidence span (the data
# files are hashed; code is not, or every refactor would re-tag the archive): stored tags of the
# old revision become stale and `complaints tag` re-derives them. 1: amounts in 块钱/元钱 (head_fee).
# 2: issue 15 round 5 (head_fee: shortfalls 比合同少, denied or supposed deductions; stated_apr: 24 and 36
# before their year word or in 个点, the rate gone on to in words: 实际是百分之四十八).
# 3: issue 15 round 6 (head_fee: approximate amounts, digits with Chinese units, what a card gained, what
# arrived after an aside or in the next clause; stated_apr: 利率为年48%, 一年就是48%, 每年48%的利息).
# 4: issue 15 round 7 (debt_disclosed: a party pressed to make the borrower repay, or learning the debt; head_fee
# and stated_apr: see the round's commits).
# 5: issue 15 round 8 (stated_apr: per mille, 分/厘 and a range before the real rate; head_fee: see the round's commits).
# 6: issue 15 round 9 (debt_disclosed: 威胁并 + a deed, not sent to the borrower alone; stated_apr, head_fee: see the
# round's commits).
# 7: issue 15 round 10 (head_fee, stated_apr: see the round's commits).
# 8: issue 15 round 11, fee5 (head_fee, stated_apr: see the round's commits).
# 9: issue 15 round 12, fee6 (head_fee, stated_apr: see the round's commits).
# 10: issue 15 round 13, fee7 (facts read in posts naming a head fee with no other lending word; typos read as the
# word meant, 倒账 -> 到账; head_fee: see the round's commits).
# 11: issue 15 round 14, fee8 (head_fee: what arrived, then a fee taken, is net: 到账8000，扣了2000 -> 10000/8000;
# stated_apr: see the round's commits).
# 12: issue 15 round 15, fee9 (typed words read once for themes and facts, data/confusables.txt; stated_apr: a bound at
# the law's thresholds after the number, hearsay loans; head_fee: lender names with digits, sums moved by others, limits,
# other debts' debits, questions about what a head fee is: see the round's commits).
# 13: issue 12/15, fee10 (themes.yaml fact_rules: a head fee found gives `fees`, the fact's span its evidence; head_fee: a
# lender's name holding 贷/借 before its loan word is no part of the span; debt_disclosed: see the round's commits).
# 14: issue 12, robust8 and prec8 (pipeline/tag.py: a negator inside a pattern's span denies it for the harassment,
# contact, insult and privacy themes; 会…吗 / 会不会 questions inside a span are no report; see the round's commits).
TAGGER_REVISION = 14


def tag_version(lexicon_version: str, path: Path = FACTS_FILE, revision: int | None = None) -> str:
    """The tag version: themes + lenders lexicon, the fact lexicon and TAGGER_REVISION, one
    12-hex hash.

    A change to any of them makes `complaints tag` re-tag the posts it touched."""
    revision = TAGGER_REVISION if revision is None else revision
    # (revision 0 hashes as before revisions existed: stores tagged then keep their version)
    key = f"{lexicon_version}:{facts_version(path)}" + (f":r{revision}" if revision else "")
    return hashlib.sha1(key.encode()).hexdigest()[:12]


# --- numbers ------------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
# 大写 numerals of contracts and receipts: 柒仟玖佰捌拾 = 七千九百八十
_DAXIE = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟萬", "一二三四五六七八九十百千万")
_ARABIC = re.compile(r"(\d+(?:\.\d+)?)(?:([万千wk])(?:(\d)([千百])?)?)?")
_UNIT = {"万": 10000, "w": 10000, "千": 1000, "k": 1000}
_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万几]+")
NUM = r"(?:\d+(?:\.\d+)?(?:[万千wk](?:\d(?:千|百)?)?)?|[零〇一二两三四五六七八九十百千万几数上]{1,10})"


_MIXED = re.compile(r"(?:\d+[万千百十])+\d?")
_MIXED_PART = re.compile(r"(\d+)([万千百十]?)")


def _mixed(t: str) -> float | None:
    """6千6百5十 -> 6650, 1万2千5 -> 12500 (a bare last digit is the next unit down, as in 一万二)."""
    total, section, last = 0, 0, 0
    for n, unit in _MIXED_PART.findall(t):
        if unit == "万":
            total, section, last = total + (section + int(n)) * 10000, 0, 10000
        elif unit:
            last = _CN_UNIT[unit]
            section += int(n) * last
        else:
            section += int(n) * (last // 10)
    value = total + section
    return float(value) if value > 0 else None


@functools.lru_cache(maxsize=8192)  # pure, and the same amounts recur post after post (5000, 1万)
def parse_number(text: str) -> float | None:
    """The smallest number the words allow (facts.md): 几十 -> 20, 十几 -> 10, 上百 -> 100, 几十上百 -> 20,
    五六 -> 5, 7万2千 -> 72000, 2w -> 20000, 五千三百 -> 5300; 几 alone -> None.
    A bare digit after a unit is the next unit down, as people say amounts: 一万二 -> 12000,
    两千一 -> 2100, 2万4 -> 24000 (一万零二 -> 10002)."""
    t = text.strip().lower().translate(_DAXIE).replace("'", "")  # 10'000: a thousands separator (_head_fee)
    if not t:
        return None
    m = _ARABIC.fullmatch(t)
    if m:
        value = float(m.group(1)) * _UNIT.get(m.group(2) or "", 1)
        if m.group(3):
            value += int(m.group(3)) * ({"千": 1000, "百": 100}[m.group(4)] if m.group(4) else _UNIT[m.group(2)] // 10)
        return value
    if _MIXED.fullmatch(t):  # 6千6百5十, 1万2千5百: digits with Chinese units
        return _mixed(t)
    if t[0] == "上" and len(t) > 1 and t[1] in "十百千万":
        t = "一" + t[1:]  # 上百 -> 一百; 数十 is 几十 (below)
    t = re.sub(r"^([^上]+[十百千几])上[十百千]$", r"\1", t)  # 几十上百 is a range: its smaller end, 几十 (fee8)
    t = t.replace("数", "几")
    if not _CHINESE.fullmatch(t):
        return None
    t = re.sub(r"几[一二两三四五六七八九].*$", "几", t)  # 十几二十 is a range: its smaller end, 十几
    if len(t) >= 3 and t[-1] in _CN_DIGIT and t[-1] not in "零〇" and t[-2] in "百千万" and t[-3] != "零":
        t += {"百": "十", "千": "百", "万": "千"}[t[-2]]  # 一万二 is 一万二千
    total, section, digit, seen = 0, 0, None, False
    for i, ch in enumerate(t):
        if ch in _CN_DIGIT or ch == "几":
            if digit is not None and digit != 0:
                continue  # a range (五六, 二三十): keep the smaller, first digit
            d = 2 if ch == "几" else _CN_DIGIT[ch]
            if ch == "几" and (i == len(t) - 1 or t[i + 1] not in "十百千万"):
                d = 0  # trailing 几 (十几) adds nothing; 几 alone is no number
            digit = d
            seen = seen or ch != "几" or d > 0
        elif ch in _CN_UNIT:
            section += (digit if digit is not None else 1) * _CN_UNIT[ch]
            digit, seen = None, True
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit, seen = 0, None, True
    value = total + section + (digit or 0)
    return float(value) if seen and value > 0 else None


def _cn_decimal(text: str) -> float | None:
    """三十六点五 -> 36.5 (a rate written in words)."""
    whole, _, frac = text.partition("点")
    value = parse_number(whole)
    if value is None or not frac:
        return value
    return value + float("0." + "".join(str(_CN_DIGIT.get(ch, 0)) for ch in frac))


# --- the lexicon ----------------------------------------------------------------------------


def _rate_in_parts(m: re.Match[str]) -> float | None:
    """A yearly rate (percent) told in parts rather than a percentage (the apr pattern's groups):
    千分之三百六十 / 360‰ -> 36, 万分之五 -> 0.05; 年息3分 -> 30, 一分八 / 1分8厘 -> 18, 8厘 -> 8
    (in a yearly rate, 分 is ten percent and 厘 one)."""
    def num(t: str) -> float | None:
        return float(t) if t[0].isdigit() else _cn_decimal(t)
    if m.group("pm"):
        v = num(m.group("pmn"))
        return None if v is None else v / (10 if m.group("pm") == "千分之" else 100)
    if m.group("fen"):
        fen, li = num(m.group("fen")), m.group("li")
        if fen is None:
            return None
        return fen * 10 + ((num(li) or 0.0) if li else 0.0)
    return num(m.group("li2"))


_YEAR_OWN_RATE = re.compile(r"[^，,。！？；)）\n\d]{0,4}?(?:\d+(?:\.\d+)?[%％]|百分之)")  # right after a year word: its own percentage
_PCT_SIGN = re.compile("%|％|个百分点|个点")


def _after_sign(s: str, at: int) -> int:
    """Where a percentage's number ending at `at` ends with its sign (36%, 36个点)."""
    sign = _PCT_SIGN.match(s, at)
    return sign.end() if sign else at


def _alt(words: list[str] | tuple[str, ...]) -> str:
    # the words normalised, as the lexicons' alternations are (lexicon.words_pattern: longest first, the same
    # pattern every run); one that matches nothing for no words
    return lx.words_pattern(tuple({lx.norm_term(w) for w in words})) or r"(?!x)x"


def _gate_words(data: dict[str, Any], fact: str, words: Any) -> list[str]:
    """A fact's gate: its own words (gates.FACT) and every word of the lists gate_lists.FACT names
    (head_fee.received, …): a word added to one of those lists opens the gate by itself, so the
    finder never misses a post for want of a gate word kept by hand."""
    out = _words(words, f"gates.{fact}")
    for ref in (data.get("gate_lists") or {}).get(fact) or []:
        section, _, key = str(ref).partition(".")
        listed = (data.get(section) or {}).get(key) if key else data.get(section)
        if listed is None:
            raise LexiconError(f"gate_lists.{fact}: {ref} names no list of facts.yaml")
        out += _words(listed, f"gate_lists.{fact}: {ref}")
    return out


def _listed(section: dict[str, Any], where: str, key: str) -> str:
    """The alternation of the word list section[key] of facts.yaml (none: a pattern matching
    nothing); `where` names the section in errors (head_fee -> "head_fee.received")."""
    return _alt(_words(section.get(key), f"{where}.{key}" if where else key))


def _words(spec: Any, where: str) -> list[str]:
    if spec is None:
        return []
    if not isinstance(spec, list) or not all(isinstance(w, (str, int, float)) for w in spec):
        raise LexiconError(f"{FACTS_FILE.name}: {where}: expected a list of words")
    return [lx.norm_term(str(w)) for w in spec]


@dataclass
class FactLexicon:
    version: str
    data: dict[str, Any]
    party_of: dict[str, tuple[str, ...]]  # word -> parties
    party_rx: str
    rx: dict[str, re.Pattern[str]]
    words: dict[str, list[str]]
    bodies: dict[str, str]  # word -> body
    visit_where: dict[str, str]


def load(path: Path = FACTS_FILE) -> FactLexicon:
    try:
        data = lx.parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise LexiconError(f"fact lexicon not found: {path}") from e
    except yaml.YAMLError as e:
        raise LexiconError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    party_of: dict[str, tuple[str, ...]] = {}
    for party, words in (data.get("parties") or {}).items():
        if party not in PARTIES:
            raise LexiconError(f"{path.name}: unknown party {party!r} (facts.md lists {', '.join(PARTIES)})")
        for w in _words(words, f"parties.{party}"):
            party_of[w] = (party,)
    for w, parties in (data.get("party_pairs") or {}).items():
        party_of[lx.norm_term(w)] = tuple(str(p) for p in parties)
    w = {k: _words(data.get(k), k) for k in (
        "contact_verbs", "phone_verbs", "object_markers", "after_object", "received", "received_what", "received_adverbs", "by_agent", "disposal_objects",
        "not_contact", "threat_cues", "own_subjects", "per_day", "call_words", "general_family")}
    for key in ("debt_disclosed", "night", "impersonation", "forged", "visit", "violence", "image_abuse", "apr", "head_fee"):
        if not isinstance(data.get(key), dict):
            raise LexiconError(f"{path.name}: section {key!r} missing or not a mapping")
    parties = [p for p in party_of if party_of[p][0] in PARTIES]
    if data.get("typos"):
        raise LexiconError(f"{path.name}: typos: typed words live in data/confusables.txt (word rows), read for themes and facts alike")
    party_rx = f"(?:{_alt(parties)})(?!圈)"
    kin = _kin_words(data, data["head_fee"]) if isinstance(data.get("head_fee"), dict) else []  # 朋友圈 is WeChat Moments, not friends
    own = _alt(w["own_subjects"])
    dd, night, imp, forged = data["debt_disclosed"], data["night"], data["impersonation"], data["forged"]
    visit, vio, img, apr, hf = data["visit"], data["violence"], data["image_abuse"], data["apr"], data["head_fee"]
    bodies = {lx.norm_term(word): body for body, ws in (imp.get("bodies") or {}).items() for word in ws}
    visit_where = {lx.norm_term(word): where for where, ws in (visit.get("where") or {}).items() for word in ws}
    gap = f"[^{re.escape(_BREAK)}\\d]"
    # what others came to know (known.b), or 我在 a lender or place then a word of borrowing (都知道我在钱站借钱逾期了)
    known_b = (f"{_listed(dd['known'], 'debt_disclosed.known', 'b')}"
               f"|我在[^{re.escape(_BREAK)}]{{1,8}}?(?:{_listed(dd['known'], 'debt_disclosed.known', 'at')})")
    # where or when the borrower knows a party from, before it (给我老家的亲戚打电话): party_from, optional
    party_from = f"(?:{_listed(dd, 'debt_disclosed', 'party_from')})?"
    # a notice of the borrower's debt (给我家人发催款短信, 发欠款通知到老家村委会)
    dd_notice = f"(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'notice')}|{_listed(dd['notice_to'], 'debt_disclosed.notice_to', 'notice')})"
    rx = {
        # VERB (了/过) (我/我的/你的) (up to 6 more characters) PARTY
        "verb_party": rxcache.compile(
            f"(?P<verb>{_alt(w['contact_verbs'])})(?:了|过|到)?(?:我|本人|你|他|她)?(?:的)?(?P<gap>{gap}{{0,6}}?)(?P<party>{party_rx})"
        ),
        # 打 (我) PARTY (的) 电话
        "phone_party": rxcache.compile(
            f"(?P<verb>{_alt(w['phone_verbs'])})(?:过|了)?(?:我|本人|你)?的?(?:{gap}{{0,4}}?)(?P<party>{party_rx})(?:的|里的|里面的)?(?:手机|号码)?电话"
        ),
        # 给/对/向/把 (我) PARTY ... 打电话/发短信/骚扰
        "object_party": rxcache.compile(
            f"(?P<verb>{_alt(w['object_markers'])})(?:我|本人|你|他|她)?的?(?P<party>{party_rx})(?P<gap>[^{re.escape(_BREAK)}]{{0,6}}?)"
            f"(?P<act>{_alt(w['after_object'])})"
        ),
        # PARTY (也/都) 接到/收到 … 电话/短信
        "party_received": rxcache.compile(
            f"(?P<party>{party_rx})(?:{_alt(w['received_adverbs'])})?(?P<verb>{_alt(w['received'])})(?:了)?{gap}{{0,8}}?(?:{_alt(w['received_what'])})"
        ),
        # 通讯录朋友也被功夫贷频繁骚扰: the party, 被, the agent, the act
        "party_by": rxcache.compile(
            f"(?P<party>{party_rx})(?:{_alt(w['received_adverbs'])})?(?P<verb>被){gap}{{0,8}}?(?:{_alt(w['by_agent'])})"
        ),
        # 打爆朋友圈: the friends in it called (data/facts.yaml circles)
        "circle": rxcache.compile(
            f"(?P<verb>{_listed(data, '', 'circle_verbs')})(?:了)?(?:我|本人|你|他|她)?(?:的)?"
            f"(?P<party>{_alt(list(data.get('circles') or {}))})"
        ),
        # 通讯录一个一个号码打过去
        "contacts_dialled": rxcache.compile(f"(?P<party>通讯录){gap}{{0,8}}?(?P<verb>打过去|打一遍|打个遍|挨个打|一个一个打)"),
        "party_list": rxcache.compile(f"(?:及|和|以及|与|、|跟|还有|/|,|，)?(?:我的|我|本人的)?(?:单位)?(?P<party>{party_rx})"),
        "own": rxcache.compile(f"(?<![把给对向让叫被帮用拿将在])(?:{own})$"),  # 把我身份证照片, 使用本人结婚证, 在我朋友圈: 我 is no subject
        "cue_then_verb": rxcache.compile(f"(?:{_alt(w['threat_cues'])})(?:{_alt(w['contact_verbs'])})"),
        "threat_then_verb": rxcache.compile(
            "(?:威胁|恐吓|扬言)(?:要|说|说要|会)?(?:" + _alt([v for v in w["contact_verbs"] if v not in ("威胁", "恐吓", "辱骂", "骂", "侮辱", "爆骂")]) + ")"
        ),
        "disposal": rxcache.compile(_alt(w["disposal_objects"])),
        # 将 before its object is 把 (data/facts.yaml disposal_objects), not "will"
        "threat": rxcache.compile(f"(?:{_alt([c for c in w['threat_cues'] if c != '将'])}"
                             f"|将(?!{_alt(w['disposal_objects'])}))" if "将" in w["threat_cues"] else f"(?:{_alt(w['threat_cues'])})"),
        "not_contact": rxcache.compile(_alt(w["not_contact"])),
        "dd_terms": rxcache.compile(_listed(dd, "debt_disclosed", "terms")),
        "dd_said": _near_rx(dd["said"], "debt_disclosed.said"),
        "dd_broadcast": _near_rx(dd["broadcast"], "debt_disclosed.broadcast"),
        "dd_spread_after": _near_rx(dd["spread_after"], "debt_disclosed.spread_after"),
        "dd_told": rxcache.compile(
            # (通知了我的单位我欠款逾期: 了 after the telling word)
            f"(?:{_listed(dd['told'], 'debt_disclosed.told', 'a')})(?:了)?(?:我的?|本人的?)?(?:所有的?|全部的?)?(?:{party_rx})"
            f"[^{re.escape(_BREAK)}]{{0,{int(dd['told'].get('window', 14))}}}?(?:{_listed(dd['told'], 'debt_disclosed.told', 'b')})"
        ),
        "dd_party_said": rxcache.compile(
            f"(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'reach')})(?:了)?(?:我的?|本人的?)?{party_from}(?:所有的?|全部的?)?(?P<party>{party_rx})"
            f"[^{re.escape(_SENT)}]{{0,16}}?(?<!我)(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'said')})"
            f"[^{re.escape(_BREAK)}]{{0,{int(dd['party_said'].get('window', 8))}}}?(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'b')})"
        ),
        "dd_party_got": rxcache.compile(
            f"(?P<party>{party_rx})(?:也|都|全都)?(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'got')})(?:了)?"
            f"[^{re.escape(_SENT)}]{{0,12}}?(?<!我)(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'said')})"
            f"[^{re.escape(_BREAK)}]{{0,{int(dd['party_said'].get('window', 8))}}}?(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'b')})"
        ),
        # a party reached, then sent the borrower's debt: 给我的同事发了我的逾期信息
        "dd_party_sent": rxcache.compile(
            f"(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'reach')})(?:了)?(?:我的?|本人的?)?{party_from}(?:所有的?|全部的?)?(?P<party>{party_rx})"
            f"[^{re.escape(_SENT)}]{{0,16}}?(?<!我)(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'sent')})"
            f"(?:(?:我的?|本人的?)(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'b')})"
            f"|(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'notice')})"  # (给我家人发催款短信)
            # (给我的亲友发侮辱我的短信: an insult of the borrower sent to them)
            f"|(?:对)?(?:我的?|本人的?)?(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'insult')})"
            f"(?:性|型)?(?:我|本人)?(?:的)?(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'insult_what')}))"
        ),
        # an insult of the borrower sent, the party it went to after: 发送对本人辱骂的短信到亲戚朋友的手机上
        "dd_insult_to": rxcache.compile(
            f"(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'insult_send')})(?:给)?(?:对)?(?:我|本人)?(?:进行)?(?:言语)?"
            f"(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'insult')})(?:性|型)?(?:我|本人)?(?:的)?"
            f"(?:{_listed(dd['party_sent'], 'debt_disclosed.party_sent', 'insult_what')})"
            f"(?:到|给|至)(?:了)?(?:我的?|本人的?)?{party_from}(?:所有的?|全部的?)?(?P<party>{party_rx})"
        ),
        # a party reached, then asked to repay for the borrower: 给我爸打电话，让我爸替我还钱
        "dd_party_asked": rxcache.compile(
            f"(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'reach')})(?:了)?(?:我的?|本人的?)?{party_from}(?:所有的?|全部的?)?(?P<party>{party_rx})"
            f"[^{re.escape(_SENT)}]{{0,16}}?(?<!我)(?:{_listed(dd['party_asked'], 'debt_disclosed.party_asked', 'ask')})"
            f"(?:(?:他们|她们|他|她|对方|其|{party_rx})?(?:{_listed(dd['party_asked'], 'debt_disclosed.party_asked', 'for')})"
            # (叫她督促我还款, 让同事转告我赶紧还钱: the party pointed to, then pressing the borrower)
            f"|(?:他们|她们|他|她|对方|其|{party_rx})(?:{_listed(dd['party_asked'], 'debt_disclosed.party_asked', 'urge')})"
            f"(?:{_listed(dd['party_asked'], 'debt_disclosed.party_asked', 'soon')})?)"
            f"(?:{_listed(dd['party_asked'], 'debt_disclosed.party_asked', 'repay')})"
        ),
        # 把/将 (我的) … debt … told/published: the debt is what was moved to others
        "dd_moved": rxcache.compile(
            f"(?:把|将)(?:我的?|本人的?)?[^{re.escape(_BREAK)}]{{0,6}}?(?:{_listed(dd['moved'], 'debt_disclosed.moved', 'a')})"
            f"[^{re.escape(_BREAK)}]{{0,{int(dd['moved'].get('window', 8))}}}?(?:{_listed(dd['moved'], 'debt_disclosed.moved', 'b')})"
        ),
        "dd_published": _near_rx(dd["published"], "debt_disclosed.published"),
        "dd_in_public": _near_rx(dd["in_public"], "debt_disclosed.in_public"),
        # a party reached, then the collector's words quoted to them, the borrower named by how they know them:
        # 给我妈打电话：“你女儿欠我们两万块钱”
        "dd_party_quoted": rxcache.compile(
            f"(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'reach')})(?:了)?(?:我的?|本人的?)?{party_from}(?:所有的?|全部的?)?(?P<party>{party_rx})"
            f"[^{re.escape(_SENT)}]{{0,16}}?(?<!我)(?:说|称|讲|问|道)?[：:]\\s*[“\"「『]?(?:你|您)(?:的|家的?)?(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'addressed')})"
            f"[^{re.escape(_BREAK)}]{{0,{int(dd['party_said'].get('window', 8))}}}?(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'b')})"
        ),
        # said before others or shouted where they hear: 当着同事的面说我欠他们钱, 在我家楼下大喊我的名字，说我欠钱 (the debt words
        # of said.b)
        "dd_aloud": rxcache.compile(
            f"(?:{_listed(dd['aloud'], 'debt_disclosed.aloud', 'a')})[^{re.escape(_SENT)}]{{0,{int(dd['aloud'].get('window', 20))}}}?"
            f"(?:{_listed(dd['aloud'], 'debt_disclosed.aloud', 'said')})[^{re.escape(_BREAK)}]{{0,6}}?(?:{_listed(dd['said'], 'debt_disclosed.said', 'b')}|欠|骗)"
        ),
        # a notice of the debt sent to a party or a place, the notice first: 发欠款通知到老家村委会, 寄了一封催款函到我单位
        # (or 把/将 the notice first: 把催款函寄到了我老家)
        "dd_notice_to": rxcache.compile(
            f"(?:(?:{_listed(dd['notice_to'], 'debt_disclosed.notice_to', 'send')})(?:了)?(?:一封|一份|一张|一些|很多|大量)?(?:我的?|本人的?)?"
            f"[^{re.escape(_BREAK)}]{{0,6}}?{dd_notice}[^{re.escape(_BREAK)}]{{0,4}}?"
            f"|(?:把|将)(?:我的?|本人的?)?[^{re.escape(_BREAK)}]{{0,6}}?{dd_notice}(?:{_listed(dd['notice_to'], 'debt_disclosed.notice_to', 'send')})?)"
            f"(?:到|给|至)(?:了)?(?:我的?|本人的?)?[^{re.escape(_BREAK)}]{{0,4}}?(?:{party_rx}|{_listed(dd['notice_to'], 'debt_disclosed.notice_to', 'where')})"
        ),
        # a party reached by such a notice, the party first: 我家人收到了催收短信, 亲戚们都收到了催收信息
        "dd_party_got_notice": rxcache.compile(
            f"(?P<party>{party_rx})(?:们)?(?:也|都|全都|也都|还)?(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'got')})(?:了|过)?"
            f"[^{re.escape(_BREAK)}]{{0,10}}?{dd_notice}"
        ),
        # a notice put up or handed out, then what it says: 贴了海报，写着我欠钱不还
        "dd_poster": rxcache.compile(
            f"(?:{_listed(dd['poster'], 'debt_disclosed.poster', 'put')})(?:了)?[^{re.escape(_SENT)}]{{0,6}}?(?:{_listed(dd['poster'], 'debt_disclosed.poster', 'what')})"
            f"[^{re.escape(_SENT)}]{{0,{int(dd['poster'].get('window', 24))}}}?(?:{_listed(dd['poster'], 'debt_disclosed.poster', 'says')})"
            f"[^{re.escape(_BREAK)}]{{0,8}}?(?:{_listed(dd['poster'], 'debt_disclosed.poster', 'b')})"
        ),
        # a group chat made of the borrower's people, then the debt told in it: 建了个群，把我通讯录的人拉进去说我欠钱
        "dd_group_made": rxcache.compile(
            f"(?:{_listed(dd['group_made'], 'debt_disclosed.group_made', 'made')})[^{re.escape(_SENT)}]{{0,{int(dd['group_made'].get('window', 40))}}}?"
            f"(?:{_listed(dd['group_made'], 'debt_disclosed.group_made', 'said')})[^{re.escape(_BREAK)}]{{0,8}}?(?:{_listed(dd['group_made'], 'debt_disclosed.group_made', 'b')})"
        ),
        "dd_known": rxcache.compile(
            f"(?:{_listed(dd['known'], 'debt_disclosed.known', 'a')})[^{re.escape(_BREAK)}]{{0,{int(dd['known'].get('window', 2))}}}?"
            f"(?:{known_b})"
        ),
        # a party, then learning the debt (我老婆接到催收电话才知道我借了网贷): the party is the subject, not a reached object
        "dd_learned": rxcache.compile(
            f"(?P<party>{party_rx})[^{re.escape(_SENT)}]{{0,16}}?(?:{_listed(dd, 'debt_disclosed', 'learned')})"
            f"(?:了)?(?:{known_b})"
        ),
        "dd_known_not_after": rxcache.compile(f"(?:{_listed(dd, 'debt_disclosed', 'known_not_after')})[^{re.escape(_BREAK)}]{{0,2}}$"),
        "dd_told_other": _near_rx(dd["told_other"], "debt_disclosed.told_other"),
        "dd_party_told": rxcache.compile(
            f"(?:{_listed(dd['party_said'], 'debt_disclosed.party_said', 'reach')})(?:了)?(?:我的?|本人的?)?{party_from}(?:所有的?|全部的?)?(?P<party>{party_rx})"
            f"[^{re.escape(_SENT)}]{{0,16}}?(?<!我)(?:{_listed(dd['party_told'], 'debt_disclosed.party_told', 'said')})(?:了)?(?:他们|她们|对方|他|她)?"
            f"(?:我的?|本人的?)(?:{_listed(dd['party_told'], 'debt_disclosed.party_told', 'b')})"
        ),
        "dd_term_not_followed": rxcache.compile(_listed(dd, "debt_disclosed", "term_not_followed")),
        "dd_term_not_preceded": rxcache.compile(f"(?:{_listed(dd, 'debt_disclosed', 'term_not_preceded')})$"),
        "dd_not_after": rxcache.compile(f"(?:{_listed(dd, 'debt_disclosed', 'not_after')})$"),
        "night": rxcache.compile(
            f"(?P<when>{_listed(night, 'night', 'words')}"
            r"|(?:晚上|夜里|夜间|半夜|深夜)(?:十[一二]|1[0-2]|二十[二三]|2[2-3]|十)点(?:半|多|钟)?"
            r"|(?:凌晨|半夜)(?:[一二三四五六七]|[0-7])点"
            r"|(?:早上|清晨|早晨|早)(?:[五六七]|[5-7])点(?:半|多|钟)?"
            r"|(?<![\d:])(?:2[2-3]|0?[0-6])[:：][0-5]\d(?![\d:]))"
        ),
        "night_contact": rxcache.compile(_listed(night, "night", "contact")),
        "per_day": rxcache.compile(
            f"(?P<when>{_alt(w['per_day'])})(?P<gap>{gap}{{0,8}}?)(?P<n>{NUM})(?P<more>多|余|来|好几|几)?(?P<unit>个|通|次)"
            f"(?P<tail>{gap}{{0,5}}?)(?P<what>{_alt(w['call_words'])})?"
        ),
        "impersonation": rxcache.compile(
            f"(?P<verb>{_listed(imp, 'impersonation', 'verbs')})[^{re.escape(_BREAK)}]{{0,{int(imp.get('window', 8))}}}?"
            f"(?P<body>{_alt(list(bodies))})"
            + (f"|以(?P<body2>{_alt(list(bodies))})(?:的)?名义" if imp.get("in_name_of") else "")
        ),
        "forged_fake": rxcache.compile(
            f"(?P<fake>{_listed(forged, 'forged', 'fake')})[^{re.escape(_BREAK)}]{{0,{int(forged.get('window', 10))}}}?"
            f"(?P<doc>{_listed(forged, 'forged', 'documents')})"
            f"|(?P<doc2>{_listed(forged, 'forged', 'documents')})[^{re.escape(_BREAK)}]{{0,6}}?(?:是假的|是伪造的|是p的|是ps的|假的)"
        ),
        "forged_sent": rxcache.compile(
            f"(?P<sent>{_listed(forged, 'forged', 'sent')})[^{re.escape(_BREAK)}]{{0,{int(forged.get('window', 10))}}}?"
            f"(?P<doc>{_listed(forged, 'forged', 'court_papers')})"
        ),
        "visit": rxcache.compile(_alt(list(visit_where))),
        "visit_did": rxcache.compile(_listed(visit, "visit", "did_cues")),
        "visit_not": rxcache.compile(_listed(visit, "visit", "not_with")),
        "vio_threat": rxcache.compile(_listed(vio, "violence", "threatened")),
        "vio_did": rxcache.compile(_listed(vio, "violence", "did")),
        "img_terms": rxcache.compile(_listed(img, "image_abuse", "terms")),
        "img_spread": _near_rx(img["spread"], "image_abuse.spread"),
        "img_spread_rev": _near_rx(img["spread_rev"], "image_abuse.spread_rev"),
        "img_not": rxcache.compile(_listed(img, "image_abuse", "not_with")),
        "apr": rxcache.compile(
            f"(?<![半月日])(?P<year>{_alt(_words(apr.get('year_words'), 'apr.year_words') + _words(apr.get('year_apart'), 'apr.year_apart'))})"  # 半年利息, 月综合利率
            f"(?P<gap>[^{re.escape(_BREAK)}\\d%]{{0,{int(apr.get('window', 14))}}}?"
            # 年利率十分高，达到了60%: one comma may come between when a percentage follows (two: 年化利率，
            # 算上各种服务费，高达48%), or a longer aside in one clause (年化利率加上服务费和保险费等各种费用算下来
            # 高达48%); _apr leaves those that name another rate between (_APR_ASIDE_NOT)
            # (年化利率，高达百分之五十: the percentage in words after the comma too)
            f"|(?:[^{re.escape(_BREAK)}\\d%]{{0,10}}[，,]){{1,2}}[^{re.escape(_BREAK)}\\d%]{{0,10}}?(?=\\d+(?:\\.\\d+)?[%％]|百分之)"
            f"|[^{re.escape(_BREAK)}\\d%]{{15,24}}?(?=\\d+(?:\\.\\d+)?[%％]|百分之))"
            f"(?:(?P<pct>百分之)(?P<cn>\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百千点]+)"
            # 年化利率千分之三百六十 / 年息360‰: per mille (万分之: per ten thousand), a tenth of a percentage
            f"|(?P<pm>千分之|万分之)(?P<pmn>\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百千点]+)"
            # 年息3分 / 年利率一分八 / 年利率3分6厘 / 年息8厘: a year's 分 is ten percent, its 厘 one
            f"|(?P<fen>\\d(?:\\.\\d+)?|[一二两三四五六七八九])分(?!之|钟|期)(?P<li>\\d(?![\\d.])|[一二两三四五六七八九])?厘?"
            f"|(?P<li2>\\d{{1,2}}(?:\\.\\d+)?|[一二两三四五六七八九]|十[一二三四五六七八九]?)厘"
            f"|(?P<n>\\d+(?:\\.\\d+)?)(?P<sign>%|％|‰)?"
            # 年化率高达六十, 年化利率为三十六点五: Chinese numerals with a ten or a hundred in them,
            # ending the clause or followed by %, 多, 左右 (年利率十分高 is no rate)
            # (年化利率四五十: a range in words, its smaller end as parse_number reads it)
            # (年化利率几十 -> 20, 三十几 -> 30: the smallest number the words allow, as facts.md's 几十 -> 20, 十几 -> 10; fee8)
            f"|(?P<cn2>(?:几|[一二两三四五六七八九]{{0,2}})[十百][零一二两三四五六七八九十]*(?:点[零一二三四五六七八九]+)?)(?P<sign2>%|％)?"
            # (年化大概在三十六到四十之间: a range in words, its smaller end)
            f"(?=%|％|多|几|左右|以上|个点|个百分点|(?:到|至)[一二两三四五六七八九十百点]+(?:%|％|之间|左右|多|个点|[{re.escape(_BREAK)}]|$)|[{re.escape(_BREAK)}]|$))"  # not 十分高
        ),
        # the rate before its year word: 达到62.5%的年化利率
        "apr_before": rxcache.compile("(?:(?P<n>\\d+(?:\\.\\d+)?)(?:%|％|个百分点|个点)|百分之(?P<cn>\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?))"
                                 # (48%（年化）, 48%/年, 48%每年, 48%的实际年化利率)
                                 "(?:以上|左右|之多|多)?(?:的|[（(])?(?P<real>实际|真实)?(?P<year>年化利率|年化率|年化|年利率|年利息|年息|综合年化|/年|每年)(?!超|以内|以下)"),
        # a year told as a span, then the rate it costs: 一年就是48% / 每年48%的利息 / 一年要还48%的利息 (_apr
        # keeps a match with a link word or the rate's own word after it)
        "apr_said": rxcache.compile(
            f"(?<!十)(?P<year>{_listed(apr, 'apr', 'year_said')})(?:的)?(?:利息|利率)?"
            f"(?:(?P<link>{_listed(apr, 'apr', 'said_links')})|(?:{_listed(apr, 'apr', 'said_pay')})(?:了)?)?"
            "(?:将近|接近|大约|大概|近|约)?(?:(?P<n>\\d+(?:\\.\\d+)?)[%％]|百分之(?P<cn>\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?))"
            f"(?![\\d.])(?:以上|左右|之多|多)?(?P<item>{_listed(apr, 'apr', 'said_items')})?"
        ),
        # after a rate, the rate the sentence goes on to (年化利率超过36%，达到了48%)
        "apr_then": rxcache.compile(
            f"(?P<gap>[^{re.escape(_SENT)}\\d%％]{{0,10}}?(?:{_listed(apr, 'apr', 'then_words')})"
            f"[^{re.escape(_SENT)}\\d%％]{{0,4}}?)(?:(?P<n>\\d+(?:\\.\\d+)?)[%％]"
            # (实际是百分之四十八: the percentage in words too)
            f"|百分之(?P<cn>\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?))"
        ),
        "apr_judged": rxcache.compile(f"(?:是否|是不是|算不算|算是|算|属于|还|也|都)?(?:{_listed(apr, 'apr', 'judged')})"),
        "apr_then_included": rxcache.compile(f"(?:{_listed(apr, 'apr', 'then_included')})(?:了)?[^，,。！？；]{{0,6}}?(?:费用?|砍头息)"),
        "apr_then_not": rxcache.compile(_listed(apr, "apr", "then_not")),
        "apr_actual": rxcache.compile(_listed(apr, "apr", "actual")),
        "apr_contract": rxcache.compile(_listed(apr, "apr", "contract")),
        "apr_real": rxcache.compile(_listed(apr, "apr", "real")),
        "apr_law": rxcache.compile(_listed(apr, "apr", "law")),
        "apr_bound": rxcache.compile(_listed(apr, "apr", "bound_words")),
        "apr_reckoned": rxcache.compile(_listed(apr, "apr", "reckoned")),
        "apr_bound_after": rxcache.compile(_listed(apr, "apr", "bound_after")),
        "apr_year": rxcache.compile(_listed(apr, "apr", "year_words")),
        "apr_other": rxcache.compile(_listed(apr, "apr", "other_rate")),
        "apr_not_stated": rxcache.compile(f"(?:{_listed(apr, 'apr', 'not_stated')})(?:了|在|是|有)?$"),
        "apr_penalty": rxcache.compile(_listed(apr, "apr", "penalty")),
        "hf_contract": rxcache.compile(f"(?P<kw>{_listed(hf, 'head_fee', 'contract')})"),
        "hf_received": rxcache.compile(f"(?P<kw>{_listed(hf, 'head_fee', 'received')})"),
        # (到我卡8500, 进我卡里的是8500: the verb, the borrower's, the place, 上/里, composed; the list above spells some)
        "hf_received_reached": rxcache.compile(
            f"(?P<kw>(?:{_listed(hf, 'head_fee', 'reached_verbs')})(?:{_listed(hf, 'head_fee', 'reached_owners')})?"
            f"(?:{_listed(hf, 'head_fee', 'reached_places')})(?:{_listed(hf, 'head_fee', 'reached_after')})?)"),
        # terse titles: 借2100变3000 (the contract), 借3000只到2100 / 借3000到2100 (what arrived): the
        # bare verb only between two amounts (patterns of their own: beside the word lists they
        # would cost those their literal-prefix scan, 10x)
        "hf_contract_between": rxcache.compile(_BETWEEN_AMOUNTS.format(w="变")),
        # (借3000，到2100 / 借了一万，到了七千: a bare 到 opening the clause after the loan's amount, an amount right after it;
        # not 到期, 到时, 到现在, 到月底, no amount there; nor a date: facts.py _DATE_AFTER)
        "hf_received_between": rxcache.compile(_BETWEEN_AMOUNTS.replace("(?P<kw>", "(?:[，,](?=(?:只|才|仅)?到))?(?P<kw>")
                                               .format(w="(?:只|才|仅)?(?:到了|到|给)")),
        # what was left once a fee was taken: 扣掉服务费只剩7000 / 扣完各种费用后只有7000 (a bare 只剩 is
        # a balance: 还款后只剩7000没还)
        "hf_received_rest": rxcache.compile(
            f"(?:{_listed(hf, 'head_fee', 'rest_after')})[^{re.escape(_BREAK)}\\d]{{0,8}}?"
            f"(?P<kw>(?:后|之后|以后)?(?:{_listed(hf, 'head_fee', 'rest')})"
            f"|(?:后|之后|以后)(?:实际)?(?:仅为|只为|就是|为|是))"),  # (到账金额扣除服务费后为3500)
        "hf_borrowed": rxcache.compile(f"(?P<kw>{_listed(hf, 'head_fee', 'borrowed')})"),
        "hf_deduct": _deduct_rx(hf),
        # a further fee listed right after a deduction: 扣了担保费3000和保险费2000 / 担保费3000元，保险费2000元
        "hf_deduct_more": _more_rx(hf),
        "hf_added": _added_rx(hf),
        "hf_deduct_share": _share_rx(hf),
        # (还没到账就先扣了3000: 还没 is "not yet", no repayment)
        "hf_not_between": rxcache.compile(f"(?!{_listed(hf, 'head_fee', 'not_between_unless')})"
                                     f"(?:{_listed(hf, 'head_fee', 'not_between')})"),
        "hf_head_words": rxcache.compile(_listed(hf, "head_fee", "head_words")),
        "hf_payout_when": rxcache.compile(_listed(hf, "head_fee", "payout_when")),
        "hf_not_between_head": rxcache.compile(_listed(hf, "head_fee", "not_between_head")),
        "hf_released": rxcache.compile(_listed(hf, "head_fee", "released")),
        "hf_actual": rxcache.compile(_listed(hf, "head_fee", "actual")),
        "hf_arrived": rxcache.compile(_listed(hf, "head_fee", "arrived")),
        "hf_arrived_whole": rxcache.compile(f"(?:{_listed(hf, 'head_fee', 'arrived_whole')})$"),
        "hf_taken_back": rxcache.compile(_listed(hf, "head_fee", "taken_back")),
        "hf_not_before": rxcache.compile(f"(?:{_listed(hf, 'head_fee', 'not_before')})先?$"),
        "hf_not_taken_after": _not_taken_after_rx(hf),
        "hf_not_taken_before": _not_taken_before_rx(hf),
        # (right after a received word ending in 我 (给了我, 转给我): 我 is the family member's (给了我妈5000), no money to the borrower)
        "hf_kin": rxcache.compile(_alt(kin)),
        # (到账后花呗自动扣了2000: another debt's own debit, its name right before the taking)
        # (not a time: 放款到信用卡时扣了2000服务费)
        "hf_debt_debit": rxcache.compile(f"(?:{_listed(hf, 'head_fee', 'other_debt_names')})(?:(?!时)[^{re.escape(_BREAK)}\\d]){{0,4}}$"),
        "hf_what_is": rxcache.compile(
            f"(?:{_listed(hf, 'head_fee', 'what_is_before')})(?:{_listed(data, '', 'lending_words')})"
            f"|(?<!不是)(?:{_listed(data, '', 'lending_words')})(?:到底|究竟)?(?:{_listed(hf, 'head_fee', 'what_is_after')})"),
        "hf_asked_end": rxcache.compile(f"(?:{_listed(hf, 'head_fee', 'asked_ends')})[^{re.escape(_BREAK)}]{{0,2}}$"),
        "hf_usable": rxcache.compile(f"(?:{_listed(hf, 'head_fee', 'usable')})$"),
        # the last loan or limit word before a usable one: which it is the part of (额度10000能用的只有8000)
        "hf_limit_or_loan": rxcache.compile(f"(?P<limit>{_listed(hf, 'head_fee', 'limit_words')})|合同|借款|借了|贷款|贷了"),
        "hf_amounts_end": _amounts_end_rx(_alt(kin)),
        # someone else borrowing: 听说别人借一万 / 有人在钱站借了 (where a hearsay loan begins)
        "hf_hearsay": rxcache.compile(
            f"(?:{_listed(hf, 'head_fee', 'hearsay_subjects')}"
            f"|(?:{_listed(hf, 'head_fee', 'hearsay_cues')})[^{re.escape(_BREAK)}]{{0,4}}?"
            f"(?:{_listed(hf, 'head_fee', 'hearsay_cued')}))"
            f"(?:{_listed(hf, 'head_fee', 'hearsay_links')}){{0,2}}"  # (网友说遇到砍头息)
            f"(?:在[^{re.escape(_BREAK)}]{{1,8}}?)?"
            f"(?:{_listed(hf, 'head_fee', 'hearsay_loans')})"
        ),
        "hf_self": rxcache.compile(_listed(hf, "head_fee", "self_words")),
        "hf_hearsay_alone": rxcache.compile(
            f"(?:{_listed(hf, 'head_fee', 'hearsay_cues_alone')})"
            f"(?:[^{re.escape(_BREAK)}我]{{0,8}}?)(?P<loan>{_listed(hf, 'head_fee', 'hearsay_loans')})"),
        "hf_advice_before": rxcache.compile(_listed(hf, "head_fee", "hearsay_advice_before")),
        "hf_advice_after": rxcache.compile(f"(?:款|钱)?(?:{_listed(hf, 'head_fee', 'hearsay_advice_after')})"),
    }
    rx = {k: _screened(k, v) for k, v in rx.items()}
    gates = {fact: rxcache.compile(_alt(_gate_words(data, fact, ws))) for fact, ws in (data.get("gates") or {}).items()}
    rx.update({f"gate:{fact}": g for fact, g in gates.items()})
    words = {
        **w,
        "specific_family": [str(p) for p in data.get("specific_family") or []],
        "apr_thresholds": [str(x) for x in apr.get("thresholds") or []],
        "hf_window": [str(hf.get("window", 60))],
        # a post can hold a fee added onto the principal only if it has one of these words
        "hf_added_words": (_words(hf.get("added_after"), "head_fee.added_after") + _words(hf.get("added_before"), "head_fee.added_before")
                           + _words(hf.get("added_holds"), "head_fee.added_holds") + _words(hf.get("added_plus"), "head_fee.added_plus")),
        "threat_window": [str(data.get("threat_window", 8))],
        # words that let a post with no lender and no word of the themes' scope in (a head fee's own name)
        "lending_words": _words(data.get("lending_words"), "lending_words"),
    }
    return FactLexicon(facts_version(path), data, party_of, party_rx, rx, words, bodies, visit_where)


_TAKEN_BEFORE = re.compile(r"(?:扣|收|交|付|缴|划|转走|拿走)了?$")  # right before 一笔: a sum taken or paid
_AMOUNT_NEXT = re.compile(r"[：:，,]?(?:是|为)?\s*[\d一二两三四五六七八九]")  # an amount right after a word
# in the clause before a bare word of change: the debt grown by being overdue, not the contract (逾期后加上各种费用
# 变成了7000元, 欠款总额变成了8000元)
_GROWN_DEBT = re.compile("逾期|欠款|欠债|欠了|罚息|罚金|违约金|滞纳金")
_CHANGE_WORDS = frozenset({"变成了", "变成", "变为", "改成了", "改成", "写成了", "写成"})  # contract words of a change
_BARE_BETWEEN = ("变", "到", "只到", "才到", "仅到", "给", "只给", "才给", "仅给")
_BETWEEN_AMOUNTS = "[\\d万千wk元块](?P<kw>{w})(?=[\\d一二两三四五六七八九])"
# after a bare 到 opening its clause (借款5000，到2024.12.1还清, 到3500的时候就还不上了): a date or a point reached, not what arrived
_DATE_AFTER = re.compile(r"[.．/\-]\d|(?:元|块)?(?:的时候|时|以后|之后|后|就不|为止)|[^，,。！？!?；;\n]{0,12}?(?:还清|结清|还款|还本|到期|号|日)")
# matched at given positions or searched in a few characters: a screen would cost more than it saves
_NOT_SCREENED = frozenset({"party_list", "own", "hf_not_taken_after", "hf_not_taken_before", "hf_kin", "hf_amounts_end", "hf_debt_debit", "hf_usable", "hf_limit_or_loan", "hf_asked_end"})


_Screened = lx.Screened  # (the class lives beside required_words, which builds its screens)

# patterns scanned over a post's whole text, in this order (_contacted, _debt_disclosed), each
# skipped where the post lacks the words it needs (FactExtractor._may)
_CONTACTED_KEYS = ("verb_party", "phone_party", "object_party", "party_received", "party_by", "contacts_dialled", "circle")
_DISCLOSED_KEYS = ("dd_terms", "dd_said", "dd_broadcast", "dd_spread_after", "dd_told", "dd_party_said", "dd_party_got", "dd_party_sent", "dd_insult_to", "dd_party_asked",
                   "dd_moved", "dd_published", "dd_in_public", "dd_known", "dd_learned", "dd_told_other", "dd_party_told",
                   "dd_notice_to", "dd_party_got_notice", "dd_poster", "dd_group_made", "dd_party_quoted", "dd_aloud")
_WHOLE_TEXT_KEYS = _CONTACTED_KEYS + _DISCLOSED_KEYS
_VALUE = itemgetter(1)  # (end, value) pairs of automaton.iter -> value


def _needs(rx: dict[str, re.Pattern[str]], keys: Sequence[str]) -> tuple[dict[str, list[frozenset[int]]], Any]:
    """For each pattern rx[key]: the sets of words every match contains (lexicon.required_words), as
    word numbers; and one automaton finding all those words (None when there are none)."""
    import ahocorasick

    numbers: dict[str, int] = {}
    needs: dict[str, list[frozenset[int]]] = {}
    for key in keys:
        if key not in rx:
            continue
        pattern = getattr(rx[key], "rx", rx[key])  # (a Screened pattern: the pattern behind its screens)
        needs[key] = [frozenset(numbers.setdefault(w, len(numbers)) for w in words) for words in lx.required_words(pattern)]
    if not numbers:
        return needs, None
    auto = ahocorasick.Automaton()
    for word, i in numbers.items():
        auto.add_word(word, i)
    auto.make_automaton()
    return needs, auto


def _screened(key: str, rx: re.Pattern[str]) -> re.Pattern[str]:
    """rx behind screens (lexicon.screened) when it has no literal or first-character prefix,
    else rx (measured: where the engine skips to candidate starts by itself, even a pattern
    needing three sets of words ran no faster behind screens of the later sets)."""
    return rx if key in _NOT_SCREENED else lx.screened(rx)


# (扣了近3000元 / 约3000元的服务费 / 大约在3000元左右: an approximate amount is the amount told; 到账少了整整3000元; 1千5百元, 6千6百5十: digits with
# Chinese units, parse_number)
_CUT = r"(?:(?:将近|接近|大约|大概|差不多|约|近)在?|整整|足足)?(?<![\d'])(?P<{g}>\d+(?:'\d{{3}})*(?:\.\d{{1,2}})?(?:[万千wk](?:\d[千百十]?){{0,3}})?|[一二两三四五六七八九十百千万零]{{1,8}})(?:多|余)?(?:元|块钱?|块)?(?![\d.%％期个月天号日年]|分之|成)"


# a fee's name may stand in quotes or brackets, as posts set off the lender's own word for it (扣了“服务费”1500元,
# 被收取了‘会员费’1500元, 扣了【服务费】1500元): the marks are part of the name
_FEE_OPEN, _FEE_CLOSE = "[“\"‘「『【《]?", "[”\"’」』】》]?"


def _fee_rx(hf: dict[str, Any]) -> str:
    """The fee words of head_fee.fees, each maybe in quotes or brackets."""
    return f"(?:{_FEE_OPEN}(?:{_listed(hf, 'head_fee', 'fees')}){_FEE_CLOSE})"


def _deduct_rx(hf: dict[str, Any]) -> re.Pattern[str]:
    """A deduction and its amount, in the shapes people write it:
    扣除(手续费)1500 / 收了1500元的服务费 / 收取服务费1500 / 砍头息就收了900 / 800元服务费."""
    strong = _listed(hf, "head_fee", "deduct_verbs")
    weak = _listed(hf, "head_fee", "charge_verbs")
    fee = _fee_rx(hf)
    link = f"(?:{_listed(hf, 'head_fee', 'fee_links')})"
    upfront = _listed(hf, "head_fee", "upfront_verbs")
    upfront_items = _listed(hf, "head_fee", "upfront_items")
    upfront_when = [w for w in _words(hf.get("payout_when"), "head_fee.payout_when") if w.endswith(("时", "时候", "前", "当天"))]
    return rxcache.compile(
        # (扣了一笔1980元的权益费: 一笔 before the amount is the sum taken)
        f"(?:{strong})(?:了|掉|走|回)?(?:我)?(?:的)?{fee}?(?:了)?(?:一笔)?{_CUT.format(g='n1')}"
        f"|(?:{weak})(?:了|掉|走)?(?:我)?(?:的)?(?:一笔)?{_CUT.format(g='n2')}(?:的)?[^，,。！？；\\d]{{0,4}}?{fee}"
        f"|(?:{weak})(?:了|掉|走)?(?:我)?(?:的)?{fee}{link}{{0,2}}{_CUT.format(g='n3')}"
        f"|{fee}{link}{{0,2}}(?:我)?{_CUT.format(g='n4')}"
        f"|(?<=[，,、])(?:其中包含|其中包括|其中含有|其中含|里面包含|里面包括|里面含|其余的?|剩下的?|剩余的?|余下的?|另外|还有|其中|另|又|还|包含|包括|含|里面有|其中有|有)?{_CUT.format(g='n5')}(?:的)?(?:是|为|作为|当作|算作)?(?:所谓的?)?"
        # (其中1500元为平台服务费 / 其中有1500元是担保公司的担保费: who took it before the fee's name, fee7)
        f"(?:(?:平台|担保公司|保险公司|第三方|资金方|合作方|中介|他们|对方)(?:收取|收|扣除|扣)?(?:的)?)?{fee}(?!每)"
        # (500元的服务费要另外交: a fee paid apart is not taken)
        f"(?![^，,。！？；]{{0,4}}?(?:另外|另行|单独|额外|自己)(?:再)?(?:交|付|支付|缴|转))"
        # 其中3000元被平台以服务费名义扣除 / 到账后1500元被转走了: the amount, then that it was taken
        # (我只收到5000元，其余1650元被平台以服务费名义扣了: the rest of the loan)
        # (其中1200元直接被划走 / 放款时其中1600元就被扣作了服务费 / 放款后1000元马上就被转走了: words of how soon or
        # how between, and the time of the payout before)
        # (另外2000元被当作担保费扣除 / 2000元服务费被提前扣掉: 另外 before, the fee's name after the sum)
        f"|(?:(?<=[，,、])(?:其中|另有|还有|另外|其余|其余的|剩下的|剩余的|余下的)?|(?:到账|下款|放款|到手)(?:后|之后|以后|时|的时候)(?:其中)?)"
        # (其中3000元以服务费的形式被预先扣除: the fee's title between)
        f"{_CUT.format(g='n7')}(?:的)?(?:{fee}|以{fee}(?:的)?(?:名义|名目|方式|形式))?(?:都|就|又|马上|立马|立即|直接|当即|随即|当场|也|全部|全都){{0,2}}(?:被|让)[^，,。！？；\\d]{{0,8}}?(?:扣|收取|收走|砍|划走|转走|拿走)"
        # 放款时3000元的服务费直接扣掉了 / ，3000元的服务费当场就扣了: the sum and its fee's name, then the taking without 被
        # (the fee must be named: 1000元直接扣了 alone may be an instalment)
        f"|(?:(?<=[，,、])|(?:到账|下款|放款|到手)(?:后|之后|以后|时|的时候))"
        f"{_CUT.format(g='n16')}(?:的)?{fee}(?:都|就|又|马上|立马|立即|直接|当即|随即|当场|也|全部|全都|一次性|提前|先){{0,2}}"
        f"(?:给)?(?:扣掉|扣除|扣走|扣了|扣下|划走|划扣|收走|拿走|砍掉)"
        # 以服务费的名义收取了1500元 / 以砍头息的方式扣除1500元: the fee named first, as the title of the taking
        f"|以{fee}(?:的)?(?:名义|名目|方式|形式|为由|为名)(?:直接)?(?:{strong}|{weak})(?:了|掉|走)?(?:我)?{_CUT.format(g='n8')}"
        # 放款的时候把900元的服务费扣掉了 / 将其中900元作为服务费扣除: the amount and its fee as the object of 把/将
        # (not 把900元服务费退给我: a word of taking must follow)
        f"|(?:把|将)(?:我的?)?(?:其中的?)?{_CUT.format(g='n13')}(?:的)?(?:作为|当作|当成|算作)?(?:所谓的?)?{fee}"
        f"(?:给|都|直接|全部|一次性|提前|先|就|也|又)*(?:扣|收|砍|划走|划扣|转走|拿走|抽|截留)"
        # 放款后要求我返还1000元服务费 / 要我转回两千块作为手续费 / 让我把1000元转到指定账户作为会员费 / 被要求将其中2000元转
        # 给所谓的担保公司: part of the loan demanded back from the borrower (我 or 被要求: not the complainant's own
        # demand for a refund, 要求返还服务费) as a fee
        f"|(?:被要求|被逼|(?<![我])(?:要求|让|要|叫|逼着|逼迫|逼)我)(?:立即|马上|当天|再)?"
        f"(?:(?:返还|转回|打回|转还|还回|退回)(?:给他们|给平台|给对方)?{_CUT.format(g='n14')}(?:的)?(?:[^，,。！？；\\d]{{0,2}}?(?:作为|当作|当成|算作))?(?:所谓的?)?{fee}"
        f"|(?:把|将)(?:其中的?)?{_CUT.format(g='n15')}(?:钱)?(?:立即|马上|当天|再)?(?:返还|转回|退回|打回|转还|还回|转给|转到|转入|打到|打给)"
        f"[^，,。！？；\\d]{{0,10}}?(?:作为|当作|当成|算作|的)?(?:所谓的?)?(?:{fee}|担保公司|会员))"
        # 预扣利息1500 / 先扣了一个月的利息1500: interest taken before the loan is paid out
        f"|(?:{upfront})(?:了|掉|走)?(?:我)?(?:的)?(?:{upfront_items})(?:了)?{_CUT.format(g='n6')}"
        # 首期利息1500元在放款时就扣了 / 利息1500下款的时候直接扣除了: interest and its sum, then taken when the loan was paid
        # out (head_fee.payout_when's words of that moment, not after it: 到账后扣了利息 may be the first instalment; fee9)
        f"|(?:{upfront_items}){_CUT.format(g='n17')}(?:的)?(?:在|于)?(?:{_alt(upfront_when)})"
        f"(?:就|直接|已经|已|被|都|先|给|一次性)*(?:扣除了|扣掉了|扣走了|扣除|扣掉|扣走|扣了|扣下|扣|预扣|收取了|收取|收走)"
        # 先扣了两个月的利息1600 / 提前扣了3期利息共2400 / 预扣了首月利息和服务费共1500 / 先扣除第一期还款1200:
        # interest or instalments of a number of periods, taken before the loan is paid out
        f"|(?:{upfront})(?:了|掉|走)?(?:我)?(?:的)?(?:首|第一|前|头)?(?:[一二两三四五六\\d]{{1,2}})?(?:个)?(?:月|期)(?:的)?"
        f"(?:利息|还款|月供|本息)(?:(?:和|及|加|与|以及)(?:{fee}))?(?:了)?(?:共|一共|共计|合计|总共|总计)?(?:了)?{_CUT.format(g='n10')}"
        # 被要求购买1500元的保险，从借款中扣除 / 搭售了1500元的会员，直接从放款金额里扣了: a purchase forced
        # on the borrower, said to be taken out of the loan
        # (要交900元的服务费，从借款中扣: a fee to pay, said to be taken out of the loan)
        # (被捆绑销售了1200元的会员卡，钱直接从借款里扣了 / 搭配销售了…，在放款金额中扣除: sold with the loan, taken in it)
        f"|(?<!我)(?<!自己)(?:捆绑销售|搭配销售|捆绑搭售|购买|买|搭售|开通|办理|捆绑|加购|交|缴纳|缴|支付|付)(?:了)?(?:一个|一份|一张)?{_CUT.format(g='n11')}(?:的)?"
        # (被捆绑购买了599元的“优享会员” / 「省钱卡」: a product named in quotes, whatever its name)
        f"(?:[“\"‘「『【《][^，,。！？；\\d”\"’」』】》]{{1,8}}[”\"’」』】》]|(?:保险|会员服务|增值服务|会员|权益包|会员卡|权益卡|{fee}))"
        f"(?=[，,]?(?:费用|钱|这笔钱)?(?:直接|都|是|就)?(?:从|在)(?:我的)?(?:借款|贷款|本金|放款|下款|到账|借的|贷的|合同)[^，,。！？；每]{{0,6}}?(?:扣|划))"
        # 到账的钱比合同上少了2000 / 比审批的金额少给了2000: what arrived, short of the gross amount by the sum
        f"|(?:(?:实际)?(?:到账|到手|到卡|打款|放款|下款|收到)(?:的)?(?:金额|钱|款)?)?"
        f"比(?:合同|借款|贷款|申请|审批|批款|批的|批下来的|借的|签的|协议|约定)[^，,。！？；\\d还]{{0,6}}?少(?:了)?"
        f"(?:给了|给|打了|打|到了|到|放了|放|下了)?(?:我)?{_CUT.format(g='n9')}"
        # 到账时莫名其妙少了2000 / 到手一看竟然少了2000: what arrived short by the sum, words between (到账少了 and
        # 到账后少了 are deduct_verbs)
        f"|(?:到账|到帐|到手|到卡|打款|放款|下款)(?:时|后|的时候|之后|以后)?[^，,。！？；\\d还每月期扣]{{1,6}}?少(?:了|给了|打了|放了)(?:我)?{_CUT.format(g='n12')}"
    )


def _more_rx(hf: dict[str, Any]) -> re.Pattern[str]:
    """A further fee listed right after a deduction (matched at its end): 和保险费2000 / 、保险费2000元 /
    ，又扣了保险费2000元 / 和2000元的保险费. A fee word or a word of taking must name it (扣了3000，到手
    47000 lists nothing)."""
    fee = _fee_rx(hf)
    take = "(?:扣了|扣除了|扣除|扣掉了|扣掉|收了|收取了|收取|划走了|划走)"
    # (担保公司扣了2000元，保险公司扣了600元: the party that took it may open the next item)
    # (服务费1500元+担保费500元: + as 加, fee7)
    head = (f"(?:元|块钱?|块)?(?:的)?{fee}?(?:[、，,和及与跟加+]|以及|加上)(?:又|还|另外|再)?"
            f"(?:被)?(?:担保公司|保险公司|第三方|平台|中介|合作方|资金方)?(?:又|还|也|另外|再)?")
    return rxcache.compile(
        f"{head}(?:{take}(?:了)?(?:我)?(?:的)?{fee}?|{fee})(?:是|为|就|共)?{_CUT.format(g='m1')}"
        f"|{head}{take}?{_CUT.format(g='m2')}(?:的)?{fee}"
        # the taking's sum told as a sum (砍头息2270.4加1296元 / 扣了1500+500 / 服务费1500加上500): a bare amount after
        # 加 or +, not one of interest, a repayment or a late fee, nor per month (扣了1500加每月500的利息, fee7)
        f"|(?:元|块钱?|块)?(?:\\+|加上|加)(?:又|还|另外|再)?{_CUT.format(g='m3')}"
        f"(?![^，,。！？；\\d]{{0,4}}?(?:利息|息费|月供|还款|本金|本息|罚|逾期|违约|滞纳|每|一期|一个月))"
    )


# a share of the loan: 30% / 30％ / 百分之三十 / 三成 (percent; 成 is tenths)
_SHARE = r"(?:(?P<{g}p>\d{{1,2}}(?:\.\d+)?)(?:[%％]|个点)|百分之(?P<{g}c>[一二三四五六七八九十]{{1,3}}|\d{{1,2}}(?:\.\d+)?)|(?P<{g}t>[一二两三四五]|\d)成)"
_SHARE_TAIL = r"(?![\d.%％]|的?(?:年|月|日|利|每|/))"  # (30%的年化, 20%每月: a rate, not a share taken)


def _share_rx(hf: dict[str, Any]) -> re.Pattern[str]:
    """A deduction told as a share of the loan, the shapes of _deduct_rx with a percentage for
    the amount: 砍头息30% / 扣了20%的服务费 / 收取百分之十五的手续费 / 按10%扣了服务费 / 砍了三成.
    Not a monthly or daily fee (月服务费3%, 每期手续费1%): those are repaid, not taken."""
    strong = _listed(hf, "head_fee", "deduct_verbs")
    weak = _listed(hf, "head_fee", "charge_verbs")
    fee = f"(?<![月日年天期每]){_fee_rx(hf)}"
    link = f"(?:{_listed(hf, 'head_fee', 'fee_links')})"
    of = "(?:(?:借款|贷款|本金|借款金额|合同金额|贷款金额|放款金额)的)?"  # (收取借款金额的20%作为服务费)
    return rxcache.compile(
        f"(?:{strong})(?:了|掉|走|回)?(?:我)?(?:的)?{fee}?(?:了)?{of}{_SHARE.format(g='s1')}{_SHARE_TAIL}"
        f"|(?:{weak})(?:了|掉|走)?(?:我)?(?:的)?{of}{_SHARE.format(g='s2')}{_SHARE_TAIL}(?:的)?[^，,。！？；\\d]{{0,4}}?{fee}"
        # (a fee word and its share alone only for a head fee: 服务费2.7%下款的时候一次性付清 was paid apart)
        f"|(?:砍头息|砍头费|{fee}(?:就|都|竟然|居然|直接)?(?:收了|扣了|收取了|收取|扣除了|扣除|占了|占)){link}{{0,2}}(?:我)?{of}{_SHARE.format(g='s3')}{_SHARE_TAIL}"
        # (按借款金额的20%收取服务费 / 服务费按借款金额的20%一次性扣除: the loan named, a word of how between)
        f"|按(?:照)?{of}{_SHARE.format(g='s4')}(?:的比例|比例)?(?:一次性|直接|提前|先|当场)?(?:{strong}|{weak})"
        # (服务费是借款金额的20%，放款时直接扣除: the fee stated as a share of the loan named, then taken at payout in the
        # next clause; not 分12期收取, 还款时扣: a charge over time)
        f"|{fee}(?:是|为|按|占|高达|达到|就是|竟然是|居然是)(?:了)?(?:借款|贷款|本金|借款金额|合同金额|贷款金额|放款金额|借款本金|借款额|贷款额)的?"
        f"{_SHARE.format(g='s5')}{_SHARE_TAIL}(?:左右)?[，,]?(?:在|于)?(?:放款|下款|到账|打款|出款|借款)(?:时|的时候|前|当天|当时|之前)"
        f"(?:就|直接|一次性|提前|先|已经|被|都)*(?:{strong}|{weak})"
        # what arrived told as a share of the loan: 到账只有借款金额的80% / 到手只有八成 / 到账打了八折 (or 8折)
        f"|(?:实际)?(?:到账|到帐|到手|打款|放款|下款|拿到手?|收到)(?:的)?(?:金额|钱)?(?:只有|只|才|仅|仅有|就)?(?:了)?"
        f"(?:(?:借款金额|借款|合同金额|合同|本金|贷款金额|贷款|申请金额)的)?"
        f"(?:(?P<rp>[5-9]\\d(?:\\.\\d+)?)[%％]|百分之(?P<rc>[五六七八九]十[一二三四五六七八九]?)|(?P<rt>[五六七八九])成|打了?(?P<rz>[五六七八九5-9])折)"
        f"(?![\\d.%％])"
        # (借款10000，九折放款 / 打八折到账 / 按8折下款: the loan paid out at a discount, the share before the payout; fee8)
        f"|(?<![\\d一二三四五六七八九十])(?:按|打了?)?(?P<rz2>[五六七八九5-9])折(?:放款|下款|到账|到帐|到手|打款|出款|放贷|发放)"
    )


def _share(m: re.Match[str], base: float) -> float | None:
    """The amount a share (_share_rx) takes off `base`; None for half of it or more."""
    r = m.re.groupindex.get("rp") and next((m.group(g) for g in ("rp", "rc", "rt", "rz", "rz2") if m.group(g)), None)
    if r:  # what arrived as a share: the rest was taken (到手只有八成 -> 20% of the loan)
        kept = float(r) if r[0].isdigit() and m.group("rp") else (parse_number(r) or 0.0) * (1 if m.group("rc") else 10)
        return round(base * (100 - kept) / 100, 2) if 50 <= kept < 100 else None
    for g in ("s1", "s2", "s3", "s4", "s5"):
        if m.group(g + "p"):
            pct = float(m.group(g + "p"))
        elif m.group(g + "c"):
            c = m.group(g + "c")
            pct = float(c) if c[0].isdigit() else (parse_number(c) or 0.0)
        elif m.group(g + "t"):
            t = m.group(g + "t")
            pct = 10.0 * (float(t) if t.isdigit() else _CN_DIGIT[t])
        else:
            continue
        return round(base * pct / 100, 2) if 0 < pct < 50 else None
    return None


def _added_rx(hf: dict[str, Any]) -> re.Pattern[str]:
    """A fee added onto the principal, and its amount: 服务费3000算在本金里 / 把3000元砍头息加到本金里 /
    合同里加了3000服务费 (the contract is then the loan plus the fee)."""
    fee = _fee_rx(hf)
    after = (f"(?:都|也|直接|被|全|全部)?(?:{_listed(hf, 'head_fee', 'added_after')})(?:了)?"
             f"(?:{_listed(hf, 'head_fee', 'added_into')})")
    before = _listed(hf, "head_fee", "added_before")
    holder = _listed(hf, "head_fee", "added_holder")
    holds = _listed(hf, "head_fee", "added_holds")
    return rxcache.compile(
        f"(?:把|将)?{_CUT.format(g='a1')}(?:的)?{fee}{after}"
        f"|{fee}(?:的)?{_CUT.format(g='a2')}{after}"
        f"|(?:{before}){_CUT.format(g='a3')}(?:的)?{fee}"
        # 到手8000加2000手续费: a bare 加 or + right after an amount (fee7)
        f"|(?<=[\\d万千wk元块])(?:{_listed(hf, 'head_fee', 'added_plus')}){_CUT.format(g='a6')}(?:的)?{fee}"
        # 合同金额包含服务费660元 / 本金里含660元服务费: the contract holds the fee
        f"|(?:{holder})(?:里面|里|中|内)?(?:{holds}){fee}(?:的)?(?:为|是)?{_CUT.format(g='a4')}"
        f"|(?:{holder})(?:里面|里|中|内)?(?:{holds}){_CUT.format(g='a5')}(?:的)?{fee}"
    )


def _kin_words(data: dict[str, Any], hf: dict[str, Any]) -> list[str]:
    """The people other than the borrower a sum may be handed to or come from (head_fee.kin_parties:
    facts.yaml's own party lists, less the words that name the borrower's side by 我/你 or the address
    book; and head_fee.kin_words, the bare kinship words a party list spells with 我: 妈 of 给了我妈)."""
    words: list[str] = []
    for party in _words(hf.get("kin_parties"), "head_fee.kin_parties"):
        if party not in PARTIES:
            raise LexiconError(f"{FACTS_FILE.name}: head_fee.kin_parties: unknown party {party!r}")
        words += [w for w in _words((data.get("parties") or {}).get(party), f"parties.{party}") if not w.startswith(("我", "你"))]
    return list(dict.fromkeys(words + _words(hf.get("kin_words"), "head_fee.kin_words")))


def _amounts_end_rx(kin: str) -> re.Pattern[str]:
    """What ends the gap after an amount keyword: a repayment, interest, a fee, a deduction, a total
    (下款后平台收取了2000元的服务费: a word of taking, as 扣, makes the amount after it the sum taken)
    (到账后转了8000元给我妈, 到手后取了8000元: the borrower's own use of the money, 转了/取出/花了, ends it too)."""
    return rxcache.compile("还(?!是)|[应要需共总]还是|息|费|扣|少|相差|差了|差额|欠|总计|共计|一共|合计|总共|加起来|加上|收取|被收|划走|转走|拿走|抽走|截留|克扣"
                           "|(?<![只才仅给周运流倒])转了(?!过来|我)|转出|转给(?!我)|取出|取了|花了|花掉"
                           f"|给了?我的?(?:{kin})")  # (到账后给了我妈5000: handed on to the borrower's family)


def _not_taken_after_rx(hf: dict[str, Any]) -> re.Pattern[str]:
    """Right after a fee and its amount: bought by the complainant or paid over time, not taken at payout."""
    return rxcache.compile(
        "(?:元|块钱?|块)?(?:的)?[^，,。！？；]{0,3}?(?:自愿|我自己|自己买|是我买|分[\\d一二两三四五六七八九十]+期|每月|每期|按月|按期"
        # (服务费3000元要分期还, 会员费600元是单独付的; 扣了3000元还款 / 3000元月供: an instalment
        # debited; 扣了600元的违约金: a late fee)
        "|分期|单独|另付|另外|另行|还款|月供|当期|本期|违约金|罚息|罚金|滞纳金|逾期费"
        # (服务费3000元逾期后一次性扣除 / 结清时扣除: taken when overdue or at settlement, not at payout)
        "|逾期(?:后|以后|之后|时|的时候)|结清(?:时|的时候)|提前还款(?:时|的时候)"
        # (扣了2000还信用卡 / 还之前的欠款 / 还了另一个网贷: taken to repay another debt, head_fee.other_debts; 扣了2000的
        # 年费: a card's yearly fee, not one of the loan; fee8)
        f"|还了?(?:{_listed(hf, 'head_fee', 'other_debts')}|{_listed(hf, 'head_fee', 'other_debt_names')})|年费)"
        # (服务费3000元，分12期收取 / ，每月收取: paid over time, told in the next clause)
        # (not another fee: 扣了担保费3000元，每月管理费200元)
        "|(?:元|块钱?|块)?[，,](?:但是?|是|要|需要|都是|并且|而且)?(?:分[\\d一二两三四五六七八九十]+期|分期|每月|每期|按月|按期)"
        "(?:来|进行)?(?:收取|收|还|支付|付|缴纳|交|扣)")


def _not_taken_before_rx(hf: dict[str, Any]) -> re.Pattern[str]:
    """Before a deduction: a debit of an instalment (自动扣款3000元: 自动 only before 扣款/划扣, FactExtractor._deduction;
    这个月扣了3000元), a fee paid apart (我另外交了600元), or money taken by a court or a freeze (被法院扣了2000: fee8)
    (head_fee.not_taken_before, head_fee.taken_by_others)."""
    words = _listed(hf, "head_fee", "not_taken_before") + "|" + _listed(hf, "head_fee", "taken_by_others")
    return rxcache.compile(f"(?:(?<![后时])自动$|{words})[^，,。！？；]{{0,3}}$")


def _near_rx(spec: dict[str, Any], where: str) -> re.Pattern[str]:
    """a-word, up to `window` characters of one clause, b-word."""
    a, b = _listed(spec, where, "a"), _listed(spec, where, "b")
    return rxcache.compile(f"(?P<a>{a})[^{re.escape(_BREAK)}]{{0,{int(spec.get('window', 6))}}}?(?P<b>{b})")


@functools.cache
def default() -> FactLexicon:
    """The project's fact lexicon, once per process (from an earlier run's compiled copy when there
    is one: lexicon.load_cached; this module's source and the normalising files are part of its key)."""
    inputs = (FACTS_FILE, Path(__file__).resolve(), lx.CONFUSABLES_FILE)
    return lx.load_cached("facts", inputs, load, FactLexicon)


# --- extraction ------------------------------------------------------------------------------

_BREAK_RX = rxcache.compile("[" + re.escape(_BREAK) + "]")
# \d{3,} | \d(?:\.\d+)?[万千wk] | [一二…拾][千万仟萬百佰], written to begin with one character class so that
# the regex engine skips to digits and numerals by itself (a leading alternation made it try a
# full match at every position: twice the time); the same matches, in the same order
_NAME_TO_LOAN = re.compile("(?:app|平台)?(?:上|里|中)?(?:的)?")  # between a lender's name and its loan word (功夫贷app上贷款6000)
_AMOUNTISH = rxcache.compile(r"[\d一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾](?:(?<=\d)(?:\d{2,}|(?:\.\d+)?[万千wk])|(?<!\d)[千万仟萬百佰])")
_THEN = r"(?:随后|然后|之后|接着|紧接着|马上|立马|立即|随即|当天|又|第二天|次日|隔天)"  # a deduction told as the next step
# compiled once (a pattern given as a string is looked up in re's cache on every call)
_THEN_RX = rxcache.compile(_THEN)
_SENT_RX = rxcache.compile("[。！？!?；;\n]")
_THREAT_IF = rxcache.compile("的话|就(?!是)|便")  # after 说我不还钱: the condition of a threat (…就告诉我家人)
# what ends the gap after an amount keyword: a repayment, interest, a fee, a deduction, a total
# (下款后平台收取了2000元的服务费: a word of taking, as 扣, makes the amount after it the sum taken)
# (到账后转了8000元给我妈, 到手后取了8000元: the borrower's own use of the money, 转了/取出/花了, ends it too)
FAR_WINDOW = 160  # characters between an explicit contract amount and an explicit received one
# (?<![\d.])\d{1,3}(?:[,，]\d{3})+(?![\d,，]), written to begin with the digit (then "no digit or
# point before it" as a lookbehind over it) so that the engine skips to digits by itself
_THOUSANDS = rxcache.compile(r"\d(?<![\d.]\d)\d{0,2}(?:[,，]\d{3})+(?![\d,，])")
_CN_AMOUNT = "[一二两三四五六七八九十百千万零壹贰叁肆伍陆柒捌玖拾佰仟萬]{1,12}"
# the characters an _AMOUNT can begin with (a digit or one of _CN_AMOUNT's numerals), and how far
# after a keyword an amount may begin (FactExtractor._amounts_after): where none of those
# characters occurs that close, the keyword mentions no amount and is not looked at further
_AMOUNT_START = rxcache.compile(r"[\d" + _CN_AMOUNT[1 : _CN_AMOUNT.index("]")] + "]")
AMOUNT_REACH = 12
_AMOUNT = rxcache.compile(r"(?<![\d'])(\d+(?:'\d{3})*(?:\.\d{1,2}(?![\d个期月天年]))?(?:[万千wk](?:\d(?:[千百十]\d?){0,2}(?![\d.]))?)?|" + _CN_AMOUNT + r")(?:多|余)?(?:元|块钱?|块)?")
# the contract named after its amount: 签订97000元合同, 签下实际借款29530元借款合同, 让我签10000的借条 (not
# 7000的借款合同9520: there the contract's own amount follows)
# (?<![\d'])(?P<n>\d+…, written to begin with the digit (the lookbehind over it) so that the engine
# skips to digits by itself (the same matches: tests/test_lexicon.py)
_CONTRACT_AFTER = _screened("", rxcache.compile(r"(?P<n>\d(?<![\d']\d)\d*(?:'\d{3})*(?:\.\d{1,2})?(?:[万千wk])?)(?:元钱?|块钱?)?(?:签的|签订的|签署的|签了|签订|签署|签)?(?:的)?(?:借款)?(?:合同|借条|借据)"
                             r"(?!(?:上|里)?(?:是|为|写的?|写着|金额|显示|:|：)?\d)"))
# the same in words, a unit in the amount (签了一万的合同, 拿到八千元却签了一万元的合同; 一份合同 is none)
_CONTRACT_AFTER_CN = _screened("", rxcache.compile(r"(?<![一二两三四五六七八九十百千万零])(?P<n>[一二两三四五六七八九十]{1,2}[百千万][一二两三四五六七八九十百千万零]{0,6})"
                                r"(?:元钱?|块钱?)?(?:签的|签订的|签署的|签了|签订|签署|签)?(?:的)?(?:借款)?(?:合同|借条|借据)"
                                r"(?!(?:上|里)?(?:是|为|写的?|写着|金额|显示|:|：)?[\d一二两三四五六七八九])"))
# (两万的借款 too: an amount in words)
_BORROWED_BEFORE = _screened("", rxcache.compile(r"(?<![\d'还])(?<!还款)(?P<n>\d+(?:'\d{3})*(?:\.\d{1,2})?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})(?:元钱?|块钱?)?的?(?:借款|贷款)"))
# (7000元到了我的卡上, 7000元打到了我的银行卡, 7000到卡: the card or account reached)
_RECEIVED_BEFORE = _screened("", rxcache.compile(r"(?<![\d'])(\d+(?:'\d{3})*(?:\.\d+)?(?:[万千wk])?|[一二两三四五六七八九十百千万]{1,9})(?:元钱?|块钱?)?[（(]?"
                                            r"(?:到账|到帐|到手|入账|到卡|(?:打|转)?到了?我?的?(?:银行卡|卡上|卡里|账户|账上|账号))"))


# the lender's transfer told with its amount before 给我, the borrower's account after or the clause ending (银行转账8000元给我,
# 汇了8000元给我的银行卡; not 转了8000元给我妈: a party after 给我)
# (转了7000元过来, 只汇了7000元进来: the lender's transfer, coming to the borrower)
_SENT_TO_ME = rxcache.compile(r"(?:转账|转了|汇了|汇款|打款|放款|放了|打了)(?P<n>\d+(?:'\d{3})*(?:\.\d+)?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})(?:元钱?|块钱?)?"
                         r"(?:(?:给我|给了我)(?=的?(?:银行卡|卡|账户|支付宝|微信)|[，,。！？；\n]|$)|(?:过来|进来)(?=[，,。！？；\n]|$))")
# between the money's arrival (钱到了, 钱下来了) and its amount: a look, an only word (钱到了一看只有6000元, 等钱下来了只有7000)
_MONEY_CAME_GAP = rxcache.compile(r"(?:[，,])?(?:我的?(?:手上|手里|手中|卡上|卡里|银行卡上?|银行卡里|账户上?|账户里|账上)(?:的)?|后|以后|之后)?(?:我)?(?:一看|一查|看了一下|看了下|查了一下|查了下|发现)?(?:却|也|竟然|居然)?"
                                  r"(?:就只有|只有|只剩下|只剩|仅有|仅剩|才有|仅仅|才|只|仅|是|就是)?")
# before a bare word of signing (签的是7000) or right after its amount (签了7000的还款协议): a repayment plan or a
# settlement signed, not the loan's contract
_SIGNED_NOT = rxcache.compile("(?:元|块钱?)?(?:的)?(?:还款|分期|协商|减免|展期|延期|和解|结清|调解|催收)|[还欠]|协商|逾期|分期|减免|展期|结清|催收|和解|调解")
_OWN_SENDER = rxcache.compile("我|本人")  # right before a transfer: the complainant sending
# ... and, ending the clause before a received word of moving money (我打进来4000元还款, 我自己转了3000元还款),
# the complainant paying in, not what the loan paid out (adverbs allowed between: no window of 2 as above)
_SELF_SENT = rxcache.compile("(?:我|本人|自己)(?:又|再|也|先|已|已经)?$")
# before an amount that reached a card (我把2500元打到我卡上): the complainant moving their own money; after it, a repayment
_SELF_MOVED = rxcache.compile("(?:我|本人|自己)[^，,。！？；;]{0,3}?(?:把|将)$")
_TO_REPAY = rxcache.compile("[^，,。！？；;]{0,4}?(?:还款|还钱|还贷|还账|还上|准备还|用来还|用于还)")
_PAID_IN_BEFORE = rxcache.compile("还|每|工资|收入|存|充")  # just before an amount that reached a card or account
# a conditional that only says how a rate is reckoned: 如果按实际到账金额计算(的话)
# 按APR计算 / 按照IRR来算 / 按实际到账金额计算: a 按 naming the way a rate is reckoned (no number, no word of
# the law inside) is the complainant's reckoning, not 按24%的年化 (the law's rate reckoned by)
_BY_METHOD = rxcache.compile(r"按照?(?![^。！？!?；;，,\n]{0,10}?(?:国家|法律|法定|规定|红线|上限|保护|标准|最高|允许))"
                             r"[^\d%％。！？!?；;，,\n零一二两三四五六七八九十百千万按]{1,10}?(?:计算|核算|来算|折算|算)(?:的话|下来|出来)?")


def _by_rate(text: str) -> bool:
    """Does `text` hold a 按 that reckons by a rate (按24%的年化计算), not by a method (按APR计算)?"""
    return "按" in _BY_METHOD.sub("", text)


_RECKONING = rxcache.compile(r"(?:如果|若是|若|假如|要是)(?:是|都|全|单|只)?(?:按照|按|以|用|依照|根据)[^。！？!?；;\n]{0,20}?(?:计算|核算|来算|折算|算)(?:的话|下来|出来)?")
_IF_OR_FEAR = rxcache.compile("如果|假如|要是|万一|若|怕|担心|害怕|恐怕")
_COUNT_NEXT = rxcache.compile("次(?!日)|通(?![过知])|条(?!件)|遍")  # after an amount: a count of calls or texts
_DIFF_WORDS = ("多出", "多写", "虚高", "虚增", "高出", "多了", "多算", "比")


def _any_rx(words: Sequence[str]) -> re.Pattern[str]:
    """A regex that finds something exactly where `any(w in s for w in words)` is true (an empty
    word is in every text; no words, never)."""
    return rxcache.compile(lx.words_pattern(tuple(words))) if words else re.compile(r"(?!x)x")


_DIFF_WORDS_RX = _any_rx(_DIFF_WORDS)
# the principal repayments or interest are reckoned on: 按8000元本金还款, 按照35556元计息, 按2800本金算利息
# (not 按照实际到账金额5000计算: what arrived is no contract)
# (却按6650还款 / 按6650算: but not 每月按1000还, an instalment)
# (按一万还款: an amount in words too)
# (以6650元作为本金计息 / 以6650元为本金: the principal named so)
_CONTRACT_BY = rxcache.compile(r"(?<!每月)(?<!每期)(?<!每个月)(?:按(?:照)?|以(?=[\d一二两三四五六七八九][^，,。！？；]{0,10}?(?:作为|当作|当成|为)(?:借款)?本金))(?:合同)?(?:上的?)?(?P<n>\d+(?:'\d{3})*(?:\.\d{1,2})?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})(?:元钱?|块钱?)?(?:的)?"
                          r"(?:给我|跟我|向我|对我|帮我)?(?:(?:作为|当作|当成|为)(?:借款)?本金|借款本金|本金|借款|来?计息|来?计算利息|算利息|收取?利息|来?还款|来?还本金|来?计算|来?算(?![法术]))")
# the principal the lender asks back, named after its amount: 却要还10000元的本金 / 让我还10000的借款本金 (not what was
# repaid, 还了5000的本金, nor an instalment's, 每月还1000元本金)
_CONTRACT_OWED = rxcache.compile(r"(?<![每月期])(?:却要|要|让我|要我|叫我|逼我|需要|需|得|必须)(?:再)?还(?P<n>\d+(?:'\d{3})*(?:\.\d{1,2})?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})"
                            r"(?:元钱?|块钱?)?(?:的)?(?:借款|贷款)?本金")
# the contract's excess over the loan: 多出5778元 / 多写了1330 / 虚高了3000
# (合同本金比实际借款多660元: a comparison, the excess after 多)
_DIFF = rxcache.compile(r"(?:多出|多写|虚高|虚增|高出|多了|多算|比[^，,。！？；\d]{1,8}?多)(?:来)?(?:了)?(?:的)?(?P<n>\d+(?:\.\d{1,2})?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})(?:多|余)?(?:元钱?|块钱?)?(?![\d%％期个月天号日年])")
# the number of loans before their list: 借了两次，/ 借款三笔：
_REPAID_BEFORE = rxcache.compile("还|息|费|每|共计|总计|合计|一共|总共|总额")  # before an amount: what is repaid
_RATE_RANGE = rxcache.compile(r"[-~～—–至到](?:\d+(?:\.\d+)?)[%％]")  # 7.2%-24%: the upper end of a rate's range
# right after a 24 or 36: the number named as the law's line (是红线, 是国家规定的上限, 为法定上限)
_LAW_NAMED_AFTER = rxcache.compile("(?:是|为|乃|属于|就是)[^，,。！？；]{0,8}?(?:红线|上限|底线|最高限|法定|国家规定|法律规定|司法保护)")
_BRACKET_OPEN = rxcache.compile(r"[（(](?:已经|已|被|其中)?")  # between an amount and a deduction: an aside opened
_FEE_AFTER_RATE = rxcache.compile(r"(?:的)?[^，,。！？；\d%％]{0,3}?(?:费|砍头息)")  # right after a percentage: a fee's share
_BARE_RATE_LINK = rxcache.compile("(?:为|是|高达|达到了|达到|达|竟然是|居然是|竟然高达|竟高达|竟达|有|竟然有|居然有)$")  # a gap giving a rate
_APR_FEE_CLAUSE = rxcache.compile("费|砍头息|头息")  # a fee named in the clause of a rate after a comma
_APR_FEE_IN = rxcache.compile("加|算|计入|包含|包括|含|连同|连带|一起|综合")  # the fee counted into the rate (加上服务费，高达48%)
_APR_ASIDE_NOT = rxcache.compile("率|月|日|天|周|期|逾期|罚|违约|[？?]")  # another rate or period in a long aside
_NOT_BEFORE = rxcache.compile("不是|并非|并不是")
# the end of a longer gap between a year word and a rate in Chinese numerals, the word that gives the rate
_CN_RATE_LINK = rxcache.compile("(?:高达|达到了|达到|达|为|是|有|超过了|超过|超|接近|将近|近|约|约为|大约|大概|差不多)$")
# after such a rate: a count of something (有三十多条, 三十多次), no rate
# calls_per_day: the clause right before a bare count ends with the calls it counts (催收每天打电话，一天至少30个), no text message
# or other thing named after them
_CALLS_CLAUSE_BEFORE = rxcache.compile(f"(?:打电话|电话|来电)(?:骚扰|轰炸|催收|催款|催债)?(?:我)?[，,]$")
_CN_COUNT_AFTER = rxcache.compile("(?:多|余|来|左右|几)?[条次个天期元块万千年月号日人家笔页遍份]")
# the complainant's offer right before a rate (我只认可年化24%的利息, 愿意承担24%的年化利息): no rate the loan has;
# not a refusal (不能接受年化48%的利率 states it)
_APR_ACCEPTED = rxcache.compile("(?:认可|接受|同意|愿意(?:支付|承担|偿还|还|付)?|承担|只还|只付|只支付)(?:按照?|以)?(?:的)?$")
_APR_REFUSED = rxcache.compile("不|无法|难以|没法|拒绝")
# between a received word and its amount: the amount denied (到账并没有5000元); before the word, the amount supposed
# (我以为到账是5000元, 本来应该到账5000元); the amount that did arrive follows in the next clause (_BUT_AMOUNT_NEXT)
_NOT_HAD = rxcache.compile("没有|并没有|没")
_SUPPOSED = rxcache.compile("以为|应该|本来|本应|原本|理应|应当")
_BUT_AMOUNT_NEXT = rxcache.compile(r"(?:元钱?|块钱?)?[，,](?:但是?|可是?|结果|最后|实际上?|而|却)?(?:却|也|竟然|居然)?(?:只有|仅有|才有|只剩|只|仅|才|是)"
                                   r"(?P<n>\d+(?:\.\d{1,2})?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})(?:元钱?|块钱?)?")
_BUT_AMOUNT = rxcache.compile(r"(?:元钱?|块钱?)?[，,]?(?:而是|却是|实际是|实际上是|是|只有|仅有|才有|而只有|只)(?P<n>\d+(?:\.\d{1,2})?(?:[万千wk])?|[一二两三四五六七八九十百千万]{2,9})(?:元钱?|块钱?)?")
# in the clause before a deduction: the month or the period of an instalment (这个月从我卡里扣了1200元, 第一期就扣了1200元)
_INSTALMENT_WHEN = rxcache.compile(r"这个月|本月|上个月|当月|每个月|第[一二三四五六七八九十\d]{1,2}期|扣款日|还款日")
# right before a deduction: what was over-charged given back (退回了多收的800元服务费, 退还我多扣的), or a charge taken when
# the loan was settled (提前结清时多收了1000元): neither is taken when the loan was paid out
_REFUND_OR_SETTLED = rxcache.compile("(?:退回|退还|返还|退给|退)(?:了)?(?:我)?(?:的)?多$|(?:结清|提前还款|提前还清)(?:的)?(?:时|时候)[^，,。！？；]{0,3}$")
# right before a deduction: it denied (并没有扣除2000元, 到账没有比合同少) or supposed (如果到账时扣了2000)
_DEDUCT_DENIED = rxcache.compile("(?:没有|没|并未|未|从未|从没|不曾)(?:有)?(?:被)?(?:直接|额外|另外|私自|多)?$")
# beside 24% or 36% before its year word: the law's ceiling (法律允许的最高是36%的年化利率, 36%的年化利率是上限)
# right after a fee and its amount: bought by the complainant or paid over time, not taken at payout
_RELEASED_AMOUNT = rxcache.compile("(?:放款|下款|打款)(?:金额|额)")  # the loan paid out, named as an amount
# between a loan paid out and the arrival word of the next clause (下款3000，到账2100 / 放款5000元，结果到账3500元)
_ARRIVED_NEXT = rxcache.compile("(?:元钱?|块钱?)?[，,](?:但是?|可是?|结果|最后|却|可)?(?=到账|到帐|入账|到卡)")
_ARRIVED_AMOUNT = rxcache.compile("(?:到账|到帐|到手|入账|到卡)(?:的)?金额")  # what arrived, named as an amount
_NAMES_GROSS = rxcache.compile("[与和跟比](?:合同|借款|申请|审批|协议|批款)")  # a shortfall told against the gross amount
_LAW_ISH = rxcache.compile("允许|最高|上限|法律|司法|法院|不得|不能|应该|应当|不可以")
_DEDUCT_IF = rxcache.compile("(?:如果|假如|假设|要是|万一|若是|倘若)(?!不是|没有|不|早知道|知道|当初|当时)")  # (如果不是砍头息: a counterfactual presupposes it)
# before a shortfall (到账少了2000, 比合同少了2000): it is of something else, not of the loan paid out
# (工资到账少了, 这个月扣款比合同少了, 额度比申请的少了, 审批下来比申请的少了, 减免后比合同少了)
_SHORT_NOT = rxcache.compile("工资|收入|还款|扣款|还了|每|这个月|本月|上个月|额度|审批|批下来|批了|只批|减免|协商|结清|上次|之前|以前")
# before 卡里多了 / 账户里只多了: money that reached the card is not the loan (工资到了卡里多了7000, 退款后)
_GAINED_NOT = rxcache.compile("工资|薪水|收入|奖金|报销|退款|退回|退还|返还|返现|红包|还款|还了|存了|存入|充值|转给我")
_SPENT_AFTER = rxcache.compile("(?:上)?(?:使用|用了|用掉|用去|只用了|花了|花掉|花费|消费|支付|付了|还了|还款|偿还"
                                "|交了|交纳|缴纳|缴了|上交|支出|付出|付给|转给|打给|交付给|还给)")  # (实际缴纳了7000元, 我实际交付给他们7000元)  # right after a bare 实际
_WAGES = rxcache.compile("(?:的)?(?:工资|薪水|薪资|收入|奖金|报销款|退款)")  # beside a received word: money that is not the loan
_TAKEN = rxcache.compile("[扣砍划转]|收取|收了|拿走|少")  # a word of taking in a deduction
_PAID_APART = rxcache.compile("另外|另行|单独|额外|支付|缴纳|交了|交纳|付了")  # a fee paid, not taken
_OTHER_LOAN = rxcache.compile("借|贷|笔|次|又|再")  # another loan told between two amounts
_TIMES_AFTER = rxcache.compile(r"的?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十几]+(?:点[一二三四五六七八九])?)多?倍")  # after a rate: 的两倍
_CHARGE_AFTER = rxcache.compile("(?:元钱?|块钱?)?的(?:利息|息费|罚息|违约金|滞纳金|逾期费)")  # after a received amount: a charge paid, no money in
# a loan told by its turn (第二次5000只到了3500): its own words, up to the next turn or the sentence's end, tell what arrived
_TURN_ARRIVED = re.compile(r"[^第。！？!?；;\n]{0,30}?(?:到|给|放了|下了|打了|拿|收到|扣)")
_NO_CASH_AFTER = rxcache.compile("(?:元|块钱?)?的?(?:[^，,。！？；\\d]{0,4}?(?:券|红包|积分|优惠|礼包)|还款计划|还款方案|分期方案|方案|协议|减免)")
_LIMIT_AFTER = rxcache.compile("(?:的)?(?:信用|借款|贷款|可用|可借)?(?:额度|授信)")  # after an amount: a credit limit, not money
_TOTAL_GAP = rxcache.compile("(?:共计|合计|总计|一共|总共)(?:为|是|有)?[：:]?")  # right after a loan word: its total
_TAKEN_OFF = rxcache.compile("(?:扣掉|扣完|扣除|减去|减掉|去掉|除去|除掉|刨去|刨除|砍掉)(?:了)?$")  # right before a fee and its amount (除去服务费1650元)
_ONLY_ACTUAL = rxcache.compile("实际|实到|实收|实得|只|才|仅|到手")  # what arrived said to be all that did
_ASIDE = rxcache.compile(r"[（(][^（()）]{0,12}[）)]")  # a bracketed aside: （含服务费）
# right after a keyword, a bracketed aside of any length says how the amount came about (实际到账（扣除了
# 所谓的会员费、保险费等乱七八糟的费用后）只有7000元): the amount follows it
_LEAD_ASIDE = rxcache.compile(r"(?:的)?(?:借款|贷款|到账|合同)?(?:金额|本金|钱|款)?[（(][^（()）\n]{0,40}[）)]")
# what arrived told in the next clause, as all there was (实际到账的钱，只有区区7000元 / 到账的时候我一看，只有
# 7000元): an "only" word opens the clause, the amount right after it
# right after a field's name (a 金额/本金 or a colon: not 贷 ending a title), its value on the next line
_LABEL_NEWLINE = rxcache.compile(r"(?:的)?(?:金额|本金)?[：:]?\n(?=[\d一二两三四五六七八九])")
_BRACKETED_AMOUNT = rxcache.compile(r"(?:的)?(?:金额|本金)?[:：]?[（(](?:人民币)?(\d[\d'.]*(?:[万千wk])?(?:元|块钱?|块)?)[）)]")  # 到账金额（7000元）
_ONLY_NEXT = rxcache.compile(r"[，,](?:但是?|可是?|结果|最后)?(?:我)?(?:一看|一查|看了一下|看了下|查了一下|查了下)?(?:却|也|竟然|居然)?(?:就只有|只有|只剩下|只剩|仅有|仅剩|才有|仅仅|才|只|仅)"
                        r"(?:区区|可怜的|少得可怜的|可怜)?(?=[\d一二两三四五六七八九])")
# between a received word and the next clause: only a look at the account (到账一看，1万7 / 到账后我查了一下，5600元)
_LOOKED = re.compile(r"(?:了|后|以后|之后)?(?:我)?(?:一看|一查|看了一下|看了下|查了一下|查了下|一瞧|打开一看|查看了一下)")
_LOOKED_NEXT = re.compile(r"[，,](?:是|就是|发现是|发现|居然是|竟然是|居然|竟然|才|只有|只)?(?=[\d一二两三四五六七八九])")
_NOT_ARRIVED_AFTER = rxcache.compile("(?:的)?(?:额度|利息|息|费|本金|还|欠|逾期)")  # (只有7000元的额度: something else)
_BALANCE_BEFORE = rxcache.compile("(?:[还剩]|剩余|剩下|余下|未还|尚欠)$")  # just before a borrowed-amount word
# (比: as posts mistype 笔, 借款二比，一比二万)
_LOAN_COUNT = rxcache.compile(r"(?:[两二三四五六2-6]|几)(?:笔|次|比)(?:借款|贷款)?(?:分别是|分别为|分别)?[：:，,]?")
# the next amount of a list: 、8000 / 和8000元 (after 分别 or a count, also ，8000)
_LIST_ITEM = r"(?P<n>\d+(?:'\d{3})*(?:\.\d{1,2})?(?:[万千wk])?)(?:多|余)?(?:元|块钱?|块)?(?![\d.%％期个月天号日年息费])"
_LIST_NEXT = rxcache.compile(r"(?:元|块钱?|块)?(?:[、/]|和|及|与|跟)" + _LIST_ITEM)
_LIST_NEXT_COMMA = rxcache.compile(r"(?:元|块钱?|块)?(?:[、/，,]|和|及|与|跟)" + _LIST_ITEM)


def _between(rx: re.Pattern[str], s: str, lo: int, hi: int) -> bool:
    """Does rx match starting in s[lo:hi]? Its lookaheads may read on past hi (还扣了: 还 is "also"
    before the taking word, head_fee.not_between_unless; cut at hi, it read as a repayment)."""
    return any(m.start() < hi for m in rx.finditer(s, lo, min(len(s), hi + 3)))


class FactExtractor:
    """Finds the facts of one text, reusing a Tagger's normaliser and scope checks."""

    def __init__(self, tagger: "Tagger", lexicon: FactLexicon | None = None) -> None:
        self.tagger = tagger
        self.flex = lexicon or default()
        self.version = self.flex.version
        self._party_rx = rxcache.compile(self.flex.party_rx)
        # "does any of these words occur": one C-level search instead of a loop of `in` tests
        self._added_words_rx = _any_rx(self.flex.words["hf_added_words"])
        self._lending_rx = _any_rx(self.flex.words["lending_words"])
        # lender names holding digits (360借条, 融360): no amount of money (FactExtractor._head_fee masks their digits)
        digit_aliases = [a for a in tagger.lex.alias_to_lender if any(c.isdigit() for c in a)]
        self._digit_alias_rx = _any_rx(digit_aliases) if digit_aliases else None
        # lender names holding a word of borrowing (微粒贷, 功夫贷, 360借条): its 贷 or 借 is no loan word where the loan's own
        # word follows the name (微粒贷借款6000: the head fee's evidence starts at 借款, not inside the name)
        loan_aliases = [a for a in tagger.lex.alias_to_lender if ("贷" in a or "借" in a) and a not in ("贷", "借")]
        self._loan_alias_rx = _any_rx(loan_aliases) if loan_aliases else None
        # (fact, its gate or None, its finder), built once: this loop runs for every post
        self._needs, self._needs_auto = _needs(self.flex.rx, _WHOLE_TEXT_KEYS)
        words = dict(self._needs_auto.items()) if self._needs_auto is not None else {}
        # (the same words over the text reduced to their own characters: ~30% fewer instructions)
        self._needs_reduced = lx.ReducedAutomaton(words) if words and lx.ReducedAutomaton.usable(words) else None
        self._present: set[int] | None = None  # the post's needed words (see _may), set per post by extract_many
        self._finders = [(fact, self.flex.rx.get(f"gate:{fact}"), finder) for fact, finder in (
            ("contacted", self._contacted), ("debt_disclosed", self._debt_disclosed),
            ("night_contact", self._night), ("calls_per_day", self._calls_per_day),
            ("impersonation", self._impersonation), ("forged_document", self._forged),
            ("visit", self._visit), ("violence", self._violence), ("image_abuse", self._image_abuse),
            ("stated_apr", self._apr), ("head_fee", self._head_fee),
        )]

    # -- public --------------------------------------------------------------------------

    def extract(self, text: str, target: str = "") -> dict[str, list[dict[str, Any]]]:
        """Facts of a stored text (title + "\\n" + body), with evidence offsets into it."""
        return self.tagger.tag_text(text, target=target).facts

    def extract_normalised(self, n: Normalised, ac: str, has_lender: bool,
                           scope: "_Scope | None" = None) -> dict[str, list[dict[str, Any]]]:
        """Facts of a normalised text; `scope` is the tagger's for this text when it has one."""
        return self.extract_many([(n, ac, has_lender, scope)])[0]

    def extract_many(self, posts: Sequence[tuple[Normalised, str, bool, "_Scope | None"]]
                     ) -> list[dict[str, list[dict[str, Any]]]]:
        """extract_normalised of each (n, ac, has_lender, scope), one fact finder at a time over
        all posts: each finder's regexes stay in the CPU caches (see Tagger.tag_texts). Every
        post still meets the finders in their order, and no finder reads another post's state."""
        todo: list[tuple[int, Normalised, Any]] = []  # the posts about lending or debt
        for i, (n, ac, has_lender, scope) in enumerate(posts):
            s = n.text
            if not s or (not has_lender and not self.tagger.lex.about_lending(s) and not self._lending_rx.search(s)):
                continue  # nothing about lending or debt: as for themes, no facts (facts.yaml lending_words)
            todo.append((i, n, scope if scope is not None else self.tagger.scope_of(n, ac)))
        found: list[dict[str, list[tuple[int, int, dict[str, Any]]]]] = [{} for _ in posts]
        # which of the words the whole-text patterns need each post holds: one automaton pass
        # instead of a regex scan per pattern (most posts hold no match of most of them)
        auto = self._needs_auto
        if self._needs_reduced is not None:  # (the same sets, found faster)
            present: list[set[int] | None] = [set(map(_VALUE, self._needs_reduced.iter(n.text))) for _i, n, _scope in todo]
        else:
            present = [set(map(_VALUE, auto.iter(n.text))) if auto is not None else None for _i, n, _scope in todo]
        for fact, gate, finder in self._finders:
            for (i, n, scope), words in zip(todo, present):
                if gate is not None and not gate.search(n.text):
                    continue  # none of the words this fact's sentences need
                self._present = words
                hits = finder(n.text, scope)
                if hits:
                    found[i][fact] = hits
        self._present = None
        out: list[dict[str, list[dict[str, Any]]]] = [{} for _ in posts]
        for i, n, _scope in todo:
            out[i] = self._evidence(n, found[i])
        return out

    def _may(self, key: str) -> bool:
        """Can rx[key] match anywhere in the current post? False only when the post lacks every
        word of one of the sets each match contains (lexicon.required_words): then a scan of
        the whole text finds nothing, and it is not run."""
        present = self._present
        if present is not None:
            for need in self._needs.get(key, ()):
                if need.isdisjoint(present):
                    return False
        return True

    def _evidence(self, n: Normalised, found: dict[str, list[tuple[int, int, dict[str, Any]]]]
                  ) -> dict[str, list[dict[str, Any]]]:
        """The facts of one post as evidence: spans in the stored text, duplicates dropped."""
        if "contacted" in found:
            found["contacted"] = self._family_convention(found["contacted"])
        out: dict[str, list[dict[str, Any]]] = {}
        for fact, hits in found.items():
            if fact not in ("stated_apr", "head_fee"):  # those two come in order of preference
                hits.sort(key=lambda h: h[0])
            evs: list[dict[str, Any]] = []
            seen: set[tuple[Any, ...]] = set()
            for a, b, value in hits:
                key = (a, b, tuple(sorted(value.items())))
                if key in seen:
                    continue
                seen.add(key)
                start, end = n.span(a, b)
                evs.append({**value, "start": start, "end": end, "text": n.original[start:end]})
            out[fact] = evs if fact == "contacted" else evs[:MAX_EVIDENCE]
        return out

    # -- helpers -------------------------------------------------------------------------

    def _ok(self, scope: "_Scope", a: int, b: int, neg_at: int = -1) -> bool:
        # advice to readers drops a fact in its own clause only: a post written as one run-on
        # sentence with 希望大家不要借 at its end still reports what the collectors did; a
        # counterfactual (如果不是催收天天骚扰我家人，…) presupposes what it names
        return self.tagger.reports(scope, a, b, neg_at, advice="clause", counterfactual=True)

    def _clause_before(self, s: str, at: int, reach: int) -> str:
        """Up to `reach` characters before `at`, within the clause (、 does not end it)."""
        lo = max(0, at - reach)
        head = s[lo:at]
        cut = max(head.rfind(c) for c in _BREAK)
        return head[cut + 1 :]

    @staticmethod
    def _sentence_before(s: str, at: int, reach: int) -> str:
        """Up to `reach` characters before `at`, within the sentence (commas do not end it)."""
        head = s[max(0, at - reach) : at]
        return head[max(head.rfind(c) for c in _SENT) + 1 :]

    def _own(self, s: str, at: int) -> bool:
        """Is the verb at `at` the complainant's own (我打电话给家人)?"""
        return bool(self.flex.rx["own"].search(s[max(0, at - 4) : at]))

    def _to_borrower(self, s: str, at: int) -> bool:
        """Is what was sent at `at` (after 发给 / 发到) sent to the borrower alone: 我 or 本人 next, no party
        (发给我同事, 发到我妈手机上) nor a group (发到了我家的家族群) after it?"""
        rest = s[at : at + 12]
        return (re.match("了?(?:我|本人)", rest) is not None
                and not re.match(f"了?(?:我|本人)?的?{self.flex.party_rx}", rest) and "群" not in rest[:10])

    def _threatened(self, s: str, at: int) -> bool:
        reach = int(self.flex.words["threat_window"][0])
        before = self._clause_before(s, at, reach)
        for m in self.flex.rx["threat"].finditer(before):
            if m.group(0) == "将" and m.end() == len(before) and self.flex.rx["disposal"].match(s, at):
                continue  # 将P图发给…: the object is the span itself, 将 is 把
            if m.group(0) in ("威胁", "恐吓") and before.startswith("并", m.end()):
                continue  # 威胁并群发辱骂短信: threatened and did, the second verb done
            return True
        return False

    # -- contacted -----------------------------------------------------------------------

    def _contacted(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        if not any(w in s for w in ("通讯录", "联系人", "圈")) and not self._party_rx.search(s):
            return []
        out: list[tuple[int, int, dict[str, Any]]] = []
        threat_verbs = ("威胁", "恐吓", "辱骂", "骂", "侮辱", "爆骂")
        passive = "被" in s  # party_by needs it: most posts have none, skip the scan
        circles = self.flex.data.get("circles") or {}
        for kind in _CONTACTED_KEYS:
            if kind == "party_by" and not passive or kind == "circle" and "圈" not in s or not self._may(kind):
                continue
            for m in rx[kind].finditer(s):
                a, b = m.span()
                verb_at = m.start("verb")
                party_first = kind in ("party_received", "party_by", "contacts_dialled")
                if kind in ("verb_party", "phone_party", "circle") and self._own(s, verb_at):
                    continue
                if kind == "object_party" and self._own(s, verb_at):
                    continue
                if kind == "verb_party" and rx["not_contact"].search(m.group("gap") or ""):
                    continue
                if rx["not_contact"].search(s[max(0, a - 3) : a]) and m.group("party") in ("通讯录", "联系人"):
                    continue  # 盗取通讯录: the app reading it is not contacting anyone
                if not self._ok(scope, a, b, neg_at=m.start("party") if not party_first else -1):
                    continue
                mode = "did"
                verb = m.group("verb")
                gap = m.groupdict().get("gap") or ""
                if kind == "verb_party" and (rx["threat_then_verb"].search(verb + gap) or rx["cue_then_verb"].search(gap)):
                    mode = "threatened"  # 威胁爆我通讯录, 恐吓威胁联系通讯录里的人: the threat is the contact
                elif kind == "contacts_dialled" and re.search("说|称|要|会|将", self._clause_before(s, a, 8)):
                    mode = "threatened"
                elif kind != "party_received" and verb not in threat_verbs and self._threatened(s, verb_at if not party_first else a):
                    mode = "threatened"
                elif kind == "object_party" and self._threatened(s, m.start("act")):
                    mode = "threatened"
                if kind == "circle":
                    out += [(a, b, {"party": str(p), "mode": mode, "_word": m.group("party")}) for p in circles.get(m.group("party"), ())]
                    continue
                for party, word in self._parties_from(s, m.start("party"), m.end("party")):
                    out.append((a, b, {"party": party, "mode": mode, "_word": word}))
        return out

    def _parties_from(self, s: str, start: int, end: int) -> list[tuple[str, str]]:
        """(party, word) for the party at [start, end) and those listed right after it (家人及同事)."""
        party_of = self.flex.party_of
        word = s[start:end]
        out = [(p, word) for p in party_of.get(word, ())]
        rx = self.flex.rx["party_list"]
        pos = end
        while True:
            m = rx.match(s, pos)
            if not m:
                break
            out += [(p, m.group("party")) for p in party_of.get(m.group("party"), ())]
            pos = m.end()
        return out

    def _family_convention(self, hits: list[tuple[int, int, dict[str, Any]]]) -> list[tuple[int, int, dict[str, Any]]]:
        """家人 is `relatives` unless the post names a parent, the spouse or a child among the
        contacted (then 家人 is that member); one atom per party, `did` over `threatened`."""
        specific = set(self.flex.words["specific_family"])
        named = {h[2]["party"] for h in hits}
        general = set(self.flex.words["general_family"])
        out = []
        for a, b, v in hits:
            word = v.get("_word", "")
            if v["party"] == "relatives" and named & specific and (word in general or "家" in word):
                continue
            out.append((a, b, {"party": v["party"], "mode": v["mode"]}))
        return out

    # -- debt_disclosed --------------------------------------------------------------------

    def _debt_disclosed(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        out = []
        tells = "告知" in s or "告诉" in s or "透露" in s or "转告" in s  # (party_told.said, told_other.a)
        for key in _DISCLOSED_KEYS:
            if key in ("dd_told_other", "dd_party_told") and not tells or not self._may(key):
                continue  # (both need a word of telling: most posts have none, skip their scans)
            for m in rx[key].finditer(s):
                a, b = m.span()
                if ((key in ("dd_known", "dd_told_other") or "知道" in m.group(0))
                        and rx["dd_known_not_after"].search(self._clause_before(s, a, 8))):
                    continue  # 我不想让家人知道我欠钱, 我不想告诉别人我的欠款: a wish, not a disclosure
                if rx["dd_not_after"].search(s[max(0, a - 3) : a]) or (key not in ("dd_party_got", "dd_party_got_notice", "dd_learned") and self._own(s, a)):
                    continue  # (我家人接到电话: 我 owns the party there, it is no subject)
                if key == "dd_terms" and (rx["dd_term_not_followed"].match(s, b) or "吗" in s[b : b + 5]
                                          or rx["dd_term_not_preceded"].search(s[max(0, a - 4) : a])):
                    continue  # the complainant's own words: a question, an admission, a denial
                if key in ("dd_party_said", "dd_party_got", "dd_party_told", "dd_party_sent", "dd_party_quoted") and re.search(f"{self.flex.party_rx}(?:[^说称讲问]{{0,2}}(?:说|称|讲|问)(?:他们|她们|他|她)?|(?:也|就|都|还|又)?(?:告诉|告知))我", s[m.end("party") : b]):
                    continue  # 打给我妈，我妈说我欠的钱她来还 / 我妈问她我欠了多少: the party speaks, nobody was told
                if key in ("dd_party_said", "dd_party_told", "dd_party_sent", "dd_insult_to", "dd_party_asked", "dd_party_quoted") and re.search("(?:我|本人)(?:也|就|只好|只能|自己)?$", s[max(0, a - 4) : a]):
                    continue  # 我跟家人说我欠钱: the complainant told them
                if key == "dd_aloud" and re.match("当着(?:我|本人)(?:一个人)?的?面", s[a : a + 8]):
                    continue  # 当着我的面说我欠钱: said to the borrower alone
                if key == "dd_party_quoted" and re.search(f"{self.flex.party_rx}[^，,]{{0,2}}(?:说|称|讲|问|道)?[：:]", s[m.end("party") : b]):
                    continue  # 打给我妈，我妈说：你女儿欠的钱我来还: the party speaks, quoting no collector
                if key == "dd_party_asked" and re.search("(?:让|叫|要|要求|逼)(?:我|本人)$", s[max(0, a - 3) : a]):
                    continue  # 催收让我找朋友，让朋友帮我还: the borrower was told to ask them
                if key == "dd_broadcast" and m.group("a") != "群发" and self._to_borrower(s, m.end("a")):
                    continue  # 发给我侮辱短信, 发到我手机上: sent to the borrower, no one else (发给我同事 is a party)
                if key == "dd_moved" and self._to_borrower(s, b):
                    continue  # 把欠款账单发给我, 把逾期信息告诉我: the debt told to the borrower, no one else
                if key == "dd_spread_after" and m.group("b") != "群发" and self._to_borrower(s, m.end("b")):
                    continue  # 把P过的照片发到我手机上: sent to the borrower
                if (key == "dd_spread_after" or key == "dd_terms" and m.group(0).startswith("发到")) and re.search(
                        "(?:我|本人)(?:自己|也|就|只好|只能)?(?:把|将)", self._clause_before(s, a, 14)):
                    continue  # 让我把手持身份证照片发到APP上, 我把催收P的图发到了微博上: the complainant's own sending
                if key == "dd_in_public" and re.search("(?:我|本人)(?:自己|也|就|又|还)?在", self._clause_before(s, a, 10)):
                    continue  # 我自己在朋友圈留言说我欠钱会还: the complainant's own post
                if self._threatened(s, a):
                    continue  # a threat to expose is a threat, not a disclosure
                if key == "dd_said" and _THREAT_IF.match(s, b):
                    continue  # 催收说我不还钱就告诉我家人: the condition of a threat, no telling
                if self._ok(scope, a, b):
                    out.append((a, b, {}))
        return out

    # -- night_contact -----------------------------------------------------------------------

    def _night(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        out = []
        for m in rx["night"].finditer(s):
            a, b = m.span()
            ss, se = scope.sentence_start(a), scope.sentence_end(a)
            c = rx["night_contact"].search(s, ss, se)
            if not c:
                continue
            lo, hi = min(a, c.start()), max(b, c.end())
            if hi - lo > 30:
                lo, hi = a, b
            if self._ok(scope, a, b, neg_at=c.start() if c.start() > a else -1):
                out.append((lo, hi, {}))
        return out

    # -- calls_per_day ------------------------------------------------------------------------

    def _calls_per_day(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        out = []
        for m in self.flex.rx["per_day"].finditer(s):
            a, b = m.span()
            gap, tail = m.group("gap") or "", m.group("tail") or ""
            is_call = bool(m.group("what")) or "打" in gap or "拨" in gap or "电话" in gap
            before_calls = (not is_call and not tail and (b == len(s) or s[b] in _BREAK)
                            and _CALLS_CLAUSE_BEFORE.search(s, max(0, a - 16), a) is not None
                            and not re.match("(?:我|本人)", re.split(f"[{re.escape(_BREAK)}]", s[max(0, a - 16) : a - 1])[-1]))  # (我打电话，…: mine)
            is_call = is_call or before_calls  # 催收每天打电话，一天至少30个: the calls named in the clause just before, the count
            # ending its own (not 一天30多个号码 / 一天发30多个短信, fee8)
            if re.search("(我|本人)$", s[max(0, a - 2) : a]) or re.match("(我|本人)", gap):
                continue  # 我一天打了十个电话给客服: the complainant's calls
            if not is_call or "短信" in gap + tail or "条" in tail or "信息" in tail:
                continue
            if m.group("unit") == "次" and not ("打" in gap or "电话" in gap + tail or m.group("what") or before_calls):
                continue
            n = parse_number(m.group("n"))
            if n is None or n < 1 or n > 2000:
                continue
            # 两天打50多个电话: only a per-day span counts (the anchor is a one-day word)
            if re.search(r"[两二三四五六七八九十几\d]$", s[max(0, a - 1) : a]) and m.group("when") in ("天天",):
                continue
            if self._ok(scope, a, b):
                out.append((a, b, {"value": int(n)}))
        return out

    # -- impersonation, forged documents ------------------------------------------------------

    def _impersonation(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        out = []
        for m in self.flex.rx["impersonation"].finditer(s):
            a, b = m.span()
            word = m.group("body") or m.group("body2")
            body = self.flex.bodies.get(word)
            if body is None or self._own(s, a):
                continue
            if self._ok(scope, a, b):
                for bd in self.flex.party_of.get(word, (body,)) if word == "公检法" else (body,):
                    out.append((a, b, {"body": bd}))
        return out

    def _forged(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        out = []
        for key in ("forged_fake", "forged_sent"):
            for m in self.flex.rx[key].finditer(s):
                a, b = m.span()
                if self._own(s, a) or self._threatened(s, a):
                    continue
                if self._ok(scope, a, b):
                    out.append((a, b, {}))
        return out

    # -- visit, violence, image abuse ----------------------------------------------------------

    def _visit(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        out = []
        for m in rx["visit"].finditer(s):
            a, b = m.span()
            around = s[max(0, a - 2) : b + 4]
            if rx["visit_not"].search(around) or self._own(s, a) or re.search("打|电话|短信|信息", s[max(0, a - 2) : a]):
                continue  # 催收电话打到单位 is a call, not a visit
            if not self._ok(scope, a, b):
                continue
            after = s[b : b + 6]
            before = self._clause_before(s, a, 10)
            if rx["visit_did"].search(after) or rx["visit_did"].search(before[-4:]):
                mode = "did"
            elif self._threatened(s, a) or re.search(r"(说|称|扬言|威胁|恐吓|要|会|将|准备)", before):
                mode = "threatened"
            else:
                mode = "did"
            out.append((a, b, {"mode": mode, "where": self.flex.visit_where[m.group(0)]}))
        return out

    def _violence(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        out = []
        for key, mode in (("vio_did", "did"), ("vio_threat", "threatened")):
            for m in rx[key].finditer(s):
                a, b = m.span()
                if mode == "did" and self._own(s, a):
                    continue
                if self._ok(scope, a, b):
                    out.append((a, b, {"mode": mode}))
        return out

    def _image_abuse(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        out = []
        for key in ("img_terms", "img_spread", "img_spread_rev"):
            for m in rx[key].finditer(s):
                a, b = m.span()
                if rx["img_not"].search(s[max(0, a - 3) : b + 2]) or self._own(s, a):
                    continue
                if self._threatened(s, a):
                    continue  # a threat to P图 is a threat; the fact is pictures made or spread
                if self._ok(scope, a, b):
                    out.append((a, b, {}))
        return out

    # -- stated_apr -------------------------------------------------------------------------------

    def _apr(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        thresholds = {float(x) for x in self.flex.words["apr_thresholds"]}
        out = []
        year_rates = list(rx["apr"].finditer(s))  # (_apr_then goes on from the same matches)
        for m in year_rates:
            a, b = m.span()
            gap = m.group("gap") or ""
            if m.group("pm") or m.group("fen") or m.group("li2"):
                value = _rate_in_parts(m)
                if value is None or not 1 <= value <= 2000:
                    continue  # (年化万分之五: a daily rate under a year word, no yearly one)
            elif m.group("pct") or m.group("cn2"):
                cn = m.group("cn") or m.group("cn2")
                value = float(cn) if cn[0].isdigit() else _cn_decimal(cn)
                if value is None:
                    continue
                b2 = b + 1 if m.group("cn2") and s.startswith("几", b) else b  # (年利率三十几期: the count after 几)
                points = s.startswith(("个点", "个百分点"), b2)  # 年化率将近五十个点: percentage points
                # (实际年化利率竟高达一百多, 年化利率竟然达到了近五十: a longer gap when it ends with a word that
                # gives the rate, and no count after the number)
                linked = len(gap) <= 8 and _CN_RATE_LINK.search(gap) is not None and not _CN_COUNT_AFTER.match(s, b)
                if m.group("cn2") and not m.group("sign2") and ((len(gap) > 4 and not linked) or (not points and s[b2 : b2 + 1] in tuple("元块万千期个天月年号日"))):
                    continue  # 年利率三十六期: a count, not a rate
            else:
                value = float(m.group("n"))
                if not m.group("sign"):
                    points = s.startswith(("个点", "个百分点"), b)  # 年利率达到90个点: percentage points
                    nxt = "" if points else s[b : b + 1]
                    # (a bare 24 or 36 may be the law's; 24个点 is a rate like 24%, the law's only as below)
                    if value in thresholds and points and _LAW_ISH.search(self._clause_before(s, a, 16) + gap + scope.clause_rest(b)):
                        continue  # 国家允许年化最高24个点: the law's ceiling
                    # (年化利率高达1.5倍: a multiple, no percentage)
                    # (年化利率为36 / 高达36，太坑了: a bare 24 or 36 the gap gives as the rate, not bounded, no word of the law
                    # in the clause before: the loan's, as 年化利率达到了三十六)
                    given = (_BARE_RATE_LINK.search(gap) is not None and not s.startswith(("以上", "以下", "以内", "之内", "之上", "还是", "或"), b)
                             and not _LAW_ISH.search(self._clause_before(s, a, 16) + gap))
                    if (value in thresholds and not points and not given) or "按" in gap or len(gap) > 4 or (nxt and nxt in "元块万千期个天月年号日.分厘倍") or not (1 <= value <= 2000):
                        continue
                elif m.group("sign") == "‰":
                    value /= 10  # 年息360‰: per mille
            if re.match(r"(?:以内|以下|之内|之下)", s[b : b + 2]):
                continue  # 年化利率在36%以内: a bound, not the loan's rate
            if _TIMES_AFTER.match(s, b):
                continue  # 年化利率是24%的两倍: the base of a multiple, not the rate
            if value in thresholds and _LAW_NAMED_AFTER.match(s, b):
                continue  # 年化利率36%是红线 / 是国家规定的上限: the law's ceiling named, not the loan's rate
            # (折合年化36%以上, 算下来年化超过36%: the complainant's reckoning, bounded by the number: the number, either way)
            reckoned = value in thresholds and rx["apr_reckoned"].search(self._clause_before(s, a, 8) + m.group("year") + gap)
            if value in thresholds and (re.match(r"(?:以上|之上)?的?部分", s[b : b + 5]) or (rx["apr_bound_after"].match(s, b) and not reckoned)):
                continue  # 年化在36%以上 as 年化超过36%: the law's ceiling broken, no rate (年化36%以上的部分不受法律保护: the law's, always)
            if ((len(gap) > 14 or "," in gap or "，" in gap) and _APR_ASIDE_NOT.search(gap)
                    and not rx["apr_year"].search(gap)):
                continue  # 年化利率不高，但逾期费率高达48%: a long aside naming another rate (计算真实年化公式，真实利率
                # 达到360%: the rate is the later year word's)
            last = re.split("[，,]", gap)[-1] if ("，" in gap or "," in gap) else ""
            if last and _APR_FEE_CLAUSE.search(last) and not _APR_FEE_IN.search(last) and not rx["apr_year"].search(last):
                continue  # 年化利率低，但是服务费高达30%: the clause the number stands in is a fee's, not the year word's
            before = s[max(0, a - 8) : a]
            if self._accepted(before):
                continue  # 我只认可年化24%的利息: the complainant's offer
            rest = scope.clause_rest(b)
            if self._asked_rate(s, b, rest):
                continue  # 你们家年利率500%吗: a rhetorical question, not the loan's rate
            law = rx["apr_law"].search(before + gap)
            if value in thresholds and (law or ((rx["apr_bound"].search(gap) or rx["apr_bound"].search(before[-3:])) and not reckoned)
                                        or _by_rate(before[-6:] + gap)):
                continue  # 超过国家规定的24%: the law's ceiling, not the loan's rate
            # 国家规定年利率36%: the law's rate; but 利率超过国家规定，年化利率达到了72%: the law was the
            # clause before, this clause states the loan's rate
            if law and rx["apr_law"].search(self._clause_before(s, a, 8)):
                continue
            if rx["apr_not_stated"].search(gap) or rx["apr_other"].search(self._clause_before(s, a, 10) + gap):
                continue  # 年化利率不到10%, 年化利率没有58%; 银行基准利率年化4.35%: not this loan's rate
            if not self._rate_reported(scope, a, b):
                continue
            near = self._clause_before(s, a, 10) + m.group("year") + gap  # (但是加上砍头息以后年化利率…)
            if rx["apr_contract"].search(before + gap) and not rx["apr_real"].search(near):
                prefer = 0  # what the lender wrote or showed, 综合 or not
            else:
                prefer = 2 if rx["apr_actual"].search(near) else 1
            if rx["apr_penalty"].search(self._clause_before(s, a, 10)):
                prefer = -1  # 逾期罚息年化72%: a late fee's rate, the loan's only when the post states no other
            out.append((a, b, {"value": round(value, 4), "_prefer": prefer}))
        for m in itertools.chain(rx["apr_before"].finditer(s), rx["apr_said"].finditer(s)):
            if "link" in m.re.groupindex and not (m.group("link") or m.group("item")):
                continue  # 一年还48%: no word makes the percentage the year's rate
            if "real" in m.re.groupindex and _YEAR_OWN_RATE.match(s, m.end()):
                continue  # 日利率0.1%（年化36.5%） / 月息2%年化24%: the year word opens its own rate, the one before is a day's or a month's
            cn = m.group("cn")
            value = float(m.group("n")) if m.group("n") else float(cn) if cn[0].isdigit() else _cn_decimal(cn)
            if value is None:
                continue
            before = self._clause_before(s, m.start(), 8)
            # 36%的年化利率 is the loan's like 年化利率36%; the law's when bounded, reckoned by or named
            # as the law's (超过36%的年化利率, 按24%的年化计算, 36%的年化利率是国家红线)
            # (超过国家规定的24%年利率和36%年利率: the whole clause before, a list of the law's rates)
            wide = self._clause_before(s, m.start(), 24)
            rest = scope.clause_rest(m.end())
            bounded = (rx["apr_bound"].search(wide)  # (超过36%的年化利率; 36%以上的年化利率; not reckoned: 折合36%以上的年化利率 is 36, as in the loop above)
                       or rx["apr_bound_after"].match(s, _after_sign(s, m.end("n") if m.group("n") else m.end("cn"))))
            law_rate = value in thresholds and ((bounded and not rx["apr_reckoned"].search(wide)) or _by_rate(wide) or rx["apr_law"].search(wide)
                                                or rx["apr_law"].search(rest) or _LAW_ISH.search(wide + rest))
            if law_rate or rx["apr_law"].search(before) or any(h[0] <= m.start() < h[1] for h in out):
                continue
            if rx["apr_not_stated"].search(before) or rx["apr_other"].search(before) or self._accepted(before):
                continue  # 不到10%的年化, 银行房贷4.9%的年利率; 愿意承担24%的年化利息
            if self._rate_reported(scope, m.start(), m.end()):
                prefer = -1 if rx["apr_penalty"].search(before) else 2 if m.groupdict().get("real") else 1
                out.append((m.start(), m.end(), {"value": round(value, 4), "_prefer": prefer}))
        out += self._apr_then(s, scope, out, year_rates)
        # the rate the post states: the computed real rate over a contract's figure, then the largest
        if out:
            best = max(out, key=lambda h: (h[2]["_prefer"], h[2]["value"]))
            out.remove(best)
            out = [best] + out
        return [(a, b, {"value": v["value"]}) for a, b, v in out]

    def _rate_reported(self, scope: "_Scope", a: int, b: int) -> bool:
        """A stated rate is the complainant's unless hypothetical (a counterfactual 如果不是… is not),
        or hearsay in its own clause (听说有人年化80%) or of someone else's loan earlier in its sentence
        (网上有人说借了安逸花，年化利率48%); advice to readers, and hearsay about something else earlier
        in a run-on sentence (听说有人被爆通讯录，年化利率高达80%), leave it."""
        if not self.tagger.reports(scope, a, b, negate=False, advice="none", hearsay=False, counterfactual=True):
            if not self._reckoned(scope, a):
                return False
        cs = scope.clause_start(a)
        if any(cs <= h <= a for h in scope.hearsay):
            return False
        # someone else's loan told before the rate in its sentence (听说有人在美团借钱，年化高达48%): the rate is that loan's
        # (the head fee's hearsay words, data/facts.yaml head_fee.hearsay_*; fee9)
        return not self._hearsay(scope.s, scope, a)

    @staticmethod
    def _accepted(before: str) -> bool:
        """Does `before` (the words right before a rate) end with the complainant's offer (只认可, 愿意承担),
        not refused (不能接受)?"""
        m = _APR_ACCEPTED.search(before)
        return m is not None and not _APR_REFUSED.search(before, max(0, m.start() - 3), m.start())

    def _asked_rate(self, s: str, b: int, rest: str) -> bool:
        """Does the question the rate ending at `b` stands in ask about the rate itself (你们家年利率500%吗),
        rather than about the law (年化利率48%合法吗: the rate is stated)? `rest`: the clause after it."""
        asked = rest.rstrip().endswith(("吗", "?", "？")) or "吗" in s[b : b + 3]
        return asked and not self.flex.rx["apr_judged"].match(rest.lstrip())

    @staticmethod
    def _reckoned(scope: "_Scope", a: int) -> bool:
        """Is the conditional governing the rate at `a` only a way of reckoning it (如果按实际到账金额计算，
        年化利率高达48%: the complainant's computed rate, no hypothetical), with no other conditional
        or fear between?"""
        head = scope.s[scope.sentence_start(a) : a]
        last = None
        for last in _RECKONING.finditer(head):
            pass
        return last is not None and not _IF_OR_FEAR.search(head, last.end())

    def _apr_then(self, s: str, scope: "_Scope", found: list[tuple[int, int, dict[str, Any]]],
                  year_rates: Sequence[re.Match[str]] | None = None) -> list[tuple[int, int, dict[str, Any]]]:
        """The rate a sentence goes on to after a year word's first number: 年化利率超过36%，达到了48%
        (36 is a bound, 48 the loan's rate), 年化利率从7.2%涨到了48%. Not a rate of something else
        between (逾期费率达到了5%), not a bound (达到36%以内), not in a question or a hypothetical."""
        rx = self.flex.rx
        out = []
        for m in rx["apr"].finditer(s) if year_rates is None else year_rates:  # (_apr's own, when it passes them)
            # (年化利率7.2%-24%，实际却是48%: past the range's upper end)
            rng = _RATE_RANGE.match(s, m.end())
            t = rx["apr_then"].match(s, rng.end() if rng else m.end())
            # (加上各种费用后为72%: fees included in the rate, no rate of their own)
            if t is None or rx["apr_then_not"].search(rx["apr_then_included"].sub("", t.group("gap"))):
                continue
            cn = t.group("cn")
            a, b = (t.start("n"), t.end()) if cn is None else (t.start("cn") - 3, t.end())
            value = float(t.group("n")) if cn is None else float(cn) if cn[0].isdigit() else _cn_decimal(cn)
            if value is None or not 1 <= value <= 2000 or any(h[0] <= a < h[1] for h in found):
                continue
            if re.match(r"(?:以内|以下|之内|之下)", s[b : b + 2]) or rx["apr_law"].search(t.group("gap")):
                continue
            if value in {float(x) for x in self.flex.words["apr_thresholds"]} and rx["apr_bound_after"].match(s, b):
                continue  # 超过了24%，达到了36%以上: the law's ceiling broken again, no rate (as in _apr)
            if _FEE_AFTER_RATE.match(s, b):
                continue  # 年化利率7.2%，却高达36%的服务费: a fee's share gone on to, not the rate
            rest = scope.clause_rest(b)
            if self._asked_rate(s, b, rest):
                continue
            if not self._rate_reported(scope, m.start(), b):
                continue
            prefer = 2 if rx["apr_actual"].search(t.group("gap")) else 1
            out.append((a, b, {"value": round(value, 4), "_prefer": prefer}))
        return out

    # -- head_fee -----------------------------------------------------------------------------------

    def _amounts_after(self, s: str, m: re.Match[str], reach: int = AMOUNT_REACH, end: int | None = None
                       ) -> list[tuple[int, int, float]]:
        """Amounts >= 100 in the gap after a keyword (or from `end`), within its clause; a
        repayment (还) ends it."""
        out = []
        end = m.end() if end is None else end
        if (inner := _BRACKETED_AMOUNT.match(s, end)) is not None:
            end = inner.start(1)  # 合同金额（10000元）: the amount is what the brackets hold, no aside
        elif (aside := _LEAD_ASIDE.match(s, end)) is not None:
            end = aside.end()  # 实际到账（扣除了…费用后）只有7000元: the amount after the aside
        elif (label := _LABEL_NEWLINE.match(s, end)) is not None and (label.group(0) != "\n" or s.endswith(("金额", "本金"), 0, end)):
            end = label.end()  # 借款金额：\n5000元 (a form copied line by line): the field's value on the next line
        stop = min(len(s), end + reach + 12)  # the amount must start within `reach`; it may run past it
        brk = _BREAK_RX.search(s, end, stop)
        seg = s[end : brk.start() if brk else stop]
        pos = 0
        for am in _AMOUNT.finditer(seg):
            # (…下款后直接扣款700: the amount after a deduction word is the deduction)
            # (合同金额（含服务费）13500: an aside in brackets says what the amount holds, it ends nothing)
            gap = _ASIDE.sub("", seg[pos : am.start()])
            if am.start() > reach or (self.flex.rx["hf_amounts_end"].search(gap) and not (
                    pos == 0 and _TOTAL_GAP.fullmatch(gap) and not re.search("还|付|交|缴", self._clause_before(s, m.start(), 10)))):
                break  # (借款共计14000元, 合同金额合计18620元: the keyword's own total, right after it; not 偿还2期贷款总计3578)
            nxt = seg[am.end() : am.end() + 1]
            value = parse_number(am.group(1))
            pos = am.end()
            if nxt == "年" and seg[am.end() + 1 : am.end() + 2] in ("利", "化", "息", "费"):
                nxt = ""  # 合同写的31280年利率26%: an amount, then the rate
            if nxt == "期" and (am.group(0).endswith(("元", "块", "钱")) and seg.startswith(("期限", "期间"), am.end())
                               or seg.startswith(("期限:", "期限：", "期数:", "期数：", "期限为", "期数为"), am.end())):
                nxt = ""  # 到账：6000元 期限：6期 (spaces go in normalising): an amount, then the term
                # (实际到账:4800 期限:6个月 / 到账金额:3500 期数:12期: a form's next field, named with its colon)
            if value and value >= 100 and _COUNT_NEXT.match(seg, am.end()) and not am.group(0).endswith(("元", "块", "钱")):
                break  # 打给我1000多次, 转了1500条短信: a count, not money (but 1000元次日到账, 7000通过支付宝)
            if value is None or nxt in ("期", "个", "天", "%", "号", "日", "年", "月", "笔", "点") or value < 100:
                if value is not None and value >= 100 and nxt in ("期", "个", "天", "%", "号", "日", "年", "月"):
                    break
                continue
            out.append((end + am.start(), end + am.end(), value))
            break
        return out

    @staticmethod
    def _money_between(s: str, lo: int, hi: int, gross: float) -> bool:
        """Does a sum of money at least the size of `gross` stand between lo and hi, no keyword's
        (贷9000下了一万多，又扣回去1000多: the deduction is the larger sum's)? Not a date or a count."""
        for am in _AMOUNT.finditer(s, lo, hi):
            v = parse_number(am.group(1))
            if v and v >= gross and not re.match("[期个月天号日年%％次通条笔]", s[am.end() : am.end() + 1]):
                return True
        return False

    def _only_next(self, s: str, at: int) -> list[tuple[int, int, float]]:
        """The amount that arrived, told as all there was at the start of the next clause after a
        received word ending at `at` (实际到账的钱，只有区区7000元 / 到账的时候我一看，只有7000元); the
        words between name no amount, repayment or fee."""
        brk = _BREAK_RX.search(s, at, at + 16)
        gap = s[at : brk.start()].replace("少得可怜", "") if brk is not None else ""  # (到账金额少得可怜，只有7000元)
        if brk is None or s[brk.start()] not in "，," or self.flex.rx["hf_amounts_end"].search(gap) or _AMOUNTISH.search(gap):
            return []
        o = _ONLY_NEXT.match(s, brk.start())
        if o is None and _LOOKED.fullmatch(gap):
            o = _LOOKED_NEXT.match(s, brk.start())  # 钱到账一看，1万7: a look at what arrived, then its amount, no only word
        am = _AMOUNT.match(s, o.end()) if o else None
        if am is None or s[am.end() : am.end() + 1] in tuple("期个天%号日年月笔点次") or _NOT_ARRIVED_AFTER.match(s, am.end()):
            return []
        value = parse_number(am.group(1))
        return [(am.start(), am.end(), value)] if value and value >= 100 else []

    def _sent_by_other(self, s: str, at: int, kw: str) -> bool:
        """Is the money a received word starting at `at` tells moved by the complainant or by a party, not the lender
        (我转到我卡上8500 / 我自己转到卡上 / 我妈打到我卡里8500)? Only a word of moving money, its verb in the word or right
        before it (到我卡上 after 转), with the sender right before the verb."""
        lead = self._clause_before(s, at, 8)
        if kw.startswith(("到", "进")) and lead.endswith(("转", "打", "汇", "存")):
            lead = lead[:-1]
        elif not kw.startswith(("打", "转", "汇", "存")):
            return False
        return bool(_SELF_SENT.search(lead) or self.flex.rx["hf_kin"].search(lead[-4:]))

    def _of_a_limit(self, s: str, at: int) -> bool:
        """Is the nearest loan or limit word in the sentence before `at` (20 characters) a credit limit's (额度, 授信)?"""
        last = None
        for last in self.flex.rx["hf_limit_or_loan"].finditer(self._sentence_before(s, at, 20)):
            pass
        return last is not None and last.group("limit") is not None

    def _deduction_denied(self, s: str, at: int, taken: str = "") -> bool:
        """Is the deduction starting at `at` denied (并没有扣除2000元, 到账没有比合同少2000) or supposed in
        its clause (如果到账时扣了2000就投诉), or a shortfall of something other than the loan paid out?"""
        before = self._clause_before(s, at, 12)
        if re.search("[少差]", taken) and _SHORT_NOT.search(before):
            return True  # (工资到账少了2000, 额度比申请的少了2000: a shortfall of something else)
        inst = None
        for inst in _INSTALMENT_WHEN.finditer(before):
            pass
        if inst is not None and not self.flex.rx["hf_payout_when"].search(before, inst.end()):
            return True  # (这个月从我卡里扣了1200元, 第一期就扣了1200元: an instalment debited; not 本月放款时扣了)
        if self.flex.rx["hf_debt_debit"].search(before):
            return True  # (到账后花呗自动扣了2000, 第二天信用卡扣了2000: another debt's own debit, not a fee of the loan)
        if _REFUND_OR_SETTLED.search(before):
            return True  # (平台退回了多收的800元服务费, 提前结清时多收了1000元: a refund, a charge at settlement)
        return bool(_DEDUCT_DENIED.search(s, max(0, at - 6), at) or _DEDUCT_IF.search(before))

    def _deduction(self, s: str, at: int, added_ok: bool = True, base: float = 0.0) -> tuple[int, int, float, str] | None:
        """The first deduction (start, end, amount, how) within 40 characters of one sentence after `at`,
        unless a repayment, an instalment or a late fee comes between (借款5000，每月扣款1000).
        `how`: "head" for a deduction named a head fee (砍头息: taken before the money arrived),
        "added" for a fee added onto the principal (服务费3000算在本金里), else "" .
        A deduction told as a share of the loan (砍头息30%, 扣了两成的服务费) is that share of `base`."""
        rx = self.flex.rx
        stop = min(len(s), at + 40)
        brk = _SENT_RX.search(s, at, stop)
        if brk and _THEN_RX.match(s, brk.end(), brk.end() + 4):
            brk = _SENT_RX.search(s, brk.end(), stop)  # 打了31522。随后扣走2522: the next step
        end = brk.start() if brk else stop
        d = rx["hf_deduct"].search(s, at, end)
        share = rx["hf_deduct_share"].search(s, at, end) if base else None
        if share is not None and (d is None or share.start() <= d.start()):
            d = share
        added = rx["hf_added"].search(s, at, end) if added_ok else None
        # (also a taking whose own sum is said added: 加收2000元服务费计入本金, the 收 before the sum, fee7)
        if added is not None and (d is None or added.start() < d.end()):
            if (rx["hf_not_between"].search(s, at, added.start())
                    or rx["hf_not_before"].search(s[max(at, added.start() - 3) : added.start()])):
                return None  # (每月还款时服务费300加在里面; 如果把3000元服务费加到本金里)
            cut = parse_number(next(g for g in added.groups() if g))
            return (added.start(), added.end(), cut, "added") if cut else None
        if d is None or self._deduction_denied(s, d.start(), d.group(0)):
            return None
        # a deduction named a head fee (…还扣了500的砍头息) is no repayment, whatever comes between
        head = rx["hf_head_words"].search(s, d.start(), min(len(s), d.end() + 4))
        not_between = rx["hf_not_between_head"] if head else rx["hf_not_between"]
        if _between(not_between, s, at, d.start()) or rx["hf_not_before"].search(s[max(at, d.start() - 3) : d.start()]):
            return None
        cut = _share(d, base) if d is share else parse_number(next(g for g in d.groups() if g))
        d_end = d.end()
        while cut and d is not share and (more := rx["hf_deduct_more"].match(s, d_end, end)) is not None:
            extra = parse_number(next(g for g in more.groups() if g))
            if (not extra or _between(rx["hf_not_between"], s, d_end, more.end())
                    or _PAID_APART.search(s, more.end(), min(len(s), more.end() + 6))
                    or self.flex.rx["hf_not_taken_after"].match(s, more.end())):  # (，平台又扣了600元的罚息: the further item a late fee)
                break  # (…，还款2000: a repayment; 保险费2000元是另外交的: paid apart)
            cut, d_end = cut + extra, more.end()  # 扣了担保费3000和保险费2000: the fees together
        before = s[max(at, d.start() - 6) : d.start()]
        if self.flex.rx["hf_not_taken_after"].match(s, d_end) or (self.flex.rx["hf_not_taken_before"].search(before) and not (before.endswith("自动") and not d.group(0).startswith(("扣款", "划扣")))):
            return None  # 会员费299元是我自愿买的 / 保险费2000元分12期收取: bought or paid over time, not taken
        return (d.start(), d_end, cut, "head" if head else "") if cut else None

    @staticmethod
    def _in_order(contracts: list[tuple[int, int, float]], borrowed: list[tuple[int, int, float]],
                  received: list[tuple[int, int, float]], reach: int = 60
                  ) -> list[tuple[tuple[int, int, float], tuple[int, int, float]]] | None:
        """Several loans told as lists or one after another (借款10000、8000，到账7000、5600 /
        借款10000到账7000，借款8000到账5600): the n-th gross amount goes with the n-th amount
        received, in reading order, when there are as many of each and every pair is a plausible
        head fee; otherwise None (the nearest-amount pairing decides).
        A loan paid in full keeps its place in the order when the post names no contract and each
        loan is told with its own amount received close by (第一次借3000到账3000，第二次借5000到账3500
        -> only 5000 / 3500; every loan paid in full -> [], no pair at all)."""
        gross = sorted(contracts) if contracts else sorted(borrowed)
        net = sorted(received)
        if len(gross) < 2 or len(gross) != len(net):
            return None
        pairs = list(zip(gross, net))
        if all(r[2] < c[2] < 3 * r[2] for c, r in pairs):
            return pairs
        # (loans borrowed and received only: a contract equal to what arrived may be a fee added later)
        # (借款申请通过看到实际借款1400: one amount read both as borrowed and as received is no second loan)
        if (not contracts and not {c[1] for c in gross} & {r[1] for r in net}
                and all(r[2] <= c[2] < 3 * r[2] and abs(c[0] - r[0]) <= reach for c, r in pairs)):
            return [(c, r) for c, r in pairs if r[2] < c[2]]
        return None

    def _fee_before(self, s: str, scope: "_Scope", gross: list[tuple[int, int, float]]
                    ) -> list[tuple[tuple[int, int, float], tuple[int, int, float]]]:
        """A deduction told before the loan it came off, in one sentence with no other amount
        between (砍头息3000，借款10000 / 扣了3000元服务费，借款10000元): received = loan - fee.
        Only where the post states no amount received (the caller), with a word of taking (扣,
        收, 砍头息: a 会员费299元 alone, or 交了, may have been paid apart); not
        after a repayment, an instalment or a late fee word (head_fee.not_between), nor an offer
        or a threat (not_before). (到账比合同少了2000，合同是12000: a shortfall at payout is taken too.)"""
        found = self._deduction_before(s, scope, gross, lambda cut, loan: cut < loan / 2)
        if found is None:
            return []
        d, cut, g = found
        return [(g, (d.start(), d.end(), g[2] - cut))]

    def _fee_then_received(self, s: str, scope: "_Scope", received: list[tuple[int, int, float]]
                           ) -> list[tuple[tuple[int, int, float], tuple[int, int, float]]]:
        """A deduction told just before what arrived, no gross amount stated (扣除1650元服务费后，到账5000元 /
        砍头息1650元，到手5000元 / 除去服务费1650元，实际到账5000元): what arrived is net, the contract that plus
        the deduction. Only where the post states no contract or borrowed amount (the caller); with a
        word of taking, or one of taking off right before (除去, 扣除: not 交了1650元的服务费, paid apart),
        as _fee_before, and no such word right after the deduction either."""
        found = self._deduction_before(s, scope, received, lambda cut, got: 10 <= cut < got, taken_off=True)
        if found is None:
            return []
        d, cut, r = found
        return [((d.start(), d.end(), r[2] + cut), r)]

    def _deduction_before(self, s: str, scope: "_Scope", amounts: list[tuple[int, int, float]],
                          fits: Callable[[float, float], bool], taken_off: bool = False
                          ) -> tuple[re.Match[str], float, tuple[int, int, float]] | None:
        """The first deduction (hf_deduct) told as taken, not denied, followed within its sentence
        (30 characters at most) by one of `amounts` (sorted) with no other amount of 100 or more
        between, whose sum `fits` (cut, amount); not after a repayment, an instalment or a late fee
        word in its clause or between (head_fee.not_between), nor an offer or a threat (not_before).
        With `taken_off`, a word of taking off right before it (除去服务费1650元) also tells it taken,
        and a not_between word right after it (within 4 characters) drops it."""
        rx = self.flex.rx
        for d in rx["hf_deduct"].finditer(s):
            cut = parse_number(next(g for g in d.groups() if g))
            if not (re.search("[扣收砍少差]", d.group(0))
                    or taken_off and _TAKEN_OFF.search(s, max(0, d.start() - 3), d.start())):
                continue
            if self._deduction_denied(s, d.start(), d.group(0)):
                continue
            reach = min(scope.sentence_end(d.start()), d.end() + 30)
            a = next((a for a in amounts if d.end() <= a[0] <= reach), None)  # the first amount after it
            if a is None or not cut or not (cut > 0 and fits(cut, a[2])):
                continue
            between = s[d.end() : a[0]]
            if (any((parse_number(x.group(1)) or 0) >= 100 for x in _AMOUNT.finditer(between))
                    or _between(rx["hf_not_between"], s, scope.clause_start(d.start()), d.start())
                    or taken_off and rx["hf_not_between"].search(s, d.start(), min(len(s), d.end() + 4))
                    or rx["hf_not_between"].search(between)
                    or rx["hf_not_before"].search(s[max(0, d.start() - 3) : d.start()])):
                continue
            return d, cut, a
        return None

    def _far_head_fee(self, s: str, scope: "_Scope", gross: list[tuple[int, int, float]]
                      ) -> list[tuple[tuple[int, int, float], tuple[int, int, float]]]:
        """A deduction the post names a head fee (砍头息) may stand further from its loan than the
        40 characters of `_deduction`: 在功夫贷平台贷款52000元，分12期，每月偿还5600多元，…律师发现功夫贷
        在合同中扣除了5900元属于砍头息 -> 52000 / 46100. The loan is the nearest before it within
        FAR_WINDOW with no other loan-sized amount between (an instalment may come between), and
        the deduction is taken (扣, 收, 砍) and named 砍头 right beside it, or told as taken when the
        loan was paid out (…已经还了8期，共计8800元，另外放款的时候还扣了3000元的服务费); only where the
        post states no amount received (the caller)."""
        rx = self.flex.rx
        for d in rx["hf_deduct"].finditer(s):
            # (a shortfall is one at payout by its words: 到账少了, 比合同少了, 少给了)
            if not re.search("[扣收砍少差]", d.group(0)) or not (
                    re.search("[少差]", d.group(0))
                    or rx["hf_head_words"].search(s, max(0, d.start() - 4), min(len(s), d.end() + 6))
                    or rx["hf_payout_when"].search(self._clause_before(s, d.start(), 12) + s[d.start() : d.end() + 6])):
                continue
            cut = parse_number(next(g for g in d.groups() if g))
            if self._deduction_denied(s, d.start(), d.group(0)):
                continue
            before = [g for g in gross if g[1] <= d.start() and d.start() - g[0] <= FAR_WINDOW]
            if not cut or not before:
                continue
            loan = before[-1]
            between = s[loan[1] : d.start()]
            if (not 0 < cut < loan[2] / 2
                    # (a repaid total may come between: 已经还了8期，共计8800元)
                    or any((parse_number(x.group(1)) or 0) >= 0.6 * loan[2] for x in _AMOUNT.finditer(between)
                           if not _REPAID_BEFORE.search(between, max(0, x.start() - 6), x.start()))
                    or rx["hf_not_between_head"].search(between)
                    or _between(rx["hf_not_between"], s, scope.clause_start(d.start()), d.start())  # 还款时扣除了
                    or rx["hf_not_before"].search(s[max(0, d.start() - 3) : d.start()])):
                continue
            return [(loan, (d.start(), d.end(), loan[2] - cut))]
        return []

    def _difference(self, s: str, scope: "_Scope", base: list[tuple[int, int, float]]
                    ) -> list[tuple[tuple[int, int, float], tuple[int, int, float]]]:
        """The contract told as what it adds to the loan: 借款52000元…实际借款金额与借款协议金额不同，
        多出5778元 -> contract 57778, received 52000. The difference word's clause, or the one before
        it, names the contract and no repayment, interest or fee (总需还款9234，比借款金额多了4234 is
        what is repaid); the loan is the nearest amount borrowed or received before it, with no other
        loan-sized amount between."""
        for m in _DIFF.finditer(s):
            cut = parse_number(m.group("n"))
            cs = scope.clause_start(m.start())
            told = s[scope.clause_start(max(0, cs - 1)) : m.start()]
            # (or the principal: 本金多出660元 / 平台多算了660元本金)
            named = re.search("合同|协议|本金", told) or re.match("的?本金", s[m.end() : m.end() + 3])
            if not cut or not named or re.search("还|息|罚|逾期|费", told):
                continue
            before = [x for x in base if x[1] <= m.start() and m.start() - x[0] <= FAR_WINDOW]
            if not before:
                continue
            loan = before[-1]
            between = s[loan[1] : m.start()]
            if not cut < loan[2] or any((parse_number(x.group(1)) or 0) >= 0.6 * loan[2] for x in _AMOUNT.finditer(between)):
                continue
            return [((m.start(), m.end(), loan[2] + cut), loan)]
        return []

    @staticmethod
    def _far_loan(s: str, borrowed: list[tuple[int, int, float]], received: list[tuple[int, int, float]]
                  ) -> list[tuple[tuple[int, int, float], tuple[int, int, float]]]:
        """What actually arrived, told further on than the nearest-amount window: 在钱站借款10000元，
        分12期，每期还款1300元，已经按时还了6期，…，而且当时实际到账只有7000元 -> 10000 / 7000. Only an
        amount said to be the actual or the only one (实际, 只, 才, 仅, 到手), the loan the nearest before
        it within FAR_WINDOW, with no other loan-sized amount between (an instalment may: far_received);
        a plain amount received (到账2000) only where no other loan is told between."""
        for r in received:
            before = [b for b in borrowed if b[1] <= r[0] and r[0] - b[0] <= FAR_WINDOW]
            if not before:
                continue
            loan = before[-1]
            gap = s[loan[1] : r[0]]
            # (a plain 到账2000 too when no other loan is told between: 又借, 第二笔, 再次)
            if not _ONLY_ACTUAL.search(s, r[0], r[1]) and _OTHER_LOAN.search(gap):
                continue
            between = [parse_number(x.group(0)) or 0
                       for x in re.finditer(r"\d+(?:\.\d+)?[万千wk]?|[一二两三四五六七八九十百千万]{2,}", gap)
                       if not _REPAID_BEFORE.search(gap[max(0, x.start() - 6) : x.start()])]
            if r[2] < loan[2] < 3 * r[2] and not any(x >= 0.6 * r[2] for x in between):
                return [(loan, r)]
        return []

    def _hearsay(self, s: str, scope: "_Scope", at: int) -> bool:
        """Is the loan starting at `at` someone else's (data/facts.yaml head_fee.hearsay_*)? A
        hearsay borrower earlier in its sentence, or at `at` itself, with the complainant not
        speaking of themself between: 听说别人借一万只到手7000 (but 别人借款10000到账7000，我借款
        20000到账14000: the second loan is the complainant's; 我借款10000到账7000，听说别人也是这样:
        the hearsay comes after)."""
        rx = self.flex.rx
        start = scope.sentence_start(at)
        if any(m.start("loan") == at and not rx["hf_self"].search(m.group(0))
               for m in rx["hf_hearsay_alone"].finditer(s, max(start, at - 14), min(len(s), at + 4))):
            return True  # 听说安逸花借一万只到手八千: the loan heard of
        for m in rx["hf_hearsay"].finditer(s, start, min(len(s), at + 12)):
            if (rx["hf_advice_after"].match(s, m.end())
                    or rx["hf_advice_before"].search(self._clause_before(s, m.start(), 6))):
                continue  # 提醒大家借款要小心 / 希望大家借钱之前看清合同: advice to readers, no one's loan
            if m.start() <= at and not rx["hf_self"].search(s, m.end(), at):
                return True
            if m.start() > at:
                break
        return False

    def _example_asked(self, s: str, scope: "_Scope", lo: int, hi: int) -> bool:
        """Are the amounts lo..hi an example in a question about what a head fee is (什么是砍头息？是不是借10000只给
        8000那种？)? The asking in their sentence or the one before; their sentence a question naming no borrower."""
        rx = self.flex.rx
        start, end = scope.sentence_start(lo), scope.sentence_end(hi)
        asked = (end < len(s) and s[end] in "？?") or rx["hf_asked_end"].search(s, hi, end) is not None
        if not asked or rx["hf_self"].search(s, start, lo):
            return False
        before = scope.sentence_start(start - 1) if start > 0 else start
        return rx["hf_what_is"].search(s, before, end) is not None

    def _head_fee(self, s: str, scope: "_Scope") -> list[tuple[int, int, dict[str, Any]]]:
        rx = self.flex.rx
        n_amounts = len(_AMOUNTISH.findall(s, 0))
        if n_amounts < 2 and not (n_amounts == 1 and ("%" in s or "成" in s or "百分之" in s or "个点" in s or "折" in s)):
            return []  # a head fee needs two amounts (or an amount and its deduction): most posts stop here
        # 10,000元: a thousands separator is no clause break; same length, so offsets hold
        s = _THOUSANDS.sub(lambda m: re.sub("[,，]", "'", m.group(0)), s)
        # 砍头息3000，在360借条借款20000: a lender's name is no amount between a fee and its loan (same length: offsets hold)
        # lender names holding 贷 or 借 (found before their digits are masked: same offsets)
        named = [m.span() for m in self._loan_alias_rx.finditer(s)] if self._loan_alias_rx is not None else []
        if self._digit_alias_rx is not None and self._digit_alias_rx.search(s):
            s = self._digit_alias_rx.sub(lambda m: re.sub(r"\d", "#", m.group(0)), s)
        window = int(self.flex.words["hf_window"][0])
        # ... those directly followed by a loan word of their own (微粒贷借款6000, 360借条借款12000, 功夫贷app上贷款6000)
        named = [(lo, hi) for lo, hi in named if (nxt := rx["hf_borrowed"].search(s, hi, hi + 8)) is not None
                 and _NAME_TO_LOAN.fullmatch(s, hi, nxt.start())]

        amount_at: set[int] = set()  # where each amount mentioned starts
        listed_at: set[int] = set()  # where the second and later amounts of a list start

        def mentions(key: str) -> list[tuple[int, int, float]]:
            found: dict[int, tuple[int, int, float]] = {}
            between, rest, reached = rx.get(key + "_between"), rx.get(key + "_rest"), rx.get(key + "_reached")
            for m in itertools.chain(rx[key].finditer(s), between.finditer(s) if between is not None else (),
                                     rest.finditer(s) if rest is not None else (), reached.finditer(s) if reached is not None else ()):
                count = _LOAN_COUNT.match(s, m.end())
                # (what arrived may stand after a bracketed aside or at the start of the next clause: _amounts_after, _only_next)
                reach = 60 if _LEAD_ASIDE.match(s, m.end()) else 28 if key == "hf_received" else AMOUNT_REACH + 1
                if count is None and _AMOUNT_START.search(s, m.end(), m.end() + reach) is None:
                    continue  # no amount begins within reach: _amounts_after below would find none (most 借, 贷)
                if key == "hf_borrowed" and named and any(lo <= m.start() < hi for lo, hi in named):
                    continue  # 微粒贷借款6000: the 贷 of the lender's name, its loan word next
                if (key == "hf_borrowed" or m.group("kw").startswith("本金")) and _BALANCE_BEFORE.search(s, max(0, m.start() - 2), m.start()):
                    continue  # 还本金5400, 剩本金, 剩余本金: a repayment or a balance, not what was borrowed
                if key == "hf_borrowed" and ("笔" in m.group("kw") or m.group("kw").endswith("次")) and not _AMOUNT_NEXT.match(s, m.end()):
                    continue  # 一笔5000 is a loan; 另外一笔到账2000 is what arrived, read as received
                    # (第二次5000只到了3500 is a loan; 第一次还款3000, 第二次打了3000 are not)
                if key == "hf_borrowed" and m.group("kw").endswith("次") and not _TURN_ARRIVED.match(s, m.end()):
                    continue  # 第一次3000还了3574元。第二次10000… / 第二次600，2个月: a turn whose own words tell no arrival is no loan to pair
                if key == "hf_borrowed" and "笔" in m.group("kw") and _TAKEN_BEFORE.search(s, max(0, m.start() - 3), m.start()):
                    continue  # 被扣了一笔1980元的权益费 / 收了一笔500的服务费: a sum taken, not a loan
                if m.group("kw") in _BARE_BETWEEN and re.search("还|从|每|额度|利息", self._clause_before(s, m.start(), 10)):
                    continue  # 每月还1000到1500, 额度从3000变2000: a range or a change of something else
                if key == "hf_contract" and m.group("kw") in _CHANGE_WORDS and (
                        re.search("还|利息|逾期|罚|违约|滞纳", self._clause_before(s, m.start(), 6))
                        or _GROWN_DEBT.search(self._clause_before(s, m.start(), 16))):
                    continue  # 还款变成了3000, 逾期后利息变成了300: what is repaid changed, not the contract
                    # (逾期后加上各种费用变成了7000元, 逾期三个月后欠款变成了6500元: the debt grown once overdue)
                if key == "hf_contract" and m.group("kw").startswith("借条") and s.endswith(("360", "###"), 0, m.start()):
                    continue  # 在360借条借款3000元: the lender's name, no IOU
                if key == "hf_contract" and m.group("kw").startswith("签") and (
                        not _AMOUNT_NEXT.match(s, m.end()) or _SIGNED_NOT.search(self._clause_before(s, m.start(), 10))):
                    continue  # 签了合同后到账7000 (no amount right after), 逾期后签的是7000的分期协议: no loan contract
                if key == "hf_received" and rx["hf_usable"].search(m.group("kw")) and self._of_a_limit(s, m.start()):
                    continue  # 额度10000能用的只有8000: the usable part of a credit limit, no loan paid out
                if key == "hf_received" and re.search("多|增加", m.group("kw")) and _GAINED_NOT.search(self._sentence_before(s, m.start(), 20)):
                    continue  # 发了工资卡里多了7000: what reached the card is not the loan
                if (key == "hf_received" and s[m.start() + 1 : m.start() + 2] in ("，", ",") and m.group("kw").endswith(("到", "到了"))
                        and (am := _AMOUNT.match(s, m.end())) is not None and _DATE_AFTER.match(s, am.end())):
                    continue  # 借款5000，到2024.12.1还清 / 到2025年3月15号: a date after a bare 到, no money
                if key == "hf_received" and m.group("kw") == "实际" and _SPENT_AFTER.match(s, m.end()):
                    continue  # 实际使用了8000元, 实际花了8000: what the borrower spent, not what arrived
                if key == "hf_received" and (_WAGES.match(s, m.end()) or _WAGES.search(self._clause_before(s, m.start(), 6))):
                    continue  # 每月到账的工资只有7000元, 工资到账7000: wages, not the loan
                if key == "hf_received" and m.group("kw").startswith("下来") and m.start() > 0 and s[m.start() - 1] not in "，,。！？；;\n|钱款":
                    continue  # 下来的是2000 opening its clause, or after 钱/款; not 算下来的是, 剩下来的是, 省下来的是
                if key == "hf_received" and m.group("kw").endswith("我") and self.flex.rx["hf_kin"].match(s, m.end()):
                    continue  # 到账后给了我妈5000, 转给我老婆3000: money handed to the borrower's family, not the loan paid out
                if key == "hf_received" and m.group("kw").startswith(("汇", "只汇", "才汇", "实际汇")) and self.flex.rx["hf_kin"].search(self._clause_before(s, m.start(), 6)):
                    continue  # 我妈汇给我5000: family money, not the loan
                if key == "hf_received" and m.group("kw").startswith(("打", "转", "汇", "存")) and _SELF_SENT.search(self._clause_before(s, m.start(), 4)):
                    continue  # 我打进来4000元还款: the complainant sending money in
                if key == "hf_received" and self._sent_by_other(s, m.start(), m.group("kw")):
                    continue  # 我转到我卡上8500, 我妈打到我卡里8500: the complainant or a party moving money, not the loan paid out
                if rest is not None and m.re is getattr(rest, "rx", rest) and re.search("还|每|逾期|罚|违约|工资|薪|收入", self._clause_before(s, m.start(), 10) + m.group(0)):
                    continue  # 每月扣款后只剩7000, 还款扣了3000还剩7000: a repayment taken, not a fee
                # 借了两次，10000和8000 / 借款三笔：10000、8000: the list after its count
                first = self._amounts_after(s, m) or (self._amounts_after(s, m, end=count.end()) if count else [])
                if not first and key == "hf_received":
                    first = self._only_next(s, m.end())  # 实际到账的钱，只有区区7000元
                if key == "hf_received":
                    first = [x for x in first if not _LIMIT_AFTER.match(s, x[1]) and not _CHARGE_AFTER.match(s, x[1])
                             and not _NO_CASH_AFTER.match(s, x[1])]  # 只给了我5000的额度: a credit limit
                    # (最后给了我7000的优惠券 / 7000的还款计划: a voucher or a plan, no money paid out)
                    # (实际交付了7000元的利息: interest the complainant paid, not what arrived)
                supposed = (key == "hf_received" and first
                            and (_NOT_HAD.search(s, m.end(), first[0][0]) or _SUPPOSED.search(self._clause_before(s, m.start(), 8))))
                if first and (_NOT_BEFORE.search(s, m.end(), first[0][0]) or supposed):
                    # 合同金额并不是5000元，而是6650元: the amount denied is not the keyword's, the one after 而是 is
                    # (到账并没有5000元，只有3500元 / 本来应该到账5000元，结果只有3500元: what was denied or supposed to arrive, then what did)
                    but = (_BUT_AMOUNT.match(s, first[0][1]) if not supposed
                           else _BUT_AMOUNT_NEXT.match(s, first[0][1]))
                    v2 = parse_number(but.group("n")) if but else None
                    first = [(but.start("n"), but.end(), v2)] if but and v2 and v2 >= 100 and not _LIMIT_AFTER.match(s, but.end()) else []
                if key == "hf_received" and m.group("kw").startswith(("钱", "款")) and first and not _MONEY_CAME_GAP.fullmatch(s, m.end(), first[0][0]):
                    continue  # 钱下来以后给了我妈5000, 钱到了以后发了工资5000: not what the money came to
                if key == "hf_contract" and m.group("kw").startswith("签") and first and _SIGNED_NOT.match(s, first[0][1]):
                    continue  # 签了7000的还款协议: a repayment plan signed, not the loan
                for a, b, v in first:
                    found.setdefault(a, (m.start(), b, v))
                    amount_at.add(a)
                    # a parallel list: 到账分别为7000、5600 / 借款10000元和8000元: each amount its own mention,
                    # at its own place (the first keeps the keyword's), so lists pair in order below
                    listed = _LIST_NEXT_COMMA if count or "分别" in s[m.end() : a] else _LIST_NEXT
                    while (nx := listed.match(s, b)) is not None:
                        v2 = parse_number(nx.group("n"))
                        if v2 is None or v2 < 100:
                            break
                        a2, b = nx.start("n"), nx.end()
                        found.setdefault(a2, (a2, b, v2))
                        amount_at.add(a2)
                        listed_at.add(a2)
            return list(found.values())

        contracts, received = mentions("hf_contract"), mentions("hf_received")
        # "5000元到账", "30000元（到账金额）": the amount before the word
        loan_before: list[tuple[int, int, float]] = []
        for m in _RECEIVED_BEFORE.finditer(s):
            if _PAID_IN_BEFORE.search(s, max(0, m.start() - 3), m.start()):
                continue  # 已经还了7000到账户上, 工资7000到卡: money paid in, not the loan arriving
            if _SELF_MOVED.search(s, max(0, m.start() - 8), m.start()) or _TO_REPAY.match(s, m.end()):
                continue  # 我把2500元打到我卡上还款, 我把2500元转到我的银行卡: the complainant moving money, not the loan arriving
            v = parse_number(m.group(1))
            if _AMOUNT_NEXT.match(s, m.end()) and not re.match(r"[：:，,]", s[m.end() : m.end() + 1]):
                # 一笔10000到账7000 / 钱站3000到手2100: the amount after 到账 is what arrived, the one before the loan
                if v and v >= 100:
                    loan_before.append((m.start(), m.start() + len(m.group(1)), v))
                continue
            if v and v >= 100 and not (m.start() in amount_at and "账号" in m.group(0)):  # (打款2500元到我账号: read once, after 打款)
                received.append((m.start(), m.end(), v))
                amount_at.add(m.start())
        # (银行转账8000元给我, 平台汇了8000元给我: the lender's transfer, its amount before 给我)
        if "给我" in s or "过来" in s or "进来" in s:
            for m in _SENT_TO_ME.finditer(s):
                v = parse_number(m.group("n"))
                if (v and v >= 100 and not _OWN_SENDER.search(s, max(0, m.start() - 2), m.start()) and m.start("n") not in amount_at
                        and not self.flex.rx["hf_kin"].search(self._clause_before(s, m.start(), 6))):  # (朋友转了7000过来: not the lender)
                    received.append((m.start(), m.end(), v))
                    amount_at.add(m.start("n"))
        by = "按" in s or "本金" in s  # (以6650元作为本金; substring tests first: a scan of the whole post costs more than the rest)
        diff = _DIFF_WORDS_RX.search(s) is not None  # (any of _DIFF_WORDS)
        added_ok = self._added_words_rx.search(s) is not None  # (any of hf_added_words)
        if (not contracts and not received and not rx["hf_deduct"].search(s) and not (added_ok and rx["hf_added"].search(s))
                and not (diff and _DIFF.search(s)) and not (by and (_CONTRACT_BY.search(s) or _CONTRACT_OWED.search(s))) and not rx["hf_deduct_share"].search(s)
                and not (("合同" in s or "借条" in s or "借据" in s) and (_CONTRACT_AFTER.search(s) or _CONTRACT_AFTER_CN.search(s)))):  # (签了2660元的借款合同)
            return []
        borrowed = mentions("hf_borrowed")
        for x in loan_before:
            # (第一笔借款3000元到账3000元: the amount is the loan word's already, 3000元 ending one later than 3000)
            if not any(y[1] == x[1] or y[0] <= x[0] < y[1] for y in borrowed):
                borrowed.append(x)
                amount_at.add(x[0])
        for m in itertools.chain(_CONTRACT_AFTER.finditer(s), _CONTRACT_AFTER_CN.finditer(s)):
            v = parse_number(m.group("n"))
            if m.group(0) == "360借条":
                continue  # the lender 360借条, no IOU of 360
            if v and v >= 100 and not any(c[0] <= m.start() < c[1] for c in contracts):
                contracts.append((m.start(), m.end(), v))
                amount_at.add(m.start())
        # 却要按8000元本金还款 / 按照35556元计息: the principal repayments are reckoned on is the contract's
        # (却要还10000元的本金: the principal asked back)
        for m in itertools.chain(_CONTRACT_BY.finditer(s), _CONTRACT_OWED.finditer(s)) if by else ():
            v = parse_number(m.group("n"))
            if v and v >= 100 and not any(c[0] <= m.start("n") < c[1] for c in contracts):
                contracts.append((m.start(), m.end(), v))
                amount_at.add(m.start("n"))
        # "4500借款变成5986元", "7000的借款合同9520": the amount borrowed before the word
        for m in _BORROWED_BEFORE.finditer(s):
            v = parse_number(m.group("n"))
            if v and v >= 100:  # 阴阳合同7000的借款合同9520: 7000 after 合同 is what was borrowed
                borrowed.append((m.start(), m.end(), v))
                amount_at.add(m.start())
        def nearest(c: tuple[int, int, float], pool: list[tuple[int, int, float]], want_less: bool) -> tuple[int, int, float] | None:
            best = None
            for r in pool:
                if r[0] == c[0]:
                    continue
                dist = abs(r[0] - c[0])
                if dist > window:
                    continue
                # (a fee of two thirds or more only where the smaller amount is said to be all that
                # arrived: 合同金额3000元，到账只有900元)
                small, large = (r, c) if want_less else (c, r)
                told = s[max(0, small[0] - 2) : small[1]]  # (只收到了2800: the marker before the word)
                limit = 4 if re.search("只|才|仅", told) and re.search("到账|到帐|到手|收到|实际到", told) else 3
                ok = small[2] < large[2] < limit * small[2]
                if ok and (best is None or dist < abs(best[0] - c[0])):
                    best = r
            return best

        def far_received(c: tuple[int, int, float]) -> tuple[int, int, float] | None:
            """实际到账2000元（有截图为证）。… 仔细查看合同后发现合同上借款金额居然是2660元: an explicit
            contract and the amount received or borrowed may stand further apart when no other
            loan-sized amount comes between them."""
            best = None
            for r in received + borrowed:
                lo, hi = sorted((c, r))
                gap = s[lo[1] : hi[0]]
                # (a repayment total between is no other loan: 借款7000元…到期还款总额为11308元。…借款合同本金为10920元)
                between = [parse_number(x.group(0)) or 0
                           for x in re.finditer(r"\d+(?:\.\d+)?[万千wk]?|[一二两三四五六七八九十百千万]{2,}", gap)
                           if not _REPAID_BEFORE.search(gap[max(0, x.start() - 6) : x.start()])]
                if (r[2] < c[2] < 3 * r[2] and abs(r[0] - c[0]) <= FAR_WINDOW
                        and not any(x >= 0.6 * r[2] for x in between)  # an instalment may come between, no other loan
                        and (best is None or abs(r[0] - c[0]) < abs(best[0] - c[0]))):
                    best = r
            return best

        def has_partner(x: tuple[int, int, float]) -> bool:
            """Does the post state the other amount of x's loan itself? (借款21600，到账18000，直接砍头息2160:
            the 砍头息 is not taken off again; 借款19000…合同借款金额变成40000: 19000 is already net)"""
            if x in received:
                return nearest(x, contracts + borrowed, False) is not None
            if x in contracts:
                return nearest(x, stated, True) is not None
            return nearest(x, stated, True) is not None or nearest(x, contracts, False) is not None

        # a deduction right after a contract, borrowed or received amount: received = amount - deduction
        gross = {round(x[2]) for x in contracts + borrowed}
        net = {round(x[2]) for x in received}
        stated = list(received) + list(borrowed)
        # amounts that are what actually arrived (借款后实际到账8000: 8000 is net, whatever word came first)
        actual_end = {r[1] for r in received if rx["hf_actual"].match(s, r[0])}
        for a, b, v in sorted(contracts + received + borrowed):
            d = self._deduction(s, b, added_ok, v)
            if d is None or any(b <= x < d[0] for x in amount_at) or self._money_between(s, b, d[0], v):
                continue  # a deduction belongs to the amount right before it (贷9000下了一万多，又扣回去1000多: not 9000's)
            if b in actual_end and not ((a, b, v) in received and rx["hf_actual"].match(s, a)):
                continue
            taken = s[d[0] : d[1]]
            if ((_PAID_APART.search(s, max(0, d[0] - 4), d[1]) or not _TAKEN.search(taken)) and v in {y[2] for y in received}
                    and any(abs(y[2] - v) < 1 and y[1] != b for y in contracts + borrowed + received)):
                continue  # 借款1000元，到账1000元，另外支付会员费299元 / 会员费1500元，到账5000元: the loan arrived
                # in full, the fee was paid apart (but 到账10000，随后扣了3000 / 砍头息3000: taken back)
            cut = d[2]
            # 实际到账55000，扣除砍头息11000 after 借款66000: the received amount is already net;
            # 借款5000，到账3500，扣了1500服务费: the received amount is stated already;
            # 贷款5万元合同写6万元，第一个月砍头息5000: the post states both amounts, the fee is something else
            x = (a, b, v)
            if d[3] == "added":  # 借款7000，服务费3000加在合同里: the contract is the loan plus the fee
                if x not in contracts and 0 < cut < v and round(v + cut) not in gross and not has_partner(x):
                    contracts.append((d[0], d[1], v + cut))
                    if x not in received and x not in borrowed:
                        received.append(x)
                continue
            # 到账7000，被收了3000的砍头息: a head fee is taken before the money arrives, so what arrived
            # is net (unless the post states a loan of that same amount: 借款10000，到账10000，扣了2000砍头息)
            # (借款10000，实际到账10000，第二天被扣了2000: the loan arrived in full, the deduction came after)
            full = x in received and any(abs(y[2] - v) < 1 and y[1] != b for y in contracts + borrowed)
            # (到账5000元，与合同相差1650元 / 比合同少了1650元: the shortfall is told against the gross amount)
            # (到账8000元（扣除了2000元服务费）: a deduction in brackets right after what arrived says how it came to be so)
            bracketed = _BRACKET_OPEN.fullmatch(s, b, d[0]) is not None
            # (到账8000，手续费扣了2000: what arrived, then the fee taken before it, as after 到手; not 被划走2000, 扣回2000:
            # money moved back out of the account; not 全额到账8000: facts.yaml head_fee.arrived)
            fee_first = (rx["hf_taken_back"].search(taken) is None and _TAKEN.search(taken) is not None  # (not 我交了2000的会员费)
                         and not re.search(_THEN + "|后", s[b : d[0]]))  # (not 到账8000后，第二天扣了2000: taken after it arrived)
            arrived = fee_first and any(r[1] == b and rx["hf_arrived"].match(s, r[0])
                                        and not rx["hf_arrived_whole"].search(s, max(0, r[0] - 3), r[0]) for r in received)
            net_before_head = (d[3] == "head" or _NAMES_GROSS.search(s, d[0], d[1]) is not None or bracketed or arrived) and x in received and not full
            if (d[3] == "head" or bracketed or arrived) and x in borrowed and any(r[1] == b for r in received):
                continue  # 借款到账7000: the amount is what arrived, read as received below
            if (x in received and not full and (rx["hf_actual"].match(s, a) or net_before_head) and 0 < cut < 2 * v
                    and not re.search(_THEN + "|后", s[b : d[0]])  # 实际到账10000，随后扣了2000: taken after it arrived
                    and round(v + cut) not in gross and not has_partner(x)):
                # 实际到账990手续费1210: what actually arrived is net, the fee on top of it the gross
                contracts.append((d[0], d[1], v + cut))
                continue
            # 原来借了五万…借五万五，扣五千的手续费: the amount left is the other amount the post says was
            # borrowed, so the deduction agrees with it: the pair stands (nothing else pairs two loan words)
            agrees = x in borrowed and round(v - cut) in {round(y[2]) for y in borrowed if y[0] != a}
            if not agrees and (round(v + cut) in gross or round(v - cut) in net and x not in received
                               or "实际" in s[max(0, a - 2) : a + 2] and not full or has_partner(x)):
                continue
            if 0 < cut < v / 2:
                if (a, b, v) not in contracts:
                    contracts.append((a, b, v))
                received.append((d[0], d[1], v - cut))

        out = []
        ordered = self._in_order(contracts, borrowed, received, window)
        pairs: list[tuple[tuple[int, int, float], tuple[int, int, float]]] = ordered or []
        if ordered is None:
            # lists that do not pair in order: their first amounts only, as before lists were read
            contracts, borrowed, received = ([x for x in xs if x[0] not in listed_at] for xs in (contracts, borrowed, received))
            for c in sorted(contracts):
                r = nearest(c, received, True) or nearest(c, borrowed, True) or far_received(c)
                if r:
                    pairs.append((c, r))
            used = {x[0] for pair in pairs for x in pair}
            for r in sorted(received):
                bo = nearest(r, borrowed, False)
                if bo and r[0] not in used and bo[0] not in used:
                    pairs.append((bo, r))
            # 放款10000，实际到账8000: the loan paid out is the gross amount of what actually arrived
            released = [x for x in received if rx["hf_released"].match(s, x[0])]
            for r in sorted(received):
                if r in released or r[0] in used:
                    continue
                # (放款金额10000元，到账金额7000元: the two amounts named as such are the loan paid out and what arrived)
                named = _ARRIVED_AMOUNT.match(s, r[0]) is not None
                # (下款3000，到账2100: the loan paid out, and in the very next clause what arrived of it)
                next_to = [x for x in released if x[1] <= r[0] and (nx := _ARRIVED_NEXT.match(s, x[1])) is not None and nx.end() == r[0]
                           and not any(r[1] <= y[0] and _SENT_RX.search(s, r[1], y[0]) is None for y in received)]  # (…，第二天又到账900: paid out in parts)
                if not (rx["hf_actual"].match(s, r[0]) or named or next_to):
                    continue
                bo = nearest(r, next_to or [x for x in released if not named or _RELEASED_AMOUNT.match(s, x[0])], False)
                if bo and bo[0] not in used:
                    pairs.append((bo, r))
                    used |= {bo[0], r[0]}
            if not pairs:
                pairs = self._far_loan(s, sorted(borrowed), sorted(received))
        if not pairs and not received:  # 扣了3000元服务费，借款10000元: the fee told before the loan it came off
            pairs = self._fee_before(s, scope, sorted(contracts + borrowed))
        if not pairs and received and not contracts and not borrowed:  # 扣除1650元服务费后，到账5000元
            pairs = self._fee_then_received(s, scope, sorted(received))
        if not pairs and diff:  # 借款52000元…借款金额与借款协议金额不同，多出5778元: the contract told as a difference
            pairs = self._difference(s, scope, sorted(borrowed + received))
        if not pairs and not received:  # 贷款52000元，分12期…在合同中扣除了5900元属于砍头息: a named head fee, further on
            pairs = self._far_head_fee(s, scope, sorted(contracts + borrowed))
        pairs.sort(key=lambda p: min(p[0][0], p[1][0]))  # the first loan the post describes
        for c, r in pairs:
            if c[2] - r[2] < max(10.0, c[2] * 0.01):
                continue  # 按照70000元借款…实际到账金额为69986.06: cents, not a fee
            if c in borrowed and c not in contracts and any(
                    c[1] <= x[0] and x[1] <= r[0] + 4 and x[1] != r[1] and abs(x[2] - r[2]) < 1 for x in borrowed):
                continue  # 申请20000元，只批了10000元，到账10000元: the loan told again, as much as arrived, after the amount
                # asked for (approved or borrowed in the end), arrived in full: the first amount was no loan's
                # (not a contract: 合同金额10000元，借款8000元，到账8000元 is a head fee)
            lo, hi = min(c[0], r[0]), max(c[1], r[1])
            if _DEDUCT_IF.search(self._clause_before(s, max(c[0], r[0]), 12)):
                continue  # 借款5000元，如果合同写6650元就是砍头息: the second amount supposed
            # amounts are not negated by a 没 nearby (没注意看合同上…): only hypotheticals and hearsay count
            # (advice to readers in the sentence does not make the complainant's amounts someone else's:
            # 奉劝大家不要借，借10000到手7000)
            # (and 听说有人被爆通讯录 is hearsay about contact: head_fee's own hearsay test is about loans)
            if (self.tagger.reports(scope, lo, hi, negate=False, advice="none", hearsay=False, counterfactual=True)
                    and not self._hearsay(s, scope, lo) and not self._example_asked(s, scope, lo, hi)):
                out.append((lo, hi, {"contract": c[2], "received": r[2]}))
        return out


# --- one value per fact: the labelled file's form -------------------------------------------------


def summarise(facts: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Post-level values in the form of dev_facts.jsonl's `facts`."""
    out: dict[str, Any] = {
        "contacted": [], "debt_disclosed": False, "night_contact": False, "calls_per_day": None,
        "impersonation": [], "forged_document": False, "visit": None, "violence": None,
        "image_abuse": False, "stated_apr": None, "head_fee": None,
    }
    modes: dict[str, str] = {}
    for ev in facts.get("contacted", []):
        if modes.get(ev["party"]) != "did":
            modes[ev["party"]] = ev["mode"]
    out["contacted"] = [{"party": p, "mode": modes[p]} for p in sorted(modes)]
    for flag in ("debt_disclosed", "night_contact", "forged_document", "image_abuse"):
        out[flag] = bool(facts.get(flag))
    if facts.get("calls_per_day"):
        out["calls_per_day"] = max(int(e["value"]) for e in facts["calls_per_day"])
    out["impersonation"] = sorted({e["body"] for e in facts.get("impersonation", [])})
    for key in ("visit", "violence"):
        evs = facts.get(key) or []
        if evs:
            did = [e for e in evs if e["mode"] == "did"]
            first = (did or evs)[0]
            out[key] = {"mode": first["mode"], "where": first["where"]} if key == "visit" else first["mode"]
    if facts.get("stated_apr"):
        out["stated_apr"] = float(facts["stated_apr"][0]["value"])
    if facts.get("head_fee"):
        e = facts["head_fee"][0]
        out["head_fee"] = {"contract": float(e["contract"]), "received": float(e["received"])}
    return out


def present(values: dict[str, Any], fact: str) -> bool:
    v = values.get(fact)
    return v not in (None, False, [], {})


def atoms(values: dict[str, Any]) -> set[str]:
    """Fact atoms as dev_facts.jsonl's `disputed` writes them: contacted:parents:did,
    debt_disclosed, calls_per_day:30, head_fee:8000.0:5000.0, visit:threatened:home, ..."""
    out: set[str] = set()
    for c in values.get("contacted") or []:
        out.add(f"contacted:{c['party']}:{c['mode']}")
    for flag in ("debt_disclosed", "night_contact", "forged_document", "image_abuse"):
        if values.get(flag):
            out.add(flag)
    if values.get("calls_per_day") is not None:
        out.add(f"calls_per_day:{int(values['calls_per_day'])}")
    for b in values.get("impersonation") or []:
        out.add(f"impersonation:{b}")
    if values.get("visit"):
        out.add(f"visit:{values['visit']['mode']}:{values['visit']['where']}")
    if values.get("violence"):
        out.add(f"violence:{values['violence']}")
    if values.get("stated_apr") is not None:
        out.add(f"stated_apr:{float(values['stated_apr'])}")
    if values.get("head_fee"):
        out.add(f"head_fee:{float(values['head_fee']['contract'])}:{float(values['head_fee']['received'])}")
    return out


# json.dumps(x, ensure_ascii=False) builds an encoder per call; this one is built once
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def fact_rows(facts: dict[str, list[dict[str, Any]]], evidence: bool = True) -> list[dict[str, Any]]:
    """Store rows (post_facts) for one post's facts: one per fact, one per party for `contacted`.

    `value` is the post-level value (summarise) as JSON; `evidence` the spans that support it
    (left out with evidence=False: `classify` only asks which rules the rows trigger, and the
    evidence JSON was most of the cost)."""
    if not facts:
        return []
    values = summarise(facts)
    rows = []
    for fact in FACTS:
        evs = facts.get(fact) or []
        if not evs:
            continue
        if fact == "contacted":
            for c in values["contacted"]:
                row = {"fact": fact, "party": c["party"], "mode": c["mode"], "value": json.dumps(c["mode"])}
                if evidence:
                    spans = [_span(e) for e in evs if e["party"] == c["party"] and e["mode"] == c["mode"]]
                    row["evidence"] = _json_text(spans[:MAX_EVIDENCE])
                rows.append(row)
            continue
        v = values[fact]
        mode = v["mode"] if isinstance(v, dict) and "mode" in v else v if isinstance(v, str) else ""
        row = {"fact": fact, "party": "", "mode": mode, "value": _json_text(v)}
        if evidence:
            row["evidence"] = _json_text([_span(e) for e in evs][:MAX_EVIDENCE])
        rows.append(row)
    return rows


def _span(e: dict[str, Any]) -> dict[str, Any]:
    return {"start": e["start"], "end": e["end"], "text": e["text"]}
