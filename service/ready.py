"""Tell the operator when `policy-search serve` is ready: the page, the API docs, the index."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request

GIVE_UP_SECONDS = 600  # a server that never answers has already said why


def base_url(host: str, port: int) -> str:
    """The URL to open on this machine (0.0.0.0 and :: listen on every address)."""
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def announce_when_ready(host: str, port: int) -> threading.Thread:
    """Print the page and docs URLs and the plans and passages served, once /healthz answers."""
    base = base_url(host, port)
    thread = threading.Thread(target=_announce, args=(base,), name="ready", daemon=True)
    thread.start()
    return thread


def _announce(base: str) -> None:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, no proxy
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline:
        try:
            with direct.open(f"{base}/healthz", timeout=5) as response:
                health = json.load(response)
        except urllib.error.HTTPError as error:  # listening, but no index to serve
            detail = json.loads(error.read() or b"{}").get("detail", error.reason)
            print(
                f"policy-search is listening at {base}/ but serves no index: {detail}", flush=True
            )
            return
        except OSError:  # not listening yet
            time.sleep(0.2)
            continue
        print(message(base, health), flush=True)
        return


def message(base: str, health: dict) -> str:
    status = "" if health["status"] == "ok" else f"\n  degraded: {health.get('reason')}"
    return (
        f"policy-search is ready: {health['documents']} plans, {health['passages']} passages "
        f"(index build {health['index_version']}){status}\n"
        f"  search page: {base}/\n"
        f"  API docs:    {base}/docs"
    )
