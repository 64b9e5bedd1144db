"""The footer a mainland public website carries (resources.yaml ``site.footer``): on every page, each item
only when set, filing numbers linked to their registries and checked for their form."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli.main import main
from generator.publish.build import build

REPO = Path(__file__).resolve().parent.parent

FOOTER = """\
  footer:
    owner: 某区科学技术协会
    operator: 某区科技信息中心
    icp: 粤ICP备12345678号-1
    police: 粤公网安备 44010602000001号
    site_code: "4401000001"
    phone: 020-12345678
    email: kepu@example.gov.cn
"""


def with_footer(root: Path, footer: str) -> Path:
    if not (root / "site_templates").exists():
        (root / "site_templates").symlink_to(REPO / "site_templates")
    path = root / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("site:\n", "site:\n" + footer, 1), encoding="utf-8")
    return root


def test_every_page_shows_who_runs_the_site_and_its_filings(tiny_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(with_footer(tiny_repo, FOOTER), out, pdf=False)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "md-footer" not in text:
            continue  # not a theme page (a map's embedded frame, say)
        assert "主办单位：某区科学技术协会 · 运维单位：某区科技信息中心" in text, page
        assert '<a href="tel:020-12345678">020-12345678</a>' in text, page
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener">粤ICP备12345678号-1</a>' in text, page
        police = "https://beian.mps.gov.cn/#/query/webSearch?code=44010602000001"
        assert f'<a href="{police}" rel="noopener">粤公网安备 44010602000001号</a>' in text, page
        assert "网站标识码：4401000001" in text, page


def test_without_a_footer_nothing_is_claimed(tiny_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(with_footer(tiny_repo, ""), out, pdf=False)
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "md-footer" in text
    for word in ("主办单位", "备案", "网站标识码", "kepu-footer-line"):
        assert word not in text


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [
        ("icp", "粤ICP备号", "ICP备案号"),
        ("icp", "ICP备12345678号", "ICP备案号"),
        ("police", "粤公网安备4401060200号", "公安机关备案号"),
        ("site_code", "44010", "网站标识码"),
    ],
)
def test_a_filing_number_in_the_wrong_form_is_refused_with_its_place(
    tiny_repo: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, kind: str
) -> None:
    with_footer(tiny_repo, f"  footer:\n    {key}: {value}\n")
    assert main(["--root", str(tiny_repo), "validate"]) == 1
    err = capsys.readouterr().out
    lines = (tiny_repo / "resources.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if value in t)
    assert f"resources.yaml:{line}:" in err and "[bad-filing]" in err
    assert f"“{value}”不是{kind}的写法" in err
