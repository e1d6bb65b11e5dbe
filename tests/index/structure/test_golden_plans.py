"""The heading structure of the five default plans, as a reader of each plan sees it.

Every expectation here was written down by reading the plan texts in corpus/, not by
printing what the code produces.
"""

from __future__ import annotations

import re

import pytest

from index.types import Document, OutlineNode, Passage

# Chinese ordinals as printed in the plans' (一)…(三十一) headings, written out by hand.
ORDINALS = [
    *["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"],
    *["十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"],
    *["二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九"],
    *["三十", "三十一"],
]


def labels(nodes: tuple[OutlineNode, ...]) -> list[str]:
    return [node.heading for node in nodes]


def node(document: Document, *path: str) -> OutlineNode:
    """The outline node reached by following heading labels from the top."""
    nodes = document.outline
    found = None
    for heading in path:
        matches = [candidate for candidate in nodes if candidate.heading == heading]
        assert len(matches) == 1, f"{heading!r} not found once among {labels(nodes)}"
        found = matches[0]
        nodes = found.children
    assert found is not None
    return found


def passage_containing(document: Document, snippet: str) -> Passage:
    matches = [passage for passage in document.passages if snippet in passage.text]
    assert len(matches) == 1, f"{snippet!r} is in {len(matches)} passages of {document.doc_id}"
    return matches[0]


def all_headings(nodes: tuple[OutlineNode, ...]) -> list[str]:
    found = []
    for each in nodes:
        found.append(each.heading)
        found.extend(all_headings(each.children))
    return found


def item_numbers(item_labels: list[str]) -> list[int]:
    numbers = []
    for label in item_labels:
        match = re.match(r"(\d+)\.", label)
        assert match, f"{label!r} does not start with an item number"
        numbers.append(int(match[1]))
    return numbers


# --- 合川 (chongqing-hechuan-2024) ------------------------------------------------------

HECHUAN_PARTS = ["一、总体要求", "二、质量供给体系", "三、质量支撑体系", "四、保障措施"]
HECHUAN_SECTIONS = {
    "一、总体要求": [],
    "二、质量供给体系": [
        "(一)增强合川产业质量竞争力",
        "(二)推进合川产品高端化",
        "(三)建造高品质合川工程",
        "(四)提供高质量供给服务",
    ],
    "三、质量支撑体系": [
        "(一)打造区域质量品牌",
        "(二)加强质量基础设施建设",
        "(三)完善质量治理体系",
    ],
    "四、保障措施": [],
}
HECHUAN_ITEMS = [
    "1.强化产业基础质量支撑",
    "2.提升产业质量竞争水平",
    "3.强化产业集群质量引领力",
    "4.深度融入成渝区域质量协同发展",
    "5.打造农产品质量提升工程",
    "6.打造食品药品质量安全提升工程",
    "7.打造消费品质量升级工程",
    "8.打造工业品质量升级工程",
    "9.加强工程质量保障",
    "10.提高建筑材料质量",
    "11.实施合川建造升级版",
    "12.促进生产服务专业化升级",
    "13.提高生活服务品质水平",
    "14.提升公共服务质量效率",
    "15.培育知名质量品牌",
    "16.加强质量品牌推广保护",
    "17.提升企业质量管控能力",
    "18.提升合川标准先进性",
    "19.提升合川测量精准性",
    "20.提升合川检测权威性",
    "21.提升合川认证公正性",
    "22.提升质量基础设施服务高效性",
    "23.强化质量法治建设",
    "24.强化质量数字化建设",
    "25.强化质量信用建设",
    "26.提升质量安全监管效能",
    "27.强化质量人才队伍建设",
    "28.完善质量政策制度",
    "29.构建多元治理新局面",
]
# Items per section, in reading order, as the plan groups them.
HECHUAN_ITEMS_PER_SECTION = [4, 4, 3, 3, 3, 5, 7]


def test_hechuan_parts_and_sections(documents: dict[str, Document]) -> None:
    document = documents["chongqing-hechuan-2024"]
    assert labels(document.outline) == HECHUAN_PARTS
    for part, sections in HECHUAN_SECTIONS.items():
        assert labels(node(document, part).children) == sections


