"""The units a plan makes responsible for an item, read from its closing parenthetical."""

from __future__ import annotations

import pytest

from index.structure.responsibility import responsible_units


@pytest.mark.parametrize(
    ("paragraph", "units"),
    [
        pytest.param(
            "27.强化质量人才队伍建设。推行企业首席质量官制度。(责任单位:区市场监管局、区人力社保局、区教委)",
            ("区市场监管局", "区人力社保局", "区教委"),
            id="责任单位-list",
        ),
        pytest.param(
            "(一)开展工业产品质量提升专项行动。推行清洁生产。(责任单位:区发改局、科技局、工信和商务局、财政局)",
            ("区发改局", "科技局", "工信和商务局", "财政局"),
            id="和-inside-a-unit-name",
        ),
        pytest.param(
            "(三)开展食品药品质量提升专项行动。加强药品监管。(责任单位:区卫健局,区市场监督管理分局,各乡镇)",
            ("区卫健局", "区市场监督管理分局", "各乡镇"),
            id="comma-separated",
        ),
        pytest.param(
            "加快发展科技服务业。(区教育局、区科技局、区数据局和各街道园区等按职责分工负责)",
            ("区教育局", "区科技局", "区数据局", "各街道园区"),
            id="和各-joins-the-last-unit",
        ),
        pytest.param(
            "提升特色产品质量。(经济和信息化厅、科技厅、文化和旅游厅等按职责分工负责)",
            ("经济和信息化厅", "科技厅", "文化和旅游厅"),
            id="经济和信息化厅-not-split",
        ),
        pytest.param(
            "严控农药残留。〔农业农村厅、省发展改革委、省知识产权中心等部门及各市(州)人民政府负责落实。"
            "以下均需各市(州)人民政府落实,不再列出〕",
            ("农业农村厅", "省发展改革委", "省知识产权中心", "各市(州)人民政府"),
            id="square-brackets-with-cities",
        ),
        pytest.param(
            "加强监管。(各乡镇人民政府负责)",
            ("各乡镇人民政府",),
            id="single-unit",
        ),
        pytest.param(
            "加强质量监管。（责任单位：区市场监管局、区教委）",
            ("区市场监管局", "区教委"),
            id="full-width-brackets",
        ),
    ],
)
def test_units_of_a_paragraph(paragraph: str, units: tuple[str, ...]) -> None:
    assert responsible_units(paragraph) == units


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param("严格落实住宅工程分户验收制度。", id="no-parenthetical"),
        pytest.param("建成1个4A级旅游景区(含新建)。", id="parenthetical-without-duty"),
        pytest.param("(责任单位:区市场监管局)加强质量监管。", id="parenthetical-not-at-the-end"),
        pytest.param("贯彻执行住房和城乡建设部《绿色建造技术导则(试行)》", id="title-in-brackets"),
    ],
)
def test_paragraphs_without_units(paragraph: str) -> None:
    assert responsible_units(paragraph) == ()


def test_full_width_city_brackets_inside_the_units() -> None:
    # The same 四川省 attribution as above, typed with full-width brackets and commas.
    paragraph = (
        "严控农药残留。〔农业农村厅、省发展改革委、省知识产权中心等部门及各市（州）人民政府负责落实。"
        "以下均需各市（州）人民政府落实，不再列出〕"
    )
    assert responsible_units(paragraph) == (
        "农业农村厅",
        "省发展改革委",
        "省知识产权中心",
        "各市（州）人民政府",
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(
            "加强计量监管。(牵头单位:区市场监管局;配合单位:区教委、区财政局)",
            id="牵头单位-配合单位",
        ),
        pytest.param("加强计量监管。(区市场监管局牵头,区教委、区财政局配合)", id="牵头-配合"),
    ],
)
def test_lead_and_supporting_units(paragraph: str) -> None:
    assert responsible_units(paragraph) == ("区市场监管局", "区教委", "区财政局")
