"""/demands/ in a real Chromium: no demand listed yet on the published site; the example demands,
未满足的需求 and a match link that opens the filtered menu; a demand written without GitHub (e-mail, copied
text, the printed 需求登记表, a 选课单 handed over); the two links back to the data on every entry page."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from conftest import (
    SITE_ADDRESS,
    PageProbe,
    axe_violations,
    copy_of_repo,
    with_demand_routes,
    with_example_demands,
)

from generator.catalogue.issueform import parse, read_forms
from generator.catalogue.model import Catalogue
from generator.catalogue.validate import validate
from generator.publish.build import build
from generator.publish.server import serve_directory
from generator.site.matching import match_all

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parent.parent.parent
#: The menu's items that its script leaves shown (as tests/browser/test_menu.py reads them).
VISIBLE = "els => els.filter(e => !e.hidden).map(e => e.dataset.courseId)"


def test_the_published_page_says_no_demand_is_listed_yet_and_offers_the_form(
    page: Any, site_url: str, probe: PageProbe, sample_catalogue: Catalogue
) -> None:
    page.goto(site_url + "demands/")
    cards = page.locator("article.kepu-demand").evaluate_all("els => els.map(e => e.id)")
    assert sorted(cards) == sorted(d.id for d in sample_catalogue.demands)
    if not sample_catalogue.demands:
        none = page.locator(".kepu-demands-none")
        assert none.is_visible() and "目前还没有列出的需求" in none.inner_text()
        none.get_by_role("link", name="提交需求").click()
        assert page.evaluate("location.hash") == "#submit"
    assert page.locator("form.kepu-demand-form").is_visible()
    assert page.get_by_role("button", name="复制文字").is_visible()
    assert axe_violations(page) == []
    assert probe.console_errors == [] and probe.foreign_requests == []


@pytest.fixture(scope="module")
def open_demands(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Catalogue]]:
    """The sample with the example demands (two of them open with fitting courses) and the test's receiving
    bodies (天河's own, the city body for the rest), built without PDFs: its URL and its catalogue.

    The example demand that courses fit is recorded as matched (no menu link): here it is open, and a copy of
    it for a school in 海珠 asks for ecology.
    """
    root = with_demand_routes(with_example_demands(copy_of_repo(tmp_path_factory.mktemp("demands"))))
    folder = root / "content" / "demands" / "2026"
    text = (folder / "tianhe-primary-example.yaml").read_text(encoding="utf-8")
    matched = "    status: matched\n    matched: [scbg-nature-school-lecture]\n"
    assert text.count(matched) == 1
    text = text.replace(matched, "    status: open\n")
    (folder / "tianhe-primary-example.yaml").write_text(text, encoding="utf-8")
    for old, new in (
        ("2026-tianhe-primary-plants", "2026-haizhu-primary-wetland"),
        ("天河区某小学", "海珠区某小学"),
        ("district: tianhe", "district: haizhu"),
        ("fields: [botany]", "fields: [ecology]"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    (folder / "haizhu-primary-example.yaml").write_text(text, encoding="utf-8")
    catalogue, report = validate(root)
    assert catalogue is not None, [str(i) for i in report.errors]
    build(root, root / "site", pdf=False, site_url=SITE_ADDRESS)
    with serve_directory(root / "site") as url:
        yield url, catalogue


def test_the_example_demands_and_the_unmet_ones(
    page: Any, probe: PageProbe, open_demands: tuple[str, Catalogue]
) -> None:
    site_url, catalogue = open_demands
    page.goto(site_url + "demands/")
    cards = page.locator("article.kepu-demand").evaluate_all("els => els.map(e => e.id)")
    assert sorted(cards) == sorted(d.id for d in catalogue.demands)
    assert axe_violations(page) == []  # before any link is hovered (the theme's hover colour is its own)
    unmet = [m.demand.id for m in match_all(catalogue) if m.state == "unmet"]
    assert unmet
    # The table follows the heading 未满足的需求 (the theme wraps tables in a scrolling box of its own).
    assert page.locator("h2#unmet").inner_text() == "未满足的需求"
    assert (
        page.evaluate(
            "document.querySelector('#unmet').compareDocumentPosition(document.querySelector('#unmet-table'))"
        )
        & 4
    )
    table = page.locator("#unmet-table")
    for demand_id in unmet:
        link = table.locator(f"a[href='#{demand_id}']")
        assert link.count() >= 1
        link.first.click()
        assert page.evaluate("location.hash") == f"#{demand_id}"
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_a_match_link_opens_the_menu_filtered_to_the_matching_courses(
    page: Any, open_demands: tuple[str, Catalogue]
) -> None:
    site_url, sample_catalogue = open_demands
    page.goto(site_url + "demands/")
    links = page.locator("a.kepu-demand-menu")
    # An open demand whose filters list some course has a link.
    linked = [m.demand.id for m in match_all(sample_catalogue) if m.menu_count and m.demand.status == "open"]
    assert len(linked) >= 2 and links.count() == len(linked)
    assert sorted(links.evaluate_all("els => els.map(a => a.closest('article').id)")) == sorted(linked)
    for i in range(links.count()):
        page.goto(site_url + "demands/")
        link = page.locator("a.kepu-demand-menu").nth(i)
        card = link.evaluate("a => a.closest('article').id")
        count = int(link.get_attribute("data-count"))
        link.click()
        page.wait_for_url("**/menu/?*")
        page.wait_for_selector("form.kepu-filters:not([hidden])")
        shown = set(page.locator("article.kepu-item").evaluate_all(VISIBLE))
        match = next(m for m in match_all(sample_catalogue) if m.demand.id == card)
        fitting = {m.course.id for m in match.fits}
        assert len(shown) == count and fitting <= shown, card
        query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
        assert query["district"] == match.demand.requester.district


def test_the_demands_page_fits_a_phone_in_the_dark(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        page = context.new_page()
        page.emulate_media(color_scheme="dark")
        page.goto(site_url + "demands/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page) == []
    finally:
        context.close()


def test_every_base_and_course_page_links_to_its_data_and_the_error_form(
    built_site: Path, page: Any, site_url: str, sample_catalogue: Catalogue
) -> None:
    repository = sample_catalogue.root.site.repository
    pages = [f"bases/{b.id}/" for b in sample_catalogue.bases] + [
        f"courses/{c.id}/" for c in sample_catalogue.courses
    ]
    for path in pages:
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        assert 'data-feedback="edit"' in html and 'data-feedback="report"' in html, path
    # In the browser, on one page of each kind: the links are there, visible, and say where they lead.
    for word, entry in (("base", sample_catalogue.bases[0].id), ("course", sample_catalogue.courses[0].id)):
        page.goto(f"{site_url}{word}s/{entry}/")
        edit = page.get_by_role("link", name="在 GitHub 上编辑此条目")
        report = page.get_by_role("link", name="报告错误")
        assert edit.is_visible() and report.is_visible()
        file, line = sample_catalogue.entry_line(word, entry)
        assert edit.get_attribute("href") == f"{repository}/blob/HEAD/{file}" + (f"#L{line}" if line else "")
        query = parse_qs(urlsplit(report.get_attribute("href")).query)
        assert query["template"] == ["report-error.yml"] and query["entry"] == [f"{word}:{entry}"]


# --- 提交需求 without GitHub -------------------------------------------------------------------------------

#: A school's answers, as a person would give them (the district is 天河: its body publishes an e-mail).
ANSWERS = {
    "requester_name": "天河区某小学",
    "requester_kind": "学校",
    "requester_district": "天河区",
    "grades": ["小学中年级", "小学高年级"],
    "fields": ["天文"],
    "places": ["到校"],
    "times": ["课后"],
    "pupils": "45",
    "period_start": "2027-03-01",
    "period_end": "2027-06-30",
    "text": "想请专家到校讲天文，\n结合科学课“地球与宇宙”单元。",
}
HOSTILE = '<img src=x onerror="window.kepuHit=1">&amp;</textarea><script>window.kepuHit=2</script>'


def fill(page: Any, answers: dict[str, Any]) -> None:
    """Answer the form as a person does: type, choose, tick; confirm."""
    for key, value in answers.items():
        if isinstance(value, list):
            for option in value:
                page.locator(f".kepu-q[data-field='{key}'] input[value='{option}']").check()
        elif page.locator(f"select#q-{key}").count():
            page.select_option(f"#q-{key}", value)
        else:
            page.fill(f"#q-{key}", value)
    page.locator(".kepu-q[data-field='consent'] input").check()


def mail_parts(href: str) -> tuple[str, dict[str, str]]:
    """The address and the decoded query of a mailto: link."""
    assert href.startswith("mailto:")
    address, _, query = href.removeprefix("mailto:").partition("?")
    return unquote(address), {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}


def test_a_written_demand_becomes_an_email_to_the_districts_body(
    page: Any, probe: PageProbe, open_demands: tuple[str, Catalogue]
) -> None:
    site_url, _ = open_demands
    page.goto(site_url + "demands/#submit")
    fill(page, ANSWERS)
    address, query = mail_parts(page.get_attribute("a.kepu-demand-mail", "href"))
    assert address == "xuqiu@example.gov.cn"
    assert query["subject"] == "科普课后服务需求：天河区某小学（天河区）"
    body = query["body"]
    assert "\r\n" in body and "\n" not in body.replace("\r\n", "")  # line breaks as RFC 6068 writes them
    # The body is the issue form's own layout: the maintainers' converter reads it as a submission.
    answers = parse(body, read_forms(REPO), "mail")
    assert answers is not None and answers.form.name == "demand"
    for key, value in ANSWERS.items():
        assert answers.values[key] == (", ".join(value) if isinstance(value, list) else value), key
    assert answers.values["consent"] is not None
    assert body.replace("\r\n", "\n") == page.input_value("textarea.kepu-demand-text")
    assert "天河区教育局（测试）接收" in page.inner_text(".kepu-demand-recipient")
    # A district without its own body: the city body, which publishes no e-mail, is said as such.
    page.select_option("#q-requester_district", "从化区")
    address, query = mail_parts(page.get_attribute("a.kepu-demand-mail", "href"))
    assert address == "" and "报送单位：广州市教育局" in query["body"]
    said = page.inner_text(".kepu-demand-recipient")
    assert "由广州市教育局接收" in said and "越秀区测试路 2 号" in said
    assert axe_violations(page) == []
    assert probe.console_errors == [] and probe.foreign_requests == []


def test_copy_text_puts_the_demand_on_the_clipboard(page: Any, open_demands: tuple[str, Catalogue]) -> None:
    site_url, _ = open_demands
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + "demands/")
    fill(page, ANSWERS)
    page.get_by_role("button", name="复制文字").click()
    page.wait_for_function("document.querySelector('.kepu-demand-status').textContent.startsWith('已复制')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("textarea.kepu-demand-text") and "### 需求说明" in copied


def test_without_the_clipboard_api_the_text_is_selected_to_copy(
    browser: Any, open_demands: tuple[str, Catalogue]
) -> None:
    """As in a browser that offers no clipboard to the page (WeChat's, say): the text box is selected."""
    site_url, _ = open_demands
    context = browser.new_context(locale="zh-CN")
    try:
        context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        page = context.new_page()
        page.goto(site_url + "demands/")
        fill(page, ANSWERS)
        page.get_by_role("button", name="复制文字").click()
        page.wait_for_function("document.querySelector('.kepu-demand-status').textContent !== ''")
        assert page.inner_text(".kepu-demand-status") in (
            "已复制，可以粘贴到微信、邮件或公文里。",
            "文字已选中：请按 Ctrl+C，或长按后选“复制”。",
        )
        selected = page.evaluate(
            "(() => { const t = document.activeElement;"
            " if (!t.matches('textarea.kepu-demand-text')) return '';"
            " return t.value.slice(t.selectionStart, t.selectionEnd) })()"
        )
        assert selected == page.input_value("textarea.kepu-demand-text") and "天河区某小学" in selected
    finally:
        context.close()


def test_the_page_prints_as_the_registration_sheet(
    page: Any, open_demands: tuple[str, Catalogue], tmp_path: Path
) -> None:
    site_url, _ = open_demands
    page.goto(site_url + "demands/")
    fill(page, {k: v for k, v in ANSWERS.items() if k != "pupils"})
    page.emulate_media(media="print")
    sheet = page.locator(".kepu-demand-sheet")
    assert sheet.is_visible() and sheet.locator("h2").inner_text() == "科普课后服务需求登记表"
    for hidden in (
        "form.kepu-demand-form",
        "h1",
        "#submit",
        "#demand-routes",
        "article.kepu-demand",
    ):
        assert not page.locator(hidden).first.is_visible(), hidden
    labels = sheet.locator("tbody th").all_inner_texts()
    assert labels == [f.label for f in read_forms(REPO)["demand"].fields]
    assert sheet.locator(".kepu-sheet-value[data-field='requester_name']").inner_text() == "天河区某小学"
    assert sheet.locator("[data-sheet=body]").inner_text() == "天河区教育局（测试）"
    assert sheet.locator("[data-sheet=address]").inner_text() == "天河区测试路 1 号"
    ticked = sheet.locator(".kepu-sheet-option[data-on]").evaluate_all(
        "els => els.map(e => e.dataset.option)"
    )
    assert ticked == ["学校", "天河区", "小学中年级", "小学高年级", "天文", "到校", "课后", ticked[-1]]
    # An unanswered question is a blank line to write on, as tall as a line.
    pupils = sheet.locator(".kepu-sheet-value[data-field='pupils']")
    assert pupils.inner_text() == "" and pupils.bounding_box()["height"] > 10
    # On A4 the sheet is one page: a school prints it, stamps it and sends it as a letter.
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(page.pdf(format="A4"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info


def test_typed_and_linked_text_is_shown_as_text(
    page: Any, probe: PageProbe, open_demands: tuple[str, Catalogue]
) -> None:
    site_url, _ = open_demands
    page.goto(site_url + "demands/?requester_name=" + quote(HOSTILE) + "#submit")
    assert page.input_value("#q-requester_name") == HOSTILE  # an answer in the link, as GitHub's forms take
    page.fill("#q-text", HOSTILE)
    page.select_option("#q-requester_district", "天河区")
    sheet = page.locator(".kepu-demand-sheet")
    assert sheet.locator(".kepu-sheet-value[data-field='text']").evaluate("e => e.textContent") == HOSTILE
    assert HOSTILE in page.input_value("textarea.kepu-demand-text")
    assert (
        page.evaluate(
            "document.querySelectorAll('#submit img, .kepu-demand-sheet img, #submit script').length"
        )
        == 0
    )
    assert page.evaluate("window.kepuHit") is None
    _, query = mail_parts(page.get_attribute("a.kepu-demand-mail", "href"))
    assert HOSTILE in query["body"] and HOSTILE in query["subject"]
    assert probe.console_errors == []


def test_a_mobile_number_is_warned_about(page: Any, open_demands: tuple[str, Catalogue]) -> None:
    site_url, _ = open_demands
    page.goto(site_url + "demands/")
    warning = page.locator(".kepu-demand-warning")
    page.fill("#q-text", "请联系 020-12345678")
    assert not warning.is_visible()
    page.fill("#q-text", "请联系王老师 139 1234 5678")
    assert warning.is_visible()


def test_a_programme_handed_over_fills_the_form(browser: Any, open_demands: tuple[str, Catalogue]) -> None:
    """/demands/?from=plan&plan=… written by the programme store's encode() (the page loads the store): the
    school, the courses (by title) and the earliest planned start; a link whose plan the store cannot read
    leaves the form as it is."""
    site_url, catalogue = open_demands
    course = catalogue.courses[0]
    plan = {
        "school": "白云区某小学",
        "notes": "请一并安排",
        "items": [
            {"id": course.id, "start": "2027-04-01", "note": ""},
            {"id": "no-such-course", "start": "2027-03-15", "note": "备注"},
        ],
    }
    for readable in (True, False):
        context = browser.new_context(locale="zh-CN")
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, seen=errors: seen.append(str(e)))
            page.goto(site_url + "demands/")
            page.wait_for_function("window.KepuPlan !== undefined")
            encoded = page.evaluate("plan => KepuPlan.encode(plan)", plan) if readable else "2.not-a-plan"
            page.goto(site_url + "demands/?from=plan&plan=" + quote(encoded, safe="~.") + "#submit")
            if readable:
                page.wait_for_function("document.querySelector('#q-text').value !== ''")
                text = page.input_value("#q-text")
                assert text.splitlines() == [
                    "选课单中的课程（2 门）：",
                    f"1. {course.title}（{course.id}），计划 2027-04-01 开始",
                    "2. no-such-course，计划 2027-03-15 开始；备注：备注",
                    "",
                    "请一并安排",
                ]
                assert page.input_value("#q-requester_name") == "白云区某小学"
                assert page.input_value("#q-period_start") == "2027-03-15"
                assert text in page.input_value("textarea.kepu-demand-text")
            else:
                page.wait_for_selector("#submit.kepu-demand-ready", state="attached")
                assert page.input_value("#q-text") == "" and page.input_value("#q-requester_name") == ""
            assert errors == []
        finally:
            context.close()


def test_without_scripts_the_page_prints_a_blank_sheet(browser: Any, site_url: str) -> None:
    """A school whose browser runs no script still gets the paper route: the blank 登记表."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "demands/")
        assert "可以直接打印本页" in page.inner_text("#submit")
        for needs_script in (".kepu-demand-mail", ".kepu-demand-copy", "textarea.kepu-demand-text"):
            assert not page.locator(needs_script).is_visible(), needs_script
        page.emulate_media(media="print")
        sheet = page.locator(".kepu-demand-sheet")
        assert sheet.is_visible() and not page.locator("#submit").is_visible()
        assert sheet.locator(".kepu-sheet-option[data-on]").count() == 0
        assert all(not t.strip() for t in sheet.locator(".kepu-sheet-value").all_inner_texts())
        assert sheet.locator(".kepu-sheet-option").count() > 30  # every option a box to tick
    finally:
        context.close()
