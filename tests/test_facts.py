"""Collection facts (pipeline/facts.py, data/facts.yaml) against ../shared/spec/facts.md.

Sentences are written for these tests (realistic, in the platforms' register), including
negated, hypothetical and own-action ones for every fact; the rare facts (night calls,
calls per day, impersonation, forged documents, visits) occur in only 1-5 labelled posts.
The labelled file's tune part is scored too (the check part is only measured by
`complaints eval`).
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import facts as fx
from pipeline.evaluate import evaluate_facts, split_part
from pipeline.tag import Tagger


@functools.cache
def _tagger() -> Tagger:
    return Tagger()


def values(text: str) -> dict:
    return fx.summarise(_tagger().tag_text(text).facts)


def parties(text: str) -> set[tuple[str, str]]:
    return {(c["party"], c["mode"]) for c in values(text)["contacted"]}


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("words, number", [
    ("三十", 30), ("几十", 20), ("十几", 10), ("上百", 100), ("五六", 5), ("二三十", 20), ("7万2千", 72000),
    ("2w", 20000), ("五千三百", 5300), ("一万", 10000), ("1.5万", 15000), ("八千", 8000), ("数十", 20),
])
def test_numbers_are_the_smallest_the_words_allow(words, number):
    assert fx.parse_number(words) == number


@pytest.mark.parametrize("words", ["几", "", "个"])
def test_no_number_in_vague_words(words):
    assert fx.parse_number(words) is None


# --- contacted ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("功夫贷逾期三天，催收直接打给我妈。", {("parents", "did")}),
    ("借款逾期，催收说要打给我领导。", {("employer", "threatened")}),
    ("逾期后催收爆了我的通讯录，还骚扰我的亲朋好友。", {("all_contacts", "did"), ("friends", "did"), ("relatives", "did")}),
    ("催收说今天不还就爆我通讯录。", {("all_contacts", "threatened")}),
    ("钱站催收威胁联系通讯录里的人。", {("all_contacts", "threatened")}),
    ("催收给我老婆打电话，还打到我单位。", {("spouse", "did"), ("employer", "did")}),
    ("催收骚扰我的家人，对我父母破口大骂。", {("parents", "did")}),  # 家人 here means the parents
    ("催收天天骚扰我的家人，逾期才两天。", {("relatives", "did")}),
    ("催收打了紧急联系人的电话，借款才逾期一天。", {("emergency_contact", "did")}),
])
def test_contacted_party_and_mode(text, expected):
    assert parties(text) == expected


@pytest.mark.parametrize("text", [
    "借款逾期了，但是他们没有联系我家人。",          # negated
    "我怕他们以后会爆我通讯录，借款还没还清。",       # the complainant's fear
    "如果爆我通讯录我马上报警，我没说不还款。",       # the complainant's conditional
    "我打电话给家人借钱还款，催收还是天天催。",       # the complainant's own call
    "网贷逾期，请立即停止骚扰我的朋友圈。",           # 朋友圈 is not friends
    "功夫贷盗取我的通讯录，借款时就读取了。",         # the app reading it contacts no one
    "网上很多人说被他们爆过通讯录，我借款还没遇到。",  # hearsay
])
def test_contacted_not_reported(text):
    assert parties(text) == set()


# --- debt_disclosed ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "逾期后催收跟我同事说我欠钱不还。",
    "网贷催收群发短信说我是老赖。",
    "催收P图群发我的亲人朋友，借款才逾期一周。",
])
def test_debt_disclosed(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "催收威胁说明天就曝光我，借款逾期了。",   # a threat, not a disclosure
    "借款逾期，他们并没有散播我的信息。",     # negated
])
def test_debt_not_disclosed(text):
    assert not values(text)["debt_disclosed"]


# --- night_contact ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["逾期后催收凌晨两点打电话。", "借款逾期，晚上十一点还在打电话。", "催收半夜短信骚扰，网贷逾期。",
                                  "钱站催收不分白天黑夜，电话短信骚扰。", "催款电话早上六点就打来了，借款逾期。"])
def test_night_contact(text):
    assert values(text)["night_contact"]


@pytest.mark.parametrize("text", ["借款逾期，催收晚上九点打电话。", "催收没有半夜打电话，借款逾期。",
                                  "如果半夜打电话我就报警，借款还没逾期。", "当晚就爆通讯录，借款逾期一天。"])
def test_no_night_contact(text):
    assert not values(text)["night_contact"]


# --- calls_per_day ----------------------------------------------------------------------------


@pytest.mark.parametrize("text, number", [
    ("逾期后催收一天三十多个电话。", 30), ("借款逾期，一天几十个电话轰炸。", 20), ("催收一天上百个电话，网贷逾期。", 100),
    ("催收每天打十几个电话，借款逾期。", 10), ("钱站一天都打五六个电话，借款逾期。", 5),
    ("催收一会能打50多个电话，借款逾期。", 50), ("借款逾期，一天打了8次电话。", 8),
])
def test_calls_per_day(text, number):
    assert values(text)["calls_per_day"] == number


@pytest.mark.parametrize("text", [
    "借款逾期，催收两天打50多个电话。",     # over two days: not a per-day number
    "催收一天打了几个电话，借款逾期。",     # 几个: no number
    "催收一天发了二十条短信，借款逾期。",   # texts, not calls
    "借款逾期，我一天打了十个电话给客服。",  # the complainant's calls
])
def test_no_calls_per_day(text):
    assert values(text)["calls_per_day"] is None


# --- impersonation, forged documents ----------------------------------------------------------


@pytest.mark.parametrize("text, bodies", [
    ("催收自称是法院的，说我借款逾期要被起诉。", ["court"]), ("催收冒充警察打电话给我，借款逾期。", ["police"]),
    ("催收假冒律师事务所的律师催款。", ["lawyer"]), ("借款逾期，催收谎称是仲裁委的工作人员。", ["arbitration"]),
])
def test_impersonation(text, bodies):
    assert values(text)["impersonation"] == bodies


@pytest.mark.parametrize("text", ["借款逾期，催收并没有冒充警察。", "我会找律师处理借款的事。", "如果他们冒充法院我就报警，借款逾期。"])
def test_no_impersonation(text):
    assert values(text)["impersonation"] == []


@pytest.mark.parametrize("text", ["催收发来一张P的法院传票，借款逾期。", "借款逾期，催收在微信发来了逮捕令。", "催收寄来伪造的律师函，网贷逾期。"])
def test_forged_document(text):
    assert values(text)["forged_document"]


@pytest.mark.parametrize("text", ["催收说要寄律师函，借款逾期。", "借款逾期，催收没有发来传票。", "催收说等着收传票，借款逾期。"])
def test_no_forged_document(text):
    assert not values(text)["forged_document"]


# --- visit, violence, image abuse ---------------------------------------------------------------


@pytest.mark.parametrize("text, visit", [
    ("借款逾期，催收说明天上门。", {"mode": "threatened", "where": "home"}),
    ("催收人员真的到我单位来了，借款逾期。", {"mode": "did", "where": "work"}),
    ("催收扬言去老家找我父母，借款逾期。", {"mode": "threatened", "where": "hometown"}),
])
def test_visit(text, visit):
    assert values(text)["visit"] == visit


@pytest.mark.parametrize("text", ["借款逾期，催收电话打到单位。", "催收不会上门的，借款逾期。", "我怕他们上门，借款逾期了。"])
def test_no_visit(text):
    assert values(text)["visit"] is None


@pytest.mark.parametrize("text, mode", [("催收威胁要打断你的腿，借款逾期。", "threatened"), ("借款逾期，催收上门殴打我父亲。", "did"),
                                        ("催收说不还钱就弄死你，网贷逾期。", "threatened")])
def test_violence(text, mode):
    assert values(text)["violence"] == mode


@pytest.mark.parametrize("text", ["借款逾期，催收没有说要弄死我。", "还不起借款，我担心人身安全。"])
def test_no_violence(text):
    assert values(text)["violence"] is None


@pytest.mark.parametrize("text", ["催收P图发给亲友，借款逾期。", "借款逾期，催收把我身份证照片发群里。", "催收散发我孩子的照片，网贷逾期。"])
def test_image_abuse(text):
    assert values(text)["image_abuse"]


@pytest.mark.parametrize("text", ["催收威胁要P图发给亲友，借款逾期。", "借款时我上传身份证照片审核。"])
def test_no_image_abuse(text):
    assert not values(text)["image_abuse"]


# --- stated_apr, head_fee -----------------------------------------------------------------------


@pytest.mark.parametrize("text, rate", [
    ("借款年化36%，太高了。", 36.0), ("钱站贷款年利率高达40.4%。", 40.4), ("借款合同年化利率超200！", 200.0),
    ("借款年利率为100%，严重超过国家规定的24%，你们家年利率500%吗", 100.0),
    ("合同上写的年费率是22.5%实际费率已经超过了43%，借款太坑。", 43.0),
])
def test_stated_apr(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", ["借款年化超过国家规定的24%。", "借款利息超过了年化36%的法定上限。", "借款半年利息达到40%。", "借款利率高达41%。"])
def test_no_stated_apr(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, fee", [
    ("借款合同8000到账5000，砍头息太狠。", (8000, 5000)),
    ("我借了20000，合同上写27800，还12期。", (27800, 20000)),
    ("合同金额八千块钱，放款五千块钱！借款逾期一天150", (8000, 5000)),
    ("借款4000，到账4000，却拟一个合同借款金额五千三百多", (5300, 4000)),
    ("合同上写7万2千多实际到款55000！借款利息太高", (72000, 55000)),
])
def test_head_fee(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", ["借款3000元，实际到账金额3000元。", "借款1000需要还1600，合同上明明只要还1100"])
def test_no_head_fee(text):
    assert values(text)["head_fee"] is None


# --- evidence, output shape -------------------------------------------------------------------------


def test_every_evidence_span_points_into_the_stored_text():
    text = "功夫贷 逾 期\n催收凌晨两点打给我妈，一天三十多个电话，合同8000到账5000，年化36%，P图发给亲友。"
    facts = _tagger().tag_text(text).facts
    assert set(facts) >= {"contacted", "night_contact", "calls_per_day", "head_fee", "stated_apr", "image_abuse"}
    for evs in facts.values():
        for e in evs:
            assert text[e["start"]:e["end"]] == e["text"]


def test_traditional_and_full_width_text_give_the_same_facts():
    assert values("催收打給我媽，一天３０多個電話，借款逾期。")["calls_per_day"] == 30
    assert ("parents", "did") in parties("催收打給我媽，借款逾期。")


def test_no_facts_in_a_post_not_about_lending():
    assert _tagger().tag_text("今天凌晨两点打电话给我妈聊天").facts == {}


def test_store_rows_one_per_party():
    rows = fx.fact_rows(_tagger().tag_text("催收打给我妈，又骚扰我的同事，借款逾期。").facts)
    assert {(r["fact"], r["party"], r["mode"]) for r in rows} == {("contacted", "parents", "did"), ("contacted", "colleagues", "did")}
    assert all(json.loads(r["evidence"]) for r in rows)


def test_tag_version_changes_with_the_fact_lexicon(tmp_path):
    other = tmp_path / "facts.yaml"
    other.write_text(fx.FACTS_FILE.read_text(encoding="utf-8") + "\n# one more comment\n", encoding="utf-8")
    assert fx.tag_version("abc", other) != fx.tag_version("abc")


def test_tag_version_changes_with_the_taggers_code_revision():
    # a code change that changes tags bumps TAGGER_REVISION: the stored tags become stale
    assert fx.tag_version("abc", revision=fx.TAGGER_REVISION + 1) != fx.tag_version("abc")
    assert fx.tag_version("abc", revision=0) == hashlib.sha1(f"abc:{fx.facts_version()}".encode()).hexdigest()[:12]


def test_a_broken_fact_lexicon_names_the_problem(tmp_path):
    from pipeline.lexicon import LexiconError

    bad = tmp_path / "facts.yaml"
    bad.write_text("parties:\n  cousins: [表哥]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="unknown party 'cousins'"):
        fx.load(bad)


# --- the labelled file ----------------------------------------------------------------------------


def test_split_is_stable_and_about_a_fifth():
    ids = [f"{i:012x}" for i in range(2000)]
    share = sum(split_part(i) == "check" for i in ids) / len(ids)
    assert 0.17 < share < 0.23
    assert [split_part(i) for i in ids[:50]] == [split_part(i) for i in ids[:50]]


def test_tune_part_scores(corpus):
    """Regression guard on the part the rules were written from (the check part is measured
    by `complaints eval`, and its mistakes are never printed)."""
    lines = (corpus / "labeled" / "dev_facts.jsonl").read_text(encoding="utf-8").splitlines()
    report = evaluate_facts(lines, _tagger(), parts=("tune",))
    assert report.posts["tune"] > 140
    for fact in ("contacted", "head_fee", "stated_apr", "image_abuse"):
        c = report.per_fact["tune"][fact]
        assert c.precision >= 0.95 and c.recall >= 0.9, (fact, c)
    for fact, (exact, compared) in report.values["tune"].items():
        assert exact == compared, fact


@pytest.mark.parametrize("text", [
    "催收把我的资料群发给我的通讯录好友，借款逾期。",
    "借款逾期，催收拨打通讯录，告知他人我的借贷信息。",
    "催收进了我的同学群，把我的个人信息发到群里去，借款逾期。",
])
def test_debt_disclosed_by_mass_messages(text):
    assert values(text)["debt_disclosed"]


def test_a_marriage_certificate_as_an_avatar_is_image_abuse():
    assert values("功夫贷暴力催收，使用本人结婚证做微信头像，对身边朋友进行骚扰！")["image_abuse"]


@pytest.mark.parametrize("text, rate", [
    ("实际贷款利率远超于国家法定利率，达到62.5%的年化利率，借款太坑。", 62.5),
    ("借款年利率超过超过百分之200，本人已还清。", 200.0),
    ("借款实际年利率47.98%，去平台协商按照年利率24%还款。", 47.98),
])
def test_stated_apr_other_shapes(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text, fee", [
    ("借款合同金额27000，到账后扣取4500手续费，每月还款4500。", (27000, 22500)),
    ("打款当日进账100500元整，随后扣走35500元整，实际收款65000元整，借款太坑。", (100500, 65000)),
    ("合同金额8700元，实到5000元砍头息3700。借款逾期。", (8700, 5000)),
    ("借款合同本金为柒仟玖佰捌拾元，实际到账陆仟元。", (7980, 6000)),
    ("本人在功夫贷借款28000元，却签下实际借款29530元借款合同。", (29530, 28000)),
])
def test_head_fee_other_shapes(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


# --- `complaints tag` stores the facts (SQLite and PostgreSQL, worker processes) -----------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_tag_store_writes_post_facts(backend, request, tmp_path):
    from datetime import datetime

    from pipeline.models import Post
    from pipeline.store import Store
    from pipeline.tag import tag_store

    url = f"sqlite:///{tmp_path / 'c.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    store = Store(url, create=True)
    store.init()
    store.upsert_posts([
        Post("heimao", "f1", "https://tousu.sina.com.cn/complaint/view/f1/", "功夫贷暴力催收",
             "逾期后催收凌晨两点打给我妈，一天三十多个电话。", datetime(2025, 6, 1, 10), author="甲", target="功夫贷"),
        Post("heimao", "f2", "https://tousu.sina.com.cn/complaint/view/f2/", "钱站还款", "按时还款，没有问题。",
             datetime(2025, 6, 2, 10), author="乙", target="钱站"),
    ])
    run = tag_store(store, workers=2, batch_size=1)  # results cross process boundaries with their facts
    assert run.posts == 2
    facts = pd.concat(list(store.iter_frames("post_facts")))
    assert set(zip(facts["fact"], facts["party"])) == {("contacted", "parents"), ("night_contact", ""), ("calls_per_day", "")}
    assert json.loads(facts.loc[facts["fact"] == "calls_per_day", "value"].iloc[0]) == 30
    assert set(facts["lexicon_version"]) == {_tagger().version}
    tag_store(store, everything=True, workers=1)  # re-tagging replaces, never duplicates
    assert len(pd.concat(list(store.iter_frames("post_facts")))) == len(facts)
    store.close()


# --- issue 15: the miss families (sentences written for these tests) ---------------------------------


@pytest.mark.parametrize("words, number", [
    ("一万二", 12000), ("两千一", 2100), ("2万4", 24000), ("三百五", 350), ("一万零二", 10002), ("10'000", 10000),
    ("十几二十", 10), ("二十几三十", 20),  # a range: its smaller end
])
def test_spoken_amounts(words, number):
    assert fx.parse_number(words) == number


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款8000元，到手只有5600元，剩下的都被扣了服务费。", (8000, 5600)),
    ("借款5000元，扣了1500的服务费，每月还款1000。", (5000, 3500)),
    ("功夫贷借75000，砍头息4400，还了10万多还要继续还。", (75000, 70600)),
    ("借款3000元，砍头息就收了900元，太黑了。", (3000, 2100)),
    ("借款55200元，该笔金额全额到账，但没几分钟就扣回了5200元。", (55200, 50000)),
    ("借款10000元，放款时直接扣除了2000元手续费。", (10000, 8000)),
    ("合同上写的是一万二，到手只有九千，借款太坑。", (12000, 9000)),
    ("申请借款3万，到账只有2万4。", (30000, 24000)),
    ("贷款2800元到帐2000元，800元服务费。", (2800, 2000)),
    ("借款10,000元，实际到账8,000元。", (10000, 8000)),
    ("借款4000,他们上面显示借款5000多，逾期了马上加逾期费。", (5000, 4000)),
    ("我借了3000元，后来借款金额被改成了4800元。", (4800, 3000)),
    ("借款3000元，打到我卡上只有2400元。", (3000, 2400)),
    ("结果到账还是15000元。看了一眼合同总额变成了2万多元。借款逾期。", (20000, 15000)),
    ("钱站借款金额为2660，一共2000元到账，3个月要还3500。", (2660, 2000)),
    ("钱站阴阳合同，7000的借款合同9520，本人已还款6期。", (9520, 7000)),
    ("因①4500借款变成5986元②已还1期。", (5986, 4500)),
    ("合同写的31280年利率26%实际上只给了23000，借款太坑。", (31280, 23000)),
    ("借款2660，实际到账2000.3个月还完。", (2660, 2000)),
    ("借款时合同上写着3334借款，实际到账后平台单方面要收取334元的高额服务费。", (3334, 3000)),
    ("借款21600，到账18000，直接砍头息2160，每月还款1350左右。", (21600, 18000)),  # not 18000 - 2160
    ("借29000。12号给我卡里打了31522。随后扣走2522。实际还是29000。每月还款5463.77。", (31522, 29000)),
    ("借款20000元，其中4000元为砍头息。", (20000, 16000)),
    ("放款后立即被扣了一笔1980元的权益费，借款金额是20000元。", (20000, 18020)),  # the fee first, 一笔 its sum
    ("借款10000元，收了一笔1500元的服务费。", (10000, 8500)),
    ("借款2万，砍了4千的头。", (20000, 16000)),
    ("合同是20000，给我的只有16000，借款太坑。", (20000, 16000)),
    ("在钱站借款8000元整，但合同上却写着出借11200元整而且首期服务费就689.96元。", (11200, 8000)),
    ("在钱站app借款2000元，实际到账2000元（有截图为证）。分3期还款，每期还款986元（有截图为证），"
     "目前已还清两期后发现利息高的吓人，简直是要吃人。仔细查看合同后发现合同上借款金额居然是2660元。", (2660, 2000)),
])
def test_head_fee_spoken_shapes(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "我借了5000，他们说要先扣1000服务费，我就没借。",  # an offer refused
    "如果借10000到手只有7000，那就是砍头息。",  # hypothetical
    "借款10000元，到账10000元，没有砍头息。",
    "借款5000元，每月扣款1000元。",  # instalments
    "借款5000元，逾期一天扣了100元。",  # a late fee
    "借款5000元，分6期，每期服务费200元。",
    "借款5000元，还款时扣除了300元。",
    "借款10000元，服务费2.7%下款的时候一次性付清。",  # a share, no amount
    "借款8000元，合同是8000元，没有扣服务费。",
    "借款1000，显示需要还款1600。",  # what is owed is no contract amount
    "贷款4000元，合同金额分6期共应还是5320元。",  # a repayment total
    "按照70000元借款，24个月，实际到账金额为69986.06元。",  # cents, not a fee
    "借款3000元，三个月还款4500借款，每月还1500。",
    # a balance and a settlement fee are no loan and no deduction from it
    "借款5000元，分6期，要提前结清的话要还2369.93元（剩余本金1127.76，提前结清服务费33.83）。",
    "信用卡分期，剩下本金3000，违约金扣了150。",
])
def test_no_head_fee_in_these(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text", [
    "听说别人借一万只到手7000，我也在钱站借款，现在逾期了。",
    "我在钱站借款，听说有人借款10000元到账只有7000元，太黑了。",
    "据说有人借8000到账5000，我借款后一直按时还款。",
    "网友反映在功夫贷借款10000到账7000，我的借款还没到期。",
    "有人在钱站借了一万，到手只有七千。我借款三千已经还清了。",
    "很多人都借了2万，实际到账只有1万6，借款平台太坑。",
])
def test_hearsay_is_not_the_complainants_head_fee(text):
    """facts.md: hearsay about other people does not count (themes.md's rule): someone else's
    loan is not the complainant's head fee."""
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("听说别人借款10000到账7000，我借款20000到账14000，借款太坑。", (20000, 14000)),  # the complainant's own, after
    ("网上有人借款10000到账7000，我借款20000到账14000，借款太坑。", (20000, 14000)),
    # a bare 别人, no word of hearing: a slip for 本人 (the post goes on about its own loan)
    ("别人在钱站上借款5000，可合同上是借款6550，分6期，本人已经还款2期。", (6550, 5000)),
    ("我借款10000，到账7000，听说别人也是这样。", (10000, 7000)),  # hearsay after the complainant's loan
    ("有人在钱站借了一万到手七千，我借款5000元到账3500元。", (5000, 3500)),
    ("听说钱站有砍头息，我借款8000元，到手只有5600元。", (8000, 5600)),  # hearsay about the lender, not a loan
    ("催收打电话给别人，借款8000元到手只有5600元。", (8000, 5600)),  # 别人 contacted, not borrowing
])
def test_the_complainants_head_fee_beside_hearsay(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text, fee", [
    # parallel lists: the n-th loan with the n-th amount received; the first loan is the value
    ("第一笔借款10000，第二笔借款8000，到账分别为7000、5600。", (10000, 7000)),
    ("借款10000元和8000元，到账7000元和5600元。", (10000, 7000)),
    ("我借了两次，10000和8000，实际到账7000和5600。", (10000, 7000)),
    ("借款10000、8000、6000元，到账7000、5600、4200元。", (10000, 7000)),
    ("借款10000元、到账7000元，借款8000元、到账5600元。", (10000, 7000)),  # one loan after the other
    ("借了两笔，一笔10000到账7000，一笔8000到账5600。", (10000, 7000)),
    ("合同金额分别为12000、9000，实际到账分别为9000、6500。", (12000, 9000)),
    ("借款三笔：10000，8000，6000，到手只有7000，5600，4200。", (10000, 7000)),  # lists of unequal reading
    # the fee told before the loan it came off
    ("扣了3000元服务费，借款10000元。", (10000, 7000)),
    ("砍头息3000，借款10000，还要还12期。", (10000, 7000)),
    ("被收取了2000元砍头息，借款合同金额10000元。", (10000, 8000)),
    ("先扣除服务费1500元，借款5000元。", (5000, 3500)),
    ("收了我1200元的会员费，借款6000元，太坑了。", (6000, 4800)),
    ("服务费就收了2000，我借款是8000。", (8000, 6000)),
])
def test_head_fee_lists_and_fees_told_first(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款10000和8000元，到账10000和8000元。",  # lists without a fee
    "借款分别为10000、8000，每月还款分别为1000、800。",  # instalments, not amounts received
    "每月服务费200，借款5000元。",  # a monthly fee
    "逾期后扣了300元罚息，借款5000元。",  # a late fee
    "还款时扣了500元手续费，借款10000元。",  # taken at repayment
    "他们说要先扣2000服务费，借款10000我就没借了。",  # an offer refused
    "如果扣了2000手续费，借款10000就只到手8000。",  # hypothetical
    "扣了3000元服务费，还款10000元。",  # a repayment is no loan
    "扣了我600元的会员费，借款2000元，实际到账2000元。",  # the amount received is stated: no head fee
    "会员费299元，借款额度5000元。",  # a fee alone, no word of taking it
    "交了1000元会员费，借款5000元。",  # paid apart
])
def test_no_head_fee_in_these_lists_or_fees(text):
    assert values(text)["head_fee"] is None


