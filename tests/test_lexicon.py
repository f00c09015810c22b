"""The lexicon files load, cover the spec, and normalise text without losing offsets."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline import lexicon as lx

SPEC_LENDERS = Path(__file__).resolve().parents[2] / "shared" / "spec" / "lenders.md"


@pytest.fixture(scope="module")
def lex() -> lx.Lexicon:
    return lx.default()


# --- normalisation ---------------------------------------------------------------------


def test_traditional_becomes_simplified_with_same_offsets():
    n = lx.normalise("他們爆通訊錄")  # "they blew up the address book", traditional
    assert n.text == "他们爆通讯录"
    assert n.index is None  # one character for one: offsets unchanged


def test_fullwidth_digits_and_letters_become_ascii_lower_case():
    n = lx.normalise("年化３６％，Ｐ圖，QQ群")
    assert n.text == "年化36%，p图，qq群"  # CJK punctuation (，) is kept


def test_spaces_inside_words_are_dropped_and_mapped_back():
    text = "催收爆 通 讯 录了"
    n = lx.normalise(text)
    assert n.text == "催收爆通讯录了"
    start = n.text.index("通讯录")
    a, b = n.span(start, start + 3)
    assert text[a:b] == "通 讯 录"


def test_separators_between_chinese_characters_are_dropped_but_dates_keep_theirs():
    assert lx.normalise("通-讯-录 2019-8-26").text == "通讯录2019-8-26"


def test_newlines_stay_because_they_end_a_clause():
    assert lx.normalise("标题\n正文").text == "标题\n正文"


def test_empty_and_emoji_and_astral_characters_survive():
    assert lx.normalise("").text == ""
    n = lx.normalise("😡催收 骂我")
    assert n.text == "😡催收骂我"
    assert n.span(1, 3) == (1, 3)


# --- loading and versioning -----------------------------------------------------------------


def test_project_lexicon_loads_all_twelve_codebook_themes(lex):
    assert lex.theme_ids == [
        "threat", "legal_threat", "credit_threat", "third_party_contact", "call_harassment",
        "sms_harassment", "social_platform", "app_popup", "insult", "privacy", "fees", "no_negotiation",
    ]
    assert re.fullmatch(r"[0-9a-f]{12}", lex.version)


def _copy_lexicon(tmp_path: Path) -> tuple[Path, Path]:
    themes, lenders = tmp_path / "themes.yaml", tmp_path / "lenders.yaml"
    shutil.copy(lx.THEMES_FILE, themes)
    shutil.copy(lx.LENDERS_FILE, lenders)
    return themes, lenders


def test_version_changes_with_any_lexicon_edit(tmp_path):
    themes, lenders = _copy_lexicon(tmp_path)
    before = lx.load(themes, lenders).version
    assert before == lx.lexicon_version()  # same content, same version, whatever the path
    lenders.write_text(lenders.read_text(encoding="utf-8") + "  - name: 测试贷\n    aliases: [测试贷款]\n", encoding="utf-8")
    after = lx.load(themes, lenders)
    assert after.version != before
    assert after.alias_to_lender["测试贷款"] == "测试贷"  # adding a lender is a data change


def test_bad_yaml_is_a_clear_error(tmp_path):
    themes, lenders = _copy_lexicon(tmp_path)
    themes.write_text("themes: [unclosed", encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="not valid YAML"):
        lx.load(themes, lenders)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(lx.LexiconError, match="not found"):
        lx.load(tmp_path / "nope.yaml", lx.LENDERS_FILE)


def test_an_alias_given_to_two_lenders_is_rejected(tmp_path):
    themes, lenders = _copy_lexicon(tmp_path)
    lenders.write_text(lenders.read_text(encoding="utf-8") + "  - name: 冒名贷\n    aliases: [钱站]\n", encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="钱站"):
        lx.load(themes, lenders)


def test_a_cross_theme_rule_naming_an_unknown_theme_is_rejected(tmp_path):
    themes, lenders = _copy_lexicon(tmp_path)
    text = themes.read_text(encoding="utf-8").replace("also: [privacy]", "also: [privacyy]", 1)
    themes.write_text(text, encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="privacyy"):
        lx.load(themes, lenders)


def test_a_fact_rule_naming_an_unknown_theme_or_fact_is_rejected(tmp_path):
    # fee10: themes.yaml fact_rules (fees:head_fee) name a fact and a theme; a typo in either is a load error,
    # not a rule that silently never fires
    from pipeline.tag import Tagger

    themes, lenders = _copy_lexicon(tmp_path)
    original = themes.read_text(encoding="utf-8")
    assert "{fact: head_fee, theme: fees}" in original
    themes.write_text(original.replace("{fact: head_fee, theme: fees}", "{fact: head_fee, theme: feez}", 1), encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="feez"):
        lx.load(themes, lenders)
    themes.write_text(original.replace("{fact: head_fee, theme: fees}", "{fact: head_fees, theme: fees}", 1), encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="head_fees"):
        Tagger(lx.load(themes, lenders))


def test_fact_rules_come_from_the_data(tmp_path):
    # without the fees:head_fee row a head fee found gives no theme: the link is data, not code
    from pipeline.tag import Tagger

    themes, lenders = _copy_lexicon(tmp_path)
    text = themes.read_text(encoding="utf-8").replace("  fees:head_fee: {fact: head_fee, theme: fees}\n", "", 1)
    themes.write_text(text, encoding="utf-8")
    r = Tagger(lx.load(themes, lenders)).tag_text("在安逸花借款10000元，到账8500元")
    assert "head_fee" in r.facts and "fees" not in r.themes
    assert "fees" in Tagger(lx.default()).tag_text("在安逸花借款10000元，到账8500元").themes


def test_a_bad_regex_names_its_rule(tmp_path):
    themes, lenders = _copy_lexicon(tmp_path)
    text = themes.read_text(encoding="utf-8").replace('regex: "曝光(', 'regex: "曝光((', 1)
    themes.write_text(text, encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="privacy"):
        lx.load(themes, lenders)


def test_near_rule_unless_clause_and_fear_carry_come_from_the_data(tmp_path):
    from pipeline.tag import Tagger

    text = "网贷逾期，催收加了我的微信，天天在微信上发消息催款。我担心会影响征信，以后贷不了款。"
    themes, lenders = _copy_lexicon(tmp_path)
    lex = lx.load(themes, lenders)
    (rule,) = [n for n in lex.nears if n.rule == "sms_harassment:abusive_texts"]
    assert "微信" in rule.unless_clause  # WeChat messages are no texts
    assert "以后" in lex.fear_carry
    assert set(Tagger(lex).tag_text(text).themes) == {"social_platform"}
    # without the two data entries the same text gives the false positives back
    data = themes.read_text(encoding="utf-8")
    data = data.replace("unless_clause: [微信, qq, 微博, 抖音, 钉钉, 私信, 群里]", "", 1)
    data = data.replace("fear_carry: [以后,", "fear_carry: [", 1)
    themes.write_text(data, encoding="utf-8")
    got = set(Tagger(lx.load(themes, lenders)).tag_text(text).themes)
    assert {"sms_harassment", "credit_threat"} <= got


def test_unless_before_reads_the_clause_before_a_hit_and_must_compile(tmp_path):
    """(issue 12, themes8) unless_before: a regex over the clause before a hit (the debt said to the borrower
    after the call to them is no disclosure); a bad one names its theme."""
    from pipeline.tag import Tagger

    text = "网贷逾期，催收打电话给我，说我欠钱不还"
    themes, lenders = _copy_lexicon(tmp_path)
    lex = lx.load(themes, lenders)
    (term,) = [t for t in lex.terms if t.rule == "privacy:说我欠钱"]
    assert term.unless_before is not None and term.unless_before.search("打电话给我，")
    assert "privacy" not in Tagger(lex).tag_text(text).themes
    data = themes.read_text(encoding="utf-8")
    start = data.index("        unless_before:", data.index("[说我欠钱, 说我是老赖]"))
    end = data.index("\n", start) + 1
    themes.write_text(data[:start] + data[end:], encoding="utf-8")
    assert "privacy" in Tagger(lx.load(themes, lenders)).tag_text(text).themes  # without it, the false alarm
    themes.write_text(data[:start] + '        unless_before: "(给我"\n' + data[end:], encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="privacy.*unless_before"):
        lx.load(themes, lenders)



def test_a_context_regex_may_be_a_list_one_alternation(tmp_path):
    """(call7, issue 12) unless_clause_re / unless_before / unless_next may be a list of regexes: one alternation, so a
    rule keeps an anchored exception shared with others and adds one of its own; an empty list or a non-string is an
    error naming its theme."""
    themes, lenders = _copy_lexicon(tmp_path)
    lex = lx.load(themes, lenders)
    (term,) = [t for t in lex.terms if t.rule == "call_harassment:天天打"]
    rx = term.unless_clause_re
    assert rx is not None and rx.search("天天打着旗号") and rx.search("拨打95188无数次")  # its own and the shared one
    data = themes.read_text(encoding="utf-8")
    themes.write_text(data.replace("unless_clause_re: [*own_purpose_calls, *other_da]", "unless_clause_re: []", 1), encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="call_harassment.*unless_clause_re"):
        lx.load(themes, lenders)
    themes.write_text(data.replace("unless_clause_re: [*own_purpose_calls, *other_da]", "unless_clause_re: [*own_purpose_calls, 3]", 1), encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="call_harassment.*unless_clause_re"):
        lx.load(themes, lenders)


# --- lenders ----------------------------------------------------------------------------


def test_every_lender_and_alias_of_the_spec_is_recognised(lex):
    if not SPEC_LENDERS.exists():
        pytest.skip("../shared/spec/lenders.md not present")
    rows = [line for line in SPEC_LENDERS.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "---" not in line]
    checked = 0
    for row in rows[1:]:  # skip the header
        canonical, _group, aliases = [c.strip() for c in row.strip("|").split("|")]
        for alias in re.split(r",\s*", aliases):
            alias = re.sub(r"\(.*?\)", "", alias).strip()  # 信用贷(支付宝) -> 信用贷 (spelled out in the YAML)
            if alias == "信用贷":
                alias = "支付宝信用贷"
            assert lx.norm_term(alias) in lex.alias_to_lender, alias
            checked += 1
        assert canonical in lex.lenders, canonical
    assert checked >= 90


def test_lenders_found_in_the_real_corpus_are_included(lex):
    for name in ("爱钱进", "集美分期", "随米花", "融360", "月光侠分期"):
        assert name in lex.lenders
    assert lex.alias_to_lender["玖富悟空理财"] == "玖富"
    assert lex.alias_to_lender["大树金融"] == "功夫贷"  # the company behind 功夫贷


def test_short_and_latin_aliases_must_sit_on_word_boundaries(lex):
    assert "白条" in lex.lenders["京东白条"].boundary
    assert "微众" in lex.lenders["微粒贷"].boundary
    assert "wecash" in lex.lenders["闪银"].boundary
    assert "京东白条" not in lex.lenders["京东白条"].boundary


def test_search_pattern_reads_text_like_the_tagger():
    rx = re.compile(lx.search_pattern("通讯录"))
    for text in ("爆通讯录", "爆通訊錄", "爆通 讯 录", "爆通\u3000訊\u3000錄"):
        assert rx.search(text), text
    assert not rx.search("通信录") and not rx.search("讯录")
    assert re.search(lx.search_pattern("QQ群"), "拉ｑｑ群") and re.search(lx.search_pattern("年化36%"), "年化３６％")
    assert lx.has_variants("通讯录") and lx.has_variants("qq") and not lx.has_variants("催收")


def test_confusable_variants_are_generated_not_listed(lex):
    assert lx.variants("通讯录", lex.confusables) == ["通迅录", "通汛录"]  # by shape and by sound
    assert "搔扰" in lx.variants("骚扰", lex.confusables) and lx.variants("打", lex.confusables) == []
    keys = set(lex.theme_automaton.keys())
    assert {"通迅录", "通汛录", "搔扰", "巩吓", "短息"} <= keys  # generated from data/confusables.txt
    assert "暴力催收" not in lx.variants("爆力催收", {})  # no table, no variants


# --- screens: the words a pattern's every match needs (lexicon.required_words) ----------------


def test_required_words_read_literals_groups_repeats_and_branches():
    need = lx.required_words
    assert need(re.compile("(威胁|恐吓)[^，]{0,8}?(电话|短信)+")) == [frozenset({"威胁", "恐吓"}), frozenset({"电话", "短信"})]
    assert need(re.compile("态度(很|非常)?强硬")) == [frozenset({"态度"}), frozenset({"强硬"})]
    assert need(re.compile("(?:上门|到家)|[催追]收")) == [frozenset({"上门", "到家", "收"})]
    # optional parts, lookarounds, classes with ranges and case-insensitive patterns need nothing
    assert need(re.compile("(?<!我)(?:骚扰)?[0-9]{2,}")) == []
    assert need(re.compile("(?i)qq")) == []
    assert need(re.compile("(?:a|)b")) == [frozenset({"b"})]


def test_pattern_screens_never_hide_a_match(lex):
    """Every match of every project pattern contains a word of each of its screens, on the
    synthetic corpus and on sentences written for the patterns' own shapes."""
    from crawler.mirror.democorpus import iter_posts

    texts = [lx.normalise(f"{p.title}\n{p.body}").text for p in iter_posts(400, seed=3)]
    texts += [lx.normalise(t).text for t in (
        "我多次跟他们协商减免，他们一直不同意，还说不还就爆通讯录",
        "晚上十一点还在打电话，一天打了三十多个电话",
        "年化利率高达36%，他们拒绝和我协商",
        "催收把我的照片发给我的同事，让我全公司都知道了我欠钱",
    )]
    matched = 0
    for p in lex.patterns:
        for s in texts:
            for m in p.regex.finditer(s):
                matched += 1
                for screen in p.screens:
                    assert screen.search(s, m.start(), m.end()), (p.rule, m.group(0))
    assert matched > 50  # the check ran on real matches


