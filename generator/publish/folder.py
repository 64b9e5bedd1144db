"""The output folder: a build writes only into a folder of its own and replaces only a previous build.

A build renders into a staging folder beside the output and then puts it in place of the old output, which
is deleted. Pointed at the wrong folder (``--out .``, ``--out content``, a home folder, someone's documents)
that step would delete what the build never wrote, so :func:`check_output` refuses, before anything is
touched, a folder that is or contains the project (and so its repository), the user's home, or that lies in
the catalogue's data, templates or ``.git``, and an existing folder that is not empty unless it holds a
previous build.

A build leaves :data:`MARKER` in its output to say so. Sites built before the marker existed are recognised
by the files every build writes (:data:`EARLIER_BUILD`).
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import KepuError

#: The file a build leaves in its output, so that the next build knows the folder is its own to replace.
MARKER = ".kepu-site"
MARKER_TEXT = (
    "科普菜单生成的网站：下次生成时，这个文件夹会被整个替换。\n"
    "A site built by kepu-menu; the next build replaces this folder.\n"
)
#: Files that every build writes: a folder holding them all is the output of a build from before the marker.
EARLIER_BUILD = ("index.html", "sitemap.xml", "404.html", "pagefind/pagefind.js", "assets/kepu")


class OutputRefused(KepuError):
    """The output folder is one a build must not replace; nothing was written or deleted."""


def check_output(out: Path, root: Path, home: Path | None = None) -> None:
    """Raise :class:`OutputRefused` unless a build may write ``out`` (absolute) and replace what is there.

    ``root`` is the catalogue's folder (resources.yaml's); ``home`` the user's home folder (default: this
    user's).
    """
    out = out.resolve()
    root = root.resolve()
    home = (home or Path.home()).resolve()
    for zh, en, folder in (("项目文件夹", "the project", root), ("用户主文件夹", "the home folder", home)):
        if folder.is_relative_to(out):
            raise OutputRefused(_refusal(out, f"它就是{zh}或包含{zh}", f"it is or contains {en}"))
    for zh, en, folder in (
        ("数据文件夹 content/", "the data folder content/", root / "content"),
        ("模板文件夹 site_templates/", "the templates folder site_templates/", root / "site_templates"),
        ("代码仓库的 .git 文件夹", "the repository's .git folder", root / ".git"),
    ):
        if out.is_relative_to(folder):
            raise OutputRefused(_refusal(out, f"它是{zh}或在其中", f"it is or lies in {en}"))
    if out.exists() and not out.is_dir():
        raise OutputRefused(_refusal(out, "它是一个文件，不是文件夹", "it is a file"))
    if out.is_dir() and any(out.iterdir()) and not is_previous_build(out):
        raise OutputRefused(
            _refusal(
                out,
                "它不是空文件夹，里面也不是以前生成的网站",
                "it is not empty and holds no previous build",
            )
        )


def is_previous_build(folder: Path) -> bool:
    """Whether ``folder`` holds a site built here: the marker, or every file an earlier build wrote."""
    if (folder / MARKER).is_file():
        return True
    return all((folder / name).exists() for name in EARLIER_BUILD)


def mark(folder: Path) -> None:
    """Leave the marker in a freshly built site."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _refusal(out: Path, zh: str, en: str) -> str:
    return (
        f"不能把网站生成到 {out}：{zh}。生成网站会整个替换输出文件夹，所以这次什么也没有写入或删除；"
        "请用 --out 指定一个新的或空的文件夹，如 site。\n"
        f"(refusing to build into {out}: {en}; nothing was written or deleted)"
    )