def test_a_deduction_belongs_to_the_amount_right_before_it():
    # the post states both amounts; the later 砍头息 is not taken off the contract again
    v = values("贷款5万元合同写6万元，第一个月砍头息5000多元，借款太坑。")["head_fee"]
    assert (v["contract"], v["received"]) == (60000, 50000)


@pytest.mark.parametrize("text, rate", [
    ("借款年化百分之三十六点五，太高了。", 36.5),
    ("借款年化率高达六十，比高利贷还高。", 60.0),
    ("借款年利率十分高，达到了60%。", 60.0),
    ("借款年华率高达38%，远超国家规定。", 38.0),
    ("平台宣传借款年化7.2%，实际年化却高达35%。", 35.0),
    ("借款利息高达百分之四十八的年利率。", 48.0),
    ("借款利息高达48%的年息，太坑。", 48.0),
    ("借款年利率达到90个点左右。", 90.0),
])
def test_stated_apr_spoken_shapes(text, rate):
    assert values(text)["stated_apr"] == rate


def test_calls_per_day_range_is_its_smaller_end():
    assert values("借款逾期，催收每天十几二十个电话。")["calls_per_day"] == 10


@pytest.mark.parametrize("text", [
    "借款年化利率是36%以内的才合法。",  # a bound
    "如果借款年化超过36%就是高利贷。",
    "借款年利率十分高，每期还款1000元。",
    "借款日息0.1%，月息3分。",  # not annual rates (facts.md: an annual rate the post states)
])
def test_no_stated_apr_in_these(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text", [
    "借款逾期，催收跟我同事说我欠了他们平台的钱。",
    "借款逾期，催收打电话给我朋友说我欠他们钱。",
    "借款逾期，催收群发短信给我的通讯录，说我欠款逾期。",
    "借款逾期，催收爆我通讯录说我欠钱。",
    "借款逾期，催收把我欠款的事情告诉了我的亲戚。",
    "借款逾期，催收将我的逾期信息透露给了我的同事。",
    "借款逾期，催收在微信群里曝光我的欠款。",
    "借款逾期，催收告诉我同事我是骗子。",
    "借款逾期，催收到处宣扬我欠钱。",
    "借款逾期，我的同事都收到了催收短信，说我欠钱。",
    "借款逾期，我家人接到电话说我欠了钱。",
    "借款逾期，催收在我家小区贴了我欠钱的单子。",
])
def test_debt_disclosed_other_shapes(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "借款逾期，催收要曝光我的欠款信息。",  # a threat
    "借款逾期，催收说要告诉我家人我欠钱。",
    "借款逾期，我自己告诉了家人我欠钱的事。",  # the complainant's own doing
    "借款逾期，我跟我妈说我欠了网贷。",
    "借款逾期，催收没有告诉我家人我欠钱。",  # negated
    "借款逾期，催收打给我妈，我妈说我欠的钱她来还。",  # the party speaks
    "借款逾期，我妈接到催收电话，我妈说我欠的钱她来还。",
    "借款逾期，客服跟我说我欠款8000。",  # told the borrower
    "借款逾期，如果我再不还，催收就会告诉我家人。",
])
def test_no_debt_disclosed_in_these(text):
    assert not values(text)["debt_disclosed"]


# --- issue 15: shapes found in unlabelled real posts (bench/facts_pool.py; sentences written here) ---


@pytest.mark.parametrize("text, fee", [
    # the loan paid out, then what actually arrived
    ("钱站放款10000元，实际到账只有8000元，借款太坑。", (10000, 8000)),
    ("借款平台下款10000元，实际到账8000元，扣了2000手续费。", (10000, 8000)),
    ("放款5000元，到手只有3500元，剩下的说是服务费。", (5000, 3500)),
    # a deduction named a head fee, after a repayment the post tells first
    ("本人于三个月前在钱站借钱3000元，实际还款4500左右，还扣了500的砍头息。", (3000, 2500)),
    ("借款10000，每月还款1000，砍头息2000，太黑了。", (10000, 8000)),
    # the amount after 下款 is the deduction when a deduction word comes first
    ("借款2000分3期还砍头息700每期还款1100，下款后直接扣款700。", (2000, 1300)),
    ("借款10000元，到账10000元，下款后直接扣款700。", (10000, 9300)),  # arrived whole, then taken back
    # what actually arrived, and the fee on top of it: the gross amount is their sum
    ("平台私自下款，实际到账990手续费1210让我5天还款。", (2200, 990)),
    ("钱站借款实际到账8000元，扣了2000手续费。", (10000, 8000)),
    ("借款后实际到账8000元，扣了2000手续费。", (10000, 8000)),  # not 8000 - 2000: 8000 is what arrived
    # the contract told as its excess over the loan
    ("在功夫贷借款52000元，分24期还完，已还16期，并且实际借款金额与借款协议金额不同，多出5778元。", (57778, 52000)),
    ("借款5000元，合同金额比借款多出1500元。", (6500, 5000)),
    # what reached the borrower's hands; the principal the repayments are reckoned on
    ("借款平台到我手里只有5000，合同上是8000。", (8000, 5000)),
    ("实际借款5000元，却要按8000元本金还款。", (8000, 5000)),
    ("借款5000，平台按8000计算利息。", (8000, 5000)),
])
def test_head_fee_pool_shapes(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "在钱站下款3000，后来又下款2000，一共借了两笔。",  # two loans, not gross and net
    "在钱站下款3000，后来到账2000。",  # no word that the smaller amount is what actually arrived
    "如果放款10000，实际到账8000，那就是砍头息。",  # hypothetical
    "听说有人在钱站放款10000，实际到账8000，我借款还没到期。",  # hearsay
    "借款10000，逾期后扣了2000的砍头息。",  # a late fee between, whatever it is called
    "借款实际到账5000元，每月还款时扣除服务费200元。",  # taken at repayment
    "借款5000元，总需还款金额为9234.69，比借款金额多了4234.69。",  # what is repaid, not the contract
    "借款5000元，合同上还款总额多出3000元。",
    "如果合同比借款多出1500元就是砍头息，我借款5000元。",  # hypothetical
    "借款5000，平台按照实际到账金额5000计算利息。",  # reckoned on what arrived
    "借款5000元，按5000元本金还款，每月还1000。",
    "如果按8000本金还款就是砍头息，我借款5000元。",  # hypothetical
    "借款3000元，按国家规定24%计算利息。",
])
def test_no_head_fee_in_these_pool_shapes(text):
    assert values(text)["head_fee"] is None


def test_a_deduction_after_the_money_arrived_is_not_added_on_top():
    # 10000 arrived and 2000 went back after it: the contract is not 12000
    v = values("借款实际到账10000元，随后又扣了2000元。")["head_fee"]
    assert v is None or (v["contract"], v["received"]) == (10000, 8000)


@pytest.mark.parametrize("text", [
    "借款逾期，催收最终联系了我父亲、母亲，并告知我欠款的事，以及金额。",
    "借款逾期，被爆了通讯录。打到同事那里。并且还告知对方我的欠款。",
    "借款逾期，催收给本人通讯录号码群发催收短信，给本人名誉造成极大不良影响。",
    "借款逾期，催收以催收短信群发通讯录亲友，严重侵犯了个人隐私。",
    "借款平台已群发短信爆个人信息及借款事项。",
    "借款逾期，催收给身边朋友同事群发骚扰虚假信息，对个人名誉造成了极其恶劣的影响。",
    "借款逾期，催收打通讯录并群发短信毁谤本人。",
])
def test_debt_disclosed_pool_shapes(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "借款逾期，之后又有催收短信发给我，我再次说明情况。",  # sent to the borrower
    "借款逾期，催收威胁要群发催收短信给通讯录。",  # a threat
    "借款逾期，催收说要告知对方我的欠款。",
    "借款逾期，我告诉别人我欠款的事。",  # the complainant's own doing
    "借款逾期，催收联系我家人，告知我如果再不还就起诉。",  # told the borrower
    "借款逾期，催收联系我妈，我妈告诉我欠款的事不要管。",  # the party speaks
    "借款逾期，催收没有告知对方我的欠款。",  # negated
    "借款逾期，请看下这是一个老赖的做法吗？",  # the complainant's own words, a question
    "借款逾期，催收一直拨打通讯录所有联系人，借钱不还是本人的原因，会想办法还。",  # an admission
    "借款平台聘用水军恶意制造谣言，逼迫出借人割肉。",  # rumours about the platform
])
def test_no_debt_disclosed_in_these_pool_shapes(text):
    assert not values(text)["debt_disclosed"]


@pytest.mark.parametrize("text, rate", [
    ("借款合同利率4.5%，但现在还款综合利率高达32%，远远高出合同上所写的利率。", 32.0),
])
def test_stated_apr_pool_shapes(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", ["借款月综合费率2%，太高了。", "借款日综合利率0.1%。", "借款综合利率不超过24%才合法。"])
def test_no_stated_apr_in_these_pool_shapes(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text", ["借款逾期，对方采取暴力催收，把本人照片公布色情网站。", "借款逾期，催收把我的头像曝光到各个群里。"])
def test_image_abuse_pool_shapes(text):
    assert values(text)["image_abuse"]


@pytest.mark.parametrize("text", [
    "借款逾期，催收说要把我的照片曝光。",  # a threat
    "借款逾期，催收威胁说不还就把头像公布出去。",
    "借款逾期，我把照片公布在网上澄清。",  # the complainant's own doing
    "借款逾期，催收没有把我的照片曝光。",  # negated
])
def test_no_image_abuse_in_these_pool_shapes(text):
    assert not values(text)["image_abuse"]


@pytest.mark.parametrize("text", [
    "借款逾期，还给我母亲打电话，说一些难听的，冒充公检法人员，给我母亲吓的生病了。",
    "借款逾期，多次客服暴力催收，还冒充了公检法不能联系家属。",
])
def test_impersonating_the_police_and_courts_at_once(text):
    assert values(text)["impersonation"] == ["court", "police"]


@pytest.mark.parametrize("text", ["借款逾期，催收没有冒充公检法。", "借款逾期，我怕他们冒充公检法。"])
def test_no_impersonation_in_these_pool_shapes(text):
    assert values(text)["impersonation"] == []


@pytest.mark.parametrize("text, party", [
    ("借款逾期，而且我通讯录朋友也被功夫贷频繁骚扰并遭到威胁。", "friends"),
    ("借款逾期，15号至今我和家人一直收到来自对方公司的催收电话。", "relatives"),
    ("借款逾期，功夫贷直接炮轰我的通讯录，一早上不停电话骚扰。", "all_contacts"),
    ("借款逾期，最近暴打通迅录和发信息促债。", "all_contacts"),  # 通迅录, as posts write it
    ("借款逾期，催收爆我的通信录。", "all_contacts"),
    ("借款逾期，现在贵公司以什么公函之类的发短消息给我通讯录的人。", "all_contacts"),
    ("我老公借款逾期，你们客服就开始给他的通讯录好友发信息。", "all_contacts"),  # written for the borrower
])
def test_contacted_pool_shapes(text, party):
    assert (party, "did") in parties(text)


@pytest.mark.parametrize("text", [
    "借款逾期，我担心家人被骚扰。",  # a fear
    "借款逾期，家人没有被骚扰。",  # negated
    "借款平台虚假承诺，我希望可以曝光该单位。",  # the complainant exposing a company
])
def test_no_contact_in_these_pool_shapes(text):
    assert parties(text) == set()


def test_a_party_acted_on_under_a_threat_is_threatened():
    assert parties("借款逾期，催收说不还就让家人也被骚扰。") == {("relatives", "threatened")}


@pytest.mark.parametrize("text", [
    "借款逾期，催收将我的照片发到群里。",
    "借款逾期，催收将P图发给我的朋友。",
    "借款逾期，催收下载亲朋好友的头像，接着将收集来的头像全部曝光。",
])
def test_jiang_before_its_object_is_done_not_threatened(text):
    """将 + object is the 把 construction (done); 将 + verb is "will" (a threat)."""
    assert values(text)["image_abuse"]


@pytest.mark.parametrize("text", ["借款逾期，催收将会把照片发到群里。", "借款逾期，催收说不还就将照片发到群里。"])
def test_jiang_as_will_is_a_threat(text):
    assert not values(text)["image_abuse"]


def test_jiang_contact_modes():
    assert parties("借款逾期，催收将电话打到我单位。") == {("employer", "did")}
    assert parties("借款逾期，催收说将联系我家人。") == {("relatives", "threatened")}


# --- issue 15 (generalisation): shapes written for these tests, beyond the labelled posts ---------


@pytest.mark.parametrize("text, fee", [
    # what arrived, in more words for it (下发, 打过来, 到我账户, 只进了, 只放了, 借到)
    ("合同上写的贷款金额为22440，然而下发的金额只有17000。", (22440, 17000)),
    ("说好的借款5000，最后打过来3500。", (5000, 3500)),
    ("合同借款5000元，到我账户3500元。", (5000, 3500)),
    ("借款5000元，银行卡里只进了3500。", (5000, 3500)),
    ("招联消费金融借款10000元，只放了9000元。", (10000, 9000)),
    ("申请借款10000元，最后借到了8000元。", (10000, 8000)),
    # the principal written (in the contract) after a clause that names it
    ("借款为24000元，还了一期3005元，再查看合同，借款本金写了31000多。", (31000, 24000)),
    ("借款2000元，app上的借款本金却是2660元。", (2660, 2000)),
    # the contract named after its amount, 签订 before it
    ("借款时以5000元签订合同，只给了3500。", (5000, 3500)),
    # what arrived fell short by the fee
    ("我借款6000，到账少了1500。", (6000, 4500)),
    ("某消费金融公司借款6000，到账时少了1500元。", (6000, 4500)),
    # interest taken before the loan is paid out
    ("借款10000，预扣利息1500。", (10000, 8500)),
    ("借款10000元，放款时先扣了一个月的利息800元。", (10000, 9200)),
    # a bracketed aside between the word and its amount ends nothing
    ("借款合同金额（含服务费）13500元，实际到账10000元。", (13500, 10000)),
    ("借款合同本金(包含砍头息)13500，到账10000。", (13500, 10000)),
    # more ways of saying a deduction
    ("借款10000元，服务费收了我1500元。", (10000, 8500)),
    ("借款10000元，被砍头1500元。", (10000, 8500)),
    ("借款10000元，下款后马上被划走1500元。", (10000, 8500)),
    ("借款10000，放款前扣1500。", (10000, 8500)),
    ("借款10000元，包含1500元服务费。", (10000, 8500)),
    ("借款10000元，里面有1500元服务费。", (10000, 8500)),
    # a deduction that agrees with the other amount the post says was borrowed
    ("原来借了五万，合同没出来，先放款五万五，后来合同下来了，我一看，借五万五，扣五千的手续费。", (55000, 50000)),
    # 比 as posts mistype 笔: the count before the list of loans
    ("本人在钱站借款二比，一比二万，一比八千，合同显示23040元，9360元。", (23040, 20000)),
])
def test_head_fee_more_words_for_what_arrived(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，每月扣利息500元。",  # interest with the repayments
    "借款10000元，还款时先扣利息800元。",
    "借款10000元，逾期后预扣利息800元。",  # a late charge
    "借款10000元，到账10000元，还款少了1500。",  # a repayment short, nothing deducted
    "信用卡账单10000元，还款后剩余本金写了3000元。",  # a balance
    "借款5000元，放了3个月才还清。",  # 放了 a time, not an amount
    "借款5000元，我打过来500元还款。",  # a repayment by the borrower
    "借款10000元，还款日被划扣了1500元。",  # a repayment taken
    "借款10000元，每月划走1500元。",
    "借款10000元，逾期后被划扣1500元。",
    "借款10000元（含利息）到期要还13500元。",  # what is repaid, with an aside
])
def test_no_head_fee_in_these_more_words(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text", [
    "借款逾期，催收在群里说我逾期不还。",
    "借款逾期，催收把我拉进一个群，在群里说我欠钱。",
    "借款逾期，催收在朋友圈发我欠钱的信息。",
    "借款逾期，催收让我同事转告我还钱，还说我欠了几万块。",
    "借款逾期，催收泄露我的借款信息给我的朋友。",
    "借款逾期，催收给我老婆打电话说我在外面借了很多钱。",
    "借款逾期，催收打电话到我单位，说我欠他们钱。",
    "借款逾期，催收发短信给我家人，内容是我欠款逾期。",
    "借款逾期，催收给我家人发短信说我涉嫌恶意逃废债。",
    "信用卡逾期，银行委托的催收给我父母打电话说我欠钱不还。",
])
def test_debt_disclosed_more_phrasings(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "借款逾期，我在群里说我欠钱的事。",  # the complainant speaking
    "借款逾期，我在网上借款太多了。",  # 在网上 is where the loan was taken
    "借款逾期，催收说要在群里说我欠钱。",  # a threat
    "借款逾期，催收威胁在朋友圈发我欠款的信息。",
    "借款逾期，催收没有在群里说我欠钱。",  # negated
    "借款逾期，我怕催收在朋友圈发我欠钱的信息。",  # a fear
    "借款逾期，平台泄露了我的个人信息。",  # privacy, not the debt
    "借款逾期，催收让我家人帮我还，我家人说我借了就该还。",  # the party speaks
    "借款逾期，催收打电话到我单位，找我领导。",  # contact without the debt told
])
def test_no_debt_disclosed_in_these_more_phrasings(text):
    assert not values(text)["debt_disclosed"]


