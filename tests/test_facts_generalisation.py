"""head_fee and stated_apr (issue 15, facts10) from facts.md's definitions, not from the labelled posts.

Sentences written for these tests, in the words of borrowers of many lenders (bank cards, 招联, 捷信,
安逸花, 微粒贷, 360借条, 分期乐, small-loan apps) on the complaint platforms. Each family's positives
failed before its commit; its negatives are controls (they passed before too) unless they say otherwise.
facts.md: head_fee is "the contract amount and the amount actually received differ" (two amounts);
stated_apr "an annual rate the post states" (a number, percent).
"""
from __future__ import annotations

import functools

import pytest

from pipeline import facts as fx
from pipeline.tag import Tagger


@functools.cache
def _tagger() -> Tagger:
    return Tagger()


def values(text: str) -> dict:
    return fx.summarise(_tagger().tag_text(text).facts)


def head_fee(text: str) -> tuple[float, float] | None:
    v = values(text)["head_fee"]
    return None if v is None else (v["contract"], v["received"])


# --- head_fee: the fee's name in quotes or brackets ---------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ('借款10000元，扣了"服务费"1500元。', (10000, 8500)),
    ("借款10000元，扣了“服务费”1500元。", (10000, 8500)),
    ("借款10000元，被收取了‘会员费’1500元。", (10000, 8500)),
    ("借款10000元，扣了【服务费】1500元。", (10000, 8500)),
    ("在安逸花借款6000元，放款时扣除了「审核费」900元。", (6000, 5100)),
])
def test_head_fee_quoted_fee_name(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，到账10000元，我自己另外交了“会员费”500元。",  # paid apart
    "借款10000元，全额到账，每月还要扣“服务费”150元。",  # monthly, repaid
    "借款10000元，逾期后扣了“违约金”800元。",  # a late fee
])
def test_no_head_fee_quoted_fee_name(text):
    assert head_fee(text) is None


# --- head_fee: the sum, then that it was taken, with words of how soon between ------------------


@pytest.mark.parametrize("text, fee", [
    ("借款放款6000元，其中1200元直接被划走作为担保费。", (6000, 4800)),
    ("借款8000元，放款时其中1600元就被扣作了服务费。", (8000, 6400)),
    ("借款5000元，放款后1000元马上就被转走了。", (5000, 4000)),
    ("在360借条借款20000元，到账后3000元当场就被平台扣走了。", (20000, 17000)),
    ("借款10000元，其中1500元当即被扣除用于支付会员费。", (10000, 8500)),
])
def test_head_fee_sum_then_taken_soon(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款5000元，每月还款1000元，1000元直接被扣了。",  # an instalment
    "借款5000元，到账后1000元直接被我转给了朋友。",  # the complainant's own spending
    "借款5000元，逾期后1000元直接被扣了罚息。",  # a late fee
    "借款10000元，其中2000元直接被银行冻结了。",  # frozen, not taken
])
def test_no_head_fee_sum_then_taken_soon(text):
    assert head_fee(text) is None


# --- head_fee: an extra sold with the loan, taken in it ---------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款12000元，被捆绑销售了1200元的会员卡，钱直接从借款里扣了。", (12000, 10800)),
    ("在分期乐借款8000元，被搭配销售了800元的会员服务，在放款金额中直接扣除。", (8000, 7200)),
    ("借款6000元，被强制购买了600元的保险，直接在借款里扣除了。", (6000, 5400)),
    ("借款5000元，捆绑销售了500元的加速包，从下款金额里扣的。", (5000, 4500)),
])
def test_head_fee_extra_sold_with_the_loan(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款5000元，我自己购买了500元的会员，从借款里扣的。",  # bought by the complainant
    "借款5000元，平台捆绑销售了500元的会员，每月从还款里扣。",  # paid with the instalments
    "借款5000元，到账5000元，平台捆绑销售了500元的会员卡，要我另外付。",  # paid apart
    "借款12000元，被捆绑销售了1200元的会员卡。",  # sold, not said to come out of the loan
    "借款8000元，开通了800元的增值服务，每月在还款中扣除。",
])
def test_no_head_fee_extra_sold_with_the_loan(text):
    assert head_fee(text) is None


# --- head_fee precision: the debt grown once overdue is no contract ----------------------------------


@pytest.mark.parametrize("text", [
    # false alarms before (the overdue word was more than six characters before 变成了)
    "借款5000元，逾期后加上各种费用变成了7000元。",
    "借款逾期后欠款总额变成了8000元，本金5000元。",
    "借款5000元，逾期三个月后欠款变成了6500元。",
    # controls
    "借款6000元，逾期两个月，连本带息加罚息变成了9000多。",
    "借款5000元，滞纳金和违约金一加变成了6800元。",
])
def test_no_head_fee_in_a_debt_grown_overdue(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls: the contract changed, nothing overdue in its clause
    ("在安逸花借款5000元，后台显示变成了6650元，我一分没逾期。", (6650, 5000)),
    ("借款3000元，到账3000，过了几天合同变成了4000元。", (4000, 3000)),
    ("借款5000元，签完合同一看变成了6650元。", (6650, 5000)),
])
def test_head_fee_contract_changed_not_overdue(text, fee):
    assert head_fee(text) == fee


# --- head_fee precision: a refund of what was over-charged, a charge at settlement --------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "借款5000元，平台退回了多收的800元服务费。",
    "借款10000元，提前结清时多收了1000元服务费。",
    "借款10000元，结清的时候被收取了1200元服务费。",
    # controls
    "借款10000元，客服同意退还我多扣的1500元会员费。",
    "借款10000元，提前还款的时候又扣了2000元手续费。",
])
def test_no_head_fee_in_a_refund_or_at_settlement(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls: over-charged when the loan was paid out
    ("借款10000元，放款时多收了1500元服务费。", (10000, 8500)),
    ("借款10000元，到账时多扣了2000元。", (10000, 8000)),
])
def test_head_fee_over_charged_at_payout(text, fee):
    assert head_fee(text) == fee


# --- stated_apr: a rate in Chinese numerals after a longer gap that ends with the word giving it ------


@pytest.mark.parametrize("text, rate", [
    ("借款实际年化利率竟高达一百多。", 100.0),
    ("借款的年化利率竟然达到了近五十。", 50.0),
    ("算下来借款实际年化利率已经超过了六十。", 60.0),
    ("这笔借款实际年利率居然高达三十六点五。", 36.5),  # a control: a short gap, read before
    ("借款综合年化利率算下来有四十多。", 40.0),  # a control: a short gap, read before
])
def test_stated_apr_in_words_after_a_longer_gap(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款年化利率相关的规定有三十多条。",  # a count
    "借款年化利率的事情我问了客服二十多次。",  # a count
    "借款年化利率我已经投诉了有三十多天。",  # days
    "借款年化利率这件事我打了客服电话有二十多。",  # a long gap about something else
])
def test_no_stated_apr_in_words_after_a_longer_gap(text):
    assert values(text)["stated_apr"] is None


# --- stated_apr precision: what rates generally are is no rate of this loan ---------------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "银行的年利率一般才4%左右，借款。",
    "银行信用卡的年利率一般在18%左右，我这个借款远远高于这个。",
    "借款的年化利率通常在15%左右。",
    # a control: a bound (以内) was never read
    "正规消费金融公司的年化利率通常在24%以内，借款。",
])
def test_no_stated_apr_for_rates_in_general(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, rate", [
    # controls: the loan's own rate beside the general one, or 一般 in another sense
    ("借款的年化利率一般是7.2%到24%，可这个平台高达48%。", 48.0),
    ("这个平台的年化利率一般人根本算不出来，高达48%。", 48.0),
    ("借款年化利率一般都在10%左右，而捷信的年化利率高达45%。", 45.0),
    ("借款年化利率高达45%，一般银行才4%。", 45.0),
])
def test_stated_apr_beside_rates_in_general(text, rate):
    assert values(text)["stated_apr"] == rate


# --- head_fee: where the money reached, told with 了 or the bank account --------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款一万，钱到了我手上只剩八千。", (10000, 8000)),
    ("借款10000元，到我银行账户的只有8000元。", (10000, 8000)),
    ("在微粒贷借款两万，到了我的银行卡只有一万七。", (20000, 17000)),
    ("借款10000元，到了我的卡上只有8000元。", (10000, 8000)),  # a control: read before
])
def test_head_fee_where_the_money_reached(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，钱到了我手上，我又还了8000元。",  # a repayment
    "借款10000元，到了我的卡上，我转了8000元给朋友。",  # spending
    "借款10000元，工资到了我的卡上8000元。",  # wages
    "借款10000元，到了还款日我还了8000元。",
])
def test_no_head_fee_where_the_money_reached(text):
    assert head_fee(text) is None


# --- head_fee: part of the loan demanded back from the borrower as a fee once paid out -----------------


@pytest.mark.parametrize("text, fee", [
    ("借款5000元，当天就被要求转回1000元作为服务费。", (5000, 4000)),
    ("借款5000元，下款后客服让我把1000元转到指定账户作为会员费。", (5000, 4000)),
    ("借款5000元，放款后要求我返还1000元服务费。", (5000, 4000)),
    ("借款一万，到账后要我转回两千块作为手续费。", (10000, 8000)),
    ("借款10000元，到账后被要求将其中2000元转给所谓的担保公司。", (10000, 8000)),
])
def test_head_fee_demanded_back_as_a_fee(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，到账后被要求转回2000元作为还款。",  # a repayment, no fee
    "借款10000元，我要求他们返还1000元服务费。",  # the complainant's demand
    "借款10000元，要求退还1000元服务费。",  # the complainant's demand
    "借款5000元，到账5000元，要求我返还的是多收的利息。",
    "借款5000元，下款后客服让我把钱转到指定账户还款。",
])
def test_no_head_fee_demanded_back(text):
    assert head_fee(text) is None


# --- head_fee: taken back at once (收回 after a word of how soon, or 被) --------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款放款5000元，立即收回1000元。", (5000, 4000)),
    ("借款10000元，到账后平台马上收回了2000元的服务费。", (10000, 8000)),
    ("借款10000元，下款后又被收回2000元。", (10000, 8000)),
])
def test_head_fee_taken_back_at_once(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，催收说已经收回2000元。",  # a repayment collected
    "借款10000元，逾期后平台立即收回2000元。",  # overdue
])
def test_no_head_fee_collected_back(text):
    assert head_fee(text) is None


# --- head_fee: the contract said to hold the fee (其中包含 / 其中包括 before the fee's amount) ------------


@pytest.mark.parametrize("text, fee", [
    ("借款合同5000元，其中包含1000元服务费。", (5000, 4000)),
    ("借款合同金额12000元，其中包括2000元的担保费。", (12000, 10000)),
])
def test_head_fee_contract_holds_the_fee(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，其中包含1000元利息。",  # interest, repaid
    "借款10000元，还款总额12000元，其中包含2000元服务费。",  # what is repaid holds the fee
])
def test_no_head_fee_repaid_total_holds_the_fee(text):
    assert head_fee(text) is None


# --- head_fee precision: what the borrower spent (实际使用) is not what arrived ----------------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "我借款10000元，实际使用了8000元。",
    "借款10000元，实际上只用了8000元。",
    "借款10000元，实际花了8000元。",
])
def test_no_head_fee_in_what_was_spent(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls
    ("借款10000元，实际只有8000元到账。", (10000, 8000)),
    ("借款10000元，实际只拿到8000元。", (10000, 8000)),
    ("借款10000元，实际到账8000元，我实际使用了6000元。", (10000, 8000)),
])
def test_head_fee_beside_what_was_spent(text, fee):
    assert head_fee(text) == fee


