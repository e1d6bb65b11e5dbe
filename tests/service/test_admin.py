"""Managing plans over the API: the admin token, checks before writing, background builds."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.builds import build_lock
from service.settings import Settings
from tests.conftest import CORPUS
from tests.fixtures.new_plans import COUNTIES, docx_bytes, html_page, plan_text

TOKEN = "s3cret-admin-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def corpus_state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def admin(tmp_path: Path, private_index: Path) -> Iterator[tuple[TestClient, Settings]]:
    """A service with the admin token set, over its own copy of the corpus and index."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = Settings(
        corpus=corpus,
        index_dir=private_index,
        admin_token=TOKEN,
        audit_log=tmp_path / "audit.log",
        max_upload_bytes=2 * 1024 * 1024,
        reload_check_seconds=0.2,
    )
    with TestClient(create_app(settings)) as client:
        yield client, settings
        client.app.state.builds.wait()  # type: ignore[attr-defined]


def upload(client: TestClient, name: str, data: bytes, meta: dict | None = None, **headers):
    files = {"file": (name, data)}
    form = {"meta": json.dumps(meta, ensure_ascii=False)} if meta is not None else {}
    return client.post("/api/documents", files=files, data=form, headers=headers)


def built(client: TestClient) -> dict:
    client.app.state.builds.wait()  # type: ignore[attr-defined]
    status = client.get("/api/builds/current", headers=AUTH).json()
    assert status["state"] == "succeeded", status
    return status


def hits_for(client: TestClient, query: str) -> set[str]:
    response = client.get("/api/search", params={"q": query, "mode": "lexical", "k": 50})
    assert response.status_code == 200
    return {hit["doc_id"] for hit in response.json()["results"]}


# ---- who may -----------------------------------------------------------------------------