def test_screened_fact_patterns_find_what_the_patterns_find():
    """The facts' screened patterns (pipeline/facts.py _Screened) answer finditer, search and
    match exactly as the bare pattern does, on whole posts and on ranges."""
    from crawler.mirror.democorpus import iter_posts
    from pipeline import facts as fx

    screened = {k: v for k, v in fx.default().rx.items() if isinstance(v, fx._Screened)}
    # (_CONTRACT_AFTER and _BORROWED_BEFORE begin with their digit now: no screens, see below)
    screened.update({k: getattr(fx, k) for k in ("_CONTRACT_AFTER", "_BORROWED_BEFORE", "_RECEIVED_BEFORE")
                     if isinstance(getattr(fx, k), fx._Screened)})
    assert {"apr", "night", "_RECEIVED_BEFORE"} <= set(screened)
    texts = [lx.normalise(f"{p.title}\n{p.body}").text for p in iter_posts(300, seed=5)]
    texts += [lx.normalise(t).text for t in (
        "借款10000元，实际到账7000元，年化利率高达36%，晚上十一点还打电话",
        "7000元到账，合同写的10000元借款合同，冒充律师发来假律师函",
        "我没有借款，凌晨2:30被吵醒",
    )]
    found = 0
    for key, rx in screened.items():
        for s in texts:
            got = [m.span() for m in rx.finditer(s)]
            assert got == [m.span() for m in rx.rx.finditer(s)], key
            found += len(got)
            mid = len(s) // 2
            for pos, end in ((0, len(s)), (mid, len(s)), (0, mid)):
                a, b = rx.search(s, pos, end), rx.rx.search(s, pos, end)
                assert (a and a.span()) == (b and b.span()), key
                a, b = rx.match(s, pos, end), rx.rx.match(s, pos, end)
                assert (a and a.span()) == (b and b.span()), key
    assert found > 20  # real matches were compared