# --- stated_apr: more words of a yearly rate ------------------------------------------------------------


@pytest.mark.parametrize("text, rate", [
    ("360借条借款年借款利率为29%。", 29.0),
    ("借款年资金成本为38%。", 38.0),
    ("分期乐借款一年期利率为38%。", 38.0),
    ("借款年单利38%。", 38.0),
    ("借款年复利38%。", 38.0),
])
def test_stated_apr_more_year_words(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款一年期贷款，月利率为2%。",  # the term is a year, the rate monthly
    "借款一年期，利息每月2%。",
    "借款年单利的计算方法是什么？",
])
def test_no_stated_apr_more_year_words(text):
    assert values(text)["stated_apr"] is None


# --- stated_apr precision: a fee's share in the clause after the year word is no yearly rate ----------


@pytest.mark.parametrize("text", [
    # false values before
    "借款年化利率低，但是服务费高达30%。",
    "借款年化利率不高，服务费却占了借款的30%。",
    "借款年化利率很高，砍头息就占了20%。",
])
def test_no_stated_apr_from_a_fee_clause(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, rate", [
    # controls: the fee counted into the rate
    ("借款年化利率，算上各种服务费，高达48%。", 48.0),
    ("借款年化利率，包含服务费在内，高达48%。", 48.0),
    ("借款年化利率不高，但加上服务费后高达48%。", 48.0),
    ("借款年化利率算下来，连同服务费高达48%。", 48.0),
])
def test_stated_apr_with_fees_counted_in(text, rate):
    assert values(text)["stated_apr"] == rate


# --- head_fee: more words of the money paid out to the borrower ---------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款10000元，出款8000元。", (10000, 8000)),
    ("借款10000元，入帐8000元。", (10000, 8000)),
    ("借款10000元，进帐8000元。", (10000, 8000)),
    ("借款10000元，入卡8000元。", (10000, 8000)),
    ("借款10000元，落袋8000元。", (10000, 8000)),
    ("借款10000元，净得8000元。", (10000, 8000)),
    ("借款10000元，拿在手里的只有8000元。", (10000, 8000)),
    ("借款10000元，实际支付给我8000元。", (10000, 8000)),
    ("借款10000元，只付给我8000元。", (10000, 8000)),
])
def test_head_fee_more_words_of_payout(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，平台同意退还并支付给我2000元。",  # a refund paid to the complainant
    "借款10000元，出款失败，又重新申请了8000元。",
    "借款10000元，我工资入卡8000元。",  # wages
    "借款10000元，实际支付了8000元的利息。",  # paid by the complainant
    "借款10000元，我实际支付了8000元。",
])
def test_no_head_fee_more_words_of_payout(text):
    assert head_fee(text) is None


# --- stated_apr values: the complainant's own loan's rate after the range the lender shows -------------


@pytest.mark.parametrize("text, rate", [
    ("借款年化利率7.2%~24%，我的是23.9%。", 23.9),
    ("借款年化利率最低7.2%，我这笔借款是23.99%。", 23.99),
    ("借款宣传年化利率7.2%起，给我的却是35.9%。", 35.9),  # a control: 却是 was read
    # controls: no rate of the loan after 我的是 (the range's smaller end, as before)
    ("借款年化利率7.2%~24%，我的是逾期费率5%。", 7.2),
    ("借款年化利率7.2%~24%，我的是月利率2%。", 7.2),
])
def test_stated_apr_own_rate_after_the_shown_range(text, rate):
    assert values(text)["stated_apr"] == rate


# --- head_fee: the loan as the lender records it ---------------------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款到账8000元，订单详情里是10000元。", (10000, 8000)),
    ("借款到账8000元，平台记的是10000元。", (10000, 8000)),
    ("借款到账8000元，待还本金10000元。", (10000, 8000)),
    ("借款8000元，他们却记成了10000元。", (10000, 8000)),
])
def test_head_fee_the_loan_as_recorded(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，到账10000元，每月待还本金800元。",  # an instalment's principal
    "借款10000元，我记的是到账日期，8000元是上个月的。",
    "借款10000元，到账10000元，我记成了8000元。",  # the complainant's own note, less than arrived
])
def test_no_head_fee_the_loan_as_recorded(text):
    assert head_fee(text) is None


# --- head_fee precision: less approved than asked for, and that arrived in full ---------------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "我想借10000元，但是只批了8000元，到账8000元。",
    "申请20000元，只批了10000元，到账10000元。",
    "借款申请了2万，审批通过1.5万，到账1.5万。",
    "本来打算借10000元，最后借了8000元，到账8000元。",
])
def test_no_head_fee_when_less_was_approved(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls
    ("我申请借款10000元，实际到账8000元。", (10000, 8000)),
    ("合同金额10000元，借款8000元，到账8000元。", (10000, 8000)),  # a contract over the loan
    ("申请借款10000元，批了10000元，到账8000元。", (10000, 8000)),
    ("借款10000元，到账8000元，后来又借了8000元。", (10000, 8000)),
    ("第一笔借10000到账8000，第二笔借8000到账8000。", (10000, 8000)),
])
def test_head_fee_beside_an_approval(text, fee):
    assert head_fee(text) == fee


# --- head_fee precision: an instalment debited in its month or period is no deduction at payout ---------


@pytest.mark.parametrize("text", [
    # false alarms before
    "借款10000元，这个月从我卡里扣了1200元。",
    "借款10000元，第一期就扣了1200元。",
    "借款10000元，第3期从银行卡划扣了1200元。",
    "借款10000元，上个月从我账户划走了1200元。",
])
def test_no_head_fee_in_an_instalment_debited(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls: taken when the loan was paid out
    ("借款10000元，放款时先扣了第一期的利息1200元。", (10000, 8800)),
    ("借款10000元，放款当天从我卡里扣了1200元服务费。", (10000, 8800)),
    ("借款10000元，本月放款时扣了1200元服务费。", (10000, 8800)),  # a first version's loss
    ("借款10000元，到账时扣除了1200元的会员费，第一期还款1000元。", (10000, 8800)),
])
def test_head_fee_at_payout_beside_instalments(text, fee):
    assert head_fee(text) == fee


# --- head_fee precision: the borrower's own use of the money after it arrived -----------------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "借款10000元，到账后转了8000元给我妈。",
    "借款10000元，到账后我取出8000元交了房租。",
    "借款10000元，到手后花了8000元。",
    "借款10000元，到账后转给朋友8000元。",
])
def test_no_head_fee_in_the_borrowers_use(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls: the lender's transfer
    ("借款10000元，到账后平台只转了8000元。", (10000, 8000)),
    ("借款10000元，到账时给我转了8000元。", (10000, 8000)),
    ("借款10000元，到账后转过来8000元。", (10000, 8000)),
    ("借款10000元，放款后只转给我8000元。", (10000, 8000)),
])
def test_head_fee_the_lenders_transfer(text, fee):
    assert head_fee(text) == fee


# --- stated_apr: a bare 24 or 36 the words give as the loan's rate -----------------------------------------


@pytest.mark.parametrize("text, rate", [
    ("借款年化利率为36。", 36.0),
    ("借款年化利率高达36，太坑了。", 36.0),
    ("借款的年利率是24，还收服务费。", 24.0),
    ("借款年化利率达到了36，超过国家规定。", 36.0),
])
def test_stated_apr_bare_threshold_given(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款年化超过36就是高利贷。",  # a bound
    "国家规定年化不超过24。",
    "借款年化利率24以上违法。",
    "年化利率36以内受法律保护，借款。",
    "国家规定年化利率最高为24，借款。",  # the law's
    "法律规定借款年利率是36以下。",
    "借款年化利率应该是24，他们收了48%。",  # what it should be
    "借款年化利率是24还是36我也不知道。",  # a question (a first version's false value)
    "借款的年化有24吗？",
])
def test_no_stated_apr_bare_threshold(text):
    assert values(text)["stated_apr"] is None


# --- stated_apr precision: 24% or 36% named as the law's line right after it --------------------------------


@pytest.mark.parametrize("text", [
    # false values before
    "借款年化利率36%是红线。",
    "借款年化利率36%是国家规定的上限。",
    "借款年化利率24%为法定上限，借款。",
])
def test_no_stated_apr_law_line_named(text):
    assert values(text)["stated_apr"] is None


@pytest.mark.parametrize("text, rate", [
    # controls
    ("借款年化利率36%，已经是红线了。", 36.0),
    ("借款年化利率48%是红线的两倍。", 48.0),
    ("借款年化利率36%是我自己算的。", 36.0),
    ("借款年化利率36%是合同上写的。", 36.0),
])
def test_stated_apr_beside_the_law_line(text, rate):
    assert values(text)["stated_apr"] == rate


# --- head_fee: 转了 inside 周转了 / 运转了 is no use of the money (a fix of the borrower's-use commit) ---------


@pytest.mark.parametrize("text, fee", [
    # read on main, lost with the borrower's-use words (转了 in 周转了), read again
    ("投诉贷款平台：当时在该平台周转了5000元，实际到账4000元。", (5000, 4000)),
])
def test_head_fee_tided_over(text, fee):
    assert head_fee(text) == fee


# --- head_fee: the lender's lending to the borrower, and where the money reached -----------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款10000元，他们只借给我8000元。", (10000, 8000)),
    ("借款10000元，到我手的只有8000元。", (10000, 8000)),
    ("借款10000元，到我这只有8000元。", (10000, 8000)),
    ("借款10000元，到我这里就剩8000元了。", (10000, 8000)),
])
def test_head_fee_lent_to_me(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，我借给我朋友8000元。",  # the complainant lending
    "借款10000元，朋友借给我8000元还了一部分。",  # a friend's loan
    "借款10000元，到我这里来催收的人说还要8000元。",
    "资金周转困难，借款10000元，到账10000元。",
    "借款10000元，到我这里还欠8000元。",
])
def test_no_head_fee_lent_to_me(text):
    assert head_fee(text) is None


# --- head_fee: what was left once fees were taken, in the spoken forms of taking ------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款10000元，一扣就剩8000元。", (10000, 8000)),
    ("借款10000元，扣来扣去只剩8000元。", (10000, 8000)),
    ("借款10000元，七扣八扣到手只剩8000元。", (10000, 8000)),  # a control: 到手 read before
])
def test_head_fee_left_after_taking(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，一扣款就剩8000元没还。",  # a debit, what is left owing
    "借款10000元，每月扣来扣去只剩8000元工资。",  # wages
    "借款10000元，还款扣来扣去还剩8000元。",  # a repayment
])
def test_no_head_fee_left_after_taking(text):
    assert head_fee(text) is None


# --- stated_apr: a year's interest as a share of the principal ------------------------------------------


@pytest.mark.parametrize("text, rate", [
    ("借款一年下来利息占本金的40%。", 40.0),
    ("借款一年算下来的利息是本金的45%。", 45.0),
    ("借款每年的利息是本金的36%。", 36.0),  # a control: read before
])
def test_stated_apr_year_interest_share(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "借款一年下来利息加罚息，我也算不清楚。",
    "借款半年下来利息占本金的20%。",  # half a year
])
def test_no_stated_apr_year_interest_share(text):
    assert values(text)["stated_apr"] is None