def test_without_a_configured_token_managing_is_off_and_says_how_to_enable_it(
    client, corpus_dir: Path
) -> None:
    before = corpus_state(corpus_dir)
    for response in (
        upload(client, "plan.txt", plan_text("qingshan").encode(), **AUTH),
        client.delete("/api/documents/chongqing-hechuan-2024", headers=AUTH),
        client.get("/api/builds/current", headers=AUTH),
    ):
        assert response.status_code == 403
        assert response.json()["detail"].startswith(
            "managing documents is switched off: set POLICY_SEARCH_ADMIN_TOKEN"
        )
    assert corpus_state(corpus_dir) == before


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["missing", "wrong", "not-bearer"],
)
def test_a_missing_or_wrong_token_is_refused_and_changes_nothing(admin, headers) -> None:
    client, settings = admin
    before = corpus_state(settings.corpus)
    response = upload(client, "qingshan.txt", plan_text("qingshan").encode(), **headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"].startswith("missing or wrong admin token")
    assert (
        client.delete("/api/documents/chongqing-hechuan-2024", headers=headers).status_code == 401
    )
    assert corpus_state(settings.corpus) == before
    log = settings.audit_log.read_text("utf-8")
    assert '"outcome": "refused"' in log and "401" in log
    assert TOKEN not in log and "wrong-token" not in log


# ---- uploads become searchable -----------------------------------------------------------


def test_an_html_upload_is_built_in_and_searchable_without_a_restart(admin) -> None:
    client, settings = admin
    assert hits_for(client, "竹编") == set()
    page = html_page(plan_text("qingshan"), "青山县质量强县建设实施方案")
    response = upload(client, "青山县方案.html", page.encode(), {"region": "某省青山县"}, **AUTH)
    assert response.status_code == 202, response.text
    body = response.json()
    assert (
        body["doc_id"] == "qing-shan-xian-fang-an" and body["file"] == "qing-shan-xian-fang-an.html"
    )
    assert body["title"] == "青山县质量强县建设实施方案" and body["region"] == "某省青山县"
    assert body["passages"] >= 4 and body["build"]["state"] in ("queued", "running")
    status = built(client)
    assert status["triggers"] == [{"action": "upload", "doc_id": "qing-shan-xian-fang-an"}]
    assert status["documents"] == 6 and status["serving"] == status["build_id"]
    # Only the new plan was embedded; every other passage kept its vector.
    assert status["embedded"] == body["passages"]
    assert status["reused"] == status["passages"] - body["passages"]
    assert hits_for(client, "竹编") == {"qing-shan-xian-fang-an"}
    plan = client.get("/api/documents/qing-shan-xian-fang-an").json()
    assert plan["region"] == "某省青山县" and plan["source"] == "qing-shan-xian-fang-an.html"
    assert json.loads((settings.corpus / "qing-shan-xian-fang-an.meta.json").read_text()) == {
        "region": "某省青山县"
    }
    line = json.loads(settings.audit_log.read_text("utf-8").splitlines()[-1])
    assert (line["action"], line["doc_id"], line["outcome"]) == (
        "upload",
        "qing-shan-xian-fang-an",
        "accepted",
    )
    assert line["bytes"] == len(page.encode()) and line["time"]


def test_searches_are_answered_from_the_previous_build_until_the_switch(admin) -> None:
    client, settings = admin
    served = client.get("/healthz").json()["index_version"]
    with build_lock(settings.index_dir):  # another build holds the index: this one waits
        response = upload(client, "baishui.docx", docx_bytes(plan_text("baishui")), **AUTH)
        assert response.status_code == 202
        status = client.get("/api/builds/current", headers=AUTH).json()
        assert status["state"] in ("queued", "running") and status["serving"] == served
        assert hits_for(client, "黑陶") == set()
        assert hits_for(client, "首席质量官")  # searches go on meanwhile
        assert client.get("/healthz").json()["index_version"] == served
    status = built(client)
    assert status["build_id"] != served
    assert hits_for(client, "黑陶") == {"baishui"}


def test_removing_a_plan_takes_its_passages_out(admin) -> None:
    client, settings = admin
    assert "chongqing-hechuan-2024" in hits_for(client, "合川")
    response = client.delete("/api/documents/chongqing-hechuan-2024", headers=AUTH)
    assert response.status_code == 202
    assert response.json()["removed"] == ["chongqing-hechuan-2024.txt"]
    status = built(client)
    assert status["documents"] == 4 and status["embedded"] == 0
    assert "chongqing-hechuan-2024" not in hits_for(client, "合川")
    assert client.get("/api/documents/chongqing-hechuan-2024").status_code == 404
    assert not (settings.corpus / "chongqing-hechuan-2024.txt").exists()
    assert client.delete("/api/documents/chongqing-hechuan-2024", headers=AUTH).status_code == 404


def test_an_existing_plan_is_replaced_only_when_asked(admin) -> None:
    client, settings = admin
    text = plan_text("shimen").encode()
    assert upload(client, "shimen.txt", text, **AUTH).status_code == 202
    again = upload(client, "shimen.txt", text, **AUTH)
    assert again.status_code == 409
    assert (
        "already in the corpus (shimen.txt); remove it first or upload with replace=true"
        in (again.json()["detail"])
    )
    html = html_page(plan_text("shimen"), "石门县质量强县建设实施方案").encode()
    response = client.post(
        "/api/documents",
        params={"replace": "true"},
        files={"file": ("shimen.html", html)},
        headers=AUTH,
    )
    assert response.status_code == 202
    assert sorted(p.name for p in settings.corpus.glob("shimen*")) == ["shimen.html"]
    built(client)


# ---- checked before anything is written --------------------------------------------------


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>" + b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "status", "detail"),
    [
        (
            "../../etc/cron.d/plan.txt",
            "质量。".encode(),
            422,
            "the file name '../../etc/cron.d/plan.txt' holds a path",
        ),
        ("/etc/plan.txt", "质量。".encode(), 422, "the file name '/etc/plan.txt' holds a path"),
        ("..\\plan.txt", "质量。".encode(), 422, "holds a path"),
        (
            "bomb.docx",
            None,
            422,
            "the plan could not be read: the .docx entry 'word/document.xml' would expand",
        ),
        (
            "big.txt",
            b"x" * (2 * 1024 * 1024 + 10),
            413,
            "the file is 2,097,162 bytes, over the limit of 2,097,152 (POLICY_SEARCH_MAX_UPLOAD_BYTES)",
        ),
        ("plan.exe", b"MZ\x90\x00" + bytes(100), 415, "unsupported file type '.exe'"),
        ("plan.pdf", b"MZ\x90\x00" + bytes(100), 415, "binary content that is not a PDF or .docx"),
        (
            "plan.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
            415,
            "Word 97-2003 (.doc) files cannot be read; save the plan as .docx or PDF",
        ),
        ("plan.txt", "这不是一份方案".encode(), 422, "the plan could not be read:"),
        ("empty.txt", b"  \n", 422, "the file is empty"),
    ],
    ids=[
        "traversal",
        "absolute",
        "backslash",
        "zip-bomb",
        "oversized",
        "exe",
        "renamed",
        "doc",
        "no-plan",
        "empty",
    ],
)
def test_bad_uploads_are_refused_with_their_reason_and_write_nothing(
    admin, name: str, data: bytes | None, status: int, detail: str
) -> None:
    client, settings = admin
    before = corpus_state(settings.corpus)
    response = upload(client, name, zip_bomb() if data is None else data, **AUTH)
    assert response.status_code == status, response.text
    assert response.json()["detail"].startswith(detail) or detail in response.json()["detail"]
    assert corpus_state(settings.corpus) == before
    assert client.get("/api/builds/current", headers=AUTH).json()["state"] == "idle"