@pytest.mark.parametrize("text, rate", [
    # the rate the sentence goes on to, after a bound or a former rate
    ("借款年化利率超过36%，达到了48%。", 48.0),
    ("借款年化利率远超36%，高达72%。", 72.0),
    ("借款年化利率已超过国家规定的36%，实际达到了54%。", 54.0),
    ("借款年化利率从7.2%涨到了48%。", 48.0),
    # the law named in the clause before is not this clause's rate
    ("借款利率超过国家规定，年化利率达到了72%。", 72.0),
    ("某消费金融公司借款严重违反法律规定，年化利率高达72%。", 72.0),
    # IRR is quoted annualised; the all-in cost (综合成本) as 2020s disclosures name it
    ("借款按IRR计算高达45%。", 45.0),
    ("借款IRR高达45%。", 45.0),
    ("借款综合成本高达48%。", 48.0),
    ("借款一年的利率是48%。", 48.0),
    # the rate before its year word, with 以上/左右 between
    ("借款利息高达80%以上的年化利率。", 80.0),
    ("借款高达80%左右的年化利率。", 80.0),
])
def test_stated_apr_generalised_shapes(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款年化利率超过36%，逾期费率达到了5%。",  # a rate of something else after the first
    "借款年化利率超过36%的部分不受法律保护，达到了就违法。",
    "如果借款年化利率超过36%，达到了48%就是高利贷。",  # hypothetical
    "借款年化利率超过36%，达到48%了吗？",  # a question
    "借款国家规定的年化利率是24%。",  # the law's rate
    "借款超出国家规定的年化利率36%。",
    "信用卡分期的IRR是多少？",
])
def test_no_stated_apr_in_these_generalised_shapes(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, fee", [
    ("大家千万不要借钱站，我借10000到手7000。", (10000, 7000)),
    ("提醒大家，钱站借款10000元到账只有7000元。", (10000, 7000)),
    ("奉劝各位不要借，借款10000到账7000。", (10000, 7000)),
    ("建议大家看清合同，我借款10000元合同却是13000元。", (13000, 10000)),
])
def test_advice_to_readers_leaves_the_complainants_amounts(text, fee):
    """Advice in the sentence (themes.md drops a theme there) does not make the complainant's own
    loan figures someone else's; hearsay and hypotheticals still do."""
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "大家千万不要借，网上很多人说借10000到手7000。",  # hearsay
    "建议大家借款前看清合同，如果借10000到手7000就是砍头息。",  # hypothetical
])
def test_advice_with_hearsay_or_hypothetical_is_no_head_fee(text):
    assert values(text)["head_fee"] is None


def test_advice_to_readers_leaves_the_stated_rate():
    assert values("提醒大家，钱站借款年化利率高达80%。")["stated_apr"] == 80.0


@pytest.mark.parametrize("text, fee", [
    ("钱站审批通过10000元，实际到账7000元。", (10000, 7000)),  # the loan approved
    ("在钱站批了10000，到手7000。", (10000, 7000)),
    ("钱站批下来10000元，到账只有7000元。", (10000, 7000)),
    ("借款10000元，发放7000元。", (10000, 7000)),
    ("合同金额10000元，收款金额7000元，借款太坑。", (10000, 7000)),
    ("某消费金融借款10000元，可用金额7000元。", (10000, 7000)),
    ("借款10000元，银行卡里只有7000元。", (10000, 7000)),
    ("借款10000元，才给我7000元。", (10000, 7000)),
    ("借款10000，他们只转了7000。", (10000, 7000)),
    # the amount, then that it was taken
    ("贷款10000元，其中3000元被平台以服务费名义扣除。", (10000, 7000)),
    ("借款10000元，其中3000元被扣作服务费。", (10000, 7000)),
    ("借款10000元，到账后1500元马上被转走了。", (10000, 8500)),
])
def test_head_fee_approved_and_paid_out(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，我还给了他们7000元。",  # a repayment
    "借款10000元，收款账户是我的银行卡，到账10000元。",
    "钱站向我发放贷款13000元，到账13000元。",
    "借款10000元，审批了三天才到账10000元。",
    "借款10000元，已还款7000元，其中3000元被扣作逾期费。",  # a late fee after a repayment
    "借款10000元，每期还款后1000元被扣作服务费。",
])
def test_no_head_fee_approved_and_paid_out(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("钱站借3000到2100还4500", (3000, 2100)),  # terse titles: the bare verb between two amounts
    ("钱站借3000只到2100", (3000, 2100)),
    ("钱站借款2100变3000", (3000, 2100)),
    ("钱站3000到手2100", (3000, 2100)),  # the amount before 到手, an amount after it
])
def test_head_fee_terse_titles(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款额度从3000到5000不等。",  # a range
    "借款后每月还1000到1500。",
    "借款5000，利息从3000变2000。",  # a change of something else
    "借款3000到2020年才还清。",  # a date
    "借款3000，还款3000到2000之间。",
    "借款5000元，额度5000变3000了。",
])
def test_no_head_fee_in_these_terse_shapes(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    # a head fee is taken before the money arrives: what arrived is net
    ("钱站借款到账7000，被收了3000的砍头息。", (10000, 7000)),
    # a fee added onto the principal: the contract is the loan plus the fee
    ("钱站借款7000元，却把3000元砍头息加到本金里。", (10000, 7000)),
    ("钱站借款7000，服务费3000加在合同里。", (10000, 7000)),
    ("钱站借款到账7000元，服务费3000元算在本金里。", (10000, 7000)),
    ("钱站借款7000，合同里加了3000服务费。", (10000, 7000)),
])
def test_head_fee_taken_before_arrival_or_added_on_top(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text, fee", [
    # the post states a loan of what arrived: the head fee was taken back after it arrived
    ("借款10000元，到账10000元，还扣了2000的砍头息。", (10000, 8000)),
])
def test_head_fee_taken_back_after_arrival(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款7000元，逾期后罚息3000元算在本金里。",  # a late charge
    "借款7000元，每月还款时服务费300加在里面。",
    "借款7000元，如果把3000元服务费加到本金里就违法了。",  # hypothetical
])
def test_no_head_fee_added_in_these(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    # a deduction named a head fee, further from its loan (an instalment between)
    ("2019年4月5日在功夫贷平台贷款52000元，分12期，每月偿还5600多元，由于本人生意失败，损失惨重，实在无力偿还，"
     "咨询律师，看看该怎么偿还，律师发现功夫贷在合同中扣除了5900元属于砍头息违法行为。", (52000, 46100)),
    # what the borrower later found recorded
    ("该平台我借了2000借了之后发现借了2600多搞个阴阳合同欺骗消费者。", (2600, 2000)),
    ("用该平台借款给你2000的额度提交之后发现是2600的额度每月还要还900多的钱。", (2600, 2000)),
])
def test_head_fee_found_later_or_further_on(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款52000元，分12期，逾期后扣除了5900元，说是砍头息。",  # a late charge
    "借款52000元，每月还款5600元，还款时扣除了5900元砍头息。",  # taken at repayment
    "贷15000，6期要还17565其中服务费1500，刚开始贷款的时候根本没有什么服务费啊，等放款后就出现一个1500的服务费。",
    "借款5000元，后来发现借款利息很高。",
])
def test_no_head_fee_found_later_in_these(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    # a counterfactual (如果不是…) presupposes what follows: the loan happened
    ("如果不是急用钱，我也不会借款10000元，实际到账只有7000元。", (10000, 7000)),
    ("如果不是急用钱，借款到账2000元，合同显示3620元，分三期还3700元。", (3620, 2000)),
    # hearsay about contact is not hearsay about the loan (head_fee has its own loan hearsay test)
    ("听说有人被爆通讯录，借款到账2000元，合同显示3620元。", (3620, 2000)),
    # a repayment total between an explicit contract and the loan far before it is no other loan
    ("本人于2019年8月18日在钱站App借款7000元，期限6个月，每月还款1884元，到期还款总额为11308元。"
     "最近翻看钱站合同显示我倒是借款时钱站拟订的借款合同本金为10920元，和我实际到账金额不符合。", (10920, 7000)),
])
def test_head_fee_counterfactual_contact_hearsay_and_far_contract(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "如果借10000到手只有7000，那就是砍头息。",  # a real conditional still is one
    "听说有人借款10000元到账只有7000元，我借款还没到期。",  # hearsay about a loan
    "如果不还款，平台就说借款合同金额会变成13000元，到账10000元的部分照算。",
])
def test_no_head_fee_counterfactual_in_these(text):
    assert values(text)["head_fee"] is None


def test_a_counterfactual_leaves_the_stated_rate():
    assert values("如果不是急用钱，也不会在钱站借款，年化利率高达80%。")["stated_apr"] == 80.0


@pytest.mark.parametrize("text, fee", [
    ("借款到账5000，还款却按6650算。", (6650, 5000)),  # the principal repayments are reckoned on
    ("借款5000，却按6650还款。", (6650, 5000)),
    ("借款5000，按6650计算。", (6650, 5000)),
    ("借款5000元，合同金额比借款多了1500元。", (6500, 5000)),  # the contract's excess
    ("借款5000元，合同比实际借款多算了1500元。", (6500, 5000)),
])
def test_head_fee_reckoned_on_or_more_than_the_loan(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款5000元，每月按1000还款。",  # an instalment
    "借款5000元，总需还款9234，比借款金额多了4234。",  # what is repaid
    "借款5000元，按国家规定算。",
])
def test_no_head_fee_reckoned_in_these(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text", [
    # a run-on post (no full stop): advice at its end, or in another clause, leaves what collectors did
    "借款逾期，催收群发欠款信息给我的通讯录联系人，希望大家不要借钱站的钱",
    "网上很多人说钱站是高利贷，催收群发欠款信息给我的通讯录联系人",
    "如果不是催收群发欠款信息给我的同事，我也不会丢了工作，借款逾期",  # a counterfactual
])
def test_debt_disclosed_beside_advice_or_a_counterfactual(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "借款逾期，网上很多人说他们会群发欠款信息。",  # advice/hearsay in the fact's own clause
    "借款逾期，如果催收群发欠款信息给我的同事，我就报警。",  # a real conditional
])
def test_no_debt_disclosed_beside_advice_in_these(text):
    assert not values(text)["debt_disclosed"]


@pytest.mark.parametrize("text, rate", [
    ("听说有人被爆通讯录，钱站借款年化利率高达80%。", 80.0),  # hearsay about something else
    ("提醒大家，钱站借款年化利率高达80%。", 80.0),
])
def test_stated_apr_beside_other_hearsay_or_advice(text, rate):
    assert values(text)["stated_apr"] == rate


def test_no_stated_apr_in_hearsay_about_a_rate():
    assert values("听说有人借款年化利率高达80%，我借款还没到期。")["stated_apr"] is None


@pytest.mark.parametrize("text, fee", [
    ("本人在月光侠分期1250元，实际到账1000元。", (1250, 1000)),  # 分期, 提现, 用了: the loan drawn
    ("10月7号在钱站提现6800，分六期还款。实际到账5000元。", (6800, 5000)),
    ("本人在钱站用了20000，合同上写27800，还12期。", (27800, 20000)),
])
def test_head_fee_drawn_as_instalments_or_a_withdrawal(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款5000元，分期12期，每期还款500元。",
    "借款5000元，用了3个月就还清了。",
    "信用卡提现5000元，手续费50元。",  # a card's cash fee, taken on top
])
def test_no_head_fee_drawn_in_these(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("在钱站第一笔5000，到账3500；第二笔3000，到账2100。", (5000, 3500)),  # a loan named by its 笔
    ("钱站借款，其中一笔5000元，实际到账3500元。", (5000, 3500)),
    ("在钱站借款，这一笔是5000元，到账只有3500元。", (5000, 3500)),
])
def test_head_fee_loans_named_by_their_count_word(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


def test_two_amounts_received_are_no_head_fee():
    # 一笔 before 到账 names what arrived, not a loan of that amount
    assert values("钱站借款其中一笔到账1800，3个月应还3000多，另外一笔到账2000，应还2360。")["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("在钱站借了5000元合约金额却是6650元实际到账5000元。", (6650, 5000)),  # 合约 is 合同
    ("本人在钱站借了20000，后台上写27800，还12期。", (27800, 20000)),  # what a record says
    ("本人在钱站借了20000，app里写着27800，还12期。", (27800, 20000)),
    ("我借了3000块钱，分3期，每期还1680多，系统写的是4800。", (4800, 3000)),
    ("在爱钱进借款3000元，实际到账3000元，后台金额3990元。", (3990, 3000)),
])
def test_head_fee_what_a_record_says(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借款5000元，催收短信上写着欠款8000元。",  # a debt with charges, not the contract
    "借款5000元，后台上写着还款日每月8号。",
    "借款1000元，账单金额1300元。",  # a bill, what is repaid
])
def test_no_head_fee_what_a_record_says_in_these(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text", [
    "借款逾期，催收爆通讯录，搞得我所有朋友都知道我网贷逾期了。",  # others came to know the debt
    "借款逾期，催收爆通讯录，导致我身边所有人都知道了我的借款。",
    "借款逾期，我的家人朋友都被告知我欠款。",
    "借款逾期，催收把我欠钱的事情到处宣传。",
    "借款逾期，催收打我女朋友电话，说我欠了他们公司的钱。",  # 女朋友, 微信好友 as parties reached
    "借款逾期，催收给我的微信好友发消息说我欠钱。",
])
def test_debt_disclosed_known_to_others(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "借款逾期，我怕同事都知道我借网贷。",  # a fear
    "借款逾期，家人都不知道我欠钱。",
    "借款逾期，平台客服知道了我逾期的原因。",  # the lender knowing is no disclosure
    "借款逾期，我不想让家人都知道我欠钱。",  # a wish
])
def test_no_debt_disclosed_known_in_these(text):
    assert not values(text)["debt_disclosed"]


def test_a_girlfriend_reached_is_a_friend_as_before():
    assert parties("借款逾期，催收打我女朋友电话骚扰。") == {("friends", "did")}


# --- issue 15: families the check part showed the rules missed ------------------------------------
# Written for these tests from facts.md's definitions (a head fee: the contract amount and what
# actually arrived differ; a stated rate: an annual rate the post states for the loan), covering
# lenders the labelled set does not (banks' credit cards, consumer-finance companies) and the
# negated, hypothetical, hearsay and comparison cases.


@pytest.mark.parametrize("text, fee", [
    # what arrived, in more words: bare 给 between amounts, 只下来, what was left after the fee
    ("钱站借5000给3500，这不是砍头息吗。", (5000, 3500)),
    ("在某消费金融公司借款10000元，结果只下来7000元。", (10000, 7000)),
    ("钱站借款10000元，扣掉服务费只剩7000元。", (10000, 7000)),
    ("在招联金融借款1万元，扣完各种费用后只有7千元。", (10000, 7000)),
    ("钱站借款10000元，减去服务费后只有7000元。", (10000, 7000)),
    # a fee's amount told as its share of the loan, or what it took
    ("钱站借款10000，服务费就占了3000。", (10000, 7000)),
    ("钱站借款10000元，到账比合同少了3000元。", (10000, 7000)),
    ("钱站借款10000元，还没到账就先扣了3000。", (10000, 7000)),  # 还没: "not yet", no repayment
    ("钱站借款10000元，还没放款就收了3000元的服务费。", (10000, 7000)),
    # a deduction as a share of the loan: 砍头息30%, 两成, 百分之十五
    ("钱站借款10000，砍头息30%。", (10000, 7000)),
    ("钱站借款10000元，放款时扣了20%的服务费。", (10000, 8000)),
    ("某银行信用卡分期50000元，按3%扣了手续费。", (50000, 48500)),
    ("钱站借款10000元，砍头息就砍了3成。", (10000, 7000)),
    ("钱站借款10000元，被砍了两成。", (10000, 8000)),
    ("钱站借款10000元，收取百分之十五的手续费。", (10000, 8500)),
    ("钱站借款10000元，服务费就收了百分之二十。", (10000, 8000)),
    ("钱站借款20000元，分12期，砍头息25%。", (20000, 15000)),
])
def test_head_fee_issue15_received_and_shares(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text, fee", [
    # the principal the lender bills is the contract's
    ("钱站借款2000元，应还本金2660元。", (2660, 2000)),
    ("钱站到账2000元，应还本金2660元。", (2660, 2000)),
    ("钱站借款2000元，然而还款计划上本金是2660元。", (2660, 2000)),
    ("钱站借款2000元，查看账单本金是2660元。", (2660, 2000)),
    # the contract named after its amount, with no other amount word in the post
    ("钱站借款2000元，却签了2660元的借款合同。", (2660, 2000)),
    ("钱站借款2000元，被迫签了2660的合同。", (2660, 2000)),
    # the contract told as its excess over the loan
    ("钱站借款2000元，合同虚增了660元。", (2660, 2000)),
    ("钱站借款2000元，合同本金虚增660元。", (2660, 2000)),
    ("钱站借款2000元，平台多算了660元本金。", (2660, 2000)),
    ("钱站借款2000元，本金多出660元。", (2660, 2000)),
    ("钱站借款2000元，合同本金比实际借款多660元。", (2660, 2000)),
    # a fee the contract holds: the contract is the loan plus the fee (not a deduction from the loan)
    ("钱站借款2000元，服务费660元打包进本金。", (2660, 2000)),
    ("钱站借款2000元，本金里含660元服务费。", (2660, 2000)),
    ("钱站借款2000元，合同金额包含服务费660元。", (2660, 2000)),
    # what actually arrived, told further on than the nearest-amount window
    ("2019年8月在钱站借款10000元，分12期，每期还款1300元，已经按时还了6期，这个月因为疫情原因逾期了几天，"
     "催收就开始爆通讯录，而且当时借款的时候实际到账只有7000元。", (10000, 7000)),
    ("2019年8月在钱站借款10000元，分12期，每期还款1300元，已经按时还了6期，共计还款7800元，这个月因为疫情原因逾期了几天，"
     "催收就开始爆通讯录，而且当时借款的时候实际到账只有7000元。", (10000, 7000)),  # a repayment total between
])
def test_head_fee_issue15_contract_shapes(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "钱站借款10000元，每月还款后只剩7000元。",  # a balance, not what arrived
    "钱站借款10000元，每月扣了1000还款，只剩7000元没还。",
    "钱站借款10000元，每月还1000给3500。",
    "钱站借款10000元，月服务费3%。",  # a monthly fee, repaid
    "钱站借款10000元，每期手续费1%。",
    "钱站借款10000元，服务费20%每月。",
    "钱站借款10000元，手续费36%的年化。",  # a rate
    "钱站借款10000元，手续费高达60%。",  # no word of taking, and more than half
    "钱站借款10000元，服务费高达百分之二十。",  # a fee's share with no word of taking (may be paid apart)
    "钱站借款1万元，逾期费30%。",
    "钱站借款10000元，如果砍头息30%我就不借了。",  # hypothetical
    "钱站借款2000元，还款变成了3000元。",  # what is repaid changed
    "钱站借款2000元，逾期一天还款金额就变成了2750元。",
    "钱站借款2000元，每月还款比合同多660元。",  # a repayment compared
    "钱站借款10000元，总共要还14000元，比借款多了4000元。",
    "钱站借款10000元，已还6期，应还本金4000元。",  # a balance below the loan
    "钱站借款2000元，还款本金2660元。",  # repaid principal: not said to be the contract's
])
def test_no_head_fee_issue15(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, rate", [
    # the rate after a longer aside in one clause, or across two commas
    ("钱站借款年化利率加上服务费和保险费等各种费用算下来高达48%。", 48.0),
    ("钱站借款的年化利率，算上各种服务费，高达48%。", 48.0),
    ("钱站借款年化利率，按我自己计算，大概48%左右。", 48.0),
    ("钱站借款年化利率达到了48个百分点。", 48.0),
    ("钱站借款利率按年算是48%。", 48.0),
    ("钱站借款利率按年计算高达48%。", 48.0),
    # several rates: the loan's over a late fee's, over another loan's given for comparison
    ("钱站借款年化利率58%，逾期罚息年化利率72%。", 58.0),
    ("钱站借款年化利率58%，逾期后年化利率高达365%。", 58.0),
    ("钱站借款年化利率达到了48%，而其他平台年化利率只有18%。", 48.0),
    ("钱站借款年化利率不是36%，而是58%。", 58.0),
    ("某消费金融公司借款，合同写的年化利率24%，实际年化利率58%。", 58.0),
    ("借款日息0.1%，折合年化36.5%。", 36.5),  # a daily rate with its annual figure: the annual one
    ("借款月利率2%，年化利率24%，太高了。", 24.0),
    # banks' and consumer-finance companies' loans are lenders like any other
    ("招商银行信用卡分期年化利率高达18%。", 18.0),
    ("建设银行的快贷年化利率也有8%。", 8.0),
    ("招联消费金融借款年化利率23.99%，实际年化利率达到35.9%。", 35.9),
    # numerals and units
    ("钱站借款年化利率百分之一百五十八点六。", 158.6),
    ("钱站借款年化利率百分之35.9。", 35.9),
    ("钱站借款年化利率１２０％。", 120.0),
    ("钱站借款年化利率在30%-40%之间。", 30.0),  # a range: its smaller end (facts.md numbers)
])
def test_stated_apr_issue15(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款年化利率没有58%。",  # a denial
    "钱站借款年化利率不到10%。",  # a bound
    "钱站宣传年化不超过10%。",
    "钱站借款利息太高，银行基准年化利率才4.35%。",  # another loan's rate, for comparison
    "钱站借款利息太高，而银行贷款年化利率才4.35%。",
    "钱站借款，比房贷4.9%的年利率高太多了。",
    "钱站借款年化利率不高，但是逾期以后的罚息费率高达48%。",  # another rate after a long aside
    "钱站借款年化利率，逾期费率48%。",
    "钱站借款年化利率，每月3%。",
    "钱站借款月利率4.8%。",  # not annual (facts.md: an annual rate the post states)
    "钱站借款日利率万分之五。",
    "钱站借款日息千分之一。",
    "钱站借款年化利率58%吗？",  # a question
    "钱站借款，如果年化利率是58%就是高利贷。",  # hypothetical
])
def test_no_stated_apr_issue15(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, expected", [
    ("功夫贷逾期，催收直接打爆朋友圈。", {("friends", "did")}),
    ("钱站逾期，催收说要打爆我朋友圈。", {("friends", "threatened")}),
    ("钱站逾期，催收轰炸我的亲友圈。", {("friends", "did"), ("relatives", "did")}),
])
def test_calling_a_circle_contacts_its_friends(text, expected):
    assert parties(text) == expected


@pytest.mark.parametrize("text", [
    "钱站逾期，我发朋友圈说了这件事。",  # posting is no contact
    "钱站逾期，催收没有打爆朋友圈。",  # negated
    "钱站借款逾期，我怕他们爆我朋友圈。",  # a fear
    "钱站逾期，请立即停止骚扰我的朋友圈。",  # as annotated: no friends named
])
def test_no_circle_contact_in_these(text):
    assert parties(text) == set()


