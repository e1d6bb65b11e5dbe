"""Browser-test fixtures: the service in a subprocess, a portal on another origin, Chromium."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import tempfile
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Without the background-networking flags Chromium tries to reach Google; the network is closed.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
)
DESKTOP = (1280, 960)
WAIT_SECONDS = 15
# A folder (docs/screenshots) to save page.png, compare.png, widget.png and targets.png in.
SCREENSHOTS = os.environ.get("POLICY_SEARCH_SCREENSHOTS")

PORTAL_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>某区人民政府门户网站</title>
<style>
  /* A portal's own CSS, hostile on purpose: none of it may reach inside the widget. */
  body {{ margin: 0; font: 14px/1.5 serif; background: #f2efe8; color: #333; }}
  header {{ background: #8c1d18; color: #fff; padding: 14px 28px; font-size: 22px; }}
  main {{ display: flex; flex-wrap: wrap; gap: 24px; padding: 20px 28px; }}
  article {{ flex: 2 1 300px; background: #fff; padding: 16px 20px; }}
  aside {{ flex: 1 1 320px; }}
  li {{ display: none; }} mark {{ background: red; }} button {{ font-size: 40px; }}
</style></head>
<body>
<header>某区人民政府门户网站</header>
<main>
  <article><h2>政务公开</h2><p>本站提供本区政策文件、通知公告和办事指南。</p>
    <ul><li>这一项被门户样式隐藏</li></ul></article>
  <aside><h3>政策文件检索</h3>
    <div id="policy-search"></div>
    <script src="{api}/widget.js" data-endpoint="{api}" data-target="#policy-search"></script>
  </aside>
</main>
</body></html>
"""


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


class _PortalHandler(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.page)))
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def portal() -> Iterator[tuple[str, type[_PortalHandler]]]:
    """Another origin (another port) serving a portal page that embeds the widget."""
    handler = type("PortalHandler", (_PortalHandler,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def server(index_root: Path, portal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn in a subprocess on loopback serving the session index; the portal may call it."""
    from tests.support.server import running_server

    portal_url, portal_handler = portal
    log_path = tmp_path_factory.mktemp("server") / "uvicorn.log"
    settings = {"corpus": str(REPO / "corpus"), "cors_origins": portal_url}
    with open(log_path, "wb") as log:
        try:
            with running_server(index_root, settings=settings, log=log) as running:
                portal_handler.page = PORTAL_PAGE.format(api=running.url).encode()
                yield running.url
        except RuntimeError as error:
            raise RuntimeError(f"{error}:\n{log_path.read_text()}") from None


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session, with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # Every request the pages make, for the tests that check that none leaves the machine.
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    for flag in (
        *CHROMIUM_FLAGS,
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Ui:
    """The browser pointed at the service, with explicit waits instead of sleeps."""

    def __init__(self, driver, base: str) -> None:
        self.driver = driver
        self.base = base

    def open(self, path: str, **params: str) -> Ui:
        """Open a path of the service; params are URL-encoded: open("/", q="首席质量官")."""
        query = urllib.parse.urlencode(params)
        self.driver.get(self.base + path + (f"?{query}" if query else ""))
        return self

    def wait(self, condition: Callable, message: str = ""):
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, WAIT_SECONDS).until(condition, message)

    def visible(self, selector: str, root=None) -> list:
        """Wait until something under `root` matches `selector` and is shown; all shown matches."""
        from selenium.webdriver.common.by import By

        scope = root or self.driver
        return self.wait(
            lambda _: (
                [e for e in scope.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
                or False
            ),
            f"nothing visible matches {selector}",
        )

    def find(self, selector: str) -> list:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def loaded(self, view: str):
        """The panel of `view` once its request has finished (results or an error shown)."""
        panel = self.driver.find_element("id", f"panel-{view}")
        status, error = (panel.find_element("css selector", s) for s in (".status", ".error"))
        self.wait(
            lambda _: (
                panel.is_displayed()
                and panel.get_attribute("aria-busy") is None
                and (status.text not in ("", "正在检索…") or error.is_displayed())
            ),
            f"the {view} view never finished loading",
        )
        return panel

    def shadow(self, host_selector: str):
        host = self.visible(host_selector)[0]
        return self.wait(lambda _: host.shadow_root, f"{host_selector} has no shadow root")

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    @property
    def focused(self):
        return self.driver.switch_to.active_element

    @property
    def params(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.driver.current_url).query)

    def scrolls_sideways(self) -> bool:
        return self.driver.execute_script(
            "const root = document.documentElement; return root.scrollWidth > root.clientWidth"
        )

    def sent_urls(self) -> list[str]:
        """The URLs the browser sent requests to since this was last called; requests it
        blocked itself (the page's Content-Security-Policy …) never left it and are not here."""
        urls: dict[str, str] = {}
        blocked = set()
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.requestWillBeSent":
                urls[params["requestId"]] = params["request"]["url"]
            elif message["method"] == "Network.loadingFailed" and params.get("blockedReason"):
                blocked.add(params["requestId"])
        return [url for request, url in urls.items() if request not in blocked]

    def screenshot(self, name: str) -> None:
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(folder / name))


@pytest.fixture
def ui(browser, server: str) -> Iterator[Ui]:
    """The session's browser at desktop size, on the test server."""
    browser.set_window_size(*DESKTOP)
    yield Ui(browser, server)
    browser.set_window_size(*DESKTOP)


@pytest.fixture
def api(server: str) -> Callable[..., dict]:
    """GET the test server's JSON API: api("/api/compare", q="同线同标同质")."""

    def call(path: str, **params: object) -> dict:
        return get_json(f"{server}{path}?{urllib.parse.urlencode(params)}")

    return call
