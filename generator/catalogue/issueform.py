"""GitHub issue forms → data: the answers of a form, checked, as the entry (or the one change) they ask for.

The forms live in ``.github/ISSUE_TEMPLATE/`` and are read from there, so their labels, ids and options are
said once: a form field's ``id`` names the YAML field it fills (``requester_district`` fills
``requester.district``) and the options of a dropdown are the Chinese names of resources.yaml, turned back
into ids here. GitHub writes a submitted form as Markdown sections, ``### <label>`` followed by the answer
(``_No response_`` when left empty, ``- [X] …`` for a ticked box, ``a, b`` for several options).

Nothing here writes a file or raises on bad answers: every problem is an :class:`~generator.errors.Issue`
located at the answer's line of the body, worded in :mod:`generator.messages`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.catalogue.citation import QUOTE_MAX
from generator.catalogue.demand import MOBILE
from generator.catalogue.load import Document
from generator.catalogue.root import Root
from generator.catalogue.types import ID_PATTERN
from generator.errors import Issue, Severity, issue

FORMS = Path(".github") / "ISSUE_TEMPLATE"
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (.+?)\s*$", re.MULTILINE)
_TICKED = re.compile(r"^- \[[xX]\] ", re.MULTILINE)
_BOX = re.compile(r"^- \[[ xX]\] ", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ID = re.compile(ID_PATTERN)
#: 报告信息错误: the answer of "哪一项有误" → the YAML path it corrects, per kind of entry.
CORRECTABLE: dict[str, dict[str, tuple[str, ...]]] = {
    "base": {
        "地址": ("address",),
        "开放时间": ("opening_hours",),
        "电话": ("contact", "phone"),
        "网站": ("contact", "website"),
        "预约方式": ("contact", "booking"),
    },
    "course": {
        "电话": ("contact", "phone"),
        "网站": ("contact", "website"),
        "预约方式": ("contact", "booking"),
        "费用": ("cost",),
        "提前预约天数": ("lead_days",),
    },
}


@dataclass(frozen=True)
class FormField:
    """One field of an issue form."""

    id: str
    label: str
    type: str
    options: tuple[str, ...] = ()
    multiple: bool = False
    required: bool = False
    description: str = ""
    placeholder: str = ""


@dataclass(frozen=True)
class Form:
    """An issue form: its file stem (``demand``) and fields, in order."""

    name: str
    fields: tuple[FormField, ...]


def read_forms(root: Path) -> dict[str, Form]:
    """The repository's issue forms by file stem."""
    out = {}
    for path in sorted((root / FORMS).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "body" not in data:
            continue  # config.yml
        fields = tuple(
            FormField(
                id=item["id"],
                label=item["attributes"]["label"],
                type=item["type"],
                options=tuple(_option(o) for o in item["attributes"].get("options", ())),
                multiple=bool(item["attributes"].get("multiple")),
                required=bool(item.get("validations", {}).get("required")),
                description=str(item["attributes"].get("description", "")),
                placeholder=str(item["attributes"].get("placeholder", "")),
            )
            for item in data["body"]
            if item["type"] != "markdown"
        )
        out[path.stem] = Form(path.stem, fields)
    return out


def _option(option: object) -> str:
    """A dropdown option is text; a checkbox option is ``{label: …}``."""
    return str(option["label"]) if isinstance(option, dict) else str(option)


@dataclass
class Answers:
    """A submitted form's answers by field id (None: left empty), and the problems found in them."""

    form: Form
    source: str
    """Name of the body in messages (the issue, e.g. ``issue #12``)."""
    values: dict[str, str | None] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Issue] = field(default_factory=list)

    def problem(self, field_id: str, code: str, **params: object) -> None:
        """Record a problem with the answer to ``field_id``, at its line."""
        label = next((f.label for f in self.form.fields if f.id == field_id), field_id)
        line = self.lines.get(field_id, 1)
        self.problems.append(issue(self.source, line, 1, code, label, Severity.ERROR, **params))

    def text(self, field_id: str) -> str | None:
        """The answer as text; a required one left empty is a problem."""
        value = self.values.get(field_id)
        spec = next(f for f in self.form.fields if f.id == field_id)
        if value is None and spec.required:
            self.problem(field_id, "form-missing-answer")
        return value

    def choices(self, field_id: str, names: dict[str, str]) -> list[str]:
        """The ids of the options chosen, from their Chinese ``names`` (id → name)."""
        value = self.text(field_id)
        if value is None:
            return []
        by_name = {name: oid for oid, name in names.items()}
        chosen = [part.strip() for part in value.split(",") if part.strip()]
        for part in chosen:
            if part not in by_name:
                self.problem(field_id, "bad-choice", value=part, allowed="、".join(names.values()))
        return [by_name[p] for p in chosen if p in by_name]

    def number(self, field_id: str) -> int | None:
        """A whole number ≥ 0 (full-width digits allowed)."""
        value = self.text(field_id)
        if value is None:
            return None
        digits = value.translate(str.maketrans("０１２３４５６７８９", "0123456789")).strip().rstrip("人名天")
        if not digits.isdigit():
            self.problem(field_id, "form-bad-number", value=value)
            return None
        return int(digits)

    def date(self, field_id: str) -> dt.date | None:
        """A date written 2027-03-01."""
        value = self.text(field_id)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            self.problem(field_id, "bad-date", value=value)
            return None


