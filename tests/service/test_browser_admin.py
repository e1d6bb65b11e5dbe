"""The 管理 panel in a real headless Chromium: token for the session only, upload, progress,
removal, against a server with an admin token over its own corpus and index."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.conftest import CORPUS
from tests.fixtures.new_plans import html_page, plan_text
from tests.service.conftest import Ui

pytestmark = pytest.mark.browser

TOKEN = "browser-admin-token"
BUILD_WAIT_SECONDS = 180


@pytest.fixture(scope="module")
def admin_server(
    index_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    from tests.support.server import running_server

    folder = tmp_path_factory.mktemp("admin-server")
    corpus, index = folder / "corpus", folder / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(index_root, index, symlinks=True)
    settings = {"corpus": str(corpus), "admin_token": TOKEN, "reload_check_seconds": "0.5"}
    with (
        open(folder / "uvicorn.log", "wb") as log,
        running_server(index, settings=settings, log=log) as running,
    ):
        yield running.url, corpus


@pytest.fixture
def admin_ui(browser, admin_server) -> Iterator[Ui]:
    url, _ = admin_server
    yield Ui(browser, url)
    browser.execute_script("sessionStorage.clear()")


def _until_built(ui: Ui, condition, message: str) -> None:
    """Wait for a background build to be switched in: longer than a page takes to answer,
    as a build on a busy machine may take a minute."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(ui.driver, BUILD_WAIT_SECONDS).until(condition, message)


def _log_in(ui: Ui, token: str) -> None:
    ui.visible("#admin-open")[0].click()
    field = ui.visible("#admin-token")[0]
    field.send_keys(token + "\n")


def test_a_wrong_token_is_refused_and_forgotten(admin_ui: Ui) -> None:
    admin_ui.open("/")
    _log_in(admin_ui, "not-the-token")
    error = admin_ui.visible("dialog#admin .error")[0]
    assert error.text.startswith("missing or wrong admin token")
    assert admin_ui.driver.execute_script("return sessionStorage.length") == 0


def test_upload_follow_the_build_and_remove_a_plan(
    admin_ui: Ui, admin_server, tmp_path: Path
) -> None:
    _, corpus = admin_server
    ui = admin_ui
    ui.open("/")
    _log_in(ui, TOKEN)
    plans = ui.visible("dialog#admin .admin-plans li")
    assert len(plans) == 5
    # The token lives in this tab's session only.
    assert ui.driver.execute_script("return localStorage.length") == 0
    assert (
        ui.driver.execute_script("return sessionStorage.getItem('policy-search-admin-token')")
        == TOKEN
    )

    page = tmp_path / "青山县质量强县建设实施方案.html"
    page.write_text(html_page(plan_text("qingshan"), "青山县质量强县建设实施方案"), "utf-8")
    ui.driver.find_element(By.ID, "admin-file").send_keys(str(page))
    ui.driver.find_element(
        By.CSS_SELECTOR, "dialog#admin .admin-upload button[type=submit]"
    ).click()
    message = ui.visible("dialog#admin .admin-message")[0]
    assert message.text.startswith("已上传 qing-shan-xian-zhi-liang-qiang-xian")
    _until_built(
        ui,
        lambda _: len(ui.find("dialog#admin .admin-plans li")) == 6,
        "the uploaded plan never appeared in the list",
    )
    build = ui.visible("dialog#admin .build")[0]
    assert build.text.startswith("构建完成：6 份方案")
    assert (corpus / "qing-shan-xian-zhi-liang-qiang-xian-jian-she-shi-shi-fang-an.html").exists()

    ui.driver.execute_script("window.confirm = () => true")
    row = next(
        li
        for li in ui.find("dialog#admin .admin-plans li")
        if li.get_attribute("data-doc-id").startswith("qing-shan")
    )
    row.find_element(By.CSS_SELECTOR, "button.remove").click()
    _until_built(
        ui,
        lambda _: len(ui.find("dialog#admin .admin-plans li")) == 5,
        "the removed plan stayed in the list",
    )
    ui.driver.find_element(By.CSS_SELECTOR, "dialog#admin [data-close]").click()
    ui.open("/", q="竹编", mode="lexical")
    ui.wait(
        lambda _: ui.find("#panel-search .empty"), "the removed plan's passages are still found"
    )


def test_without_a_configured_token_the_panel_says_how_to_enable_it(ui) -> None:
    ui.open("/")
    _log_in(ui, "any-token")
    error = ui.visible("dialog#admin .error")[0]
    assert error.text.startswith(
        "managing documents is switched off: set POLICY_SEARCH_ADMIN_TOKEN"
    )
    ui.driver.execute_script("sessionStorage.clear()")
