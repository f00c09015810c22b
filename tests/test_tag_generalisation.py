"""The codebook's definitions, worded as customers of OTHER lenders and years write them.

The labelled posts are 2017-2019 complaints about two online lenders; these sentences
(written for issue 12, not quoted from any post) check that the rules follow the
codebook rather than those customers' phrasing: banks' credit cards, consumer-finance
companies, 2020s wording, typed variants, and complaints that are not about lending.
"""
from __future__ import annotations

import itertools

import pytest

from pipeline.tag import Tagger


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


def themes(tagger: Tagger, text: str) -> set[str]:
    return set(tagger.tag_text(text).themes)


@pytest.mark.parametrize(
    "text, want",
    [
        # banks' credit cards: refused relief, told to pay in full (no_negotiation)
        ("招商银行信用卡逾期，申请停息挂账被拒，客服说只能全额还款", {"no_negotiation"}),
        ("信用卡逾期，跟银行商量无果", {"no_negotiation"}),
        # consumer-finance companies
        ("跟中银消费金融协商分期还款，对方不同意", {"no_negotiation"}),
        ("捷信消费金融的催收员天天打电话，一天二十多个，还打到我单位", {"call_harassment", "third_party_contact"}),
        ("安逸花年化利率超过36%，还强制收取会员费", {"fees"}),
        # a threat to report to the credit bureau alone is credit_threat only (codebook note)
        ("招联金融的催收说再不还就上征信，以后贷不了款", {"credit_threat"}),
        # a fake lawyer threatening a suit: legal_threat, not threat
        ("广发信用卡的催收冒充律师，说要起诉我，还寄了律师函", {"legal_threat"}),
        ("平安普惠的催收给我通讯录好友群发短信，说我欠钱不还", {"sms_harassment", "third_party_contact", "privacy"}),
        ("花呗逾期后支付宝首页一直弹窗提醒还款，关不掉", {"app_popup"}),
        # 2020s wording of refusals and fees
        ("分期乐逾期，沟通无果，不给减免罚息", {"no_negotiation", "fees"}),
        ("美团月付逾期一天，客服不肯退罚息", {"no_negotiation", "fees"}),
        ("京东金条提前结清还要收取全部利息", {"no_negotiation"}),
        ("还款后被催收恶意冻结微信", {"social_platform"}),
        # traditional characters and typed variants (data/confusables.txt), not listed typos
        ("網貸催收打電話騷擾我家人，還爆我通訊錄", {"call_harassment", "third_party_contact"}),
        ("借呗逾期，催收每天打扫扰电话，还威胁巩吓我，爆我通迅录", {"call_harassment", "threat", "third_party_contact"}),
        ("逾期后催收发彩信恐吓我的亲友", {"sms_harassment", "third_party_contact", "threat"}),
        ("网贷逾期，催收发短息辱骂我", {"sms_harassment", "insult"}),
        # issue 12's families, worded as 2020s bank-card and consumer-finance customers write them:
        # a request, then a refusal (typed 不果 for 无果; the refusal opening the next sentence)
        ("跟招联金融协商延期还款，客服一口回绝", {"no_negotiation"}),
        ("和平安银行信用卡中心协商不果，只能全额还款", {"no_negotiation"}),
        ("马上消费金融拒绝友好协商，要求一次性还清", {"no_negotiation"}),
        ("跟中信银行信用卡沟通分期还款的事。对方直接拒绝了", {"no_negotiation"}),
        ("向银行申请延期还款，等了一个月没有任何回应", {"no_negotiation"}),
        # the debt told to others; the address book harvested
        ("催收给我同事打电话，告诉他们我是老赖", {"third_party_contact", "privacy"}),
        ("安逸花的APP违规收集并拷贝我的通讯录", {"privacy"}),
        # bombardment worded otherwise
        ("信用卡逾期后催收换着号码打，一天打个不停", {"call_harassment"}),
        ("逾期后催收天天发短信催我", {"sms_harassment"}),
        # the collector's words naming a credit consequence: credit_threat only (codebook note)
        ("招联金融的催收说会影响我的征信，以后买房贷款都办不了", {"credit_threat"}),
        ("信用卡中心的催收说不还款会纳入失信名单", {"credit_threat"}),
        ("催收威胁说会影响信用，以后不能坐飞机高铁", {"credit_threat"}),
        # no_negotiation: the request met with pressure instead of an answer (refusal implied)
        ("和平安普惠协商晚几天还款，结果对方态度恶劣，威胁要上门", {"no_negotiation", "threat"}),
        ("信用卡逾期想跟银行商量缓几天，可是催收马上就开始骚扰我同事", {"no_negotiation", "third_party_contact"}),
        # ... never taken up: the lender did not negotiate at all
        ("还呗逾期两个月，客服从未真正和我协商过，只会催", {"no_negotiation"}),
        ("向消费金融公司申请延期还款很多次，都未曾接到过任何协商电话", {"no_negotiation"}),
        ("之前投诉过一次，跟捷信也没协商好，现在又来催", {"no_negotiation"}),
        # ... a request verb for relief, the refusal later in the sentence or reported as speech
        ("请求只还本金，分期乐不同意", {"no_negotiation"}),
        ("要求停息分期，浦发信用卡中心推来推去，不给解决", {"no_negotiation"}),
        ("申请个性化分期，银行客服说不符合条件", {"no_negotiation"}),
        ("想和招联金融协商延期，对方表示做不了主，必须按合同还", {"no_negotiation"}),
        ("2023年申请了展期还款，审核未通过", {"no_negotiation"}),
        ("想提前结清，宜人贷客服告诉我还要还一万两千多", {"no_negotiation"}),
        # ... the codebook in one pattern: a request for relief, the lender's refusal or dead end a
        # clause or two later, in any lender's and year's words
        ("平安普惠逾期，多次联系客服要求协商还款，客服一直推诿", {"no_negotiation"}),
        ("美团借钱逾期，本人提出只还本金，平台不接受", {"no_negotiation"}),
        ("逾期后向宜人贷申请停催和分期还款，至今没有答复", {"no_negotiation"}),
        ("借款逾期，找客服协商，客服让找催收，催收让找客服，踢皮球", {"no_negotiation"}),
        ("网商贷逾期，要求减免罚息，对方一直说无法操作", {"no_negotiation", "fees"}),
        # ... no flexible solution offered; early settlement charged in full
        ("借款逾期后，平台不提供任何协商渠道", {"no_negotiation"}),
        ("网贷逾期，平台没有提供任何分期或延期的解决方案", {"no_negotiation"}),
        ("想提前结清360借条，需要支付剩余所有服务费", {"no_negotiation", "fees"}),
        ("借款提前结清的话利息照算", {"no_negotiation"}),
        ("网贷逾期，跟催收协商还本金，催收就一直威胁要骚扰我的家人", {"no_negotiation", "threat", "third_party_contact"}),
        ("在与捷信协商还款过程中，催收人员态度恶劣", {"no_negotiation"}),
        ("借款逾期后提请延期，依然如此", {"no_negotiation"}),
        ("申请提前结清招联好期贷，免收后面的利息。结果遭到了客服的直接拒绝", {"no_negotiation"}),
        # ... the relief refused in so many words: 停息挂账, 展期, 个性化分期, the plan asked for
        ("信用卡逾期，银行不同意停息挂账", {"no_negotiation"}),
        ("网贷逾期，平台拒绝了我的停息申请", {"no_negotiation"}),
        ("借款逾期，对方不予办理延期", {"no_negotiation"}),
        ("网贷逾期，平台不接受部分还款", {"no_negotiation"}),
        # credit_threat: blacklists and a spoilt record as the collector's pressure (codebook note:
        # the credit report alone is credit_threat only)
        ("网贷逾期，催收说再不还款征信就花了，以后贷款买不了房", {"credit_threat"}),
        ("信用卡逾期，催收告诉我不还的话会影响个人信用", {"credit_threat"}),
        # call_harassment: every contact called, calls received again and again, calls to me
        ("信用卡逾期，催收给我通讯录里的亲戚朋友全部打了电话", {"call_harassment", "third_party_contact"}),
        ("捷信逾期三天，催收打电话给通讯录所有联系人", {"call_harassment", "third_party_contact"}),
        ("2024年借的安逸花逾期后，我和家人一直收到来自催收公司的电话", {"call_harassment"}),
        ("还没逾期就多次接到平安普惠的催收电话", {"call_harassment"}),
        ("网贷还款日当天电话就一堆，根本没法上班", {"call_harassment"}),
        ("借呗逾期，催收每天给我打电话让我还钱", {"call_harassment"}),
        ("信用卡中心的催收用好几个号码轮流打我电话", {"call_harassment"}),
        # privacy: the address book or the contacts' numbers harvested, data sold or put online,
        # the debt told in other words, the contacts made to know, photos or ID shown round
        ("借呗逾期后，催收通过不正当手段得到了我的通讯录", {"privacy"}),
        ("某消费金融公司的APP读取了我的通讯录", {"privacy"}),
        ("网贷平台把我的个人资料卖给了催收公司", {"privacy"}),
        ("信用卡逾期，催收把我的个人信息挂到网上", {"privacy"}),
        ("催收扬言要把我的借款信息告诉所有亲戚朋友", {"privacy", "threat", "third_party_contact"}),
        ("催收打电话给我单位领导，让我领导都知道了我欠网贷的事", {"privacy", "third_party_contact", "call_harassment"}),
        ("2022年在分期乐借款，逾期后催收把我的身份证发给了我的同事", {"privacy", "third_party_contact"}),
        ("分期乐的催收给我朋友打电话说我欠了网贷不还", {"privacy", "third_party_contact"}),
        ("催收给我通讯录里的人发短信说我逾期", {"privacy", "sms_harassment", "third_party_contact"}),
        ("借款APP不授权通讯录就不能借款", {"privacy"}),
        ("网贷逾期后，催收到处宣扬我欠钱", {"privacy"}),
        # ... photos shown round are public shaming too (codebook note: privacy and insult)
        ("网贷逾期后催收把我的照片公布到网上", {"privacy", "insult"}),
        ("借款逾期，催收威胁要爆我照片", {"privacy", "insult", "threat"}),
        # insult: name-calling, abusive words described rather than quoted
        ("借呗逾期两天，催收员就说我是老赖，还骂我是骗子", {"insult"}),
        ("加了催收的微信后对方说话很难听", {"insult", "social_platform"}),
        ("招联金融的催收电话里说了一些很难听的话", {"insult"}),
        ("信用卡逾期，催收晚上十一点多还打电话催款", {"call_harassment"}),
        ("网贷逾期，催收早上六点就开始打电话", {"call_harassment"}),
        ("借呗逾期，我的手机被催收打到关机", {"call_harassment"}),
        ("催收打电话给我通讯录的每一个人，说我欠网贷不还", {"call_harassment", "third_party_contact", "privacy"}),
        ("网贷逾期，催收叫我去卖", {"insult"}),
        ("信用卡逾期，催收在电话里问候我祖宗十八代", {"insult"}),
        ("借款逾期，催收说我这种人怎么不去死", {"insult"}),
        ("网贷逾期，催收说话特别脏", {"insult"}),
        # a threat to call a friend is threat and third_party_contact, no calls received yet
        ("催收说要打电话骚扰我朋友，我还没逾期", {"threat", "third_party_contact"}),
        # hearsay, then the complainant's own experience: the second counts; a cue after a hit
        # changes nothing
        ("听说有人被爆通讯录，我在宜人贷逾期三天，我也被爆了通讯录", {"third_party_contact"}),
        ("网贷逾期，催收爆了我的通讯录，听说有人也被这样", {"third_party_contact"}),
        # issue 12, wordings read in unlabelled posts (bench/unlabelled_pool.py), written anew:
        # refusals worded 没有同意 / 没有回答 / 态度很强硬, the collection itself as the answer,
        # no will to solve anything
        ("信用卡逾期，申请延期几天还款，银行并没有同意", {"no_negotiation"}),
        ("和分期乐客服几次沟通降低利息，一直没有回答", {"no_negotiation"}),
        ("我说先还一半，但是招联的催收态度非常强硬，必须全部还清", {"no_negotiation"}),
        ("手头紧想缓缓，安逸花的催收直接威胁要联系我父母", {"no_negotiation", "threat", "third_party_contact"}),
        ("想协商只还本金，但是平台任由外包公司暴力催收", {"no_negotiation"}),
        ("信用卡逾期后和银行沟通减免罚息，对方一直强调合规，没有一点解决问题的意思", {"no_negotiation", "fees"}),
        # ... and refusals worded otherwise, the request named up to two clauses before
        ("信用卡逾期，申请停息挂账，银行根本不搭理", {"no_negotiation"}),
        ("向美团月付申请延期还款，客服直接挂断电话", {"no_negotiation"}),
        ("逾期后申请减免罚息，平台表示无法满足", {"no_negotiation", "fees"}),
        ("跟借呗协商分期，客服一直打太极", {"no_negotiation"}),
        ("网贷逾期，申请延期还款遭拒", {"no_negotiation"}),
        ("借款逾期，我想分期还，平台说只能一次性还清", {"no_negotiation"}),
        # ... the request for time met with collection on the contacts, no connector
        ("跟安逸花协商给点时间，催收当天就打电话给我家人", {"no_negotiation", "third_party_contact"}),
        # privacy: the borrower's data handed on, the debt disclosed in other words
        ("逾期后平台私自将我的个人信息交给了第三方催收公司", {"privacy"}),
        ("借呗逾期，支付宝把我和家人的信息转给了外包催收", {"privacy"}),
        ("网贷催收到处透露我的借款信息", {"privacy"}),
        ("催收打到我同事那里，还告知对方我的欠款", {"privacy", "third_party_contact"}),
        ("网贷逾期，催收给我老家居委会寄了催收函", {"privacy"}),
        ("借款逾期，催收用我的手机号注册了很多网站", {"privacy"}),
        ("借款逾期，催收把我的手机号挂到网上", {"privacy"}),
        ("借款逾期，现在全公司都知道我欠网贷了", {"privacy"}),
        ("借款逾期，催收在朋友圈发我的欠款截图", {"privacy", "social_platform"}),
        ("借款逾期，平台非法侵入我的通讯录", {"privacy"}),
        ("借款逾期，催收把我的家庭住址告诉了别人", {"privacy"}),
        # call_harassment: calls before the due date (未到期 negates nothing), calls to the workplace
        # named otherwise, calls to the contacts at will, calls and texts listed with their frequency
        ("在安逸花借了3000，还没到期就一直打电话催收", {"call_harassment"}),
        ("网贷逾期，催收员打到我的就职公司进行骚扰", {"call_harassment", "third_party_contact"}),
        ("借呗逾期后，催收随意拨打我通讯录里的人", {"call_harassment", "third_party_contact"}),
        ("逾期后捷信打电话、发短信不断地骚扰我", {"call_harassment", "sms_harassment"}),
        # ... calls every few minutes, counted without the word 电话, round the clock, too many to answer
        ("网贷逾期，催收每隔几分钟就打一次电话", {"call_harassment"}),
        ("借呗逾期一天，一小时被打了二十几次", {"call_harassment"}),
        ("网贷逾期，催收给我打了上百通电话", {"call_harassment"}),
        ("网贷逾期，催收没日没夜地打电话", {"call_harassment"}),
        ("信用卡逾期，催收电话接都接不过来", {"call_harassment"}),
        ("网贷逾期，手机一开机就是催收电话", {"call_harassment"}),
        ("信用卡还款日当天，银行客服就多次致电与我", {"call_harassment"}),
        # insult: cursing and mockery worded otherwise, curses, defamation sent round
        ("网贷逾期，催收在电话里出口成脏", {"insult"}),
        ("借呗逾期两天，催收一直冷嘲热讽", {"insult"}),
        ("网贷逾期，催收说我爸妈不得好死", {"insult", "third_party_contact"}),
        ("借款逾期，催收给我同事群发虚假信息", {"insult", "privacy", "sms_harassment", "third_party_contact"}),
        ("网贷逾期，催收在电话里对我爆粗", {"insult"}),
        ("网贷逾期，催收说我是个废人", {"insult"}),
        ("网贷逾期，催收把我的头像做成通缉令发给亲友", {"insult", "privacy"}),
        # issue 12, point 2 (families from the codebook, in lenders' and years' words the labelled posts lack):
        # no_negotiation: a request met with stalling, cut off, nothing to discuss, only chasing
        ("2024年向招联金融申请个性化分期，客服一直敷衍", {"no_negotiation"}),
        ("跟微粒贷协商延期还款，客服直接把我拉黑了", {"no_negotiation"}),
        ("要求京东金融停息挂账，反映了三次都不了了之", {"no_negotiation"}),
        ("向中银消费申请减免罚息，对方只会催我还钱", {"no_negotiation", "fees"}),
        ("申请延期还款，客服说想都别想", {"no_negotiation"}),
        # ... not listened to, ignored, the rate cut refused, only promises, sent to borrow elsewhere
        ("网贷逾期，我解释原因，催收不听我说", {"no_negotiation"}),
        ("网贷逾期，跟催收根本沟通不了", {"no_negotiation"}),
        ("网贷逾期，催收理都不理", {"no_negotiation"}),
        ("利息太高，要求调整利率，客服不给调整", {"no_negotiation", "fees"}),
        ("网贷逾期，协商延期还款，客服只是说会反馈", {"no_negotiation"}),
        ("网贷逾期，要求协商，客服让我自己想办法", {"no_negotiation"}),
        ("网贷逾期，想少还点，催收说一分都不能少", {"no_negotiation"}),
        # ... the relief granted only on terms that deny it
        ("信用卡逾期，申请停息挂账，银行要求先还一半才能办理", {"no_negotiation"}),
        ("网贷逾期，想先还本金，平台说利息必须一起还", {"no_negotiation"}),
        ("网贷逾期，想延期几天，催收说今天必须还上", {"no_negotiation"}),
        # ... the answer opening the next sentence, reported as speech or as silence
        ("信用卡逾期，申请延期还款。客服说不行", {"no_negotiation"}),
        ("想只还本金。银行表示没办法", {"no_negotiation"}),
        ("马上消费金融逾期，要求减免罚息。平台一直不理", {"no_negotiation", "fees"}),
        # ... time to pay offered, refused or today's payment insisted on; the relief itself not allowed
        ("我跟安逸花的催收说月底发工资就还，催收不同意，非要今天还清", {"no_negotiation"}),
        ("2025年分期乐逾期，我说下周一定还，对方说不行", {"no_negotiation"}),
        ("信用卡逾期，银行说不能停息挂账", {"no_negotiation"}),
        ("中银消费金融的客服说无法办理个性化分期", {"no_negotiation"}),
        # ... early settlement that costs the same as paying to term, or barely less
        ("微粒贷提前还款，钱还是那么多", {"no_negotiation"}),
        ("京东金条申请提前结清，客服只给减了两百块", {"no_negotiation"}),
        # privacy: numbers got from nowhere the borrower gave, data taken (told from the data's side),
        # data sold, the borrower exposed, the debt told 跟/和 the family
        ("借呗逾期后，催收不知道从哪弄到了我同事的电话", {"privacy", "third_party_contact"}),
        ("网贷逾期三天，他们怎么会有我领导的号码", {"privacy"}),
        ("我从来没有填写过我同事的电话，安逸花的催收却打到了我同事那里", {"privacy", "third_party_contact"}),
        ("用了某借款APP后，我的通讯录被读取了", {"privacy"}),
        ("网贷平台倒卖用户的身份信息", {"privacy"}),
        ("催收威胁要把我曝光到网上", {"privacy", "insult", "threat"}),
        ("催收跟我妈说我借了网贷不还", {"privacy", "third_party_contact"}),
        # call_harassment: blocked then a new number, counted numbers, the workplace called, calls that never stop
        ("招联的催收电话，我拉黑一个换一个", {"call_harassment"}),
        ("逾期第二天，催收用了二十多个号码轮番打我电话", {"call_harassment"}),
        ("借呗逾期，催收打到我们公司前台", {"call_harassment", "third_party_contact"}),
        ("网贷逾期，催收电话响个不停", {"call_harassment"}),
        ("信用卡逾期，催收一天打了好几次电话到我家", {"call_harassment"}),
        # insult: cursing and names in more of the words borrowers use
        ("网贷逾期，催收张嘴就骂", {"insult"}),
        ("借呗逾期，催收说我是智障", {"insult"}),
        ("催收对我家人恶语相向，网贷逾期才三天", {"insult", "third_party_contact"}),
        ("网贷逾期，催收用极其恶毒的语言", {"insult"}),
        ("网贷逾期，催收嘴巴不干净", {"insult"}),
        # a bank card's complaint with no other word of lending (信用卡 and 罚息 are context words)
        ("招商银行信用卡，客服天天打电话骚扰我，还打给我的家人", {"call_harassment", "third_party_contact"}),
        ("广发信用卡的罚息太高，客服态度恶劣骂我", {"fees", "insult"}),
    ],
)
def test_other_lenders_and_wordings(tagger, text, want):
    assert themes(tagger, text) == want


@pytest.mark.parametrize(
    "text",
    [
        # the codebook's exclusions: fear, negation, advice, a demand
        "我担心以后被爆通讯录，还没逾期",
        "催收没有联系我家人",
        "建议大家不要在这个平台借钱，会被爆通讯录",
        # hearsay: someone else's experience, not this complaint's
        "听说有人在招联金融借款逾期被爆了通讯录，还被催收骂得很难听",
        "据说别人借了平安普惠，催收天天打电话到单位",
        "要求减免利息或者分期偿还，不要骚扰通讯录",
        # the same families negated, feared, hypothetical, or a request with no refusal yet
        "招联金融从来没有拷贝我的通讯录",
        "我担心催收会拷贝我的通讯录",
        "如果跟银行协商不果，我怕只能全额还款",
        "催收没有天天发短信，只是提醒过一次",
        "我想跟捷信协商延期，还没联系客服",
        "银行说可以协商分期，我还在考虑",
        # a record already reported is a dispute, not a threat; the complainant's own fear
        "网贷客服说已经给我上了征信",
        "我担心逾期会影响征信，以后贷不了款",
        # not about lending: refusals, fees and calls of shops, airlines, gyms, landlords
        "快递丢件，客服一直推脱不处理，态度很差",
        "在拼多多买的手机有质量问题，申请退款被拒绝，商家不同意退货",
        "健身房会员费不退，商家拒绝协商，天天打电话推销",
        "航空公司航班取消，要求退票被拒，客服一直不回复",
        "小区物业费太高，物业公司威胁停水停电",
        # no_negotiation's families, negated, hypothetical, agreed, or the complainant's own demand
        "跟银行协商延期，对方同意了，给了三个月时间",
        "如果协商不成，我就去法院",
        "我想跟招联协商分期，但是还没打电话",
        "给我点时间，但是不能骚扰我的家人",
        "银行说可以申请个性化分期，我还在准备材料",
        "和客服协商好了分期，然后按时还了",
        "我和银行达成一致，分十二期还款",
        # call_harassment's families: the complainant calling, a threat to call, one call, a crackdown
        "借款逾期，我每天给客服打电话都打不通",
        "网贷逾期，催收昨天给我打了一个电话",
        "国家天天在严打暴力催收，网贷平台还敢乱来吗",
        "借款时留了多个联系电话",
        "借款逾期，我每天打电话给客服都没人接",
        "网贷逾期，实在没钱，催收让我去卖房子还钱",
        "网贷逾期，催收态度很差，语气不好",
        "网贷逾期，我拒绝分期，想一次性还清",
        "网贷逾期，我不同意他们的还款方案",
        "网贷逾期，催收晚上八点打过一次电话",
        # no_negotiation's new families: the complainant's own wish, a waiver, a condition
        "借款逾期，我想协商分期还款，希望平台同意",
        "借款提前结清可以减免剩余利息",
        "借款逾期，协商后平台同意分期还款",
        "网贷逾期，要求协商还款，他说如果领导不同意就没办法",
        # a credit record already spoilt is no threat
        "网贷逾期，我的征信已经花了",
        "已经提前结清两笔借款，剩下这笔才发觉利息算法不对",
        # privacy's and insult's families: the complainant's own acts, consent at sign-up, negations
        "申请借款时上传了身份证照片",
        "我把借款的事告诉了家人，他们帮我还了一部分",
        "网贷催收员说话不难听，只是提醒还款",
        "我不想让家人知道我借网贷",
        "借款逾期，我自己把欠款的事告诉了家人",
        "我找朋友借钱还网贷，朋友借给我钱，我欠朋友五千",
        "我说我不是老赖，只是暂时还不上",
        # ... and the same wordings when it is the complainant refusing, or a deal was struck
        "催收说可以减免一部分利息，我也没有同意",
        "跟银行协商好了，直接还了本金，但是之前暴力催收的事还没有说法",
        "和客服沟通减免，客服说会尽快处理，很有解决问题的诚意",
        "申请借款时我把资料提供给客服审核",
        "网贷平台将我的债权转让给了一家资产管理公司",
        "借款逾期后我主动告诉他们我的欠款情况",
        "我从没逾期，催收也没有天天打电话",
        "借款逾期后，害我被朋友嘲讽",
        "借款逾期，和催收协商好了，直接挂了电话就去还款",
        "我用我的手机号注册了借款APP",
        "借款逾期，我自己联系了村委会说明情况",
        "我在朋友圈发了我的欠款截图，想让大家评评理",
        "网贷逾期，我不想让全公司都知道我欠网贷",
        "我只能一次性还清借款，因为没有别的办法",
        "网贷平台赚这种带血的钱，不得好死",
        "网贷平台发布虚假宣传信息，骗人借款",
        "借款逾期，我给客服打电话很多次反映，客服说三天内解决",
        "网贷逾期，因为运营商的原因我的电话一直未能接通",
        "借款逾期，我打了十几次客服电话都没人接",
        "借款逾期后我每隔几天还一次钱",
        "借款逾期，我多次致电客服，客服一直打擦边球",
        # issue 12, point 2: the new families' near misses: negated, hypothetical, agreed, a polite reply,
        # the complainant's own words or acts
        "跟银行协商分期，客服说会尽快处理，不会敷衍",
        "协商好了分期，客服没有敷衍我",
        "如果协商延期不成，客服只会催",
        "申请停息挂账后，银行客服耐心解释并给了方案",
        "借款逾期，想协商延期。我说不行就算了",
        "借款逾期，申请延期还款。说不行的话我再想办法",
        "网贷逾期，申请分期后银行说会反馈，第二天就同意了",
        "网贷逾期，我说我必须先还信用卡",
        "我不想借钱，客服让我去借钱",
        "网贷逾期，申请停息挂账，银行同意了，说先还一半才能办理",
        "我说月底发工资就还，催收同意了",
        "借款逾期，我说下周还，我坚决不拖",
        "借款逾期，如果月底还不上，催收肯定不同意",
        "能不能只还本金，我还在问客服",
        "提前结清可以减免剩余利息，还需还本金一万",
        "在360借条借了两万，提前结清还要还两万三",
        "我不知道从哪里借钱还网贷",
        "借款时我没有提供紧急联系人的电话，所以他们只能联系我",
        "我公开了我的借款信息，想让大家评评理",
        "网贷逾期，我要把他们曝光到网上",
        "借款APP说我的个人信息没有被泄露",
        "我跟我妈说我欠了网贷",
        "借款时留了资料，资料被审核",
        "我借款时留了三个号码给平台",
        "我打到他们公司问情况，网贷客服说会处理",
        "我不停打客服电话都没人接，借款的事没人管",
        "借款逾期后，我被朋友讥笑",
        "网贷逾期，催收说话不粗俗，只是提醒还款",
    ],
)
def test_no_theme(tagger, text):
    assert themes(tagger, text) == set()


def test_a_variant_is_evidence_in_the_stored_text(tagger):
    text = "催收爆了我的通迅录"
    ev = tagger.tag_text(text).themes["third_party_contact"][0]
    assert text[ev.start : ev.end] == ev.text and "通迅录" in ev.text


def test_the_complainant_phoning_round_the_contacts_is_no_call_harassment(tagger):
    assert "call_harassment" not in themes(tagger, "我给通讯录所有联系人打了电话借钱还网贷")
    assert "call_harassment" in themes(tagger, "网贷逾期，催收给通讯录所有联系人打了电话")


def test_a_rule_quoted_is_no_call_harassment(tagger):
    # the rule a post quotes (催收不得随意拨打…) reports no calls; the same words reported do
    assert "call_harassment" not in themes(tagger, "国家规定，催收不得随意拨打借款人通讯录里的联系人")
    assert "call_harassment" in themes(tagger, "网贷逾期，催收随意拨打借款人通讯录里的联系人")


def test_other_lenders_willing_to_negotiate_is_no_refusal(tagger):
    # 协商 describing the lenders that agreed is no request met with collection
    got = themes(tagger, "网贷逾期，先还愿意协商减免的平台，其他平台催收骚扰家人")
    assert "third_party_contact" in got and "no_negotiation" not in got