def test_hechuan_items_run_1_to_29_across_parts(documents: dict[str, Document]) -> None:
    document = documents["chongqing-hechuan-2024"]
    sections = [section for part in document.outline for section in part.children]
    items = [item for section in sections for item in section.children]
    assert labels(tuple(items)) == HECHUAN_ITEMS
    assert item_numbers(labels(tuple(items))) == list(range(1, 30))
    assert [len(section.children) for section in sections] == HECHUAN_ITEMS_PER_SECTION
    assert all(not item.children for item in items)


def test_hechuan_item_27_section_and_units(documents: dict[str, Document]) -> None:
    passage = passage_containing(documents["chongqing-hechuan-2024"], "推行企业首席质量官制度")
    assert passage.section == (
        "三、质量支撑体系",
        "(三)完善质量治理体系",
        "27.强化质量人才队伍建设",
    )
    assert passage.responsible_units == ("区市场监管局", "区人力社保局", "区教委")
    assert passage.text.startswith("27.强化质量人才队伍建设。")


def test_hechuan_paragraphs_under_unsectioned_parts(documents: dict[str, Document]) -> None:
    document = documents["chongqing-hechuan-2024"]
    goals = passage_containing(document, "全区质量整体水平明显提升")
    assert goals.section == ("一、总体要求",)
    assert goals.responsible_units == ()
    safeguards = passage_containing(document, "建立质量强区建设协调推进领导小组")
    assert safeguards.section == ("四、保障措施",)


def test_hechuan_numbers_in_text_are_not_items(documents: dict[str, Document]) -> None:
    document = documents["chongqing-hechuan-2024"]
    # "每年城镇新增就业1.7万人以上" stays inside item 14; 1.7 is not an item "7".
    passage = passage_containing(document, "每年城镇新增就业1.7万人以上")
    assert passage.section[-1] == "14.提升公共服务质量效率"
    assert passage.text.endswith("区卫生健康委)")


# --- 四川省 (sichuan-province-2023) ------------------------------------------------------

SICHUAN_OUTLINE = {
    "一、总体要求": ["(一)指导思想", "(二)行动目标"],
    "二、主要任务": [
        "(一)推动重点消费产品提质升级",
        "(二)提升产业基础质量竞争力",
        "(三)促进新技术新产品新业态高质量发展",
        "(四)增加优质服务供给",
        "(五)健全质量提升支撑体系",
    ],
    "三、保障措施": [
        "(一)完善财政金融政策",
        "(二)强化质量安全监管",
        "(三)落实企业主体责任",
        "(四)发挥示范带动作用",
    ],
}
SICHUAN_ITEMS = {
    "(一)推动重点消费产品提质升级": [
        "1.强化农产品质量安全保障",
        "2.增强特定人群特殊产品适用性",
        "3.提升特色优质消费品质量供给",
        "4.打造四川工程质量品质标杆",
    ],
    "(二)提升产业基础质量竞争力": [
        "5.实施产业质量强基工程",
        "6.实施材料质量领航工程",
        "7.实施装备质量攻关工程",
    ],
    "(三)促进新技术新产品新业态高质量发展": [
        "8.提升新一代信息技术产品质量水平",
        "9.推动新技术与现代化产业融合发展",
        "10.优化平台企业产品服务质量管理",
    ],
    "(四)增加优质服务供给": [
        "11.推进生活性服务质量品质化",
        "12.推动生产性服务质量专业化",
        "13.促进公共服务质量便民化",
    ],
    "(五)健全质量提升支撑体系": [
        "14.发挥科技创新引领优势",
        "15.强化产业链全面质量管理",
        "16.深化质量基础设施协同服务",
        "17.加快四川特色品牌培育创建",
        "18.加强质量人才专业化培养",
    ],
}


def test_sichuan_parts_and_sections(documents: dict[str, Document]) -> None:
    document = documents["sichuan-province-2023"]
    assert labels(document.outline) == list(SICHUAN_OUTLINE)
    for part, sections in SICHUAN_OUTLINE.items():
        assert labels(node(document, part).children) == sections


def test_sichuan_items_run_1_to_18(documents: dict[str, Document]) -> None:
    document = documents["sichuan-province-2023"]
    for section, items in SICHUAN_ITEMS.items():
        assert labels(node(document, "二、主要任务", section).children) == items
    every_item = [item for items in SICHUAN_ITEMS.values() for item in items]
    assert item_numbers(every_item) == list(range(1, 19))
    # The 一、 and 三、 sections are run-in headings with their own text, no items below.
    for part in ("一、总体要求", "三、保障措施"):
        assert all(not section.children for section in node(document, part).children)


