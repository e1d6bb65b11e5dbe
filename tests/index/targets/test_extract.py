"""Target extraction: the three sentence shapes, the year in force, things that are not targets,
and sentences written for these tests in the plans' style (not taken from corpus/)."""

from __future__ import annotations

import pytest

from index.targets.extract import clause_targets, distribute, extract_targets, paragraph_year
from index.types import Passage, Target

HECHUAN = "chongqing-hechuan-2024"
SHAPOTOU = "ningxia-shapotou-2022"
PROVINCE = "sichuan-province-2023"
TIANFU = "sichuan-tianfu-2024"
DONGLI = "tianjin-dongli-2024"


@pytest.fixture(scope="module")
def plan_targets(documents) -> dict[str, list[Target]]:
    return {doc_id: extract_targets(d.passages) for doc_id, d in documents.items()}


def only(targets: list[Target], metric: str) -> Target:
    found = [t for t in targets if t.metric == metric]
    assert len(found) == 1, (metric, [t.metric for t in targets])
    return found[0]


def summary(target: Target) -> tuple[str, float, str, str, bool, int | None]:
    return (
        target.metric,
        target.value,
        target.unit,
        target.comparator,
        target.at_least,
        target.year,
    )


def passage(text: str, section: tuple[str, ...] = ("二、主要目标",), ordinal: int = 0) -> Passage:
    return Passage(f"t-{ordinal}", "t", ordinal, section, text, 0, len(text))


# -- the three shapes, on the plans ------------------------------------------------------------------
def test_shape_a_metric_comparator_number_and_bound(plan_targets):
    assert summary(only(plan_targets[HECHUAN], "食品抽检合格率")) == (
        "食品抽检合格率",
        98.2,
        "%",
        "达到",
        True,
        2027,
    )


def test_shape_a_not_less_than_a_count(plan_targets):
    assert summary(only(plan_targets[DONGLI], "国家高新技术企业")) == (
        "国家高新技术企业",
        700,
        "家",
        "超过",
        True,
        2025,
    )
    smart = [t for t in plan_targets[DONGLI] if t.metric == "实施智改数转项目"]
    assert smart and all(
        (t.value, t.unit, t.comparator, t.at_least) == (100, "个", "不少于", True) for t in smart
    )


def test_shape_a_more_than_a_decimal_percentage(plan_targets):
    target = only(plan_targets[DONGLI], "全社会研发支出占GDP比重")
    assert (target.value, target.unit, target.comparator, target.at_least) == (
        3.8,
        "%",
        "超过",
        True,
    )


def test_shape_a_a_score_in_points(plan_targets):
    target = only(plan_targets[HECHUAN], "公共服务质量满意度")
    assert (target.value, target.unit, target.at_least, target.year) == (82, "分", False, 2027)
    assert only(plan_targets[PROVINCE], "公共服务质量满意度").value == 80


def test_shape_a_a_value_without_a_unit(plan_targets):
    target = only(plan_targets[HECHUAN], "制造业质量竞争力指数")
    assert (target.value, target.unit, target.at_least) == (92, "", True)


def test_shape_b_verb_metric_number_unit(plan_targets):
    standards = only(plan_targets[DONGLI], "制修订国际标准、国家标准及行业标准")
    assert (standards.value, standards.unit, standards.comparator) == (10, "项", "新增")
    brands = [t for t in plan_targets[DONGLI] if t.metric == "津农精品"]
    assert brands and all((t.value, t.unit, t.comparator) == (9, "个", "累计培育") for t in brands)


def test_shape_c_verb_number_unit_metric(plan_targets):
    farmland = only(plan_targets[DONGLI], "高标准农田")
    assert (farmland.value, farmland.unit, farmland.comparator) == (4.4, "万亩", "累计建成")
    scenic = only(plan_targets[TIANFU], "4A级旅游景区")
    assert (scenic.value, scenic.unit, scenic.comparator) == (1, "个", "建成")