# Issue 12, round 2: for each theme whose check recall lagged, the families of wording its codebook
# definition implies, as borrowers of lenders and years the labelled posts do not cover write them
# (banks' credit cards, 捷信, 招联, 安逸花, 微粒贷, 2020s wording). Each sentence names the theme it must
# carry; other themes it may carry are not this test's business (the exact sets are tested above).
HAS_THEME = [
    # no_negotiation: a request for relief, then a refusal, a dead end or silence
    ("2023年招商银行信用卡逾期，申请延期还款，客服不同意", "no_negotiation"),
    ("多次联系捷信客服要求分期还款，都被拒绝了", "no_negotiation"),
    ("向招联金融申请停催，客服说没有这个服务", "no_negotiation"),
    ("安逸花逾期，我请求减免部分罚息，被客服一口回绝", "no_negotiation"),
    ("微粒贷逾期，想要结清剩下的本金，客服只让还全款", "no_negotiation"),
    ("借呗逾期后联系客服想协商还款，客服就一句话：按时还款", "no_negotiation"),
    ("信用卡逾期，跟银行沟通了很多次也没用", "no_negotiation"),
    ("网贷逾期，我想协商还款，客服让我找催收，催收又让我找客服", "no_negotiation"),
    ("网贷逾期，向平台提出减免利息的请求，没有得到任何答复", "no_negotiation"),
    ("捷信逾期，申请延期还款，催收说没钱就去借", "no_negotiation"),
    ("招联逾期，我表示愿意还本金，他们坚持要全额还款", "no_negotiation"),
    ("网贷逾期，联系了很多次客服，要求停止计息，至今没有处理", "no_negotiation"),
    ("逾期后跟催收说下个月发工资就还，催收说等不了", "no_negotiation"),
    ("安逸花逾期，联系客服希望延期，他们说要先还清逾期金额才能谈", "no_negotiation"),
    ("2022年向借呗申请延期还款，一直没有通过", "no_negotiation"),
    ("信用卡逾期，我想申请停息挂账，银行不予受理", "no_negotiation"),
    ("网贷逾期，多次打电话协商，对方只是敷衍", "no_negotiation"),
    ("分期乐逾期，我说先还一千，剩下的月底还，催收不肯", "no_negotiation"),
    ("网贷逾期，我没有说不还，为什么就不能宽限几天", "no_negotiation"),
    ("之前跟平台协商还款，客服说可以减免部分利息，让我提供收入证明，我都提供上去了，然后就一直不回复我了", "no_negotiation"),
    ("借款逾期，客服不给解决，要求结清减免利息", "no_negotiation"),
    ("招联金融逾期，至今未给出协商解决的办法", "no_negotiation"),
    ("捷信逾期，希望能延期几天还款。但平台未经本人授权擅自给本人通讯录群发短信", "no_negotiation"),
    ("网贷逾期，想跟他们商量晚几天还。结果第二天就开始骚扰我家人", "no_negotiation"),
    ("跟中信银行信用卡中心申请延期还款，说明了家里的情况，也保证了月底一定还上，客服还是不同意", "no_negotiation"),
    # ... early settlement refused on fair terms
    ("在360借条借款后，我想一次性还完，客服说利息要按12期算", "no_negotiation"),
    ("借了一年的网贷想三个月还清，结果利息还是按一年收", "no_negotiation"),
    ("在平台借款后想提前还款，被告知必须满6期才能提前还", "no_negotiation"),
    ("借款还了3期后想全部结清，平台不让", "no_negotiation"),
    ("借款后发现app上没有提前还款的选项", "no_negotiation"),
    ("借款后提前还清，利息并没有减少", "no_negotiation"),
    # privacy: the debt or data disclosed, the address book harvested or misused
    ("网贷逾期后，催收在我家门口贴了我的照片", "privacy"),
    ("借款逾期，平台没经过我同意，把我的资料给了第三方", "privacy"),
    ("网贷逾期，催收在微信群里公开我的欠款", "privacy"),
    ("借款逾期，催收拿我的身份证去别的平台借款", "privacy"),
    ("信用卡逾期后，我的手机号被催收公布在网上", "privacy"),
    ("网贷逾期后，催收把我的欠款截图发给我的朋友", "privacy"),
    ("捷信逾期，催收把我借钱的事情告诉了我的前妻", "privacy"),
    ("网贷逾期后，现在全村人都知道我欠网贷了", "privacy"),
    ("网贷逾期后，催收人肉搜索我的家人", "privacy"),
    ("借款逾期，平台滥用我的个人信息", "privacy"),
    ("网贷逾期，催收把我欠钱的事情到处说", "privacy"),
    ("网贷逾期，催收在快手上发我的视频", "privacy"),
    ("网贷逾期后，催收把我的欠款发到了我们村的微信群里", "privacy"),
    ("网贷逾期后，平台侵犯了我的个人信息", "privacy"),
    ("网贷逾期后，催收说他们有我手机里所有的联系人", "privacy"),
    ("安逸花逾期后，催收手里有我的通话记录", "privacy"),
    ("网贷平台导出了我的通讯录交给催收", "privacy"),
    # call_harassment: frequent, repeated, many numbers, at night, at work
    ("网贷逾期后，催收给我单位打电话", "call_harassment"),
    ("借呗逾期，催收电话打到我妈那里，一天好几个", "call_harassment"),
    ("信用卡逾期后，催收电话一天没停过", "call_harassment"),
    ("招联逾期，我拉黑一个号码，他们换一个号码继续打", "call_harassment"),
    ("网贷逾期，催收每隔半小时打一次电话", "call_harassment"),
    ("安逸花逾期后，催收一天给我爸打十几个电话", "call_harassment"),
    ("2024年微粒贷逾期后，机器人语音催收一天十几次", "call_harassment"),
    ("信用卡逾期后，手机一天响几十次，全是催收", "call_harassment"),
    ("网贷逾期后，来电显示都是不同城市的号码，全是催收", "call_harassment"),
    ("招联逾期后，催收晚上十一点还在打", "call_harassment"),
    ("网贷逾期后，催收一大早就打电话", "call_harassment"),
    ("借呗逾期后，催收打电话打到我手机没电", "call_harassment"),
    ("网贷逾期后，催收每个小时都打电话", "call_harassment"),
    ("捷信逾期，催收5次变换座机号和手机号催收", "call_harassment"),
    # insult: name-calling, cursing, degrading words
    ("网贷逾期后，催收说我是社会的渣滓", "insult"),
    ("捷信逾期，催收说我全家都是骗子", "insult"),
    ("借呗逾期，催收说我连狗都不如", "insult"),
    ("网贷逾期，催收说我这种人活着干什么", "insult"),
    ("信用卡逾期后，催收说我是没有良心的东西", "insult"),
    ("网贷逾期后，催收说我脑子有病", "insult"),
    ("捷信逾期，催收说我不配做人", "insult"),
    ("网贷逾期后，催收说我不是男人", "insult"),
    ("招联逾期，催收说我的孩子以后也是老赖", "insult"),
    ("2023年借呗逾期，催收说我是个loser", "insult"),
    # threat: visits, "we know where you live", menace in words
    ("网贷逾期后，催收说知道我家住哪", "threat"),
    ("招联逾期，催收说会安排地面催收", "threat"),
    ("捷信逾期，催收说外访人员已经在路上", "threat"),
    ("网贷逾期，催收说要去我孩子学校", "threat"),
    ("借款逾期，催收说要去我户籍地走访", "threat"),
    ("安逸花逾期，催收说下午会有人去找我", "threat"),
    ("网贷逾期，催收说要让我身败名裂", "threat"),
    ("信用卡逾期，催收说要把我搞臭", "threat"),
    ("微粒贷逾期，催收说你等着", "threat"),
    ("网贷逾期，催收说后果你承担不起", "threat"),
    ("借呗逾期，催收说会让你付出代价", "threat"),
    ("网贷逾期，催收让我出门小心你的腿", "threat"),
    ("网贷逾期，催收打电话骚扰威胁上征信、爆通讯录", "threat"),
    ("安逸花客服说按计划还款，如果敢逾期不还爆通讯录", "threat"),
    ("网贷逾期后，催收说出了什么事他们概不负责", "threat"),
    ("借呗逾期，催收说要给我家寄骨灰盒", "threat"),
    ("网贷逾期后，催收现在又拍我家门口照片发给我", "threat"),
    ("招联逾期，催收扬言要把我的照片p成色情图片群发给朋友", "threat"),
    ("网贷逾期后，催收说有我全家的地址", "threat"),
    ("捷信逾期，催收说随时可以找到我", "threat"),
    ("网贷逾期，催收说要带人来堵我", "threat"),
    ("安逸花逾期，催收说要在我家门口泼油漆", "threat"),
    ("网贷逾期，催收说要找道上的人来处理", "threat"),
    ("借呗逾期，催收说要让人打断我的腿", "threat"),
    ("网贷逾期，催收说知道我孩子在哪个学校上学", "threat"),
    ("招联逾期，催收说他们的人已经在我家楼下了", "threat"),
    ("网贷逾期，催收说跑得了和尚跑不了庙", "threat"),
    ("网贷逾期，催收说你家人会有危险", "threat"),
]

LACKS_THEME = [
    # a request with no refusal, a deal agreed, a condition, advice, the complainant's own refusal,
    # the lender's own notice, a waiver
    ("网贷逾期后，我想跟平台协商还款", "no_negotiation"),
    ("信用卡逾期后，客服同意了我的延期申请", "no_negotiation"),
    ("网贷逾期，协商后平台同意减免一半利息", "no_negotiation"),
    ("网贷逾期，如果平台不同意协商，我就去起诉", "no_negotiation"),
    ("建议大家网贷逾期了先跟平台协商", "no_negotiation"),
    ("网贷逾期后，我拒绝了他们的分期方案", "no_negotiation"),
    ("信用卡逾期后，银行短信通知：您可申请延期还款", "no_negotiation"),
    ("借款后得知提前还款可以减免剩余利息", "no_negotiation"),
    ("平台支持随时提前还款，借款利息按天计算", "no_negotiation"),
    ("网贷逾期，想跟他们商量晚几天还。但是请不要骚扰我家人", "no_negotiation"),
    ("网贷逾期，协商好了延期。但是第二天又打电话给我家人", "no_negotiation"),
    ("借款时平台未告知提前还款要收取全部利息", "no_negotiation"),
    ("网贷逾期，你们这样逼我有什么用，好好协商不行吗", "no_negotiation"),
    ("网贷逾期，投诉后没有进展，逼不得已只能全额归还", "no_negotiation"),
    # privacy: sign-up, fear, negation, the complainant going public, a plain call to a contact
    ("借款注册时需要上传身份证照片", "privacy"),
    ("网贷逾期，我担心个人信息泄露", "privacy"),
    ("信用卡逾期，银行没有泄露我的信息", "privacy"),
    ("网贷逾期后，我把催收的录音曝光到网上", "privacy"),
    ("网贷逾期后，催收给我朋友打电话让我还钱", "privacy"),
    ("网贷逾期后，我在快手上发了催收的录音", "privacy"),
    ("借款时平台说不会滥用个人信息", "privacy"),
    ("网贷逾期后，我手机里有催收的通话记录", "privacy"),
    # call_harassment: one call, the complainant's calls, a condition, a plea
    ("网贷逾期，催收打了一个电话提醒我还款", "call_harassment"),
    ("网贷逾期后，我打了很多次客服电话都没人接", "call_harassment"),
    ("网贷逾期，如果再打电话骚扰我，我就报警", "call_harassment"),
    ("网贷逾期后，我给催收打了个电话说明情况", "call_harassment"),
    ("网贷逾期后，催收打电话问我什么时候还", "call_harassment"),
    ("网贷逾期后，我一天打了几十次客服电话都打不通", "call_harassment"),
    ("建议大家网贷逾期后遇到催收电话轰炸就报警", "call_harassment"),
    ("网贷逾期后，早上闹钟响了一整天我都没听见", "call_harassment"),
    # insult: the complainant's own cursing, the family's scolding, a rude tone
    ("网贷逾期后，我骂了催收一顿", "insult"),
    ("网贷逾期后，朋友骂我怎么借网贷", "insult"),
    ("网贷逾期后，催收语气很不好", "insult"),
    ("信用卡逾期，客服态度冷淡，处理很慢", "insult"),
    ("网贷逾期，我跟催收说我母亲有病住院，过几天再还", "insult"),
    # threat: a reminder, the complainant's fear, a condition, the complainant's own visit or words
    ("网贷逾期后，催收提醒我按时还款", "threat"),
    ("网贷逾期后，我怕他们会上门", "threat"),
    ("网贷逾期，如果他们上门我就报警", "threat"),
    ("网贷逾期后，我去了他们公司", "threat"),
    ("网贷逾期，我说你们会后悔的", "threat"),
    ("网贷逾期后，提醒大家出门小心", "threat"),
    ("网贷逾期，催收天天打电话，已经严重威胁到我的正常生活", "threat"),
    ("网贷逾期，我跟催收说钱不会还你了，我要留着给你买棺材", "threat"),
    ("网贷逾期后，我说要把他们曝光到网上", "threat"),
    ("网贷逾期后，催收说可以帮我申请延期", "threat"),
    ("网贷逾期后，我说我会去他们公司找他们", "threat"),
    ("网贷逾期，我跟催收说我跑不掉的，一定会还", "threat"),
]


@pytest.mark.parametrize("text, theme", HAS_THEME)
def test_issue12_family_carries_its_theme(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text, theme", LACKS_THEME)
def test_issue12_near_miss_lacks_the_theme(tagger, text, theme):
    assert theme not in themes(tagger, text)


# The codebook's no_negotiation as a grid: any request for relief (a plan, time, a cut, a pause, a refund of
# interest, the principal only, early settlement) met by any refusal or dead end carries the theme; met by a
# yes, a condition, a plea or the complainant's own refusal, it does not.
NN_REQUESTS = ["我联系客服申请分期还款", "我跟平台协商减免利息", "我要求延期还款", "我和客服沟通停催的事", "我跟催收商量结清剩余本金",
               "我申请退还多收的利息", "我想只还本金", "我请求停息挂账", "我联系客服要求提前结清"]
NN_REFUSALS = ["客服不同意", "对方拒绝了", "平台不予处理", "结果无果", "说了也没用", "客服根本不理", "客服一直推脱", "客服和催收互相踢皮球",
               "对方只让还全款", "平台不给任何答复", "客服说不行", "对方不接受", "对方一口回绝", "他们说做不到", "对方不松口", "催收说没得谈"]
NN_NOT_REFUSALS = ["客服同意了", "对方说可以", "客服说可以办理", "如果不同意我就投诉", "希望平台不要拒绝", "平台很快就答应了",
                   "客服说会尽快处理", "我不同意他们的方案", "我拒绝了他们的要求", "最后协商成功了"]


@pytest.mark.parametrize("request_, answer", list(itertools.product(NN_REQUESTS, NN_REFUSALS)))
def test_issue12_request_met_by_refusal_is_no_negotiation(tagger, request_, answer):
    assert "no_negotiation" in themes(tagger, f"网贷逾期，{request_}，{answer}")


@pytest.mark.parametrize("request_, answer", list(itertools.product(NN_REQUESTS, NN_NOT_REFUSALS)))
def test_issue12_request_not_refused_is_no_no_negotiation(tagger, request_, answer):
    assert "no_negotiation" not in themes(tagger, f"网贷逾期，{request_}，{answer}")


# privacy as a grid: the borrower's data or debt handed round by the collector, whatever the datum, the verb
# and the audience (codebook: disclosing the debt or personal data to others); and near misses.
PV_DATA = ["欠款信息", "身份证", "借款记录", "家庭住址", "个人信息", "欠款截图", "逾期的事"]
PV_VERBS = ["发给了", "发到了", "告诉了", "群发给", "透露给了", "公布给了", "散布给"]
PV_AUDIENCE = ["我的同事", "我所有的亲戚", "朋友圈", "家族群里", "我的领导", "通讯录里的人"]


@pytest.mark.parametrize("datum, verb, audience", list(itertools.product(PV_DATA, PV_VERBS, PV_AUDIENCE)))
def test_issue12_data_handed_round_is_privacy(tagger, datum, verb, audience):
    assert "privacy" in themes(tagger, f"网贷逾期后，催收把我的{datum}{verb}{audience}")


PV_DATA2 = ["欠款信息", "身份证", "借款记录", "家庭住址", "个人信息", "照片", "手机号"]
PV_VERBS2 = ["发给", "泄露给", "透露给", "公布给", "群发给", "散布给"]
PV_AUDIENCE2 = ["我同事", "我亲戚", "我所有朋友", "我领导"]


@pytest.mark.parametrize("datum, verb, audience", list(itertools.product(PV_DATA2, PV_VERBS2, PV_AUDIENCE2)))
def test_issue12_data_handed_round_verb_first_or_passive_is_privacy(tagger, datum, verb, audience):
    assert "privacy" in themes(tagger, f"网贷逾期后，催收{verb[:-1]}了我的{datum}{verb[-1]}{audience}")
    assert "privacy" in themes(tagger, f"网贷逾期后，我的{datum}被催收{verb}{audience}")


@pytest.mark.parametrize("text", [
    "网贷逾期后，我把我的身份证发给了客服审核",
    "借款注册时要把身份证照片上传",
    "网贷逾期后，我担心催收把我的照片发给同事",
    "网贷逾期后，催收没有把我的欠款信息告诉我同事",
    "建议大家借款不要把身份证照片发给别人",
    "网贷逾期后，我自己把欠款的事告诉了家人",
    "网贷逾期，我把借款合同发给了律师",
    "网贷逾期，如果催收把我的信息泄露出去，我就报警",
])
def test_issue12_own_sign_up_feared_or_denied_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# call_harassment as a grid: any frequency or hour named with any call (codebook: frequent or repeated calls,
# calls at night or early morning); the complainant's own calls, texts, a condition or a plea are not.
CH_FREQ = ["每天", "天天", "一直", "不停地", "反复", "频繁地", "没日没夜地", "从早到晚", "一天几十次", "半夜", "凌晨", "连续几天", "一天到晚", "隔几分钟就"]
CH_CALLS = ["打电话给我", "给我打电话", "打我电话", "打我手机", "拨打我的电话", "来电催收", "打电话催款", "给我爸妈打电话", "打我家人电话"]


@pytest.mark.parametrize("freq, call", list(itertools.product(CH_FREQ, CH_CALLS)))
def test_issue12_frequent_calls_are_call_harassment(tagger, freq, call):
    assert "call_harassment" in themes(tagger, f"网贷逾期后，催收{freq}{call}")


@pytest.mark.parametrize("freq", CH_FREQ)
@pytest.mark.parametrize("form", ["网贷逾期后，我{}打电话给客服", "网贷逾期后，催收{}发短信", "网贷逾期后，如果催收{}打电话，我就报警",
                                  "网贷逾期后，请催收不要{}打电话给我"])
def test_issue12_own_calls_texts_conditions_and_pleas_are_no_call_harassment(tagger, freq, form):
    assert "call_harassment" not in themes(tagger, form.format(freq))


# threat as a grid: the collector's words (any speech cue) carrying any menace the codebook names (visits,
# violence, 后果自负, "we know where you live", exposure); the complainant's fear of the same is none.
TH_CUES = ["说", "扬言", "威胁说", "在电话里说", "发短信说", "声称", "放话"]
TH_MENACE = ["要上门找我", "要去我单位闹", "要让我好看", "要弄死我", "要找人收拾我", "知道我家住哪", "会派人去我老家", "不还就爆我通讯录",
             "要把我P图发出去", "让我出门小心点", "后果自负", "要让我全家不得安宁", "会有人去我家", "要来我公司堵我"]


@pytest.mark.parametrize("cue, menace", list(itertools.product(TH_CUES, TH_MENACE)))
def test_issue12_collectors_menace_is_threat(tagger, cue, menace):
    assert "threat" in themes(tagger, f"网贷逾期后，催收{cue}{menace}")


@pytest.mark.parametrize("menace", TH_MENACE)
def test_issue12_complainants_fear_is_no_threat(tagger, menace):
    assert "threat" not in themes(tagger, f"网贷逾期后，我担心催收{menace}")


# insult as a grid: the collector calling the borrower or the family names, any cue, any name (codebook:
# verbal abuse, degrading language); the complainant cursing the lender is none.
IN_CUES = ["骂我是", "说我是", "在电话里骂我是", "发短信骂我是", "称我为", "说我全家都是", "骂我父母是"]
IN_NAMES = ["骗子", "老赖", "废物", "垃圾", "畜生", "人渣", "狗东西", "智障", "穷鬼", "寄生虫", "败类", "无赖"]


@pytest.mark.parametrize("cue, name", list(itertools.product(IN_CUES, IN_NAMES)))
def test_issue12_collector_name_calling_is_insult(tagger, cue, name):
    assert "insult" in themes(tagger, f"网贷逾期后，催收{cue}{name}")


@pytest.mark.parametrize("name", IN_NAMES)
@pytest.mark.parametrize("form", ["网贷逾期后，我说这个平台就是{}", "网贷逾期后，我骂他们是{}", "这家网贷公司简直是{}", "借款平台的催收都是{}"])
def test_issue12_complainant_cursing_the_lender_is_no_insult(tagger, name, form):
    assert "insult" not in themes(tagger, form.format(name))


# no_negotiation's early settlement as a grid (codebook: refusing early settlement on fair terms).
ES_ASKS = ["我想提前还款", "申请提前结清", "我打电话要求提前还清", "想一次性结清剩下的", "我要求提前结清借款"]
ES_ANSWERS = ["客服说利息照算", "平台要求把剩下的利息全部付清", "结果还要收剩余所有期数的服务费", "客服说提前还款也要付全部利息", "被告知不能提前还",
              "平台说不支持提前还款", "结果跟正常还款一样多", "利息一分不少", "还要收全额息费", "客服说必须按期还", "说要付12期的利息", "平台不让"]


@pytest.mark.parametrize("ask, answer", list(itertools.product(ES_ASKS, ES_ANSWERS)))
def test_issue12_early_settlement_refused_is_no_negotiation(tagger, ask, answer):
    assert "no_negotiation" in themes(tagger, f"在网贷平台借款后，{ask}，{answer}")


@pytest.mark.parametrize("text", [
    "在网贷平台借款后，我想提前还款，客服说可以全部减免剩余利息",
    "在网贷平台借款后，申请提前结清，平台同意只收当月利息",
    "网贷逾期后，我现在没钱，不能提前还",
    "在网贷平台借款后，我提前还清了所有借款",
])
def test_issue12_early_settlement_granted_or_own_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


def test_issue12_what_everyone_posts_is_no_social_platform(tagger):
    # a shop's promotion (a pool post about a shopping site): 朋友圈都在发 is not the lender's contact
    assert "social_platform" not in themes(tagger, "分期购物领现金活动\n最近朋友圈都在发链接点开领现金红包，我也借钱跟风弄了一下")


# Issue 12, legal_threat and credit_threat: the codebook's families as borrowers of banks' credit cards,
# consumer-finance companies (招联, 马上消费, 中银消费, 捷信) and internet lenders (借呗, 微粒贷, 安逸花, 分期乐, 美团)
# write them, 2017-2020s. Each sentence names the theme it must carry (or lack); other themes are not this test's business.
LEGAL_CREDIT_HAS = [
    # legal_threat: a suit, a case, a court, a lawyer, the police or a crime claimed as pressure
    ("招联金融的催收说要起诉我，让我等着收法院传票", "legal_threat"),
    ("信用卡逾期，催收说已经立案了，下周就移交法院", "legal_threat"),
    ("马上消费的催收给我发了律师函，说三天内不还就起诉", "legal_threat"),
    ("借呗逾期，催收冒充法院工作人员给我打电话", "legal_threat"),
    ("网贷逾期，催收自称是公安局的，说我涉嫌诈骗罪", "legal_threat"),
    ("捷信催收说我这是恶意透支，要判刑坐牢", "legal_threat"),
    ("安逸花的催收说会移交司法机关处理", "legal_threat"),
    ("分期乐催收说要申请仲裁，还要上门执行", "legal_threat"),
    ("微粒贷催收说已经把案件转给律师事务所了", "legal_threat"),
    ("2023年信用卡逾期，催收说明天派法院的人上门执行", "legal_threat"),
    ("网贷逾期，催收伪造了法院的判决书发给我家人", "legal_threat"),
    ("美团月付逾期，催收给我发了一张假的传票", "legal_threat"),
    ("借款逾期，催收寄来了伪造的律师函", "legal_threat"),
    ("网贷催收威胁说要报警抓我，说我这是诈骗", "legal_threat"),
    ("中银消费逾期，催收说要追究我的刑事责任", "legal_threat"),
    ("信用卡逾期后，催收说要去法院告我", "legal_threat"),
    ("网贷逾期，第三方开始各种威胁，要走法律程序", "legal_threat"),
    ("借款逾期，催收打电话威胁我说走流程", "legal_threat"),
    ("网贷逾期，催收说不还就会走司法流程", "legal_threat"),
    ("网贷逾期后，他们说要走法律程序，还一直骚扰", "legal_threat"),
    ("分期付款逾期，要求我一次付清，不然就会催收上门，法院诉讼", "legal_threat"),
    ("网贷逾期，催收伪装法院的人给我发短信", "legal_threat"),
    ("信用卡逾期，催收说已经提交到法务部，准备起诉", "legal_threat"),
    ("2024年网贷逾期，催收发来所谓的立案通知书", "legal_threat"),
    ("借呗逾期，催收以起诉相威胁", "legal_threat"),
    ("网贷逾期，催收整天用走流程来吓唬我", "legal_threat"),
    ("网贷逾期，催收说我涉嫌恶意逃废债，要被刑事拘留", "legal_threat"),
    ("网贷催收冒充律师事务所，说要起诉我全家", "legal_threat"),
    ("借款逾期，催收威胁群发伪造的国家法律文书", "legal_threat"),
    ("网贷逾期，催收假扮法警打电话给我妈", "legal_threat"),
    ("网贷逾期后，我收到了催收公司寄来的律师函", "legal_threat"),
    # ... 2020s steps (诉前调解, 支付令, 财产保全) and the police sent or told
    ("2023年美团借钱逾期，催收短信说已经申请诉前调解", "legal_threat"),
    ("安逸花逾期，催收说我的案件已进入司法程序", "legal_threat"),
    ("借呗逾期，催收说会向法院申请支付令", "legal_threat"),
    ("信用卡逾期，催收说会申请财产保全，冻结我的银行卡", "legal_threat"),
    ("网贷逾期，催收发短信称您的案件已移交至律师事务所", "legal_threat"),
    ("招联逾期，收到短信说已经委托律所对我提起诉讼", "legal_threat"),
    ("网贷逾期，催收说会联系我当地派出所", "legal_threat"),
    ("网贷逾期，催收说要让警察去我家找我", "legal_threat"),
    ("网贷逾期，催收说要去我户籍地的派出所报案", "legal_threat"),
    ("信用卡逾期，催收说我已经涉嫌信用卡诈骗罪", "legal_threat"),
    # credit_threat: the credit report or a blacklist held over the borrower
    ("招联金融的催收说再不还就给我上征信", "credit_threat"),
    ("信用卡逾期三天，银行催收说要上报人行征信", "credit_threat"),
    ("马上消费金融的催收打电话说，不还款就报征信", "credit_threat"),
    ("微粒贷逾期两天，客服说会纳入人行征信系统", "credit_threat"),
    ("分期乐的催收说我的征信马上就黑了", "credit_threat"),
    ("美团月付逾期，催收说征信会花掉，以后房贷车贷都办不了", "credit_threat"),
    ("捷信催收说不还钱就列入失信被执行人名单", "credit_threat"),
    ("中银消费催收说会影响子女上学和考公政审", "credit_threat"),
    ("网贷逾期，催收短信：您的逾期记录即将上报央行征信中心，请尽快还款", "credit_threat"),
    ("信用卡逾期，催收威胁说以后孩子考不了公务员", "credit_threat"),
    ("借呗逾期，催收一直拿征信威胁我", "credit_threat"),
    ("网贷逾期，对方用虚假合同金额要挟我的信用记录", "credit_threat"),
    ("钱站发来信息说我款项多日未还，将上保征信", "credit_threat"),
    ("网贷逾期，催收谎称已经上报央行征信，逼我还钱", "credit_threat"),
    ("网贷催收打电话说，今天不还款，明天就上报人行征信", "credit_threat"),
    ("借款逾期，平台APP弹窗提示：逾期将影响您的个人征信", "credit_threat"),
    ("网贷逾期，催收说我再不还款，我的征信就会花了", "credit_threat"),
    ("京东白条逾期，催收员声称如果我不尽快还款，将会面临严重的信用影响", "credit_threat"),
    ("招联逾期，催收说会对我的征信造成影响", "credit_threat"),
    ("网贷催收说逾期会在征信上留下记录", "credit_threat"),
    ("微粒贷催收说会同步到第三方征信机构", "credit_threat"),
    ("安逸花逾期，催收说会影响我的芝麻信用", "credit_threat"),
    ("网贷催收以上征信为由逼我还钱", "credit_threat"),
    ("网贷逾期，催收说我以后在哪都借不到钱", "credit_threat"),
    ("分期乐逾期，催收说我的信用会受到影响", "credit_threat"),
    ("网贷逾期，催收说欠钱不还会被限制乘坐飞机高铁", "credit_threat"),
    ("网贷逾期，催收说再不还款，就把你列为失信人", "credit_threat"),
    ("网贷催收说我会变成黑户", "credit_threat"),
    ("网贷催收说要把我挂到老赖名单上", "credit_threat"),
    ("网贷催收说会影响我的信誉", "credit_threat"),
    ("网贷催收以征信相逼", "credit_threat"),
    # ... the collector's condition quoted, with no verb of saying (a colon and quotes, 原话)
    ("网贷逾期，催收：“要是今天不还，明天就上征信”", "credit_threat"),
    ("网贷逾期，催收原话是如果今天不还款就上征信", "credit_threat"),
    # ... or with the collector named and no verb of saying at all
    ("网贷逾期，催收很凶，如果今天不还款就给我上征信", "credit_threat"),
    ("信用卡逾期，银行客服态度很差，要是这周不还就上报人行征信", "credit_threat"),
]

LEGAL_CREDIT_LACKS = [
    # legal_threat: the complainant's own suit or report, a dare, a real case told neutrally, the law quoted
    ("网贷逾期，我要起诉他们，已经咨询了律师", "legal_threat"),
    ("借款逾期，如果继续骚扰我的家人，我就报警", "legal_threat"),
    ("网贷逾期，让他们去起诉我吧，我不怕", "legal_threat"),
    ("网贷逾期，你们也可以直接起诉我，我不是不还", "legal_threat"),
    ("借呗逾期，有本事起诉我！我等着", "legal_threat"),
    ("本人保留向人民法院起诉的权利，网贷利息太高", "legal_threat"),
    ("根据最高人民法院的规定，借款利率超过36%的部分不受保护", "legal_threat"),
    ("网贷催收威胁恐吓，我已经报警了", "legal_threat"),
    ("网贷逾期，我准备走法律程序维护自己的权益", "legal_threat"),
    ("网贷协商无果，否则本人将收集证据走法律流程", "legal_threat"),
    ("网贷逾期，我咨询了律师，律师说合同无效", "legal_threat"),
    ("钱站伪造合同，收砍头息", "legal_threat"),
    ("借款逾期，我直接去派出所报案了，派出所说先立案", "legal_threat"),
    ("否则我将以恶意骚扰，恐吓威胁等名义向法院起诉，网贷催收太过分", "legal_threat"),
    ("借款逾期，客服说你可以去法院起诉", "legal_threat"),
    ("网贷逾期，催收说不会起诉我，只要按时还款", "legal_threat"),
    ("网贷逾期，催收威胁说要走公司流程", "legal_threat"),
    ("网贷逾期，法院给我寄来了传票，开庭时间是下个月", "legal_threat"),
    ("网贷逾期，我申请了诉前调解，希望减免利息", "legal_threat"),
    ("网贷逾期，我去当地派出所报案了", "legal_threat"),
    ("网贷逾期，客服说让我去派出所报案", "legal_threat"),
    ("网贷逾期，催收说自己不怕警察", "legal_threat"),
    ("网贷逾期，催收说警察也管不了他们", "legal_threat"),
    ("网贷逾期，我的律师准备起诉他们", "legal_threat"),
    # ... and no lending at all: a shop, a gym, a courier
    ("在拼多多买的衣服质量有问题，给了差评，商家威胁说要起诉我", "legal_threat"),
    ("健身房说不续费就去法院告我", "legal_threat"),
    ("淘宝卖家冒充警察打电话让我删差评", "legal_threat"),
    # credit_threat: a wrong record disputed, the complainant's own worry, a done record, a denial, the contract
    ("我在招联金融的贷款已经结清，但是征信上还显示逾期，要求撤销", "credit_threat"),
    ("我担心逾期会影响征信，以后贷不了款", "credit_threat"),
    ("网贷逾期，怕影响征信，我借了别的平台的钱先还上", "credit_threat"),
    ("信用卡还清后，征信报告上仍有逾期记录，银行不给修复", "credit_threat"),
    ("网贷逾期，我的征信已经花了，现在贷不了款", "credit_threat"),
    ("网贷平台擅自查询我的征信，导致征信花了", "credit_threat"),
    ("网贷逾期，催收说不会影响征信，只要按时还就行", "credit_threat"),
    ("网贷逾期，催收说不影响征信", "credit_threat"),
    ("借款前客服说不上征信，结果上了", "credit_threat"),
    ("借款合同里写了逾期会上报征信", "credit_threat"),
    ("网贷平台乱报征信，我明明已经还清了", "credit_threat"),
    ("网贷申请被拒，客服说我有信用问题", "credit_threat"),
    ("客服说我征信上有逾期记录，所以不能借款", "credit_threat"),
    ("网贷逾期，客服说不会对征信造成影响", "credit_threat"),
    ("我现在被列入了失信被执行人名单，借款都借不了", "credit_threat"),
    ("网贷逾期，要求平台不要上报征信，我会尽快还", "credit_threat"),
    ("网贷逾期，我现在已经是黑户了，哪里都借不到", "credit_threat"),
    ("网贷逾期，我怕催收，如果不还会上征信", "credit_threat"),
    ("网贷逾期，催收没有威胁我，如果不还会不会上征信", "credit_threat"),
    ("网贷逾期，客服说不清楚，如果不还会上征信吗", "credit_threat"),
    ("网贷逾期，如果今天不还款就会上征信，所以我借了别的平台的钱", "credit_threat"),
]


@pytest.mark.parametrize("text, theme", LEGAL_CREDIT_HAS)
def test_issue12_legal_and_credit_family_carries_its_theme(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text, theme", LEGAL_CREDIT_LACKS)
def test_issue12_legal_and_credit_near_miss_lacks_the_theme(tagger, text, theme):
    assert theme not in themes(tagger, text)


# legal_threat and credit_threat as grids: the collector's words (any speech cue) naming any legal step or any
# credit consequence carry the theme; the complainant's fear of the same does not. A credit threat menacing
# with nothing else is credit_threat only; a credit threat with a visit or the contacts is both.
LC_CUES = ["说", "威胁说", "扬言", "发短信说", "在电话里说", "声称", "警告我说", "恐吓说", "威胁我说"]
LT_STEPS = ["要起诉我", "已经立案了", "会移交司法机关", "要申请仲裁", "会给我发律师函", "要走法律程序", "会派人上门执行",
            "要报警抓我", "我这是恶意透支", "会追究我的刑事责任", "要把我告上法庭"]
CT_CONSEQUENCES = ["会上报人行征信", "要把我列入失信名单", "会影响我的征信", "会让我的征信变黑", "会纳入央行征信系统",
                   "要把我拉进黑名单", "会影响子女考公", "以后坐不了高铁飞机", "以后贷不了款", "会让我成为老赖"]


@pytest.mark.parametrize("cue, step", list(itertools.product(LC_CUES, LT_STEPS)))
def test_issue12_collectors_legal_step_is_legal_threat(tagger, cue, step):
    assert "legal_threat" in themes(tagger, f"网贷逾期后，催收{cue}{step}")


@pytest.mark.parametrize("cue, consequence", list(itertools.product(LC_CUES, CT_CONSEQUENCES)))
def test_issue12_collectors_credit_consequence_is_credit_threat(tagger, cue, consequence):
    # ... and credit_threat only: a threat to the credit report with nothing else menacing is no `threat` (codebook notes)
    got = themes(tagger, f"信用卡逾期后，催收{cue}{consequence}")
    assert "credit_threat" in got and "threat" not in got


@pytest.mark.parametrize("consequence", CT_CONSEQUENCES)
def test_issue12_complainants_fear_of_the_credit_report_is_no_credit_threat(tagger, consequence):
    assert "credit_threat" not in themes(tagger, f"信用卡逾期后，我担心{consequence}")


@pytest.mark.parametrize("step", ["我要起诉他们", "我准备走法律程序", "我已经向派出所报案", "我会去法院告他们", "我将申请仲裁",
                                  "本人将追究他们的法律责任", "我已经请了律师"])
def test_issue12_complainants_own_suit_is_no_legal_threat(tagger, step):
    assert "legal_threat" not in themes(tagger, f"网贷逾期后，催收天天骚扰，{step}")


@pytest.mark.parametrize("text", ["网贷逾期，催收威胁说要上征信，还要爆通讯录", "网贷逾期，催收威胁要爆通讯录和上征信",
                                  "信用卡逾期，催收扬言要上门，还要上报人行征信"])
def test_issue12_credit_threat_with_other_menace_is_also_threat(tagger, text):
    got = themes(tagger, text)
    assert {"credit_threat", "threat"} <= got


# issue 12, round 3. no_negotiation: the request in one sentence, the silence or refusal opening a later one
# (但/可是/结果), for any request and any dead end; not the complainant's own refusal, a condition or a deal.
NN_ASKS_ALONE = ["我向招联金融申请延期还款一个月", "我想把本金还给捷信，利息按法定的也愿意", "我跟信用卡中心申请停息挂账",
                 "我要求安逸花只还本金", "我跟微粒贷客服协商分期还款"]
NN_LATER_SILENCE = ["可是他们一直不给我答复", "结果平台一直不回复", "但是对方不同意", "可他们拒绝了", "结果石沉大海",
                    "但是客服一直不处理"]


@pytest.mark.parametrize("ask, answer", list(itertools.product(NN_ASKS_ALONE, NN_LATER_SILENCE)))
def test_issue12_request_then_later_sentence_silence_is_no_negotiation(tagger, ask, answer):
    assert "no_negotiation" in themes(tagger, f"逾期后，{ask}。{answer}。")


@pytest.mark.parametrize("text", [
    "网贷逾期，我申请延期还款。可是我不同意他们的方案。",
    "网贷逾期，想协商分期还款。如果平台不同意，我就投诉。",
    "网贷逾期，和客服协商好了分期。结果第二天就还清了。",
    "网贷借款，我想提前还款，家人阻止了我。",
])
def test_issue12_later_sentence_own_refusal_condition_or_deal_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


@pytest.mark.parametrize("text", ["功夫贷百般阻挠客户提前还款", "微粒贷借款，平台故意刁难，不让提前结清",
                                  "招联金融设置障碍阻止我提前还清"])
def test_issue12_early_settlement_obstructed_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# privacy: the debt told to a contact phoned or met, in the next clause and in more words (借了很多网贷, 借款逾期, 有欠款);
# data disclosed (披露) or taken without consent; not the complainant telling the family themselves (codebook).
PV_CONTACT_CALLS = ["催收给我妈打电话", "催收联系了我领导", "催收给我的紧急联系人打电话", "捷信的催收打给我同事"]
PV_DEBT_SAID = ["说我在外面借了很多网贷", "说我借款逾期", "说我有欠款", "说我欠钱不还"]


@pytest.mark.parametrize("call, said", list(itertools.product(PV_CONTACT_CALLS, PV_DEBT_SAID)))
def test_issue12_debt_said_to_a_contact_is_privacy(tagger, call, said):
    got = themes(tagger, f"信用卡逾期后，{call}，{said}")
    assert {"privacy", "third_party_contact"} <= got


@pytest.mark.parametrize("text", [
    "网贷逾期后，催收擅自向我的亲友披露我的债务信息",
    "安逸花的app在没有授权的情况下上传了我的通讯录",
    "借款app未经本人同意读取了我的手机联系人",
    "网贷逾期后，催收到处宣传我欠钱不还",
])
def test_issue12_data_disclosed_or_taken_without_consent_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期了，我自己告诉了我家人我欠钱",
    "网贷逾期后，我告诉同事我欠钱了，想跟他借点",
    "借款平台不得未经用户同意上传用户的通讯录",
    "注册借款app时需要授权通讯录",
])
def test_issue12_own_telling_or_rules_quoted_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