def test_sichuan_item_1_units_include_the_cities(documents: dict[str, Document]) -> None:
    passage = passage_containing(
        documents["sichuan-province-2023"], "探索现代农业全产业链标准化试点"
    )
    assert passage.section == (
        "二、主要任务",
        "(一)推动重点消费产品提质升级",
        "1.强化农产品质量安全保障",
    )
    assert passage.responsible_units == (
        "农业农村厅",
        "省发展改革委",
        "省粮食和物资储备局",
        "省市场监管局",
        "省卫生健康委",
        "省知识产权中心",
        "各市(州)人民政府",
    )


def test_sichuan_unit_names_with_he_are_kept_whole(documents: dict[str, Document]) -> None:
    passage = passage_containing(documents["sichuan-province-2023"], "围绕一老一少特殊人群消费需求")
    assert passage.section[-1] == "2.增强特定人群特殊产品适用性"
    assert passage.responsible_units == (
        "经济和信息化厅",
        "省市场监管局",
        "省卫生健康委",
        "民政厅",
        "省药监局",
    )


def test_sichuan_year_range_is_not_a_heading(documents: dict[str, Document]) -> None:
    document = documents["sichuan-province-2023"]
    assert not any("2023-2025" in heading for heading in all_headings(document.outline))
    assert not any(passage.text == "2023-2025年)" for passage in document.passages)


# --- 天府新区 (sichuan-tianfu-2024): the whole plan on one run-on line ------------------

TIANFU_OUTLINE = {
    "一、指导思想": [],
    "二、工作目标": [
        "(一)总体目标",
        "(二)产品质量提升目标",
        "(三)工程质量提升目标",
        "(四)服务质量提升目标",
        "(五)人居环境质量提升目标",
    ],
    "三、重点任务": [
        "(一)推动经济质量效益型发展",
        "(二)增强产业质量发展竞争优势",
        "(三)增加优质产品有效供给",
        "(四)促进建设工程品质提升",
        "(五)推动服务品质持续提升",
        "(六)推动人居环境持续优化",
        "(七)增强企业质量发展能力",
        "(八)打造优质自主品牌",
        "(九)建强质量基础设施支撑",
        "(十)推动质量治理现代化",
    ],
    "四、保障措施": ["(一)切实加强组织领导", "(二)完善资金政策支撑", "(三)强化工作考核运用"],
}
TIANFU_TASK_ITEMS = {
    "(一)推动经济质量效益型发展": [
        "1.培育质量发展创新动能",
        "2.厚植公园城市绿色优势",
        "3.促进质量发展成果全民共享",
    ],
    "(二)增强产业质量发展竞争优势": [
        "1.增强产业质量竞争能力",
        "2.增强产业基础质量支撑",
        "3.增强产业集群质量引领力",
    ],
    "(三)增加优质产品有效供给": [
        "1.提高农产品食品药品质量安全水平",
        "2.推动工业品迈向中高端",
        "3.推动消费品供给质量提升",
    ],
    "(四)促进建设工程品质提升": ["1.提升建筑工程质量水平", "2.提高建筑材料质量水平"],
    "(五)推动服务品质持续提升": [
        "1.推动生产服务专业化高端化发展",
        "2.推动生活服务品质提升",
        "3.推动公共服务质量效率提升",
    ],
    "(六)推动人居环境持续优化": [
        "1.加强规划引领和系统治理",
        "2.强化公园城市文化底蕴",
        "3.改善公园城市基础设施",
    ],
    "(七)增强企业质量发展能力": ["1.推动质量技术创新应用", "2.提升全面质量管理水平"],
    "(八)打造优质自主品牌": ["1.优化品牌培育机制", "2.打造天府品牌矩阵", "3.提升天府品牌形象"],
    "(九)建强质量基础设施支撑": [
        "1.强化质量技术设施能力建设",
        "2.开展标准创新和标准化试点示范",
        "3.加强质量基础设施区域协同",
    ],
    "(十)推动质量治理现代化": [
        "1.推进质量人才工程",
        "2.强化质量文化建设",
        "3.加强质量安全监管",
        "4.推进质量社会共治",
    ],
}


def test_tianfu_is_one_run_on_line(corpus_dir) -> None:
    # The premise of the tests below: the plan's body has no line breaks at all.
    raw = (corpus_dir / "sichuan-tianfu-2024.txt").read_text("utf-8")
    body = raw[raw.index("各部门、各街道") :]
    assert "\n" not in body.rstrip("\n")