def test_a_shared_head_is_distributed_over_both_metrics(plan_targets):
    for metric in ("制造业产品质量合格率", "消费品质量合格率"):
        target = only(plan_targets[HECHUAN], metric)
        assert (target.value, target.unit, target.comparator, target.at_least) == (
            95,
            "%",
            "均达到",
            True,
        )
    assert not any("和" in t.metric for t in plan_targets[HECHUAN])


def test_several_targets_in_one_sentence_share_it(plan_targets):
    sentence = next(t.text for t in plan_targets[HECHUAN] if t.metric == "食品抽检合格率")
    in_sentence = [t.metric for t in plan_targets[HECHUAN] if t.text == sentence]
    assert in_sentence == [
        "农产品质量安全例行监测合格率",
        "食品抽检合格率",
        "制造业产品质量合格率",
        "消费品质量合格率",
        "流通领域药品抽检合格率",
    ]


def test_every_target_quotes_a_sentence_of_its_passage(plan_targets, documents):
    for doc_id, targets in plan_targets.items():
        passages = {p.passage_id: p.text for p in documents[doc_id].passages}
        for target in targets:
            assert target.doc_id == doc_id
            assert target.text in passages[target.passage_id]
            assert str(target.value).removesuffix(".0") in target.text.replace(",", "")


# -- the year in force, on the plans ----------------------------------------------------------------------
def test_the_year_stated_in_the_sentence(plan_targets):
    assert only(plan_targets[DONGLI], "政府投资市政房屋工程采用总承包模式的比例").year == 2025


def test_the_year_at_the_start_of_the_paragraph(plan_targets):
    # (二)行动目标。2025年,全省…
    assert only(plan_targets[PROVINCE], "食品抽检合格率").year == 2025


def test_bullets_of_a_goal_section_inherit_its_year(plan_targets):
    # ——产品、工程、服务质量水平显著提升。… under (二)主要目标。2025年,…
    assert only(plan_targets[DONGLI], "食品评价性抽检合格率").year == 2025
    # 产品质量方面。… under (二)主要目标。到2025年,…
    assert only(plan_targets[SHAPOTOU], "工业产品质量监督抽查合格率").year == 2025
    # (二)产品质量提升目标 under 二、工作目标, whose (一)总体目标 says 到2027年
    assert only(plan_targets[TIANFU], "工业产品质量合格率").year == 2027


def test_a_later_2035_sentence_does_not_change_the_year_of_what_follows(plan_targets, documents):
    goals = only(plan_targets[HECHUAN], "食品抽检合格率")
    paragraph = next(
        p.text for p in documents[HECHUAN].passages if p.passage_id == goals.passage_id
    )
    assert paragraph.index("到2035年") < paragraph.index("食品抽检合格率")
    assert {t.year for t in plan_targets[HECHUAN] if t.passage_id == goals.passage_id} == {2027}


def test_every_year_and_yearly_growth_have_no_target_year(plan_targets):
    jobs = only(plan_targets[HECHUAN], "城镇新增就业")
    assert (jobs.value, jobs.unit, jobs.at_least, jobs.year) == (1.7, "万人", True, None)
    research = only(plan_targets[HECHUAN], "社会研发经费投入")
    assert (research.comparator, research.year) == ("年均增长", None)
    meetings = only(plan_targets[SHAPOTOU], "专题研究质量提升工作")
    assert (meetings.value, meetings.unit, meetings.year) == (1, "次", None)


# -- what is not a target, on the plans -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("doc_id", "phrase", "number"),
    [
        (DONGLI, "5G应用场景", 5),
        (PROVINCE, "5G等新一代信息技术", 5),
        (TIANFU, "4A级旅游景区", 4),
        (HECHUAN, "2446”现代制造业集群", 2446),
        (PROVINCE, "2023-2025年", 2023),
        (SHAPOTOU, "中发〔2017〕24号", 24),
        (SHAPOTOU, "宁质发〔2022〕1号", 1),
        (PROVINCE, "居住建筑节能65%设计标准", 65),
        (DONGLI, "24小时便利店", 24),
        (DONGLI, "推动6条主导产业链", 6),
    ],
    ids=[
        "5G",
        "5G-province",
        "4A-grade",
        "2446",
        "2023-2025",
        "document-number",
        "document-number-1",
        "design-standard-65",
        "24-hours",
        "6-chains",
    ],
)
def test_numbers_that_are_not_targets(plan_targets, documents, doc_id, phrase, number):
    assert phrase in documents[doc_id].text
    for target in plan_targets[doc_id]:
        if phrase in target.text:
            assert target.value != number, summary(target)