@pytest.mark.parametrize(
    ("meta", "detail"),
    [
        ("{not json", "meta is not valid JSON"),
        ('["region"]', "meta must be a JSON object of metadata fields"),
        ('{"colour": "red"}', "meta has unknown field(s) colour; known:"),
        ('{"published": "soon"}', "meta.published 'soon' is not a date; use YYYY-MM-DD"),
        ('{"doc_id": "../x"}', "meta.doc_id '../x' must be lower-case letters, digits and -"),
    ],
)
def test_bad_meta_is_refused(admin, meta: str, detail: str) -> None:
    client, _ = admin
    files = {"file": ("qingshan.txt", plan_text("qingshan").encode())}
    response = client.post("/api/documents", files=files, data={"meta": meta}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(detail)


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(admin) -> None:
    client, _ = admin
    response = upload(client, "huge.txt", b"x" * (3 * 1024 * 1024), **AUTH)
    assert response.status_code == 413
    assert response.json()["detail"] == (
        "request body over 2162688 bytes; a plan may be at most 2,097,152 bytes "
        "(POLICY_SEARCH_MAX_UPLOAD_BYTES)"
    )


def test_the_last_plan_cannot_be_removed(admin) -> None:
    client, settings = admin
    for path in settings.corpus.glob("*.txt"):
        if path.stem != "sichuan-province-2023":
            path.unlink()
    response = client.delete("/api/documents/sichuan-province-2023", headers=AUTH)
    assert response.status_code == 409
    assert "the last plan in the corpus" in response.json()["detail"]


def test_counties_of_the_fixtures_are_not_in_the_corpus(documents) -> None:
    for county, product in COUNTIES.values():
        assert not any(product in d.text or county in d.text for d in documents.values())


# ---- PDF (printed by Chromium) -----------------------------------------------------------


@pytest.mark.browser
def test_a_text_pdf_upload_becomes_searchable(admin, tmp_path: Path) -> None:
    from tests.fixtures.plan_pdfs import plan_html, print_pdfs

    client, _ = admin
    pdf = tmp_path / "石门县质量强县建设实施方案.pdf"
    print_pdfs([(plan_html(plan_text("shimen"), "石门县质量强县建设实施方案"), pdf)])
    response = upload(client, pdf.name, pdf.read_bytes(), **AUTH)
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["title"] == "石门县质量强县建设实施方案" and body["region"] == "石门县"
    built(client)
    assert hits_for(client, "柑橘") == {body["doc_id"]}
    plan = client.get(f"/api/documents/{body['doc_id']}").json()
    assert [node["heading"] for node in plan["outline"]] == [
        "一、总体目标",
        "二、重点任务",
        "三、保障措施",
    ]


@pytest.mark.browser
def test_a_scanned_pdf_upload_is_refused_naming_the_file(admin, plan_pdfs: Path) -> None:
    client, settings = admin
    before = corpus_state(settings.corpus)
    response = upload(client, "扫描件.pdf", (plan_pdfs / "scanned.pdf").read_bytes(), **AUTH)
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "the plan could not be read: 扫描件.pdf: scanned PDF without text; OCR is not supported"
    )
    assert corpus_state(settings.corpus) == before


def test_a_corpus_the_service_cannot_write_is_a_503_that_says_so(admin) -> None:
    client, settings = admin
    (settings.corpus / ".uploads").write_text("not a folder")  # where uploads are staged
    response = upload(client, "qingshan.txt", plan_text("qingshan").encode(), **AUTH)
    assert response.status_code == 503
    assert response.json()["detail"].startswith(
        f"the corpus folder {settings.corpus} cannot be changed"
    )
    assert not (settings.corpus / "qingshan.txt").exists()
