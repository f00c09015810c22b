"""The tagger on real complaint sentences, its evidence, lenders, the store, and the quality goals.

Sentences are quoted from real posts in ../shared/corpus (功夫贷/钱站 complaints, 2017-2019,
labelled by our codebook in labeled/dev_codebook.jsonl) and from the codebook's own example.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.models import Post
from pipeline.tag import Evidence, Tagger, TagResult, stored_text, tag_store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CONDUCT = {"threat", "legal_threat", "credit_threat", "third_party_contact", "call_harassment", "sms_harassment",
           "social_platform", "app_popup", "insult", "privacy", "no_negotiation"}


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


def themes(tagger: Tagger, text: str, target: str = "") -> set[str]:
    return set(tagger.tag_text(text, target=target).themes)


# --- real sentences (codebook labels in the comments are the annotators') --------------------


def test_address_book_calls_and_calls_to_the_workplace(tagger):
    text = "功夫贷逾期了天天打通讯录里的电话还给单位打电话严重影响生活\n严重影响个人生活催收电话打到单位骚扰通讯录好友"
    assert themes(tagger, text) == {"call_harassment", "third_party_contact"}


def test_threat_to_blow_up_the_address_book_is_threat_and_third_party(tagger):
    text = "被钱站威胁爆我通讯录\n借了2000块钱还了一期，最近周转不过来，客服打电话过来我和她说了1号处理结果威胁我，说今天不还就爆我通讯录"
    assert themes(tagger, text) == {"threat", "third_party_contact"}


def test_lawyers_letter_and_jail_is_legal_threat(tagger):
    text = "暴力催收，威胁\n因资金周转不开，需下个月还款。客气辱骂，并威胁打爆所有通讯录电话，发律师函让我坐牢。"
    assert themes(tagger, text) == {"call_harassment", "insult", "legal_threat", "third_party_contact", "threat"}


def test_photoshopped_pictures_sent_to_contacts_is_insult_privacy_third_party(tagger):
    text = "骚扰侮辱\n功夫贷委托第三方催收公司故意骚扰通讯录联系人并P图侮辱本人然后群发通讯录联系人严重侵害了本人名誉"
    assert themes(tagger, text) == {"insult", "privacy", "third_party_contact"}


def test_threatening_texts_and_abusive_calls(tagger):
    text = "功夫贷暴力催收\n接着开始骚扰我的父母，随后我拒绝接打电话就发短信辱骂，并多次拨打我单位电话影响我个人的工作。"
    assert {"sms_harassment", "insult", "third_party_contact", "call_harassment"} <= themes(tagger, text)


def test_contract_amount_above_money_received_is_fees(tagger):
    text = "钱站阴阳合同\n到账八千，合同上面写的10560跟实际到账的不一致，要求调整，这么高换谁也不想还啊！"
    assert themes(tagger, text) == {"fees"}


def test_borrow_1000_repay_1600_is_fees_by_the_number_rule(tagger):
    result = tagger.tag_text("高利贷\n本人于上个月，在钱站借款1000元，分六期，需要还款2000元，请求减免")
    assert "fees:borrow_repay_ratio" in {e.rule for e in result.themes["fees"]}


def test_refused_early_settlement_is_no_negotiation(tagger):
    text = "高利贷不同意协商还款提前结清\n我先生联系客服要求提前结清协商还款，遭到严厉拒绝。"
    assert "no_negotiation" in themes(tagger, text)


def test_refusal_implied_by_the_complaint_is_no_negotiation(tagger):
    text = "功夫贷年利率超24%\n后来才发现是高利贷，协商过，可功夫贷外包催收部门，恶意轰炸我的通讯录，威胁恐吓我家人"
    assert themes(tagger, text) == {"call_harassment", "fees", "no_negotiation", "third_party_contact", "threat"}


def test_a_conditional_does_not_reach_far_into_a_run_on_sentence(tagger):
    # no full stop: the 要是 clause is 30+ characters before the report it must not cancel
    text = "借了两万五要是加上之前扣的五千我要还到三万七千多元多还了一万七千元现在催收每天打电话骚扰我恐吓我"
    assert "call_harassment" in themes(tagger, text)
    # ... while the report it governs stays hypothetical
    assert themes(tagger, "网贷借款逾期，要是再不还，可能会被天天打电话骚扰") == set()


def test_a_latin_words_letters_are_no_term(tagger):
    # p图 inside "app图标", p成 inside "jsp成功" are no photoshopping; P图 itself is
    assert "insult" not in themes(tagger, "借款逾期后，点开app图标就弹出还款提醒")
    assert "insult" not in themes(tagger, "借款逾期，jsp成功运行")
    assert {"insult", "privacy"} <= themes(tagger, "借款逾期，催收把我的照片ps成遗像，还P图发给我朋友")


def test_a_plain_repayment_question_has_no_theme(tagger):
    assert themes(tagger, "还款成功未销账\n还款成功没有销账，麻烦客服处理一下谢谢。") == set()


def test_the_complainants_own_report_to_the_police_is_no_legal_threat(tagger):
    text = "预期一天违约金100钱站这是高利贷？已报警\n我直接去当地派出所报案了派出所说先立案这个就是高利贷怎么一直没人管"
    assert themes(tagger, text) == {"fees"}


def test_the_codebooks_own_example(tagger):
    text = ("催收员声称如果我不尽快还款，将会面临高额的滞纳金和'严重的信用影响'，甚至提到可能会"
            "'影响到我的个人征信，导致贷款和信用卡无法办理'")
    assert themes(tagger, text) == {"threat", "credit_threat", "fees"}
    assert themes(tagger, "开始询问我的家庭成员，甚至询问能否让我的家人代为偿还") == {"third_party_contact"}
    assert themes(tagger, "在浏览京东时，突然弹出了一条'还款提醒'的弹窗") == {"app_popup"}
    assert themes(tagger, "京东白条并没有针对逾期用户推出如延长还款周期、分期解决方案等灵活的处理方式") == {"no_negotiation"}


# --- evidence ------------------------------------------------------------------------------


def test_evidence_points_into_the_stored_text(tagger):
    post = {"id": 7, "title": "功夫贷爆通讯录", "body": "威胁恐吓联系人，高利贷", "target": ""}
    result = tagger.tag_post(post)
    text = stored_text(post["title"], post["body"])
    assert result.post_id == 7
    for evs in result.themes.values():
        for e in evs:
            assert isinstance(e, Evidence)
            assert text[e.start : e.end] == e.text
            assert e.rule
    assert [e.text for e in result.themes["third_party_contact"]][0] == "爆通讯录"
    assert result.themes["fees"][0].start == len("功夫贷爆通讯录\n威胁恐吓联系人，")


def test_evidence_of_a_spaced_out_word_covers_the_spaces(tagger):
    result = tagger.tag_text("催收 爆 通 讯 录，借钱逾期")
    (ev,) = result.themes["third_party_contact"]
    assert ev.text.replace(" ", "").endswith("通讯录")
    assert "通 讯 录" in ev.text


def test_to_json_is_the_classify_output_shape(tagger):
    out = tagger.tag_text("钱站高利贷", target="").to_json("a1")
    assert out == {"id": "a1", "themes": ["fees"], "lenders": ["钱站"],
                   "evidence": {"fees": [{"start": 2, "end": 5, "text": "高利贷", "rule": "fees:高利贷"}]},
                   "facts": {}}  # facts.md: facts beside themes (none in this text)


# --- lenders --------------------------------------------------------------------------------


def test_target_field_wins_and_is_primary(tagger):
    result = tagger.tag_text("在钱站借款，爱钱进也有", target="捷信消费金融有限公司")
    assert result.lenders == ["捷信", "钱站", "爱钱进"]
    assert result.lender_spans["捷信"] == (None, None, "target")
    start, end, via = result.lender_spans["钱站"]
    assert via == "alias" and "在钱站借款，爱钱进也有"[start:end] == "钱站"


def test_several_lenders_in_one_post(tagger):
    assert tagger.tag_text("钱站，爱钱进，高利贷，阴阳合同").lenders == ["钱站", "爱钱进"]


def test_longest_alias_wins(tagger):
    result = tagger.tag_text("京东白条逾期")
    assert result.lenders == ["京东白条"]
    assert result.lender_spans["京东白条"][:2] == (0, 4)


def test_masked_lender_names_resolve_when_unambiguous(tagger):
    # from raw/Wpandios__HeimaoData: 黑猫 masks the company as 信*飞 (信用飞 = 拍拍贷)
    result = tagger.tag_text("本人在2024年12月25日通过信*飞借款8000元", target="信*飞App")
    assert result.lenders == ["拍拍贷"]


def test_a_target_that_is_no_lender_is_ignored(tagger):
    assert tagger.tag_text("美团外卖送错了", target="美团客服小美").lenders == []
    assert tagger.tag_text("美团借钱骚扰家人", target="美团客服小美").lenders == ["美团月付/美团借钱"]


# --- jieba's dictionary, loaded by first two characters from the tagger's cache file ---------------


def test_dictionary_by_first_characters_cuts_as_the_whole_dictionary(tmp_path, monkeypatch):
    """The first process writes the cache (and uses the whole dictionary); later ones start with
    the one-character entries and load the words starting with two characters when a window first
    has them where a word may start: cuts and word checks must be the same."""
    cache = tmp_path / "words.cache"
    monkeypatch.setattr("pipeline.tag._dict_cache_path", lambda user_words: cache)  # this test's own
    first, later = Tagger(), Tagger()
    first.tok  # noqa: B018 - writes the cache
    assert first._by_char is None and cache.exists()
    assert later.tok is not None and later._by_char is not None
    assert later.tok.FREQ and all(len(w) == 1 for w in later.tok.FREQ)  # no longer word loaded yet
    whole = first.tok  # jieba's Tokenizer, initialised, with the user words added
    assert later.tok.total == whole.total
    text = "钱站客服天天打电话催收，白条鸡不是京东白条，我没钱还款，他们说再不还就爆通讯录，可怕"
    for i in range(len(text)):
        window = text[i : i + 8]
        assert later._cut(window) == tuple(whole.cut(window, HMM=False)) == first._cut(window)
        assert later._crossed(text, i, max(0, i - 5), min(len(text), i + 5)) == first._crossed(text, i, max(0, i - 5), min(len(text), i + 5))
    assert later.tag_text(text).to_json() == first.tag_text(text).to_json()


# --- the store: incremental tagging on both cores ------------------------------------------------


def _posts(n: int) -> list[Post]:
    return [Post(source="heimao", source_id=str(i), url=f"https://tousu.sina.com.cn/complaint/view/{i}/",
                 title="钱站高利贷" if i % 2 else "功夫贷暴力催收", body="催收爆通讯录，天天打电话给我家人",
                 published_at=None, target="") for i in range(n)]


def test_tag_store_tags_new_posts_once_then_nothing(store, tagger):
    store.upsert_posts(_posts(6))
    first = tag_store(store, workers=1, batch_size=4, tagger=tagger)
    assert first.posts == 6 and first.version == tagger.version
    stats = store.stats()
    assert stats["untagged"] == 0
    assert stats["by_lender"] == {"钱站": 3, "功夫贷": 3}
    assert stats["by_theme"]["third_party_contact"] == 6
    assert tag_store(store, workers=1, tagger=tagger).posts == 0  # incremental: nothing new
    assert tag_store(store, workers=1, everything=True, tagger=tagger).posts == 6


def test_tag_store_on_two_processes_gives_the_same_tags(store, tagger):
    store.upsert_posts(_posts(10))
    run = tag_store(store, workers=2, batch_size=3)
    assert run.posts == 10
    assert store.stats()["by_theme"]["call_harassment"] == 10


# --- quality goals on the real corpus (skip without ../shared/corpus) ---------------------------------


def _need_corpus() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not present")


def test_quality_on_the_codebook_labelled_posts(tagger):
    _need_corpus()
    from pipeline.evaluate import evaluate

    with open(CORPUS / "labeled" / "dev_codebook.jsonl", encoding="utf-8") as f:
        first_200 = f.readlines()[:200]  # the posts the lexicon was first written from
    report = evaluate(first_200, tagger)
    assert report.posts == 200
    assert report.micro.f1 >= 0.90
    assert report.macro_f1 >= 0.85


def test_recall_of_the_coarse_labels(tagger):
    _need_corpus()
    want = {"撸通讯录": lambda t: "third_party_contact" in t, "利费过高": lambda t: "fees" in t,
            "暴力催收": lambda t: bool(t & CONDUCT)}
    hit = dict.fromkeys(want, 0)
    n = dict.fromkeys(want, 0)
    for line in (CORPUS / "labeled" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        got = set(tagger.tag_text(rec["text"]).themes)
        for label, ok in want.items():
            if label in rec["labels"]:
                n[label] += 1
                hit[label] += ok(got)
    for label in want:
        assert hit[label] / n[label] >= 0.90, label


def test_few_false_alarms_on_posts_about_other_companies(tagger):
    _need_corpus()
    lines = (CORPUS / "raw" / "Chi-Tian__Spider" / "black_cat.txt").read_text(encoding="utf-8").splitlines()
    flagged = 0
    for line in lines:
        rec = json.loads(line)
        if rec["投诉对象"].startswith(("拼多多", "阿里", "京东客服", "天猫", "飞猪", "圆通", "航空")):
            flagged += bool(tagger.tag_text(rec["投诉标题"] + "\n" + rec["投诉详情"]).themes)
    assert flagged <= 2  # of ~50 shopping/travel complaints


def test_no_theme_and_no_lender_on_shopping_complaints(tagger):
    _need_corpus()
    data = json.loads((CORPUS / "raw" / "bageyalu160__universal-scraper-auto" / "heimao_data.json").read_text(encoding="utf-8"))
    results = [tagger.tag_text(r["title"] + "\n" + r["content"], target=r.get("company") or "") for r in data["complaints"]]
    assert len(results) == 50
    assert sum(bool(r.themes or r.lenders) for r in results) == 0  # 天猫/京东/拼多多 product complaints


def test_tag_result_is_what_the_store_saves():
    r = TagResult(post_id=1, lenders=["钱站"], themes={"fees": [Evidence(0, 3, "高利贷", "fees:高利贷")]})
    assert r.lender_spans == {}


def test_tag_cli_is_incremental_and_all_retags(tmp_path):
    """`complaints tag` as a user runs it: new posts once, then nothing, `--all` everything."""
    import json
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'c.db'}"
    csv = tmp_path / "tips.csv"
    csv.write_text("标题,内容,投诉对象\n钱站爆通讯录,催收威胁爆我通讯录，还打电话给我同事,钱站\n"
                   "借呗高利贷,砍头息，年化超过36%,借呗\n", encoding="utf-8")

    def complaints(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", "--db", db, *args],
                              capture_output=True, text=True, timeout=120)

    assert complaints("init").returncode == 0
    assert complaints("import", str(csv)).returncode == 0
    first = complaints("tag", "--quiet")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("tagged 2 posts")
    assert complaints("tag", "--quiet").stdout.startswith("tagged 0 posts")
    assert complaints("tag", "--all", "--quiet").stdout.startswith("tagged 2 posts")
    stats = json.loads(complaints("stats", "--json").stdout)
    assert stats["untagged"] == 0
    assert stats["by_lender"] == {"钱站": 1, "借呗": 1}
    assert {"third_party_contact", "threat", "fees"} <= set(stats["by_theme"])