def parse(body: str, forms: dict[str, Form], source: str) -> Answers | None:
    """The answers of ``body`` to the form whose every label it has as a heading; None if no form fits."""
    # Browsers send a text box's line breaks as CRLF; catalogue text holds line feeds only (CR is refused).
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    headings = {m.group(1): m for m in _HEADING.finditer(body)}
    fitting = [f for f in forms.values() if all(x.label in headings for x in f.fields)]
    if not fitting:
        return None
    form = max(fitting, key=lambda f: len(f.fields))
    found = list(_HEADING.finditer(body))
    answers = Answers(form, source)
    for spec in form.fields:
        match = headings[spec.label]
        after = next((m.start() for m in found if m.start() > match.start()), len(body))
        # A GitLab description template's hints are HTML comments: never part of an answer.
        raw = _COMMENT.sub("", body[match.end() : after]).strip()
        answers.lines[spec.id] = body.count("\n", 0, match.start()) + 3
        # GitHub writes ticked boxes for checkboxes; a GitLab template has boxes for every multiple choice.
        if spec.type == "checkboxes" or _BOX.search(raw):
            raw = ", ".join(line[6:].strip() for line in raw.splitlines() if _TICKED.match(line))
        answers.values[spec.id] = None if raw in ("", NO_RESPONSE) else raw
    return answers


def demand(
    answers: Answers, root: Root, number: int, today: dt.date, via: str | None = None
) -> dict[str, Any]:
    """提交学校需求 → one entry of ``demands:`` (problems are recorded in ``answers``). ``via`` says how the
    form's text came when not as issue ``number`` (the /demands/ page's e-mail or printed sheet)."""
    names = root.term_names()
    for key, value in answers.values.items():
        found = MOBILE.search(value or "")
        if found:
            answers.problem(key, "personal-mobile", value=found.group(0))
    if not answers.values.get("consent"):
        answers.problem("consent", "form-not-confirmed")
    kinds = {"school": "学校", "bureau": "区教育局"}
    kind = answers.choices("requester_kind", kinds)
    district = answers.choices("requester_district", names["districts"])
    start, end = answers.date("period_start"), answers.date("period_end")
    if start and end and end < start:
        answers.problem("period_end", "end-before-start", start=start, end=end)
    entry: dict[str, Any] = {
        "id": f"{today.year}-{district[0] if district else 'demand'}-{received_as(via)}-{number}",
        "requester": {
            "name": answers.text("requester_name"),
            "kind": kind[0] if kind else "school",
            "district": district[0] if district else None,
        },
        "grades": answers.choices("grades", names["grade_bands"]),
        "fields": answers.choices("fields", names["fields"]),
        "places": answers.choices("places", names["places"]),
        "times": answers.choices("times", names["times"]),
        "pupils": answers.number("pupils"),
        "period": {"start": start, "end": end},
        "text": answers.text("text"),
        "status": "open",
        "verified": today,
        "sources": [
            submission(
                via or f"GitHub 议题 #{number}（提交学校需求表单）",
                answers.text("requester_name"),
                today,
                answers.text("text"),
            )
        ],
    }
    if entry["pupils"] == 0:
        answers.problem("pupils", "form-bad-number", value="0")
    return entry