# --- stated_apr values: the figure after a bound, given plainly (，为38.5% / ，约为45%) -----------------------


@pytest.mark.parametrize("text, rate", [
    ("借款年化利率高于36%，为38.5%。", 38.5),
    ("借款年化利率大于36%，约为45%。", 45.0),
    # controls
    ("借款年化利率18%，为什么收30%？", 18.0),  # 为什么: no figure given (a first version's false value)
    ("借款年化利率18%，为什么还要收30%的服务费？", 18.0),
    ("借款年化利率24%，月利率为2%。", 24.0),  # a monthly rate after
])
def test_stated_apr_figure_after_a_bound(text, rate):
    assert values(text)["stated_apr"] == rate


# --- stated_apr values: the real rate after what was believed or shown (却有, 实际上有, 其实有) ---------------


@pytest.mark.parametrize("text, rate", [
    ("借款前以为年化利率只有7.2%，实际却有35.9%。", 35.9),
    ("借款宣传年化利率7.2%，实际上有36.5%。", 36.5),
    ("借款年化利率说是10%，其实有40%。", 40.0),
    # controls: a fee's share or another rate gone on to
    ("借款年化利率7.2%，却高达36%的服务费。", 7.2),  # (a first version's false value)
    ("借款年化利率7.2%，实际有逾期费率5%。", 7.2),
    ("借款年化利率7.2%，竟然有月费率2%。", 7.2),
    ("借款年化利率超过36%，达到了48%的水平。", 48.0),
])
def test_stated_apr_real_after_believed(text, rate):
    assert values(text)["stated_apr"] == rate


# --- head_fee: what the lender handed over once the fees were taken (扣完费用给我) ----------------------------


@pytest.mark.parametrize("text, fee", [
    ("我借10000元，他们扣完费用给我8000元。", (10000, 8000)),
    ("借款10000元，扣完利息给我8000元。", (10000, 8000)),
    ("借款10000元，扣除服务费后只给我打了8000元。", (10000, 8000)),  # a control: read before
])
def test_head_fee_handed_over_after_taking(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，每月扣完还款给我8000元的工资。",  # wages after a repayment
    "借款10000元，扣完费用给我发了8000条短信。",  # no money
])
def test_no_head_fee_handed_over_after_taking(text):
    assert head_fee(text) is None


# --- head_fee: the rest of the loan told as a fee or as taken (另外 / 其余 / 剩下的 / 还有 + the sum) ---------


@pytest.mark.parametrize("text, fee", [
    ("借款实际到账8000元，另外2000元被当作担保费扣除。", (10000, 8000)),
    ("借款只到账8000，其余2000是保险费。", (10000, 8000)),
    ("借款10000元，剩下的2000元是保险费。", (10000, 8000)),
    ("借款10000元，另外2000元直接被平台扣走了。", (10000, 8000)),
])
def test_head_fee_rest_of_the_loan_taken(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，另外2000元是我自己交的服务费。",  # paid by the complainant
    "借款10000元，还有2000元的服务费要另外交。",  # paid apart
    "借款10000元，剩下的2000元服务费分期收取。",  # paid over time
    "借款10000元，每月还款1000元，2000元服务费被扣了。",  # after a repayment
    "借款10000元，另外2000元被我拿去还信用卡了。",
    "借款10000元，其余2000元还款时扣。",
])
def test_no_head_fee_rest_of_the_loan(text):
    assert head_fee(text) is None


# --- head_fee: a deduction in brackets right after what arrived says how it came to be so ------------------


@pytest.mark.parametrize("text, fee", [
    ("借款到账8000元（扣除了2000元服务费）。", (10000, 8000)),
    ("借款到账8000（被扣了2000元会员费）。", (10000, 8000)),
    # controls
    ("借款实际到账8000元(已扣除服务费2000元)。", (10000, 8000)),  # 实际: read before
    ("借款10000元，到账8000元（扣除了2000元服务费）。", (10000, 8000)),
    ("借款到账10000元（第二天扣了2000元会员费）。", (10000, 8000)),  # taken the next day: not in the aside's opening
])
def test_head_fee_bracketed_deduction_after_arrival(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款到账8000元（其中2000元是我自己的钱）。",
    "借款到账8000元（每月扣款2000元）。",  # an instalment
])
def test_no_head_fee_bracketed_aside(text):
    assert head_fee(text) is None


# --- head_fee: the lender's transfer, its amount before 给我 ------------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款10000元，银行转账8000元给我。", (10000, 8000)),
    ("借款10000元，平台汇了8000元给我的银行卡。", (10000, 8000)),
    ("借款10000元，他们只转了8000元给我。", (10000, 8000)),  # a control: 只转了 read before
])
def test_head_fee_transferred_to_me(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，我转了8000元给我妈。",  # the complainant sending, a party after 给我
    "借款10000元，我转账8000元给我朋友。",
    "借款10000元，转了8000元给我爸。",
    "借款10000元，本人转账8000元给我。",
    "借款10000元，到账10000元，平台退款转账2000元给我。",  # a refund
])
def test_no_head_fee_transferred_to_others(text):
    assert head_fee(text) is None


# === issue 15, fee5: shapes written for this round in other lenders' wording ===============================


# --- head_fee: the contract told by what was signed (签的是 / 签了 / 签字的金额是), the amount right after -------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借钱，签的是5000，到账3800。", (5000, 3800)),
    ("在安逸花借钱，签的是五千块，给我的是三千八。", (5000, 3800)),
    ("在捷信借款，签字的金额是8000元，实际到账6000元。", (8000, 6000)),
    ("在功夫贷借款，签约的时候是12000，到手9600。", (12000, 9600)),
    ("在京东金条借钱，签了10000，实际到账7000。", (10000, 7000)),
    ("在分期乐借钱，签的10000，到手7000。", (10000, 7000)),
])
def test_head_fee_contract_by_signing(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，到账10000元，我签了7000的还款协议。",  # a repayment plan signed
    "在钱站借款10000元，逾期后签的是7000的分期协议。",
    "在招联借款10000元，到账10000元，协商后签了7000的减免方案。",
    "在钱站借款10000元，到账10000元，签了合同后还了7000。",  # no amount right after the signing
])
def test_no_head_fee_contract_by_signing(text):
    assert head_fee(text) is None


# --- head_fee: a form's fields with a half-width colon, the term the next field --------------------------


@pytest.mark.parametrize("text, fee", [
    ("钱站借款 借款金额:6000 实际到账:4800 期限:6个月", (6000, 4800)),
    ("360借条 合同金额:5000 到账金额:3500 期数:12期", (5000, 3500)),
    ("微粒贷借款 借款金额:20000 到账金额:17000 期限为12个月", (20000, 17000)),
])
def test_head_fee_form_fields_then_the_term(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站借款 借款金额:6000 实际到账:6000 期限:6个月",  # arrived in full
    "钱站借款 借款金额:6000 每期还款:4800 期数:12期",  # an instalment
])
def test_no_head_fee_form_fields_then_the_term(text):
    assert head_fee(text) is None


# --- head_fee: the money's arrival named (钱到了 / 钱下来了), then a look and what there was ------------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款8000元。第二天钱到了，我一看只有6000元。", (8000, 6000)),
    ("在安逸花借款8000元，钱到了一看只有6000元。", (8000, 6000)),
    ("在微粒贷借了10000，钱下来一看只有7000。", (10000, 7000)),
    ("在美团借了10000，等钱下来了只有7000。", (10000, 7000)),
    ("在借呗借了10000，钱到账后我查了一下只有7000。", (10000, 7000)),  # a control: 到账后, read before
])
def test_head_fee_the_money_came(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，钱到了以后发了工资5000。",  # wages
    "在钱站借款10000元，钱到了，我一看只有5000的额度。",  # a credit limit
    "在钱站借款10000元，钱下来了，我拿了5000去还信用卡。",  # spending
    "在钱站借款10000元，钱到了，客服说只有8000需要还。",
])
def test_no_head_fee_the_money_came(text):
    assert head_fee(text) is None


# --- head_fee precision: money handed on to the borrower's family is no loan paid out -----------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "在钱站借款10000元，到账后给了我妈5000。",
    "在钱站借款10000元，到账后给我爸5000。",
    "在钱站借款10000元，钱下来以后给了我妈5000。",
    "在钱站借款10000元，到账后转给我老婆3000。",  # a control: None before too
])
def test_no_head_fee_money_handed_to_family(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls
    ("在钱站借款10000元，只给了我8000。", (10000, 8000)),
    ("在钱站借款10000元，给我的只有8000。", (10000, 8000)),
    ("在钱站借款10000元，平台转给我8000。", (10000, 8000)),
])
def test_head_fee_given_to_me_beside_family(text, fee):
    assert head_fee(text) == fee


# --- head_fee: the lender's remittance or release to the borrower (汇给我, 放给我, 转了…过来) ---------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款10000元，对方只汇给我7000元。", (10000, 7000)),
    ("在招联金融借款10000元，只汇了7000元过来。", (10000, 7000)),
    ("在捷信借款10000元，平台转了7000元过来。", (10000, 7000)),
    ("在360借条借款10000元，只放给我7000元。", (10000, 7000)),
])
def test_head_fee_remitted_to_me(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，朋友转了7000过来。",  # a friend's money
    "在钱站借款10000元，我妈汇给我7000元。",  # family money
    "在钱站借款10000元，我转了7000元过来还款。",  # the complainant paying in
    "在钱站借款10000元，到账10000元，我汇给我妈7000元。",
])
def test_no_head_fee_remitted_by_others(text):
    assert head_fee(text) is None


# --- head_fee: more words of a deduction at payout ----------------------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款10000元，放款时扣减3000元。", (10000, 7000)),
    ("在钱站借款10000元，被平台截流了3000元。", (10000, 7000)),  # 截留 mistyped
    ("在钱站借款10000元，放款时收了我3000元。", (10000, 7000)),
    ("在分期乐借款10000元，放款时3000元的服务费直接扣掉了。", (10000, 7000)),
    ("在钱站借款10000元，其中3000元以服务费的形式被预先扣除。", (10000, 7000)),
    ("在钱站借款10000元，利息预先在本金中扣除了3000元。", (10000, 7000)),  # the civil code's words
])
def test_head_fee_more_deduction_shapes(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站借款10000元，利息逾期后被扣了3000元。",  # overdue
    "在钱站借款10000元，每月利息直接从卡里扣了1000元。",  # an instalment's interest
    "在钱站借款10000元，利息先还了3000元。",  # a repayment
    "在钱站借款10000元，还款时3000元的服务费直接扣掉了。",  # at repayment
])
def test_no_head_fee_more_deduction_shapes(text):
    assert head_fee(text) is None


# --- head_fee precision: a fee taken when overdue or at settlement is not taken at payout ---------------------


@pytest.mark.parametrize("text", [
    # a false alarm before
    "在钱站借款10000元，服务费3000元逾期后一次性扣除。",
    "在钱站借款10000元，服务费3000元结清时一次性扣除。",
])
def test_no_head_fee_fee_taken_overdue(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls
    ("在钱站借款10000元，服务费3000元一次性扣除。", (10000, 7000)),
    ("在钱站借款10000元，服务费3000元放款时一次性扣除。", (10000, 7000)),
])
def test_head_fee_fee_taken_at_once(text, fee):
    assert head_fee(text) == fee