def test_tianfu_parts_and_sections(documents: dict[str, Document]) -> None:
    document = documents["sichuan-tianfu-2024"]
    assert labels(document.outline) == list(TIANFU_OUTLINE)
    for part, sections in TIANFU_OUTLINE.items():
        assert labels(node(document, part).children) == sections


def test_tianfu_items_restart_at_1_in_each_section(documents: dict[str, Document]) -> None:
    document = documents["sichuan-tianfu-2024"]
    for section, items in TIANFU_TASK_ITEMS.items():
        children = labels(node(document, "三、重点任务", section).children)
        assert children == items
        assert item_numbers(children) == list(range(1, len(items) + 1))


def test_tianfu_enumeration_inside_a_sentence_is_not_a_part(documents: dict[str, Document]) -> None:
    document = documents["sichuan-tianfu-2024"]
    # "坚持质量第一、效益优先" has 一、 in it, but it is text of 一、指导思想.
    assert not any("效益优先" in heading for heading in all_headings(document.outline))
    passage = passage_containing(document, "坚持质量第一、效益优先")
    assert passage.section == ("一、指导思想",)
    assert passage.text.startswith("一、指导思想以习近平新时代中国特色社会主义思想为指导")
    assert passage.text.endswith("为新时代公园城市建设提供质量支撑。")


def test_tianfu_known_paragraph(documents: dict[str, Document]) -> None:
    passage = passage_containing(documents["sichuan-tianfu-2024"], "实施产品质量安全约谈制")
    assert passage.section == ("三、重点任务", "(十)推动质量治理现代化", "3.加强质量安全监管")
    assert passage.text.startswith("3.加强质量安全监管。")
    assert passage.text.endswith("杜绝区域性、系统性、行业性质量安全事故。")
    assert passage.responsible_units == ()  # this plan names no units


# --- 东丽 (tianjin-dongli-2024): sections numbered (一)…(三十一) across the parts ---------

DONGLI_SECTIONS = {
    "一、总体要求": ["(一)指导思想", "(二)主要目标"],
    "二、推动经济质量效益型发展": [
        "(三)筑牢质量创新发展基础",
        "(四)坚持质量发展绿色导向",
        "(五)坚持质量发展利民惠民",
    ],
    "三、增强产业和区域质量竞争力": [
        "(六)突破产业基础质量瓶颈",
        "(七)提升全产业链质量水平",
        "(八)培育质量卓越产业集群",
        "(九)联动“滨城”质量协同发展",
        "专栏1 产业质量竞争力提升工程",
    ],
    "四、加快产品质量创新升级": [
        "(十)提高农产品食品药品质量安全水平",
        "(十一)提高消费品质量供给水平",
        "(十二)推动工业品质量升级",
        "专栏2 重点产品质量阶梯攀登工程",
    ],
    "五、推动建设工程品质化升级": [
        "(十三)加强工程质量保障",
        "(十四)提高建筑材料质量水平",
        "(十五)提升东丽建造品质",
        "专栏3 建设工程质量管理升级工程",
    ],
    "六、提高服务供给质量": [
        "(十六)推进生产性服务质量发展",
        "(十七)推进生活性服务质量提升",
        "(十八)推进公共服务质量效率提升",
        "专栏4 服务品质提升工程",
    ],
    "七、增强企业质量和品牌发展能力": [
        "(十九)加快质量技术创新应用",
        "(二十)提升企业质量管理水平",
        "(二十一)创建知名品牌",
        "专栏5 品牌建设工程",
    ],
    "八、建设高水平质量基础设施": [
        "(二十二)加强质量基础设施建设",
        "(二十三)加强质量基础设施管理",
        "(二十四)加强质量基础设施服务",
        "专栏6 质量基础设施能力提升工程",
    ],
    "九、构建现代高效质量治理体系": [
        "(二十五)加强质量法治建设",
        "(二十六)健全质量政策体系",
        "(二十七)优化质量监管效能",
        "(二十八)推动质量社会共治",
        "专栏7 质量安全监管现代化工程",
    ],
    "十、组织保障": ["(二十九)坚持党的全面领导", "(三十)狠抓贯彻落实", "(三十一)开展考核评估"],
}
DONGLI_BOXES = {
    ("三、增强产业和区域质量竞争力", "专栏1 产业质量竞争力提升工程"): [
        "——开展农业提质增效行动",
        "——开展工业质量竞争力塑强行动",
        "——开展服务业扩容提质行动",
    ],
    ("四、加快产品质量创新升级", "专栏2 重点产品质量阶梯攀登工程"): [
        "——农产品食品",
        "——重点消费品",
        "——重大技术装备",
    ],
    ("五、推动建设工程品质化升级", "专栏3 建设工程质量管理升级工程"): [
        "——推进建设工程质量管理标准化",
        "——严格质量追溯",
        "——实施样板示范",
    ],
    ("六、提高服务供给质量", "专栏4 服务品质提升工程"): [
        "——开展优质服务标准建设行动",
        "——实施服务品质升级计划",
        "——加强服务质量监测",
    ],
    ("七、增强企业质量和品牌发展能力", "专栏5 品牌建设工程"): [
        "——开展品牌培育行动",
        "——提升品牌建设软实力",
        "——开展品牌宣传推广",
    ],
    ("八、建设高水平质量基础设施", "专栏6 质量基础设施能力提升工程"): [
        "——提升标准化支撑水平",
        "——加强产业计量测试服务",
        "——加强检验检测认证服务",
    ],
    ("九、构建现代高效质量治理体系", "专栏7 质量安全监管现代化工程"): [
        "——强化智慧赋能质量安全监管",
        "——强化信用赋能质量安全监管",
        "——建立以风险防控为基础的质量安全监管体系",
    ],
}
DONGLI_TARGETS = [
    "——经济发展质量效益明显提升",
    "——产业质量竞争力持续增强",
    "——产品、工程、服务质量水平显著提升",
    "——企业质量和品牌建设取得更大进展",
    "——质量基础设施更加完善",
    "——质量治理体系更加完善",
]


