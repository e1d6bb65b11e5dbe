"""GET /api/documents and /api/documents/{doc_id}: the plans, their metadata and outlines."""

from __future__ import annotations

import pytest

from tests.support.contract import DETAIL_FIELDS, DOC_IDS, SUMMARY_FIELDS


def _outline_nodes(nodes: list[dict]) -> list[dict]:
    """Every node of an outline, depth first."""
    found = []
    for node in nodes:
        found.append(node)
        found.extend(_outline_nodes(node["children"]))
    return found


def test_list_has_the_five_plans_with_their_metadata(client) -> None:
    response = client.get("/api/documents")

    assert response.status_code == 200
    assert list(response.json()) == ["documents"]
    plans = response.json()["documents"]
    assert sorted(plan["doc_id"] for plan in plans) == list(DOC_IDS)
    for plan in plans:
        assert set(plan) == SUMMARY_FIELDS
        assert plan["title"] and plan["region"] and plan["source"]
        assert plan["passages"] > 0


def test_list_gives_hechuan_its_title_number_and_date(client) -> None:
    plans = {plan["doc_id"]: plan for plan in client.get("/api/documents").json()["documents"]}

    assert plans["chongqing-hechuan-2024"] == {
        "doc_id": "chongqing-hechuan-2024",
        "title": "合川区质量强区建设实施方案",
        "notice_title": "重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知",
        "region": "重庆市合川区",
        "level": "区县级",
        "issuer": "重庆市合川区人民政府",
        "doc_number": "合川府发〔2024〕9号",
        "published": "2024-07-23",
        "source": "chongqing-hechuan-2024.txt",
        "passages": plans["chongqing-hechuan-2024"]["passages"],
    }


def test_list_gives_each_plan_its_region(client) -> None:
    plans = client.get("/api/documents").json()["documents"]

    assert {plan["doc_id"]: plan["region"] for plan in plans} == {
        "chongqing-hechuan-2024": "重庆市合川区",
        "ningxia-shapotou-2022": "宁夏回族自治区中卫市沙坡头区",
        "sichuan-province-2023": "四川省",
        "sichuan-tianfu-2024": "四川天府新区",
        "tianjin-dongli-2024": "天津市东丽区",
    }


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_detail_repeats_the_summary_and_adds_the_outline(client, doc_id: str) -> None:
    summary = next(
        plan
        for plan in client.get("/api/documents").json()["documents"]
        if plan["doc_id"] == doc_id
    )

    response = client.get(f"/api/documents/{doc_id}")

    assert response.status_code == 200
    detail = response.json()
    assert set(detail) == DETAIL_FIELDS
    assert {name: detail[name] for name in SUMMARY_FIELDS} == summary
    nodes = _outline_nodes(detail["outline"])
    assert nodes, f"{doc_id} has no outline"
    for node in nodes:
        assert set(node) == {"heading", "children"}
        assert node["heading"].strip()


def test_hechuan_outline_nests_parts_sections_and_items(client) -> None:
    outline = client.get("/api/documents/chongqing-hechuan-2024").json()["outline"]

    parts = [node["heading"] for node in outline]
    assert parts[:3] == ["一、总体要求", "二、质量供给体系", "三、质量支撑体系"]
    support = outline[2]
    sections = [node["heading"] for node in support["children"]]
    assert "(三)完善质量治理体系" in sections
    governance = support["children"][sections.index("(三)完善质量治理体系")]
    assert "27.强化质量人才队伍建设" in [node["heading"] for node in governance["children"]]


@pytest.mark.parametrize(
    "doc_id", ["nope", "chongqing-hechuan-2023", "合川区", "CHONGQING-HECHUAN-2024"]
)
def test_unknown_plan_is_404_saying_where_the_ids_are(client, doc_id: str) -> None:
    response = client.get(f"/api/documents/{doc_id}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"no plan with doc_id {doc_id!r}; GET /api/documents lists the ids"
    }