# --- head_fee precision: 实际 before what the complainant paid is no money received -------------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "在钱站借款10000元，实际缴纳了7000元。",
    "在钱站借款10000元，我实际交付给他们7000元。",
    "在钱站借款10000元，实际交付了7000元的利息。",
    "在钱站借款10000元，实际支出7000元。",
    "在钱站借款10000元，实际上交了7000元的利息。",
])
def test_no_head_fee_actually_paid(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls
    ("在钱站借款合同10000元，出借人实际交付借款7000元。", (10000, 7000)),
    ("在钱站借款10000元，实际只有7000元。", (10000, 7000)),
])
def test_head_fee_actually_delivered(text, fee):
    assert head_fee(text) == fee


# --- head_fee: the loan paid out (下款), and what arrived of it in the very next clause -----------------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站下款3000，到账2100。", (3000, 2100)),
    ("在安逸花下款3000元，结果到账2100元，每月还款1000元。", (3000, 2100)),
    ("在钱站审核通过3000元，实际放款2100元。", (3000, 2100)),
])
def test_head_fee_paid_out_then_arrived(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站下款3000，到账3000，后来又下款2000。",  # arrived in full, a second loan
    "在钱站放款5000，到账5000，还款3500。",
    "在钱站下款3000，到账后还了2100。",  # a repayment
    "在钱站下款3000，到账2100，第二天又到账900。",  # paid out in parts
])
def test_no_head_fee_paid_out_then_arrived(text):
    assert head_fee(text) is None


# --- stated_apr: a percentage in words after the comma that follows the year word -----------------------------


@pytest.mark.parametrize("text, rate", [
    ("钱站借款的年化利率，高达百分之五十。", 50.0),
    ("在捷信借款的年化利率，竟然高达百分之四十八。", 48.0),
    ("在安逸花借款的年化利率，加上服务费，高达百分之五十。", 50.0),
    ("借款年化利率高达百分之五十。", 50.0),  # a control: no comma, read before
])
def test_stated_apr_words_after_the_comma(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款的年化利率，国家规定不超过百分之二十四。",  # the law's bound
    "钱站借款年化利率，逾期费率百分之五。",  # another rate
    "钱站借款年化利率，我也不知道，服务费百分之五。",
])
def test_no_stated_apr_words_after_the_comma(text):
    assert values(text)["stated_apr"] is None


# --- head_fee: the account named 账号, the principal reckoned, the loan as the credit report records it ------------


@pytest.mark.parametrize("text, fee", [
    ("钱站打到我账号上2500元，合同却是3325元。", (3325, 2500)),
    ("在捷信借款，到我账号2500元，合同3325元。", (3325, 2500)),
    ("在安逸花借款2500元，本金竟然算成3325元。", (3325, 2500)),
    ("在招联借款2500元，征信报告上借款金额3325元。", (3325, 2500)),
])
def test_head_fee_account_number_and_records(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站借款5000元，工资2500元到我账号。",  # wages
    "钱站借款5000元，征信上借款逾期2500元。",  # overdue, no contract
    "钱站借款5000元，本金算成了5000元，到账5000元。",  # no difference
    "钱站借款5000元，到账5000，还款3000元到我账号扣款。",
])
def test_no_head_fee_account_number_and_records(text):
    assert head_fee(text) is None


# --- head_fee precision: the complainant moving their own money to a card is no loan arriving --------------------


@pytest.mark.parametrize("text", [
    # false alarms before
    "钱站借款5000元，到账5000元，我把2500元打到我卡上还款。",
    "钱站借款5000元，我把2500元转到我的银行卡。",
    "在微粒贷借款5000元，到账5000元，我又把2500元转到我的银行卡准备还款。",
])
def test_no_head_fee_own_money_moved(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls: the lender moving it
    ("钱站借款5000元，平台把2500元打到我卡上。", (5000, 2500)),
    ("钱站借款5000元，只有2500元打到了我的银行卡。", (5000, 2500)),
    ("钱站借款5000元，2500元到账。", (5000, 2500)),
])
def test_head_fee_lender_moved_money(text, fee):
    assert head_fee(text) == fee


# --- stated_apr: the year after the rate's link word (利率为每年), a range in words (三十六到四十) -------------------


@pytest.mark.parametrize("text, rate", [
    ("钱站借款，利率为每年40.5%。", 40.5),
    ("在捷信借款，利率高达每年40.5%。", 40.5),
    ("在分期乐借款，年化大概在三十六到四十之间。", 36.0),
    ("在安逸花借款，年利率三十六到四十。", 36.0),
    ("借款年化利率四十多。", 40.0),  # a control: read before
])
def test_stated_apr_year_after_link_and_word_range(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "钱站借款，利率为每月3%。",  # monthly
    "钱站借款，利率高达月3%。",
    "钱站借款，年化利率十到十五天就要还。",  # days
    "钱站借款，年化利率二十到期。",
    "钱站借款，利息高达每月3%。",
])
def test_no_stated_apr_year_after_link_and_word_range(text):
    assert values(text)["stated_apr"] is None


# --- head_fee values: loans told one after another, the first paid in full (第一笔借款3000元到账3000元) -------------


@pytest.mark.parametrize("text, fee", [
    # wrong values before (5000 / 3000: the first loan's 3000元 read twice as borrowed)
    ("钱站第一笔借款3000元到账3000元，第二笔借款5000元到账3500元。", (5000, 3500)),
    ("在360借条第一笔借款3000元到账3000元，第二笔借款5000元到账4000元。", (5000, 4000)),
    # a control: no 元, read before
    ("钱站第一次借3000到账3000，第二次借5000只到账3500。", (5000, 3500)),
])
def test_head_fee_second_loan_after_one_paid_in_full(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    # a false alarm before (5000 / 3000)
    "钱站第一笔借款3000元到账3000元，第二笔借款5000元到账5000元。",  # both paid in full
    # a control
    "钱站第一次借3000到账3000，第二次借5000到账5000。",
])
def test_no_head_fee_loans_paid_in_full(text):
    assert head_fee(text) is None


# --- head_fee precision: the lender 360借条 is no IOU (借条) of 360 ------------------------------------------------


@pytest.mark.parametrize("text", [
    # false alarms before (contract 360)
    "在360借条借款300元，到账300元。",
    "360借条借了200，到账200。",
])
def test_no_head_fee_from_the_lenders_name(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    # controls
    ("在360借条借款3000元，借条上写的是3600元。", (3600, 3000)),
    ("在360借条借款3000元，到账2400元。", (3000, 2400)),
])
def test_head_fee_beside_the_lenders_name(text, fee):
    assert head_fee(text) == fee


# --- head_fee: a form copied line by line, each field's value on the next line ---------------------------------


@pytest.mark.parametrize("text, fee", [
    ("钱站借款金额\n5000元\n到账金额\n3500元", (5000, 3500)),
    ("在招联借款 合同金额：\n10000元\n实际到账：\n8500元", (10000, 8500)),
])
def test_head_fee_form_fields_on_lines(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站借款金额\n5000元\n到账金额\n5000元",  # arrived in full
    "钱站借款金额：\n5000元\n每期还款：\n3500元",  # an instalment
    "钱站到账\n2019年3月借款10000元，还了7000元",  # a date on the next line
])
def test_no_head_fee_form_fields_on_lines(text):
    assert head_fee(text) is None


# --- head_fee: what the borrower got of the loan paid out (只拿到), the lender's payment to the borrower (给我打款) -----


@pytest.mark.parametrize("text, fee", [
    ("钱站给我放款2660，但是有660是服务费，我只拿到2000。", (2660, 2000)),
    ("在美团借钱，放款5000元，我才拿到3500元。", (5000, 3500)),
    ("钱站的合同2660，给我打款2000。", (2660, 2000)),
])
def test_head_fee_got_of_the_payout(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站放款5000，我只拿了3000去还信用卡。",  # spending
    "钱站放款5000元，到账5000元，我只拿了2000出来。",
    "钱站放款5000元，到账5000元，我只拿到2000的额度。",  # a credit limit
    "钱站借款10000元，给我打款10000元。",  # in full
])
def test_no_head_fee_got_of_the_payout(text):
    assert head_fee(text) is None


# --- head_fee: what was denied or supposed to arrive, then what did (到账并没有5000元，只有3500元) ----------------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款5000元，到账并没有5000元，只有3500元。", (5000, 3500)),
    ("在捷信借款5000元，到账没有5000，只有3500。", (5000, 3500)),
    ("在招联借款5000元，本来应该到账5000元，结果只有3500元。", (5000, 3500)),
    ("在安逸花借款5000元，我以为到账是5000元，结果只有3500元。", (5000, 3500)),
    ("在钱站借款5000元，到账不是5000而是3500。", (5000, 3500)),  # a control: 不是…而是, read before
])
def test_head_fee_denied_or_supposed_then_arrived(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站借款5000元，本来应该到账5000元，结果也是5000元。",  # in full
    "钱站借款5000元，到账没有5000，只有3500的额度。",  # a credit limit
    "钱站借款5000元，我以为到账5000元，结果还要还6000元。",  # a repayment
])
def test_no_head_fee_denied_or_supposed(text):
    assert head_fee(text) is None


# --- head_fee: the fee's share of the loan named (按借款金额的20%), what arrived as 8折 --------------------------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款10000元，按借款金额的20%收取服务费。", (10000, 8000)),
    ("在分期乐借款10000元，服务费按借款金额的20%一次性扣除。", (10000, 8000)),
    ("在钱站借款10000元，到账打了8折。", (10000, 8000)),
    ("在钱站借款10000元，到账打八折。", (10000, 8000)),  # a control: read before
])
def test_head_fee_share_of_the_loan_named(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站借款10000元，每月按借款金额的2%收取服务费。",  # monthly
    "钱站借款10000元，按本金的2%每月收取管理费。",
    "钱站借款10000元，逾期后按借款金额的20%收取违约金。",  # a late fee
    "钱站借款10000元，到账10000元，商品打了8折。",
])
def test_no_head_fee_share_of_the_loan_named(text):
    assert head_fee(text) is None


# --- head_fee: fees listed with the party that took each, a product named in quotes (2020s wording) ----------------


@pytest.mark.parametrize("text, fee", [
    ("在某消费金融借款20000元，担保公司扣了2000元，保险公司扣了600元。", (20000, 17400)),
    ("借款20000元，担保公司扣了2000元，平台又扣了600元。", (20000, 17400)),
    ("在美团借款10000元，放款时被捆绑购买了599元的“优享会员”，从借款中直接扣除。", (10000, 9401)),
    ("借款10000元，被强制购买了599元的「省钱卡」，直接从借款里扣了。", (10000, 9401)),
    # values wrong before (the first fee kept, the further item a late fee): None before
    ("借款20000元，扣了担保费2000元，又扣了600元的罚息。", (20000, 18000)),
])
def test_head_fee_fees_by_party_and_quoted_products(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款20000元，放款时被捆绑购买了599元的“优享会员”，每月从还款中扣除。",  # paid over time
    "借款20000元，我自己购买了599元的“优享会员”，从借款里扣的。",  # bought by the complainant
    "借款20000元，到账20000元，担保公司每月扣了600元。",
])
def test_no_head_fee_fees_by_party_and_quoted_products(text):
    assert head_fee(text) is None