def test_dongli_parts_and_sections(documents: dict[str, Document]) -> None:
    document = documents["tianjin-dongli-2024"]
    assert labels(document.outline) == list(DONGLI_SECTIONS)
    for part, sections in DONGLI_SECTIONS.items():
        assert labels(node(document, part).children) == sections


def test_dongli_sections_run_1_to_31_across_parts(documents: dict[str, Document]) -> None:
    document = documents["tianjin-dongli-2024"]
    numbered = [
        section.heading
        for part in document.outline
        for section in part.children
        if section.heading.startswith("(")
    ]
    assert [label[: label.index(")") + 1] for label in numbered] == [
        f"({ordinal})" for ordinal in ORDINALS
    ]


def test_dongli_boxes_hold_their_bullets(documents: dict[str, Document]) -> None:
    document = documents["tianjin-dongli-2024"]
    boxes = [
        section.heading
        for part in document.outline
        for section in part.children
        if section.heading.startswith("专栏")
    ]
    assert [box.split(" ")[0] for box in boxes] == [f"专栏{n}" for n in range(1, 8)]
    for path, bullets in DONGLI_BOXES.items():
        assert labels(node(document, *path).children) == bullets


def test_dongli_target_bullets_under_main_targets(documents: dict[str, Document]) -> None:
    document = documents["tianjin-dongli-2024"]
    assert labels(node(document, "一、总体要求", "(二)主要目标").children) == DONGLI_TARGETS
    bullet = passage_containing(document, "全社会研发支出占GDP比重超过3.8%")
    assert bullet.section == ("一、总体要求", "(二)主要目标", "——经济发展质量效益明显提升")
    # A bullet covers its own paragraph: the 2035 outlook after the bullets belongs to (二).
    outlook = passage_containing(document, "先进质量文化蔚然成风")
    assert outlook.section == ("一、总体要求", "(二)主要目标")


def test_dongli_box_bullet_passage(documents: dict[str, Document]) -> None:
    passage = passage_containing(documents["tianjin-dongli-2024"], "累计建成4.4万亩高标准农田")
    assert passage.section == (
        "三、增强产业和区域质量竞争力",
        "专栏1 产业质量竞争力提升工程",
        "——开展农业提质增效行动",
    )
    assert passage.responsible_units == ()