def test_top_alternatives_split_only_at_the_top_level():
    assert lx.top_alternatives("a|(b|c)|[|]") == ["a", "(b|c)", "[|]"]
    assert lx.top_alternatives(r"x\|y|[]|]z|[^]|]|(?:p|q)r") == [r"x\|y", "[]|]z", "[^]|]", "(?:p|q)r"]
    assert lx.top_alternatives("abc") == ["abc"]


def test_alternations_searched_by_their_parts_find_the_same_matches():
    """A screened alternation (hf_deduct: one alternative starts with a lookbehind, so the engine
    tried every position) is searched alternative by alternative (Screened._search); the match
    returned is the very one the whole pattern gives: same span, same groups, same finditer."""
    from crawler.mirror.democorpus import iter_posts
    from pipeline import facts as fx

    split = {k: v for k, v in fx.default().rx.items() if isinstance(v, fx._Screened) and v.searcher() and v._parts}
    assert {"hf_deduct", "hf_deduct_share"} <= set(split)
    texts = [lx.normalise(f"{p.title}\n{p.body}").text for p in iter_posts(300, seed=7)]
    texts += ["借款10000元，到账7000元，扣了3000元服务费，其中500元是会员费", "下款时扣除了1500，服务费占了20%，按3成收取",
              "到账后扣了我2000的砍头息，收取了借款金额的百分之十五的手续费", "以服务费名义扣除2000元，另有300"]
    found = 0
    for key, rx in split.items():
        for s in texts:
            got = [(m.span(), m.groups()) for m in rx.finditer(s)]
            assert got == [(m.span(), m.groups()) for m in rx.rx.finditer(s)], key
            found += len(got)
            for pos in range(0, len(s), 7):
                for end in (len(s), min(len(s), pos + 40)):
                    a, b = rx.search(s, pos, end), rx.rx.search(s, pos, end)
                    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (key, s, pos, end)
    assert found > 20  # real matches were compared
    # where splitting could change a part's meaning, the pattern is searched whole
    for pattern in (r"(a)x|\1y", "(?i)ab|cd", "a|", "(?P<n>a)b|(?P=n)c"):
        assert lx._search_parts(re.compile(pattern)) is None, pattern
    assert lx._search_parts(re.compile("(?<!x)ab|cd|ef")) is not None