def test_issue12_settlement_terms_promised_are_no_no_negotiation(tagger):
    # the terms a contract promises are no refusal (round 3: early_settlement_full_interest read 当期利息 as charged)
    assert "no_negotiation" not in themes(tagger, "我在招联金融借款。合同写明提前结清只需要还本金和当期利息。")
    assert "no_negotiation" in themes(tagger, "我在招联金融借款。提前结清还要还剩余利息。")


# insult and privacy: the borrower exposed (曝光) or their papers made an avatar are public shaming as well as privacy
# (codebook notes: "Actually exposing the borrower's photos, ID, address or debt to others (曝光, 发到群里,
# 用结婚证做头像去加好友) is privacy and insult"); the complainant exposing the lender is neither.
@pytest.mark.parametrize("text", [
    "捷信逾期后，催收未经我的允许，曝光我的借款信息和照片",
    "招联金融的催收暴力催收，曝光本人住址",
    "微粒贷逾期后，催收使用本人结婚证做微信头像，加我身边的朋友",
    "信用卡逾期后，催收拿我的身份证照片当头像加我同事",
])
def test_issue12_borrower_exposed_or_made_an_avatar_is_insult_and_privacy(tagger, text):
    assert {"insult", "privacy"} <= themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，我要去媒体曝光这个平台",
    "借款平台乱收费，我已经在网上曝光了他们的合同",
    "网贷逾期后，我用我自己的照片做了微信头像",
])
def test_issue12_complainant_exposing_or_own_avatar_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# no_negotiation: more requests (a lawful rate, a cut in interest, part now) and more dead ends (毫无回应, 没消息了,
# 拒不处理, 不松口, 不予办理), as bank-card and consumer-finance borrowers word them (round 3)
NN_REQUESTS_MORE = ["我提出按法定利率还款", "我联系银行要求降低利息", "我想先还一部分", "我申请个性化分期", "我向招联申请延期"]
NN_REFUSALS_MORE = ["平台毫无回应", "客服说要等通知，然后就没消息了", "平台拒不处理", "客服就是不松口", "客服不予办理",
                    "客服说无法办理", "平台回复不符合条件", "客服说没有权限", "客服说必须按时还款"]


@pytest.mark.parametrize("request_, answer", list(itertools.product(NN_REQUESTS_MORE, NN_REFUSALS_MORE)))
def test_issue12_more_requests_met_by_more_dead_ends_are_no_negotiation(tagger, request_, answer):
    assert "no_negotiation" in themes(tagger, f"网贷逾期，{request_}，{answer}。")


@pytest.mark.parametrize("request_", NN_REQUESTS_MORE)
@pytest.mark.parametrize("answer", ["客服同意了", "对方说可以", "如果平台不松口，我就投诉", "希望平台不要不予办理"])
def test_issue12_more_requests_granted_or_conditional_are_no_no_negotiation(tagger, request_, answer):
    assert "no_negotiation" not in themes(tagger, f"网贷逾期，{request_}，{answer}。")


@pytest.mark.parametrize("text", ["网贷逾期后，催收将我的借款信息公之于众", "网贷逾期后，催收拿着我的身份证复印件到处宣传",
                                  "网贷逾期后，催收翻看了我的通讯录"])
def test_issue12_data_made_public_or_address_book_searched_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，我翻看了自己的通讯录，想找人借钱", "借款时平台到处宣传低息"])
def test_issue12_own_search_or_advertising_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# no_negotiation: the lender's refusal typed as one phrase, any refusal verb with any relief (round 3); the
# complainant's own unwillingness or question is not.
NN_REFUSAL_VERBS = ["不愿意", "不受理", "不批准", "不给予", "不准", "拒绝", "不同意", "不支持"]
NN_RELIEFS = ["停息挂账", "个性化分期", "延期还款", "减免利息", "提前结清", "降低利息", "协商还款"]


@pytest.mark.parametrize("verb, relief", list(itertools.product(NN_REFUSAL_VERBS, NN_RELIEFS)))
def test_issue12_lender_refusing_relief_in_one_phrase_is_no_negotiation(tagger, verb, relief):
    assert "no_negotiation" in themes(tagger, f"招联金融逾期，平台{verb}{relief}")


@pytest.mark.parametrize("text", ["招联金融借款，我不愿意分期", "信用卡欠款，能不能降低利息", "网贷借款，本人不同意分期",
                                  "网贷逾期，我现在无法提前还款", "网贷借款被强制分期，我暂时不能还本金"])
def test_issue12_own_unwillingness_or_question_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# insult and privacy: P图 told with P as a verb (codebook: photoshopped images), typed in either case; the complainant's own
# editing, and Latin words holding a p (app, png), are not.
@pytest.mark.parametrize("text", [
    "网贷逾期后，催收P我的照片", "网贷逾期后，催收p了我老婆的照片", "网贷逾期后，他们把我妈的照片ps了",
    "网贷逾期后，催收把我头像p到不堪入目的图片上", "网贷逾期后，催收把P过的照片发给我同事", "网贷逾期后，催收用PS把我的脸换到别人身上",
    "网贷逾期后，催收把我的照片做成表情包四处发", "网贷逾期后，催收给我朋友发我的不雅照",
])
def test_issue12_photo_edited_told_as_a_verb_is_insult_and_privacy(tagger, text):
    assert {"insult", "privacy"} <= themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，我p的图发给了客服当证据", "借款app的照片权限一直开着", "借款时上传了png格式的身份证照片"])
def test_issue12_own_editing_or_latin_p_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Advice governs what follows it, not the report it closes (round 3): 2020s posts often end a run-on sentence with
# 大家千万别借; the report before it, or the complainant's own report after it, still counts (codebook: advice is
# "建议大家不要借", not the collectors' acts the post reports).
@pytest.mark.parametrize("text, theme", [
    ("招联金融逾期后，催收爆了我的通讯录，大家千万不要借", "third_party_contact"),
    ("捷信逾期后，催收天天打电话骂我，奉劝各位远离这个平台", "insult"),
    ("安逸花逾期后，我被爆了通讯录，建议大家不要借这个平台", "third_party_contact"),
    ("网贷逾期后，建议大家别借，我已经被爆了通讯录", "third_party_contact"),
    ("微粒贷借1000还1600，大家千万别借", "fees"),
])
def test_issue12_report_before_or_after_advice_counts(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，建议大家不要借，他们会爆通讯录", "建议大家不要在这个平台借钱，会被爆通讯录",
                                  "奉劝大家不要借网贷，催收会天天打电话"])
def test_issue12_advice_about_what_may_happen_is_no_report(tagger, text):
    assert themes(tagger, text) == set()


# "Were it not for …" (如果不是 / 要是不是) says what happened: its report counts, and its 不是 negates nothing (round 3);
# a plain condition or a rule with 不得 still does not count.
@pytest.mark.parametrize("text, theme", [
    ("网贷逾期，如果不是催收天天打电话骚扰我，我也不会来投诉", "call_harassment"),
    ("网贷逾期后，如果不是催收天天骚扰我的家人，我也不会投诉", "third_party_contact"),
])
def test_issue12_were_it_not_for_reports_what_happened(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，如果不是本人同意，不得联系家人", "网贷逾期后，如果催收天天打电话，我就报警"])
def test_issue12_condition_or_rule_is_no_report(tagger, text):
    assert not {"call_harassment", "third_party_contact"} & themes(tagger, text)


# Round 4: collection named with no word of the loan (the complaint platforms' 停止骚扰 appeal, the family
# harassed) is about a debt; a shop's complaint with no such word still gets no theme.
@pytest.mark.parametrize("text, theme", [
    ("太过分了\n停止骚扰\n电话没完没了，一天打十几个，影响我上班", "call_harassment"),
    ("泄露家人信息，骚扰家人，求有关部门管一管", "privacy"),
    ("这些人天天骚扰我的家人，打电话给我妈", "third_party_contact"),
])
def test_round4_collection_without_a_loan_word_is_in_context(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text", ["快递员态度差，电话没完没了地催我取件", "某电商平台泄露家人信息",
                                  "网贷泄露家人信息，骚扰家人，希望国家可以管一管"])
def test_round4_out_of_context_or_data_is_no_channel_theme(tagger, text):
    # (the last: 信息 is the family's data, not a text message: no sms_harassment)
    assert not {"call_harassment", "sms_harassment"} & themes(tagger, text)


# Round 4, no_negotiation: the request met with a dead end the earlier rounds did not name (talks that reached no
# agreement, the request rejected or left with no one, no plan given, only the full amount taken, a token cut, a
# stock reply), the relief refused with the borrower named (不愿意给我延期), early settlement that takes nothing off,
# and a condition other than 先还 (先把逾期费交了才可以).
NN4_HAS = [
    "招联金融逾期后跟他们协商分期还款，一直谈不拢",
    "捷信逾期，和客服协商了好几次，始终无法达成一致",
    "安逸花逾期后我申请延期还款，被平台驳回了",
    "信用卡逾期，多次联系信用卡中心要求协商，均无人处理",
    "网贷逾期，跟平台沟通减免的事，至今没有给出任何解决方案",
    "招联金融逾期，要求分期还款，对方只接受全额还款",
    "向银行申请个性化分期，信用卡中心坚持要我一次性还清",
    "信用卡逾期，银行不愿意给我办理分期",
    "捷信逾期后平台不愿意给我延期",
    "安逸花逾期，申请减免罚息，客服说最多只能减免一百",
    "网贷逾期后找客服协商还款，客服只能帮我备注，然后就没下文了",
    "网贷逾期，申请停息挂账，问题到现在都没有得到解决",
    "招联金融逾期，想延期几天，平台要求我先把逾期费交了才可以",
    "借了捷信的钱，提前还款的话总金额不变",
    "安逸花提前结清并没有减少利息",
    "信用卡分期想一次性还完，跟分期还一样的钱",
]
NN4_LACKS = [
    # the request alone, a deal, a condition, the complainant's own resignation
    "招联金融逾期后，我想跟他们协商分期还款",
    "捷信逾期，和客服协商了好几次，最后达成一致，分12期还",
    "安逸花逾期，如果申请延期被驳回，我就只能去借了",
    "信用卡逾期，银行同意给我办理分期",
    "网贷逾期，我自己不愿意分期",
    "招联金融提前结清可以减免剩余利息，总金额少了很多",
]


@pytest.mark.parametrize("text", NN4_HAS)
def test_round4_dead_ends_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", NN4_LACKS)
def test_round4_requests_deals_and_conditions_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 4, privacy: the known gaps (说成老赖, 照片配上侮辱性文字发给) and their kin: the contacts pulled into the
# collector's group, the borrower impersonated, a slur posted online; the captioned photo and the slur to others are
# public shaming as well (codebook notes: privacy and insult).
PV4_HAS = [
    ("招联金融的催收打电话给我同事，把我说成老赖", {"privacy", "insult"}),
    ("捷信催收在我亲戚面前把我说成诈骗犯", {"privacy", "insult"}),
    ("安逸花的催收把我的照片配上侮辱性文字发给我的亲友", {"privacy", "insult"}),
    ('信用卡中心的催收用我的照片配上"欠钱不还"的字样群发给通讯录', {"privacy", "insult"}),
    ("网贷逾期，催收建了一个微信群，把我的家人朋友都拉进群里", {"privacy"}),
    ("捷信逾期后，催收冒充我的名义给亲友发信息借钱", {"privacy"}),
    ("网贷逾期，催收在贴吧发帖子说我是骗子", {"privacy", "insult"}),
]
PV4_LACKS = [
    "网贷逾期，我怕催收把我说成老赖",
    "网贷逾期后，我把他们说成骗子也不为过",
    "网贷逾期后，我把我的照片配上文字发到朋友圈求助",
    "网贷逾期后，我把家人拉进群里商量怎么还钱",
    "借款时冒充银行的电话很多，要小心",
]


@pytest.mark.parametrize("text, want", PV4_HAS)
def test_round4_disclosure_families_are_privacy(tagger, text, want):
    assert want <= themes(tagger, text)


@pytest.mark.parametrize("text", PV4_LACKS)
def test_round4_own_acts_and_fears_are_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Round 4, advice: readers addressed otherwise than 大家 (建议各位/你们/网友们, 各位千万) is advice too; the
# complainant's own report after it still counts.
@pytest.mark.parametrize("text", ["网贷逾期后，建议各位不要借，会被爆通讯录", "网贷逾期，建议你们不要借，催收会骚扰你家人",
                                  "建议网友们不要在捷信借款，逾期就爆通讯录", "各位千万别借安逸花，催收会天天打电话"])
def test_round4_advice_to_readers_is_no_report(tagger, text):
    assert not {"third_party_contact", "call_harassment", "threat"} & themes(tagger, text)


def test_round4_own_report_after_advice_counts(tagger):
    assert "third_party_contact" in themes(tagger, "建议各位不要借招联，我已经被爆了通讯录")


# Round 4, call_harassment: repeated calls worded 每次 (每次打电话都骂我), calls to the contacts with the harassment
# told in the next clause; not the workplace's number listed as data, not 轰炸 by another channel (codebook notes).
@pytest.mark.parametrize("text", ["捷信逾期后，催收每次打电话来都骂我", "安逸花逾期，催收打电话给我亲人和同事，他们严重受到骚扰",
                                  "信用卡中心的人拨打我父母的电话，搞得他们不堪其扰"])
def test_round4_repeated_or_harassing_calls_are_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，催收连我老公的单位和电话都查到了", "招联金融逾期后，催收用微信轰炸我",
                                  "网贷逾期，我每次打电话给客服都没人接", "网贷逾期，催收说要打电话给我家人，让他们受到骚扰",
                                  "网贷逾期，请不要再打电话给我家人，他们已经被骚扰够了"])
def test_round4_data_other_channels_own_calls_and_threats_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


def test_round4_answering_each_call_is_no_call_harassment(tagger):
    assert "call_harassment" not in themes(tagger, "捷信逾期三天，我每次都会接电话说明情况，希望缓期几日")


# Round 4, call_harassment worded as older posts and bank-card borrowers word bombardment: the phone worn out, more
# calls than can be answered, calls that never stopped or keep growing, a call every hour, every contact phoned
# (told from their side). Not the complainant's own calls, nor a plain second call (the labels do not count it).
@pytest.mark.parametrize("text", [
    "捷信逾期后手机被催收打得没法用", "信用卡中心的催收电话接都接不完", "招联金融逾期后催收电话从没停过",
    "安逸花逾期后催收的电话一天比一天多", "网贷逾期后催收一个小时打一次电话", "捷信逾期后通讯录里的人都接到了催收电话",
])
def test_round4_bombardment_worded_otherwise_is_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，我一个小时打一次客服电话都没人接", "招联金融的客服第二天又打电话来确认还款",
                                  "网贷逾期后我给通讯录里的人都打了电话借钱", "信用卡逾期后我的手机被偷了，用不了"])
def test_round4_own_or_single_calls_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


# Round 4, insult: 满嘴污秽, and names for the borrower or the family (没用的人, the wife called a prostitute).
@pytest.mark.parametrize("text", ["网贷逾期后催收人员满嘴污秽", "捷信逾期后催收说我是个没用的人", "招联金融的催收说我老婆是小姐"])
def test_round4_degrading_words_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，客服小姐态度还可以", "网贷逾期后我说我自己是个没用的人"])
def test_round4_plain_or_own_words_are_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Round 4: the complainant phoning the workplace, or a threat to phone it, is no call_harassment (the threat is threat's
# and third_party_contact's); the calls themselves still are.
@pytest.mark.parametrize("text, want", [
    ("网贷逾期后，我给单位打电话请假", False),
    ("捷信的催收说要打电话到我单位", False),
    ("网贷逾期，催收威胁说再不还就打电话到我单位", False),
    ("招联金融的催收打电话到我单位", True),
])
def test_round4_own_calls_or_threats_to_the_workplace_are_no_call_harassment(tagger, text, want):
    assert ("call_harassment" in themes(tagger, text)) is want


# Round 5 (issue 12, "recall without losing precision"): families from the codebook's definitions, in the words of
# bank-card and consumer-finance borrowers, each with counter-examples (a request alone, a deal, the complainant's own
# refusal, a fear, advice). no_negotiation: talks worded 交涉/磋商/商讨 that came to nothing, 均/多次 inside 协商无果;
# answers the rules did not name (做不了, 没有这项业务, 不给办, 未理会, 不答复, the phone put down on the borrower, only the
# full amount allowed, a condition a few characters on); a weekday offered (下个星期五还) and refused; early settlement
# worded 提前终结 and refused.
NN5_HAS = [
    "信用卡逾期后，跟中信银行交涉无果",
    "网贷逾期，与平台磋商未果",
    "信用卡逾期后，跟银行协商均无果",
    "申请个性化分期，银行回复我们这边没有这项业务",
    "信用卡逾期后，想跟平安普惠协商延期，对方说做不了",
    "向银行申请个性化分期，银行不给办",
    "本人多次要求协商还款，平台均未理会",
    "希望能分期还款，招行信用卡中心一直不答复",
    "想申请延期还款，可是app上根本找不到入口，客服也不理",
    "我想少还一点利息，客服直接挂了我的电话",
    "协商还款，他们只让我还全款",
    "协商分期，银行要求首付30%才能办理",
    "借呗逾期，我说下个星期五一定还上，催收说不行",
    "在捷信借款后多次申请提前终结还款，但最终被客服一一拒绝",
]
NN5_LACKS = [
    "信用卡逾期后，我想跟中信银行交涉一下",
    "向银行申请个性化分期，银行很快就给办了",
    "本人多次要求协商还款，平台同意了分期",
    "协商还款，他们让我先还一半，剩下的分期",
    "借呗逾期，我说下个星期五一定还上，催收同意了",
    "在捷信借款后我申请提前终结还款，客服同意了",
    "借款逾期，我自己不理催收的电话",
    "信用卡逾期，我担心银行不给办分期",
]


@pytest.mark.parametrize("text", NN5_HAS)
def test_round5_dead_ends_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", NN5_LACKS)
def test_round5_requests_deals_and_own_acts_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 5, call_harassment: persistence worded 一个劲, 三天两头, 隔三差五, 接二连三, 成天 (the codebook's "frequent or
# repeated calls"); not the collector's threat to call every day (threat and third_party_contact), nor one call.
@pytest.mark.parametrize("text", ["信用卡逾期后，催收一个劲地给我打电话", "网贷逾期后，催收三天两头给我打电话",
                                  "网贷逾期后，催收隔三差五打电话给我家人", "逾期后催收接二连三地打电话", "捷信逾期，催收成天打电话"])
def test_round5_persistent_calls_are_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，催收说要天天打电话给我家人", "网贷逾期，催收扬言要每天打电话到我单位",
                                  "信用卡逾期后，我一个劲地给客服打电话", "网贷逾期后，催收给我打了一个电话"])
def test_round5_threats_to_call_and_own_calls_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


# Round 5, privacy: the borrower's name used to write to others (以我的名义给亲友发借钱信息: misusing personal data), data
# shared on (共享给); not the complainant's own.
@pytest.mark.parametrize("text", ["网贷逾期后，催收以我的名义给亲友发借钱信息", "网贷平台未经我允许把我的个人信息共享给了其他公司"])
def test_round5_identity_and_data_misused_are_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，我以我的名义给亲友发借钱信息", "借款时我把我的个人信息共享给了家人"])
def test_round5_own_use_of_name_or_data_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Round 5, insult: 粗话 and 吃软饭 said of the borrower; not the complainant's own.
@pytest.mark.parametrize("text", ["网贷逾期，催收满口粗话", "网贷逾期，催收说我是吃软饭的"])
def test_round5_coarse_words_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


def test_round5_own_coarse_words_are_no_insult(tagger):
    assert "insult" not in themes(tagger, "网贷逾期，催收打电话来，我忍不住说了几句粗话")


# Round 5, typed variants generated from data/confusables.txt (no listed typos): 危胁, 漫骂, 抵毁, 频烦, 拔打, 拒决, 连系人,
# 短讯; a variant that is part of a common word is not in the table (证 for 征: 身份证信息 holds 证信).
@pytest.mark.parametrize("text, theme", [
    ("网贷逾期后，催收危胁我要爆通讯录", "threat"),
    ("网贷逾期后催收电话里漫骂我", "insult"),
    ("网贷逾期，催收到处抵毁我", "insult"),
    ("网贷逾期后，催收频烦打电话", "call_harassment"),
    ("网贷逾期后，催收一直拔打我的电话", "call_harassment"),
    ("信用卡逾期后申请分期，银行拒决协商", "no_negotiation"),
    ("网贷逾期后，催收骚扰我的紧急连系人", "third_party_contact"),
    ("网贷逾期后，催收天天发短讯威胁我", "sms_harassment"),
])
def test_round5_typed_variants_are_read(tagger, text, theme):
    assert theme in themes(tagger, text)


def test_round5_id_card_data_is_no_credit_threat(tagger):
    assert "credit_threat" not in themes(tagger, "网贷要求上传身份证信息，催收也是威胁我")


# Round 5, privacy: mass texts that tell the contacts of the debt, the debt told a little further on in the sentence
# (群发 … 逾期金额 / 借钱不还; codebook notes: the debt disclosed); 群发通讯录 alone stays third_party_contact only.
@pytest.mark.parametrize("text", ["捷信逾期后，催收编辑短信群发我的通讯录，把我的逾期金额都写上了",
                                  "网贷逾期，催收群发信息给我所有的同学和同事，内容是我借钱不还"])
def test_round5_debt_in_mass_texts_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后催收群发通讯录", "网贷逾期后，本人群发短信给亲友，写明了我的欠款金额，想找他们借钱"])
def test_round5_mass_texts_without_the_debt_are_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Round 5, insult: the collector's curse quoted (codebook: cursing), described as 低俗/下流, 不堪入目 pictures, the family
# 辱没, and 要把我做成表情包 (the exclusion of the complainant's own 我做的 no longer reads 把我做成); not the complainant's own
# curse, nor 他妈的 in the complainant's voice.
@pytest.mark.parametrize("text", ["网贷逾期，催收在电话里说你他妈的赶紧还钱", "网贷逾期，催收开口就是草泥马", "网贷逾期，催收说去你妈的",
                                  "网贷逾期，催收在电话里满口tmd", "网贷逾期，催收言语低俗", "网贷逾期，催收给我发了一堆不堪入目的图片",
                                  "网贷逾期，催收辱没我的家人", "网贷逾期，催收说要把我做成表情包"])
def test_round5_curses_and_degrading_words_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，我气得骂了一句他妈的", "他妈的高利贷，借4000要还8000", "网贷逾期，我说他妈的怎么这么高的利息",
                                  "网贷逾期，这张表情包是我做的"])
