"""The page's own files: the page, the widget and the tab icon."""

from __future__ import annotations


def test_the_tab_icon_is_served(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an icon directory of one image
    assert b"PNG" in response.content[:40]


def test_the_page_names_its_icon(client) -> None:
    assert '<link rel="icon" href="favicon.ico">' in client.get("/").text