def test_compile_read_is_re_compile():
    """(issue 12, speed) Theme patterns are parsed once, for the compiler and for their screens
    (lexicon.compile_read): the pattern object is re.compile's (same compiled code, flags and
    groups, so the same matches), and a bad pattern raises re.compile's error."""
    patterns = [p.regex.pattern for p in lx.default().patterns]
    patterns += [r"(?P<n>\d+)(?P<u>万|千)?元", r"(?<![我人])(对|向)(?:我|本人)?的?家人", r"(?i)app\w+", r"^.{0,3}?催收$"]
    for pattern in patterns:
        rx, expected = lx.compile_read(pattern), re.compile(pattern)
        assert rx == expected and rx.flags == expected.flags, pattern  # (== compares the compiled code)
        assert (rx.groups, rx.groupindex) == (expected.groups, expected.groupindex), pattern
    assert lx.compile_read(r"(?P<n>\d+)(?P<u>万|千)?元").search("借了1万元").groupdict() == {"n": "1", "u": "万"}
    assert lx.compile_read(r"(?i)app\w+").search("下载APPxx") is not None
    with pytest.raises(re.error, match="look-behind"):
        lx.compile_read(r"(?<=催+)收")
    with pytest.raises(re.error):
        lx.compile_read("(催收")


def test_exception_words_compiled_when_first_searched():
    """(issue 12, speed) A rule's exception words (unless_clause, a near rule's unless_span) are one
    regex compiled on its first search (lexicon.WordsRx), one per list: the same answers as words_rx."""
    words = ("我让", "我叫", "本人给")
    rx = lx.lazy_words_rx(words)
    assert rx is lx.lazy_words_rx(words) and lx.lazy_words_rx(()) is None
    assert rx.search.__func__ is lx.WordsRx._first_search  # nothing compiled at load
    for s, lo, hi in [("催收说，我让他别打了", 0, 99), ("催收说，我让他别打了", 0, 4), ("本人给催收打电话", 1, 9), ("我叫", 0, 2)]:
        got, expected = rx.search(s, lo, hi), lx.words_rx(words).search(s, lo, hi)
        assert (got and got.span()) == (expected and expected.span()), (s, lo, hi)
    assert rx.search.__self__.pattern == lx.words_rx(words).pattern  # compiled now, words_rx's pattern
    terms = [t for t in lx.default().terms if t.unless_clause]
    assert terms and all(t.unless_clause_rx is lx.lazy_words_rx(t.unless_clause) for t in terms)