@pytest.mark.parametrize("text, fee", [
    # the loan as the lender books it
    ("钱站我借了2000，客服说我借的是2660。", (2660, 2000)),
    ("钱站我借了2000，催收说我欠本金2660。", (2660, 2000)),
    ("钱站我借了2000，他们说我借了2660。", (2660, 2000)),
    ("钱站我只借了2000，征信上是2660。", (2660, 2000)),
    ("钱站我只借了2000，现在要我还本金2660。", (2660, 2000)),
    # several loans in order, one paid in full: the one with a fee
    ("钱站第一次借3000到账3000，第二次借5000到账3500。", (5000, 3500)),
    ("钱站第一次借款3000元，到账3000元，按时还清了；第二次借款5000元，只到账3500元。", (5000, 3500)),
])
def test_head_fee_issue15_booked_and_in_order(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "钱站我借了2000，客服说我借了2000就得还3000。",  # the same amount
    "钱站我借了2000，催收说我借了钱不还。",
    "钱站第一次借3000到账3000，第二次借5000到账5000。",  # every loan paid in full
])
def test_no_head_fee_issue15_booked_and_in_order(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, rate", [
    # the lender's figure (written, shown, nominal), 综合 or not, gives way to the complainant's real rate
    ("钱站平台显示综合年化利率24%，实际年化利率高达100%。", 100.0),
    ("钱站借款合同上写的综合年化利率是24%，可我还的钱年化利率高达100%。", 100.0),
    ("钱站借款，页面显示综合年化利率23.9%，合同金额却比到账多了2000，年化超过100%。", 100.0),
    ("钱站借款综合年化利率24%，但是加上砍头息以后年化利率高达100%。", 100.0),
    ("钱站借款名义年化利率24%，实际年化利率100%。", 100.0),
    ("钱站借款表面上年化利率24%，实际上年化利率100%。", 100.0),
    # two reckonings in one sentence: the one on what arrived
    ("钱站借款的年化利率按合同算是26%，按到账金额算是100%。", 100.0),
    ("钱站借款的年化利率按合同算是24%，按到账金额算是100%。", 100.0),
    ("钱站借款年化综合利率达到52.54%，远超国家法定的24%标准。", 52.54),
])
def test_stated_apr_issue15_which_rate(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text, disclosed", [
    ("功夫贷盗取我的通讯录信息，不停拨打里面电话，告知第三方关于我的欠款情况。", True),  # a third party told
    ("某消费金融公司催收告诉了第三方我逾期的事。", True),
    ("钱站逾期，催收说要告知第三方我的欠款情况。", False),  # a threat
    ("钱站逾期，催收没有告知第三方我的欠款。", False),  # negated
    ("钱站逾期，我不想告诉别人我的欠款。", False),  # the complainant's wish
    ("钱站逾期，怕他们告诉别人我的欠款。", False),  # a fear
])
def test_debt_disclosed_to_a_third_party(text, disclosed):
    assert values(text)["debt_disclosed"] is disclosed


@pytest.mark.parametrize("text, fee", [
    ("本人于2019年在钱站借款5000元，钱站以服务费的名义收取了1500元。", (5000, 3500)),  # the fee named as the title
    ("本人于2019年在钱站借款5000元，钱站以砍头息的方式扣除1500元。", (5000, 3500)),
    ("本人在钱站借款5000元，砍头息足足1500元。", (5000, 3500)),
    ("本人在钱站借款5000元，头息1500元。", (5000, 3500)),  # 头息: 砍头息 said short
    ("本人在钱站借款5000元，被砍了1500的头息。", (5000, 3500)),
])
def test_head_fee_issue15_fee_titles(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "本人在钱站借款5000元，每期利息1500元。",  # interest, repaid
    "本人在钱站借款5000元，以后每个月还款1500元。",
    "本人在钱站借款5000元，如果以服务费的名义收取1500元就不借了。",  # hypothetical
])
def test_no_head_fee_issue15_fee_titles(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    # a fee of two thirds or more, where the smaller amount is said to be all that arrived
    ("钱站合同金额3000元，到账只有900元。", (3000, 900)),
    ("钱站合同金额10000元，我的银行卡只收到了2800元。", (10000, 2800)),
    ("钱站借款1500元，实际到账只有500元。", (1500, 500)),
])
def test_head_fee_issue15_large_fees(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "钱站借款1500元，实际到账500元。",  # no 只/才/仅: 500 may be a part
    "钱站借款本金4556.75元，app显示仍需还款9083.58元，与客服协商还款，只给减免1400元。",  # a waiver, not what arrived
])
def test_no_head_fee_issue15_large_fees(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("钱站借款5000元，到账金额扣除服务费后为3500元。", (5000, 3500)),  # what was left, told with 为/是
    ("钱站借款5000元，扣除服务费后实际为3500元。", (5000, 3500)),
])
def test_head_fee_issue15_left_after_the_fee(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", ["钱站借款5000元，每月扣款后是3500元。", "钱站借款5000元，扣除还款后是3500元。"])
def test_no_head_fee_issue15_left_after_a_repayment(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    # advice to readers before the complainant's own loan is no hearsay about someone else's
    ("提醒大家借款要小心，钱站借款5000到账3500。", (5000, 3500)),
    ("希望大家借钱之前看清楚合同，钱站借款5000到账3500。", (5000, 3500)),
    ("大家借款一定要看清合同，借款5000到账3500，钱站太黑。", (5000, 3500)),
])
def test_head_fee_issue15_advice_is_no_hearsay(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", ["很多人借款10000到账7000，钱站太黑。", "网上有人贷款8000到账5000，钱站太黑。"])
def test_hearsay_loans_stay_hearsay(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    # an amount denied gives way to the one after 而是
    ("钱站借款5000元，合同居然不是5000元而是6650元。", (6650, 5000)),
    ("钱站借款5000元，合同金额并不是5000元，而是6650元。", (6650, 5000)),
    ("钱站借款5000元，到账不是5000而是3500。", (5000, 3500)),
    ("钱站借款5000元，合同是6650元，不是5000元。", (6650, 5000)),
])
def test_head_fee_issue15_not_but(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


def test_a_denied_amount_alone_is_no_head_fee():
    assert values("钱站借款5000元，到账并非5000元。")["head_fee"] is None


@pytest.mark.parametrize("text, rate", [
    # more ways to say the rate is annual
    ("钱站借款年率高达48%。", 48.0),
    ("钱站借款每年的利息高达48%。", 48.0),
    ("钱站借款年息率48%。", 48.0),
    ("钱站借款利率高达48%（年化）。", 48.0),
    ("钱站借款利率48%/年。", 48.0),
    ("钱站借款利率每年48%。", 48.0),
    ("钱站借款利息一年48%。", 48.0),
])
def test_stated_apr_issue15_year_words(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款半年利率24%。",  # half a year
    "钱站借款每年还款48%的本金。",  # a repayment share
    "钱站借款利息一年还4800。",  # an amount
])
def test_no_stated_apr_issue15_year_words(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, fee", [("钱站借款5000，只拿了3500。", (5000, 3500)), ("钱站借款5000，实拿3500。", (5000, 3500))])
def test_head_fee_issue15_taken_in_hand(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


def test_money_spent_is_no_amount_received():
    assert values("钱站借款5000，我拿了3500去还信用卡。")["head_fee"] is None


@pytest.mark.parametrize("text", [
    # the loan arrived in full; the fee was paid apart, not taken off (facts.md: the amounts differ)
    "某APP借款1000元，到账1000元，但是需要另外支付会员费299元。",
    "钱站借款5000元，会员费1500元，到账5000元。",
])
def test_a_fee_paid_apart_from_a_loan_received_in_full_is_no_head_fee(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("钱站借款10000元，到账10000元，然后扣了3000元服务费。", (10000, 7000)),  # taken back after arriving
    ("钱站借款10000元，到账10000元，十分钟后被划走3000元。", (10000, 7000)),
    ("钱站借款10000元，到账10000元，砍头息3000元。", (10000, 7000)),
])
def test_a_fee_taken_back_from_a_loan_received_in_full_is_a_head_fee(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text, fee", [
    ("钱站借款2000元，还款计划里本金合计2660元。", (2660, 2000)),  # the principal the schedule bills
    ("钱站借款2000元，分3期，本金总额2660元。", (2660, 2000)),
    ("钱站借款3000到账2000，已还本金合计2500元。", (3000, 2000)),  # a repaid total is no contract
])
def test_head_fee_issue15_scheduled_principal(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


def test_principal_repaid_is_no_contract():
    assert values("钱站借款2000元，已还本金合计2500元。")["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("钱站借款10000元，收取借款金额的20%作为服务费。", (10000, 8000)),  # a share "of the loan"
    ("钱站借款10000元，直接扣了本金的20%。", (10000, 8000)),
    ("钱站借款10000元，砍头息占了借款金额的30%。", (10000, 7000)),
])
def test_head_fee_issue15_share_of_the_loan(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


def test_a_monthly_share_repaid_is_no_head_fee():
    assert values("钱站借款10000元，每月还款本金的10%。")["head_fee"] is None


def test_head_fee_issue15_plain_amount_received_far_from_its_loan():
    text = ("本人于2019年9月在钱站借款3000元，分3期，每期还款1150元，已还两期，这个月因为疫情原因逾期了几天，"
            "催收就开始爆通讯录，当时到账2000元。")
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (3000, 2000)


# --- issue 15, wordings the labelled tune part never had (written for these tests) --------------------


@pytest.mark.parametrize("text, fee", [
    ("钱站借款，他们只打给我7000，合同却是10000。", (10000, 7000)),  # 打给我 with an amount: money sent
    ("钱站借款，签约金额10000元，到账7000元。", (10000, 7000)),
    ("功夫贷审批金额10000元，到账7000元。", (10000, 7000)),
    ("钱站借款一万，到账以后又被他们拿回去两千。", (10000, 8000)),  # clawed back after payout
    ("在钱站借一万到手少两千。", (10000, 8000)),
    ("钱站借款10000元，平台以服务费为名收取2000元。", (10000, 8000)),
    ("钱站借款10000元，以服务费的名目收取2000元。", (10000, 8000)),
    ("在钱站我只借了7000，却让我签10000的借条。", (10000, 7000)),  # the IOU named after its amount
    ("钱站两万的借款，到手一万六。", (20000, 16000)),  # the amount in words before 的借款
    ("钱站两万的贷款，只到账一万六。", (20000, 16000)),
    ("钱站借款，我到手只有7000，但是要按10000还本金。", (10000, 7000)),  # the principal billed
    # the loan arrived in full, the deduction came after: not what arrived plus the fee
    ("钱站借10000，实际到账10000，第二天被扣了2000。", (10000, 8000)),
    ("钱站借款10000，实际到账10000，随后扣了2000服务费。", (10000, 8000)),
    # already covered, kept beside them: amounts in varied formats, either order
    ("借3k只到手2.1k，钱站砍头息。", (3000, 2100)),
    ("功夫贷借款伍万元，实际到账肆万贰仟元。", (50000, 42000)),
    ("钱站：实际到手8000，但合同上写的是10000元。", (10000, 8000)),
    ("钱站借款一万元，扣除担保费两千元后到账八千元。", (10000, 8000)),
])
def test_head_fee_issue15_unseen_wordings(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站借款一万，要交3000会员费才能下款，交完后到账一万。",  # paid apart, the loan arrived in full
    "钱站借款两万，他们说要扣四千的保险费，我就没借。",  # an offer refused
    "还了一万的贷款，现在还剩5000没还。",  # a repayment before 的贷款, no loan amount
    "催收每天打给我100多个电话，钱站借款逾期。",  # 打给我 a call, not money
    "如果我只借了7000却签10000的借条，那就是砍头息。",  # hypothetical
    "招联借款10000元，实际到账10000元，没有扣任何费用。",
])
def test_no_head_fee_issue15_unseen_wordings(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text", [
    "钱站催收打电话给我父母，告诉他们我欠了网贷。",
    "功夫贷催收联系我领导，告知他我在外面借了高利贷。",
])
def test_debt_disclosed_issue15(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "钱站催收说我不还钱就告诉我家人我欠钱。",  # a threat to tell, not telling (its condition is no disclosure)
    "钱站催收说我再不还款的话就爆通讯录。",
    "我告诉我爸妈我欠了网贷，借款逾期了。",  # the complainant told them
    "我怕催收告诉我家人我欠钱，借款逾期了。",  # a fear
])
def test_no_debt_disclosed_issue15(text):
    assert not values(text)["debt_disclosed"]


@pytest.mark.parametrize("text, fee", [
    ("钱站贷款10000，实发7000。", (10000, 7000)),
    ("钱站借款10000，实借7000。", (10000, 7000)),
    ("在钱站借了1W，只到7K。", (10000, 7000)),
    ("钱站借款10000，还扣了2000服务费。", (10000, 8000)),  # 还扣了 is "also took", no repayment
    # taken when the loan was paid out, told after the repayments (a repaid total between is no loan)
    ("本人在钱站借款10000元，分12期，每期还款1100元，已经还了8期，共计8800元，还剩4期，"
     "另外放款的时候还扣了3000元的服务费。", (10000, 7000)),
    ("本人在钱站借款10000元，分12期，每期还款1100元，已经还了8期，共计8800元，现在还要还4400元，"
     "我借款的时候平台就收了3000元的砍头息。", (10000, 7000)),
])
def test_head_fee_issue15_payout_words(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站借款10000，每月还扣了200服务费。",  # taken with each instalment
    "钱站借款10000，还款时还扣了2000服务费。",
    "本人在钱站借款10000元，分12期，每期还款1100元，已经还了8期，共计8800元，每次还款的时候还扣了300元的服务费。",
    "本人在钱站借款10000元，分12期，逾期后被扣了3000元的违约金。",
    "钱站借款10000元，分12期，已经还了8期，放款的时候说要扣3000元的服务费，我没同意。",
    "钱站借款3000元，只到3月份就还清了。",  # 只到 a month, no amount
])
def test_no_head_fee_issue15_payout_words(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, rate", [
    ("钱站借款，算下来是48%的实际年化利率。", 48.0),  # the rate before its year word, 实际 between
    ("钱站借款，利息高达48%的真实年化。", 48.0),
    ("钱站借款，这是48个点的年化。", 48.0),  # percentage points
    ("钱站合同写的年化是24%，实际是48%的真实年化。", 48.0),  # the real rate over the contract's
    # already covered, kept beside them: full-width %, words, ranges (the smaller end), IRR, 综合
    ("钱站借款年化36％。", 36.0),
    ("钱站借款年化利率是百分之三十六。", 36.0),
    ("钱站借款年化利率在36%-48%之间。", 36.0),
    ("钱站借款，按照IRR计算，实际年化利率达到56.8%。", 56.8),
    ("钱站借款综合年化利率超过了48%。", 48.0),
    ("钱站借款，日利率0.1%，相当于年化36.5%。", 36.5),  # the annual figure the post gives
])
def test_stated_apr_issue15_unseen_wordings(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    # daily and monthly rates are not converted (docs/method.md): the post states no annual rate
    "钱站借款日利率0.1%，太高了。",
    "钱站借款日息万分之五。",
    "钱站借款月利率2%。",
    "钱站借款月息2分。",
    "钱站借款，利率高达36%以上，属于高利贷。",  # no year word: 利率 alone is not read as annual
    "招联借款，年化利率，加上服务费，不超过24%。",  # a ceiling
])
def test_no_stated_apr_issue15_unseen_wordings(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text", [
    "钱站催收加了我妈微信，说我欠了他们的钱。",  # a party added on WeChat, then told
    "钱站催收在我们村的微信群里发我的借款信息。",
    "钱站催收找了我所有联系人，所有联系人都收到了我欠款的短信。",
    "钱站催收打电话给我老板，把我借网贷的事情都说了。",
    "钱站催收给我家里打电话，说了我欠款的事。",
])
def test_debt_disclosed_issue15_unseen_wordings(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "我在群里说我欠了钱，钱站借款逾期，大家别借给我。",  # the complainant's own words
    "我把欠钱的事情都说了，钱站借款逾期，家里人很生气。",
    "我收到了我的欠款账单，钱站借款逾期。",
    "我妈打电话给我，说了我欠款的事，钱站借款逾期。",  # the complainant was told
])
def test_no_debt_disclosed_issue15_unseen_wordings(text):
    assert not values(text)["debt_disclosed"]


@pytest.mark.parametrize("text, rate", [
    ("钱站借款，请问年化利率48%合法吗", 48.0),  # a question about the law states the rate
    ("钱站借款年化48%是不是高利贷？", 48.0),
    ("钱站借款年化48%算高利贷吗？", 48.0),
])
def test_stated_apr_issue15_asked_about_the_law(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款年化利率有48%吗？",  # a question about the rate itself
    "钱站借款年化利率是48%吗？我不确定。",
])
def test_no_stated_apr_issue15_asked_about_the_rate(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, fee", [
    ("钱站借款10000元，只有7000元到了我的卡上。", (10000, 7000)),  # the amount before the card it reached
    ("钱站借款10000元，7000元打到了我的银行卡。", (10000, 7000)),
    ("钱站借款10000元，7000到卡。", (10000, 7000)),
    ("钱站借款10000元，进入我账户的只有7000元。", (10000, 7000)),
    ("钱站借款10000元，能用的只有7000。", (10000, 7000)),
])
def test_head_fee_issue15_card_reached(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站借款10000元，每期还1000，已经还了7000到账户上。",  # paid in, not the loan arriving
    "钱站借款10000元，我工资7000到卡就还。",
    "钱站借款10000元，每月还款1000元到卡里。",
])
def test_no_head_fee_issue15_paid_in(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款，实际到账七千，分12期，可是要按一万还款。", (10000, 7000)),  # the principal billed, in words
    ("在钱站借款，我只拿到七千，可是要按一万还款。", (10000, 7000)),
    # taken at payout, told after the instalments
    ("钱站借款10000元，分12期，每期还款1100元，先扣了2000的手续费。", (10000, 8000)),
    ("钱站贷款一万，分12期，每期还款1100元，下款后立马扣走了两千。", (10000, 8000)),
    ("钱站借款5000，分12期，每期还款1100元，直接扣除1500的前期费用。", (5000, 3500)),
])
def test_head_fee_issue15_after_instalments(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站借款一万，每月按一千还款。",  # an instalment
    "钱站借款10000元，分12期，每期还款1100元，其中200元被扣作服务费。",  # part of the instalment
    "钱站借款10000元，分12期，每期还款1100元，到账后每月扣200服务费。",
    "钱站借款10000元，分12期，每期还款1100元，下款后每期扣除200元服务费。",
])
def test_no_head_fee_issue15_instalment_fees(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款10000元，给我转了7000元。", (10000, 7000)),
    ("在钱站借款10000元，到位7000元。", (10000, 7000)),
    ("在钱站借款，订单金额10000元，实际到账7000元。", (10000, 7000)),
    ("我老公在钱站借款10000元，到账7000元。", (10000, 7000)),  # a family member's loan, the post written for them
])
def test_head_fee_issue15_more_words(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


def test_no_head_fee_from_a_credit_line():
    # 授信 is the credit line, not a loan: drawing less of it is no head fee
    assert values("在钱站借款，授信金额10000元，实际到账7000元。")["head_fee"] is None


def test_debt_disclosed_issue15_overdraft():
    assert values("钱站催收给我亲戚发短信说我涉嫌恶意透支，要被抓。")["debt_disclosed"]


@pytest.mark.parametrize("text, fact, value", [
    # HTML entities left in crawled texts: their ; is no clause break
    ("在钱站借款10000&nbsp;元，到账&nbsp;7000元", "head_fee", {"contract": 10000.0, "received": 7000.0}),
    ("钱站借款&amp;nbsp;10000&amp;nbsp;元，实际到账&amp;nbsp;7000&amp;nbsp;元", "head_fee", {"contract": 10000.0, "received": 7000.0}),
    ("钱站借款年化利率&amp;nbsp;48%", "stated_apr", 48.0),
    ("钱站催收给我同事打电话&nbsp;说我欠钱不还", "debt_disclosed", True),
])
def test_facts_through_html_entities(text, fact, value):
    assert values(text)[fact] == value


def test_entity_evidence_spans_point_into_the_stored_text():
    text = "钱站借款&amp;nbsp;10000&amp;nbsp;元，实际到账&amp;nbsp;7000元"
    ev = _tagger().tag_text(text).facts["head_fee"][0]
    assert text[ev["start"] : ev["end"]] == ev["text"] and "10000" in ev["text"]


@pytest.mark.parametrize("text", [
    "钱站借款2000元，逾期后催收打给我1000多次。",  # a count of calls, not money sent
    "钱站借款2000元，逾期后催收打给我1000次电话。",
    "钱站借款2000元，到账后给我转了1500条短信。",
])
def test_no_head_fee_from_counts(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, fee", [
    ("钱站借款两次两次都只有1000一共2000，结果我的合同上为什么都是借款1330。", (1330, 1000)),  # 两次 is no count of money
    ("钱站借款10000，到账7000次日就扣款了。", (10000, 7000)),  # 次日 is the next day
    ("钱站借款10000，到账7000通过支付宝。", (10000, 7000)),
])
def test_head_fee_beside_counts(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text, rate", [
    ("钱站借款，如果按实际到账计算，年化利率高达48%。", 48.0),  # a way of reckoning, no hypothetical
    ("钱站借款，如果按照实际到手的金额来算的话，年化利率是48%。", 48.0),
    ("钱站借款，若按实际本金算，年化达到了48%。", 48.0),
])
def test_stated_apr_reckoned(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款，如果年化利率高达48%，我就不借了。",  # a hypothetical rate
    "钱站借款，如果按实际到账计算，要是年化利率高达48%就违法了。",  # another conditional between
])
def test_no_stated_apr_hypothetical(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text", [
    "钱站催收向我的亲友发送催款短信，内容涉及我的欠款。",
    "钱站催收将我的逾期记录发送给我的同事。",
    "钱站催收通过短信告知我所有亲朋好友我欠款的事情。",
])
def test_debt_disclosed_issue15_sent_and_told(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "我将我的逾期记录发送给了客服，钱站借款。",  # the complainant's own sending
    "钱站催收告知我所有欠款必须今天还清。",  # told to the borrower
    "钱站催收要曝光我的欠款，我很害怕。",  # a threat
])
def test_no_debt_disclosed_issue15_sent_and_told(text):
    assert not values(text)["debt_disclosed"]