def test_the_notice_publishing_a_plan_has_no_targets():
    notice = passage("现将方案印发给你们。食品抽检合格率达到98%以上。", ("印发通知",))
    assert extract_targets([notice]) == []


# -- pure helpers ------------------------------------------------------------------------------------------------------
def test_distribute_a_shared_head():
    assert distribute("制造业产品和消费品质量合格率") == [
        "制造业产品质量合格率",
        "消费品质量合格率",
    ]
    assert distribute("食品和药品抽检合格率") == ["食品抽检合格率", "药品抽检合格率"]
    assert distribute("食品抽检合格率") == ["食品抽检合格率"]
    assert distribute("电梯和起重机械") == ["电梯和起重机械"]  # no measure to share


def test_paragraph_year():
    assert paragraph_year("(二)主要目标。2025年,质量强区建设取得更大进展") == 2025
    assert paragraph_year("(一)总体目标。到2027年,全区质量基础建设进一步夯实") == 2027
    assert paragraph_year("力争到2030年,全市质量水平显著提升") == 2030
    assert paragraph_year("加强质量建设,到2025年,食品抽检合格率达到98%") is None
    assert paragraph_year("产品质量方面。工业产品质量监督抽查合格率达到95%以上") is None


def test_clause_targets_of_single_clauses():
    assert clause_targets("食品抽检合格率达到98.2%以上") == [
        ("食品抽检合格率", 98.2, "%", "达到", True, "以上")
    ]
    assert clause_targets("累计建成4.4万亩高标准农田") == [
        ("高标准农田", 4.4, "万亩", "累计建成", False, "")
    ]
    assert clause_targets("实施“智改数转”项目不少于100个") == [
        ("实施智改数转项目", 100, "个", "不少于", True, "")
    ]
    # A bound with no verb: the bound is the bound, not a comparator (was "以上").
    assert clause_targets("每年城镇新增就业1.7万人以上") == [
        ("城镇新增就业", 1.7, "万人", "", True, "以上")
    ]
    assert clause_targets("打造一批智能工厂、数字化车间和5G应用场景") == []
    assert clause_targets("推动6条主导产业链成龙配套") == []