def test_first_chars_lists_where_a_match_can_begin():
    fc = lx.first_chars
    assert fc(re.compile("(?<![我])(打到|打给)我")) == "[打]"  # a lookbehind takes no character
    assert set(fc(re.compile("(?:把|将)?(?<!x)我的|(?=[他])他们"))) - set("[]") == set("把将我他")  # optional part: what follows too
    assert set(fc(re.compile("(?:[2-4]|十)+次"))) - set("[]") == set("234十")
    for pattern, flags in (("a?", 0), (r"\d+元", 0), ("[^a]b", 0), (".b", 0), ("ab", re.IGNORECASE), ("(?i:a)b", 0),
                           ("[\u4e00-\u9fff]", 0)):
        assert fc(re.compile(pattern, flags)) is None, pattern  # empty match, category, negation, any, case, wide class


def test_alternatives_alone_behind_their_own_screens():
    """An alternative the engine cannot skip through is searched alone behind screens of its own
    words (lexicon._alone) when it has any; alternatives with neither screens nor first characters
    are searched together. The parts still find rx.search's match (test above for hf_deduct)."""
    parts = lx._search_parts(re.compile(r"ab|(?<=x)\d+元服务费|(?<=y)[^a]+"))
    assert parts is not None and len(parts) == 3
    assert parts[1]("x12元会员费", 0, 99) is None  # no 服务费 in the range: not searched
    assert lx._alone(re.compile(r"(?<=y)[^a]+")) is None