# other lenders (banks, 捷信, 招联, 安逸花): the facts are the lender's whoever it is
@pytest.mark.parametrize("text, fee", [
    ("在捷信分期借款8000元，实际到手6400元，其余被扣了保险费。", (8000, 6400)),
    ("招联金融借款2万，到账1万8，被扣了2000元的担保费。", (20000, 18000)),
    ("安逸花借款5000元，合同显示5000元，实际到账4500元。", (5000, 4500)),
    ("听说钱站借款很快，就借了一万，到手八千。", (10000, 8000)),  # heard of the lender, the loan is mine
])
def test_head_fee_other_lenders(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在建设银行快贷借款10万，到账10万，没有任何扣费。",
    "我担心在捷信借款10000只能到手7000。",  # a fear
    "听说安逸花借一万只到手八千，我没借过。",  # the loan heard of, no borrower named
    "据说在钱站借款10000到账7000，我还没借。",
])
def test_no_head_fee_other_lenders(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("text, rate", [
    ("招商银行信用卡分期年化利率18%，太高了。", 18.0),  # a bank's own loan counts
    ("捷信的年化利率高达45%，比银行高多了。", 45.0),
    ("工商银行的房贷年利率4.9%，而捷信年化高达45%。", 45.0),  # the mortgage is another loan
    ("银行基准利率4.35%，招联年化却有36%。", 36.0),
])
def test_stated_apr_other_lenders(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", ["招联好期贷年化利率是多少我也不知道。", "要是安逸花年化利率超过36%我就去投诉。"])
def test_no_stated_apr_other_lenders(text):
    assert values(text)["stated_apr"] is None


# --- speed: the head-fee keywords skipped where no amount can follow (facts._AMOUNT_START) ------------


def test_amount_start_holds_every_character_an_amount_begins_with():
    """facts._AMOUNT_START is read from _CN_AMOUNT; every character that can begin an _AMOUNT
    (each alone is an amount: one digit, one numeral) is in it, so the screen in mentions() never
    skips a keyword that _amounts_after would give an amount for."""
    starts = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and fx._AMOUNT.match(chr(c))]
    assert {"7", "一", "两", "萬", "零"} <= set(starts)
    assert [c for c in starts if not fx._AMOUNT_START.match(c)] == []


def test_head_fee_screen_drops_no_mention(corpus, monkeypatch):
    """The facts with the screen equal the facts without it (a screen that lets everything through),
    on the tune parts of both labelled files, the head-fee sentences of this file and generated posts."""
    from crawler.mirror.democorpus import iter_posts
    from pipeline.evaluate import split_of

    texts = [f"{p.title}\n{p.body}" for p in iter_posts(300, seed=7)]
    for name, part_of in (("dev_facts.jsonl", split_part), ("dev_codebook.jsonl", split_of)):
        for line in (corpus / "labeled" / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if part_of(rec["id"]) == "tune":
                texts.append(rec["text"])
    for test in (test_head_fee, test_head_fee_other_shapes, test_no_head_fee, test_head_fee_issue15_unseen_wordings,
                 test_no_head_fee_issue15_unseen_wordings, test_head_fee_issue15_payout_words,
                 test_no_head_fee_issue15_payout_words, test_head_fee_issue15_card_reached,
                 test_head_fee_issue15_after_instalments, test_head_fee_issue15_more_words):
        texts += [case[0] if isinstance(case, tuple) else case for case in test.pytestmark[0].args[1]]
    tagger = _tagger()
    screened = [tagger.tag_text(t).facts for t in texts]
    skipped = []
    real_search = fx._AMOUNT_START.search

    class Everything:  # the screen as if every keyword had an amount after it
        @staticmethod
        def search(s, pos, endpos):
            found = real_search(s, pos, endpos)
            if found is None:
                skipped.append(pos)
            return Everything

    monkeypatch.setattr(fx, "_AMOUNT_START", Everything)
    assert [tagger.tag_text(t).facts for t in texts] == screened
    assert len(skipped) > 300  # the screen had keywords to skip...
    assert sum("head_fee" in f for f in screened) > 50  # ...and head fees were found


def test_any_rx_answers_as_the_loop_of_in_tests():
    """facts._any_rx(words) finds something exactly where any(w in s for w in words)."""
    from crawler.mirror.democorpus import iter_posts

    texts = [f"{p.title}\n{p.body}" for p in iter_posts(200, seed=9)] + ["", "比", "多算了", "算进本金"]
    word_lists = [fx._DIFF_WORDS, fx.default().words["hf_added_words"], ["本金", "本"], [], [""], ["借款", "x"]]
    for words in word_lists:
        rx = fx._any_rx(words)
        assert [rx.search(s) is not None for s in texts] == [any(w in s for w in words) for s in texts], words
    assert any(fx._DIFF_WORDS_RX.search(s) for s in texts) and not all(fx._DIFF_WORDS_RX.search(s) for s in texts)


# --- skipping whole-text patterns by the words they need (FactExtractor._may) ----------------

RAW_POSTS = [Path(__file__).resolve().parents[2] / "shared" / "corpus" / "raw" / "nengqiang__test" / "tousu2" / name
             for name in ("gfd4.json", "qz5.json")]


@pytest.mark.skipif(not all(p.exists() for p in RAW_POSTS), reason="needs ../shared/corpus")
def test_a_pattern_skipped_for_lack_of_its_words_has_no_match_in_real_posts():
    """Where _may says a pattern cannot match a post, it finds nothing there; and it does say so
    for most patterns of most real posts (else the automaton pass would be cost for nothing)."""
    from pipeline import lexicon as lx

    ex = _tagger().facts
    texts = [lx.normalise(f"{r.get('title') or ''}\n{r.get('appeal') or ''}\n{r.get('overview') or ''}").text
             for p in RAW_POSTS for r in json.loads(p.read_text(encoding="utf-8"))]
    skipped = tried = 0
    for s in texts:
        ex._present = set(map(fx._VALUE, ex._needs_auto.iter(s)))
        for key in fx._WHOLE_TEXT_KEYS:
            tried += 1
            if not ex._may(key):
                skipped += 1
                assert next(iter(ex.flex.rx[key].finditer(s)), None) is None, (key, s)
    ex._present = None
    assert skipped > tried / 2


def test_a_post_with_the_words_still_gets_its_fact():
    # every word dd_terms needs is there: not skipped (the fact found as without the automaton)
    assert values("催收打电话给我家人，说我是老赖，欠钱不还。")["debt_disclosed"] is True


# Amounts in 块钱 / 元钱 wherever an amount in 元 or 块 is read (own sentences in 2020s wording; before,
# six of the shapes took only 元 or 块, and 1万块钱的借款，到手只有8千 had no loan amount).
@pytest.mark.parametrize(("text", "fee"), [
    ("1万块钱的借款，到手只有8千。", (10000, 8000)),
    ("在安逸花上一万块钱的借款，到手只有8000元。", (10000, 8000)),
    ("借了5000块钱，到手只有4000块钱。", (5000, 4000)),
    ("签了12000块钱的借款合同，到账9000块钱。", (12000, 9000)),
    ("借款3000元钱，实际到账2400元钱。", (3000, 2400)),
])
def test_head_fee_amounts_in_kuai_qian(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == fee


@pytest.mark.parametrize("text", [
    "借了5000块钱，已经还了4000块钱。",  # a repayment, not what arrived
    "一万块钱的借款，到账一万块钱，没有扣任何费用。",
    "如果一万块钱的借款只到手8千，那就是砍头息。",  # hypothetical
])
def test_no_head_fee_in_these_kuai_qian_shapes(text):
    assert values(text)["head_fee"] is None


# Issue 15, round 5 (own sentences, 2020s wording, banks' and consumer-finance lenders): a fee
# under its own name (评估费, 中介费, 权益包), a shortfall at payout (打款少了, 比审批的金额少了), the
# shortfall told before its loan (到账比合同少了2000元，合同金额12000元); a deduction denied or supposed
# is none.
@pytest.mark.parametrize(("text", "fee"), [
    ("在某消费金融借钱，放款10000元时扣除了评估费1500元。", (10000, 8500)),
    ("在某消费金融借钱，放款10000元，当场扣除评估费1500元。", (10000, 8500)),
    ("在中原消费金融借款12000元，被扣了2000元的中介费。", (12000, 10000)),
    ("在某银行办的信用贷借了2万，放款时扣除渠道费1600元。", (20000, 18400)),
    ("借款1万元，到账后被收取了1000元的权益包。", (10000, 9000)),
    ("在某消费金融借款12000元，打款少了2000元。", (12000, 10000)),
    ("在某消费金融借款12000元，放款金额少了2000元。", (12000, 10000)),
    ("我在某消费金融借款12000元，到账的钱比审批的金额少了两千。", (12000, 10000)),
    ("我在某消费金融借款12000元，实际打款比借款金额少给了2000元。", (12000, 10000)),
    ("我在某消费金融借款12000元，分12期，每期还1200元，结果到账金额比合同金额少了2000元。", (12000, 10000)),
    ("在某消费金融借钱，到账金额比合同金额少了2000元，合同金额12000元。", (12000, 10000)),
    ("到账比借款少了3000元，借款30000元。", (30000, 27000)),
    ("在马上消费借款，实际到账的钱比合同上少了3000元，合同是3万。", (30000, 27000)),
])
def test_head_fee_issue15_round5(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "我在某消费金融借款12000元，如果到账时扣了2000元就投诉。",  # supposed
    "我在某消费金融借款12000元，如果到账比合同少了2000元就投诉。",
    "我在某消费金融借款12000元，并没有扣除2000元服务费。",  # denied
    "我在某消费金融借款12000元，到账金额跟合同金额一致，没有比合同少2000元。",
    "我在某消费金融借款12000元，每月还款比合同少了200元。",  # a repayment
    "听说有人在某平台借款12000元，到账比合同少了2000元。",  # hearsay
    "我在某消费金融借款12000元，交了2000元押金。",  # a deposit is paid, not taken
])
def test_no_head_fee_issue15_round5(text):
    assert values(text)["head_fee"] is None


def test_head_fee_issue15_round5_counterfactual_presupposes_the_fee():
    v = values("我在某消费金融借款12000元，如果不是被扣了2000元的砍头息，我也不会逾期。")["head_fee"]
    assert (v["contract"], v["received"]) == (12000.0, 10000.0)


# the rate before its year word, or in percentage points, at 24 or 36 too: the loan's unless bounded,
# reckoned by or named as the law's
@pytest.mark.parametrize(("text", "rate"), [
    ("我在某消费金融借款，36%的年化利率，还要收服务费。", 36.0),
    ("在招联借款一万，年化利率24个点。", 24.0),
    ("在某银行信用卡分期，年化利率达到36个点。", 36.0),
])
def test_stated_apr_issue15_round5(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款利息超过36%的年化利率。",
    "借款，36%的年化利率是国家红线。",
    "借款，按24%的年化计算，我早就还清了。",
    "借款，国家规定年化不能超过24个点。",
    "借款，年化利率超过24个点就是高利贷。",
    "借款，如果年化利率36个点就是高利贷。",
    "我在某消费金融借款，超过国家规定的24%年利率和36%年利率。",
])
def test_no_stated_apr_issue15_round5(text):
    assert values(text)["stated_apr"] is None


# parties beyond the nuclear family and friends (in-laws, a former colleague, the landlord): the debt
# told to them is disclosed, and they were contacted
@pytest.mark.parametrize(("text", "party"), [
    ("催收给我嫂子打电话，说我欠钱不还。", "relatives"),
    ("催收联系了我岳母，告诉她我借了网贷。", "relatives"),
    ("催收打电话给我的前同事，说我欠钱，让他转告我。", "colleagues"),
    ("催收给我哥们打电话，说我欠网贷不还。", "friends"),
    ("催收打电话给我的房东说我欠钱。", "other"),
])
def test_debt_disclosed_issue15_round5_parties(text, party):
    v = values(text)
    assert v["debt_disclosed"] is True
    assert (party, "did") in {(c["party"], c["mode"]) for c in v["contacted"]}


@pytest.mark.parametrize("text", [
    "我给我哥打电话借钱还网贷。",  # the complainant's own call
    "我跟我的房东说我欠了网贷。",
    "我哥知道我借了网贷，很生气。",
])
def test_no_debt_disclosed_issue15_round5_parties(text):
    v = values(text)
    assert not v["debt_disclosed"] and not v["contacted"]


# round 5, second part: money that came in (卡里只进来, 打到我账上, 到我微信), the rate a sentence goes on
# to in words or after 提高到, the debt told as 没还 / 黑名单 / 有借款 to a party reached
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款5000元，卡里只进来4000元。", (5000, 4000)),
    ("在钱站借款5000元，打到我账上的是4000元。", (5000, 4000)),
    ("在钱站借款5000元，到我微信的只有4000元。", (5000, 4000)),
    ("在招联借款5000元，打进我卡里的只有4000元。", (5000, 4000)),
])
def test_head_fee_issue15_round5_money_in(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "我在招联借款5000元，我打进来4000元还款。",  # the complainant's repayment
    "在招联借款5000元，工资打进来4000元。",  # wages paid in
])
def test_no_head_fee_issue15_round5_money_in(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize(("text", "rate"), [
    ("在某消费金融借款，合同上写的年利率是百分之二十四，实际是百分之四十八。", 48.0),
    ("在某银行信用卡分期，年化利率从24%提高到48%。", 48.0),
    ("借款后年化利率从百分之二十四提高到百分之四十八。", 48.0),
])
def test_stated_apr_issue15_round5_gone_on_to(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款，年化利率是24%，逾期费率达到了百分之五。",  # another rate gone on to
    "借款，年化利率是24%，如果逾期会达到百分之四十八吗？",
])
def test_stated_apr_issue15_round5_not_gone_on_to(text):
    assert values(text)["stated_apr"] == 24.0


@pytest.mark.parametrize("text", [
    "催收给我同事打电话，说我到期没还款。",
    "催收给我同事打电话，说我上了黑名单。",
    "催收给我同事打电话，说我在他们平台有借款。",
])
def test_debt_disclosed_issue15_round5_said(text):
    assert values(text)["debt_disclosed"] is True


@pytest.mark.parametrize("text", [
    "催收说我到期没还款。",  # said to the borrower
    "我给我同事打电话，说我到期没还款。",  # the complainant's own call
    "客服说我没还款会上黑名单。",
    "平台发布了催收通知。",
])
def test_no_debt_disclosed_issue15_round5_said(text):
    assert not values(text)["debt_disclosed"]


# round 5, third part: a fee told as part of the loan after 有 (有660元是砍头息); a fee to be paid apart
# is not taken; a shortfall of wages, a repayment, a credit line or an approval is no head fee
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借了2660元的借款，有660元是砍头息。", (2660, 2000)),
    ("借款3000元，有500元是砍头息。", (3000, 2500)),
])
def test_head_fee_issue15_round5_part_of_the_loan(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "借款3000元，500元的服务费要另外交。",
    "借款3000元，有500元的服务费要另外交。",
    "我这个月工资到账少了2000元，借款10000元的还款还不上了。",
    "借款10000元，分12期，每期还1000元，这个月扣款比合同少了200元。",
    "借款10000元，额度比申请的少了2000元。",
    "我申请借款10000元，审批下来比申请的少了2000元，只批了8000元。",
    "借款10000元，减免后比合同少了2000元。",
])
def test_no_head_fee_issue15_round5_other_shortfalls(text):
    assert values(text)["head_fee"] is None


# round 5, fourth part: the principal named by 以…作为本金, inflated (虚增本金到), or on the credit record
# (征信记录是); the second amount supposed (如果合同写6650元就是砍头息) is none, a counterfactual or
# hindsight (如果不是…, 要是早知道…) presupposes it
@pytest.mark.parametrize(("text", "fee"), [
    ("本人在钱站平台借款5000元，却被虚增本金到6650元。", (6650, 5000)),
    ("本人在钱站平台借款5000元，却以6650元作为本金计息。", (6650, 5000)),
    ("在某消费金融借款5000元，他们以6650元为本金计算利息。", (6650, 5000)),
    ("本人在钱站平台借款5000元，征信记录是6650元。", (6650, 5000)),
    ("本人在钱站平台借款5000元，要是早知道合同写6650元我就不借了。", (6650, 5000)),
    ("本人在钱站平台借款5000元，如果不是合同写了6650元，我也不会投诉。", (6650, 5000)),
])
def test_head_fee_issue15_round5_principal_named(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "本人在钱站平台借款5000元，如果按6650元本金计息就是高利贷。",
    "本人在钱站平台借款5000元，如果合同写6650元就是砍头息。",
    "本人在钱站平台借款5000元，要是到账4000元就是砍头息。",
    "本人在钱站平台借款5000元，如果以6650元作为本金计息就是高利贷。",
    "本人在钱站平台借款5000元，以3000元为一期还款。",
])
def test_no_head_fee_issue15_round5_second_amount_supposed(text):
    assert values(text)["head_fee"] is None


# round 5, fifth part: interest or instalments of some periods taken before payout (先扣了两个月的利息,
# 提前扣了3期利息共…, 先扣除第一期还款); not interest taken every month
@pytest.mark.parametrize(("text", "fee"), [
    ("在马上消费借款10000元，放款时先扣了两个月的利息1600元。", (10000, 8400)),
    ("借款10000元，提前扣了3期利息共2400元。", (10000, 7600)),
    ("借款10000元，预扣了首月利息和服务费共1500元。", (10000, 8500)),
    ("借款10000元，先扣除第一期还款1200元。", (10000, 8800)),
])
def test_head_fee_issue15_round5_periods_upfront(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "借款10000元，每个月先扣利息800元。",
    "借款10000元，如果提前扣了3期利息就投诉。",
    "借款10000元，并没有先扣两个月的利息1600元。",
])
def test_no_head_fee_issue15_round5_periods_upfront(text):
    assert values(text)["head_fee"] is None


# round 5, sixth part: a purchase forced on the borrower and taken out of the loan (被要求购买1500元的保险，
# 从借款中扣除), a guarantor taking its cut (担保公司收走了1500); not the complainant's own purchase, not
# one debited every month or from wages
@pytest.mark.parametrize(("text", "fee"), [
    ("在360借条借了一万，担保公司收走了1500。", (10000, 8500)),
    ("在某平台借款一万，被要求购买1500元的保险，从借款中扣除。", (10000, 8500)),
    ("在某平台借款一万，强制搭售了1500元的保险，直接从放款金额里扣了。", (10000, 8500)),
    ("在某平台借款一万，被强制购买了1500元的会员，从贷款里扣的。", (10000, 8500)),
])
def test_head_fee_issue15_round5_forced_purchase(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在某平台借款一万，被强制购买了1500元的会员，每个月从银行卡里扣。",
    "在某平台借款一万，我自己买了1500元的保险，从工资里扣。",
    "在某平台借款一万，如果购买1500元的保险，就从借款中扣除。",
    "在某平台借款一万，每月收走1500。",
])
def test_no_head_fee_issue15_round5_forced_purchase(text):
    assert values(text)["head_fee"] is None


# round 5, seventh part: 通知了 + party + the debt, and the debt known to all (人尽皆知)
@pytest.mark.parametrize("text", [
    "催收通知了我的单位我欠款逾期。",
    "催收骚扰我的亲友，导致我欠款的事人尽皆知。",
])
def test_debt_disclosed_issue15_round5_told_known(text):
    assert values(text)["debt_disclosed"] is True


@pytest.mark.parametrize("text", [
    "我不想弄得人尽皆知，所以一直在还。",  # a wish
    "我通知了我的家人我欠款的事。",  # the complainant's own telling
    "催收说要通知我的单位我欠款逾期。",  # a threat
])
def test_no_debt_disclosed_issue15_round5_told_known(text):
    assert not values(text)["debt_disclosed"]


