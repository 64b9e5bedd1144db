"""``serve``: one Chinese status line per rebuild, and while the data has errors the preview shows them (file,
line, words) at every address instead of waiting; the next save that fixes them brings the site back.

Driven through the plugin's hooks as ``mkdocs serve`` drives them (a new config each rebuild, the same plugin
instance), then once for real: the server and a headless Chromium.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

REPO = Path(__file__).resolve().parent.parent
BASE = "guangzhou-zoo"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A one-base catalogue root and the folder its preview is built into, in ``serve`` mode."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("resources.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    (root / "content" / "bases").mkdir(parents=True)
    shutil.copy(REPO / "content" / "bases" / f"{BASE}.yaml", root / "content" / "bases")
    shutil.copy(REPO / "content" / "about.md", root / "content")
    shutil.copytree(REPO / "content" / "geo", root / "content" / "geo")  # the district boundaries
    site = tmp_path / "preview"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        yield root, site
    finally:  # MkDocs keeps plugin instances for the process: leave this one as a build would find it
        config.plugins.on_startup(command="build", dirty=False)


def rebuild(root: Path, site: Path) -> None:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")


def test_errors_replace_the_preview_until_they_are_fixed(
    preview: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    root, site = preview
    page = site / "bases" / BASE / "index.html"
    base_file = root / "content" / "bases" / f"{BASE}.yaml"
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.kepu")

    rebuild(root, site)
    assert "广州动物园" in page.read_text(encoding="utf-8")
    assert [r.getMessage().split("，用时")[0] for r in caplog.records] == ["已重新生成（0 个错误）"]

    caplog.clear()
    good = base_file.read_text(encoding="utf-8")
    base_file.write_text(good.replace("\nname: ", "\nname：", 1), encoding="utf-8")
    rebuild(root, site)
    words = "字段名“name”后面用了中文全角冒号“：”；冒号要用英文半角“:”，后面再空一格，如 name: …"
    assert not page.exists()  # every address but the root is MkDocs' 404 page: the same list of problems
    for shown in (site / "index.html", site / "404.html"):
        html = shown.read_text(encoding="utf-8")
        assert "数据有 1 个错误，预览暂停更新" in html, shown
        assert f"<code>content/bases/{BASE}.yaml</code></td>\n<td>3</td>\n<td>1</td>" in html
        assert words in html and '<base href="/">' in html
    (status,) = [r.getMessage() for r in caplog.records]
    assert status.startswith(
        "数据有 1 个错误，网站没有更新（浏览器里显示错误清单），改好保存后自动重新生成：\n"
    )
    assert f"content/bases/{BASE}.yaml:3:1: error[fullwidth-colon]: {words}" in status

    # MkDocs adds its reload script to pages but not to its 404 page: the plugin adds it while errors last
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))
    server.error_handler = lambda code: (site / "404.html").read_bytes()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert b"livereload" in (server.error_handler(404) or b"")

    caplog.clear()
    base_file.write_text(good, encoding="utf-8")
    rebuild(root, site)
    assert "广州动物园" in page.read_text(encoding="utf-8")
    assert "预览暂停更新" not in (site / "index.html").read_text(encoding="utf-8")
    assert b"livereload" not in (server.error_handler(404) or b"")
    assert [r.getMessage().split("，用时")[0] for r in caplog.records] == ["已重新生成（0 个错误）"]
    assert sorted(p.name for p in site.parent.iterdir()) == ["preview", "repo"]  # no scratch folder left
    server.server_close()


def listening(port: int) -> None:
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def test_the_open_page_shows_the_errors_and_comes_back_when_they_are_fixed(
    preview: tuple[Path, Path], page: Any
) -> None:
    """The real ``python -m generator serve`` and a real browser: a page open while a save breaks the data
    shows the problems, and returns by itself after the save that fixes them."""
    root, _ = preview
    base_file = root / "content" / "bases" / f"{BASE}.yaml"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr", address]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        lines = iter(server.stdout.readline, "")
        assert next(lines).startswith(f"本地预览：http://127.0.0.1:{port}/")
        assert next(lines).startswith("已重新生成（0 个错误），用时")
        listening(port)  # MkDocs opens the port after the first build
        page.goto(f"http://127.0.0.1:{port}/bases/{BASE}/")
        assert page.locator("h1").first.inner_text() == "广州动物园"
        good = base_file.read_text(encoding="utf-8")
        base_file.write_text(good.replace("\nname: ", "\nname：", 1), encoding="utf-8")
        page.wait_for_function(
            "() => !!document.body && document.body.innerText.includes('预览暂停更新')", timeout=60_000
        )
        row = page.locator("table tr").nth(1).inner_text()
        assert row.split("\t")[:3] == [f"content/bases/{BASE}.yaml", "3", "1"] and "冒号要用英文半角" in row
        base_file.write_text(good, encoding="utf-8")
        page.wait_for_function(
            "() => !!document.body && !document.body.innerText.includes('预览暂停更新')", timeout=60_000
        )
        assert page.locator("h1").first.inner_text() == "广州动物园"
    finally:
        server.terminate()
        server.wait(timeout=30)