def test_round5_own_curses_are_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Round 5, no_negotiation: early settlement asked for and every charge to be paid up anyway (codebook: refusing early
# settlement on fair terms), worded 提前结束, 全部交清, 全部付完, 所有期数, 三个月就想还清 … 按一年算; not money given back, nor
# the fee for early repayment alone (the tune part does not label 提前还款还收取违约金), nor a wish or a waiver.
@pytest.mark.parametrize("text", ["借款后我想提前结束借款，平台说要付完所有期数的费用", "借了一年的钱，三个月就想还清，平台说利息按一年算",
                                  "我要提前还清贷款，平台说必须把12期的服务费全部交清", "我想提前还款，功夫贷说要按合同把利息全部付完"])
def test_round5_settlement_charged_in_full_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", ["借款提前结清了，平台退还了多收的利息", "借款我想提前还款", "借款提前结清可以减免剩余利息"])
def test_round5_settlement_refunded_or_wished_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 5, no_negotiation: more answers to a request for relief (a veto, not possible in the system, not to be applied
# for, pushed on to a third party, stock replies, no news since), as bank-card and consumer-finance borrowers report
# them; not the complainant's own 我不能申请, nor the request with a yes.
@pytest.mark.parametrize("text", ["借款逾期后跟客服协商延期还款，对方一口否决", "借款逾期，申请停息挂账，客服说这是系统规定改不了",
                                  "借款逾期，我要求减免利息，客服说逾期了不能申请", "借款逾期后我想分期还款，客服把我推给第三方",
                                  "借款逾期，申请停息挂账，客服只会复制粘贴", "借款逾期后跟客服协商延期还款，客服说申请提交了，但至今没有任何消息"])
def test_round5_more_answers_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", ["借款逾期后想协商延期还款，但我不能申请，因为没有工作证明", "借款逾期，申请停息挂账，银行同意了"])
def test_round5_own_limits_and_yes_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# The complainant's own mass texts (asking friends for money, explaining) are no collection: not sms_harassment,
# nor third_party_contact, nor privacy (the debt they tell is their own telling); the collector's still are.
@pytest.mark.parametrize("text", ["网贷逾期，我群发信息给同学借钱，说我欠了网贷",
                                  "网贷逾期后，本人群发短信给亲友，写明了我的欠款金额，想找他们借钱",
                                  "信用卡逾期后，我发信息给朋友借钱还款"])
def test_own_mass_texts_are_no_collection(tagger, text):
    assert not {"sms_harassment", "third_party_contact", "privacy"} & set(themes(tagger, text))


@pytest.mark.parametrize("text, expected", [
    ("网贷逾期，催收群发短信给我的亲友，说我欠钱不还", {"sms_harassment", "third_party_contact", "privacy"}),
    ("借款逾期，催收群发信息给我通讯录所有人", {"sms_harassment", "third_party_contact"}),
    ("网贷逾期，催收发短信给我亲友。我发短信给朋友解释", {"sms_harassment", "third_party_contact"}),
])
def test_the_collectors_mass_texts_still_are(tagger, text, expected):
    assert expected <= set(themes(tagger, text))


# Round 6, no_negotiation as two families (codebook: "refuses or ignores requests to extend, split, reduce or pause
# repayment"): any request verb (协商/商量/洽谈/申请/要求/请求/恳求/提出) for any relief, incl. 停止计息, 退费 and the bare
# 协商, met within two clauses by any refusal or stonewalling (turned down, ignored, pushed away, the full sum insisted
# on, silence after a promise), as bank-card and consumer-finance borrowers of the 2020s word them.
R6_REQUESTS = ["招商银行信用卡逾期，我恳求银行给我做个性化分期", "捷信逾期，我要求退还多收的服务费", "招联金融逾期，我申请停止计息",
               "安逸花逾期，我和催收洽谈还款方案", "广发信用卡逾期，我跟信用卡中心商量分期", "微粒贷逾期，我请求停息挂账",
               "中原消费金融逾期，我提出只还本金", "平安普惠逾期，我跟他们协商"]
R6_ANSWERS = ["银行置若罔闻", "平台充耳不闻", "客服装聋作哑", "对方视若无睹", "申请被退回", "遭到驳回", "平台不予批准", "银行未予同意",
              "客服坚持让我一次性还清", "他们说一分都不会少", "客服说不在他的权限范围", "客服打官腔", "客服说会反馈，之后再没消息",
              "对方态度坚决", "平台推三阻四", "对方完全不考虑", "客服一直在打太极", "客服一问三不知", "客服说合同约定的，不能减"]


@pytest.mark.parametrize("request_, answer", list(itertools.product(R6_REQUESTS, R6_ANSWERS)))
def test_round6_any_request_met_by_any_refusal_is_no_negotiation(tagger, request_, answer):
    assert "no_negotiation" in themes(tagger, f"{request_}，{answer}")


# ... the refusal told first with the request as its object, or the request as the subject of a passive
@pytest.mark.parametrize("text", ["信用卡逾期，平台驳回了我的减免申请", "捷信逾期，客服拒绝了我提出的还款方案", "招联逾期，我提出的分期方案被拒",
                                  "交通银行信用卡逾期，银行不受理我的停息挂账申请", "安逸花逾期，我的延期申请遭到驳回"])
def test_round6_request_turned_down_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... and not: a speculation, a condition, advice, a yes, a pending answer, the complainant's own refusal or threat,
# a loan or card application turned down, a shop's or an airline's refusal, papers refused.
@pytest.mark.parametrize("text", [
    "招商银行信用卡逾期，我想申请停息挂账，不知道银行会不会拒绝",
    "建议大家信用卡逾期后先和银行协商个性化分期，别被拒绝了就放弃",
    "如果平台拒绝我的延期申请，我就去银保监会投诉",
    "捷信逾期后我申请了延期还款，平台已经同意了",
    "我向招联申请减免罚息，客服说会帮我提交申请，请耐心等待",
    "我和安逸花协商好了分期还款，每月还500",
    "我申请了个性化分期，银行批准了分五年还",
    "我要求平台退还服务费，否则拒绝还款",
    "我申请延期还款，我也不同意他们提出的方案",
    "网贷逾期，我跟催收商量分期，我自己不同意他们的方案",
    "平安普惠的催收打电话来，我拒绝了他们的分期方案",
    "在微粒贷申请借款被拒绝了",
    "我去银行申请信用卡，银行不批",
    "我想提前结清，客服说可以，只收当期利息",
    "我申请退款，京东客服拒绝了",
    "申请退票，航空公司拒绝了",
    "要求平台提供借款合同，平台拒绝了",
    "我联系客服要求注销账户，客服说不能注销",
])
def test_round6_speculation_yes_own_refusal_or_other_refusals_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 6, no_negotiation: the answers of banks and consumer-finance companies told in full sentences (no such
# service, at most N periods, stalled, nobody replying), and 停息挂账 / 个性化分期 as words of lending (scope.context).
@pytest.mark.parametrize("text", [
    "跟微粒贷客服说明了情况，请求分期还款，客服说微粒贷没有分期还款这个业务",
    "向浦发银行信用卡中心申请五年六十期的个性化分期，被告知最多只能分十二期",
    "向中信银行申请停息挂账多次，每次都被以各种理由搪塞过去",
    "我提出每月还500，分期乐的催收嫌少，不同意，非要我一次性还清",
    "向度小满申请延期，到现在快一个月了，没有任何人回复",
    "招商银行信用卡逾期，我请求停止计息，银行置若罔闻",
])
def test_round6_bank_and_consumer_finance_answers_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，我跟平台协商还款，如继续协商无果就走法律途径",
                                  "平台要求每月还2000，不同意就起诉"])
def test_round6_conditions_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 6, privacy as a family (codebook: disclosing the debt or personal data to others; harvesting or misusing it):
# any datum with any verb of spreading it, object first, verb first or passive; the debt made known to a whole circle;
# the debt posted up (and public shaming: insult); data got by deceit or looked up behind the borrower's back.
@pytest.mark.parametrize("text", [
    "网贷逾期后，催收把我的欠款情况捅到了我单位",
    "捷信逾期后，催收把我的借款合同发到了我们小区业主群",
    "网贷逾期，他们把我的照片和欠款金额做成海报发到网上",
    "网贷逾期后，我的私人信息被催收到处扩散",
    "网贷逾期，催收将我的逾期信息广而告之",
    "网贷逾期后，催收在朋友圈晒我的身份证",
    "借款逾期后，催收在抖音上挂我的名字和电话",
    "招联逾期，催收向我所有微信好友发送我的个人资料",
    "信用卡逾期，催收给我公司人事部寄了催款函，全公司都知道我欠钱了",
    "信用卡逾期后，催收冒充快递员骗取我家地址",
    "网贷逾期后催收私自查询我的征信和银行流水",
])
def test_round6_data_spread_or_taken_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


def test_round6_debt_notice_posted_is_privacy_and_insult(tagger):
    assert {"privacy", "insult"} <= themes(tagger, "网贷逾期，催收在我家门上贴了欠债还钱的纸")


@pytest.mark.parametrize("text", [
    "借款注册时要把身份证照片和个人信息上传认证",
    "网贷逾期后，我把催收的录音和聊天记录发到了网上",
    "客服告知我的逾期金额是3000元",
    "平台把我的借款合同发到了我的邮箱",
    "催收把我的欠款金额告诉我，让我今天还清",
    "网贷逾期，我担心催收会把我的欠款情况告诉我单位",
    "我在朋友圈发布了我的借款合同，让大家评评理",
    "网贷逾期，催收直接挂了我的电话",
    "我去银行打印了我的征信报告",
    "网贷逾期，我晒出了我的还款记录证明我还了钱",
    "我怕全公司都知道我欠钱",
    "我在门上贴了告示，写着欠债还钱天经地义",
    "网贷逾期，催收群发我的通讯录",
])
def test_round6_own_posts_fears_and_the_borrowers_own_copy_are_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Round 6, call_harassment: bombardment in other words (call, 早中晚, 不下五十通, 从来没有停过, 未接来电, 换新号码).
@pytest.mark.parametrize("text", [
    "网贷逾期后，催收天天call我",
    "网贷逾期后，催收的电话从来没有停过",
    "网贷逾期后，催收早中晚都打电话",
    "网贷逾期后，手机里全是催收的未接来电",
    "网贷逾期，催收电话一天不下五十通",
    "网贷逾期后，催收的电话多到我只能把手机静音",
    "网贷逾期，催收号码拉黑了又换新号码打",
    "捷信逾期后，催收日夜不停地打电话",
])
def test_round6_bombardment_worded_otherwise_is_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，我每天call客服都没人接", "网贷逾期后，我手机里全是我打给客服的未接来电",
                                  "网贷逾期后，催收说要天天call我家人", "网贷逾期，我早中晚都打电话给客服"])
def test_round6_own_calls_and_threats_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


# Round 6, insult: degrading words named otherwise, sex demanded for the debt, curses on the borrower's life, more
# names, the photo labelled a debtor, nicknames.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收用很恶心的话说我老婆",
    "网贷逾期，催收在电话里对我大吼大叫，各种难听的词",
    "网贷逾期，催收说要让我老婆去陪睡还钱",
    "网贷逾期，催收在群里说我是欠钱不还的狗",
    "网贷逾期后，催收说我死了都没人埋",
    "网贷逾期后，催收说我们一家都是吸血鬼",
    "网贷逾期后，催收发来我的照片配上老赖两个字",
    "网贷逾期后，催收给我起外号叫老赖王",
])
def test_round6_degrading_words_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，我说这帮催收就是吸血鬼", "这家网贷平台就是吸血鬼", "网贷逾期后，我给催收起了个外号",
                                  "网贷逾期，我跟催收说我死了都没人埋", "网贷逾期后，催收态度很差，说话不客气"])
def test_round6_own_words_and_rude_tone_are_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Round 6, no_negotiation: early settlement charged as if to term or barred, as one family (codebook: refusing early
# settlement on fair terms); not a one-off fee, a waiver, a yes, a charge never disclosed, a condition, or the rate alone.
@pytest.mark.parametrize("text", [
    "在捷信借款后，申请提前还款，客服说提前还也要交满12期的费用",
    "在安逸花借款后，我提前一次性还款，平台仍然按12个月收取利息",
    "借款后我想结清剩余借款，平台说要连同剩余期数的服务费一起付",
    "在招联借款，提前结清的金额和正常还完一分不差",
    "在网贷平台借款后想提前还清，结果要付清所有期的手续费",
])
def test_round6_settlement_charged_to_term_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款后提前还款，平台只收了当月利息，剩下的都免了",
    "借款时平台未告知提前结清要按12期收取利息",
    "如果提前结清还要按12个月算利息，我就不借了",
    "借款后想提前还款，客服说可以，按实际天数计算利息",
    "提前结清需要支付剩余本金1%的手续费",
    "我已经还清了，利息是按12期算的，年化超过36%",
    "借了一万分12期，每期按月还款，利息按12个月计算",
    "申请提前还款，平台同意了，只收到当天的利息",
])
def test_round6_settlement_granted_fee_or_undisclosed_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 6, no_negotiation: talks refused outright (谈, 机会, 余地), hung up on, today or the full sum insisted on, part
# now refused; not the complainant's own words, a yes, or a condition.
@pytest.mark.parametrize("text", [
    "网贷逾期，平台压根就不跟你谈", "网贷逾期，催收说没什么好谈的", "网贷逾期，催收说不还钱就别谈",
    "网贷逾期，平台根本不给沟通的机会", "网贷逾期，打客服电话想协商，一听是逾期就挂",
    "网贷逾期，我提出先还一部分，催收坚决不要", "网贷逾期，我说可以先还一千，对方说一分都不能少",
    "网贷逾期，我恳求他们宽限几天，他们非要今天还", "网贷逾期，我要求协商，客服说只有全额还款一条路",
    "网贷逾期，协商还款的时候客服态度极其恶劣",
])
def test_round6_talks_refused_outright_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收打电话来说可以协商，我直接挂了",
    "网贷逾期，我跟他们说没什么好谈的，该怎么还就怎么还",
    "网贷逾期，我希望先还一部分，客服说可以",
    "网贷逾期，我愿意先还本金，平台同意了",
    "网贷逾期，想协商还款，客服态度很好，给了我三个月",
    "网贷逾期，如果平台不给协商的机会，我就去投诉",
    "网贷逾期，催收挂了我电话",
])
def test_round6_own_words_yes_or_condition_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 6, call_harassment: every contact phoned, told by who got the calls or how (codebook: 打遍通讯录 is bombardment,
# call_harassment as well); not the complainant phoning round, nor calls the complainant made.
@pytest.mark.parametrize("text", ["网贷逾期，我所有的亲戚都接到了催收的电话", "网贷逾期，催收给我通讯录的每个人都打了电话",
                                  "网贷逾期，催收一个个打我通讯录里的电话", "网贷逾期，催收轮番打我家人的电话"])
def test_round6_every_contact_phoned_is_call_harassment(tagger, text):
    assert {"call_harassment", "third_party_contact"} <= themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，我给通讯录的每个人都打了电话借钱", "网贷逾期，我挨个打电话给朋友借钱",
                                  "网贷逾期，我所有的朋友都接到过我的电话", "网贷逾期，催收给我妈打了一个电话"])
def test_round6_own_round_of_calls_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


# Round 6, privacy: photos or papers sent to the contacts, verb first with the audience after 给 (打私人照片给亲戚朋友).
@pytest.mark.parametrize("text", ["网贷逾期，催收打私人照片给亲戚朋友", "网贷逾期，催收发我的身份证给我同事", "借款逾期，催收寄我的借款合同给我父母"])
def test_round6_papers_sent_to_contacts_are_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", ["借款时我发了身份证给客服审核", "网贷逾期，我发照片给朋友看催收的短信"])
def test_round6_own_papers_sent_are_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Round 6, no_negotiation: the 2018-2019 lenders' answers in other words (委外了管不了, 债权已经转让不能协商, 同样的答复：全额还款,
# 利息照样天天涨 after asking to stop interest); not a yes with the interest still running.
@pytest.mark.parametrize("text", [
    "功夫贷逾期，我找客服协商还款，客服说已经委外了，他们管不了",
    "钱站逾期，我要求协商减免，客服说债权已经转让，不能协商",
    "功夫贷逾期，协商几次都是同样的答复：全额还款",
    "钱站逾期，我请求停止计息，结果利息照样天天涨",
    "钱站逾期，我要求只还本金，他们说那不可能",
])
def test_round6_older_lenders_answers_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", ["钱站逾期，我申请了延期，平台同意了，但利息照样算", "功夫贷借款，客服回复：全额还款后可以再借"])
def test_round6_yes_or_plain_reply_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Round 6, insult: abuse described in other words; a harsh tone alone is none (codebook; the tune part leaves
# 语气嚣张，言辞恶劣 untagged).
@pytest.mark.parametrize("text", ["钱站逾期，催收把我说得一文不值", "功夫贷逾期，催收说的话简直不是人说的"])
def test_round6_abuse_described_is_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，催收打电话来理论，语气嚣张，言辞恶劣", "网贷逾期，我跟催收说这种平台一文不值"])
def test_round6_harsh_tone_or_own_words_are_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Recall4 (issue 12, recall on posts the rules never saw): the codebook's families in more words, as borrowers of
# other lenders and years write them; each with near misses that must not carry the theme.
# no_negotiation: a request (协商/申请/要求/希望 + relief, incl. time: 给我几天时间) met within two clauses by an answer the
# earlier rounds did not name: the terms "cannot be changed" (不能改, 调整不了), not a day's grace (一天都不能等), a flat
# "dream on" (说做梦), pushed off with excuses (以各种理由推掉), strung along (被拖着, 一拖再拖), silence after a promise
# (就没有然后了), the full sum insisted on (非要连利息一起还), a stock sentence (就是一句话) or the runaround to a third party
# (让我去找第三方); a threat as the only answer (催收说不还就…).
NN_R4_HAS = [
    "招联金融逾期，我要求降低利息，客服说合同上写的就是这样，不能改",
    "微粒贷逾期，我申请调整还款计划，银行说系统设定好了调整不了",
    "安逸花逾期后跟催收沟通，希望给我几天时间，催收说一天都不能等",
    "借呗逾期，我要求只还本金，对方说做梦",
    "捷信逾期，我多次请求协商，都被对方以各种理由推掉了",
    "马上消费金融逾期，我申请协商还款，一直被拖着没有处理",
    "信用卡逾期，我请求减免一部分罚息，客服说会反馈，然后就没有然后了",
    "网贷逾期，我想先还本金，他们不要，非要连利息一起还",
    "功夫贷逾期，我想协商还款，催收就是一句话，今天必须还",
    "钱站逾期，跟客服协商分期，客服说已经转给第三方了，让我去找第三方",
    "分期乐逾期，我希望能宽限几天，催收直接说不还就等着上门",
]
NN_R4_LACKS = [
    "网贷逾期，我跟客服协商延期，客服同意了，说不还就会上征信",
    "借款逾期，希望给我几天时间，我一天都不想拖",
    "借款逾期，我申请延期，客服说可以，合同不能改成别的期限也没关系",
    "借款逾期，协商还款时，我以家里困难为由申请延期，客服同意了",
    "借款逾期，要求只还本金，做梦也想不到利息这么高",
    "借款逾期，我想协商延期，客服说可以延期一个月，只让我按时还下个月的",
    "网贷逾期，希望平台给我点时间，我一定会还的",
    "协商好了分期还款，平台说以后不还就上征信",
]


@pytest.mark.parametrize("text", NN_R4_HAS)
def test_recall4_request_met_by_other_answers_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", NN_R4_LACKS)
def test_recall4_request_granted_own_or_hypothetical_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# privacy: the debt spelled out to a contact phoned (把我借款的金额都说了), dunning letters sent where others read them
# (催收函寄到单位, 催款通知寄到父母家), the whole workplace or village knowing, the number posted on sites, and the
# address sought out by asking round (打听我家的住址); not the complainant's own telling, fear, or own home.
PV_R4_HAS = [
    "借呗逾期后，催收给我家人打电话，把我借款的金额都说了",
    "招联金融的催收打电话给我领导，把我的欠款情况一五一十地讲了",
    "网贷逾期，催收把催收函寄到了我单位",
    "信用卡逾期，信用卡中心把催款通知寄到了我父母家",
    "捷信逾期，催收给我单位寄了律师函，全单位都知道了",
    "网贷逾期，催收把我的号码挂到了各种网站上",
    "网贷逾期，催收冒充快递员打听我家的住址",
]
PV_R4_LACKS = [
    "网贷逾期，我跟家人把欠款的事都说了",
    "网贷逾期，客服把我的欠款金额说了一遍给我听",
    "网贷逾期，催收说律师函会寄到我家",
    "网贷逾期，我怕全单位都知道了",
    "借款逾期，我自己打听了一下别的平台的利息",
]


@pytest.mark.parametrize("text", PV_R4_HAS)
def test_recall4_debt_spelled_out_letters_and_lookups_are_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", PV_R4_LACKS)
def test_recall4_own_telling_fear_or_own_home_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# insult: cursing told with the borrower as object (把我骂了一顿), more names (没素质, 无耻, 丢人现眼, 赖子, 人品有问题),
# names said over and over (一口一个老赖), 不三不四的话, a threat to shame (扬言要让我身败名裂); not the family's scolding,
# the complainant's own cursing, a fear, or an effect told with no cue.
IN_R4_HAS = [
    "网贷逾期，催收把我骂了一顿",
    "借呗逾期，催收打电话把我妈臭骂一顿",
    "网贷逾期，催收说我没有素质，没有教养",
    "网贷逾期，催收说我是个无耻的人",
    "网贷逾期，催收说我全家都是赖子",
    "网贷逾期，催收说我人品有问题",
    "网贷逾期，催收一口一个老赖地叫我",
    "网贷逾期，催收对我老婆说些不三不四的话",
    "网贷逾期，催收扬言要让我身败名裂",
    "网贷逾期，催收威胁说要让我在亲友面前抬不起头",
]
IN_R4_LACKS = [
    "网贷逾期后，我妈把我骂了一顿",
    "网贷逾期后，我把催收骂了一顿",
    "网贷逾期后，老婆把我臭骂一顿",
    "网贷逾期后，我说这个平台的催收没素质",
    "网贷逾期后，我怕被朋友说没教养",
    "网贷逾期后，催收打电话给我，我一口一个骗子地骂他们",
    "网贷逾期后，家里人都知道了，让我在亲戚面前抬不起头",
    "网贷逾期了，我担心催收会让我身败名裂",
]


@pytest.mark.parametrize("text", IN_R4_HAS)
def test_recall4_abuse_in_more_words_is_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", IN_R4_LACKS)
def test_recall4_family_scolding_own_words_or_fear_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# call_harassment precision: the collector's threat to call (一直会打我电话, 不还上就一直打你电话), a claimed right to call
# (有权利24小时拨打) and one call carrying many insults (打电话进行各种人身攻击) report no bombardment (codebook: one call;
# the threat is threat's); calls reported as repeated still are.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收说12点前不还上就一直打你电话",
    "网贷逾期，催收还说一直会打我电话",
    "网贷逾期，催收说他们有权利24小时拨打通讯录",
    "网贷逾期，催收向我同事打电话进行各种人身攻击",
])
def test_recall4_threat_to_call_or_one_abusive_call_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收一直打我的电话，不接就一直不停打",
    "网贷逾期，催收每天打电话进行各种威胁",
    "网贷逾期，各种催收电话打到我单位",
])
def test_recall4_repeated_calls_still_are_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Recall4, second round. no_negotiation: the lender not wanting talks (不想跟我协商, 根本就不想协商), no plan offered (没有给出任何
# 方案), not heard (不听我们解释, 根本沟通不来), the rate cut worded 降利息, part now refused (先还一部分，对方不要), a hostile
# answer (对方态度蛮横), an either-or (要么今天还清，要么等着), the same stock sentence every time (都是一样的回复，按时还款);
# not the complainant's own unwillingness or answer, a yes, or a past complaint named.
@pytest.mark.parametrize("text", [
    "功夫贷逾期，他们不想跟我协商",
    "钱站逾期，平台根本就不想协商",
    "招联金融逾期，客服没有给出任何方案",
    "捷信逾期，客服不听我们解释",
    "安逸花逾期，跟他们根本沟通不来",
    "微粒贷逾期，客服不给降利息",
    "功夫贷逾期，我说我可以先还一部分，对方不要",
    "钱站逾期，想协商还款，对方态度蛮横",
    "功夫贷逾期，多次联系客服都是一样的回复，按时还款",
    "分期乐逾期，跟催收协商，对方说要么今天还清，要么等着",
])
def test_recall4_more_refusals_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "功夫贷逾期，我不想跟他们协商了，直接还清",
    "钱站逾期，本人不打算协商，只想投诉",
    "功夫贷逾期，我根本不想协商",
    "网贷逾期，我跟催收都是一样的话，我会按时还款",
    "钱站逾期，想协商还款，客服态度很好，答应了延期",
    "功夫贷逾期，我想协商还款，催收态度恶劣的事之前已经投诉过了",
    "钱站逾期，跟客服协商，客服说不要着急，可以延期",
])
def test_recall4_own_unwillingness_yes_or_past_complaint_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# privacy, second round: the debt told to any relative (姐姐, 前妻…) or asked of a colleague (问我同事我是不是欠钱了), the number
# handed to other lenders, the contacts' numbers known though never given (told number first); not the complainant's own
# telling or asking, numbers the borrower filled in, or a fear.
@pytest.mark.parametrize("text", [
    "钱站的催收打电话告诉我姐姐，我在钱站借了钱",
    "催收打电话到我公司，问我同事我是不是欠钱了",
    "功夫贷的催收知道我所有亲戚的电话，我从来没有给过",
    "功夫贷催收把我的手机号给了其他网贷公司",
    "借呗逾期，催收跟我前妻说我欠了网贷",
])
def test_recall4_debt_told_to_relatives_and_numbers_passed_on_are_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期后，我打电话告诉我姐姐，我在钱站借了钱",
    "网贷逾期后，我问我同事我是不是欠钱了",
    "网贷逾期后，催收知道我所有亲戚的电话，是我借款时填的",
    "网贷逾期后，我把我的手机号给了其他网贷公司",
    "网贷逾期，我担心他们把我的手机号给了其他公司",
    "网贷逾期，催收问我姐姐我的新号码是多少",
])
def test_recall4_own_telling_filled_in_or_feared_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# insult, second round: the wife or mother called a prostitute (说我妈是鸡, 问我老婆多少钱一晚), curses on the borrower's worth
# (父母白养了我, 活该穷一辈子); not the complainant's own words, nor 鸡 as food.
@pytest.mark.parametrize("text", ["功夫贷催收问我老婆多少钱一晚", "钱站催收说我妈是鸡", "功夫贷催收说我活该穷一辈子",
                                  "功夫贷催收说我父母白养了我"])
def test_recall4_degrading_curses_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期后，我说我妈白养了我", "网贷逾期后，催收说我借钱买鸡蛋", "网贷逾期后，我跟催收说我活该穷",
                                  "网贷逾期，我自己说我这种人真是白生了", "网贷逾期，催收说我是鸡蛋里挑骨头"])
def test_recall4_own_words_or_food_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Recall4, third round, no_negotiation: a stock reply (只会说已反馈), a token cut (只减了几十块, 只同意减免一点点), the
# borrower's plan not accepted (不接受我提出的还款计划), talks ruled out (逾期了就没法协商, 没有资格协商), the request ignored
# (对我的请求置若罔闻), instalments asked for and only a lump sum allowed (分几个月还完 … 只能一次性还), asked and never
# answered (均未得到回应), the extension never granted (都没批下来); not a yes, a request still pending, the complainant's own
# refusal, or a complaint ignored (投诉 is no request for relief).
@pytest.mark.parametrize("text", [
    "钱站逾期，我想协商，客服只会说已反馈，等待处理",
    "功夫贷逾期，协商减免利息，只减了几十块",
    "招联金融逾期，协商还款，他们只同意减免一点点",
    "马上消费金融逾期，平台不接受我提出的还款计划",
    "信用卡逾期，客服说逾期了就没法协商",
    "捷信逾期，客服说我没有资格协商",
    "功夫贷逾期，客服对我的请求置若罔闻",
    "钱站逾期，我想分几个月还完，客服说只能一次性还",
    "功夫贷逾期，本人多次致电要求协商，均未得到回应",
    "微粒贷逾期，申请了好几次延期都没批下来",
])
def test_recall4_round3_refusals_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "钱站逾期，我想协商，客服说会帮我反馈，第二天就给我办好了",
    "功夫贷逾期，协商减免利息，平台同意了，只减了几十块我也认了",
    "钱站逾期，我申请了延期，还没批下来",
    "钱站逾期，我申请了延期，目前没批下来，在等通知",
    "功夫贷逾期，我想分三个月还清，客服同意了",
    "功夫贷逾期，客服对我的投诉置若罔闻，还在骚扰我家人",
    "功夫贷逾期，我不接受他们提出的还款计划",
    "功夫贷逾期，本人多次致电要求协商，已得到回应，正在处理",
])
def test_recall4_round3_yes_pending_own_or_complaint_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Recall4, call_harassment precision: many numbers that only texted (多个手机号发送短信…骚扰: sms_harassment's), or the
# contacts told to change their number, are no bombardment; calls from many numbers still are.
@pytest.mark.parametrize("text", ["网贷逾期，催收用多个手机号发送短信对我进行骚扰", "网贷逾期，催收恐吓我朋友说最好换号码"])
def test_recall4_texts_from_many_numbers_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，催收用多个号码打电话骚扰我", "网贷逾期，催收用不同的号码轮流打来",
                                  "网贷逾期，催收用多个号码打电话、发短信骚扰我"])
def test_recall4_calls_from_many_numbers_are_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Recall4, fourth round, no_negotiation: no room for talks (一点商量的余地都没有), no flexible way offered (codebook's example:
# 没有…灵活的处理方式; 没有人性化的处理方式), 不能通融, conceding nothing (寸步不让); not a wish, a question, a yes, or the
# complainant's own stand.
@pytest.mark.parametrize("text", [
    "钱站逾期，跟客服协商，一点商量的余地都没有",
    "功夫贷逾期，没有人性化的处理方式，只会催",
    "中银消费金融逾期，客服不能通融",
    "钱站逾期，我希望能少还一点利息，对方寸步不让",
    "招商银行信用卡逾期，银行不提供任何弹性的还款方案",
])
def test_recall4_no_leeway_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，希望平台能提供人性化的处理方式",
    "网贷逾期，能不能给一些灵活的还款方式",
    "网贷逾期，我寸步不让，坚持只还本金",
    "网贷逾期，平台有人性化的处理方式，同意了分期",
    "网贷逾期后，我跟客服协商，客服给了很灵活的方案",
])
def test_recall4_wish_question_yes_or_own_stand_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Recall4, privacy in more verbs: data spread by word of mouth (把我的资料外传, 传得到处都是), the address book broken into
# (非法入侵我的通讯录) or stolen (偷了我的通讯录), sold (把我的通讯录卖了); not the complainant's own, nor a fear.
@pytest.mark.parametrize("text", ["钱站逾期，催收把我的资料外传", "功夫贷逾期，平台非法入侵我的通讯录", "功夫贷逾期，他们偷了我的通讯录",
                                  "功夫贷逾期，平台把我的通讯录卖了", "功夫贷逾期，催收把我的资料传得到处都是"])
def test_recall4_data_spread_stolen_or_sold_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", ["网贷逾期，我把旧手机连同通讯录卖了", "网贷逾期，我担心他们偷了我的通讯录"])
def test_recall4_own_sale_or_fear_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Recall6 (issue 12). no_negotiation, in the codebook's families: a request for relief or a lower rate answered with the contract
# or the rate's legality (按合同来, 合法合规), a request for time or part payment answered with the whole sum now (只要全额, 必须全额,
# 要求连本带息一次性还清), handling promised then nothing (说会给我处理，到现在也没有任何消息), 说无法处理, 答复是不能, no such
# service (没有延期业务), talks refused in any form, only the full sum (只能还全款), early settlement charged anyway (都得照付,
# 全年的服务费, 不退服务费). Not the defence told with no request, the complainant's own words, a yes, a loan cancellation, a
# waiver, a condition, or a promise kept.
@pytest.mark.parametrize("text", [
    "网贷逾期，要求降低利息，客服说合同上签了就得按合同还",
    "招联金融逾期，要求按国家规定24%还款，客服说按合同来",
    "钱站逾期，我说只能先还利息，催收说必须全额",
    "功夫贷逾期，协商还款，他们只要全额",
    "网贷逾期，我愿意还本金，对方却要求连本带息一次性还清",
    "钱站借款，打电话给客服反映利息太高，客服说会给我处理，到现在也没有任何消息",
    "捷信逾期，申请减免罚息，说会有专人联系我，结果一直没人联系",
    "信用卡逾期，跟银行沟通减免罚息，银行说无法处理",
    "网贷逾期，跟客服申请延期还款，得到的答复是不能",
    "马上消费金融逾期，联系客服想办理延期，客服说没有延期业务",
    "网贷逾期，平台拒绝任何形式的协商",
    "借款逾期，客服说只能还全款，没有其他办法",
    "网贷借款，提前还款，利息和服务费都得照付",
    "网贷借款，提前还款要收全年的服务费",
    "网贷借款，提前还款不退服务费",
])
def test_recall6_refusals_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "钱站借款，客服说他们的利息是合法合规的",
    "网贷逾期，我要求降低利息，按合同约定我会按时还款",
    "钱站逾期，我说只能先还利息，催收同意了",
    "网贷借款，打电话协商取消借款，回复是无法取消",
    "网贷借款，我提前结清了，平台减免了剩余利息",
    "网贷逾期，我说15号还款，如果不同意我就投诉",
    "钱站借款，反映利息太高，客服说会给我处理，已经处理好了",
])
def test_recall6_defence_alone_own_words_yes_or_waiver_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Recall6 (issue 12). call_harassment: threats or abuse by phone in a sentence that says they came again and again (多次…以电话、
# 短信威胁, 每天无数次遭到暴力催收，电话短信威胁, 不停骚扰，电话威胁, 一直被催款，电话催款). Not the complainant's own calls, a threat to call, or
# the repetition of the borrower's own lateness (多次逾期).
@pytest.mark.parametrize("text", [
    "网贷逾期，平台多次找人以电话、短信威胁恐吓本人",
    "网贷逾期，本人每天无数次遭到暴力催收，电话短信威胁",
    "钱站还款日当天不停骚扰，电话威胁",
    "网贷逾期，催收利用电话骚扰，每天骚扰我通讯录里的人",
    "网贷逾期后一直被催款，电话催款，还加微信骚扰",
])
def test_recall6_repeated_phone_threats_are_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，我多次打电话给客服，客服电话威胁我",
    "网贷逾期，催收说要天天电话威胁我家人",
    "网贷多次逾期，接到一个电话催收",
])
def test_recall6_own_calls_or_threat_to_call_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