# round 5, eighth part: several fees listed as taken are taken together (amounts exact)
@pytest.mark.parametrize(("text", "fee"), [
    ("在某消费金融借款5万，扣了担保费3000和保险费2000。", (50000, 45000)),
    ("在某消费金融借款5万，扣了担保费3000元、保险费2000元。", (50000, 45000)),
    ("在某消费金融借款5万，放款时扣了担保费3000元，又扣了保险费2000元。", (50000, 45000)),
    ("在某消费金融借款5万，扣了3000元的担保费和2000元的保险费。", (50000, 45000)),
    ("在某消费金融借款5万，扣了担保费3000元，还款2000元。", (50000, 47000)),  # a repayment is no fee
    ("在某消费金融借款5万，扣了担保费3000元，保险费2000元是另外交的。", (50000, 47000)),  # paid apart
    ("在某消费金融借款5万，扣了担保费3000元，每月管理费200元。", (50000, 47000)),  # a monthly fee
])
def test_head_fee_issue15_round5_fees_together(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


# round 5, ninth part: what arrived told as a share of the loan (到账只有借款金额的80%, 到手只有八成,
# 到账打了八折), and a share taken in percentage points (扣了20个点, 砍头息20个点)
@pytest.mark.parametrize(("text", "fee"), [
    ("在某消费金融借款10000元，到账只有借款金额的80%。", (10000, 8000)),
    ("借款10000元，到手只有八成。", (10000, 8000)),
    ("借款10000元，只到账了百分之八十。", (10000, 8000)),
    ("借款10000元，到账打了八折。", (10000, 8000)),
    ("借款10000元，放款扣了20个点。", (10000, 8000)),
    ("借款10000元，砍头息20个点。", (10000, 8000)),
])
def test_head_fee_issue15_round5_shares(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "借款10000元，如果到手只有八成就不借了。",
    "借款10000元，到账后还了80%。",
    "借款10000元，每月还款打了八折。",
    "借款10000元，月息2个点。",
    "借款10000元，每期手续费2个点。",
    "借款10000元，年化利率24个点。",
])
def test_no_head_fee_issue15_round5_shares(text):
    assert values(text)["head_fee"] is None


# round 5, tenth part: 24 or 36 beside the law's words (允许, 最高, 上限) is the law's ceiling, before its
# year word or in 个点 (false alarms of part 1)
@pytest.mark.parametrize("text", [
    "借款，法律允许的最高是36%的年化利率。",
    "借款，国家允许最高36%的年化利率。",
    "借款，国家允许年化最高24个点。",
    "借款，法律允许的年化利率最高24个点。",
    "借款，年化利率上限是36个点。",
])
def test_no_stated_apr_issue15_round5_law_words(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize(("text", "rate"), [
    ("借款，他们收取36%的年化利率。", 36.0),
    ("借款，这个平台居然是36%的年化利率。", 36.0),
    ("借款，年化利率是36个点。", 36.0),
])
def test_stated_apr_issue15_round5_not_law_words(text, rate):
    assert values(text)["stated_apr"] == rate


# round 5, eleventh part: the loan paid out (放款10000元) against what only reached the card (只收到8500元)
@pytest.mark.parametrize(("text", "fee"), [
    ("在某消费金融借款，放款10000元，我银行卡只收到8500元。", (10000, 8500)),
    ("在某消费金融借款，放款10000元，银行卡才收到8500元。", (10000, 8500)),
])
def test_head_fee_issue15_round5_paid_out_only_received(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在某消费金融借款，下款10000元，后来又下款2000元。",  # two loans
    "在某消费金融借款，放款10000元，我只收到还款提醒。",
])
def test_no_head_fee_issue15_round5_paid_out_only_received(text):
    assert values(text)["head_fee"] is None


# round 5, twelfth part: the borrower named to the party by kinship or a stand-in name (打电话给我爸，说他
# 女儿欠了他们的钱 / 给我领导打电话，说某某欠款逾期); not said to the borrower, nor by the party
@pytest.mark.parametrize("text", [
    "催收打电话给我爸，说他女儿欠了他们的钱。",
    "催收打电话给我老婆，说你老公欠了网贷。",
    "催收打电话给我领导，说某某欠款逾期，让领导督促。",
    "催收打电话给我姐，说你弟弟借了钱不还。",
])
def test_debt_disclosed_issue15_round5_kin_named(text):
    assert values(text)["debt_disclosed"] is True


@pytest.mark.parametrize("text", [
    "催收打电话给我，说你老公欠了网贷。",  # to the borrower
    "我妈打电话给我，说你儿子欠钱的事她知道了。",
    "我老婆跟我说你老公欠了网贷，怎么办。",
])
def test_no_debt_disclosed_issue15_round5_kin_named(text):
    assert not values(text)["debt_disclosed"]


# round 5, thirteenth part (precision; false alarms before this branch): an instalment debited on the due
# date, a fee bought by the complainant or paid over time is no head fee
@pytest.mark.parametrize("text", [
    "借款10000元，扣款日扣了1100元。",
    "借款10000元，会员费299元是我自愿买的。",
    "借款10000元，保险费2000元分12期收取。",
])
def test_no_head_fee_issue15_round5_not_taken(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize(("text", "fee"), [
    ("借款10000元，放款前扣了2000元手续费。", (10000, 8000)),
    ("借款10000元，服务费2000元，直接扣了。", (10000, 8000)),
])
def test_head_fee_issue15_round5_still_taken(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


# round 5, fourteenth part: the gap between contract and arrival told as 相差 / 差了 (到账金额与合同金额相差
# 1650元), in either direction from the amount before it; a shortfall against the contract after an amount
# received makes that amount the net one (到账5000元，比合同少了1650元 -> 6650/5000)
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款6650元，到账金额与合同金额相差1650元。", (6650, 5000)),
    ("在钱站借款，合同金额6650元，与实际到账金额相差1650元。", (6650, 5000)),
    ("在钱站借款，到账金额和合同金额差了1650元，合同是6650元。", (6650, 5000)),
    ("在钱站借款6650元，到账差了1650元。", (6650, 5000)),
    ("在钱站借款，到账5000元，与合同相差1650元。", (6650, 5000)),
    ("在钱站借款，到账5000元，比合同少了1650元。", (6650, 5000)),
    ("在钱站借款，到手差不多8000，合同10000。", (10000, 8000)),
])
def test_head_fee_issue15_round5_gap(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款6650元，还款金额与合同金额相差1650元。",
    "我的工资到账差了500元，借款6650元还不上了。",
])
def test_no_head_fee_issue15_round5_gap(text):
    assert values(text)["head_fee"] is None


# issue 15, round 6: head_fee amounts told approximately (扣了近3000元) or in digits with Chinese units
# (6千6百5十), what the card gained (银行卡里只多了4000元), what arrived after a long bracketed aside or at
# the start of the next clause (实际到账的钱，只有区区7000元), what was left once taken (扣得只剩7000元)
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款10000元，放款时扣了近3000元服务费。", (10000, 7000)),
    ("借款10000元，扣了将近3000元的服务费。", (10000, 7000)),
    ("借款10000元，扣除服务费约3000元。", (10000, 7000)),
    ("借款10000元，被扣了大概3000块钱手续费。", (10000, 7000)),
    ("借款10000元，砍头息差不多3000元。", (10000, 7000)),
    ("借款10000元，服务费就收了接近3000。", (10000, 7000)),
    ("在钱站借款，合同金额6千6百5十元，实际到账5000元。", (6650, 5000)),
    ("借款6650元，扣了1千6百5十元服务费。", (6650, 5000)),
    ("借款1万2千5百元，到账1万。", (12500, 10000)),
    ("在功夫贷借了5000元，银行卡里只多了4000元。", (5000, 4000)),
    ("借款10000元，我的卡上只多了7000。", (10000, 7000)),
    ("借款10000元，账户里只多出了7000元。", (10000, 7000)),
    ("借款10000元，实际到账（扣除了所谓的会员费、保险费等乱七八糟的费用后）只有7000元。", (10000, 7000)),
    ("借款10000元，到账的时候我一看，只有7000元。", (10000, 7000)),
    ("在钱站借款10000元，到账金额少得可怜，只有7000元。", (10000, 7000)),
    ("在钱站借款，合同金额10000元，但我实际到账的钱，只有区区7000元。", (10000, 7000)),
    ("借款10000元，到手的钱被他们以各种名义扣得只剩7000元。", (10000, 7000)),
])
def test_head_fee_issue15_round6(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "借款10000元，还款时扣了近3000元。",  # a repayment
    "借款10000元，如果扣了近3000元服务费我就投诉。",  # supposed
    "借款10000元，没有扣近3000元的服务费。",  # denied
    "我在银行借款10000元，手续费约30元。",  # a bank's small fee
    "借款10000元，这个月发了工资卡里只多了7000元。",  # wages
    "借款10000元，退款后卡里多了7000元。",  # a refund
    "借款10000元，工资被扣得只剩7000元。",  # wages
    "借款10000元，每个月还款被扣得只剩7000元。",  # a repayment
    "借款10000元，到账的时候我一看，只有7000元的额度。",  # a credit line
    "借款10000元，到账的时候我一看，只有7期。",
    "借款10000元，到账后还款，只有7000元。",  # a repayment between
    "借款10000元，到账的时候，只还了7000元。",
])
def test_no_head_fee_issue15_round6(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize("words, number", [
    ("6千6百5十", 6650), ("1万2千5百", 12500), ("1万2千5", 12500), ("6千6百5", 6650), ("10万2千", 102000), ("1千5百", 1500),
])
def test_numbers_in_digits_with_chinese_units(words, number):
    assert fx.parse_number(words) == number


# issue 15, round 6: stated_apr with 年 apart from its rate word (利率为年48%, 按年计息48%), a year told as a
# span and what it costs (一年就是48%, 每年48%的利息, 一年要还48%的利息)
@pytest.mark.parametrize(("text", "rate"), [
    ("借款10000元，利率为年48%。", 48),
    ("借款10000元，利率年48%。", 48),
    ("借款10000元，利息按年计息48%。", 48),
    ("借款年化利率太高，一年就是48%。", 48),
    ("借款10000元，月利率4%，一年就是48%。", 48),
    ("借款10000元，月利率4%，一年下来就是48%。", 48),
    ("借款10000元，每年48%的利息。", 48),
    ("借款10000元，一年要还48%的利息。", 48),
    ("借款10000元，一年就是百分之四十八。", 48),
    ("借款10000元，利息每年是48%。", 48),
    ("借款10000元，年利率高达百分之三十六。", 36),
    ("借款10000元，折合年化36%以上。", 36),
])
def test_stated_apr_issue15_round6(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款10000元，一年还了48%。",  # no word makes it the year's rate
    "借款10000元，一年就是12期。",
    "借款10000元，国家规定一年不能超过36%。",  # the law's
    "借款10000元，国家规定一年最高是36%。",
    "借款10000元，如果一年就是48%，那就是高利贷。",  # supposed
    "借款10000元，工资一年就涨了48%。",  # wages
    "借款10000元，十一年就是48%。",
    "银行存款一年就是3%的利息。",  # a deposit
])
def test_no_stated_apr_issue15_round6(text):
    assert values(text)["stated_apr"] is None


# issue 15, round 6: debt_disclosed: a party reached and asked to repay for the borrower (给我爸打电话，让我爸
# 替我还钱), which tells them of the debt; the loan itself named after 说我 (说我在某某平台的借款已经逾期)
@pytest.mark.parametrize("text", [
    "催收给我爸打电话，让我爸替我还钱。",
    "催收打电话给我哥，要他替我还款。",
    "催收打电话给我朋友，让他们帮我还钱。",
    "催收联系了我的同事，要求同事替我还款。",
    "催收打给我的朋友，说我在某某平台的借款已经逾期。",
])
def test_debt_disclosed_issue15_round6(text):
    assert values(text)["debt_disclosed"] is True


@pytest.mark.parametrize("text", [
    "我让我爸替我还钱。",  # the complainant asked
    "我打电话给我爸，让他帮我还款。",
    "催收让我找朋友，让朋友帮我还钱。",  # said to the borrower
    "催收说要打给我爸，让他替我还钱。",  # a threat
    "如果催收打给我爸让他替我还钱，我就报警。",  # supposed
    "催收打给我妈，我妈说她替我还钱。",  # the party speaks
    "催收打电话给我妈，我妈说我借款的事她知道。",
    "催收打电话给我，让我尽快还款。",
])
def test_no_debt_disclosed_issue15_round6(text):
    assert not values(text)["debt_disclosed"]


# issue 15, round 6, part 3: more words for the same families: 大约在3000元左右, 到账少了整整3000元, 到账时发现少了
# 3000元, 其中1000元是所谓的担保费, what a wallet gained (支付宝里只多了7000元, 余额只增加了7000元)
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款10000元，砍头息大约在3000元左右。", (10000, 7000)),
    ("在钱站借款10000元，到账少了整整3000元。", (10000, 7000)),
    ("在钱站借款10000元，结果到账时发现少了3000元。", (10000, 7000)),
    ("在钱站借款5000元，其中1000元是所谓的担保费，直接扣除。", (5000, 4000)),
    ("在钱站借款10000元，卡里就多了7000。", (10000, 7000)),
    ("在钱站借款10000元，银行卡余额只增加了7000元。", (10000, 7000)),
    ("在钱站借款10000元，支付宝里只多了7000元。", (10000, 7000)),
    ("在钱站借款10000元，微信零钱只多了7000元。", (10000, 7000)),
])
def test_head_fee_issue15_round6_more_words(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，这个月工资到了，支付宝里只多了7000元。",  # wages, a clause before
    "在钱站借款10000元，还款后卡里就多了7000。",
    "在钱站借款10000元，工资到账时发现少了3000元。",  # wages
])
def test_no_head_fee_issue15_round6_more_words(text):
    assert values(text)["head_fee"] is None


# issue 15, round 6, part 4: stated_apr: the rate restated (是合同写的24%的两倍，也就是48%), the rate with fees
# included (年化利率36%，加上各种费用后为72% / 加上服务费就变成72%了), 真实的利率 as a rate word
@pytest.mark.parametrize(("text", "rate"), [
    ("在钱站借款10000元，年利率是合同写的24%的两倍，也就是48%。", 48),
    ("在钱站借款10000元，年化利率36%，加上各种费用后为72%。", 72),
    ("在钱站借款10000元，年化利率36%，加上服务费后是72%。", 72),
    ("在钱站借款10000元，年化利率36%，但加上服务费就变成72%了。", 72),
    ("在钱站借款10000元，年化利率24%，真实的利率却是50%。", 50),
])
def test_stated_apr_issue15_round6_gone_on_to(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize(("text", "rate"), [
    ("在钱站借款10000元，年化利率24%，也就是月息2%。", 24),  # a monthly rate restated
    ("在钱站借款10000元，年化利率12%，折合月利率1%。", 12),
    ("在钱站借款10000元，年化利率24%，服务费率达到了50%。", 24),  # a fee's own rate
    ("在钱站借款10000元，年化利率24%，加上逾期罚息后变成了72%。", 24),  # a late fee's
    ("在钱站借款10000元，年化利率24%，加上服务费，月费率达到了5%。", 24),
])
def test_stated_apr_issue15_round6_not_gone_on_to(text, rate):
    assert values(text)["stated_apr"] == rate


# issue 15, round 6, part 5: debt_disclosed: notices put up (在我家门口贴了催债的纸条, 喷漆写欠债还钱), the debt
# 捅到 a workplace, the debt sent to a party reached (给我的同事发了我的逾期信息), the party receiving the debt
# itself (亲戚朋友都收到了我欠款逾期的短信), a blacklist 发到了网上
@pytest.mark.parametrize("text", [
    "催收在我家门口贴了催债的纸条。",
    "催收在我家墙上喷漆写欠债还钱。",
    "催收把我欠款的事情捅到了我公司。",
    "催收给我的所有联系人发送了我的欠款详情。",
    "催收给我的同事发了我的逾期信息。",
    "我的亲戚朋友都收到了我欠款逾期的短信。",
    "催收把我列入黑名单发到了网上。",
])
def test_debt_disclosed_issue15_round6_published_or_sent(text):
    assert values(text)["debt_disclosed"] is True


@pytest.mark.parametrize("text", [
    "我给我的同事发了我的欠款截图，让他帮我想办法。",  # the complainant's own
    "催收给我发了我的逾期信息。",  # to the borrower
    "催收说要在我家门口贴催债的纸条。",  # a threat
    "催收威胁要把我欠款的事情捅到我公司。",
    "我把欠款的事情捅到了网上，希望有人管管。",
    "如果催收给我的同事发了我的逾期信息，我就报警。",  # supposed
    "我怕我的亲戚朋友收到我欠款逾期的短信。",  # a fear
    "我的亲戚朋友都没有收到我欠款逾期的短信。",  # denied
    "我们公司门口贴了催款通知，是物业费。",  # no debt of the borrower's
])
def test_no_debt_disclosed_issue15_round6_published_or_sent(text):
    assert not values(text)["debt_disclosed"]


# issue 15, round 6, part 6: head_fee: an aside in brackets right after the contract's or the arrival's own
# words, its amount after it (合同上写的借款金额（我当时根本没仔细看，后来才发现）是10000元 / 到账金额（银行流水可以证明）
# 只有7000元)
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款，合同上写的借款金额（我当时根本没仔细看，后来才发现）是10000元，实际到账7000元。", (10000, 7000)),
    ("在钱站借款10000元，到账金额（银行流水可以证明）只有7000元。", (10000, 7000)),
    ("在钱站借款（分12期，每期还款1200元）10000元，实际到账7000元。", (10000, 7000)),
])
def test_head_fee_issue15_round6_bracketed_aside(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，到账金额（银行流水可以证明）全部是10000元。",  # arrived in full
    "在钱站借款10000元，每月到账的工资（税后）只有7000元。",  # wages (a false alarm before this branch)
    "在钱站借款10000元，每月到账的工资只有7000元。",
    "在钱站借款10000元，我的工资到账7000元。",
])
def test_no_head_fee_issue15_round6_bracketed_aside(text):
    assert values(text)["head_fee"] is None


# issue 15, round 7, part 1: debt_disclosed: a party pressed to make the borrower repay (叫她督促我还款, 让同事转告我赶紧
# 还钱), asked whether they know of the debt (问她知不知道我欠了网贷), sent a collection notice (给我家人发催款短信), a
# party learning the debt from the calls (我老婆接到催收电话才知道我借了网贷), told by the collectors (被催收告知我欠款),
# the borrowing or the bill moved to others (把我借钱的事告诉了我公司领导, 把我的账单发给我同事), a comment under Moments
# posts (在我朋友的朋友圈留言说我欠钱)
@pytest.mark.parametrize("text", [
    "钱站借款逾期，催收给我妈打电话，叫她督促我还款。",
    "钱站借款逾期，催收给我同事打电话，让同事转告我赶紧还钱。",
    "钱站借款逾期，催收打电话给我朋友，要他劝我还钱。",
    "钱站借款逾期，催收给我老婆打电话，问她知不知道我欠了网贷。",
    "钱站借款逾期，催收给我家人发催款短信。",
    "钱站借款逾期，催收给我紧急联系人发了催收信息。",
    "钱站借款逾期，我老婆接到催收电话才知道我借了网贷。",
    "钱站借款逾期，我爸妈接到催收的电话，才知道我欠钱。",
    "钱站借款逾期，我家人都被催收告知我欠款的事。",
    "钱站借款逾期，催收把我借钱的事告诉了我公司领导。",
    "钱站借款逾期，催收把我的账单发给我同事。",
    "钱站借款逾期，催收在我朋友的朋友圈留言说我欠钱。",
    "钱站借款逾期，催收在我朋友圈下面评论让我还钱。",
    "钱站借款逾期，催收给我爸打电话，说儿子欠钱要他还。",
])
def test_debt_disclosed_issue15_round7_pressed_asked_learned(text):
    assert values(text)["debt_disclosed"] is True


@pytest.mark.parametrize("text", [
    "钱站借款逾期，催收给我打电话，叫我赶紧还钱。",  # to the borrower
    "钱站借款逾期，我给我妈打电话，让她督促我还款。",  # the complainant's call
    "钱站借款逾期，我妈打电话给我，叫我赶紧还钱。",  # the party speaking
    "钱站借款逾期，催收说要给我妈打电话，让她督促我还款。",  # a threat
    "钱站借款逾期，催收给我发催款短信。",
    "钱站借款逾期，我给家人发了催款短信的截图。",
    "钱站借款逾期，后来我才知道我借的是高利贷。",  # the complainant learning
    "钱站借款逾期，我老婆一直不知道我借了网贷。",
    "钱站借款逾期，我怕我老婆接到催收电话才知道我借了网贷。",  # a fear
    "钱站借款逾期，如果我老婆接到催收电话才知道我借了网贷，我就完了。",  # supposed
    "钱站借款逾期，我自己在朋友圈留言说我欠钱会还的。",  # the complainant's own post
    "钱站借款逾期，我在我朋友圈下面评论让大家别借钱。",
    "钱站借款逾期，我主动告诉了家人我借了网贷。",  # the complainant telling (a false alarm before this branch)
])
def test_no_debt_disclosed_issue15_round7_pressed_asked_learned(text):
    assert not values(text)["debt_disclosed"]


# issue 15, round 7, part 2 (precision): head_fee: an instalment debited (自动扣款3000元, 这个月扣了3000元, 扣了3000元
# 还款, 划扣了3000元月供), a late fee after its amount (扣了600元的违约金), a fee paid over time or apart (服务费3000元，
# 分12期收取; 服务费3000元要分期还; 会员费600元是单独付的; 我另外交了600元的会员费) is no head fee (false alarms before)
@pytest.mark.parametrize("text", [
    "钱站：借款10000元，服务费3000元，分12期收取。",
    "钱站：借款10000元，全额到账，但是服务费3000元要分期还。",
    "钱站：借款10000元，这个月扣了3000元还款。",
    "钱站：借款10000元，银行卡被扣了3000元还款。",
    "钱站：借款10000元，自动扣款3000元。",
    "钱站：借款10000元，划扣了3000元月供。",
    "钱站：借款3000元，扣款失败扣了600元的违约金。",
    "钱站：借款3000元，我另外交了600元的会员费。",
    "钱站：借款3000元，会员费600元是单独付的。",
])
def test_no_head_fee_issue15_round7_instalments_and_fees_apart(text):
    assert values(text)["head_fee"] is None