# --- head_fee: what came down of the loan (下来的是 / 下来的只有), opening its clause -------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("钱站 | 销账 | 在钱站借的钱，申请的是2660，下来的是2000。", (2660, 2000)),
    ("在安逸花借钱，申请了10000，下来的只有8000。", (10000, 8000)),
    ("在招联借款10000元，下来的钱只有8000元。", (10000, 8000)),
])
def test_head_fee_what_came_down(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "钱站借款2660元，到账2660元，算下来的是2000元利息。",  # a reckoning
    "钱站借款2660元，剩下来的是2000元没还。",  # a balance
    "钱站借款2660元，到账2660元，省下来的是2000元。",
    "钱站借款2660，批下来的是2000的额度。",  # a credit limit
])
def test_no_head_fee_what_came_down(text):
    assert head_fee(text) is None


# --- stated_apr: 按APR计算 / 按IRR来算 names the way the rate is reckoned, not the law's 按24% ---------------------------


@pytest.mark.parametrize("text, apr", [
    ("借款10000元，按APR计算年化24%。", 24),
    ("在招联借款，按IRR来算年化利率是24%。", 24),
    ("微粒贷借款5000，按实际算年化利率是36%。", 36),
    ("在安逸花借款8000元，按照APR计算年化利率为24%。", 24),
    ("京东金条借了2万，按apr计算，年化36%。", 36),
])
def test_apr_reckoned_by_a_method(text, apr):
    assert values(text)["stated_apr"] == apr


@pytest.mark.parametrize("text", [
    "借款10000元，年化利率应该按24%计算。",  # the rate reckoned by
    "借款10000元，按国家规定计算年化24%以内才合法。",  # the law's
    "借款10000元，按24%的年化计算，利息应该是2400。",
    "借款10000元，按国家规定年化24%计算。",
    "借款10000元，按法定上限计算年化24%。",
])
def test_no_apr_reckoned_by_the_law(text):
    assert values(text)["stated_apr"] is None


# --- head_fee: a bare 到 opening the clause after the loan's amount (借3000，到2100) ---------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("在分期乐借3000，到2100。", (3000, 2100)),
    ("在360借条借了5000，到3500。", (5000, 3500)),
    ("微粒贷借了8000，到了5600。", (8000, 5600)),
    ("在钱站借款6000元，到4200元。", (6000, 4200)),
    ("京东金条借了一万，到了七千。", (10000, 7000)),
    ("在捷信借了6000块，到4200块，其余的说是保险费。", (6000, 4200)),
])
def test_head_fee_bare_arrival_after_a_comma(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在分期乐借3000，到期还3500。",  # 到期, 到时, 到现在, 到月底: no arrival
    "在招联借了3000，到时候还3500。",
    "安逸花借了一万，到现在还了七千。",
    "微粒贷借款5000，到月底还5500。",
    "借呗借了3000，到今天已经还了2100。",
    "借款5000，到2024.12.1还清。",  # a date
    "借款5000，到2025年3月还清。",
    "借款5000，到3500的时候就还不上了。",  # a point reached
    "借款5000，到3000以后就没再借了。",
    "额度5000，到3000了。",
    "每月还1000，到800。",
])
def test_no_head_fee_bare_to_not_arrival(text):
    assert head_fee(text) is None


# --- head_fee: a look at what arrived, then its amount in the next clause with no only word (到账一看，1万7) --------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款2万，钱到账一看，1万7。", (20000, 17000)),
    ("在招联借款8000元，钱到账一看，5600元。", (8000, 5600)),
    ("在分期乐借了5000，到账一看，3500。", (5000, 3500)),
    ("在安逸花借了10000，到账后我查了一下，7000。", (10000, 7000)),
    ("美团借钱借了6000，到账一看，居然是4200。", (6000, 4200)),
    ("在微粒贷借了一万，到账以后一看，七千。", (10000, 7000)),
])
def test_head_fee_looked_at_what_arrived(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站借款2万，钱到账一看，1万7的利息。",  # a charge
    "在招联借款8000元，到账一看，5600元的额度。",  # a limit
    "借款5000，到账一看，3期已经逾期。",
    "在分期乐借了5000，到账一看，5000全到了。",  # in full
])
def test_no_head_fee_looked_at_what_arrived(text):
    assert head_fee(text) is None


# --- head_fee: what the lender gave in the end, after the loan or the contract (结果给了七千 / 最后只给了我七千) ------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款10000元，结果给了七千。", (10000, 7000)),
    ("在捷信贷款，合同写的是10000，结果给了7000。", (10000, 7000)),
    ("在招联签的合同是12000，结果就给了9000。", (12000, 9000)),
    ("京东金条借了2万，最后给了1万5。", (20000, 15000)),
    ("在美团借钱借了6000，最后就给了4500。", (6000, 4500)),
])
def test_head_fee_given_in_the_end(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，结果给了七千的额度。",  # a limit
    "借款10000元，最后给了我七千的优惠券。",  # a voucher (read as a head fee before)
    "借款10000元，到账10000元，最后给了我7000的还款计划。",  # a plan (read as a head fee before)
    "借款10000元，结果给了我妈七千。",  # family
    "借款10000元，最后给了7000的利息减免。",
    "借款10000元，结果给了7000的免息券。",
])
def test_no_head_fee_given_in_the_end(text):
    assert head_fee(text) is None


# --- head_fee: each loan by its turn, the amount right after (第一次3000全部到账，第二次5000只到了3500) ---------------------


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款，第一次3000全部到账，第二次5000只到了3500。", (5000, 3500)),
    ("在分期乐借了两次，第一次5000全部到账，第二次10000只到了7000。", (10000, 7000)),
    ("在安逸花借款，第一次2000是全额到账的，第二次6000只给了4200。", (6000, 4200)),
    ("招联金融第一次8000到手8000，第二次12000才到9000。", (12000, 9000)),
    ("在京东金条借钱，第一次3000没问题，第二次5000只到账3500。", (5000, 3500)),
    ("在360借条借钱，第一次一万全部到账，第二次两万只到了一万四。", (20000, 14000)),
    ("在微粒贷借款，第一次4000全到了，第二次6000实际只到了4500。", (6000, 4500)),
])
def test_head_fee_loans_by_their_turn(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站第一次借5000，第二次3000到账了。",  # two loans, each in full (read as a head fee before)
    "在分期乐借款，第一次5000，第二次3000，都全部到账。",
    "在安逸花借款，第一次5000全额到账，第二次3000也全额到账。",
    "在招联借款，第一次10000，第二次7000，到账都没少。",
    "在钱站借款10000，第一次3000还款，第二次7000还款。",  # repayments
    "在钱站借款10000，到账10000，第一次3000，第二次7000，分两次还清了。",
    "在钱站借款，第一次3000全部到账，第二次5000也全部到账。",
    "钱站第一次借了300，到账300，2个月还了600多，第二次600，2个月还了1000。",  # a turn telling no arrival
    "在安逸花借款，第一次5000还了5600，第二次3000到账3000。",
    "在招联借款，第一次8000还了9000多。第二次6000，按时还清了。",
])
def test_no_head_fee_loans_by_their_turn(text):
    assert head_fee(text) is None


# --- head_fee: the fee stated as a share of the loan, then taken at payout in the next clause ----------------------------
# (received = the stated loan * (1 - share), as the share family computes it; only where the loan's amount is stated)


@pytest.mark.parametrize("text, fee", [
    ("在钱站借款10000元，服务费是借款金额的20%，放款时直接扣除。", (10000, 8000)),
    ("在分期乐借了5000元，手续费为借款金额的30%，放款时直接扣除。", (5000, 3500)),
    ("在安逸花借款8000，会员费是借款本金的10%，下款时直接扣了。", (8000, 7200)),
    ("在某平台借款20000元，服务费是借款金额的百分之二十，放款时一次性扣除。", (20000, 16000)),
    ("招联借款6000，砍头息是借款额的25%，到账时直接扣掉。", (6000, 4500)),
    ("在360借条借款3000元，担保费是借款金额的15%，放款的时候就收了。", (3000, 2550)),
])
def test_head_fee_share_stated_then_taken_at_payout(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在钱站借款，服务费是借款金额的20%，放款时直接扣除。",  # no loan amount stated
    "在钱站借款10000元，服务费是借款金额的20%，分12期收取。",  # over time
    "在钱站借款10000元，服务费是借款金额的20%，还款时扣除。",
    "在钱站借款10000元，服务费是借款金额的2%每月，放款时直接扣除。",  # a monthly rate
    "在钱站借款10000元，服务费是借款金额的60%，放款时直接扣除。",  # half or more: no share read
])
def test_no_head_fee_share_stated_then_taken_at_payout(text):
    assert head_fee(text) is None


# --- head_fee (fee7): a post naming no lender and no word of the themes' scope, but the head fee by name ----------------
# (facts.md: head_fee is 砍头息, a lender's practice: the words 砍头息 / 砍头费 / 断头息 name the loan by themselves,
# data/facts.yaml lending_words; a bare 合同8000，到手5000 does not, it may be wages or a purchase, nor 阴阳合同, a
# house sale's or a job's too)


@pytest.mark.parametrize("text, fee", [
    ("某app砍头息太黑了，合同一万，实际到手七千。", (10000, 7000)),
    ("合同写的是一万二，到手只有九千，三千被当头息砍了。", (12000, 9000)),
    ("这个平台收砍头息，合同六千，到手四千八。", (6000, 4800)),
    ("砍头费收了两千，合同上一万，到手八千。", (10000, 8000)),
    ("合同上8000元，到手6000元，剩下2000是砍头息。", (8000, 6000)),
    ("断头息太狠，合同金额15000，到手11000。", (15000, 11000)),
    ("被砍头息坑了，合同一万到手七千。", (10000, 7000)),
])
def test_head_fee_named_without_a_lending_word(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "合同上写月薪8000，到手只有5000。",  # wages: no word of a loan
    "合同工资8000，到手5000，扣了3000的中介费。",
    "装修合同两万，到手的材料只值一万五。",
    "阴阳合同！合同金额两万，到手才一万六。",  # 阴阳合同 alone: no word of a loan
    "卖房时中介搞阴阳合同，合同价200万，到手只有180万。",  # a house sale
    "公司和我签阴阳合同，合同工资8000，到手只有5000。",  # wages
    "如果有砍头息，合同一万到手就只有七千了。",  # hypothetical
    "我这笔没有砍头息，合同一万，到手一万。",  # denied, and in full
    "听说有人遇到砍头息，合同一万到手七千。",  # hearsay (passed before with no fact read at all; the gate alone reads it as the complainant's)
    "听说有人碰到过阴阳合同，合同一万到手七千。",
    "网友说遇到砍头息，合同两万到手一万五。",  # (as above)
])
def test_no_head_fee_named_without_a_lending_word(text):
    assert head_fee(text) is None


def test_head_fee_own_loan_after_hearsay_of_a_head_fee():
    # someone else's head fee first, then the complainant's own loan (of the sentence's rest)
    assert head_fee("有人被砍头息坑了，合同一万到手七千，我借的安逸花一万到手八千。") == (10000, 8000)


# --- head_fee (fee7): 倒账 / 倒帐 typed for 到账 (data/facts.yaml typos, read as the word meant; evidence as written) -------


@pytest.mark.parametrize("text, fee", [
    ("在某借款平台借了5000，倒账只有3500。", (5000, 3500)),
    ("申请了20000，倒帐16000，扣了4000服务费。", (20000, 16000)),
    ("合同一万，结果只倒账了七千。", (10000, 7000)),
    ("在分期乐借款6000元，倒账后发现只有4800元。", (6000, 4800)),
    ("在安逸花借了8000，倒账少了1500。", (8000, 6500)),
    ("在360借条借款5000，倒账3500。", (5000, 3500)),
    ("招联借款5000，倒帐只有3500。", (5000, 3500)),
])
def test_head_fee_arrival_mistyped(text, fee):
    assert head_fee(text) == fee