# Recall6 (issue 12). privacy: the debt's papers or figures sent to the people round the borrower (借款记录被发给了我的家人,
# 欠款明细发给我前女友, 给通讯录好友发我的欠款金额), the number handed or sold to other firms, private data spread about
# (到处乱发), the address book demanded (强制要求授权通讯录), the whole address book knowing of the debt, the hand-held ID
# photo made a poster, texts carrying the borrower's photo, words typed onto photos (p字), the borrower's photo or ID held up as a
# threat or exposure threatened (以曝光为由威胁: insult as well), texts to the contacts carrying the borrower's data. Not the complainant's
# own sending, papers sent to the borrower, the complainant's own photos, or a fear.
@pytest.mark.parametrize("text", [
    "网贷逾期，我的借款记录被发给了我的家人",
    "网贷逾期，催收把我的欠款明细发给我前女友",
    "网贷逾期，他们给我的通讯录好友发我的欠款金额",
    "网贷逾期，平台把我的电话号码给了其他催收公司",
    "网贷逾期，我的电话号码被卖给了其他平台",
    "网贷逾期，我的私人信息被他们到处乱发",
    "网贷借款，下载APP时强制要求授权通讯录",
    "网贷逾期，现在通讯录里所有人都知道我借网贷了",
    "功夫贷逾期，催收威胁爆我通讯录手持照大字报",
    "网贷逾期，催收拿我的照片做成催收海报",
    "网贷逾期，催收群发短信给我的通讯录，内容是我的借款信息",
    "网贷逾期，发给我朋友的短信里有我的身份证号码",
])
def test_recall6_debt_papers_numbers_and_posters_are_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "功夫贷逾期，催收下一步还准备发带头像侮辱短信",
    "功夫贷逾期，催收群发通讯录，还要在上面p字",
    "网贷逾期，催收拿我的身份证照片威胁我",
    "网贷逾期，催收以曝光为由威胁我",
])
def test_recall6_photos_on_texts_and_words_on_photos_are_privacy_and_insult(tagger, text):
    assert {"privacy", "insult"} <= themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，我把借款记录发给了我老婆看",
    "网贷逾期，催收把欠款明细发给我",
    "网贷逾期，我发了带照片的朋友圈",
    "网贷逾期，我担心他们把我的电话号码卖给其他平台",
    "网贷逾期，我拿我的身份证照片去报警",
    "网贷逾期，我给朋友发的短信里有我的身份证号码",
])
def test_recall6_own_sending_to_me_or_fear_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Recall6 (issue 12). insult: the collector's language itself called foul (言语十分恶劣, 用语极其粗鲁, 用粗暴的语言: the tune part
# labels 语言恶劣 insult), 口吐芬芳, curses in the collector's mouth (开口就是妈的, 骂我孙子), told to kill oneself (让我去跳楼).
# Not the tone, manner or wording (语气/态度/言辞恶劣: codebook, a rude tone alone), the complainant's own curse or despair.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收打电话过来，言语十分恶劣",
    "网贷逾期，催收用语极其粗鲁",
    "网贷逾期，催收用粗暴的语言威胁我",
    "网贷逾期，催收在电话里口吐芬芳",
    "网贷逾期，催收一开口就是妈的",
    "网贷逾期，催收骂我孙子",
    "网贷逾期，催收让我去跳楼",
])
def test_recall6_foul_language_and_curses_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收语气嚣张，言辞恶劣",
    "网贷逾期，客服态度恶劣",
    "网贷逾期，我说妈的这平台太坑了",
    "网贷逾期，逼得我想跳楼",
])
def test_recall6_tone_own_curse_or_despair_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Recall6, second round. no_negotiation: talks or an explanation met only with the demand to pay (跟客服说明情况，客服只会让我还钱;
# 就是一句话还钱，我已经沟通过了), the charges complained of and stonewalled (多次打电话给客服，他们都不予以处理; 客服答非所问),
# 说没有办法 after a request, the refusal implied by the complaint: talks called hard (协商还款难), put behind a payment first
# (必须先还清逾期的才能协商, 协商的前提是先还一半), many rounds and still the full sum, the request left to drag, collection carried
# on during talks. Not a wish, the complainant's own difficulty or stand, the demand with no talks told, or a deal.
@pytest.mark.parametrize("text", [
    "网贷逾期，跟客服说明情况，客服只会让我还钱",
    "网贷逾期，协商还款，客服只会一味的催我还款",
    "网贷逾期，催收就是一句话还钱，我已经沟通过了",
    "借款利息超过70%，多次打电话给他们客服，他们都不予以处理",
    "借款利息太高，问客服利息为什么这么高，客服答非所问",
    "网贷逾期，提出调整利息的要求，客服说没有办法",
    "功夫贷协商还款难",
    "网贷逾期，根本没办法跟他们协商",
    "网贷逾期，客服说必须先还清逾期的才能协商",
    "网贷逾期，协商还款的前提是先还一半",
    "网贷逾期，协商了很多次，还是要我全部还清",
    "网贷逾期，一直想协商，他们一直拖着",
    "网贷逾期，协商期间仍然暴力催收",
    "网贷逾期，正在协商中，却还在打电话给我家人",
])
def test_recall6_round2_refusals_implied_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，正在跟平台协商还款",
    "网贷逾期，希望协商还款不要太难",
    "网贷逾期，我只会按时还款，请停止骚扰",
    "网贷逾期，客服只会让我还钱",
    "网贷逾期，协商好了，客服同意了分期，之后平台就没有再催收",
    "借款利息太高，客服答复很及时，没有避而不答",
])
def test_recall6_round2_wish_own_stand_bare_demand_or_deal_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Recall7, credit_threat (codebook: 上征信, 影响征信, 拉黑名单, 以后贷不了款, 影响子女/出行, as pressure): the children's and the
# family's future in the collector's words (说以后我孩子上不了大学, 拿孩子上学来威胁我), future loans (会影响我以后办房贷, 以后房贷车贷都
# 批不下来, 以后连高铁都坐不上), the record held over the borrower (用征信压我), more ruin (征信会被拉黑, 把我的征信搞花, 在征信上记一笔,
# 逾期记录会跟着我一辈子), a list (名字会出现在失信名单上), travel limited, the record named first in the next clause.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收说以后我孩子上不了大学",
    "网贷逾期，催收说我孩子以后读不了好学校",
    "网贷逾期，催收说以后子女考学、就业都会受影响",
    "网贷逾期，催收说会影响小孩上学",
    "网贷逾期，催收拿孩子上学来威胁我",
    "网贷逾期，催收说我再拖下去儿子以后当兵政审都过不了",
    "网贷逾期，催收说我的孩子以后上学政审会有问题",
    "网贷逾期，催收说会影响你子女的前途",
    "网贷逾期，催收说会影响我以后办房贷",
    "网贷逾期，催收说以后房贷车贷都批不下来",
    "网贷逾期，催收说会影响到我家人以后贷款",
    "网贷逾期，催收说我以后连高铁都坐不上",
    "网贷逾期，催收说会限制我的出行和高消费",
    "网贷逾期，催收用征信压我",
    "网贷逾期，催收说我的征信会被拉黑",
    "网贷逾期，催收说会把我的征信搞花",
    "网贷逾期，催收打电话说我征信会变成黑的",
    "网贷逾期，催收说让我的征信一片黑",
    "网贷逾期，催收说会在征信上给我记一笔",
    "网贷逾期，催收说逾期记录会跟着我一辈子",
    "网贷逾期，催收说我的名字会出现在失信名单上",
    "网贷逾期，催收说不还的话，会影响你以后的生活，征信也会受影响",
])
def test_recall7_credit_consequences_held_over_the_borrower_are_credit_threat(tagger, text):
    assert "credit_threat" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷平台未经我同意上报征信",
    "网贷逾期，平台恶意上报征信，我要投诉",
    "网贷逾期，要求停止上报征信",
    "网贷逾期，我知道会影响征信，所以一直在努力还",
    "网贷逾期，我不想上征信，请求协商",
    "网贷逾期，我老公因为我的征信贷不了款",
    "网贷逾期，客服说还清了就不会上征信",
    "网贷逾期，银行说我征信花了不给办信用卡",
    "网贷逾期，客服告诉我征信查询次数多会影响贷款审批",
    "网贷逾期，征信已经被拉黑，现在孩子上学都受影响",
    "网贷逾期，我担心影响孩子上学",
    "网贷逾期，我怕影响小孩以后上学",
    "网贷逾期，催收说不会影响孩子上学，只要按时还",
    "网贷逾期，孩子上学需要钱，所以没能按时还",
    "网贷逾期，征信已经黑了，现在连房贷都批不下来",
    "网贷逾期，客服说我征信有逾期，所以贷款批不下来",
    "网贷逾期，为了孩子的前途，我一定会还",
    "信用卡账单日提醒：按时还款可以保持良好征信",
])
def test_recall7_disputes_own_words_denials_and_losses_suffered_are_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收说我孩子以后政审会有问题",
    "网贷逾期，催收拿孩子上学来威胁我",
])
def test_recall7_childrens_future_as_credit_threat_is_no_contact(tagger, text):
    # the children named as the credit report's consequence are no third party reached
    assert "third_party_contact" not in themes(tagger, text)


# Recall7, privacy (codebook: disclosing the debt or personal data to others, harvesting the address book): the borrower's other
# papers sent to a contact (给我朋友发了我的征信报告), the desk or the village phoned with the debt (打电话给我公司前台，说我欠款逾期),
# 说我借钱跑路 to a relative, the number given to other collectors, texts to the contacts with the debt inside (里面有), the workplace's
# people made to know (让我单位的人都知道我欠网贷), the address book uploaded (上传了我的通讯录, 私自上传通话记录).
@pytest.mark.parametrize("text", [
    "网贷逾期，催收给我朋友发了我的征信报告",
    "网贷逾期，催收给我同事发了我的身份证照片",
    "网贷逾期，催收打电话给我公司前台，说我欠款逾期",
    "网贷逾期，催收给我单位打电话说我欠钱不还",
    "网贷逾期，催收给我亲戚发短信说我借钱跑路",
    "网贷逾期，催收把我的手机号给了其他催收",
    "网贷逾期，催收给我的紧急联系人发短信，里面有我的欠款金额和身份证号",
    "网贷逾期，催收让我单位的人都知道我欠网贷",
    "网贷平台上传了我的通讯录",
    "借款APP私自上传我的通话记录",
])
def test_recall7_papers_desk_and_upload_are_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，我给催收发了我的身份证照片",
    "网贷逾期，催收给我发短信说我欠钱不还",
    "借款注册时需要上传通讯录",
    "网贷逾期，我上传了通话记录作为证据",
    "网贷逾期，我给朋友发了我的征信报告，想找他担保",
    "网贷逾期，我把我欠款的事告诉了单位的人",
    "网贷逾期，催收给我打电话说我欠款逾期",
])
def test_recall7_own_sending_forms_and_words_to_the_borrower_are_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Recall7, insult (codebook: verbal abuse, cursing, humiliation, degrading language, P图): names asked or given with 问/管…叫
# (问我是不是出去卖的, 管我叫骗子), more names and curses (废柴, 脑子进水, 白眼狼, 活着也是浪费空气, 没脸活在世上, 长得丑, 破鞋,
# 说我老婆跟别人睡), 开口闭口就是 + a curse, the photo put on joss paper (做成冥币, privacy as well). Not the family's own words
# (我妈说我是个没用的人), a polite form of address, the complainant's own words.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收问我是不是出去卖的",
    "网贷逾期，催收管我叫骗子",
    "网贷逾期，催收说我是个废柴",
    "网贷逾期，催收说我脑子进水了",
    "网贷逾期，催收说我是白眼狼",
    "网贷逾期，催收说我这种人活着也是浪费空气",
    "网贷逾期，催收说我没脸活在世上",
    "网贷逾期，催收说我长得丑还借钱",
    "网贷逾期，催收说我妈是破鞋",
    "网贷逾期，催收说我老婆跟别人睡",
    "网贷逾期，催收开口闭口就是操你妈",
    "网贷逾期，催收说要把我的照片做成冥币",
])
def test_recall7_names_and_curses_are_insult(tagger, text):
    assert "insult" in themes(tagger, text)


def test_recall7_photo_on_joss_paper_is_privacy_as_well(tagger):
    assert {"insult", "privacy"} <= themes(tagger, "网贷逾期，催收说要把我的照片做成冥币")


@pytest.mark.parametrize("text", [
    "网贷逾期，我妈说我是个没用的人，借这么多网贷",
    "网贷逾期，催收称呼我为先生",
    "网贷逾期，催收问我什么时候还钱",
    "网贷逾期，我感觉自己活得像个乞丐",
    "网贷逾期，我骂自己是个废物",
    "网贷逾期，晚上睡不着，催收一直打电话",
])
def test_recall7_family_words_address_and_own_words_are_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Recall7, no_negotiation (codebook: refuses requests to extend, split, reduce; the refusal implied by the complaint): relief asked
# as a question, refused by the lender's side in the next clause (我说能不能宽限几天，催收说一分钟都不能等; 能不能少还一点，客服说
# 不可能), the relief put behind paying off first (减免需要先还清欠款), a plan not accepted (提出协商方案，平台不认可). Not a yes,
# a condition (不能一次性还清的话可以分期), a check promised, the complainant's own paying first, and 不能延期 inside the question
# asking for it (我问客服能不能延期，客服说可以: a false alarm before).
@pytest.mark.parametrize("text", [
    "网贷逾期，我说能不能宽限几天，催收说一分钟都不能等",
    "网贷逾期，我说实在还不上，能不能少还一点，客服说不可能",
    "网贷逾期，问客服可不可以分期，客服说不能",
    "网贷逾期，我问能否减免罚息，对方直接说不行",
    "网贷逾期，能不能给我几天时间，催收说想都别想",
    "网贷逾期，申请减免，对方说减免需要先还清欠款",
    "网贷逾期，提出协商方案，平台不认可",
])
def test_recall7_questions_refused_and_relief_behind_payoff_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，我问客服能不能延期，客服说可以",
    "网贷逾期，问能不能分期，客服说不能一次性还清的话可以分期",
    "网贷逾期，能不能协商，客服说要先核实",
    "网贷逾期，能不能宽限几天，希望平台考虑",
    "网贷逾期，申请延期需要先还利息，我已经还了",
    "网贷逾期，我提出的方案平台认可了",
])
def test_recall7_yes_condition_or_open_question_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Themes8 (issue 12, precision on unseen posts), privacy (codebook: disclosing the debt or personal data to others): the debt
# said to the borrower in the clause after the call or text to them (催收打电话给我，说我欠钱不还; 接到催收电话，说我欠钱不还),
# and privacy wished for or withheld (希望平台保护我的隐私, 因涉及个人隐私不便透露), are no disclosure. The debt told to the family
# or at the workplace, and privacy infringed, stay privacy.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收打电话给我，说我欠钱不还",
    "网贷逾期，催收给我打电话，说我欠钱不还",
    "网贷逾期，催收打电话过来，说我欠钱不还",
    "网贷逾期，今天接到催收电话，说我欠钱不还要起诉我",
    "网贷逾期，催收发短信给我，说我欠钱不还",
    "网贷逾期，对方打我电话，说我是老赖",
    "网贷逾期，催收打来电话，说我欠钱不还",
    "网贷逾期，希望平台保护我的隐私",
    "网贷逾期，请平台尊重用户隐私",
    "网贷逾期，要求保护个人隐私",
    "网贷逾期，因涉及个人隐私，具体信息不便透露",
    "网贷逾期，截图涉及隐私已打码",
])
def test_themes8_debt_said_to_the_borrower_or_privacy_wished_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收打电话给我妈，说我欠钱不还",
    "网贷逾期，催收打电话给我同事，说我欠钱不还",
    "网贷逾期，催收给我家人发短信，说我欠钱不还",
    "网贷逾期，催收到处打电话说我欠钱不还",
    "网贷逾期，催收在我家族群里说我欠钱不还",
    "网贷逾期，催收跑到我单位，说我欠钱不还",
    "网贷逾期，催收侵犯我的隐私",
    "网贷逾期，严重侵犯个人隐私",
    "网贷逾期，催收把我的隐私到处乱说",
    "网贷逾期，平台不保护用户隐私，把我的信息泄露给催收公司",
])
def test_themes8_debt_told_to_others_and_privacy_infringed_stay_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


# Themes8, call_harassment (codebook: NOT a call the complainant made): the call that did not get through is the complainant
# calling the lender (联系客服，电话一直打不通; 给他们打了很多次电话，都没人接; 多次拨打平台电话，一直是忙音), in the call's own clause
# or opening the next one. The collector's calls stay, and so do calls the complainant did not pick up.
@pytest.mark.parametrize("text", [
    "网贷逾期，联系客服，电话一直打不通",
    "网贷逾期后我想还款，想联系平台，电话一直打不进去",
    "网贷逾期后我想协商，给他们打了很多次电话，都没人接",
    "网贷逾期后我想协商，打了无数次电话都是忙音",
    "网贷逾期后，找客服，电话打了好几次都没人接",
    "网贷逾期后，我多次拨打官方电话，无人接听",
    "网贷逾期后，多次拨打平台电话，一直是忙音",
])
def test_themes8_calls_that_did_not_get_through_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收天天打电话给我",
    "网贷逾期，催收每天打我电话十几次",
    "网贷逾期，催收天天打电话骚扰我，打客服电话又打不通",
    "网贷逾期，催收每天打我电话，我不敢接",
    "网贷逾期，催收一直打电话，我没接，就打到我家人那里",
])
def test_themes8_collector_calls_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes8, third_party_contact (codebook: contacting or threatening to contact family, friends, colleagues; asking others to
# repay): a collector word next to a family word is no contact when the family is what is said (催收说我妈会替我还, 催收说我老公
# 知道了会跟我离婚), names the borrower's own role (骂我不配当孩子的父亲), or is only mentioned beside the collection (我妈生病住院了，
# 催收也不管; 平台偷了我的通讯录后暴力催收). Collection from the family, asking them to repay, speaking to them about the debt stay.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收说我妈会替我还",
    "网贷逾期，催收说我老公知道了会跟我离婚",
    "网贷逾期，催收说我孩子还小，不懂事",
    "网贷逾期，催收员称我老婆也有责任",
    "网贷逾期，我跟催收说我妈住院了，需要时间",
    "网贷逾期，催收骂我不配当孩子的父亲",
    "网贷逾期，我妈生病住院了，催收也不管",
    "网贷逾期，平台偷了我的通讯录暴力催收",
    "网贷逾期，我让我老公帮我还款",
    "网贷逾期，我跟我妈说我借了网贷",
])
def test_themes8_family_said_or_mentioned_beside_collection_is_no_contact(tagger, text):
    assert "third_party_contact" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收我家人",
    "网贷逾期，催收到我朋友那里去了",
    "网贷逾期，向我家人催收",
    "网贷逾期，对我同事进行催款",
    "网贷逾期，催收逼我妈还钱",
    "网贷逾期，催收让我老公还钱",
    "网贷逾期，家人也被催收了",
    "网贷逾期，催收跟我同事说我欠钱不还",
    "网贷逾期，催收打电话给我妈",
    "网贷逾期，催收说我妈那边他们也会打电话",
    "网贷逾期，催收骚扰我的家人",
])
def test_themes8_family_collected_from_or_spoken_to_stays_contact(tagger, text):
    assert "third_party_contact" in themes(tagger, text)


# Themes8, no_negotiation (codebook: the lender refuses requests to extend, split, reduce): the complainant refusing the lender's
# ask (客服问我能不能先还一部分，我说不行; 我回答不行; 我说拒绝) and a condition (客服说不行的话就先还一部分) are no refusal of relief.
# The lender's refusal, spoken to the complainant or not, stays.
@pytest.mark.parametrize("text", [
    "网贷逾期，客服问我能不能先还一部分，我说不行",
    "网贷逾期，客服让我先还利息，我说不行，实在没钱",
    "网贷逾期，客服问我能不能先还本金，我回答不行",
    "网贷逾期，客服让我一次性结清，我说拒绝",
    "网贷逾期，想协商延期，客服说不行的话就先还一部分",
])
def test_themes8_own_refusal_or_condition_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，申请延期，客服说不行",
    "网贷逾期，我想分期，客服说不行",
    "网贷逾期，申请延期，客服跟我说不行",
    "网贷逾期，想协商减免，客服告诉我不行",
    "网贷逾期，我说能不能延期，客服说不行",
    "网贷逾期，我说想先还一部分，他们说不行",
])
def test_themes8_lender_refusal_stays_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# Themes8, credit_threat (codebook: the collector or app threatens the credit report as pressure): a bank's statement of the
# record as it is, the lost loans its consequence (银行说我的征信花了，以后办不了房贷), is no threat. The collector's stays.
@pytest.mark.parametrize("text", [
    "网贷逾期，银行说我的征信花了，以后办不了房贷",
    "网贷逾期，去银行办贷款，客户经理说我征信有逾期，以后贷不了款",
    "网贷逾期，查了征信报告说我信用太花，以后办不了信用卡",
    "网贷逾期，银行柜员说我征信不好，以后贷不到款",
])
def test_themes8_banks_statement_of_the_record_is_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收说再不还以后办不了房贷",
    "网贷逾期，催收说以后贷不了款",
    "网贷逾期，催收说我的征信已经花了，以后办不了房贷",
    "网贷逾期，催收说上了征信以后贷不了款",
])
def test_themes8_collectors_credit_consequence_stays_credit_threat(tagger, text):
    assert "credit_threat" in themes(tagger, text)


# Themes9, sms_harassment (codebook: threatening, insulting or frequent text messages, 短信): 信息 as the address book's or the
# phone's data (非法获取通讯信息，骚扰我父母), 信息 sent by e-mail, and the contacts texting the complainant are no texts from
# the collector. Real texts stay, 电话信息 (calls and texts) among them.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收非法获取通讯信息，骚扰我父母",
    "网贷逾期，他们盗取我的通讯录信息骚扰我的朋友",
    "网贷逾期，平台窃取通信录信息，骚扰联系人",
    "网贷逾期，催收获取了我的手机通讯信息，恐吓我的家人",
    "网贷逾期，平台读取通讯录信息，威胁我的同事",
    "网贷逾期，催收利用通讯录信息到处骚扰",
    "网贷逾期，平台违规收集通话记录信息，骚扰亲友",
    "网贷逾期，催收通过邮件发送恐吓，威胁信息",
    "网贷逾期，催收天天往我邮箱发威胁信息",
    "网贷逾期，亲戚朋友打电话发短信过来问我怎么回事",
    "网贷逾期，家人发短信给我问是不是欠钱了",
    "网贷逾期，朋友都发信息过来问我",
    "网贷逾期，同事纷纷发短信来问我",
])
def test_themes9_data_email_or_contacts_texts_are_no_sms_harassment(tagger, text):
    assert "sms_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收短信轰炸",
    "网贷逾期，每天几十条催收信息",
    "网贷逾期，催收给我发信息威胁",
    "网贷逾期，催收发来威胁信息",
    "网贷逾期，收到大量恐吓信息",
    "网贷逾期，催收信息不停地发过来",
    "网贷逾期，手机信息一直不断，全是催收",
    "网贷逾期，每天收到上百条信息，都是催收的",
    "网贷逾期，催收一直发信息骚扰我",
    "网贷逾期，催收每天电话信息不停",
    "网贷逾期，催收电话信息轮番骚扰",
    "网贷逾期，催收发邮件，还发短信威胁我",
    "网贷逾期，催收发短信给我亲戚朋友",
    "网贷逾期，催收给我朋友发短信",
    "网贷逾期，催收给我家人发短信来说我欠钱",
    "网贷逾期，催收发信息给我的同事",
])
def test_themes9_collectors_texts_stay_sms_harassment(tagger, text):
    assert "sms_harassment" in themes(tagger, text)


# Themes9, third_party_contact (codebook: contacting or threatening to contact family, friends, colleagues or the address
# book): words that only look like it are no contact: 家属 inside 他们家属于高利贷, 对象 as the target (国家打击的对象), a friend
# telling the complainant a fact (朋友告诉我才知道), the address book leaked (privacy), the complainant's wish that it not
# happen (希望…不要有暴力催收爆通讯录等行为), a question about what comes next (爆通讯录么？), the borrower's own phone blown up
# (准备爆电话: a threat of calls). Real contact and threats to contact stay.
@pytest.mark.parametrize("text", [
    "网贷逾期，朋友告诉我才知道他们家属于高利贷",
    "借了钱才知道，这家属于套路贷，朋友说的",
    "网贷逾期，同事跟我说你们家属于违法放贷",
    "网贷逾期，朋友说这家属实坑人",
    "钱站砍头息，高利贷，国家打压的对象",
    "网贷砍头息，这是国家严厉打击的对象",
    "网贷砍头息，同事跟我说才发现利息这么高",
    "暴力催收，恐吓威胁，泄露通讯录和个人隐私",
    "希望减免利息，不要有暴力催收爆通讯录等恶劣行为",
    "网贷利息太高，希望减免，不要出现暴力催收、爆通讯录这种事",
    "网贷逾期，催收说要走流程，你们的流程是什么？爆通讯录么？？",
    "网贷逾期，你们下一步是不是要爆通讯录吗？",
    "网贷逾期一天就发短信，准备爆电话吗？",
    "网贷逾期，催收说要爆我电话",
])
def test_themes9_lookalikes_wishes_and_questions_are_no_third_party_contact(tagger, text):
    assert "third_party_contact" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收爆了我的通讯录",
    "网贷逾期，催收打电话给我家属",
    "网贷逾期，催收联系我的家属要钱",
    "网贷逾期，催收威胁说不还就爆通讯录",
    "网贷逾期，催收说要爆我通讯录",
    "网贷逾期，催收说如果不还就骚扰我家人",
    "网贷逾期，凭什么爆我通讯录？",
    "网贷逾期，你们为什么要骚扰我的家人？",
    "网贷逾期，催收打击报复，打电话给我家人",
    "网贷逾期，催收给我对象打电话",
    "网贷逾期，朋友告诉我催收给他打了电话",
    "网贷逾期，催收泄露通讯录，还打电话给我的朋友",
])
def test_themes9_contact_stays_third_party_contact(tagger, text):
    assert "third_party_contact" in themes(tagger, text)


def test_themes9_phone_blown_up_stays_a_threat(tagger):
    assert "threat" in themes(tagger, "网贷逾期，催收说要爆我电话")


# Themes9, hypotheticals: a speech cue inside a word that says nothing (给个说法, 说清楚) or the complainant's own demand
# (强烈要求退还) does not make the conditional after it the collector's: the complainant's condition is no report.
@pytest.mark.parametrize("text", [
    "网贷利息太高，等平台给个说法，如果骚扰我家人或者爆通讯录，我就报警",
    "网贷利息太高，请平台说清楚，如果骚扰我家人，我就起诉",
    "网贷利息太高，要求平台销账，若继续骚扰本人通讯录联系人，将要求银监会介入",
    "网贷利息太高，强烈要求退还，如果骚扰我家人我就报警",
])
def test_themes9_complainants_condition_after_a_demand_is_no_contact(tagger, text):
    assert "third_party_contact" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收说如果不还就骚扰我家人",
    "网贷逾期，催收要求今天还清，如果不还就爆通讯录",
    "网贷逾期，催收发信息，如果今天不还就联系我家人",
    "网贷逾期，催收说明天如果不还就联系我家人",
])
def test_themes9_collectors_condition_stays_third_party_contact(tagger, text):
    assert "third_party_contact" in themes(tagger, text)


# Themes9, sms_harassment (codebook: insulting text messages): texts that curse, 发短信骂我, are sms_harassment like 发短信辱骂;
# the complainant's own cursing and WeChat messages are not.
@pytest.mark.parametrize("text", [
    "网贷逾期，催收发短信骂我",
    "网贷逾期，催收发短信来骂我全家",
    "网贷逾期，催收短信里骂我是老赖",
    "网贷逾期，收到催收短信，骂得很难听",
    "网贷逾期，催收发消息骂人",
])
def test_themes9_cursing_texts_are_sms_harassment(tagger, text):
    assert "sms_harassment" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，我看到短信就骂了他们几句",
    "网贷逾期，收到还款提醒短信，我回复骂了他们",
    "网贷逾期，我发短信骂催收",
    "网贷逾期，催收在微信上骂我",
])
def test_themes9_own_cursing_or_wechat_is_no_sms_harassment(tagger, text):
    assert "sms_harassment" not in themes(tagger, text)


# Themes9, sms_harassment: 信息 as the data taken (盗取信息，威胁) is no text message; texts after data taken stay.
@pytest.mark.parametrize("text", [
    "功夫贷盗取信息，威胁，骚扰催收",
    "网贷逾期，平台窃取信息，恐吓我",
    "网贷逾期，他们非法获取信息，到处骚扰",
    "网贷逾期，催收读取信息后不停骚扰我的家人",
    "网贷逾期，平台收集信息，威胁我要曝光",
])
def test_themes9_data_taken_is_no_sms_harassment(tagger, text):
    assert "sms_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收获取我的通讯录后天天发信息骚扰",
    "网贷逾期，收到催收信息，威胁我",
    "网贷逾期，催收盗取通讯录，还发信息恐吓我",
])
def test_themes9_texts_after_data_taken_stay_sms_harassment(tagger, text):
    assert "sms_harassment" in themes(tagger, text)


# Themes9, third_party_contact: 联系人 inside 联系人工 is the complainant reaching a human agent, no contact; the contacts stay.
@pytest.mark.parametrize("text", [
    "网贷提前还款不受理，联系人工，也联系不上",
    "网贷逾期想协商，一直联系人工客服，没人理",
    "网贷利息太高，打电话联系人工，客服态度很差",
])
def test_themes9_human_agent_is_no_third_party_contact(tagger, text):
    assert "third_party_contact" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "网贷逾期，催收骚扰我的联系人",
    "网贷逾期，催收联系我的联系人",
    "网贷逾期，我作为联系人，天天被催收骚扰",
])
def test_themes9_contacts_stay_third_party_contact(tagger, text):
    assert "third_party_contact" in themes(tagger, text)


# Themes9, third_party_contact: the friends the complainant borrowed from or asked are no contact by the lender, even beside
# the platform's 停止骚扰 appeal (the learned model's 朋友 n-grams there no longer count); contacts reached stay.
@pytest.mark.parametrize("text", [
    "停止骚扰\n逾期第三天，各种亲戚朋友能借的都借了，希望能宽限两天，结果催款电话短信满天飞",
    "停止骚扰\n网贷逾期，亲戚朋友都借遍了，实在还不上，每天电话轰炸",
    "停止骚扰\n网贷逾期，找朋友借了一圈也没借到，催收天天打电话",
    "停止骚扰\n网贷逾期，咨询朋友才发现利率超过国家规定",
])
def test_themes9_friends_borrowed_from_or_asked_are_no_third_party_contact(tagger, text):
    assert "third_party_contact" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "停止骚扰\n网贷逾期，亲戚朋友都借遍了，催收还打电话骚扰我朋友",
    "停止骚扰\n网贷逾期，催收打电话给我朋友，问我朋友借不借钱给我",
    "停止骚扰\n网贷逾期，催收天天骚扰我的亲戚朋友",
])
def test_themes9_friends_reached_stay_third_party_contact(tagger, text):
    assert "third_party_contact" in themes(tagger, text)