@pytest.mark.parametrize(("text", "fee"), [
    ("钱站：借款5000元，下款后自动扣了1000元的会员费。", (5000, 4000)),  # taken at payout, 自动 or not
    ("钱站：借款10000元，放款后自动扣款3000元服务费。", (10000, 7000)),
    ("钱站：借款10000元，支付了3000元服务费。", (10000, 7000)),
    ("钱站：借款5000元，扣了1500的服务费，每月还款1000。", (5000, 3500)),
])
def test_head_fee_issue15_round7_still_taken(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


# issue 15, round 7, part 3: head_fee: the principal grown (本金却成了13000元, 还款计划里本金是13000元, 客服说我的借款是
# 13000元), a fee counted as principal (把服务费3000元也算成本金), kept back or skimmed off (扣留, 截留, 克扣, 抽走, 抽了600元
# 的手续费), a shortfall after arrival (到账后少了, 到账缺了), the loan paid out and what arrived named as amounts (放款金额
# 10000元，到账金额7000元), amounts in brackets (合同金额（10000元），到账金额（7000元）)
@pytest.mark.parametrize(("text", "fee"), [
    ("钱站：借10000元，本金却成了13000元。", (13000, 10000)),
    ("钱站：借10000元，还款计划里本金是13000元。", (13000, 10000)),
    ("钱站：我只借了10000元，客服说我的借款是13000元。", (13000, 10000)),
    ("钱站：借款10000元，把服务费3000元也算成本金。", (13000, 10000)),  # it read 10000/7000
    ("钱站：借款3000元，以服务费名义扣留600元。", (3000, 2400)),
    ("钱站：借款3000元，平台截留600元。", (3000, 2400)),
    ("钱站：借款3000元，平台克扣600元。", (3000, 2400)),
    ("钱站：借款3000元，平台抽走600元。", (3000, 2400)),
    ("钱站：借款3000元，平台抽了600元的手续费。", (3000, 2400)),
    ("钱站：借款3000元，到账后少了600元。", (3000, 2400)),
    ("钱站：借款3000元，到账缺了600元。", (3000, 2400)),
    ("钱站：放款金额10000元，到账金额7000元。", (10000, 7000)),
    ("钱站：合同金额（10000元），到账金额（7000元）。", (10000, 7000)),
    ("钱站：借款金额（10000元）已还3期，到账（7000元）。", (10000, 7000)),
])
def test_head_fee_issue15_round7_more_words(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站：借款3000元，我的工资被公司扣留了600元。",  # wages (我的工资被公司扣了600元: a false alarm before)
    "钱站：借款3000元，我的工资被公司扣了600元。",
    "钱站：借款5000元，我的银行卡被冻结了，截留了600元。",
    "钱站：借款3000元，还款时被抽走600元。",  # a repayment
    "钱站：借款3000元，逾期后被抽走600元。",
    "钱站：借款3000元，每期被平台抽了600元的手续费。",
    "钱站：借款3000元，到账3000元，后来还款时被克扣600元。",
    "钱站：放款金额10000元，到账金额10000元。",  # arrived in full
    "钱站：借款金额（3000元），还款金额（3600元）。",  # a repayment total
    "钱站：借款10000元，还款计划里本金是10000元，利息3000元。",
    "钱站：借款10000元，客服说我的借款是10000元，没有问题。",
])
def test_no_head_fee_issue15_round7_more_words(text):
    assert values(text)["head_fee"] is None


# issue 15, round 7, part 4: stated_apr: 年费用率 as a year word, 一年要48%的利息 (要 as a paying word); the law's
# ceiling told as the part above it (年化36%以上的部分不受法律保护: a false alarm before this branch)
@pytest.mark.parametrize(("text", "rate"), [
    ("钱站：借款年费用率48%。", 48),
    ("钱站：借款一年要48%的利息。", 48),
    ("钱站：借款一年就要48%的利息。", 48),
])
def test_stated_apr_issue15_round7(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站：年化36%以上的部分不受法律保护。",
    "钱站借款，年化24%的部分利息受法律保护。",
    "钱站借款一年要还本金。",
])
def test_no_stated_apr_issue15_round7(text):
    assert values(text)["stated_apr"] is None


# issue 15, round 8 (facts8): stated_apr: a yearly rate told in per mille (千分之三百六十, 360‰: it read 360), in 分
# and 厘 (年息3分 read 3; a year's 分 is ten percent, its 厘 one: 年利率一分八 -> 18, 3分6厘 -> 36), and the real rate
# after a shown range (年化利率7.2%-24%，实际却是48%: it read 7.2). Not a daily rate under a year word (年化万分之五),
# a fraction (三分之一), minutes (3分钟); a daily or monthly rate is no yearly one (facts.md: an annual rate).
@pytest.mark.parametrize(("text", "rate"), [
    ("钱站借款，年化利率高达千分之三百六十。", 36.0),
    ("钱站借款，年化利率360‰，太吓人了。", 36.0),
    ("钱站借款，年息3分，还要收服务费。", 30.0),
    ("钱站借款，年利率一分八。", 18.0),
    ("钱站借款，合同年利率3分6厘。", 36.0),
    ("钱站借款，年息两分。", 20.0),
    ("钱站借款，宣传年化利率7.2%-24%，实际却是48%。", 48.0),
    ("钱站借款，客服说年化利率24%，其实是60%。", 60.0),
    ("钱站借款，年化利率7.2%-24%。", 7.2),  # a range: its smaller end (facts.md: the smallest number the words allow)
])
def test_stated_apr_issue15_round8_parts(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款，年化利率三分之一都不止？这是我猜的。",  # no figure: a fraction in words
    "钱站借款，年息3分钟就算一次。",
    "钱站借款，年化万分之五。",                      # a daily rate under a year word
    "钱站借款，日利率万分之五，逾期还要罚息。",       # daily and monthly rates are not yearly ones
    "钱站借款，月息3分，每个月都要还。",
    "钱站借款，如果年息3分我就认了。",               # the complainant's hypothetical
    "钱站借款，年息没有3分。",                       # denied
])
def test_no_stated_apr_issue15_round8_parts(text):
    assert values(text)["stated_apr"] is None


# issue 15, round 8 (facts8): head_fee: a sum taken back once paid out (facts.md: the amount actually received differs):
# 又扣回去2000元, 被扣去1000元服务费, 到账后又被拿走了1000; a shortfall with words between (到账时莫名其妙少了2000元: only
# 到账少了 / 到账后少了 were read); the contract named after an amount in words (签了一万的合同，只到账八千; 拿到八千元，
# 却签了一万元的合同: digits only were read).
@pytest.mark.parametrize(("text", "fee"), [
    ("钱站借款，放款10000元，又扣回去2000元。", (10000, 8000)),
    ("钱站：借款一万，放款后被扣回去两千。", (10000, 8000)),
    ("钱站：借款8000，被扣去1000元服务费。", (8000, 7000)),
    ("钱站：借款8000，到账后又被拿走了1000。", (8000, 7000)),
    ("钱站：借款10000元，到账时莫名其妙少了2000元。", (10000, 8000)),
    ("钱站：借款10000元，到手一看竟然少了2000元。", (10000, 8000)),
    ("钱站：签了一万的合同，只到账八千。", (10000, 8000)),
    ("钱站：拿到八千元，却签了一万元的合同。", (10000, 8000)),
])
def test_head_fee_issue15_round8(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站：借款10000元，还款时被扣回去2000元。",          # a repayment
    "钱站：借款10000元，逾期后被拿走了2000元。",          # a late fee
    "钱站：借款10000元，到账10000元，每月还款少了200元。",  # the instalment, not the loan
    "钱站：签了一份合同，借款一万，到账一万。",            # 一份 is no amount
    "钱站：贷9000下了一万多，又扣回去1000多。",          # the deduction is the larger sum's, not 9000's
    "钱站：如果借款10000元，到账时少了2000元，我就投诉。",  # the complainant's hypothetical
    "钱站：借款10000元，到账时没有少一分钱。",            # denied
])
def test_no_head_fee_issue15_round8(text):
    assert values(text)["head_fee"] is None


# issue 15, round 8 (facts8): head_fee: the principal asked back, named after its amount (却要还10000元的本金: the
# lender books more than arrived); a charge told in the next sentence after the payout (借款10000元。下款后平台收取了
# 2000元的服务费: 2000 was read as what 下款 paid out, so the loan had no deduction).
@pytest.mark.parametrize(("text", "fee"), [
    ("钱站：到账的只有8000元，却要还10000元的本金和利息。", (10000, 8000)),
    ("钱站：我借了8000元，平台却让我还10000元的本金。", (10000, 8000)),
    ("钱站：我只拿到了2000块，却要还2660的本金。", (2660, 2000)),
    ("钱站：借款10000元，分12期。下款后平台收取了2000元的服务费。", (10000, 8000)),
    ("钱站：借款10000元。下款时被收取了2000元的会员费。", (10000, 8000)),
])
def test_head_fee_issue15_round8_owed(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站：借款10000元，到账10000元，已经还了8000元的本金。",   # repaid, not asked back
    "钱站：借款10000元，到账10000元，每月还1000元本金。",       # an instalment
    "钱站：借款10000元，到账10000元，现在还要还8000元的本金。",  # less than arrived: a balance
    "钱站：借款10000元，到账10000元。还款时平台收取了2000元的服务费。",  # at repayment
])
def test_no_head_fee_issue15_round8_owed(text):
    assert values(text)["head_fee"] is None


# issue 15, round 8 (facts8): debt_disclosed: an insult of the borrower sent to others (as 群发带侮辱的短信, which the
# annotators count): 给我的亲友发侮辱我的短信, 给我朋友发辱骂短信, 发送对本人辱骂的短信到亲戚朋友的手机上 (a pool post's
# shape); the borrower cursed to a party as a debtor, 给我家人发短信骂我是骗子; the party asked whether they know,
# 问他知道不知道我欠钱 (知不知道 was read). Not messages to the borrower, a threat, a hypothetical, a denial, the
# complainant's own sending, or the party insulted with no word about the borrower.
@pytest.mark.parametrize("text", [
    "钱站催收给我的亲友发侮辱我的短信。",
    "钱站催收给我朋友发辱骂短信。",
    "钱站催收发送对本人辱骂的短信到亲戚朋友的手机上。",
    "钱站催收群发辱骂我的短信给我的通讯录。",
    "钱站催收给我家人发短信骂我是骗子。",
    "钱站催收给我老公打电话，问他知道不知道我欠钱。",
])
def test_debt_disclosed_issue15_round8(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "钱站催收给我发侮辱短信。",
    "钱站催收发送辱骂短信给我。",
    "钱站催收说要给我家人发侮辱我的短信。",
    "钱站借款逾期，如果催收给我家人发侮辱短信我就报警。",
    "钱站催收没有给我家人发侮辱短信。",
    "钱站借款逾期，我给我朋友发了催收辱骂我的短信截图。",
    "钱站催收给我妈打电话骂我妈。",
])
def test_debt_not_disclosed_issue15_round8(text):
    assert not values(text)["debt_disclosed"]


# issue 15, round 9 (facts9): debt_disclosed: a mass message of abuse, 群发辱骂短信 / 群发带有辱骂性质的信息 /
# 群发谩骂短信 (as 群发带侮辱的短信, which the annotators count; only 侮辱 was read). Not a message sent to the
# borrower alone (发给我侮辱短信, 发到我手机上, 发给我照片: false alarms before this round), nor a threat, a denial
# or the complainant's own sending; a party after 发给我 still is one (发给我同事: a control). 威胁并 / 恐吓并 before
# the sending is a threat and a deed (威胁并群发侮辱短信: a pool post's shape), not a threat of it.
@pytest.mark.parametrize("text", [
    "钱站逾期第二天，催收就开始群发辱骂短信。",
    "招联金融的催收群发带有辱骂性质的信息给我的通讯录好友。",
    "马上消费金融委托的催收公司群发谩骂短信，我的亲戚朋友都收到了。",
    "逾期后催收群发诋毁我的消息。",
    "钱站的催收威胁并群发侮辱短信，还骚扰我的通讯录好友。",
    "钱站催收发给我同事侮辱我的短信。",
])
def test_debt_disclosed_issue15_round9_abuse_broadcast(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "钱站催收发给我侮辱短信。",
    "钱站借款逾期，催收发到我手机上一条辱骂短信。",
    "钱站催收发给我一张P过的照片。",
    "钱站催收威胁要群发辱骂短信。",
    "钱站催收威胁并扬言要群发侮辱短信。",
    "钱站催收倒是没有群发辱骂短信。",
    "钱站的催收天天骂我，我也群发了辱骂短信给他们。",
])
def test_debt_not_disclosed_issue15_round9_abuse_broadcast(text):
    assert not values(text)["debt_disclosed"]


# issue 15, round 9 (facts9): stated_apr values: the complainant's reckoning after the lender's figure is the rate the
# post states (facts.md; as 实际年利率 over the contract's): 客服说年化利率是23.9%，我自己算了是35.8% read 23.9;
# a multiple is no percentage (年化利率高达1.5倍 read 1.5); the complainant's offer is no rate the loan has
# (我只认可年化24%的利息, 愿意支付年化18%的利息 read 24, 18); a refusal still states it (不能接受年化48%: a control).
@pytest.mark.parametrize(("text", "rate"), [
    ("在招联金融借款2万，客服说年化利率是23.9%，我自己算了是35.8%。", 35.8),
    ("在马上消费金融借款1万元，客服称年化利率只有18%，我算了一下有36.5%。", 36.5),
    ("在钱站借款10000元，合同写的年化利率为24%，我自己算了下是48%。", 48.0),
    ("在钱站借款10000元，每月还款1100元，我不能接受年化48%的利率。", 48.0),
])
def test_stated_apr_issue15_round9(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，年化利率高达1.5倍，比高利贷还狠。",
    "在钱站借款10000元，逾期了，我只认可年化24%的利息。",
    "在平安普惠借款5万元，我愿意支付年化18%的利息，多的不还。",
])
def test_no_stated_apr_issue15_round9(text):
    assert values(text)["stated_apr"] is None


# issue 15, round 9 (facts9): head_fee: the fee as the object of 把/将 before a word of taking (放款的时候把900元的服务费
# 扣掉了, 将其中2000元作为服务费扣除); a fee to pay said to come out of the loan (要交900元的服务费，直接从借款里扣除);
# money put into the card or account (打入我的银行卡5000元, 进卡5000元, 下放金额6400元); the principal interest is
# reckoned on with 给我/跟我 between (按6650元给我算利息). Not a refund, a denial, a monthly fee taken from repayments,
# wages, an instalment.
@pytest.mark.parametrize(("text", "fee"), [
    ("在中原消费金融借款3000元，放款的时候把900元的服务费扣掉了。", (3000, 2100)),
    ("在钱站借款10000元，平台将其中2000元作为服务费扣除。", (10000, 8000)),
    ("在钱站借款3000元，要交900元的服务费，直接从借款里扣除。", (3000, 2100)),
    ("钱站合同金额6650元，打入我的银行卡5000元。", (6650, 5000)),
    ("钱站合同借款6650元，进卡5000元。", (6650, 5000)),
    ("分期乐的借款合同金额8000元，下放金额6400元。", (8000, 6400)),
    ("钱站借款5000元，可是他们按6650元给我算利息。", (6650, 5000)),
])
def test_head_fee_issue15_round9(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款3000元，客服答应把900元的服务费退给我。",
    "在钱站借款3000元，到账3000元，平台没有把900元的服务费扣掉。",
    "在钱站借款3000元，每月要交90元的服务费，从还款中扣。",
    "钱站借款6650元，到账6650元，工资进卡5000元。",
    "钱站借款5000元，到账5000元，每月按1000元给我算还款。",
])
def test_no_head_fee_issue15_round9(text):
    assert values(text)["head_fee"] is None


# issue 15, round 9 (facts9): debt_disclosed: told door to door or put up for all to read (到我老家挨家挨户说我欠他们钱,
# 在村里贴了大字报); others knowing the debt with the lender named between (家人朋友都知道我在钱站借钱逾期了; 才知道我在
# 钱站借了钱). Not a threat of it, a wish, something else known (都知道我在哪里上班).
@pytest.mark.parametrize("text", [
    "钱站的催收到我老家去，挨家挨户说我欠他们钱。",
    "逾期后分期乐的催收在我们村里贴了大字报。",
    "现在我的家人朋友都知道我在钱站借钱逾期了，都是催收打电话说的。",
    "我老婆接到催收电话才知道我在安逸花借了钱。",
])
def test_debt_disclosed_issue15_round9_known(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "钱站催收威胁说要在我们村贴大字报。",
    "钱站借款逾期，我不想让家人都知道我在钱站借钱。",
    "钱站催收天天打电话，我的家人都知道我在哪里上班。",
])
def test_debt_not_disclosed_issue15_round9_known(text):
    assert not values(text)["debt_disclosed"]


# issue 15, round 9 (facts9): head_fee: a deduction told just before what arrived, no gross amount stated (扣除1650元
# 服务费后，到账5000元; 除去服务费1650元，实际到账5000元; 被扣了1200元砍头息，到手8800元): the contract is what arrived plus
# the deduction; the rest of the loan taken after what arrived (我只收到5000元，其余1650元被…扣了). Not a fee paid
# apart, a late fee, a supposition, an instalment or wages, a refund.
@pytest.mark.parametrize(("text", "fee"), [
    ("在中邦消费金融借款，扣除1650元服务费后，到账5000元。", (6650, 5000)),
    ("在钱站借款，除去服务费1650元，实际到账5000元。", (6650, 5000)),
    ("在钱站借款，被扣了1200元砍头息，到手8800元。", (10000, 8800)),
    ("马上消费金融借款，放款时先扣了600元的担保费，然后才打给我9400元。", (10000, 9400)),
    ("钱站我只收到5000元，其余1650元被平台以服务费名义扣了。", (6650, 5000)),
])
def test_head_fee_issue15_round9_fee_then_received(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款，我交了1650元的服务费，到账5000元。",
    "在钱站借款，逾期被扣了1650元，到账5000元。",
    "在钱站借款，如果扣除1650元服务费，到账就只有5000元。",
    "在钱站借款，每月扣款1650元，到账工资5000元。",
    "钱站借款6650元，到账6650元，剩下的1650元被他们退回了。",
])
def test_no_head_fee_issue15_round9_fee_then_received(text):
    assert values(text)["head_fee"] is None


# issue 15, round 9 (facts9): head_fee: the principal or the contract amount raised after the loan (借款到账后，又以服务费
# 手续费等手段加借款总额到4900元左右: a pool post's shape; 本金被提高到4900元; 借款总额增加到6500元). Not what is repaid
# raised, nor the credit limit (合同金额被改到 was read: 借款总额增加到, 本金涨到了 were not).
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站app借款3000元，借款到账后，又以服务费手续费等手段加借款总额到4900元左右。", (4900, 3000)),
    ("在钱站借款3000元，到账后本金被提高到4900元。", (4900, 3000)),
    ("在小赢卡贷借款5000元，后台把借款总额增加到6500元。", (6500, 5000)),
    ("在小赢卡贷借款5000元，第二天本金涨到了6500元。", (6500, 5000)),
])
def test_head_fee_issue15_round9_raised(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款3000元，逾期后还款总额增加到4900元。",
    "在钱站借款3000元，按时还款后额度提高到4900元。",
])
def test_no_head_fee_issue15_round9_raised(text):
    assert values(text)["head_fee"] is None


# issue 15, round 9 (facts9): head_fee: a loan word's own total right after it (借款共计14000元，合同金额共计18620元: several
# loans told as totals; 共计/合计 ended the amount, as before a repayment total). Not a repayment's total (偿还3期贷款总计
# 3578元: a false alarm of a first version on the tune part), nor principal and interest together (借款本息共计).
@pytest.mark.parametrize(("text", "fee"), [
    ("钱站借款共计14000元，合同金额共计18620元。", (18620, 14000)),
    ("钱站三笔借款的合同金额合计18620元，实际到账合计14000元。", (18620, 14000)),
])
def test_head_fee_issue15_round9_totals(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "在钱站借款3000元，到账3000元，我已偿还3期贷款总计3578元。",
    "钱站借款本息共计13000元，到账10000元。",
])
def test_no_head_fee_issue15_round9_totals(text):
    assert values(text)["head_fee"] is None


# issue 15, round 9 (facts9): head_fee: the loan as the lender tells it, 说我借的 without 是 (钱站非说我借的3990).
def test_head_fee_issue15_round9_said_borrowed():
    v = values("钱站 | 调整利率 | 我只借了3000，钱站非说我借的3990。")["head_fee"]
    assert (v["contract"], v["received"]) == (3990.0, 3000.0)
    assert values("钱站 | 调整利率 | 我只借了3000，客服说我借的钱要按时还。")["head_fee"] is None


# issue 15, round 9 (facts9): stated_apr values: a range in words is its smaller end, as facts.md's numbers (年化利率四五十
# read 50: the lazy gap took 四; 百分之四五十 read 40 already); a rate followed by 的两倍 is the base of a multiple, not
# the rate (年化利率是24%的两倍 read 24; restated, 也就是48%, it is read: a control).
@pytest.mark.parametrize(("text", "rate"), [
    ("在钱站借款10000元，算下来年化利率四五十，比高利贷还高。", 40.0),
    ("在钱站借款10000元，年利率是合同写的24%的两倍，也就是48%。", 48.0),
])
def test_stated_apr_issue15_round9_words(text, rate):
    assert values(text)["stated_apr"] == rate


def test_no_stated_apr_issue15_round9_multiple():
    assert values("在钱站借款10000元，每月还1300元，实际年化利率是24%的两倍。")["stated_apr"] is None