# -- sentences composed for these tests, in the plans' style ---------------------------------------------------------
# Each: (sentence, [(metric or set of acceptable metrics, value, unit, at_least, year), ...]).
COMPOSED = [
    (
        "到2026年,全市药品抽检合格率达到99%以上,新增省级专精特新企业不少于30家。",
        [
            ("药品抽检合格率", 99, "%", True, 2026),
            ({"新增省级专精特新企业", "省级专精特新企业"}, 30, "家", True, 2026),
        ],
    ),
    (
        "到2028年,全县农产品质量安全监测合格率稳定在98%以上。",
        [("农产品质量安全监测合格率", 98, "%", True, 2028)],
    ),
    (
        "力争到2027年,规模以上工业企业研发投入强度提高到2.5%。",
        [("规模以上工业企业研发投入强度", 2.5, "%", False, 2027)],
    ),
    (
        "全区新建住宅全装修比例不低于60%,二星级以上绿色建筑占比达到50%。",
        [
            ("新建住宅全装修比例", 60, "%", True, None),
            ("二星级以上绿色建筑占比", 50, "%", False, None),
        ],
    ),
    (
        "2025年底前,建成5个市级标准化试点示范项目。",
        [("市级标准化试点示范项目", 5, "个", False, 2025)],
    ),
    (
        "到2030年,消费者满意度达到85分以上,投诉按时办结率保持100%。",
        [("消费者满意度", 85, "分", True, 2030), ("投诉按时办结率", 100, "%", False, 2030)],
    ),
    (
        "食品和食用农产品抽检合格率均达到98%以上。",
        [("食品抽检合格率", 98, "%", True, None), ("食用农产品抽检合格率", 98, "%", True, None)],
    ),
    (
        "城市和农村生活污水处理率均达到95%以上。",
        [
            ("城市生活污水处理率", 95, "%", True, None),
            ("农村生活污水处理率", 95, "%", True, None),
        ],
    ),
    (
        "到2027年,数字经济核心产业增加值年均增长10%以上。",
        [("数字经济核心产业增加值", 10, "%", True, None)],
    ),
    (
        "每年开展质量提升专项行动不少于2次。",
        [({"开展质量提升专项行动", "质量提升专项行动"}, 2, "次", True, None)],
    ),
    (
        "到2025年,全省检验检测机构达到1200家,培育国家级质量标杆企业5家。",
        [("检验检测机构", 1200, "家", False, 2025), ("国家级质量标杆企业", 5, "家", False, 2025)],
    ),
    (
        "全市累计培育“渝味精品”区域公用品牌20个。",
        [("渝味精品区域公用品牌", 20, "个", False, None)],
    ),
    (
        "新建改建农村公路300公里。",
        [({"新建改建农村公路", "农村公路"}, 300, "公里", False, None)],
    ),
    (
        "到2027年,全区单位地区生产总值能耗比2020年下降13.5%。",
        [("单位地区生产总值能耗", 13.5, "%", False, 2027)],
    ),
    (
        "2024年至2026年,每年新增注册商标不少于500件。",
        [({"新增注册商标", "注册商标"}, 500, "件", True, None)],
    ),
    (
        "新建3个省级质量基础设施“一站式”服务站。",
        [("省级质量基础设施一站式服务站", 3, "个", False, None)],
    ),
    (
        "全市公共服务质量满意度达到85分,检验检测服务满意度达到90分以上,标准化服务覆盖率达到80%。",
        [
            ("公共服务质量满意度", 85, "分", False, None),
            ("检验检测服务满意度", 90, "分", True, None),
            ("标准化服务覆盖率", 80, "%", False, None),
        ],
    ),
    (
        "重大质量安全事故发生率控制在0.5%以内。",
        [("重大质量安全事故发生率", 0.5, "%", False, None)],
    ),
    (
        "全区农村等级公路比例达到95%以上。",
        [("农村等级公路比例", 95, "%", True, None)],
    ),
    (
        "中等职业学校毕业生就业率达到95%以上。",
        [("中等职业学校毕业生就业率", 95, "%", True, None)],
    ),
    (
        "全年接待游客超过500万人次。",
        [({"全年接待游客", "接待游客"}, 500, "万人次", True, None)],
    ),
    (
        "到2026年,地区生产总值突破800亿元。",
        [("地区生产总值", 800, "亿元", True, 2026)],
    ),
    (
        "创建省级质量强县1个、质量强镇3个。",
        [("省级质量强县", 1, "个", False, None), ("质量强镇", 3, "个", False, None)],
    ),
    (
        "累计创建国家级服务业标准化试点项目8个。",
        [("国家级服务业标准化试点项目", 8, "个", False, None)],
    ),
    (
        "全市年均新增高新技术企业50家。",
        [({"高新技术企业", "新增高新技术企业"}, 50, "家", False, None)],
    ),
    (
        "到2025年,消费品召回率和制造业产品召回率均达到100%。",
        [("消费品召回率", 100, "%", False, 2025), ("制造业产品召回率", 100, "%", False, 2025)],
    ),
    (
        "每万人口高价值发明专利拥有量达到12件。",
        [("每万人口高价值发明专利拥有量", 12, "件", False, None)],
    ),
    (
        "到2025年,食品抽检合格率达到98%以上。到2030年,食品抽检合格率达到99%以上。",
        [("食品抽检合格率", 98, "%", True, 2025), ("食品抽检合格率", 99, "%", True, 2030)],
    ),
    # sentences with numbers that are not targets
    ("推广应用5G、北斗等新技术,打造3A级以上物流企业。", []),
    ("按照《质量强国建设纲要》和川办发〔2023〕15号文件要求,认真抓好落实。", []),
    ("全面执行居住建筑节能75%设计标准。", []),
    ("开展“质量月”“3·15”等主题活动。", []),
    ("实施2024—2026年质量提升行动计划。", []),
    ("建设24小时自助服务区,开通12315投诉举报热线。", []),
]
LABELS = [
    "two-goals-drug-and-firms",
    "steady-at",
    "raise-to-decimal",
    "not-below-and-share",
    "year-end-deadline-shape-c",
    "points-and-keep",
    "shared-head-known-measure",
    "shared-head-long-measure",
    "yearly-growth-no-year",
    "every-year-no-year",
    "count-and-cultivate",
    "quoted-brand-cumulative",
    "new-road-kilometres",
    "decrease-by",
    "year-range-every-year",
    "shape-c-quoted",
    "three-goals-one-sentence",
    "within-bound",
    "deng-ji-grade-road",
    "zhong-deng-vocational",
    "ten-thousand-person-times",
    "break-through",
    "two-counts-one-clause",
    "cumulative-create",
    "yearly-new-firms",
    "both-heads-present",
    "per-ten-thousand",
    "two-years-two-sentences",
    "not-5g-3a",
    "not-document-number",
    "not-design-standard",
    "not-3-15",
    "not-year-span",
    "not-24h-hotline",
]