# (fee9: the typed words are read once, by the tagger's normalising step, for themes and facts alike:
# data/confusables.txt word rows, lexicon.Typos)
@pytest.mark.parametrize("text", [
    "在微粒贷借款，合同金额10000元，实际倒帐7000元。",
    "在招联借款，合同金额10000元，实际倒账7000元。",
])
def test_mistyped_arrival_read_by_themes_as_by_facts(text):
    r = _tagger().tag_text(text)
    assert r.facts["head_fee"][0]["contract"] == 10000
    assert any(e.rule == "fees:contract_vs_received" for e in r.themes.get("fees", []))


@pytest.mark.parametrize("text", [
    "借给朋友5000，结果倒账了，一分没还。",  # 倒账 in its own sense: a bad debt
    "在安逸花借款，如果合同10000元实际倒帐7000元我就不借了。",  # hypothetical
    "在招联借款，合同金额10000元，倒账10000元，全额倒账。",  # in full
])
def test_mistyped_arrival_no_fee_for_themes_either(text):
    r = _tagger().tag_text(text)
    assert "head_fee" not in r.facts and "fees" not in r.themes


def test_typed_words_one_file_same_length(tmp_path):
    from pipeline import lexicon as lx
    good = tmp_path / "confusables.txt"
    good.write_text("账 帐\n到账 倒账 倒帐\n", encoding="utf-8")
    assert lx.load_confusables(good) == {"账": ("帐",)}  # word rows are the typos' only
    typos = lx.load_typos(good)
    n = typos.read(lx.normalise("借款5000，倒帐3500"))
    assert n.text == "借款5000，到账3500" and n.original == "借款5000，倒帐3500"
    bad = tmp_path / "bad.txt"
    bad.write_text("到账 倒账了\n", encoding="utf-8")
    with pytest.raises(lx.LexiconError):
        lx.load_typos(bad)


def test_facts_yaml_typos_moved(tmp_path):
    from pipeline.errors import ComplaintsError
    text = fx.FACTS_FILE.read_text(encoding="utf-8") + "\ntypos:\n  倒账: 到账\n"
    p = tmp_path / "facts.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ComplaintsError):
        fx.load(p)


def test_head_fee_mistyped_arrival_quoted_as_written():
    ev = _tagger().tag_text("在360借条借款5000，倒账3500。").facts["head_fee"]
    assert any("倒账" in e["text"] for e in ev)


@pytest.mark.parametrize("text", [
    "借给朋友5000，结果倒账了，一分没还。",  # a bad debt (倒账 in its own sense), no second amount
    "借款5000，倒账5000，全额倒账。",  # in full
    "借款一万，如果倒账只有七千我就不借了。",  # hypothetical
    "工资8000，倒账只有7500，扣了社保。",  # wages
    "微粒贷借款一万，倒账一万，后来还款时扣了2000。",  # a repayment
])
def test_no_head_fee_arrival_mistyped(text):
    assert head_fee(text) is None


# --- head_fee (fee7): the sum taken told as a sum (加 / + / 加上 between its parts), and a charge said added to the principal --
# (facts.md: the contract and the amount received; the parts of one taking together are what the borrower did not get)


@pytest.mark.parametrize("text, fee", [
    ("借10000，扣会员费1000+服务费1000+担保费1000。", (10000, 7000)),
    ("借款10000元，砍头息1500加500。", (10000, 8000)),
    ("借款10000元，放款时扣了服务费1500元+担保费500元。", (10000, 8000)),
    ("在招联借款8000，砍头息1200+800，到手6000。", (8000, 6000)),  # (a control: passed before, by what arrived)
    ("在马上消费借款20000元，合同里有砍头息1800加1200元。", (20000, 17000)),
    ("在360借条借款8000，被扣了1200加上800的服务费。", (8000, 6000)),  # (a control: the fee's name after the second part)
])
def test_head_fee_taking_told_as_a_sum(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text, fee", [
    ("借款10000元，砍头息1500加500的利息。", (10000, 8500)),  # interest is repaid, not taken: the fee alone
    ("借款10000元，扣了1500服务费加500的罚息。", (10000, 8500)),  # a late fee
    ("借款10000元，扣了服务费1500，加上每月还款1000。", (10000, 8500)),  # an instalment
    ("借款10000元，砍头息1500加500共2000。", (10000, 8000)),  # the total after is the same sum
])
def test_head_fee_taking_with_a_sum_of_something_else(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text, fee", [
    ("借款8000元，平台加收2000元服务费计入本金。", (10000, 8000)),
    ("在捷信借款8000元，另收了2000元的服务费算在本金里。", (10000, 8000)),
    ("在360借条借款8000，收取2000元会员费加到借款本金里。", (10000, 8000)),
])
def test_head_fee_charge_said_added_to_the_principal(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，扣了服务费1500加每月500的利息。",  # (no fact: interest between)
    "借款10000元，还款时扣了1500加500。",  # at repayment
    "借款10000元，逾期后扣了罚息1500+500。",  # overdue
])
def test_no_head_fee_taking_told_as_a_sum(text):
    assert head_fee(text) is None


# --- head_fee (fee7): part of the loan said to be a fee, who took it named before the fee (其中1500元为平台服务费) ------------


@pytest.mark.parametrize("text, fee", [
    ("借款10000元，其中1500元为平台服务费。", (10000, 8500)),
    ("在马上消费借款10000元，其中1500元是平台收取的服务费。", (10000, 8500)),
    ("在分期乐借了6000元，其中有900元是担保公司的担保费。", (6000, 5100)),
    ("在招联借款10000元，其中1500元是平台的服务费，放款时就扣了。", (10000, 8500)),
])
def test_head_fee_part_of_the_loan_a_named_partys_fee(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000元，每月还款1000元，其中300元是平台服务费。",  # an instalment's part
    "还款12000元，其中1500元是平台服务费。",  # a repayment, no loan
    "借款10000元，其中1500元是平台服务费，要分12期还。",  # repaid over time
])
def test_no_head_fee_part_of_the_loan_a_named_partys_fee(text):
    assert head_fee(text) is None


# --- head_fee (fee7): more names of the head fee (砍头利息) and its typo (砍投息, data/facts.yaml typos) ----------------------


@pytest.mark.parametrize("text, fee", [
    ("在某网贷平台借款10000，砍头利息1500。", (10000, 8500)),
    ("借款10000，砍投息1500。", (10000, 8500)),
    ("在小额贷款公司借款10000，被收了1500的砍投息。", (10000, 8500)),
    ("合同一万，到手八千五，砍头利息一千五。", (10000, 8500)),  # (a control: passed before, 利息 a word of the themes' scope)
    ("某平台砍投息，合同一万，实际到手八千。", (10000, 8000)),
])
def test_head_fee_more_names_and_typos(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000，砍头利息按月收1500。",  # monthly
    "借款10000，如果有砍投息1500我就不借了。",  # hypothetical
    "借款10000，没有砍头利息，到账10000。",
])
def test_no_head_fee_more_names_and_typos(text):
    assert head_fee(text) is None


# --- head_fee (fee7): what arrived, then the fee joined to it by a bare 加 / + / 外加 (the contract is the two together) ----


@pytest.mark.parametrize("text, fee", [
    ("在安逸花借款，到手8000加2000手续费。", (10000, 8000)),
    ("在中银消费借款，到手八千外加两千的服务费。", (10000, 8000)),
    ("在美团借钱，实际到手8千加2千手续费。", (10000, 8000)),
    ("在分期乐借款，到手8000外加2000的会员费。", (10000, 8000)),
    ("借款10000元，砍头息1500加500手续费。", (10000, 8000)),  # (a control: a taking and a further fee, both taken)
])
def test_head_fee_arrival_plus_fee(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在安逸花借款8000，要还8000加2000服务费。",  # what is to be repaid
    "在安逸花借款8000，一共还了8000加2000服务费。",
    "在安逸花借款8000，提前还款8000加500手续费。",
    "在安逸花借款8000，逾期后8000加500违约金。",
    "借款10000元，每月还款1000加100手续费。",  # an instalment
    "在安逸花借款8000，到手8000，还款时还要8000加2000服务费。",
])
def test_no_head_fee_arrival_plus_fee(text):
    assert head_fee(text) is None


# --- head_fee (fee7): 扣费 (charged a fee) at payout; a bare 扣费 is also the monthly debit's word -------------------------------


@pytest.mark.parametrize("text, fee", [
    ("借款10000，放款时扣费2000。", (10000, 8000)),
    ("在招联借款10000，下款扣费2000元。", (10000, 8000)),
    ("在安逸花借款10000，到账时扣费了2000。", (10000, 8000)),
])
def test_head_fee_charged_at_payout(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "借款10000，每月自动扣费1000。",
    "借款10000，放款后每月扣费1000。",
    "借款10000，到账后每期扣费1000元。",
    "借款10000，如果放款时扣费2000就投诉。",
])
def test_no_head_fee_charged_at_payout(text):
    assert head_fee(text) is None


# fee8: what arrived (到账/入账/收到/到我卡上 + amount), then a fee taken with no word of "after": facts.md's "amount actually
# received" is what arrived, the fee came off before it, so the contract is the two together, as after 到手 (到手8000，被扣了
# 2000 -> 10000/8000) or a named head fee (到账8000元，收取2000元砍头息). Before, a plain 到账 read 8000 as the contract (8000/6000).
# All fail before.
@pytest.mark.parametrize("text, fee", [
    ("在招联金融借的钱，到账8000，手续费扣了2000", (10000, 8000)),
    ("捷信贷款到账8000元，扣了2000元手续费", (10000, 8000)),
    ("借呗借款到账一万二，扣除了三千元服务费", (15000, 12000)),
    ("在360借条借款，收到8000，被扣了2000的担保费", (10000, 8000)),
    ("马上消费金融的贷款入账9000元，扣了1000元的保险费", (10000, 9000)),
    ("中银消费的借款到我卡上7000，被收取了3000元的会员费", (10000, 7000)),
    ("分期乐的借款到账8000元，扣掉了2000元“权益费”", (10000, 8000)),
])
def test_head_fee_arrival_then_fee_taken_is_net(text, fee):
    assert head_fee(text) == fee


# ... the same as 到手 (a control: read so before)
def test_head_fee_arrival_reads_as_in_hand():
    assert head_fee("在招联借款，到账8000，手续费扣了2000") == head_fee("在招联借款，到手8000，被扣了2000") == (10000, 8000)


# ... but the amount arrived stays the gross one when the fee is told as taken after it arrived (随后, 第二天, 到账后, 当天),
# as money moved back out of the account (扣回, 被划走), after an arrival in full (全额到账), or after the loan released
# (放款, 下款: the amount paid out); a fee the complainant paid is no taking (controls: as before).
@pytest.mark.parametrize("text, fee", [
    ("安逸花借款到账8000，随后扣回2000", (8000, 6000)),
    ("安逸花借款到账8000后，被划走2000服务费", (8000, 6000)),
    ("分期乐借款到账8000，被划走2000", (8000, 6000)),
    ("借款到账8000元，第二天扣了2000元会员费", (8000, 6000)),
    ("中银消费借款到账8000元，当天就被扣了2000元的保险费", (8000, 6000)),
    ("网贷下款8000，扣了2000服务费", (8000, 6000)),
    ("借款放款8000，扣了2000手续费", (8000, 6000)),
    ("借款10000，到账10000，扣了2000手续费", (10000, 8000)),
    ("微粒贷借款全额到账8000，扣了2000手续费", (8000, 6000)),
])
def test_head_fee_arrival_then_fee_taken_after_stays_gross(text, fee):
    assert head_fee(text) == fee