def test_dongli_units_with_streets_and_parks(documents: dict[str, Document]) -> None:
    passage = passage_containing(
        documents["tianjin-dongli-2024"], "加强政产学研用深度融合的质量创新体系"
    )
    assert passage.section == ("二、推动经济质量效益型发展", "(三)筑牢质量创新发展基础")
    assert passage.text.endswith("区数据局和各街道园区等按职责分工负责)")
    assert passage.responsible_units == (
        "区教育局",
        "区科技局",
        "区发改委",
        "区工信局",
        "区财政局",
        "区市场监管局",
        "区知识产权局",
        "区数据局",
        "各街道园区",
    )


def test_dongli_percentages_are_not_items(documents: dict[str, Document]) -> None:
    headings = all_headings(documents["tianjin-dongli-2024"].outline)
    assert not any(re.match(r"\d", heading) for heading in headings)


# --- 沙坡头 (ningxia-shapotou-2022) -------------------------------------------------------

SHAPOTOU_OUTLINE = {
    "一、总体要求": ["(一)指导思想", "(二)主要目标"],
    "二、全面提升产品、工程、服务和环境质量": [
        "(一)开展工业产品质量提升专项行动",
        "(二)开展农产品质量提升专项行动",
        "(三)开展食品药品质量提升专项行动",
        "(四)开展消费品质量提升专项行动",
        "(五)开展工程质量提升专项行动",
        "(六)开展服务业质量提升专项行动",
        "(七)开展公共服务质量提升专项行动",
        "(八)开展环境质量提升专项行动",
    ],
    "三、打造富有竞争力、影响力和美誉度的品牌体系": [
        "(一)抓好品牌培育",
        "(二)加强品牌推广",
        "(三)强化品牌保护",
    ],
    "四、完善质量工作支撑体系": [
        "(一)发挥标准引领作用",
        "(二)加强计量监管",
        "(三)发挥认证认可推动作用",
        "(四)提高检验检测技术能力",
    ],
    "五、大力优化质量发展环境": [
        "(一)落实质量监管责任",
        "(二)构建全民共治格局",
        "(三)构建质量信用体系",
        "(四)加大执法力度",
        "(五)完善质量激励机制",
        "(六)加大财政金融扶持力度",
        "(七)加强质量人才培养",
    ],
    "六、相关要求": ["(一)加强党对质量工作的领导", "(二)强化督察考核", "(三)加强舆论宣传"],
}


def test_shapotou_parts_and_sections(documents: dict[str, Document]) -> None:
    document = documents["ningxia-shapotou-2022"]
    assert labels(document.outline) == list(SHAPOTOU_OUTLINE)
    for part, sections in SHAPOTOU_OUTLINE.items():
        assert labels(node(document, part).children) == sections


def test_shapotou_comma_separated_units(documents: dict[str, Document]) -> None:
    document = documents["ningxia-shapotou-2022"]
    food = passage_containing(document, "扎实开展食品安全专项整治")
    assert food.section == (
        "二、全面提升产品、工程、服务和环境质量",
        "(三)开展食品药品质量提升专项行动",
    )
    assert food.responsible_units == ("区卫健局", "区市场监督管理分局", "各乡镇")
    farm = passage_containing(document, "全面实施乡村振兴战略")
    assert farm.responsible_units == (
        "区发改局",
        "科技局",
        "工信和商务局",
        "财政局",
        "自然资源局",
        "水务局",
        "农业农村局",
        "各乡镇",
    )


def test_shapotou_target_paragraphs_stay_under_main_targets(documents: dict[str, Document]) -> None:
    document = documents["ningxia-shapotou-2022"]
    for snippet in ("产品质量方面。", "工程质量方面。", "环境质量方面。", "质量基础体系方面。"):
        assert passage_containing(document, snippet).section == ("一、总体要求", "(二)主要目标")


@pytest.mark.parametrize(
    "doc_id",
    [
        "chongqing-hechuan-2024",
        "ningxia-shapotou-2022",
        "sichuan-province-2023",
        "sichuan-tianfu-2024",
        "tianjin-dongli-2024",
    ],
)
def test_no_date_or_number_becomes_a_heading(documents: dict[str, Document], doc_id: str) -> None:
    headings = all_headings(documents[doc_id].outline)
    # Every heading is numbered 一、 (一) 1. or is a 专栏 box or —— bullet: nothing else.
    pattern = re.compile(
        r"^([一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,4}\)|\d{1,2}\.|专栏\d|——)"
    )
    assert [heading for heading in headings if not pattern.match(heading)] == []
    assert not any(re.search(r"\d{4}年|\d+%|\d+\.\d", heading) for heading in headings)