# Themes10, no_negotiation recall: the codebook's refusals in more families (the lender's side refusing to reduce a charge by a
# cent, talks with no result, nobody to take the request, the borrower's offer to pay over time refused, the whole sum demanded,
# the request disregarded or passed between desks, relief said impossible), worded as other lenders' customers write them.
@pytest.mark.parametrize("text", [
    "招联金融逾期两天，要求减免罚息，客服说罚息一分都不能少",
    "信用卡中心的客服说违约金一分钱也不给减",
    "捷信逾期，多次协商均无结果",
    "安逸花逾期，和客服协商了好几次都没有结果",
    "网贷逾期，申请延期还款至今没有任何进展",
    "安逸花借款逾期，想协商还款，客服电话一直打不通",
    "招联逾期后申请延期，打了几十次电话都没人接",
    "网贷逾期想协商分期，一直是机器人，无法转人工",
    "借款逾期，我表示愿意分三个月还清，对方坚持一次性还款",
    "捷信逾期，我说可以先还一半，催收不同意",
    "网贷逾期，本人愿意每月还一千，平台不接受",
    "信用卡逾期后打电话给银行协商，银行让我全额还款",
    "借款逾期，想晚几天还，催收叫我今天必须还清",
    "网贷逾期，平台无视我的协商请求",
    "信用卡逾期，我的个性化分期申请被无视",
    "网贷逾期，找客服协商，客服让我找催收，催收又让我找客服",
    "借款逾期，要求按照24%重新计算利息，平台拒绝",
    "借款利息太高，跟客服反映，客服说合同签了就要按合同来，没得谈",
    "借款逾期，要求减免逾期费，客服说系统自动产生的，没有办法减免",
    "借款逾期，客服说减免需要审批，然后就没下文了",
])
def test_themes10_refusals_are_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款逾期，我跟催收保证一分都不会少还",
    "网贷逾期，正在协商中，目前还没有结果",
    "借款逾期，希望协商能有个结果",
    "借款逾期，催收打电话过来我没接，催收就打给我家人",
    "借款逾期，想协商，客服同意分期，让我今天先还第一期",
    "借款逾期，客服说可以分期，让我今天先还第一期",
    "借款逾期，催收说跟公司申请帮我减免了，让我一次性还清",
    "借款逾期，我愿意分三个月还清，希望平台同意",
    "借款逾期，我愿意先还一部分，平台同意了",
    "借款逾期，我实在没办法延期了，只能借钱还",
    "借款逾期，我问客服有没有办法减免，客服说可以申请",
    "借款逾期，催收打电话给我，我一直打不通平台客服",
    "网贷逾期，催收无视本人诉求，天天打电话",
])
def test_themes10_no_refusal_is_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Themes10, privacy recall: the address book or call log taken, told passive or with 把 (harvesting, codebook), and the contacts'
# numbers in the collector's hands where the complainant never gave them.
@pytest.mark.parametrize("text", [
    "网贷逾期，我的通讯录被网贷平台获取",
    "借款后，通话记录被上传了，催收挨个打",
    "网贷逾期，平台在我不知情的情况下把我的通讯录上传了",
    "借款逾期，催收居然有我老家邻居的电话",
    "借款逾期，他们连我前同事的电话都有",
    "借款逾期，不知道他们从哪里弄到了我同事的电话",
    "借款逾期，催收打电话给很多我根本没有留过的联系人",
    "借款逾期，我从来没有授权过通讯录，不知道他们怎么获取的",
    "借款逾期，我根本没有授权通讯录，他们却知道我所有亲戚的电话",
    "招联借款时只填了一个紧急联系人，催收却打遍了我的通讯录",
    "借款逾期，催收知道我家的地址和我孩子的学校，这些我都没有提供过",
])
def test_themes10_data_harvested_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款时需要上传通讯录才能借款，我授权了",
    "借款逾期，担心通讯录被平台获取",
    "借款逾期，我的通讯录没有被获取",
    "借款逾期，催收居然打电话给我同事",
    "借款逾期，催收甚至打了我朋友的电话",
    "借款逾期，我把我的通讯录上传到了云端",
    "借款逾期，催收知道我家的地址，因为我借款时填写过",
])
def test_themes10_no_data_harvested_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Themes10, insult: the complainant's own cursing with words between (我忍不住骂了催收几句) and the family's scolding told with 了
# (我妈骂了我一顿) are no insult by the lender; defamation in more words (散布谣言, 抹黑, 丑化) is.
@pytest.mark.parametrize("text", [
    "借款逾期，我忍不住骂了催收几句",
    "借款逾期，我一气之下骂了催收",
    "借款逾期，我妈骂了我一顿",
    "借款逾期，老婆骂了我几句",
    "借款逾期，我不想抹黑谁，只是说出事实",
])
def test_themes10_own_or_family_cursing_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款逾期，催收到处散布谣言说我是骗子",
    "网贷逾期，催收在我朋友圈里抹黑我",
    "安逸花逾期，催收丑化我的形象发给亲友",
    "借款逾期，催收骂了我一顿",
    "借款逾期，催收打电话骂我妈",
])
def test_themes10_defamation_and_cursing_stay_insult(tagger, text):
    assert "insult" in themes(tagger, text)


# Themes10, privacy: the numbers' source asked, the order reversed (发短信我都不知道有些电话号哪来的, read in a pool post).
@pytest.mark.parametrize("text, want", [
    ("招联逾期，催收爆了通讯录，我都不知道有些电话号码是哪来的", True),
    ("信用卡逾期，催收打给的号码我也不知道从哪弄的", True),
    ("网贷逾期，有个陌生号码打给我，我不知道是谁", False),
    ("网贷逾期，我不知道客服电话是多少", False),
])
def test_themes10_numbers_source_asked_is_privacy(tagger, text, want):
    assert ("privacy" in themes(tagger, text)) is want


# Themes11 (issue 12, precision), call_harassment: the codebook's "a call the complainant made" and calls that are not
# received bombardment: the complainant phoning round (我 the subject just before), customer service's excuses after the
# complainant's calls, what they will do (heard or threatened: 会把…逐个打, 否则天天打), what is said over and over inside one
# call (电话里一直辱骂), the workplace's number written down, 打暴力电话 (violent calls, not calls in number).
@pytest.mark.parametrize("text", [
    "借款结清后我反复打电话要结清证明，客服就是不给",
    "我打了无数次电话给平台，要求退还多收的利息，都被拒绝了",
    "我连续打了三天电话，一直转不到人工，借款逾期罚息越来越多",
    "我前后打了二十多个电话都没有解决，贷款利息太高",
    "借款已经结清，我一周内打了10通电话，客服一直推三阻四不给开结清证明",
    "网贷借款逾期，听说他们的催收会一个一个打通讯录里的电话",
    "听说你们的催收好厉害，会把我的通讯录好友逐个打一遍，我很害怕",
    "借款还没逾期，催收威胁说最好换号码，否则天天打",
    "借款逾期后，催收电话里一直辱骂我",
    "催收在电话里反复说要起诉我，借款逾期十天",
    "借款合同上留的联系电话是我单位的座机，利息太高了",
    "借款时填写的单位电话和家庭地址都被他们记录了",
    "我的电话号码一直没变，平台却说联系不上我，借款逾期就收了罚息",
    "借款逾期，还打暴力电话，侮辱他人",
])
def test_themes11_not_calls_received_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收一周内打了10通电话给我，一直骚扰",
    "借款逾期后催收每天打几十个电话给我",
    "逾期第一天催收就开始电话轰炸，一天打了二十多个",
    "催收给我打了无数次电话，我都不敢开机",
    "我说正在筹钱，催收还是每天打电话骚扰我",
    "催收给我通讯录里的亲戚朋友全部打电话催收还款",
    "催收把我通讯录里的人挨个打了一遍电话",
    "还没到还款日，催收就一直打电话催我还款",
    "逾期两天，催收打电话到我单位，领导都知道了",
    "催收天天在电话里骂我，一天打十几个",
    "催收用不同号码轮番打我电话，晚上十一点还在打",
])
def test_themes11_calls_received_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes11, privacy: the complainant's suspicion (怀疑…泄露) or question (有没有考虑到…隐私), data stolen by fraudsters, and
# 信息 as the messages sent to a contact (发给朋友信息: third_party_contact) or a network phone (网络电话跟短信息) are no
# disclosure or misuse by the lender.
@pytest.mark.parametrize("text", [
    "借款后接到很多推销电话，怀疑个人信息泄露跟该平台有关系",
    "请问贵公司有没有考虑到借款人的个人隐私？借款逾期就这样催收",
    "借款时被诈骗分子盗取了身份信息，以我的名义借了网贷",
    "我被骗子盗取了信息，产生了高额的借贷，并非本人操作",
    "逾期后今天收到短信，发给朋友信息，造成骚扰",
    "逾期后不停的有网络电话跟短信息骚扰我，恐吓我",
])
def test_themes11_suspicion_fraud_or_messages_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "平台泄露了我的个人信息，现在天天接到贷款推销电话",
    "平台盗取我的通讯录，把我的照片发到了家族群里",
    "催收盗取了我的通讯录，挨个发信息说我欠钱",
    "催收把我的身份证照片群发给我的亲戚朋友",
    "借款逾期，催收威胁要曝光我的照片和身份证",
    "催收将我的借款信息发给了我的朋友",
])
def test_themes11_disclosure_stays_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


# Themes11, insult: the complainant's own judgement of the lender (平台就是不要脸, 下流的手段) and a platform's paid posters
# (水军制造谣言, against its investors) are no insult received; the collector calling the borrower names stays.
@pytest.mark.parametrize("text", [
    "借款利息这么高，你们钱站的平台就是不要脸",
    "高利贷平台真不要脸，借2000还3000",
    "逾期后催收用下流的手段打电话给我朋友亲戚",
    "平台聘用水军恶意制造谣言，借款人的利息一分不退",
])
def test_themes11_own_judgement_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收打电话骂我不要脸，欠钱不还",
    "借款逾期，催收发短信说我是不要脸的老赖",
    "催收说下流话，骚扰我的女同事",
    "催收到处造谣说我欠钱跑路了",
    "借款逾期，催收在群里造谣我被抓了",
])
def test_themes11_name_calling_stays_insult(tagger, text):
    assert "insult" in themes(tagger, text)


# Themes11, no_negotiation: the complainant's own demand that a refund be whole is no refusal; the lender's side keeping
# a charge whole after a request for relief stays.
@pytest.mark.parametrize("text, want", [
    ("要求退还多收的利息，一分都不能少", False),
    ("借款已还清，我要求平台退还砍头息，一分都不能少", False),
    ("客服说罚息一分都不能少", True),
    ("申请减免罚息，客服说一分都不能少", True),
    ("要求退还多收的利息，客服拒绝了", True),
])
def test_themes11_refund_demand_is_no_refusal(tagger, text, want):
    assert ("no_negotiation" in themes(tagger, text)) is want


# Themes11: 如有 is a conditional: 如有罚息，本人也自愿承担 (the complainant's own offer) reports no fee.
@pytest.mark.parametrize("text, want", [
    ("借款逾期三天，如有罚息，本人也自愿承担，请不要再骚扰我家人", False),
    ("借款逾期三天，平台收了300元罚息", True),
])
def test_themes11_if_any_is_conditional(tagger, text, want):
    assert ("fees" in themes(tagger, text)) is want


# Themes12 (issue 12), credit_threat: the codebook's credit consequences in words the rules missed, as customers of
# banks' card centres and consumer-finance companies write them: the record said ruined (信用破产, 征信就废了), no
# lender ever lending again (所有银行都不会给你贷款, 一辈子别想贷款), the record shared with every lender, the
# PBoC database by its official name, the credit report used to frighten (拿征信来吓我), a consequence of the
# 失信 list (限制高消费). A credit consequence alone is credit_threat only, not threat (codebook note).
@pytest.mark.parametrize("text", [
    "招联的催收在电话里说不还就让我信用破产",
    "安逸花的催收说我再拖下去就是信用破产，哪家银行都不会再借钱给我",
    "捷信的催收说不还的话我的征信就废了",
    "捷信的催收说不处理的话以后所有银行都不会给你贷款",
    "信用卡中心的催收员警告我，再不还款全国的银行都不会再给你放款",
    "催收扬言这辈子都别想再贷款",
    "安逸花的催收威胁要把我的逾期记录共享给所有金融机构",
    "招联金融发短信称会将您的逾期信息同步给各大银行和网贷平台",
    "信用卡中心发短信称，逾期信息将报送金融信用信息基础数据库",
    "催收拿征信来吓我，说我一辈子都完了",
    "招联的催收说我已经被列入失信名单，不还就限制高消费",
])
def test_themes12_credit_consequence_is_credit_threat(tagger, text):
    assert themes(tagger, text) == {"credit_threat"}


# ... and not the complainant's own fear, knowledge or state, a question, a record already reported, nor a denial.
@pytest.mark.parametrize("text", [
    "我的信用破产了，哪家银行都不借钱给我",
    "逾期这么久，我担心征信就废了",
    "我知道不还会影响征信，但现在确实没钱",
    "我也明白不还款就会上征信，只是真的还不上",
    "信用卡中心已经把我的逾期记录报送了征信，我现在贷不了款",
    "如果逾期了，是不是所有银行都不会给我贷款了？",
    "安逸花客服说按时还款的话不会同步给其他银行",
    "我这辈子都别想再贷款了，真后悔借了捷信",
    "要求招联停止把我的逾期信息共享给其他金融机构",
    "招联的客服说不会把逾期记录共享给其他机构",
])
def test_themes12_own_fear_or_fact_is_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# Themes12: ... nor the complainant's own words to the collector, which carry a cue of saying too.
@pytest.mark.parametrize("text", [
    "我跟催收说，以后所有银行都不会给我贷款了，我还怎么活",
    "我跟客服说你们会把逾期记录共享给其他金融机构，这是违法的",
])
def test_themes12_own_words_to_collector_are_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# Themes14 (issue 12): no_negotiation's refusals in families the rules lacked, worded as borrowers of banks' cards and
# consumer-finance companies write them: talks called of no use (协商无效), the answer unmoved, undecidable, only the
# whole sum, a token plan, only for others, a charge's cancellation refused, the desks told as speech, early repayment
# barred worded 不可/不得, no chance to talk, the relief only once half is paid.
@pytest.mark.parametrize("text", [
    "招联金融逾期后多次协商无效",
    "信用卡逾期，和银行客服沟通无效，只能投诉",
    "捷信逾期，跟他们商量也不管用",
    "安逸花逾期后我提出协商还款，平台无动于衷",
    "微粒贷逾期，申请延期还款，客服不作任何答复",
    "马上消费金融逾期，跟他们协商，他们说不是他们能决定的",
    "网贷逾期后，本人多次主动联系协商还款，对方就是要全额",
    "信用卡逾期，我向银行提出停息挂账五年分期，银行只同意分12期",
    "借呗逾期，多次申请分期还款均未获通过",
    "花呗逾期，跟客服商量晚几天还，客服说一天都不能晚",
    "京东金条逾期，求他们给个分期，他们不给",
    "网贷逾期，我想还一部分，他们不要，非要全部还清",
    "信用卡逾期，要求撤销罚息，银行不同意",
    "分期乐逾期，申请分期，客服说只有未逾期的用户才可以",
    "借款逾期后协商，客服说找催收，催收说找客服",
    "网贷逾期，想提前还清，合同规定不可提前还款",
    "网贷逾期后想协商还款，连协商的机会都没有",
    "招联的催收说协商可以，但要先还一半",
    "借款逾期，向微众银行申请延期还款，被告知无法申请",
    "网贷逾期，平台拒绝提供任何协商方案",
    "网贷逾期，想协商，客服只说让我还钱，其他的不管",
])
def test_themes14_refusal_family_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... and not a condition, a wish, the complainant's own opinion, stand or refusal, a deal, or the lender agreeing.
@pytest.mark.parametrize("text", [
    "网贷逾期，如果协商无效，我就走法律途径",
    "信用卡逾期，希望这次和银行协商有效",
    "网贷逾期，我觉得协商没用，不如直接还清",
    "网贷逾期，催收让我协商还款，我无动于衷",
    "网贷逾期，平台提出的分期方案，我不同意",
    "网贷逾期，申请分期还款，平台同意了，分12期",
    "信用卡逾期，协商好了，银行说可以，但要先还一半",
    "网贷逾期，我目前不能提前还清，只能按月还",
    "借款逾期，申请延期还款，客服说可以，只有利息要先付",
])
def test_themes14_refusal_family_edges_are_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Themes14: privacy's disclosure and harvesting in more families (codebook: "disclosing the debt or personal data to others,
# publishing photos/ID/address ... harvesting or misusing the address book or personal data"): told from the receivers' side
# or by its effect, the data passed on typed short (泄给) or passive, used without leave, sent round 发出来, the numbers' source
# asked (怎么知道), people never given, the debt worded 拖欠, to the people's kind (给我所有的微信好友).
@pytest.mark.parametrize("text", [
    "招联金融逾期后，我通讯录里的联系人都收到了我的逾期信息",
    "信用卡逾期，同事都接到了我的欠款短信",
    "网贷逾期，催收把我欠款的事情传得全村都知道",
    "安逸花逾期后，平台把我的通讯录泄给了催收",
    "借款逾期，我的信息被平台出卖",
    "网贷逾期后，平台擅自使用我的通讯录",
    "借款逾期后，催收把我家人的身份证信息也发出来了",
    "捷信的催收是怎么知道我同事的电话的？我从来没给过",
    "借款时根本没填过这些人，催收却能打给我通讯录里的人",
    "借款逾期，催收联系我的前同事，说我拖欠贷款",
    "借款逾期后，催收给我所有的微信好友发消息说我欠钱",
])
def test_themes14_disclosure_family_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


# ... not a denial, a fear, the complainant's own telling, or the complainant's own question.
@pytest.mark.parametrize("text", [
    "网贷逾期，还好朋友没收到我的逾期信息",
    "网贷逾期，我担心家人收到我的欠款信息",
    "网贷逾期，我自己把欠款的事说得全家都知道了",
    "网贷逾期，我问客服怎么知道我的新号码的",
])
def test_themes14_disclosure_family_edges_are_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Themes14: insult's cursing, name-calling and photo edits in more words (codebook: "verbal abuse, cursing, humiliation, degrading
# language, photoshopped images, public shaming"): names said of the borrower (dialect ones among them), the family named,
# the core words typed otherwise (毁谤, 凌辱, 诬蔑), P图 with a particle, the photo made into something degrading.
@pytest.mark.parametrize("text, also_privacy", [
    ("借款逾期，催收说我是瓜娃子", False),
    ("网贷逾期后，催收在电话里说我是扑街", False),
    ("信用卡逾期，催收说我是穷光蛋", False),
    ("分期乐逾期，催收说我是小偷", False),
    ("借款逾期，催收说我女儿是野种", False),
    ("借款逾期，催收说你这个穷B", False),
    ("借款逾期，催收群发短信毁谤我", False),
    ("借款逾期，催收在电话里凌辱我", False),
    ("网贷逾期，催收诬蔑我骗钱", False),
    ("借款逾期，催收嘴巴很脏", False),
    ("借款逾期，催收P了张图发给我朋友", True),
    ("借款逾期，催收把我的照片做成悬赏令", True),
    ("借款逾期，催收给我的照片加了黑框", True),
    ("借款逾期，催收拿我的照片做成了讣告", True),
])
def test_themes14_abuse_family_is_insult(tagger, text, also_privacy):
    got = themes(tagger, text)
    assert "insult" in got
    assert ("privacy" in got) == also_privacy or not also_privacy


# ... not the complainant's own words or acts, nor an app's icon.
@pytest.mark.parametrize("text", [
    "借款逾期，我说这个平台就是小偷",
    "借款逾期，我跟催收说我不是诈骗犯",
    "借款逾期，我的嘴巴很脏，这点我承认",
    "借款逾期，我把我的照片做成头像",
    "借款时平台用我的照片做成了认证信息",
    "借款逾期，app图标打不开了",
])
def test_themes14_abuse_family_edges_are_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Themes14: early settlement refused on fair terms (codebook note) in more words: the interest not cut (不减, 不会减少, 一分都没少),
# every period's fee demanded by its number, no way in the app, 不能一次性结清.
@pytest.mark.parametrize("text", [
    "京东金条借款后，提前还完也不会减少利息",
    "信用卡分期提前还了，利息一分都没少",
    "招联好期贷提前还款利息不减",
    "安逸花借款后我想一次性还完，客服说要把36期的服务费全部交了",
    "微粒贷借款后想提前还，提前还款APP上没有入口",
    "网贷借款后只能按期还款，不能一次性结清",
])
def test_themes14_early_settlement_on_unfair_terms_is_no_negotiation(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... not a waiver, a yes on fair terms, the complainant's own means or terms.
@pytest.mark.parametrize("text", [
    "网贷借款后，提前还款可以减免利息",
    "网贷借款后，客服说可以提前还，利息只收当期",
    "网贷借款后，我现在没钱，不能一次性结清",
    "网贷借款后，我说可以，但是利息要按实际天数算",
])
def test_themes14_early_settlement_fair_or_own_is_no_no_negotiation(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Themes14: the debt told to the people phoned, with words between the borrower and the debt (已经, 卷款, 把钱拿去, 恶意) and the
# card debt worded 透支; not the complainant's own telling, nor the call to the borrower.
@pytest.mark.parametrize("text, want", [
    ("信用卡逾期，催收打电话给我妈，说我已经逾期了", True),
    ("借款逾期，催收打电话给我同事，说我卷款跑路了", True),
    ("信用卡逾期，银行的催收给我领导打电话，说我涉嫌恶意透支", True),
    ("网贷逾期，催收打电话给我朋友，说我把钱拿去吸毒", True),
    ("借款逾期，我跟我妈说我已经逾期了", False),
    ("借款逾期，催收打电话给我，说我已经逾期了", False),
])
def test_themes14_debt_told_to_contacts_with_words_between_is_privacy(tagger, text, want):
    assert ("privacy" in themes(tagger, text)) == want


# Themes14: talks that came to nothing worded 谈不下来 / 没谈成 / 都没谈好; a request met with silence (毫无回音) or the whole sum
# insisted on (只接受本息一起还, 要求利息也要还); not the complainant's own demand, nor after the lender agreed.
@pytest.mark.parametrize("text, want", [
    ("招联金融逾期，跟平台谈了很多次都谈不下来", True),
    ("信用卡逾期，和银行协商了一个多月都没谈好", True),
    ("网贷逾期，要求平台协商延期，平台毫无回音", True),
    ("网贷逾期，我多次提出协商还本金，平台只接受本息一起还", True),
    ("网贷逾期，协商只还本金，平台要求利息也要还", True),
    ("网贷逾期，我要求全部减免", False),
    ("网贷逾期，申请分期，我坚持要全部还清", False),
    ("网贷逾期，我跟平台协商，平台同意分期，要求我本息一起还", False),
])
def test_themes14_talks_to_nothing_or_whole_sum_is_no_negotiation(tagger, text, want):
    assert ("no_negotiation" in themes(tagger, text)) == want


# Themes14: the photo edited in other words (合成, 恶搞, words P'd onto it, the couple's photo), 艳照, 一通骂: insult, and privacy
# for the photos; not the complainant's own edit, nor a face check at sign-up.
@pytest.mark.parametrize("text, want", [
    ("借款逾期后，催收把我的头像合成到裸体上", {"insult", "privacy"}),
    ("信用卡逾期，催收篡改了我的照片", {"insult", "privacy"}),
    ("借款逾期后，催收拿我的照片恶搞", {"insult", "privacy"}),
    ("借款逾期后，催收给我的照片P上老赖两个字", {"insult", "privacy"}),
    ("借款逾期后，催收p我和我老公的合照", {"insult", "privacy"}),
    ("借款逾期后，催收发我的艳照", {"insult", "privacy"}),
    ("借款逾期后，催收打电话过来就是一通骂", {"insult"}),
    ("借款逾期，我自己恶搞了我的照片", set()),
    ("借款时要求上传本人照片，系统合成了人脸", set()),
])
def test_themes14_photo_edited_in_other_words_is_insult(tagger, text, want):
    assert themes(tagger, text) & {"insult", "privacy"} == want


# Themes14: a rhetorical negation reports the act (从没见过这么/这样/如此…, 不是一般的…); a plain denial still negates.
@pytest.mark.parametrize("text, want", [
    ("信用卡逾期，从没见过这么骂人的催收", True),
    ("借款逾期，我从来没受过这样的侮辱", True),
    ("网贷逾期，催收那不是一般的辱骂", True),
    ("网贷逾期，催收没有骂我", False),
    ("网贷逾期，他们从来没有辱骂过我", False),
])
def test_themes14_rhetorical_negation_reports_insult(tagger, text, want):
    assert ("insult" in themes(tagger, text)) == want


# Themes14: personal data harvested or misused in more words (codebook: "harvesting or misusing ... personal data"): the phone
# watched, the face data collected, the address hunted down, the data shared on, the credit report queried without leave,
# the collector knowing it all; not the complainant's own search or knowledge, nor consent asked at sign-up.
@pytest.mark.parametrize("text, want", [
    ("借款逾期，平台监控我的手机通话", True),
    ("分期乐逾期，平台违规采集我的人脸信息", True),
    ("借款逾期，催收查到了我的家庭住址和工作单位", True),
    ("借款后，我的信息被多家网贷平台共享", True),
    ("借款逾期，平台未经授权查询我的征信报告", True),
    ("借款逾期，催收对我的个人信息了如指掌", True),
    ("借款逾期，我查到了他们的工作地址", False),
    ("借款逾期，我对自己的情况一清二楚", False),
    ("借款时，平台让我同意查询征信", False),
])
def test_themes14_data_harvested_in_more_words_is_privacy(tagger, text, want):
    assert ("privacy" in themes(tagger, text)) == want


# Themes14: the lender not giving way worded 不松口, talks worded 协商未成; not the complainant's own stand, nor a condition.
@pytest.mark.parametrize("text, want", [
    ("信用卡逾期后，银行始终不松口", True),
    ("网贷逾期，跟平台协商未成", True),
    ("借款逾期，催收让我还全款，我就是不松口", False),
    ("借款逾期，如果平台始终不松口，我就起诉", False),
])
def test_themes14_no_give_is_no_negotiation(tagger, text, want):
    assert ("no_negotiation" in themes(tagger, text)) == want


# Themes15, call_harassment (codebook: frequent or repeated calls; "骚扰" with no channel named gets no channel theme):
# over and over with no call named (还一遍遍骚扰, 一遍遍发短信), and the collector's claim that calling is lawful
# (狂言24小时拨打通讯录是合法的: a claim of right, not calls received) are no call_harassment.
@pytest.mark.parametrize("text", [
    "网贷逾期后，催收发邮件发短信没完没了，还一遍遍骚扰我",
    "招联金融的催收一遍又一遍地骚扰我，借款才逾期两天",
    "信用卡逾期，银行一遍遍给我发催款短信",
    "借款逾期后，催收狂言24小时拨打通讯录是合法的",
    "信用卡中心的催收说每天打电话都是合法合规的",
    "消费金融的催收声称一直打电话给紧急联系人属于正常催收",
])
def test_themes15_repetition_without_calls_or_claimed_right_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款逾期后，催收把我通讯录里亲戚的电话打了一遍又一遍",
    "逾期三天，捷信的催收一遍遍打电话给我妈",
    "逾期两天，催收电话一遍又一遍地打过来",
    "催收每天打几十个电话给我，这是合法的吗？",
    "借款逾期后催收天天打电话骚扰我家人，请问这是合法的吗",
    "催收天天打电话骚扰我，还说他们这样做是合法的",
])
def test_themes15_calls_over_and_over_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, call_harassment: a call told by the abuse or threat said in it (电话过来就是辱骂骚扰, 打电话恐吓骚扰我父母, 晚上打电话骂我:
# 晚上 names no late hour) is insult's, threat's or third_party_contact's, not bombardment; calls told as repeated, harassment
# by calls told apart from the abuse, and night calls stay.
@pytest.mark.parametrize("text", [
    "分期乐的催收电话过来就是辱骂骚扰我通讯录",
    "信用卡逾期后，催收打电话恐吓骚扰我父母",
    "协商好了还款日期，催收晚上打电话骂我",
    "借款逾期一天，消费金融的催收晚上打电话来威胁我",
])
def test_themes15_call_told_by_its_abuse_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "逾期后催收天天打电话辱骂骚扰我的家人",
    "催收晚上打电话骚扰我，说再不还就上门",
    "催收电话骚扰我家人，还辱骂他们",
    "招联的催收晚上打电话催款，一晚上打了十几个",
    "网贷催收深夜打电话骂我",
])
def test_themes15_calls_harassing_or_at_night_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, call_harassment: the contacts bombarded through another channel named just before 轰炸 (用短信轰炸家人朋友: codebook
# notes, 轰炸 means calls unless another channel is named) are texts, not calls; the contacts stay third_party_contact, and calls
# named with the texts (电话短信轰炸), 轰炸 with a text told apart, 打爆 and 呼死你 stay call_harassment.
@pytest.mark.parametrize("text", [
    "逾期三天，催收用短信轰炸我的家人朋友",
    "网贷逾期后，催收用微信消息轰炸通讯录好友",
    "信用卡逾期，催收用信息大面积轰炸我的亲戚",
])
def test_themes15_contacts_bombarded_by_texts_is_no_call_harassment(tagger, text):
    got = themes(tagger, text)
    assert "call_harassment" not in got and "third_party_contact" in got


@pytest.mark.parametrize("text", [
    "逾期后催收电话短信轰炸我的家人",
    "捷信的催收轰炸我的通讯录，还群发短信说我欠钱",
    "催收打爆了我的通讯录，又给亲戚发短信",
    "催收用呼死你软件轰炸我的家人",
])
def test_themes15_contacts_bombarded_by_calls_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, call_harassment: a call word near a word of frequency that is not about calls received: the complainant's own phone
# always on or in use (我的电话一直开机, 她一直在用这个号码), the other side not answering (平台一直不接电话), the recordings kept
# (电话录音我一直保存着), one call beside texts (好几个短信和一个电话), the complainant calling and someone new answering each time
# (每次打电话都是不同的人接), and the workplace asked about in a call to the borrower (打电话核实我的工作单位).
@pytest.mark.parametrize("text", [
    "借款逾期了，我的电话一直开机，催收却说联系不上我",
    "紧急联系人留的是我妈的电话，她一直在用这个号码，网贷逾期了",
    "平台一直不接电话，我想提前结清贷款",
    "电话录音我一直保存着，催收说要爆我通讯录",
    "信用卡逾期后收到好几个短信和一个电话",
    "每次打电话都是不同的人接，贷款问题一直没有解决",
    "办理分期时，银行打电话问我单位在哪里",
    "消费金融的客服打电话核实我的工作单位，借款还没逾期",
])
def test_themes15_frequency_not_of_calls_received_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "逾期第二天，催收电话一直打，我都不敢开机",
    "催收每次打电话都骂我，一天打十几个",
    "网贷逾期后，催收好几个号码轮流打我电话",
    "信用卡逾期，银行催收每天打好几个电话",
    "逾期一天，催收打了好几个电话给我老婆",
    "逾期后催收打电话到单位核实情况，领导都知道了",
    "逾期后催收打电话到单位问我同事我在不在",
    "分期乐逾期后，催收电话我不接就一直打",
])
def test_themes15_frequent_calls_and_workplace_calls_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, call_harassment: the complainant calling someone named between 我 and the call (我给银行打了好多次电话, 我跟信用卡中心
# 打了无数次电话: not calls received); the lender calling me, or making me call, stays.
@pytest.mark.parametrize("text", [
    "我给银行打了好多次电话申请分期，都说不行",
    "我跟信用卡中心打了无数次电话，要求停息挂账",
])
def test_themes15_own_calls_to_someone_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收给我打了好多次电话",
    "催收逼我给家人打电话，一天打了十几个",
    "我跟催收说了下个月还，他们还是天天打电话",
])
def test_themes15_calls_to_me_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, sms_harassment (as call_harassment drops 说要打电话): texts only threatened, the threat word shortly before in the
# clause (说要群发短信骚扰我的家人, 扬言要发短信给我通讯录所有人, 恐吓说要告知我的朋友并发短信给他们) are threat's and
# third_party_contact's, not texts received; texts sent while a threat is told apart stay.
@pytest.mark.parametrize("text", [
    "信用卡逾期后，催收说要群发短信骚扰我的家人",
    "催收扬言要发短信给我通讯录所有人，说我欠钱不还",
    "捷信的催收扬言要群发信息给我通讯录",
    "网贷逾期，催收扬言要发短信威胁我朋友",
    "借呗逾期，催收恐吓说要告知我的朋友并发短信给他们",
])
def test_themes15_threatened_texts_are_no_sms_harassment(tagger, text):
    assert "sms_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收发短信威胁我，说要爆通讯录",
    "催收每天发短信骚扰我，还说要上门",
    "催收说要打电话，又发短信恐吓我家人",
    "催收说要上门，然后发短信骚扰我",
    "催收威胁要爆通讯录，还群发短信给我朋友",
    "催收发邮件给我，又发短信给我家人",
])
def test_themes15_texts_sent_stay_sms_harassment(tagger, text):
    assert "sms_harassment" in themes(tagger, text)