# Left unread (facts.md names neither): what could be withdrawn of a credit line (额度…只能提现), income proof
# (银行流水), an instalment, a repayment, wages, a refund; the fee denied or supposed.
@pytest.mark.parametrize("text", [
    "借款到账8000，每月扣款2000",
    "借呗逾期了，工资到账8000，被扣了2000",
    "借款到账8000，还款时扣了2000手续费",
    "借款到账8000，如果扣了2000手续费就是砍头息",
    "借款到账8000，没有扣任何费用",
    "退款到账8000，扣了2000手续费",
    "借款到账8000元，逾期后扣了2000元罚息",
    "额度10000，只能提现8000",
    "总额度10000，可用额度只有8000",
    "申请贷款要提供银行流水，我的银行流水只有8000，额度只批了3000",
])
def test_no_head_fee_arrival_controls(text):
    assert head_fee(text) is None


# fee8: a rate in words with 几 (facts.md, Numbers: the smallest number the words allow, 几十 -> 20, 十几 -> 10): 年化利率几十 was
# read 10 (the 十 alone), 几百 100, and 三十几 not at all (三十多 was 30). All fail before.
@pytest.mark.parametrize("text, rate", [
    ("在安逸花借的钱，年化利率高达几十", 20.0),
    ("分期乐的借款年化利率百分之几十", 20.0),
    ("捷信贷款年化利率几十个点", 20.0),
    ("借呗借款年化利率三十几", 30.0),
    ("招联的借款年化利率有三十几个点", 30.0),
    ("微粒贷借款年化三十几%", 30.0),
    ("某网贷借款，年化利率几百", 200.0),
])
def test_stated_apr_ji_numbers(text, rate):
    assert values(text)["stated_apr"] == rate


# ... not a count after 几 (三十几期, 三十几天), nor 几 alone, nor 十分 (controls: none before either).
@pytest.mark.parametrize("text", [
    "借呗借款年利率三十几期",
    "借款年化利率竟然达到了三十几天",
    "招联借款年化利率几",
    "捷信借款年化利率十分高",
])
def test_no_stated_apr_ji_numbers(text):
    assert values(text)["stated_apr"] is None


# fee8, controls (passed before): the value recorded when a post gives several rates or other periods, as docs/method.md
# reads facts.md: the loan's rate, not the law's ceiling quoted beside it; the complainant's reckoned real rate over the
# lender's or the contract's; else the largest (IRR over APR); a daily or monthly rate is not converted, the annual figure
# the post gives is read as written (decimals, Chinese numerals, 个点).
@pytest.mark.parametrize("text, rate", [
    ("国家规定年利率不得超过24%，而招联的年利率是35.9%", 35.9),
    ("按照法律规定，年化超过36%的部分无效，捷信的年化达到了48%", 48.0),
    ("分期乐的年化利率是36%，国家规定不能超过24%", 36.0),
    ("安逸花合同上写年化利率18%，我自己算下来实际年化48%", 48.0),
    ("借呗客服说年化利率是18%，我自己算了一下是35%", 35.0),
    ("合同约定年化利率24%，但加上服务费后实际年化利率为46.8%的借款", 46.8),
    ("捷信贷款，IRR年化36%，APR年化24%", 36.0),
    ("捷信的贷款年利率IRR是35.9%，APR才23.5%", 35.9),
    ("微粒贷借款日利率0.05%，折合年化18.25%", 18.25),
    ("借款月利率2分，相当于年化24%", 24.0),
    ("招联借款，年利率百分之二十四点五", 24.5),
    ("招联借款，年化三十六", 36.0),
    ("360借条借款年化利率7.2%-24%，我的是23.9%", 23.9),
    ("借款年化利率18%，逾期罚息年化36%", 18.0),
    ("借呗利息年化18%，银行的年化才4%", 18.0),
])
def test_stated_apr_value_among_several(text, rate):
    assert values(text)["stated_apr"] == rate


@pytest.mark.parametrize("text", [
    "马上消费借款，日利率0.05%",
    "马上消费借款，月利率2%",
    "借款利息1分5",
])
def test_no_stated_apr_other_periods(text):
    assert values(text)["stated_apr"] is None


# fee8: calls_per_day values where found (facts.md: the largest number of calls in one day; the smallest number the words
# allow). 几十上百 is a range, its smaller end (20, as 二三十 -> 20), was no number; a bare count whose calls the clause just
# before names (催收每天打电话，一天至少30个 / 骚扰电话，一天一百四十多个) was not read. All fail before.
@pytest.mark.parametrize("text, n", [
    ("招联逾期后催收每天都是几十上百个电话", 20),
    ("捷信催收一天几百上千个电话", 200),
    ("安逸花逾期，催收每天打电话，一天至少30个", 30),
    ("借呗逾期后催收电话轰炸，一天一百多个", 100),
    ("分期乐催收打电话骚扰我，一天二十几次", 20),
    ("微粒贷逾期，催收打电话，一天十几通", 10),
])
def test_calls_per_day_ranges_and_counts_after_the_calls(text, n):
    assert values(text)["calls_per_day"] == n


# ... not a count of something else after the calls (numbers, texts, people), of several days, the complainant's calls, a
# condition, nor a count that goes on (controls: none before either).
@pytest.mark.parametrize("text", [
    "招联逾期，催收打电话，一天30多个号码",
    "招联逾期，催收打电话，一天发30多个短信",
    "招联逾期，催收打电话，一天30多个人",
    "招联逾期，催收每天发短信，一天30多个",
    "招联逾期，催收打电话骚扰我，三天30多个",
    "招联逾期，我打电话，一天30多个",
    "招联逾期，催收打电话，如果不还一天打30个",
    "招联逾期，催收几十上百万的欠款",
])
def test_no_calls_per_day_counts_of_something_else(text):
    assert values(text)["calls_per_day"] is None


# fee8: the amount signed for told with a bare 签 / 签约 right before it (签约一万，到手八千 / 签一万只拿到七千五): the contract's
# amount, as 签的是 / 签了 were read. All fail before.
@pytest.mark.parametrize("text, fee", [
    ("在省呗借款，签约一万，到手八千", (10000, 8000)),
    ("遇到断头息了，签一万只拿到七千五", (10000, 7500)),
    ("网贷借款，签约一万二，实际到账一万", (12000, 10000)),
    ("在你我贷借钱，签约12000元，到卡上只有9000元", (12000, 9000)),
])
def test_head_fee_bare_signing(text, fee):
    assert head_fee(text) == fee


# ... not a signing with no amount right after it, a count of instalments, a repayment plan signed, a parcel signed for
# (controls: none before either).
@pytest.mark.parametrize("text", [
    "在省呗借款，签约后到账八千",
    "借款签字后到账8000",
    "借款签3期，到账8000",
    "逾期后签了一万的分期协议，借款到账8000",
    "借款8000，签收了快递10000元",
    "借呗借款，抽签抽到1000",
])
def test_no_head_fee_bare_signing(text):
    assert head_fee(text) is None


# fee8: the loan paid out at a discount, the share before the payout word (九折放款 / 打八折到账 / 按7折下款: what arrived
# is that share of the loan, as 到账打了八折 was read). All fail before.
@pytest.mark.parametrize("text, fee", [
    ("在某714口子借款10000，九折放款", (10000, 9000)),
    ("借款10000，打八折到账", (10000, 8000)),
    ("在某小贷app借款3000，按7折下款", (3000, 2100)),
    ("网贷借款5000元，8折到账", (5000, 4000)),
])
def test_head_fee_discounted_payout(text, fee):
    assert head_fee(text) == fee


# ... not a discount supposed or denied, nor a number before the 折 (controls).
@pytest.mark.parametrize("text", [
    "借款10000，十九折放款",
    "借款10000元，如果九折放款就是砍头息",
    "借款10000元，并没有九折放款",
    "借款10000元，全额放款，没有打折",
])
def test_no_head_fee_discounted_payout(text):
    assert head_fee(text) is None


# fee8: 可用的只有 read as 能用的只有 and 可以用的只有 were (借款合同10000，能用的只有8000 -> 10000 / 8000). Fail before.
@pytest.mark.parametrize("text, fee", [
    ("在招联借款合同10000，可用的只有8000", (10000, 8000)),
    ("在捷信借款一万，可用的就八千", (10000, 8000)),
])
def test_head_fee_usable_only(text, fee):
    assert head_fee(text) == fee


# fee8, precision: money taken after the loan arrived to repay another debt (还信用卡, 还之前的欠款, 还了另一个网贷), a card's
# yearly fee, or by a court is no head fee (each read as one before, 8000/6000).
@pytest.mark.parametrize("text", [
    "借款到账8000，银行扣了2000的年费",
    "借款到账8000，卡里被扣了2000还信用卡",
    "借款到账8000，被银行扣了2000还之前的欠款",
    "借款到账8000，被法院扣了2000",
    "借款到账8000，扣了2000还了另一个网贷",
])
def test_no_head_fee_taken_for_another_debt(text):
    assert head_fee(text) is None


# ... while a fee the lender took stays, 还 as "still" after it too (controls).
@pytest.mark.parametrize("text, fee", [
    ("招商银行借款到账8000，银行扣了2000的手续费", (10000, 8000)),
    ("借款10000，扣了2000还不让退", (10000, 8000)),
    ("借款10000元，被扣了2000元的服务费还说是正常的", (10000, 8000)),
])
def test_head_fee_taken_for_another_debt_controls(text, fee):
    assert head_fee(text) == fee


# fee8: hearsay and hypotheticals of this round's shapes count no more than any other (controls: none before either).
@pytest.mark.parametrize("text", [
    "听说有人借款到账8000，扣了2000手续费",
    "网友说借款签约一万，到手八千",
    "如果借款签约一万，到手八千就是砍头息",
    "听说安逸花借款九折放款",
])
def test_no_head_fee_this_rounds_shapes_hearsay(text):
    assert head_fee(text) is None


# --- head_fee (fee9): the word lists of the deduction and arrival checks are facts.yaml's (head_fee.not_taken_before,
# taken_by_others, other_debts, kin_parties, kin_words): the people a sum is handed to are the parties' own lists -------


def test_head_fee_kin_lists_read_from_the_parties():
    flex = fx.default()
    kin = flex.rx["hf_kin"]
    for party in ("children", "friends", "colleagues", "emergency_contact"):
        for w in flex.data["parties"][party]:
            assert kin.match(w), (party, w)
    assert not kin.match("通讯录")  # the address book hands no one money


@pytest.mark.parametrize("text", [
    "在分期乐借款10000，到账后给了我孩子8000。",  # handed on to a child (the hand list had no 孩子)
    "在分期乐借款10000，到账后转给我孩子8000。",
    "在安逸花借款10000，转给了我闺蜜8000。",  # a friend (闺蜜: parties.friends)
])
def test_no_head_fee_money_handed_to_a_party(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    ("在安逸花借款10000，只转给了我8000。", (10000, 8000)),  # the lender's transfer to the borrower
    ("在安逸花借款10000，结果给了我8000。", (10000, 8000)),
])
def test_head_fee_money_given_to_the_borrower(text, fee):
    assert head_fee(text) == fee