def received_as(via: str | None) -> str:
    """How a submission's file and id name it: ``issue`` (GitHub) or ``received`` (mail, letter)."""
    return "issue" if via is None else "received"


def recommended_base(answers: Answers, root: Root, number: int, today: dt.date) -> dict[str, Any]:
    """推荐新的科普场所 → a base file's data (problems are recorded in ``answers``)."""
    names = root.term_names()
    wanted = answers.text("id")
    if wanted is not None and not _ID.match(wanted.strip()):
        answers.problem("id", "bad-id", value=wanted)
    kind = answers.choices("kind", names["base_kinds"])
    district = answers.choices("district", names["districts"])
    base: dict[str, Any] = {
        "id": wanted.strip() if wanted else f"suggested-{number}",
        "name": answers.text("name"),
        "level": "none",
        "kind": kind[0] if kind else None,
        "district": district[0] if district else None,
        "address": answers.text("address"),
        "fields": answers.choices("fields", names["fields"]),
        "summary": answers.text("summary"),
    }
    website = answers.text("website")
    if website:
        base["contact"] = {"website": website.strip()}
    base["verified"] = today
    given = answers.text("source")
    where = f"GitHub 议题 #{number}（推荐新的科普场所表单）" + (
        f"，推荐人给出的来源：{given}" if given else ""
    )
    base["sources"] = [submission(where, f"推荐人（GitHub 议题 #{number}）", today, answers.text("summary"))]
    return base


def submission(where: str, who: str | None, day: dt.date, words: str | None) -> dict[str, Any]:
    """The citation of a form's submission: the issue, who sent it, the day, and their own words (the first
    :data:`QUOTE_MAX` characters) as the quote. Reviewers add the original publisher's citation."""
    return {
        "text": where,
        "publisher": who,
        "date": day,
        "quote": words[:QUOTE_MAX] if words else None,
    }


@dataclass(frozen=True)
class Change:
    """One line of one data file replaced: what 报告信息错误 asks for."""

    file: str
    line: int
    before: str
    after: str


def correction(answers: Answers, docs: list[Document], root: Path) -> Change | None:
    """报告信息错误 → the one line it changes, or None (with the reason recorded in ``answers``).

    ``docs`` are the catalogue's loaded files under ``root`` (positions tell which line holds the value).
    """
    entry, what, correct = answers.text("entry"), answers.text("field"), answers.text("correct")
    answers.text("evidence")
    if entry is None or what is None or correct is None:
        return None
    word, _, entry_id = entry.strip().partition(":")
    located = _locate(docs, word, entry_id)
    if located is None:
        answers.problem("entry", "form-unknown-entry", value=entry)
        return None
    doc, at = located
    path = CORRECTABLE[word].get(what)
    if path is None:
        answers.problem("field", "form-manual-change", value=what)
        return None
    old = _get(doc.data, (*at, *path))
    position = doc.positions.get((*at, *path))
    if old is None or position is None or isinstance(old, (dict, list)):
        answers.problem("field", "form-manual-change", value=what)
        return None
    value: object = correct.strip()
    if isinstance(old, int):
        value = _whole(answers, correct)
        if value is None:
            return None
    line, column = position
    text = (root / doc.path).read_text(encoding="utf-8").splitlines()[line - 1]
    # Only a value that is alone on its line (after its key) is replaced; flow maps are left to a person.
    if _scalar(text[column - 1 :]) != old:
        answers.problem("field", "form-manual-change", value=what)
        return None
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return Change(doc.path, line, text, text[: column - 1] + shown)


def _whole(answers: Answers, text: str) -> int | None:
    digits = text.strip().rstrip("天")
    if not digits.isdigit():
        answers.problem("correct", "form-bad-number", value=text)
        return None
    return int(digits)


def _scalar(text: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _locate(docs: list[Document], word: str, entry_id: str) -> tuple[Document, tuple[str | int, ...]] | None:
    """The document and path of a base or course entry."""
    for doc in docs:
        data = doc.data
        if word == "base" and doc.path == f"content/bases/{entry_id}.yaml" and isinstance(data, dict):
            return doc, ()
        if word == "course" and doc.path.startswith("content/courses/") and isinstance(data, dict):
            for i, item in enumerate(data.get("courses") or []):
                if isinstance(item, dict) and item.get("id") == entry_id:
                    return doc, ("courses", i)
    return None


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data
