"""Reading corpus files by format: .txt, .html/.htm, .docx; anything else is refused."""

from __future__ import annotations

import html
import random
import zipfile
from pathlib import Path

import docx
import pytest

from index.errors import UnreadableFile
from index.ingest.formats import read_source
from tests.conftest import MIXED_CORPUS

HECHUAN = "chongqing-hechuan-2024.txt"
NOTICE_TITLE = "重庆市合川区人民政府关于印发《合川区质量强区建设实施方案》的通知"


def portal_page(plan: str) -> str:
    """合川's plan as its district portal serves it: navigation, breadcrumb, share bar, footer."""
    body = plan[plan.index("合川府发〔20249") : plan.index("附件下载")]
    paragraphs = "\n".join(
        f"<p>{html.escape(line)}</p>" for line in body.splitlines() if line.strip()
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{NOTICE_TITLE}_重庆市合川区人民政府</title>
<meta name="PubDate" content="2024-07-23 10:00">
<script>var tracker = "合川区政府网统计代码";</script>
</head><body>
<div class="top"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">您当前的位置:<a href="/">首页</a> &gt;
<a href="/zwgk/">政务公开</a> &gt;政策文件</div>
<div class="main"><h1>{NOTICE_TITLE}</h1>
<div class="share">分享到:<a>微信</a><a>微博</a></div>
<div class="TRS_Editor">
{paragraphs}
</div>
<div class="ewm">扫一扫在手机打开当前页</div></div>
<div class="foot"><p>主办单位:重庆市合川区人民政府办公室</p>
<p>版权所有:重庆市合川区人民政府 渝ICP备12345678号</p></div>
</body></html>"""


def test_plain_text(corpus_dir: Path) -> None:
    source = read_source(corpus_dir / HECHUAN)
    assert source.text == (corpus_dir / HECHUAN).read_text("utf-8")
    assert source.warnings == ()


def test_suffix_case_does_not_matter(corpus_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "PLAN.TXT"
    path.write_bytes((corpus_dir / HECHUAN).read_bytes())
    assert read_source(path).text == (corpus_dir / HECHUAN).read_text("utf-8")


def test_stray_bytes_are_read_with_a_warning_naming_the_file(
    corpus_dir: Path, tmp_path: Path
) -> None:
    text = (corpus_dir / HECHUAN).read_text("utf-8")
    middle = len(text) // 2
    path = tmp_path / "damaged.txt"
    path.write_bytes(text[:middle].encode() + b"\xfe\xff" + text[middle:].encode())
    source = read_source(path)
    assert source.text == text[:middle] + "\ufffd\ufffd" + text[middle:]
    assert source.warnings == ("damaged.txt: 2 undecodable byte(s) replaced (read as utf-8)",)


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_portal_page_gives_the_plan_without_the_page(
    corpus_dir: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"hechuan{suffix}"
    path.write_text(portal_page((corpus_dir / HECHUAN).read_text("utf-8")), "utf-8")
    text = read_source(path).text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # The page title and date come back as the header lines of a plain-text copy.
    assert sorted(lines[:2]) == sorted([NOTICE_TITLE, "发布日期:2024-07-23"])
    assert "合川区质量强区建设实施方案" in lines
    assert any(line.startswith("27.强化质量人才队伍建设。") for line in lines)
    assert lines[-1].endswith("提升宣传成效。")
    for chrome in (
        "首页",
        "政务公开",
        "互动交流",
        "您当前的位置",
        "分享到",
        "微博",
        "扫一扫",
        "主办单位",
        "版权所有",
        "ICP备",
        "tracker",
        "统计代码",
    ):
        assert chrome not in text, chrome


def test_page_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "empty-page.html"
    path.write_text(
        "<html><head><title>首页</title></head><body><script>var a = 1;</script></body></html>"
    )
    with pytest.raises(UnreadableFile, match="no main text"):
        read_source(path)


def test_docx_paragraphs(corpus_dir: Path) -> None:
    text = read_source(MIXED_CORPUS / "shapotou-plan.docx").text
    plan = (corpus_dir / "ningxia-shapotou-2022.txt").read_text("utf-8")
    assert text.splitlines() == [line for line in plan.splitlines() if line.strip()]


def test_docx_tables_become_lines(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("沙坡头区质量强区建设工作领导小组名单")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "组长", "区人民政府区长"
    table.cell(1, 0).text, table.cell(1, 1).text = "副组长", "区市场监督管理分局局长"
    document.add_paragraph("领导小组办公室设在区市场监督管理分局。")
    path = tmp_path / "members.docx"
    document.save(str(path))
    assert read_source(path).text.splitlines() == [
        "沙坡头区质量强区建设工作领导小组名单",
        "组长 区人民政府区长",
        "副组长 区市场监督管理分局局长",
        "领导小组办公室设在区市场监督管理分局。",
    ]


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    with pytest.raises(UnreadableFile, match="the document has no text"):
        read_source(path)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("plan.txt", "质量强区")
    with pytest.raises(UnreadableFile, match=r"not a valid \.docx file"):
        read_source(path)


@pytest.mark.parametrize("damage", ["random-bytes", "truncated"])
def test_corrupt_docx(tmp_path: Path, damage: str) -> None:
    good = (MIXED_CORPUS / "shapotou-plan.docx").read_bytes()
    data = random.Random(3).randbytes(3000) if damage == "random-bytes" else good[: len(good) // 2]
    path = tmp_path / "corrupt.docx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=r"not a valid \.docx file"):
        read_source(path)


@pytest.mark.parametrize(
    ("name", "named_type"),
    [("notes.rtf", "'.rtf'"), ("plan.xyz", "'.xyz'"), ("README", "'(no extension)'")],
)
def test_unsupported_types_are_refused_by_name(tmp_path: Path, name: str, named_type: str) -> None:
    path = tmp_path / name
    path.write_bytes("质量强区建设实施方案。".encode())
    with pytest.raises(UnreadableFile) as raised:
        read_source(path)
    assert str(raised.value) == (
        f"unsupported file type {named_type}; use one of .txt, .html, .htm, .docx, .pdf"
    )


@pytest.mark.parametrize(
    ("name", "format_name"),
    [
        ("plan.doc", "Word 97-2003 (.doc)"),
        ("plan.WPS", "WPS Office (.wps)"),
        ("plan.ofd", "OFD (GB/T 33190)"),
    ],
)
def test_office_formats_that_cannot_be_read_say_what_to_save_instead(
    tmp_path: Path, name: str, format_name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(UnreadableFile) as raised:
        read_source(path)
    assert str(raised.value) == (
        f"{format_name} files cannot be read; save the plan as .docx or PDF and add that instead"
    )


def test_a_docx_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (50 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(UnreadableFile, match=r"refused as a possible zip bomb"):
        read_source(path)


def test_a_docx_of_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(2001):
            archive.writestr(f"word/media/{number}.txt", "")
    with pytest.raises(UnreadableFile) as raised:
        read_source(path)
    assert str(raised.value).startswith("the .docx archive holds 2002 entries, more than 2000")


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.html", "empty.pdf"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\n  \n")
    with pytest.raises(UnreadableFile, match="the file is empty"):
        read_source(path)