# issue 15, round 9 (facts9): stated_apr: more year words (年花利率: 年化 mistyped, as 年华 was read; 年度利率, 年贷款利率,
# 年百分率 (APR), 一年下来利率). Not a card's annual fee (年费).
@pytest.mark.parametrize(("text", "rate"), [
    ("在钱站借款10000元，年花利率高达48%。", 48.0),
    ("在宜人贷借款5万元，算下来年度利率是35.9%。", 35.9),
    ("在招联金融借款2万，合同上的年百分率是23.99%，实际年百分率35.8%。", 35.8),
    ("在钱站借款10000元，一年下来利率48%。", 48.0),
    ("在钱站借款10000元，年花率四十八。", 48.0),
])
def test_stated_apr_issue15_round9_year_words(text, rate):
    assert values(text)["stated_apr"] == rate


def test_no_stated_apr_issue15_round9_annual_fee():
    assert values("在招商银行办了信用卡，年费300元，分期手续费每期0.6%。")["stated_apr"] is None
    # a monthly rate is no annual one the post states (facts.md: an annual rate; not converted)
    assert values("广发信用卡账单分期12期，月费率0.6%，客服说很划算。")["stated_apr"] is None


# issue 15, round 9 (facts9): head_fee: a form copied from the app, fields apart by spaces (normalising drops them):
# 借款本金：7980元 到账：6000元 期限：6期 (到账 6000元期限 read as a count of periods).
def test_head_fee_issue15_round9_form_fields():
    v = values("钱站借款详情 借款本金：7980元 到账：6000元 期限：6期")["head_fee"]
    assert (v["contract"], v["received"]) == (7980.0, 6000.0)
    assert values("钱站借款7980元，到账7980元，每期还款1600元期限6个月。")["head_fee"] is None


# issue 15, round 9 (facts9): an ex-spouse is a party, other (not spouse): 催收联系我前夫，告诉他我在外面借了网贷 (contacted
# other/did and debt_disclosed; 前夫 was no party).
def test_ex_spouse_issue15_round9():
    text = "捷信的催收联系我前夫，告诉他我在外面借了网贷。"
    assert parties(text) == {("other", "did")}
    assert values(text)["debt_disclosed"]
    assert parties("捷信的催收说要联系我前妻。") == {("other", "threatened")}


# issue 15, round 9 (facts9): head_fee: what the lender handed over after a word of contrast (借款10000，最后给我8000;
# 合同签的6650，结果给我5000); a credit limit after a received word is no money received (只给了我5000的额度, 下款5000
# 额度: false alarms before this round).
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款10000，最后给我8000。", (10000, 8000)),
    ("钱站合同签的6650，结果给我5000。", (6650, 5000)),
])
def test_head_fee_issue15_round9_handed_over(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


@pytest.mark.parametrize("text", [
    "钱站借款6650元，到账6650元，这次只给了我5000的额度。",
    "钱站合同6650元，到账6650元，下次下款5000额度。",
    "钱站借款6650元，到账6650元，但给我5000的额度。",
])
def test_no_head_fee_issue15_round9_limit(text):
    assert values(text)["head_fee"] is None


# issue 15, round 9 (facts9): head_fee: what the lender released, 放出来 / 放下来 (合同6650元，只放出来5000元).
@pytest.mark.parametrize(("text", "fee"), [
    ("在钱站借款合同金额6650元，只放出来5000元。", (6650, 5000)),
    ("在钱站签的合同是6650元，放下来5000元。", (6650, 5000)),
])
def test_head_fee_issue15_round9_released(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))


# issue 15, round 9 (facts9): head_fee: the record just named, then its amount (后来我看了合同，上面的金额是6650; 下载了电子
# 合同，里面的金额是3990元). Not another record's amount (还款记录，上面的金额是1300: a control).
@pytest.mark.parametrize(("text", "fee"), [
    ("钱站到账5000，后来我看了合同，上面的金额是6650。", (6650, 5000)),
    ("在分期乐借款，到账3000元，后来下载了电子合同，里面的金额是3990元。", (3990, 3000)),
])
def test_head_fee_issue15_round9_record_named(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))
    assert values("钱站借款5000，到账5000，我截图了还款记录，上面的金额是1300。")["head_fee"] is None


# issue 15, round 9 (facts9): head_fee: what arrived denied, then only the smaller amount (到账并不是6650，只有5000): the
# amount after 只有 is what arrived (only 而是 / 却是 / 是 were read after a denial).
def test_head_fee_issue15_round9_denied_then_only():
    v = values("在钱站借款6650，到账并不是6650，只有5000。")["head_fee"]
    assert (v["contract"], v["received"]) == (6650.0, 5000.0)
    assert values("在钱站借款6650元，到账6650元，并不是5000元。")["head_fee"] is None


# issue 15, round 9 (facts9): head_fee: the upsells sold with the loan are fees (强制捆绑购买加速包: 加速包, 提速包, 加速卡,
# 提额包, 会员包 were no fee words). Not bought by the complainant (我自己买了500元的加速包: a control).
@pytest.mark.parametrize(("text", "fee"), [
    ("在马上消费金融借款20000元，放款时扣除了加速包1500元。", (20000, 18500)),
    ("在钱站借款3000元，强制捆绑购买了500元的加速包，直接从借款里扣除。", (3000, 2500)),
])
def test_head_fee_issue15_round9_upsells(text, fee):
    v = values(text)["head_fee"]
    assert (v["contract"], v["received"]) == (float(fee[0]), float(fee[1]))
    assert values("在钱站借款3000元，到账3000元，我自己买了500元的加速包。")["head_fee"] is None


# issue 15, round 9 (facts9): debt_disclosed: the borrower's image doctored or put on a poster, then sent to others (as
# P图群发, which the annotators count): 把P过的图片发到了我家的家族群, P了我的遗照发给我的家人, 把我和家人的合照P成黄图群发
# (spread_after: more images, 发到 / 发送给); published on forums and social media, 把我的信息发到了贴吧和微博上. Not sent
# to the borrower alone, the complainant's own sending (让我把…照片发到APP上, 我把催收P的图发到了微博上), a threat.
@pytest.mark.parametrize("text", [
    "逾期第三天，钱站催收把P过的图片发到了我家的家族群。",
    "马上消费金融的催收P了我的遗照发给我的家人。",
    "钱站催收把我和家人的合照P成黄图群发。",
    "钱站催收把我的信息发到了贴吧和微博上。",
])
def test_debt_disclosed_issue15_round9_images(text):
    assert values(text)["debt_disclosed"]


@pytest.mark.parametrize("text", [
    "钱站催收把P过的照片发到我手机上，威胁我还钱。",
    "借款时钱站让我把手持身份证照片发到APP上。",
    "钱站催收天天骂我，我把催收P的图发到了微博上曝光他们。",
    "钱站催收说要把我的遗照发给我的家人。",
])
def test_debt_not_disclosed_issue15_round9_images(text):
    assert not values(text)["debt_disclosed"]


def test_a_word_added_to_the_fact_data_gets_past_the_screens(tmp_path):
    """The screens that skip whole-text patterns (_may, built from lexicon.required_words of the
    compiled patterns) follow facts.yaml: a contact verb added to a copy of the data is found
    in a post whose only contact verb it is (致电: not in the shipped list, so the control finds
    nothing), with the other patterns still skipped for that post."""
    text = "捷信的催收今天致电我单位同事，影响很坏。"
    assert values(text)["contacted"] == []  # control: 致电 is no contact verb of the shipped data
    data = (fx.FACTS_FILE).read_text(encoding="utf-8")
    assert "contact_verbs: [打给," in data
    copy = tmp_path / "facts.yaml"
    copy.write_text(data.replace("contact_verbs: [打给,", "contact_verbs: [致电, 打给,", 1), encoding="utf-8")
    tagger = _tagger()
    tagger.facts = fx.FactExtractor(tagger, fx.load(copy))
    assert fx.summarise(tagger.tag_text(text).facts)["contacted"] == [{"party": "colleagues", "mode": "did"}]
    # the screen itself: the post's words rule out some patterns, never verb_party
    ex = tagger.facts
    ex._present = set(map(fx._VALUE, ex._needs_auto.iter(lx_normalised(text))))
    assert ex._may("verb_party") and not all(ex._may(k) for k in fx._WHOLE_TEXT_KEYS)
    ex._present = None


def lx_normalised(text: str) -> str:
    from pipeline import lexicon as lx

    return lx.normalise(text).text


# head_fee's gate (facts.yaml gates + gate_lists): the words of what arrived, of the contract, of the
# taking and of what was left open it by themselves. 只进卡 / 只下放 / 进来了 are words of head_fee.received
# that no hand-kept gate word reached, so these posts got no head fee (all three fail before).
@pytest.mark.parametrize("text, contract, received", [
    ("在安逸花贷款10000元，只进卡7000元", 10000, 7000),
    ("在安逸花贷款10000元，只下放7000元", 10000, 7000),
    ("微粒贷申请贷款8000元，进来了6000元", 8000, 6000),
])
def test_head_fee_received_words_open_the_gate(text, contract, received):
    assert values(text)["head_fee"] == {"contract": contract, "received": received}


def test_a_word_added_to_head_fee_received_opens_the_gate(tmp_path):
    """A word added to head_fee.received in a copy of the data is found without touching gates:
    gate_lists makes that list part of the gate (汇入 is in neither the shipped received list nor the gate)."""
    text = "在安逸花贷款10000元，只汇入7000元"
    assert values(text)["head_fee"] is None  # control: no word of the shipped data reads what arrived
    data = fx.FACTS_FILE.read_text(encoding="utf-8")
    copy = tmp_path / "facts.yaml"
    head = "\nhead_fee:\n"
    assert head in data and "  received: [" in data.split(head, 1)[1]
    before, after = data.split(head, 1)
    copy.write_text(before + head + after.replace("  received: [", "  received: [只汇入, ", 1), encoding="utf-8")
    tagger = _tagger()
    tagger.facts = fx.FactExtractor(tagger, fx.load(copy))
    assert fx.summarise(tagger.tag_text(text).facts)["head_fee"] == {"contract": 10000, "received": 7000}


def test_gate_lists_naming_no_list_is_an_error(tmp_path):
    data = fx.FACTS_FILE.read_text(encoding="utf-8")
    copy = tmp_path / "facts.yaml"
    copy.write_text(data.replace("head_fee: [head_fee.contract,", "head_fee: [head_fee.no_such_list, head_fee.contract,", 1), encoding="utf-8")
    with pytest.raises(fx.LexiconError, match="no_such_list"):
        fx.load(copy)


# The complainant as the sender before a word of money moving in (我打进来4000元还款, 我转了3000还款) pays in,
# the loan paid nothing out: no head fee (the first passed before only because no gate word reached 打进来;
# the other two are controls that the lender sending, or the complainant receiving, keep the fee).
@pytest.mark.parametrize("text, fee", [
    ("我在招联借款5000元，我打进来4000元还款。", None),
    ("在安逸花借款5000元，我自己转了3000元还款。", None),
    ("在安逸花借款5000元，平台只打进来4000元。", {"contract": 5000, "received": 4000}),
    ("在安逸花借款5000元，我只拿到4000元。", {"contract": 5000, "received": 4000}),
])
def test_head_fee_the_complainant_sending_money_in(text, fee):
    assert values(text)["head_fee"] == fee


# Every fact's gate is derived from the lists its finder starts from (facts.yaml gate_lists): words of
# those lists that no hand-kept gate word reached were never found (清晨 in night.words, 声称自己是 /
# 说自己是 in impersonation.verbs, 卸你 in violence.threatened, 未接 in call_words).
@pytest.mark.parametrize("text, fact, value", [
    ("借了安逸花，催收清晨五点就打电话来催款", "night_contact", True),
    ("借了安逸花，催收打电话来，声称自己是律师，要起诉我", "impersonation", ["lawyer"]),
    ("借了招联金融，催收打电话来，说自己是法院的工作人员", "impersonation", ["court"]),
    ("借了捷信，催收说要卸你胳膊", "violence", "threatened"),
    ("借了微粒贷，催收一天有30个未接", "calls_per_day", 30),
])
def test_gate_lists_open_every_facts_gate(text, fact, value):
    assert values(text)[fact] == value


def test_every_finder_list_is_reached_by_its_gate():
    """Each list that gate_lists names is part of the gate: no word of it can be stopped there."""
    import yaml

    data = yaml.safe_load(fx.FACTS_FILE.read_text(encoding="utf-8"))
    ex = _tagger().facts
    for fact, refs in data["gate_lists"].items():
        gate = ex.flex.rx[f"gate:{fact}"]
        for ref in refs:
            section, _, key = ref.partition(".")
            for word in (data[section][key] if key else data[section]):
                assert gate.search(fx.lx.normalise(str(word)).text), (fact, ref, word)


def test_the_reduced_needs_automaton_finds_the_plain_ones_words():
    """extract_many finds the whole-text patterns' needed words in the text reduced to their own
    characters (lexicon.ReducedAutomaton): the same word numbers as the plain automaton over the text, whatever
    else it holds (Latin, digits, characters beyond the BMP, SENTINEL, nested or overlapping words)."""
    from pipeline import lexicon as lx

    ex = _tagger().facts
    assert ex._needs_reduced is not None
    words = sorted((w for w, _i in ex._needs_auto.items()), key=len, reverse=True)[:60]
    texts = ["".join(words), "，".join(words), "x".join(words), "\U0001F600".join(words) + "\x01\x02", "",
             "催收打电话给我的同事和家人，还把我欠款的事告诉了我领导😀ＡＢＣ123。" + words[0] + words[0][1:],
             "\x01" + words[1] + "\U00020000" + words[2]]
    for s in texts + [lx.normalise(t).text for t in texts]:
        assert set(map(fx._VALUE, ex._needs_reduced.iter(s))) == set(map(fx._VALUE, ex._needs_auto.iter(s))), s


# --- fee10 (issue 15): debt_disclosed in more of its realisations -----------------------------
# facts.md: the debt or the default told to third parties or published. Written for these tests, in other lenders'
# wording; each failed before. Families: the party named with where the borrower knows them from (party_from), a notice of
# the debt sent to a party or a place (notice_to) or received by the party (party_said.got + a notice), a notice put up
# with what it says (poster), a group chat made of the borrower's people (group_made), the collector's words quoted to
# the party (party_said.addressed), the debt passed on (转告), comments under the borrower's posts (in_public).
@pytest.mark.parametrize("text", [
    "安逸花的催收给我老家的亲戚打电话，说我欠钱",
    "招联的催收打电话给我老家村委会，说我欠了他们钱",
    "微粒贷的催收给我以前的同事打电话，说我欠款逾期",
    "捷信催收发欠款通知到我老家村委会",
    "分期乐的催收寄了一封催款函到我单位",
    "360借条的催收把催款函寄到了我老家",
    "美团月付逾期后，我家人收到了催收短信",
    "借呗逾期，我爸妈都收到了催款短信",
    "网贷逾期，亲戚们都收到了催收信息",
    "催收在我小区门口贴了海报，写着我欠钱不还",
    "催收在我家门口贴了一张纸，上面写着欠债还钱",
    "网贷催收在我们村里发传单，说我欠网贷不还",
    "网贷催收做了一张我的悬赏海报发给我的朋友",
    "催收拉了一个群，把我的家人同事都拉进去，在里面发我的欠款截图",
    "网贷催收建了个微信群，把我通讯录的人拉进去说我欠钱",
    "安逸花催收给我妈打电话：“你女儿欠我们两万块钱”",
    "招联催收打给我老公说：你老婆在我们平台借了钱逾期了",
    "捷信催收打我爸电话，让他转告我欠了他们的钱",
    "网贷催收在我的微博下面评论说我欠钱",
])
def test_fee10_debt_disclosed_realisations(text):
    assert values(text)["debt_disclosed"]


# ... and none where nobody else was told: the borrower alone, a threat or a condition, the complainant's own act or
# fear, a negation, hearsay, a group of collectors, a party speaking, a poster saying nothing of the borrower.
@pytest.mark.parametrize("text", [
    "网贷逾期，我收到了催收短信",
    "借款逾期，催收给我发催款短信",
    "借款逾期，催收发催款短信到我手机上",
    "催收把欠款账单发给我",
    "借呗客服把我的借款合同发给我了",
    "网贷催收把逾期信息告诉我",
    "平台把我的欠款明细发到我手机上",
    "网贷逾期，催收说要寄律师函到我单位",
    "催收说如果再不还就发催款函到你老家",
    "借了网贷，我把催款函寄给了我爸看",
    "网贷逾期了，我建了个群，把家人拉进去说我欠钱的事，让他们帮忙",
    "网贷逾期，我家人没有收到催收短信",
    "借款逾期，我担心家人收到催收短信",
    "听说有人借网贷，家人收到了催收短信",
    "催收拉了个群，群里都是催收员，说我欠钱",
    "网贷逾期，催收给我妈打电话，我妈说：你女儿欠的钱我来还",
    "借款逾期，催收给我妈打电话：“你女儿在家吗”",
    "借了网贷，我让我爸转告我哥欠款的事",
    "借了网贷，我在微博下面评论说我欠钱会还的",
    "网贷逾期，催收说要在我的微博下面评论说我欠钱",
    "借款逾期，我在小区门口贴了海报，写着招聘启事",
])
def test_fee10_no_debt_disclosed_in_these(text):
    assert not values(text)["debt_disclosed"]


# fee10: said before others or shouted where they hear (aloud), debt papers sent to a party (notice_to), the borrower called
# a cheat (骗), a sign held up with what it says (poster). Each failed before.
@pytest.mark.parametrize("text", [
    "招联催收跑到我公司，当着同事的面说我欠他们钱",
    "网贷催收来我家，当着邻居的面说我欠了网贷",
    "催收在我家楼下大喊我的名字，说我欠钱",
    "分期乐催收发我欠款的截图给我同事",
    "网贷催收给我朋友打电话说我把他们的钱骗走了",
    "网贷催收在我单位门口举牌子，写着欠债还钱",
])
def test_fee10_debt_disclosed_aloud_and_papers(text):
    assert values(text)["debt_disclosed"]


# ... not before the borrower alone, nor the complainant's own words, a threat, a negation, the loan's own papers mailed home
@pytest.mark.parametrize("text", [
    "网贷催收当着我的面说我欠钱",
    "借款逾期，催收当着我的面骂我是骗子",
    "借了网贷，我当着家人的面说我欠了网贷",
    "借了网贷，我在家里大喊我欠的钱一定会还",
    "网贷逾期，催收说要当着我同事的面说我欠钱",
    "网贷逾期，催收没有当着邻居的面说我欠钱",
    "借呗把借款合同寄到我家",
    "借了网贷，我朋友说我把他的钱骗走了",
])
def test_fee10_no_debt_disclosed_aloud_in_these(text):
    assert not values(text)["debt_disclosed"]


# fee10: a lender's name holding 贷 or 借 (微粒贷, 360借条, 功夫贷) followed by the loan's own word is no part of the head fee's
# evidence: the span a reader sees (also the fees theme's, fees:head_fee) starts at the loan word. Values unchanged.
@pytest.mark.parametrize("text, starts", [
    ("微粒贷借款6000，打到我卡上的只有5100", "借款6000"),
    ("360借条借款12000，银行卡实际收到10200元", "借款12000"),
    ("在功夫贷APP上贷款6000元实际到账5000多元", "贷款6000"),
    ("在功夫贷上借了5000，实际到账4500", "借了5000"),
])
def test_fee10_head_fee_evidence_starts_at_the_loan_word(text, starts):
    (hf,) = _tagger().tag_text(text).facts["head_fee"]
    assert hf["text"].startswith(starts)


def test_fee10_a_lender_name_alone_before_the_amount_still_gives_the_loan():
    assert values("在功夫贷5000，实际到账4500")["head_fee"] == {"contract": 5000.0, "received": 4500.0}


# fee10: the party added on WeChat/QQ with no 了 (加我朋友qq), and the party asked when the borrower will pay what they owe
# (问她我欠的钱什么时候还). Each failed before.
@pytest.mark.parametrize("text", [
    "网贷催收加我朋友qq，跟他说我欠了网贷",
    "催收冒充我同学加我老婆微信，然后告诉她我借了网贷",
    "招联催收天天给我同事打电话，问他们我欠的钱什么时候还",
    "安逸花催收给我妈打电话，问她我欠的钱什么时候还",
])
def test_fee10_debt_disclosed_added_or_asked(text):
    assert values(text)["debt_disclosed"]


# ... not the complainant's own intent or act, nor a party speaking, nor 增加, nor a question that tells no debt
@pytest.mark.parametrize("text", [
    "网贷逾期，催收给我妈打电话，问她我在哪里",
    "借了网贷，我加我朋友微信，跟他说我欠了网贷",
    "借了网贷，我想加我同事微信，问他我欠的钱怎么还",
    "网贷逾期，催收给我妈打电话，我妈问她我欠了多少",
    "网贷逾期增加我家人的负担，说我欠钱的是我自己",
])
def test_fee10_no_debt_disclosed_added_or_asked(text):
    assert not values(text)["debt_disclosed"]


# fee10: the complainant's own intent or resort (facts.yaml own_subjects: 我想, 我准备, 我只好 …) is no collector contacting the
# party; each read as contacted before.
@pytest.mark.parametrize("text", [
    "网贷逾期了，我想联系我家人帮忙还款",
    "借款逾期，我准备告诉我家人",
    "网贷逾期，我只好打电话给我爸借钱",
    "借呗逾期了，我打算联系我朋友借点钱",
])
def test_fee10_own_intent_is_no_contact(text):
    assert not values(text)["contacted"]


def test_fee10_own_intent_control():
    assert parties("网贷逾期，我想不到催收竟然打电话给我家人") == {("relatives", "did")}
    assert parties("我想说的是，催收打电话给我家人") == {("relatives", "did")}