# Themes15, call_harassment: one number of a kind (一个陌生号码打给我: one number is no "many numbers"), and calls only announced
# (说一天会打三个电话, 扬言每天打二十个电话: threat's) are no calls received; many numbers and habitual calls stay.
@pytest.mark.parametrize("text", [
    "借款逾期后，催收用一个陌生号码打给我",
    "网贷逾期，催收说一天会打三个电话",
    "信用卡逾期后，催收扬言每天打二十个电话",
])
def test_themes15_one_number_or_announced_calls_are_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收用不同的陌生号码轮番打我电话",
    "逾期后催收换了十几个号码打我电话",
    "催收一天会打几十个电话给我",
    "催收用虚拟号码一直打我电话",
])
def test_themes15_many_numbers_or_habitual_calls_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, call_harassment: abuse or threats by phone with a word of repetition said of another act in the sentence (多次协商
# 无果，催收电话威胁我; 平台一直不处理，催收打电话恐吓我家人) is one abusive call (insult's, threat's), not repeated calls; the
# repetition said of the calls or of the collection itself stays.
@pytest.mark.parametrize("text", [
    "多次协商无果，催收电话威胁我",
    "我已经多次投诉，催收还是打电话辱骂我",
    "一直在积极筹钱，催收打电话威胁我说要上门",
    "平台一直不处理，催收打电话恐吓我家人",
    "多次申请延期都被拒绝，催收电话辱骂我",
    "信用卡中心一直不同意分期，催收电话威胁要起诉",
])
def test_themes15_repetition_of_another_act_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收每天电话威胁我",
    "催收多次打电话辱骂我",
    "中银消费金融的催收多次找人以电话、短信威胁恐吓本人",
    "借款逾期后每天无数次遭到暴力催收，电话短信威胁",
])
def test_themes15_repeated_phone_abuse_stays_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, call_harassment: 骚扰电话 of someone else named (其他贷款平台的骚扰电话), a number flagged by the phone (被标记为骚扰电话),
# and the complainant's own distress (接到催收电话后我很困扰) report no calls by the lender in number.
@pytest.mark.parametrize("text", [
    "借款后经常接到其他贷款平台的骚扰电话，怀疑信息被卖",
    "催收电话被手机标记为骚扰电话",
    "银行信用卡中心的电话被标记成骚扰电话，我以为是诈骗就没接",
    "接到催收电话后我很困扰，因为确实没钱还",
])
def test_themes15_spam_label_or_own_distress_is_no_call_harassment(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "逾期后催收电话骚扰我的家人",
    "催收的号码被很多人标记为骚扰电话，一天打了二十多个",
    "催收打电话骚扰我父母，他们很困扰",
])
def test_themes15_harassing_calls_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes15, privacy: 暴露 said of a fault revealed (这暴露出平台管理混乱, 问题完全暴露了, 暴露了高利贷的本质) shows no personal data
# to anyone; personal data or the debt exposed stays.
@pytest.mark.parametrize("text", [
    "这件事暴露出平台管理混乱，借款利息太高",
    "借款逾期后，平台的问题完全暴露了，客服推来推去",
    "这充分暴露了该消费金融公司高利贷的本质",
])
def test_themes15_fault_revealed_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收毫不顾虑地向我通讯录家人朋友暴露我个人信息",
    "信用卡逾期后，银行催收向我同事暴露了我的欠款情况",
    "借款平台把我的身份证号码暴露给了第三方",
])
def test_themes15_data_exposed_stays_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


# Themes16: habitual conditionals (themes.md: a theme applies when the post reports that the collectors did the thing; only the
# complainant's own hypothetical is dropped). 如果不还钱，催收就骂我 / 要是晚一天还，他们就打电话给我爸妈 / 一旦逾期，就爆通讯录 say what the
# collectors do each time, like 只要…就, 每次…都, 一…就 (scope.habitual): the condition is the borrower's not paying, the hit is in the
# consequent after 就/便/都, not in the future (就会), not addressed to the borrower (你: the collector's words), not a question or a worry.
# (and call_harassment's exception 就天天打 / 就每天打, meant for the threat to call, narrowed to the threat's own words, 不还就天天,
# 就天天打你: 如果没按时还款，银行的催收就天天打电话 reports calls.) Every positive fails before the change.
@pytest.mark.parametrize("text, theme", [
    ("在招联金融借了两万，如果不还钱，催收就骂我，什么难听的话都说", "insult"),
    ("安逸花逾期后，要是当天没还上，催收便骂我是老赖", "insult"),
    ("捷信的催收很过分，如果晚还一天，他们就在电话里辱骂我", "insult"),
    ("微粒贷逾期以后，一旦没按时还款，催收就骂我全家", "insult"),
    ("信用卡逾期，要是说没钱，银行的催收员就破口大骂", "insult"),
    ("分期乐逾期，若不及时还款，催收便发短信骂我", "insult"),
    ("借了马上消费金融的钱，如果还不上，他们就用脏话骂我", "insult"),
    ("在京东金条借款，要是少还一点，催收就骂我骗子", "insult"),
    ("如果逾期一天，招联的催收就说我是老赖，骂得很难听", "insult"),
    ("借呗逾期后，如果不接电话，催收就发短信辱骂我", "insult"),
    ("安逸花逾期后，如果没还款，催收就把我的欠款信息发给通讯录里的人", "privacy"),
    ("在捷信借款，要是晚还几天，他们就把我的身份证照片发到亲戚群里", "privacy"),
    ("微粒贷逾期，一旦没还上，催收就把我的照片P图发给我朋友", "privacy"),
    ("借了平安普惠，如果不还钱，催收便告诉我同事我欠钱不还", "privacy"),
    ("信用卡逾期，要是不接电话，催收就把我的欠款情况告诉我领导", "privacy"),
    ("招联金融逾期后，如果超过还款日，催收就在群里曝光我的个人信息", "privacy"),
    ("在拍拍贷借钱，若没按时还款，他们就把我的家庭住址发给我同学", "privacy"),
    ("借了360借条，如果晚一天还款，催收就给我通讯录的人发消息说我欠钱不还", "privacy"),
    ("捷信的催收很过分，要是晚一天还，他们就打电话给我爸妈", "third_party_contact"),
    ("安逸花逾期后，如果没还款，催收就联系我的紧急联系人", "third_party_contact"),
    ("微粒贷逾期，一旦不接电话，催收就打给我同事", "third_party_contact"),
    ("借了招联金融，如果当天没还，他们就打电话到我公司找领导", "third_party_contact"),
    ("在360借条借的钱，要是晚一天还，他们就打电话给我爸妈", "third_party_contact"),
    ("信用卡逾期后，要是没接电话，银行催收就给我老婆打电话", "third_party_contact"),
    ("借了分期乐，若不还钱，催收便联系我通讯录里的亲戚朋友", "third_party_contact"),
    ("美团借钱逾期，如果到期没还，他们就打电话给我家里人要钱", "third_party_contact"),
    ("在京东金条借款，如果没钱还，催收就给我的朋友打电话让他们帮我还", "third_party_contact"),
    ("借了马上消费金融，一旦逾期，催收就爆我通讯录", "third_party_contact"),
    ("借了拍拍贷，要是不接电话，他们就换号码继续打", "call_harassment"),
    ("如果当天没还上，微粒贷的催收就一天打几十个电话", "call_harassment"),
    ("招联金融逾期后，要是晚还一天，催收就不停地打我电话", "call_harassment"),
    ("信用卡逾期，如果没按时还款，银行就天天打电话催", "call_harassment"),
    ("安逸花逾期，一旦不接电话，他们就用不同号码轮番打过来", "call_harassment"),
    ("捷信逾期后，如果不还钱，催收就半夜打电话给我", "call_harassment"),
    ("借了360借条，要是没还上，催收就打电话轰炸我", "call_harassment"),
    ("借了平安普惠，如果不接电话，催收就打爆我的电话", "call_harassment"),
    ("在分期乐借款，若没及时还款，催收便一天打二十多个电话", "call_harassment"),
    ("借了美团借钱，如果逾期一天，催收就打电话到我单位，一天好几个", "call_harassment"),
    ("安逸花逾期以后，如果没还款，催收就每天发几十条短信", "sms_harassment"),
    ("微粒贷逾期，要是不接电话，他们就发短信威胁我", "sms_harassment"),
    ("借了招联金融，如果晚还一天，催收就群发短信恐吓我", "sms_harassment"),
    ("信用卡逾期后，一旦没还上，银行催收就不停地发短信骚扰我", "sms_harassment"),
    ("捷信的催收，如果不还钱就给我发恐吓短信", "sms_harassment"),
    ("借了拍拍贷，若不及时还款，催收便发辱骂短信给我", "sms_harassment"),
    ("在京东金条借钱，如果逾期了，催收就给我通讯录的人群发短信", "sms_harassment"),
    ("借了360借条，要是没钱还，催收就短信轰炸我", "sms_harassment"),
    ("借了美团借钱，如果晚还一天，就在微信上加我家人好友", "social_platform"),
    ("安逸花逾期后，如果没还款，催收就加我的微信骚扰我", "social_platform"),
    ("借了招联金融，要是不接电话，催收就在QQ上威胁我", "social_platform"),
    ("微粒贷逾期，一旦没还上，催收就在微信群里发我的照片", "social_platform"),
    ("信用卡逾期，如果没按时还款，银行的催收就天天打电话", "call_harassment"),
    ("借了安逸花，逾期第二天催收就每天打电话过来", "call_harassment"),
    ("招联金融的催收，如果晚还一天，就每天打电话给我家人", "call_harassment"),
])
def test_themes16_habitual_conditionals_report(tagger, text, theme):
    assert theme in themes(tagger, text)


# The complainant's own plan (如果再骚扰我就报警), the condition holding the act (如果他们再打电话给我家人，我就去投诉), a fear (我怕如果…),
# the future (就会), a question or a worry (…吗, …怎么办) and 万一 stay hypothetical (controls: all pass before the change too).
@pytest.mark.parametrize("text, theme", [
    ("如果催收再骂我，我就去银保监会投诉", "insult"),
    ("要是招联的催收敢骂我家人，我就报警", "insult"),
    ("我怕如果逾期了，捷信的催收就会骂我", "insult"),
    ("如果逾期了，安逸花的催收会不会骂人？", "insult"),
    ("要是还不上，催收就会骂我吗", "insult"),
    ("催收说如果不还钱，就骂你全家", "insult"),
    ("如果他们再打电话给我家人，我就去投诉", "third_party_contact"),
    ("借了微粒贷，如果不还就爆你通讯录", "third_party_contact"),
    ("如果再骚扰我家人，我就报警处理", "third_party_contact"),
    ("我担心如果还不上，安逸花就会联系我家人", "third_party_contact"),
    ("如果逾期了，他们就会打电话给我家人吗？", "third_party_contact"),
    ("要是晚还一天，捷信的催收就会打给我父母怎么办", "third_party_contact"),
    ("借了招联金融，如果逾期了，他们就会联系紧急联系人", "third_party_contact"),
    ("如果平台联系我家人，我会起诉他们", "third_party_contact"),
    ("如果催收再打电话骚扰我，我就报警", "call_harassment"),
    ("要是银行再一天打几十个电话，我就投诉到银保监会", "call_harassment"),
    ("我怕要是没还上，微粒贷的催收就会一直打电话", "call_harassment"),
    ("如果逾期，分期乐会不会天天打电话？", "call_harassment"),
    ("如果他们把我的信息泄露给别人，我就起诉", "privacy"),
    ("万一逾期了，催收就把我的信息发给家人怎么办", "privacy"),
    ("如果再发短信骚扰我，我就去投诉", "sms_harassment"),
    ("要是逾期，他们就会发短信给通讯录的人吗", "sms_harassment"),
    ("如果催收再加我微信骚扰，我就报警", "social_platform"),
])
def test_themes16_plans_fears_and_questions_stay_hypothetical(tagger, text, theme):
    assert theme not in themes(tagger, text)


# Controls (pass before and after): 只要/每次/每当/一…就 were reports already; a counterfactual (如果不是…) reports; the
# collector's conditional threat told with a speech cue is third_party_contact (and threat), as the codebook notes say.
@pytest.mark.parametrize("text, theme", [
    ("捷信的催收只要晚一天，他们就打电话给我爸妈", "third_party_contact"),
    ("安逸花每次逾期都会给我通讯录的人发短信", "sms_harassment"),
    ("微粒贷一逾期就爆通讯录，我家里人全知道了", "third_party_contact"),
    ("借了平安普惠的钱，每当我说没钱，他们就骂我是老赖", "insult"),
    ("在分期乐借款，稍微晚还一点就被骂", "insult"),
    ("招商银行信用卡逾期，只要不接电话就打给我同事", "third_party_contact"),
    ("如果不是催收天天打电话骚扰，我也不会来投诉", "call_harassment"),
    ("催收说如果不还就爆你通讯录", "third_party_contact"),
])
def test_themes16_habitual_controls(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "催收说不还钱就天天打电话给我家人",
    "不还钱就天天打电话给你",
    "催收说如果不还就爆你通讯录",
])
def test_themes16_threats_to_call_stay_threats(tagger, text):
    got = themes(tagger, text)
    assert "threat" in got and "call_harassment" not in got


# Themes16, social_platform: a list of channels sharing one verb (codebook: contact or pressure through WeChat, QQ, Weibo):
# 通过电话、微信、短信威胁恐吓我 says the threats came by WeChat as well (、 ends a clause, and the near rule wants 微信 next to
# the verb). Every positive fails before the change.
@pytest.mark.parametrize("text", [
    "捷信的催收通过电话、微信、短信威胁恐吓我",
    "安逸花的催收用电话,微信,短信轮番骚扰我",
    "信用卡逾期，催收用QQ、微信、电话轮番轰炸我的家人",
    "借了分期乐，催收微信、电话、短信各种威胁",
    "招联金融逾期后，催收通过微博、微信、电话辱骂我",
    "微粒贷逾期两天，催收用微信和电话不停地骚扰我老婆",
    "安逸花逾期后，我被他们用电话、微信、短信轮番骚扰",
    "借了美团借钱，催收通过短信、QQ、微信对我进行人身攻击",
])
def test_themes16_channel_list_is_social_platform(tagger, text):
    assert "social_platform" in themes(tagger, text)


# The complainant's own contacts through the channels, and pressure only announced or supposed (controls: pass before too).
@pytest.mark.parametrize("text", [
    "我通过电话、微信、短信联系客服，都没有回复",
    "我用微信、电话、短信跟招联的催收协商，他们不同意",
    "催收说要通过电话、微信、短信骚扰我所有朋友",
    "如果催收再用电话、微信骚扰我，我就报警",
    "我用电话、微信轰炸客服，也没人理",
    "捷信的催收扬言要用微信、电话轰炸我家人",
])
def test_themes16_own_or_announced_channel_list_is_no_social_platform(tagger, text):
    assert "social_platform" not in themes(tagger, text)


# Themes16, social_platform: the complainant adding the collector's or the staff's account (本人添加催收公司的微信号, 我去加了图上的
# 微信咨询) is no contact by the lender (codebook: the lender or its collectors did it), nor 发 inside 发现 (看他朋友圈发现…).
# Every one is tagged before the change.
@pytest.mark.parametrize("text", [
    "借了捷信，本人添加催收公司的微信号，发现其朋友圈都是暴力催收的视频",
    "安逸花逾期，我去加了图上的微信咨询，对方说是催收公司",
    "借了招联金融，我也加了催收员的微信，想商量晚几天还",
    "借了捷信，看他朋友圈发现他是催收公司的",
    "微粒贷逾期，我只好加了催收的QQ，问他能不能减免",
])
def test_themes16_own_adding_is_no_social_platform(tagger, text):
    assert "social_platform" not in themes(tagger, text)


# ... while the lender adding the complainant, what it sends in the chat, and abuse in the chat (在微信上骂我, the new 骂) stay.
# The 骂 sentences fail before the change; the others are controls (pass before and after), and so is the one negative here.
@pytest.mark.parametrize("text", [
    "捷信的催收在微信里骂我是老赖",
    "信用卡逾期，催收天天在微信上骂我",
    "招联的催收用QQ骂我家人",
    "借了安逸花，催收微信骂人很难听",
    "安逸花逾期三天，催收在QQ上骂我全家",
])
def test_themes16_abuse_in_the_chat_is_social_platform(tagger, text):
    assert "social_platform" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借了微粒贷，我就加了他的微信，他每天在微信上骂我",
    "借了分期乐，我微信被催收加了好几次",
    "借了分期乐，我微信收到催收发的威胁",
    "借了安逸花，催收让我加他微信，不加就爆通讯录",
    "招联金融逾期，催收把我加了微信好友，每天发语音骚扰",
])
def test_themes16_lender_adding_stays_social_platform(tagger, text):
    assert "social_platform" in themes(tagger, text)


def test_themes16_own_adding_control(tagger):
    assert "social_platform" not in themes(tagger, "信用卡逾期后，我主动添加了银行客服的微信，想申请分期")


# Themes16, call_harassment: calls only announced by the collector are threat's, not calls received (as themes15's 扬言每天打二十个
# 电话 and round 5's 说要天天打电话给我家人): a speech cue with a future (说要打爆我电话) or with a condition of not paying and 就
# (扬言不还钱就打爆你的电话, 说如果今天不还，就一天打一百个电话) before the hit (scope.announced). Every one is tagged before the change.
@pytest.mark.parametrize("text", [
    "微粒贷催收扬言不还钱就打爆你的电话",
    "信用卡催收说要打爆我电话",
    "捷信的催收说下午不还就一直打你电话威胁我",
    "安逸花催收说不还钱就一直打我电话",
    "借了分期乐，催收说不还就打爆我通讯录",
    "招联的催收说如果今天不还，就一天打一百个电话",
    "信用卡逾期，催收威胁不还钱就会有更多的电话不停地骚扰我家人",
])
def test_themes16_announced_calls_are_no_call_harassment(tagger, text):
    got = themes(tagger, text)
    assert "call_harassment" not in got and "threat" in got


# Controls (no call_harassment before and after): the words quoted to their addressee, with or without a speech cue.
@pytest.mark.parametrize("text", [
    "招联的催收说12点前不还上就一直打你电话",
    "借了钱站，客服以要入账为由，12点前不还上就一直打你电话",
])
def test_themes16_announced_calls_controls(tagger, text):
    assert "call_harassment" not in themes(tagger, text)


# The complainant speaking (我跟他们说不是不还，结果…就一直打我电话), what was said of the complainant (说我欠钱不还，就天天打电话给我:
# fails before, the old 就天天打 exception) and calls after words said stay call_harassment (the others: controls).
@pytest.mark.parametrize("text", [
    "催收打电话说我欠钱不还，就天天打电话给我",
    "我跟他们说不是不还，只是晚几天，结果招联的催收就一直打我电话",
    "我说下个月一定还，安逸花催收不同意，每天打几十个电话",
    "捷信的催收跟我说要协商，结果第二天就打爆了我的电话",
    "信用卡逾期，催收员说我是老赖，一天打几十个电话骂我",
    "借了微粒贷，我已经说了月底还，他们还是天天打电话",
])
def test_themes16_calls_after_words_said_stay_call_harassment(tagger, text):
    assert "call_harassment" in themes(tagger, text)


# Themes16, habitual conditionals, more: the complainant as the one acted on (我就被骂了一顿) and 都会 said of what happened each
# time (他们都会…发短信，我已经被发过两次了) report (both fail before the change); a question about the practice (…这很正常吗, …吗), the
# future said to the reader (就会打电话给你家人) and a bank's rule (若逾期未还，本行将…) stay hypothetical (controls).
@pytest.mark.parametrize("text, theme", [
    ("借了微粒贷，如果当天没还上，我就被骂了一顿", "insult"),
    ("借了拍拍贷，一旦逾期，他们都会给通讯录里的人发短信，我已经被发过两次了", "sms_harassment"),
    ("借了拍拍贷，一旦逾期，他们都会给通讯录里的人发短信，我已经被发过两次了", "third_party_contact"),
])
def test_themes16_habitual_conditionals_report_more(tagger, text, theme):
    assert theme in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "招联金融逾期后，如果逾期，催收都会打电话给紧急联系人，这很正常吗",
    "借了安逸花，要是逾期了，平台就把我的信息给催收公司，这合法吗",
    "借了捷信，如果不还，催收就会打电话给你家人",
    "借了分期乐，如果逾期，你们就打我家人电话吗",
    "信用卡章程写明，若逾期未还，本行将通过电话、短信等方式联系持卡人",
    "借了拍拍贷，如果逾期，他们都会给通讯录里的人发短信吗",
])
def test_themes16_questions_and_rules_stay_hypothetical(tagger, text):
    assert not themes(tagger, text) & {"third_party_contact", "call_harassment", "sms_harassment", "privacy", "insult"}


# Themes16, social_platform: contact by someone who only calls themself the lender's staff, pressing for nothing in the sentence
# (有人加我微信，自称微粒贷客服，说可以降低利息; 冒充京东金融客服加我QQ…注销账户): the impostor's scam, not the lender's, its collectors'
# or its app's doing (codebook). Both fail before the change.
@pytest.mark.parametrize("text", [
    "微粒贷还款后，有人加我微信，自称微粒贷客服，说可以降低利息",
    "借了招联金融，一个陌生人添加我的微信，自称招联工作人员，让我交手续费办理减免",
])
def test_themes16_impostor_contact_is_no_social_platform(tagger, text):
    assert "social_platform" not in themes(tagger, text)


# ... one who presses (威胁, 催, 骂, 起诉), or pressure elsewhere in the sentence, stays (controls: pass before and after); and
# 冒充…客服加我QQ with no pressure had no theme before either (control).
@pytest.mark.parametrize("text", [
    "借了安逸花，有人加我微信，自称是安逸花的工作人员，威胁我不还就爆通讯录",
    "借了分期乐，有人加我微信，自称分期乐客服，催我今天必须还款",
    "借了安逸花，催收加我微信，自称是律师，说要起诉我",
    "借了安逸花，催收在微信上骂我，后来又有人自称客服加我微信说可以帮忙",
])
def test_themes16_staff_who_press_stay_social_platform(tagger, text):
    assert "social_platform" in themes(tagger, text)


def test_themes16_impostor_control(tagger):
    assert "social_platform" not in themes(tagger, "借了京东金条，有人冒充京东金融客服加我QQ，说可以帮我注销账户")


# credit1 (issue 12, credit_threat; codebook: the collector or app threatens the credit report or blacklists as pressure,
# 影响征信): the record said ruined (信用受损, 变差, 毁了, 完蛋, 废了), or the borrower made a 黑户 / put on the list (弄成征信黑户,
# 就成老赖, 就是征信黑名单上的人), in the collector's words (说/称/威胁/恐吓/警告/叫嚣), even past a comma. All fail before.
@pytest.mark.parametrize("text", [
    "中信银行信用卡的催收说我的信用记录会变差",
    "捷信的催收说逾期超过90天就成征信黑户",
    "安逸花催收说我现在不还，以后个人信用就毁了",
    "借呗催收说再逾期就让我个人信用受损",
    "招联金融的催收说不还你个人信用就完蛋了",
    "微粒贷的客服在电话里说我这样拖着，征信会变差",
    "花呗催收威胁说会使我的个人信用受到损害",
    "广发信用卡的催收恐吓我，再拖下去信用记录就废了",
    "捷信催收说不还钱就把你弄成征信黑户",
    "催收人员说，再不还款，你就是征信黑名单上的人了",
    "安逸花的催收告诉我，再不还就成老赖了",
    "2023年美团月付逾期，客服打电话称个人信用将会受损",
    "众安贷的催收警告说，逾期超过一个月就会变成征信黑户",
    "宜人贷的催收打电话说，再拖下去就打成失信人员",
])
def test_credit1_record_ruined_is_credit_threat(tagger, text):
    assert "credit_threat" in themes(tagger, text)


# ... not the complainant's own state, knowledge or words to the collector, a bank telling the record as it is, a cue
# denying it, nor a record already ruined (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "我的信用记录变差了，都是因为平台乱扣款",
    "银行说我信用受损了，要结清五年后才能恢复",
    "我跟催收说再这样逼我，我的个人信用就完蛋了",
    "客服说还清后不会影响个人信用",
    "客服说协商还款期间征信不会变差",
    "我怕成为征信黑户，一直在借钱还信用卡",
    "我知道不还征信就会变差，但是真的没钱",
    "招联的客服说我已经是征信黑户了，不能再借",
    "我不想成为征信黑户，请求银行给个分期方案",
])
def test_credit1_own_state_is_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# credit1 (codebook: 以后贷不了款/办不了信用卡 as pressure): the collector's words that no lender will lend again with no
# quantifier (以后银行都不给你贷款, 到时候银行都不会再借钱给你), and the house or car unaffordable (以后房子都买不了). All fail before.
@pytest.mark.parametrize("text", [
    "中信银行信用卡的催收说以后银行都不给你贷款",
    "招联催收威胁我，说到时候银行都不会再借钱给你",
    "借呗逾期，催收扬言以后金融机构都不会给你放款",
    "微粒贷的催收说以后平台都不给你办卡",
    "建设银行信用卡的催收说不还以后房子都买不了",
    "捷信的催收说再不还，以后车子也买不了",
    "度小满的催收叫嚣说将来网贷平台都不会借钱给你",
])
def test_credit1_no_lender_will_lend_is_credit_threat(tagger, text):
    assert "credit_threat" in themes(tagger, text)


# ... not the complainant's own loss, fear or question (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "银行都不给我贷款了，征信太花",
    "我这辈子都别想贷款了",
    "我担心以后房子都买不了",
    "借了捷信，我怕以后银行都不给我贷款",
    "我问客服是不是以后银行都不给我贷款了",
    "征信花了，现在哪家银行都不给我贷款",
])
def test_credit1_own_loss_is_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# credit1: the contract's terms told in the clause before the report (借呗的协议条款规定，逾期信息将报送征信系统) are a lawful
# clause, not the lender's or collector's pressure (codebook: credit_threat is a threat used as pressure; the existing rule
# already drops 合同里/条款 in the same clause). The first two fail before; the rest are controls (pass before and after):
# disputes about a wrong record (codebook: a different issue), the complainant's worry and advice.
@pytest.mark.parametrize("text", [
    "借呗的协议条款规定，逾期信息将报送征信系统",
    "借款合同约定，逾期信息将报送人民银行征信系统",
    "信用卡合同里写明逾期会上报征信系统",
    "贷款已经结清，征信上仍显示逾期，要求招联更正",
    "我想修复征信，请捷信出具结清证明",
    "去银行办房贷，客户经理说我征信有逾期记录，贷不了款",
    "招联未经我同意就上报了征信，要求撤销逾期记录",
    "建议大家按时还款，不然会影响征信",
    "银行说结清后征信会在五年后自动消除",
    "我怕影响征信，一直在借钱还款",
    "我担心逾期会上征信，所以想协商分期",
])
def test_credit1_terms_and_disputes_are_no_credit_threat(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# ... the collector quoting the contract as pressure keeps it (control: passes before and after)
def test_credit1_collector_citing_terms_control(tagger):
    assert "credit_threat" in themes(tagger, "安逸花的催收说按合同规定，不还就上报征信")


# credit1 (codebook note: a threat to report to the credit bureau, with nothing else menacing, is credit_threat only, not
# threat): the 威胁/恐吓 whose words, in the next clause, name only the credit report (恐吓我，再拖下去信用记录就废了), the
# record ruined in the same clause (威胁说会使我的个人信用受到损害), and a conditional warning ending in a 黑户 or the list
# (说不还钱就把你弄成征信黑户). All had threat before and fail before.
@pytest.mark.parametrize("text", [
    "花呗催收威胁说会使我的个人信用受到损害",
    "广发信用卡的催收恐吓我，再拖下去信用记录就废了",
    "捷信催收说不还钱就把你弄成征信黑户",
    "催收人员说，再不还款，你就是征信黑名单上的人了",
    "招联催收威胁我，说到时候银行都不会再借钱给你",
])
def test_credit1_credit_only_is_no_threat(tagger, text):
    assert themes(tagger, text) == {"credit_threat"}


# ... a threat naming contacts or a visit keeps its threat, and so does a threat received by the contacts whose next clause
# opens with no words said (不要觉得所有人都是老赖: the complainant's retort) (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "招联的催收恐吓我，说要找我家人，还要上征信",
    "借了功夫贷，我通讯录朋友也被频繁骚扰并遭到威胁，不要觉得所有人都是老赖",
    "安逸花催收威胁我，不还就爆通讯录，再上征信",
])
def test_credit1_other_menace_keeps_threat(tagger, text):
    assert "threat" in themes(tagger, text)


# credit1 (codebook: 上征信 as pressure): the collector's words that the record will be reported, named as the record rather
# than the bureau (会把我的逾期记录上报), kept in the bureau for good, the report named as a measure (采取征信上报措施),
# published through it, marked on it (在征信上给我标注恶意欠款), the app's score lowered (影响我的芝麻分), the record said to
# 爆, and 以后想贷款门都没有. All fail before.
@pytest.mark.parametrize("text", [
    "借了招联金融，催收说会把我的逾期记录上报，影响我以后办房贷",
    "安逸花的催收声称我的逾期记录将被永久保存在征信系统",
    "捷信发短信称将对我采取征信上报措施",
    "中信银行信用卡的催收说如果不还，将把我的不良信息提供给征信机构",
    "借呗逾期，催收说会影响我的芝麻分",
    "微粒贷的催收说你的征信要爆了",
    "京东金条的催收称将通过征信系统通报我的违约行为",
    "平安普惠的催收说不还款就在征信上给我标注恶意欠款",
    "招联的催收说以后想贷款门都没有",
    "花呗逾期后，客服说会降低我的芝麻信用",
])
def test_credit1_record_reported_is_credit_threat(tagger, text):
    assert "credit_threat" in themes(tagger, text)


# ... a record marked on the bureau, with nothing else menacing, is credit_threat only (fails before: it had threat)
def test_credit1_record_marked_is_no_threat(tagger):
    assert themes(tagger, "平安普惠的催收说不还款就在征信上给我标注恶意欠款") == {"credit_threat"}


# ... not a record already reported, a denial, a dispute, the complainant's question, knowledge, fear or own words, nor a
# bank telling how long a record is kept (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "借了招联金融，客服说我的逾期记录已经上报了",
    "微粒贷的客服说协商期间逾期信息不会上报",
    "我的逾期记录被上报到央行，要求捷信撤销",
    "借呗还款后，客服说不会影响芝麻分",
    "我问客服逾期会不会影响芝麻分",
    "我知道逾期记录会上报，但是真的没钱还",
    "客服说结清后逾期记录会保存五年",
    "借了网贷，我这辈子想贷款门都没有了",
    "我跟催收说，你们这样，我以后想贷款门都没有了",
    "我怕影响芝麻分，借了朋友的钱还花呗",
])
def test_credit1_record_reported_controls(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# credit1: the collector's words told with 告诉我, then the consequence opening the next clause (fails before); the
# complainant telling the collector, a record already reported and a denial are none (controls: pass before and after).
def test_credit1_told_me_next_clause_is_credit_threat(tagger):
    assert "credit_threat" in themes(tagger, "招联金融的催收告诉我逾期已超过三个月，会被列入征信黑名单")


@pytest.mark.parametrize("text", [
    "我告诉催收我已经失业了，会尽快还款，不要上报征信",
    "客服告诉我逾期记录已经上报了，要结清五年后才能消除",
    "客服告诉我协商成功，逾期信息不会上报征信",
])
def test_credit1_told_me_controls(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# credit1: the record (信用记录 / 征信记录) said to follow the borrower for life, in the collector's words (both fail before);
# the complainant's fear and a denial are none (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "招联催收说你的信用记录会伴随你一辈子",
    "捷信的催收警告我，不还的话征信记录会跟着你一辈子",
])
def test_credit1_record_for_life_is_credit_threat(tagger, text):
    assert "credit_threat" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "我担心信用记录会伴随我一辈子",
    "客服说信用记录不会跟着你一辈子，结清五年后就消除",
])
def test_credit1_record_for_life_controls(tagger, text):
    assert "credit_threat" not in themes(tagger, text)