def test_start_finders_find_what_the_patterns_find():
    """Theme patterns and screened fact patterns the engine cannot skip through are tried only
    where their first characters stand (lexicon.StartFinder): the same matches, spans and groups,
    as the patterns' own finditer and search, on whole posts and on windows."""
    from crawler.mirror.democorpus import iter_posts
    from pipeline import facts as fx

    patterns = lx.default().patterns
    finders = [p for p in patterns if isinstance(lx.start_finder(p.regex), lx.StartFinder)]
    assert len(finders) > 20
    assert sum(bool(p.screens) for p in patterns) > len(patterns) / 2  # (the finders come on top of the screens)
    searchers = [(k, v) for k, v in fx.default().rx.items() if isinstance(v, fx._Screened) and v.searcher() != v.rx.search
                 and not v._parts]
    assert {"night", "apr"} <= {k for k, _ in searchers}
    texts = [lx.normalise(f"{p.title}\n{p.body}").text for p in iter_posts(300, seed=9)]
    texts += ["催收打到我单位的座机，说要去我家，还打给我老板", "他们说要曝光我的通讯录，把我的照片发给我家人"]
    found = 0
    for s in texts:
        windows = [(0, len(s))] + [(lo, min(len(s), lo + 96)) for lo in range(0, len(s), 40)]
        for p in finders:
            for lo, hi in windows:
                got = [(m.span(), m.groups()) for m in p.finditer(s, lo, hi)]  # (the finder is built on first use)
                assert got == [(m.span(), m.groups()) for m in p.regex.finditer(s, lo, hi)], p.rule
                found += len(got)
        for key, rx in searchers:
            for lo, hi in windows:
                a, b = rx.search(s, lo, hi), rx.rx.search(s, lo, hi)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), key
    assert found > 50  # real matches were compared
    assert all(isinstance(p.finditer, lx.StartFinder) for p in finders)


def test_rewritten_amount_patterns_match_as_written_before():
    """facts._AMOUNTISH and facts._THOUSANDS begin with a character class (speed); they find
    exactly what their plain forms find."""
    from pipeline import facts as fx

    plain_amountish = re.compile(r"\d{3,}|\d(?:\.\d+)?[万千wk]|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][千万仟萬百佰]")
    plain_thousands = re.compile(r"(?<![\d.])\d{1,3}(?:[,，]\d{3})+(?![\d,，])")
    texts = ["1,000,000元 2,000 .123,456 12,3456 1，000，000 a1,000b 9.1,000 0,000,000 1,000,0000",
             "一千 两万 3万 2.5万 123 12 五百 壹仟 十百 3.5k 2w 1.万", "借款10,000元，到手7,500，2019-08-26", "", "7"]
    for s in texts:
        assert fx._AMOUNTISH.findall(s) == plain_amountish.findall(s), s
        assert [m.span() for m in fx._THOUSANDS.finditer(s)] == [m.span() for m in plain_thousands.finditer(s)], s