# --- stated_apr (fee9): a bound at the law's thresholds says the same before or after the number --------------------------
# 年化超过36% / 年化大于36% / 年化在36%以上 / 36%以上的年化利率: the post names the ceiling the rate breaks, no rate (facts.md:
# "an annual rate the post states"; the tune part's annotators: 年利率超过24%, 年利息超出百分之36 -> none). At any other
# number the bound is the smallest number the words allow (facts.md Numbers): 年化在48%以上 -> 48.


def apr(text: str) -> float | None:
    return values(text)["stated_apr"]


@pytest.mark.parametrize("text", [
    "在招联借款，年化在36%以上。",
    "安逸花的年化利率36%以上，太坑了。",
    "在分期乐借款，36%以上的年化利率。",
    "美团借钱的年化达到了24%以上。",
    "在360借条借款，年化利率超过24%，达到了36%以上。",
    "在微粒贷借款，百分之三十六以上的年化利率。",
    "在捷信借款，一年就是36%以上。",
])
def test_no_apr_law_threshold_bound_after(text):
    assert apr(text) is None


@pytest.mark.parametrize("text", [
    "在招联借款，年化超过36%。",  # (as before: the bound before the number)
    "在招联借款，年化大于36%。",
    "在招联借款，年化利率高于24%。",
])
def test_no_apr_law_threshold_bound_before(text):
    assert apr(text) is None


@pytest.mark.parametrize("text, rate", [
    ("在招联借款，年化在48%以上。", 48),  # another number: the smallest the words allow
    ("在分期乐借款，实际年化超过40%。", 40),
    ("在360借条借款，年化利率高达36%。", 36),  # the rate given, no bound
    ("在微粒贷借款，年化利率36%以上的部分不受保护，我的年化利率是48%。", 48),
])
def test_apr_bound_elsewhere_and_stated(text, rate):
    assert apr(text) == rate


# A rate per month or per day is no annual rate the post states (facts.md; the tune part's annotators gave none for 3个月利息
# 达到了56% or 半年利息达到40%): no value is reckoned from it. A year word beside it gives its own.
@pytest.mark.parametrize("text", [
    "在招联借款，月息2%。",
    "在安逸花借款，月利率3%。",
    "在分期乐借款，月息3分。",
    "在360借条借款，日息0.05%。",
    "在微粒贷借款，日利率万五。",
    "在美团借钱借款，利息高达48%。",  # no year word (annotators: 利率高达41% -> none)
])
def test_no_apr_month_or_day_rate(text):
    assert apr(text) is None


def test_apr_daily_rate_before_its_bracketed_year_rate():
    r = _tagger().tag_text("在微粒贷借款，日利率0.1%（年化36.5%）。").facts["stated_apr"]
    assert [e["value"] for e in r] == [36.5]  # (the day's 0.1% was read as a year's rate too: 0.1%（年化)


@pytest.mark.parametrize("text, rate", [
    ("在微粒贷借款，月利率2%，折合年化24%。", 24),
    ("在微粒贷借款，月息2%年化24%。", 24),
    ("在微粒贷借款，48%（年化）。", 48),
])
def test_apr_year_word_beside_a_month_rate(text, rate):
    assert apr(text) == rate


# The complainant's reckoning bounded by a threshold (折合年化36%以上, kept by tests/test_facts.py round 6) reads the same with
# the bound before the number: the number, the smallest the words allow.
@pytest.mark.parametrize("text, rate", [
    ("在招联借款10000元，折合年化超过36%。", 36),
    ("在安逸花借款，算下来年化超过24%。", 24),
    ("在分期乐借款，折合年化大于36%。", 36),
    ("在美团借钱借款，折合36%以上的年化利率。", 36),
])
def test_apr_reckoned_bound_either_side(text, rate):
    assert apr(text) == rate


@pytest.mark.parametrize("text", [
    "在招联借款，折合年化超过国家规定的36%。",  # the law named
    "在安逸花借款，折合年化36%以上的部分不受保护。",  # the part above the law's ceiling
    "在分期乐借款，如果折合年化超过36%就是高利贷。",  # hypothetical
])
def test_no_apr_reckoned_bound_law_or_supposed(text):
    assert apr(text) is None


# --- stated_apr (fee9): someone else's loan told before the rate in its sentence is hearsay, read with the head fee's
# hearsay words (data/facts.yaml head_fee.hearsay_*): the rate is that loan's ------------------------------------------------


@pytest.mark.parametrize("text", [
    "听说有人在美团借钱，年化高达48%。",
    "网上有人说借了安逸花，年化利率48%。",
    "听说有人在美团借钱，折合年化超过36%。",
    "很多人在分期乐借款，实际年化都超过50%。",
])
def test_no_apr_of_someone_elses_loan(text):
    assert apr(text) is None


@pytest.mark.parametrize("text, rate", [
    ("听说别人借了招联，年化36%，我借的招联年化是24%。", 24),  # the complainant's own loan after
    ("听说有人被爆通讯录，年化利率高达80%。", 80),  # hearsay about something else
    ("提醒大家借款要小心，我在360借条借的年化利率48%。", 48),  # advice
])
def test_apr_own_loan_beside_hearsay(text, rate):
    assert apr(text) == rate


# --- head_fee (fee9), precision: a credit limit's usable part, another debt's own debit, a question about what a head fee is --


@pytest.mark.parametrize("text", [
    "在招联申请的额度10000，能用的只有8000。",  # a limit's usable part (facts.yaml head_fee.limit_words, usable)
    "安逸花给了额度10000能用的只有8000。",
    "在分期乐借款，授信一万，可用金额八千。",
    "在微粒贷借款10000元，到账后花呗自动扣了2000。",  # another debt's own debit (head_fee.other_debt_names)
    "在微粒贷借款10000元，第二天信用卡自动扣了2000。",
    "在美团借钱借款10000元，到账后被白条扣了2000。",
    "什么是砍头息？是不是借10000只给8000那种？",  # an example in a question about what a head fee is (head_fee.what_is_*)
    "什么是砍头息？比如借一万到手八千吗？",
    "砍头息是什么意思，就是合同10000到账8000吗？",
    "什么叫砍头息，借10000只到账8000就是砍头息吗？",
])
def test_no_head_fee_limit_other_debt_or_asked_example(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    ("在招联借款合同10000，可用的只有8000。", (10000, 8000)),  # a contract, no limit
    ("在逍遥客APP额度200到账140。", (200, 140)),  # a limit's loan that arrived short (the tune part's annotators)
    ("在微粒贷借款10000元，放款到信用卡时扣了2000服务费。", (10000, 8000)),  # the card the money went to, not its debit
    ("在360借条借款10000到手8000，这是砍头息吗？", (10000, 8000)),  # the complainant's loan, asked about
    ("什么是砍头息？我在360借条借款10000只到账8000，这算吗？", (10000, 8000)),  # the complainant's own, after the asking
    ("在360借条借款10000到手8000，这不是砍头息是什么？", (10000, 8000)),  # rhetorical
])
def test_head_fee_beside_limit_card_or_question(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", ["什么是砍头息？", "什么叫砍头息？", "砍头息是什么意思？", "请问砍头息是什么？", "在360借条借款，想问一下什么是砍头息。"])
def test_no_fees_theme_asking_what_a_head_fee_is(text):
    assert "fees" not in _tagger().tag_text(text).themes


@pytest.mark.parametrize("text", ["在360借条借款10000到手8000，这不是砍头息是什么？", "在360借条借款被收了砍头息，砍头息是什么意思我不懂。"])
def test_fees_theme_head_fee_named_beside_a_question(text):
    assert "fees" in _tagger().tag_text(text).themes


# --- head_fee (fee9): the money reaching the borrower's card or account, composed (facts.yaml head_fee.reached_*: 到我卡, 进我卡里,
# 打进我的银行卡); not moved there by the complainant or a party (我转到我卡上, 我妈打到我卡里) ------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("在招联借款1万，到我卡8500。", (10000, 8500)),
    ("在安逸花借款1万元，进我卡里的是8500元。", (10000, 8500)),
    ("在分期乐借款10000，结果只打进我的储蓄卡8500。", (10000, 8500)),
    ("在美团借钱借款10000，转到我钱包里8500。", (10000, 8500)),
])
def test_head_fee_money_reached_card(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在招联借款10000，我转到我卡上8500准备还款。",  # the complainant moving money
    "在招联借款10000，我自己转到卡上8500。",
    "在招联借款10000，我妈打到我卡里8500。",  # a party sending
    "在招联借款10000，我妈转到我卡上8500。",
    "在招联借款10000，工资到我卡8500。",  # wages
    "在招联借款10000，如果到我卡只有8500我就不借了。",  # hypothetical
    "听说有人在招联借款10000，到他卡里只有8500。",  # hearsay
])
def test_no_head_fee_money_moved_by_others_or_supposed(text):
    assert head_fee(text) is None


@pytest.mark.parametrize("text, fee", [
    ("在招联借款10000，平台打到我卡上8500。", (10000, 8500)),  # the lender sending
    ("在招联借款10000，他们只转到我卡里8500。", (10000, 8500)),
])
def test_head_fee_money_sent_by_the_lender(text, fee):
    assert head_fee(text) == fee


# --- head_fee (fee9): a lender's name with digits (360借条, 融360: data/lenders.yaml aliases) is no amount of money -------------


@pytest.mark.parametrize("text, fee", [
    ("砍头息3000，在360借条借款20000。", (20000, 17000)),  # a named head fee, then the loan, the lender's name between
    ("扣了1500元服务费，在融360借款10000元。", (10000, 8500)),
])
def test_head_fee_lender_name_with_digits_between(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在360借条借款3000元，按时还款了。",  # one amount: the name's 360 is none
    "如果砍头息3000，在360借条借款20000我就不借了。",  # hypothetical
    "网上有人说在360借条借款20000，砍头息3000。",  # hearsay
])
def test_no_head_fee_lender_name_with_digits(text):
    assert head_fee(text) is None


# --- head_fee (fee9): interest named with its sum, then said taken when the loan was paid out (head_fee.upfront_items, the
# moment words of payout_when): the head fee itself, as 预扣利息1500 ------------------------------------------------------------


@pytest.mark.parametrize("text, fee", [
    ("在小米贷款借款20000元，首期利息3000元在放款时就扣了。", (20000, 17000)),
    ("在度小满借款20000元，利息1500下款的时候直接扣除了。", (20000, 18500)),
    ("在京东金条借款20000元，第一个月利息2000元放款前就扣了。", (20000, 18000)),
])
def test_head_fee_interest_taken_at_payout(text, fee):
    assert head_fee(text) == fee


@pytest.mark.parametrize("text", [
    "在小米贷款借款20000元，利息3000元在还款时扣了。",  # at a repayment
    "在小米贷款借款20000元，利息3000元到账后扣了。",  # after arrival: maybe the first instalment
    "在小米贷款借款20000元，如果首期利息3000元在放款时就扣了我就不借了。",  # hypothetical
    "在小米贷款借款20000元，利息3000元放款时没有扣。",  # denied
    "听说有人在小米贷款借款20000元，首期利息3000元在放款时就扣了。",  # hearsay
])
def test_no_head_fee_interest_not_at_payout(text):
    assert head_fee(text) is None