# noneg5 (issue 12): a request for relief, in any lender's borrowers' words (最低还款, 免除年费和违约金, 分60期, 按LPR四倍
# 计算, 还本付息, 我只能还利息, 需要一些时间, 跟催收说再给我一周时间), then within two clauses the lender's side saying it cannot
# be done (没有资格, 逾期了不能办理, 先把逾期的还上再谈, 协商需要先还最低还款额, 要等到逾期90天以后才能协商, 只有全额还款一个选择,
# 要还就全部还, 做不了主, 没时间给我, 没得协商) or refusing without speech (拒绝了我的要求, 被他们拒绝了, 一点结果都没有, 永远都是
# 让等通知, 最多只宽限一天) is no_negotiation (all fail before).
@pytest.mark.parametrize("text", [
    "申请了停息挂账，银行说我没有资格",
    "我想办理最低还款，银行说逾期了不能办理",
    "想申请停息挂账，银行说我逾期时间太短，不能办理",
    "我申请了协商还款，他们说先把逾期的钱还上再谈",
    "打电话去协商，客服说协商需要先还最低还款额",
    "本人联系客服要求协商，客服说要等到逾期90天以后才能协商",
    "想协商还款，催收说你没资格跟我们谈",
    "我希望能够分期偿还，对方说只有全额还款一个选择",
    "我想跟他们商量只还本金，他们说要还就全部还",
    "我说我现在只能还利息，催收说不行，必须本息一起还",
    "跟催收说再给我一周时间，他说他做不了主，让我找客服",
    "我和催收说我愿意还款，只是需要一些时间，催收说没时间给我",
    "我找他们协商，他们却说逾期了就没得协商了",
    "协商还款时，他们说逾期就是违约，违约金不能少",
    "提出按照LPR四倍计算利息，平台拒绝了我的要求",
    "我提出按合法利率还本付息，被他们拒绝了",
    "联系信用卡中心要求免除年费和违约金，他们不同意",
    "我向银行提出了分60期的还款申请，银行不同意",
    "我向银行申请最低还款，银行拒绝了",
    "我跟借呗协商了好几次，一点结果都没有",
    "多次打客服电话想协商分期，客服永远都是让等通知",
    "申请延期，催收最多只宽限一天",
])
def test_noneg5_request_met_said_no(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... not a third party's or the complainant's words, a partial grant, a yes, a loan application, the calls, a cancellation,
# a refusal denied, or a condition (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "要求减免罚息，客服说不能全部减免，可以给我减一半",
    "我提出延期的请求，催收没有拒绝，给了我一周时间",
    "打电话协商取消借款，回复是无法取消",
    "申请延期还款，客服说不用担心，系统会自动延期",
    "想跟借呗协商还款，客服说可以，不过要先交收入证明",
    "想提前结清借款，客服说没问题",
    "催收问我能不能先还一部分，我说不行",
    "要求平台减免利息，如果平台不同意，我就起诉",
    "我申请了个性化分期，银行说我符合条件，已经通过了",
    "希望平台能减免部分利息，平台同意了，说只收本金",
    "我想和平台协商还款，我告诉他们我没办法一次性还清",
    "我跟客服说了想分期还款，客服说可以帮我申请",
    "跟信用卡中心协商个性化分期，对方说我的情况可以办理",
    "我想协商还款，客服说会安排专人联系我，第二天就联系了",
    "想协商还款，请平台联系我",
    "跟银行协商成功，已经同意分期还款",
    "我不同意他们的分期方案，因为利息太高",
])
def test_noneg5_request_met_said_no_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: the codebook's 协商无果 told as its outcome: talks about repaying, the charges or relief, then the lender leaving the
# sum as it was (仍然超过百分之34, 利息还是按原来的算, 还是要还全款, 还是一分没少) or defending the charges as lawful (坚称合法合规);
# the request met with 没什么好说的 / 少一分都不行; and the borrower's hardship explained or time asked for, met with not listening
# or the same pressure (他们还是每天打电话爆通讯录, 他们根本不听, 客服说他们也没办法，只能按流程走) (all fail before).
@pytest.mark.parametrize("text", [
    "与功夫贷工作人员协商一次性还款，年利率仍然超过百分之34，工作人员声称符合国家规定",
    "和招联客服沟通利息太高的问题，客服坚称他们是合法合规的",
    "跟功夫贷协商了几次，利息还是按原来的算",
    "借呗逾期，沟通了几次，结果还是要还全款",
    "和钱站协商后，还款金额还是一分没少",
    "借款逾期，我请求延期，他们说逾期就是违约，没什么好说的",
    "我想少还点利息，对方说少一分都不行",
    "网贷逾期，跟他们解释了很多次，他们还是每天打电话爆通讯录",
    "借款逾期，我说不是不还，只是要一段时间，催收还是天天打电话",
    "网贷逾期，给客服说明了情况，客服不相信，说我是故意不还",
    "借款逾期，跟客服说明了情况，客服说他们也没办法，只能按流程走",
])
def test_noneg5_talks_no_effect_and_hardship_ignored(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... not after a deal or a yes, understanding shown, the complainant's own resignation or admission, a condition, a shop's return,
# 不管怎么样 (a conjunction), calls after the debt was cleared, or the charges conceded lawful (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "跟功夫贷协商好了分期，还是要按时还款",
    "协商后平台同意减免，剩下的还是要还",
    "我跟客服沟通了几次，我还是要还全款，只能认了",
    "如果协商不成，还是要按合同还款",
    "借款逾期，我说明了情况，客服表示理解，同意延期三天",
    "借款逾期，我解释了情况，催收说可以宽限几天",
    "借款逾期，跟催收说了我的情况，催收同意了，给我延期一周",
    "借款已经还清了，催收还是一直打电话",
    "跟客服沟通了还款的事，客服说利息是合法的，我看了合同也确实没超过24%",
    "借款逾期，我解释过了，是我自己的原因逾期的",
    "我需要一些时间筹钱还款，希望平台理解",
])
def test_noneg5_talks_no_effect_and_hardship_ignored_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: "offers no flexible solution" (codebook) in more of its families: the whole sum insisted on after a request for time, a
# plan or part payment; the request answered by handing the debt to outside collectors; only repayment on the original terms as the
# answer; the way to talks or relief closed; relief gated by how long overdue; a plan refused (拒绝提供还款方案); relief granted only
# on paying first with no 但 before the condition (all fail before).
@pytest.mark.parametrize("text", [
    "借款逾期，我一直想还，只是需要分几个月还，可是对方坚持要我一次还清",
    "我要求分期还款，他们要求我一次性还清所有欠款",
    "我愿意还本金，平台坚持要连本带息全部还清",
    "我申请延期还款，平台直接把我的账转给了外包催收",
    "招联客服只会让我按时还款",
    "信用卡逾期，客服的答复永远是请您按时还款",
    "借款逾期，协商的时候，他们只说一句话：必须还钱",
    "借呗的协商通道关闭了",
    "平台关闭了协商还款的通道",
    "现在app上的协商还款入口已经关闭",
    "信用卡逾期，客服说他们是持牌机构，不存在协商一说",
    "银行说必须逾期半年以上才可以停息挂账",
    "借款逾期，客服拒绝提供还款方案",
    "借款逾期，客服说要分期可以，必须先还一半欠款",
])
def test_noneg5_no_flexible_solution_more(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... not early settlement asked for, a yes, the complainant's own demand or habit, a reminder, a debt passed on with no request
# answered, the complainant's own setting, a question, hearsay, the complainant's own plan, a deal (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "我想提前结清，平台要求我一次性还清剩余本金",
    "申请分期，对方同意了，但要求我首付一次性还清逾期部分",
    "客服说可以分期，我坚持要一次性还清",
    "借款后我只会按时还款，不会逾期",
    "借款时客服提醒我按时还款",
    "逾期三个月后，平台把账转给了外包催收",
    "我关闭了信用卡的分期功能",
    "请问借呗的协商通道关闭了吗",
    "听说要逾期90天以上才能办理停息挂账",
    "是不是要逾期三个月才能协商还款",
    "我准备等发工资以后才能协商还款",
    "协商好了分期，催收却马上把我转给了第三方催收",
    "客服说协商可以，我同意先还一半",
])
def test_noneg5_no_flexible_solution_more_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: the same families as 2018-2019 borrowers of the two lenders word them, in sentences the rules above did not read: the
# whole interest or the contract's sum insisted on after an offer (平台要求还全部利息, 钱站却要求按合同全额还款), relief said not to
# exist (没有延期这个说法), talks gated (协商要等到逾期以后, 让我先还清逾期的，然后再谈减免的事), a dare instead of an answer (你找律师吧),
# one stance every time (都是一个态度：还钱) (all fail before).
@pytest.mark.parametrize("text", [
    "本人愿意还本金，但是平台要求还全部利息",
    "本人愿意偿还本金和合法利息，钱站却要求按合同全额还款",
    "借款逾期，本人跟客服说明情况，请求延期几天，客服说没有延期这个说法",
    "借款逾期，和钱站客服协商，客服说协商要等到逾期以后",
    "功夫贷让我先还清逾期的，然后再谈减免的事",
    "想协商还款，功夫贷的人说你找律师吧",
    "借款逾期后多次跟钱站协商，钱站都是一个态度：还钱",
])
def test_noneg5_lenders_words_more(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... not the complainant's own offer or stance, a yes, a deal (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "本人愿意还本金，平台同意了，要求我按合同约定的日期还款",
    "我要求按合同还款，不接受他们乱收的费用",
    "我的态度就是一个：按国家规定的利息还款",
    "借款逾期，催收说先还一部分，然后再协商剩下的，我同意了",
])
def test_noneg5_lenders_words_more_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: the answer opening the next sentence after repeated stops, as posts type them (。。。, !!!), reads like one stop (both
# fail before); a deal across the same stops is none (control: passes before and after).
@pytest.mark.parametrize("text", [
    "协商还款。。。不同意。。。",
    "我想协商还款!!!他们说不行!!!",
])
def test_noneg5_repeated_stops(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


def test_noneg5_repeated_stops_control(tagger):
    assert "no_negotiation" not in themes(tagger, "协商还款。。。对方同意分期了。。。")


# noneg5: the borrower's own offer or plea (我说先还五百, 给我点时间, 需要周转几天) refused worded 不愿意 / 不乐意 (fail before);
# the lender's own deadline and the complainant unwilling are none (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "借款逾期，我说可以先处理几百块，剩下的月底还，他们不愿意",
    "网贷逾期，求他们给我点时间，他们不乐意",
    "借呗逾期，我说需要周转几天，客服不愿意，说必须今天还",
])
def test_noneg5_offer_refused_unwilling(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款逾期，催收让我先还五百，我不愿意",
    "借款逾期，催收说只给我一天时间，我说好的",
])
def test_noneg5_offer_refused_unwilling_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: refusing early settlement on fair terms (codebook note) worded otherwise: paying off early asked for (想提前把钱还了, 想全部
# 还掉, 想提前结束借款, 想一次还完) and the remaining term charged or settlement barred (要连后面几个月的利息一起付, 却要我付一年的利息,
# 剩下的服务费也要交, 只能按月还, 要等到第六期以后才可以), or no way to settle early in the app (all fail before).
@pytest.mark.parametrize("text", [
    "借款后我想提前把钱还了，客服说要连后面几个月的利息一起付",
    "借款我只用了两个月，想全部还掉，平台却要我付一年的利息",
    "借款想提前结束，平台说剩下的服务费也要交",
    "钱站app上根本找不到提前还款的地方",
    "借款要求提前结清，客服说要等到第六期以后才可以",
    "借款想一次还完，客服说只能按月还",
    "借款我想提前把剩下的钱还清，他们说不行，必须每个月还",
])
def test_noneg5_early_settlement_refused_more(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


# ... not early settlement granted, a charge never disclosed (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "借款想提前结清，客服说可以提前，只收当期利息",
    "借款我想提前把钱还了，客服说可以，不收剩余的服务费",
    "借款时未告知提前还款要收取全部利息",
])
def test_noneg5_early_settlement_refused_more_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: the request met by a lender unmoved or unreasonable (不配合, 油盐不进, 软硬不吃, 蛮不讲理, 不讲道理, 能拖就拖, 打哈哈, 没商量),
# and talks worded 不通 (协商不通, 根本说不通) (all fail before); 说不通 as "makes no sense", the complainant's own stance and a plea
# are none (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "借款逾期，跟他们协商不通",
    "借款逾期，和客服根本说不通",
    "借款逾期，要求协商，平台不配合",
    "借款逾期，协商减免，对方油盐不进",
    "借款逾期，想和他们商量，催收软硬不吃",
    "借款逾期，协商的时候，对方蛮不讲理",
    "借款逾期，跟他们协商，根本不讲道理",
    "借款逾期，要求延期，他们能拖就拖",
    "借款逾期，申请减免，客服一直打哈哈",
    "借款逾期，要求协商，催收说没商量",
])
def test_noneg5_unmoved_lender(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借款三千到账两千，这利息怎么算都说不通",
    "借款逾期，要求协商，我不配合他们的无理要求",
    "借款逾期，希望平台不要蛮不讲理，给我协商的机会",
])
def test_noneg5_unmoved_lender_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5 (precision): asking with no refusal reported (codebook's "does not count") in shapes the older rules took for a refusal: a
# question (不知道能不能办理), a yes in between (客服同意延期一个月，但说不能再逾期), no promise of success (说不能保证一定通过), the lender
# promising to stop (说不会再打电话给我家人), a third party's words (朋友说不可能, 我老公说不行, 听说不行, 网上说不可能) (all tagged before).
@pytest.mark.parametrize("text", [
    "我想跟招商银行协商停息挂账，不知道能不能办理",
    "我向捷信申请延期，客服同意延期一个月，但说不能再逾期",
    "申请停息挂账，客服说不能保证一定通过，让我先提交材料",
    "借款逾期，我想协商还款，客服说不会再打电话给我家人",
    "我想跟招联协商分期，朋友说不可能",
    "我向银行申请延期，我老公说不行，让我借钱还",
    "我打算跟银行协商还款，听说不行",
    "我想申请延期还款，网上说不可能",
])
def test_noneg5_no_refusal_reported(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# noneg5: "ignores requests" (codebook): the charges raised, the lender's side promising to pass them on or handle them, then
# nothing received (fail before); handled after all is none (control: passes before and after).
@pytest.mark.parametrize("text", [
    "借款后我觉得利息不合理，客服说让我先还，他们给我反应情况会给我处理，现在还款时间到了没有接到任何处理的电话",
    "借款利息太高，客服说帮我申请一下再答复，到现在也没有收到任何回复",
])
def test_noneg5_promised_then_nothing_more(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


def test_noneg5_promised_then_nothing_more_control(tagger):
    assert "no_negotiation" not in themes(tagger, "借款利息太高，客服说帮我申请一下再答复，第二天就收到了减免的短信")


# noneg5: titles typing the refusal as one phrase, 调整利率被拒 / 调整利息被拒, and no one to talk to (没人协商) (fail
# before); a question or a wish is none (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "钱站调整利率被拒",
    "功夫贷调整利息被拒",
    "功夫贷逾期了也没人协商",
])
def test_noneg5_typed_refusals_more(tagger, text):
    assert "no_negotiation" in themes(tagger, text)


@pytest.mark.parametrize("text", [
    "借呗逾期，调整利率会不会被拒",
    "借款逾期，希望有人跟我协商还款",
])
def test_noneg5_typed_refusals_more_controls(tagger, text):
    assert "no_negotiation" not in themes(tagger, text)


# Privins5 (issue 12), privacy (codebook: disclosing the debt or personal data to others, publishing photos, misusing personal
# data; notes: exposing the borrower's photos to others is privacy and insult, like the threat to do it), in families the
# rules missed: the debt spelled out to a former colleague or told to the spouse, the debt said after the family was harassed
# (骚扰我家人，说我…), 借了很多钱 / 是个欠债不还的人, a circle told by its place (我们村的人), word of mouth (到处跟人说我, 逢人就说我),
# the debt made the talk of the village (传得沸沸扬扬), the ID taken to sign up elsewhere (passive), the address book taken without
# leave from 我手机的 or exported, the home address looked up, a poster or banner of the borrower, photos put up or mass-sent
# verb first, lies about the borrower spread to the contacts (the tune part labels 诽谤我有艾滋病，并且群发通讯录 privacy), mass texts
# calling the borrower a cheat, texts received saying what the borrower owes (all fail before).
@pytest.mark.parametrize("text", [
    "安逸花逾期后，催收联系我前同事，把我的借款情况全说了",
    "分期乐逾期，催收告诉我老婆我在外面借了高利贷",
    "微粒贷逾期，催收通知我的家人我借款逾期",
    "借呗逾期，催收还骚扰我家人，说我是不是想欠钱不还",
    "捷信逾期后，催收给我老婆发短信说我在外面借了很多钱",
    "招联金融的催收跟我女朋友说我是个欠债不还的人",
    "京东金条逾期，现在我们村的人都知道我欠网贷了",
    "你我贷的催收到处跟人说我借钱不还",
    "信用卡逾期，催收跑到我老家，逢人就说我欠钱",
    "美团月付逾期，催收把我欠钱的事在我老家传得沸沸扬扬",
    "网贷逾期，我的身份信息被他们拿去注册了别的网贷",
    "借款APP未经同意调取了我手机的通讯录",
    "网贷逾期后，催收把我的通讯录全部导出来",
    "信用卡逾期，催收查到了我家的地址",
    "平安普惠逾期，催收给我的亲友造谣说我得了艾滋病",
    "还呗逾期后，催收编造诽谤我的短信，群发给我的通讯录",
    "网贷逾期，催收群发短信说我是骗子",
    "网贷逾期，我的同学都收到了说我欠钱不还的短信",
])
def test_privins5_debt_told_data_misused_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


# ... a poster of the borrower, or the photos put up or mass-sent, is public shaming as well (privacy and insult; fail before)
@pytest.mark.parametrize("text", [
    "美团月付逾期，催收说要在我老家贴我的大字报",
    "借呗逾期，催收要在我单位门口挂我的横幅",
    "信用卡逾期，催收在我们小区贴了我的照片",
    "网贷逾期，催收群发我的照片给通讯录里的人",
])
def test_privins5_poster_or_photos_put_up_is_privacy_and_insult(tagger, text):
    assert {"privacy", "insult"} <= themes(tagger, text)


# ... not: 爆通讯录 or texts to the contacts alone (codebook notes), lies told to the borrower alone, the complainant's own telling
# or posting, a fear, sign-up, fraudsters' misuse, the debt said to the borrower (controls: pass before and after).
@pytest.mark.parametrize("text", [
    "招联逾期，催收爆了我的通讯录",
    "网贷逾期，催收群发短信给我的通讯录",
    "网贷逾期，催收发短信诽谤恐吓我",
    "网贷逾期，我到处跟朋友说我欠了网贷，想借钱还上",
    "网贷逾期，我自己跟家人说了欠款的事",
    "网贷逾期，我怕催收在我老家贴我的大字报",
    "借款时需要上传身份证照片和通讯录",
    "网贷逾期，我的身份信息被骗子拿去注册了网贷",
    "网贷逾期，催收给我打电话说我欠了他们的钱",
    "网贷逾期，我担心我的个人信息会被泄露",
])
def test_privins5_contacts_alone_own_or_feared_is_no_privacy(tagger, text):
    assert "privacy" not in themes(tagger, text)


# Privins5, insult (codebook: verbal abuse, cursing, humiliation, degrading or obscene language, public shaming): the curse quoted
# after 张嘴就是, 国骂, 秽言, 骚话, shame threatened (丢尽脸), names (吃白饭的, 没良心, 没人性, 该死), words described (难以入耳,
# 不好听的话, 不文明的语言, 言语刻薄粗俗, 短信内容极其恶毒, 骂的话不堪入耳), curses (遭报应), the wife told to sell herself, the borrower
# told to get lost or made a son or grandson (让我叫他爸爸, 叫我孙子), more of the family 问候'd (all fail before).
@pytest.mark.parametrize("text", [
    "捷信逾期后，催收张嘴就是妈的",
    "网贷逾期，催收出口就是国骂",
    "网贷逾期，催收口出秽言",
    "安逸花逾期，催收对我老婆说骚话",
    "招联逾期，催收说要让我在亲戚朋友面前丢尽脸",
    "花呗逾期，催收说我是吃白饭的",
    "借呗逾期，催收说我不还钱就是没良心的白眼狼",
    "网贷逾期，催收说我没人性",
    "网贷逾期，催收说我这种人就该死",
    "网贷逾期，催收说了很多难以入耳的话",
    "信用卡逾期，催收说了很多不好听的话",
    "分期乐逾期，催收用不文明的语言骚扰我",
    "信用卡逾期，催收言语刻薄粗俗",
    "网贷逾期，催收的短信内容极其恶毒",
    "网贷逾期，那个女的骂的话不堪入耳",
    "网贷逾期，催收说我借钱不还会遭报应的",
    "微粒贷逾期，催收说我老婆可以去卖",
    "京东金条逾期，催收让我滚",
    "网贷逾期，催收让我叫他爸爸",
    "网贷逾期，催收在电话里问候我父母",
])
def test_privins5_abuse_worded_otherwise_is_insult(tagger, text):
    assert "insult" in themes(tagger, text)


# ... not: a rude tone or slow reply (codebook), the complainant's own cursing or curse on the lender, the family's scolding
# (我老婆知道后把我骂了一顿 fails before: the family's learning of it stood between), the son told to repay, a fear of shame, selling
# the car (controls).
@pytest.mark.parametrize("text", [
    "网贷逾期，我老婆知道后把我骂了一顿",
    "网贷逾期，我爸发现以后把我臭骂一顿",
    "网贷逾期，客服态度很差，回复很慢",
    "网贷逾期，催收语气很凶",
    "网贷逾期，我没有骂人，只是让催收别打了",
    "网贷逾期，我跟催收说你们这样会遭报应的",
    "网贷逾期，催收叫我儿子替我还钱",
    "网贷逾期，我怕丢脸，不敢告诉家人",
    "网贷逾期，客服说我可以去卖车还款",
    "网贷逾期，这家平台说话不算话",
])
def test_privins5_rude_own_or_family_is_no_insult(tagger, text):
    assert "insult" not in themes(tagger, text)


# Privins5, privacy round 2 (codebook: disclosing personal data, harvesting or misusing it): the words typed otherwise (泻露 for 泄露,
# 曝露, 爆光 for 曝光, 私隐 for 隐私), 侵害 for 侵犯, data misused or looked into without leave (乱用, 私自查看), handed to a third party
# with no 了, sent about at random (乱发我的个人信息), and the people reached now knowing (爆我通讯录，现在我的亲戚朋友都知道了)
# (all fail before).
@pytest.mark.parametrize("text", [
    "微粒贷逾期，平台泻露我的个人信息",
    "网贷逾期，催收曝露了我的个人信息",
    "借呗逾期，催收说要把我爆光到网上",
    "花呗逾期，催收侵犯个人私隐",
    "招联逾期，平台侵害我的个人信息",
    "网贷逾期，借款APP乱用我的个人信息",
    "网贷逾期，平台私自查看我的通讯录",
    "网贷逾期，平台私自将我的个人信息给第三方",
    "网贷逾期，平台乱发个人信息",
    "捷信逾期，催收爆我通讯录，现在我的亲戚朋友都知道了",
    "信用卡逾期，催收打到我单位，领导同事都知道了",
])
def test_privins5_round2_typed_misused_or_made_known_is_privacy(tagger, text):
    assert "privacy" in themes(tagger, text)


# ... not: 爆光我的通讯录 is 爆通讯录 typed (no exposure of the person: no insult), the complainant's own telling, a fear, a fault
# revealed, texts sent at random (controls).
@pytest.mark.parametrize("text, theme", [
    ("网贷逾期，催收爆光我的通讯录", "insult"),
    ("网贷逾期，我给家人打电话说了，现在家人都知道了", "privacy"),
    ("网贷逾期，催收打电话给我妈，我怕家人都知道了", "privacy"),
    ("借款利息太高，这曝露出平台管理混乱的问题", "privacy"),
    ("网贷逾期，催收乱发信息骚扰我的朋友", "privacy"),
])
def test_privins5_round2_controls(tagger, text, theme):
    assert theme not in themes(tagger, text)


# Privins5, insult round 2 (codebook: verbal abuse, cursing, degrading or obscene language, P图): vulgar words named 用词/言辞,
# 说话不干不净, obscene pictures (黄图), the photo set in a mourning hall, told to eat shit, cursing with the collector named
# otherwise (对方开始骂, 还要被他们骂) or taken (天天挨骂) (all fail before).
@pytest.mark.parametrize("text", [
    "信用卡逾期，催收用词粗俗",
    "网贷逾期，催收言辞粗俗",
    "网贷逾期，催收说话不干不净",
    "安逸花逾期，催收发黄图给我",
    "网贷逾期，催收把我的照片放在灵堂上",
    "网贷逾期，催收让我去吃屎",
    "招联逾期，对方开始骂",
    "网贷逾期，接电话后他们就开始骂",
    "网贷逾期，天天挨骂",
    "网贷逾期，还要被他们骂",
])
def test_privins5_round2_abuse_is_insult(tagger, text):
    assert "insult" in themes(tagger, text)


# ... not: the family scolding, its member the clause's subject with time words between or the complainant taking it from them
# (我妈天天骂我, 被家里人骂了一顿, 我挨了我爸一顿骂: fail before), and still insult when the family is only phoned (controls).
@pytest.mark.parametrize("text, want", [
    ("网贷逾期，我妈天天骂我", False),
    ("网贷逾期，被家里人骂了一顿", False),
    ("网贷逾期，我挨了我爸一顿骂", False),
    ("网贷逾期，回家挨老婆骂", False),
    ("网贷逾期，催收给我妈打电话骂我", True),
    ("网贷逾期，催收打给我妈，天天骂我", True),
])
def test_privins5_round2_family_scolding_is_no_insult(tagger, text, want):
    assert ("insult" in themes(tagger, text)) is want


# Privins5, privacy round 3 (codebook: harvesting the address book or personal data): one number given, others phoned (我只填了我妈的
# 电话，他们却打给了我所有同事; 紧急联系人只有我老婆，催收却…), the call log gone through or phoned down (翻我的通话记录, 按照我的通话记录
# 一个个打过去) (all fail before); not the address book phoned (爆通讯录, codebook notes) nor the complainant's own records (controls).
@pytest.mark.parametrize("text, want", [
    ("还呗逾期，我只填了我妈的电话，他们却打给了我所有同事", True),
    ("网贷逾期，我的紧急联系人只有我老婆，催收却打给了我的朋友", True),
    ("网贷逾期，催收翻我的通话记录", True),
    ("信用卡逾期，催收按照我的通话记录一个个打过去", True),
    ("网贷逾期，催收根据我的通话记录打给我的朋友", True),
    ("网贷逾期，催收按照我的通讯录一个个打过去", False),
    ("网贷逾期，我的通话记录可以证明催收一天打了几十个电话", False),
    ("网贷逾期，我只填了我妈的电话，催收也只打给了我妈", False),
])
def test_privins5_round3_contacts_or_call_log_harvested_is_privacy(tagger, text, want):
    assert ("privacy" in themes(tagger, text)) is want


# Privins5: the children's photos spread are privacy, not insult (the tune part labels 散发本人小孩的照片 so; control, passes before).
def test_privins5_childrens_photos_spread_is_privacy_only(tagger):
    got = themes(tagger, "网贷逾期，催收到处散发我孩子的照片")
    assert "privacy" in got and "insult" not in got


# Privins5: the borrower's (or family's) photos sent round, or the threat to, are privacy and insult (codebook notes: exposing the
# borrower's photos to others is privacy and insult, like the threat to do it; fail before: privacy only); ID papers and the
# children's photos stay privacy only (tests/test_tag_tricky.py; the tune part's 散发本人小孩的照片) (controls).
@pytest.mark.parametrize("text, insult", [
    ("捷信逾期，催收直接说要群发照片", True),
    ("网贷逾期，催收把我的生活照到处群发", True),
    ("网贷逾期，催收恶意将我家人照片群发", True),
    ("网贷逾期，催收群发手持身份证照片", False),
    ("网贷逾期，催收到处散发我孩子的照片", False),
])
def test_privins5_photos_sent_round_is_privacy_and_insult(tagger, text, insult):
    got = themes(tagger, text)
    assert "privacy" in got and ("insult" in got) is insult


# Privins5, precision (codebook "does not count": no disclosure, the complainant's own telling or words): the debt's record looked up,
# updated or reported to the credit bureau (欠款信息 was a bare term), adverts sent about (到处发 was a bare term), the family told by
# the complainant after a call, the complainant's own harsh words (the first four fail before, the last one after the new rules);
# the disclosures themselves stay privacy (controls).
@pytest.mark.parametrize("text, theme, want", [
    ("网贷逾期，app上查不到我的欠款信息", "privacy", False),
    ("网贷逾期，客服说欠款信息已经更新了", "privacy", False),
    ("网贷逾期，催收说要把我的欠款信息上报征信", "privacy", False),
    ("借款后，到处发广告的网贷", "privacy", False),
    ("网贷逾期，催收打电话给我，后来我告诉家人，家人都知道了", "privacy", False),
    ("网贷逾期，我忍不住说了很多不好听的话", "insult", False),
    ("网贷逾期，催收泄露我的欠款信息", "privacy", True),
    ("网贷逾期，催收把我的欠款信息发给我朋友", "privacy", True),
    ("网贷逾期，催收把我的照片到处发", "privacy", True),
])
def test_privins5_records_adverts_and_own_words_are_no_disclosure(tagger, text, theme, want):
    assert (theme in themes(tagger, text)) is want


# Privins5, precision of bare terms (codebook "does not count": asking for ID at sign-up, the complainant's own action or words):
# sign-up's ID and photos, an account hacked, an application turned down, the complainant's own banner or fame wished on the
# lender, a colour, an advert, the complainant's curse on the lender (all fail before); the collector's acts stay (controls).
@pytest.mark.parametrize("text, theme, want", [
    ("借款时需要填写个人身份证信息", "privacy", False),
    ("借款时客服让我发我照片认证", "privacy", False),
    ("借款后我的账号被盗用了，有人用我的账号借了钱", "privacy", False),
    ("借款申请时个人信息被审核驳回", "privacy", False),
    ("网贷逾期，我要去他们公司拉横幅", "insult", False),
    ("网贷逾期，我要去他们公司拉横幅", "privacy", False),
    ("网贷逾期，我要让他们的恶行人尽皆知", "insult", False),
    ("借款app页面是黄色的", "insult", False),
    ("借款app里有色情广告", "insult", False),
    ("借款平台这么黑，我诅咒这个平台早日倒闭", "insult", False),
    ("网贷逾期，催收说要到我家拉横幅", "insult", True),
    ("网贷逾期，催收到处说，弄得人尽皆知", "privacy", True),
    ("网贷逾期，催收诅咒我全家", "insult", True),
    ("网贷逾期，平台盗用我的个人信息", "privacy", True),
    ("网贷逾期，我的个人信息被泄露", "privacy", True),
])
def test_privins5_bare_terms_sign_up_own_acts_and_adverts(tagger, text, theme, want):
    assert (theme in themes(tagger, text)) is want