def test_amount_patterns_begun_with_their_digit_match_as_written_before(corpus):
    """facts._CONTRACT_AFTER begins with the digit, its lookbehind over it (speed: the engine
    skips to digits); it finds exactly what its written-before form finds, group by group, on
    generated posts, the tune part of the facts file and edge cases."""
    import json

    from crawler.mirror.democorpus import iter_posts
    from pipeline import facts as fx
    from pipeline.evaluate import split_part

    before = {  # (_BORROWED_BEFORE also reads amounts in words since issue 15: it keeps its lookbehinds)
        "_CONTRACT_AFTER": re.compile(r"(?<![\d'])(?P<n>\d+(?:'\d{3})*(?:\.\d{1,2})?(?:[万千wk])?)(?:元|块)?(?:签的|签订的|签署的|签了|签订|签署|签)?(?:的)?(?:借款)?(?:合同|借条|借据)"
                                      r"(?!(?:上|里)?(?:是|为|写的?|写着|金额|显示|:|：)?\d)"),
    }
    texts = [lx.normalise(f"{p.title}\n{p.body}").text for p in iter_posts(300, seed=11)]
    for line in (corpus / "labeled" / "dev_facts.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if split_part(rec["id"]) == "tune":
            texts.append(lx.normalise(rec["text"]).text)
    # contract shapes: amounts (plain, thousands, decimals, 万/k, glued to digits or ') x sign words x paper
    texts += [f"{pre}{n}{unit}{sign}{paper}{post}" for pre in ("签了", "x", "'") for n in ("7000", "1'000", "2.5", "12.55")
              for unit in ("", "元", "万", "块") for sign in ("", "签订的", "的借款") for paper in ("合同", "借条", "借据")
              for post in ("", "上是8000", "9520")]
    texts += ["5000借款", "还5000借款", "还款5000借款", "款5000的借款", "'5000借款 1'000贷款 1,5000贷款", "12.5万的贷款",
              "签订97000元合同", "97000元合同上是8000", "7000的借款合同9520", "x7000签了合同", "a'12合同", "7合同", "",
              "签10000的借条", "10000元借据上是8000"]
    found = 0
    for name, plain in before.items():
        rx = getattr(fx, name)
        assert not isinstance(rx, fx._Screened), name  # (the engine skips by itself: no screens)
        for s in texts:
            got = [(m.span(), m.groupdict()) for m in rx.finditer(s)]
            assert got == [(m.span(), m.groupdict()) for m in plain.finditer(s)], (name, s)
            found += len(got)
    assert found > 50  # real matches were compared


def test_speech_not_comes_from_the_data(tmp_path):
    """(issue 12, themes9) scope.speech_not: a speech cue inside 给个说法 is none, so the complainant's conditional after
    it stays hypothetical; without the list the collector seems to speak and the contact is reported."""
    from pipeline.tag import Tagger

    text = "网贷利息太高，等平台给个说法，如果骚扰我家人或者爆通讯录，我就报警"
    themes, lenders = _copy_lexicon(tmp_path)
    lex = lx.load(themes, lenders)
    assert "说法" in lex.speech_not
    assert "third_party_contact" not in Tagger(lex).tag_text(text).themes
    data = re.sub(r"\n  speech_not: \[[^\]]*\]", "", themes.read_text(encoding="utf-8"), count=1)
    themes.write_text(data, encoding="utf-8")
    assert "third_party_contact" in Tagger(lx.load(themes, lenders)).tag_text(text).themes


def test_parse_yaml_from_its_cache_is_the_parsers_data(tmp_path, monkeypatch):
    """parse_yaml keeps what it parsed in the cache folder (issue 12, start-up): a second parse of the
    same text reads it back, equal to the parser's and a fresh copy each time; a document marshal
    cannot store (a YAML date) is parsed each time, never cached; a damaged file is parsed again."""
    import yaml

    monkeypatch.setenv("COMPLAINTS_CACHE", str(tmp_path))
    text = "a: [1, 2.5, x, null, true]\nb: {c: 催收, d: [{e: 1}]}\n"
    want = yaml.safe_load(text)
    first = lx.parse_yaml(text)
    files = list(tmp_path.glob("complaints-yaml-*.cache"))
    assert first == want and len(files) == 1
    second = lx.parse_yaml(text)
    assert second == want and second is not first
    second["a"].append(9)
    assert lx.parse_yaml(text) == want  # (no copy shared between calls)
    files[0].write_bytes(b"\x00garbage")
    assert lx.parse_yaml(text) == want
    dated = "when: 2024-01-02\n"
    assert lx.parse_yaml(dated) == yaml.safe_load(dated)
    assert len(list(tmp_path.glob("complaints-yaml-*.cache"))) == 1  # the date's document: not cached
    with pytest.raises(yaml.YAMLError):
        lx.parse_yaml("a: [1, 2")


# --- the compiled lexicon kept between processes (lexicon._cached_load) ----------------------


def _compiled(lex: lx.Lexicon) -> list[re.Pattern[str]]:
    """Every compiled pattern of a lexicon's rules (regexes, screens, exceptions), in rule order."""
    out: list[re.Pattern[str]] = [lex.complainant.rx if isinstance(lex.complainant, lx.Screened) else lex.complainant]
    for rule in lex.terms + lex.nears + lex.patterns:
        for name in ("regex", "unless_before", "unless_next", "unless_clause_re"):
            rx = getattr(rule, name, None)
            if rx is not None:
                out.append(rx)
        out += list(getattr(rule, "screens", ()))
    return out


@pytest.fixture
def lexicon_cache(tmp_path, monkeypatch):
    """The lexicon cache in a folder of the test's own."""
    monkeypatch.setenv("COMPLAINTS_CACHE", str(tmp_path))
    return tmp_path


def _tags(lex: lx.Lexicon) -> list[object]:
    from pipeline.tag import Tagger

    texts = ["招联的催收天天给我爸妈打电话，还威胁说要上门", "分期乐客服不同意我的延期申请，说只能全额还款",
             "如果不还钱，美团月付的催收就骂我", "安逸花借款10000元，到账7000元，扣了3000服务费"]
    return [r.to_json() for r in Tagger(lex).tag_texts(texts)]


def test_cached_lexicon_is_the_loaded_one(lexicon_cache):
    fresh = lx.load()
    first = lx._cached_load()  # loads the files and writes the cache
    path = lx.lexicon_cache_path("lexicon", lx._lexicon_inputs())
    assert path.parent == lexicon_cache and path.exists()
    again = lx._cached_load()  # read back from the file
    assert again is not first and again.version == fresh.version
    pairs = list(zip(_compiled(again), _compiled(fresh)))
    assert len(pairs) == len(_compiled(fresh)) > 200
    for a, b in pairs:
        assert a == b and type(a.flags) is int and a.flags == b.flags  # same pattern, flags (an int) and code
    assert [p.rule for p in again.patterns] == [p.rule for p in fresh.patterns]
    assert _tags(again) == _tags(fresh)
    # what the remade patterns put in rxcache can be stored (an re.RegexFlag in a key once made every save fail)
    import marshal

    from pipeline import rxcache

    marshal.dumps(rxcache._load())


@pytest.mark.parametrize("content", [b"", b"not a pickle at all", b"\x80\x05K\x01.", None])
def test_a_damaged_or_foreign_lexicon_cache_is_ignored_and_rebuilt(lexicon_cache, content):
    import pickle

    path = lx.lexicon_cache_path("lexicon", lx._lexicon_inputs())
    # empty, garbage, a pickle of something else (the int 1), a pickle cut short
    path.write_bytes(content if content is not None else pickle.dumps(lx.load())[:5000])
    got = lx._cached_load()
    assert isinstance(got, lx.Lexicon) and got.version == lx.load().version
    assert _tags(got) == _tags(lx.load())
    assert isinstance(pickle.loads(path.read_bytes()), lx.Lexicon)  # written again, whole


def test_the_lexicon_cache_is_keyed_by_the_files_and_the_code(lexicon_cache, tmp_path, monkeypatch):
    before = lx.lexicon_cache_path("lexicon", lx._lexicon_inputs())
    edited = tmp_path / "themes.yaml"
    edited.write_bytes(lx.THEMES_FILE.read_bytes() + b"\n# an edit\n")
    monkeypatch.setattr(lx, "THEMES_FILE", edited)
    assert lx.lexicon_cache_path("lexicon", lx._lexicon_inputs()) != before  # a stale file is never read: another name
    monkeypatch.undo()
    monkeypatch.setenv("COMPLAINTS_CACHE", str(lexicon_cache))
    monkeypatch.setattr(lx, "_LEXICON_CACHE_FORMAT", "another")
    assert lx.lexicon_cache_path("lexicon", lx._lexicon_inputs()) != before


def test_cached_fact_lexicon_is_the_loaded_one(lexicon_cache):
    """facts.default() goes through the same cache: its patterns and findings are load()'s."""
    from pipeline import facts as fx
    from pipeline.tag import Tagger

    inputs = (fx.FACTS_FILE, Path(fx.__file__).resolve(), lx.CONFUSABLES_FILE)
    fresh = fx.load()
    lx.load_cached("facts", inputs, fx.load, fx.FactLexicon)  # built and written
    path = lx.lexicon_cache_path("facts", inputs)
    assert path.exists()
    again = lx.load_cached("facts", inputs, lambda: pytest.fail("loaded although cached"), fx.FactLexicon)
    assert again.version == fresh.version and sorted(again.rx) == sorted(fresh.rx)
    for key, rx in fresh.rx.items():
        a, b = getattr(again.rx[key], "rx", again.rx[key]), getattr(rx, "rx", rx)
        assert a == b and a.flags == b.flags, key
    tagger = Tagger()
    texts = ["在360借条借款10000元，到账只有7000元，被扣了3000元服务费", "催收打电话给我妈，说我欠钱不还，还说要上门"]
    got = [fx.FactExtractor(tagger, again).extract_normalised(lx.normalise(t), lx.reduce_alphabet(lx.normalise(t).text, tagger._alphabet), True) for t in texts]
    want = [fx.FactExtractor(tagger, fresh).extract_normalised(lx.normalise(t), lx.reduce_alphabet(lx.normalise(t).text, tagger._alphabet), True) for t in texts]
    assert got == want and got[0].get("head_fee") and got[1].get("contacted")
