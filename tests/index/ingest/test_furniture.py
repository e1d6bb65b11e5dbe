"""Web-page furniture: every rule removes its examples, and the five plans come out clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest.furniture import furniture_rules, strip_furniture

# Policy lines from 合川's plan; the first ends a sentence, so the page head ends above it.
BODY = [
    "为深入贯彻落实习近平总书记关于质量工作的重要论述,制定本实施方案。",
    "一、总体要求",
    "二、质量供给体系",
    "(一)增强合川产业质量竞争力",
    *[
        f"{n}.强化产业基础质量支撑。推动高水平质量基础设施建设。(责任单位:区市场监管局)"
        for n in range(1, 16)
    ],
    "四、保障措施",
    "加强组织领导。建立质量强区建设协调推进领导小组。",
]
TITLE = "重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知"
LABEL_VALUE = "11500000MB1678200K/2024-00118"


def page_with(line: str, scope: str, value_on_next_line: bool) -> list[str]:
    """A page with `line` where its rule applies: above the title, mid-page or in the footer."""
    furniture = [line, LABEL_VALUE] if value_on_next_line else [line]
    if scope == "head":
        return [*furniture, TITLE, *BODY]
    if scope == "tail":
        return [TITLE, *BODY, *furniture]
    return [TITLE, *BODY[:8], *furniture, *BODY[8:]]


RULE_EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.name}:{example}")
    for rule in furniture_rules()
    for example in rule.examples
]


@pytest.mark.parametrize(("rule", "example"), RULE_EXAMPLES)
def test_every_rule_removes_its_examples(rule, example: str) -> None:
    page = page_with(example, rule.scope, rule.value_on_next_line)
    cleaned = strip_furniture("\n".join(page))
    assert cleaned.text.split("\n") == [TITLE, *BODY]
    assert (rule.name, example) in cleaned.removed


def test_rules_are_documented() -> None:
    rules = furniture_rules()
    assert len({rule.name for rule in rules}) == len(rules)
    for rule in rules:
        assert rule.why and rule.examples, rule.name
        assert rule.scope in ("any", "head", "tail"), rule.name


def test_label_block_removes_label_and_value_but_keeps_going_over_empty_labels() -> None:
    page = (
        "索引号\n/2023-00243\n主题分类\n发布机构\n市市场监督管理局\n"
        + TITLE
        + "\n"
        + "\n".join(BODY)
    )
    cleaned = strip_furniture(page)
    assert cleaned.text.split("\n") == [TITLE, *BODY]


def test_head_rules_leave_the_body_alone() -> None:
    # The same words as header fields, but inside the plan they are policy text.
    body_lines = ["来源:各级财政预算安排的质量工作经费。", "政策"]
    page = [TITLE, *BODY[:5], *body_lines, *BODY[5:]]
    assert strip_furniture("\n".join(page)).text.split("\n") == page


def test_lines_are_trimmed_and_blank_runs_collapsed() -> None:
    page = f"\u3000\u3000{TITLE}\u00a0\r\n\r\n\r\n\r\n  {BODY[0]}  \n"
    assert strip_furniture(page).text == f"{TITLE}\n\n{BODY[0]}"


# Per plan: the furniture lines of the page, read from the file, and the first and
# last lines of the plan itself.
PLANS = {
    "chongqing-hechuan-2024.txt": (
        [
            "您当前的位置:首页 >政务公开 >政策文件",
            "[ 索引号 ] 11500000MB1678200K/2024-00118 [ 发文字号 ] 合川府发〔2024〕9号",
            "[ 主题分类 ] 市场监管、安全生产监管 [ 体裁分类 ] 其他公文",
            "[ 发布机构 ] 重庆市合川区市场监督管理局",
            "[ 成文日期 ] 2024-07-03 [ 发布日期 ] 2024-07-23",
            "附件下载:",
            "合川府发〔2024〕9号 关于印发合川区质量强区建设实施方案的通知.doc",
            "扫一扫在手机打开当前页",
        ],
        "重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知",
        ("加强组织领导。", "提升宣传成效。"),
    ),
    "ningxia-shapotou-2022.txt": (
        ["附件:1.沙坡头区质量强区建设工作领导小组名单", "附件下载:", "扫一扫在手机上查看当前页面"],
        "各乡镇人民政府,区政府各部门、直属事业单位:",
        ("(三)加强舆论宣传。", "的良好氛围。"),
    ),
    "sichuan-province-2023.txt": (
        [
            "索引号",
            "/2023-00243",
            "主题分类",
            "发布机构",
            "市市场监督管理局",
            "发布日期",
            "2023-06-08",
            "文号",
            "有效性",
            "有效",
            "时间:2023-06-08 10:30 | 来源:省市场监督管理局",
            "扫一扫在手机打开当前页",
        ],
        "四川省质量强省工作领导小组关于印发 《四川省进一步提升产品、工程和服务质量行动实施方案"
        "(2023-2025年)》 的通知",
        ("各市(州)、各有关部门(单位)要加强组织领导", "确保质量提升工作落地见效。"),
    ),
    "sichuan-tianfu-2024.txt": (
        [
            "政策",
            "发布部门:四川天府新区管委会办公室",
            "发布时间:2024年07月19日",
            "政策文号:川天管办发〔2024〕12号",
            "有效性:政策是否有效未知,请慎用",
        ],
        "四川天府新区管委会办公室关于印发深入开展质量提升行动推动高质量发展实施方案的通知",
        ("各部门、各街道、新区国有企业:", "完成目标制定、督查和年度考核工作。"),
    ),
    "tianjin-dongli-2024.txt": (
        [
            "您所在位置: 政策法规 >> 本区政策法规 >> 新闻详情",
            "发布时间:2024-08-30 | 来源:东丽区政府网 | 专栏:政策法规",
            "分享到:",
            "东丽区政府网 | 2024-08-30",
            "请进行滑动验证",
            "x",
        ],
        "东丽区人民政府关于印发东丽区质量强区建设实施方案的通知",
        ("(三十一)开展考核评估。", "重大事项及时向区委、区政府请示报告。"),
    ),
}


@pytest.mark.parametrize("name", list(PLANS))
def test_plans_lose_their_furniture_and_nothing_else(corpus_dir: Path, name: str) -> None:
    furniture, first_line, (last_starts, last_ends) = PLANS[name]
    raw = (corpus_dir / name).read_text("utf-8")
    cleaned = strip_furniture(raw)
    assert [line for _, line in cleaned.removed] == furniture
    lines = cleaned.text.split("\n")
    assert not set(lines) & set(furniture)
    assert lines[0] == first_line
    assert lines[-1].startswith(last_starts) and lines[-1].endswith(last_ends)


@pytest.mark.parametrize("name", list(PLANS))
def test_ingested_plans_carry_no_furniture(documents, name: str) -> None:
    text = documents[name.removesuffix(".txt")].text
    for marker in (
        "您当前的位置",
        "您所在位置",
        "分享到",
        "扫一扫",
        "附件下载",
        "滑动验证",
        "政府网 |",
        "[ 索引号 ]",
        "有效性",
        "政策文号",
        "发布时间",
    ):
        assert marker not in text, marker
    assert "x" not in text.split("\n")


def test_a_closing_paragraph_naming_organisers_is_not_a_footer(corpus_dir: Path) -> None:
    # The last lines of a page are searched for footers; a policy paragraph there that
    # mentions the 主办单位 of quality events is still policy.
    raw = (corpus_dir / "tianjin-dongli-2024.txt").read_text("utf-8")
    closing = "重大事项及时向区委、区政府请示报告。"
    added = "质量月等活动的主办单位要落实安全责任。"
    cleaned = strip_furniture(raw.replace(closing, closing + added))
    assert [line for _, line in cleaned.removed if "主办单位" in line] == []
    assert cleaned.text.split("\n")[-1].endswith(closing + added)


def test_a_paragraph_about_the_sharing_economy_is_not_a_share_button() -> None:
    paragraph = "分享经济、平台经济规范健康发展,生活服务品质明显提升。"
    page = [TITLE, *BODY[:8], paragraph, *BODY[8:]]
    assert strip_furniture("\n".join(page)).text.split("\n") == page


def test_an_empty_last_header_field_does_not_swallow_the_title(corpus_dir: Path) -> None:
    # 四川省's portal table, with the 有效性 field left empty as 主题分类 and 文号 already are.
    raw = (corpus_dir / "sichuan-province-2023.txt").read_text("utf-8")
    assert "有效性\n有效\n" in raw
    cleaned = strip_furniture(raw.replace("有效性\n有效\n", "有效性\n"))
    assert cleaned.text.split("\n")[0].startswith("四川省质量强省工作领导小组关于印发")