@pytest.mark.parametrize(("sentence", "expected"), COMPOSED, ids=LABELS)
def test_composed_sentences(sentence, expected):
    """Written for these tests, not taken from the plans: does the extractor generalise?"""
    found = [
        (t.metric, t.value, t.unit, t.at_least, t.year)
        for t in extract_targets([passage(sentence)])
    ]
    assert len(found) == len(expected), found
    for (metric, value, unit, at_least, year), wanted in zip(found, expected, strict=True):
        wanted_metric, *rest = wanted
        acceptable = wanted_metric if isinstance(wanted_metric, set) else {wanted_metric}
        assert metric in acceptable, found
        assert [value, unit, at_least, year] == rest, found


def test_composed_sentences_are_not_copied_from_the_plans(documents):
    assert len(COMPOSED) == len(LABELS) >= 15
    for sentence, _ in COMPOSED:
        for clause in sentence.rstrip("。").split(","):
            assert not any(clause in d.text for d in documents.values() if len(clause) > 12), clause


# -- the year in force, on composed plans --------------------------------------------------------------------------
def test_a_goal_sections_year_reaches_its_bullets_but_not_other_sections():
    passages = [
        passage(
            "(一)发展目标。到2026年,全市质量总体水平显著提升。", ("一、总体要求", "(一)发展目标"), 0
        ),
        passage(
            "1.产品质量。制造业产品质量合格率达到96%以上。",
            ("一、总体要求", "(一)发展目标", "1.产品质量"),
            1,
        ),
        passage(
            "(二)提升产品质量。制造业产品质量合格率达到97%以上。",
            ("二、重点任务", "(二)提升产品质量"),
            2,
        ),
    ]
    assert [(t.value, t.year) for t in extract_targets(passages)] == [(96, 2026), (97, None)]


def test_a_later_long_range_sentence_keeps_the_paragraphs_year():
    text = (
        "2027年,全区质量整体水平明显提升。到2035年,全区质量强区基本建成。"
        "产品质量水平大幅跃升。食品抽检合格率达到98%以上,药品抽检合格率达到99%以上。"
    )
    assert [(t.metric, t.year) for t in extract_targets([passage(text)])] == [
        ("食品抽检合格率", 2027),
        ("药品抽检合格率", 2027),
    ]


def test_a_year_stated_in_a_sentence_beats_the_paragraphs():
    text = "(二)主要目标。到2025年,食品抽检合格率达到98%以上。到2030年,药品抽检合格率达到99%以上。"
    assert [t.year for t in extract_targets([passage(text)])] == [2025, 2030]
