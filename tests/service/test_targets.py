"""/api/targets and /api/targets.csv: the metric × plan table as the plans write it."""

from __future__ import annotations

import csv
import io

HECHUAN = "chongqing-hechuan-2024"
TIANFU = "sichuan-tianfu-2024"
DONGLI = "tianjin-dongli-2024"


def _targets(client, **params) -> dict:
    response = client.get("/api/targets", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_metric_lines_up_its_plans_each_written_as_the_plan_writes_it(client) -> None:
    body = _targets(client, q="食品抽检合格率")
    assert body["query"] == "食品抽检合格率"
    first = body["groups"][0]
    by_plan = {t["doc_id"]: t for t in first["targets"]}
    hechuan = by_plan[HECHUAN]
    assert (hechuan["metric"], hechuan["value"], hechuan["unit"]) == ("食品抽检合格率", 98.2, "%")
    assert (hechuan["comparator"], hechuan["bound"], hechuan["year"]) == ("达到", "以上", 2027)
    assert hechuan["written"] == "2027年达到98.2%以上"
    assert hechuan["written"].removeprefix("2027年") in hechuan["text"]
    assert hechuan["implausible"] is None
    assert by_plan[DONGLI]["written"] == "2025年达到98.5%以上"
    assert [t for row in body["groups"] for t in row["targets"]] == body["targets"]


def test_the_browse_all_table_has_one_unit_per_row_and_keeps_other_works_apart(client) -> None:
    body = _targets(client)
    assert {p["doc_id"] for p in body["plans"]} >= {HECHUAN, TIANFU, DONGLI}
    for row in body["groups"]:
        assert len({t["unit"] for t in row["targets"]}) == 1, row["metric"]
        metrics = [t["metric"] for t in row["targets"]]
        assert not (any("其他" in m for m in metrics) and any("重大" in m for m in metrics))
        written = [(t["doc_id"], t["written"]) for t in row["targets"]]
        assert len(written) == len(set(written)), row["metric"]


def test_a_value_that_cannot_be_right_is_shown_as_published_and_flagged(client) -> None:
    body = _targets(client, q="森林覆盖率")
    forest = next(t for t in body["targets"] if t["doc_id"] == TIANFU)
    assert (forest["value"], forest["written"]) == (265, "2027年超265%")
    assert forest["implausible"] == "森林覆盖率不会超过100%，原文数值疑为录入错误，请核对原句"
    assert "森林覆盖率超265%" in forest["text"]
    passage = client.get(f"/api/passages/{forest['passage_id']}").json()
    assert forest["text"] in passage["text"]
    others = [t for t in body["targets"] if t["doc_id"] != TIANFU]
    assert others and all(t["implausible"] is None for t in others)


def test_a_region_keeps_the_table_to_its_plans(client) -> None:
    body = _targets(client, q="食品抽检合格率", region="四川")
    assert {p["doc_id"] for p in body["plans"]} == {"sichuan-province-2023", TIANFU}
    assert {t["doc_id"] for t in body["targets"]} <= {"sichuan-province-2023", TIANFU}


def test_bad_queries_are_refused_with_what_to_fix(client) -> None:
    unknown = client.get("/api/targets", params={"q": "食品", "region": "北京"})
    assert unknown.status_code == 422
    assert "北京" in unknown.json()["detail"] and "known regions" in unknown.json()["detail"]
    control = client.get("/api/targets", params={"q": "食品\x00"})
    assert control.status_code == 422
    assert control.json() == {"detail": "q contains control characters; send plain text"}
    long = client.get("/api/targets.csv", params={"q": "食" * 201})
    assert long.status_code == 422 and "detail" in long.json()


def _csv(client, **params) -> list[list[str]]:
    response = client.get("/api/targets.csv", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="targets.csv"'
    assert response.text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))


def test_the_csv_writes_each_cell_as_the_plan_does(client) -> None:
    rows = _csv(client)
    header, body = rows[0], rows[1:]
    assert header[0] == "指标"
    plans = _targets(client)["plans"]
    assert len(header) == 1 + len(plans)
    column = {p["doc_id"]: 1 + i for i, p in enumerate(plans)}
    by_metric = {row[0]: row for row in body}
    assert by_metric["城镇新增就业"][column[HECHUAN]] == "1.7万人以上"
    assert by_metric["社会研发经费投入"][column[HECHUAN]] == "年均增长20%"
    assert by_metric["城镇调查失业率"][column[HECHUAN]] == "控制在5.5%"
    food = next(row for row in body if "2027年达到98.2%以上" in row[column[HECHUAN]])
    assert food[column[DONGLI]] == "食品评价性抽检合格率 2025年达到98.5%以上"
    forest = next(row for row in body if row[0] == "森林覆盖率")
    assert forest[column[TIANFU]] == (
        "2027年超265%（森林覆盖率不会超过100%，原文数值疑为录入错误，请核对原句）"
    )


def test_the_csv_and_the_json_hold_the_same_rows(client) -> None:
    body = _targets(client, q="满意度")
    rows = _csv(client, q="满意度")
    assert [row[0] for row in rows[1:]] == [group["metric"] for group in body["groups"]]
