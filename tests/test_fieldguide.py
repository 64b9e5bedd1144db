"""CONTRIBUTING.md: the field guide matches the models, the examples validate, the sample output is real."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.catalogue.kinds import KINDS
from generator.catalogue.validate import validate
from generator.cli.fieldguide import END, START, _nested, field_guide, load_root, updated
from generator.cli.main import main

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "CONTRIBUTING.md"


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def examples() -> dict[str, str]:
    """Repository path → file text of every ```yaml block that starts with a ``# 文件：path`` line."""
    out = {}
    for block in re.findall(r"```yaml\n(.*?)```", guide_text(), re.DOTALL):
        block = textwrap.dedent(block)
        first, _, rest = block.partition("\n")
        if first.startswith("# 文件："):
            out[first.removeprefix("# 文件：").strip()] = rest
    return out


@pytest.fixture
def with_examples(tiny_repo: Path) -> Path:
    """The catalogue with the guide's examples added (the real bases too: the examples name organisations)."""
    shutil.copytree(REPO / "content" / "bases", tiny_repo / "content" / "bases", dirs_exist_ok=True)
    for path, text in examples().items():
        target = tiny_repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tiny_repo


def test_field_guide_is_regenerated_from_the_models() -> None:
    text = guide_text()
    assert updated(text, field_guide(load_root(REPO))) == text, "run: python -m generator fieldguide"


def test_fieldguide_check_command_notices_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(REPO / "resources.yaml", tmp_path)
    stale = guide_text().replace("| `verified` |", "| `checked` |", 1)
    (tmp_path / "CONTRIBUTING.md").write_text(stale, encoding="utf-8")
    assert main(["--root", str(tmp_path), "fieldguide", "--check"]) == 1
    assert "python -m generator fieldguide" in capsys.readouterr().out
    assert main(["--root", str(tmp_path), "fieldguide"]) == 0
    assert (tmp_path / "CONTRIBUTING.md").read_text(encoding="utf-8") == guide_text()


def test_every_field_of_every_entry_kind_is_described() -> None:
    guide = guide_text()
    section = guide[guide.index(START) : guide.index(END)]
    models: list[type[BaseModel]] = []
    for model in (k.entry_model for k in KINDS):
        models += [model, *(inner for inner, _ in _nested(model))]
    for model in models:
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
            key = info.alias or name  # the key a maintainer writes: copy, not is_copy
            assert f"| `{key}` |" in section, f"{model.__name__}.{key} is missing from the guide"
    # and a taxonomy value maintainers must type appears with its Chinese name
    assert "| `tianhe` | 天河区 |" in section


def test_worked_examples_validate(with_examples: Path) -> None:
    found = examples()
    assert sorted(p.split("/")[1] for p in found) == ["bases", "courses", "schedule", "videos"]
    _, report = validate(with_examples)
    assert [i for i in report.errors if i.file in found] == []
    assert report.errors == []


def test_sample_output_is_what_the_validator_prints(
    with_examples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = with_examples / "content" / "bases" / "tianhe-example-hall.yaml"
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("\nname:", "\nnmae:").replace("district: tianhe\n", "district: tianhe区\n"))
    for path in examples():  # only the base, as in the guide's story
        if "bases" not in path:
            (with_examples / path).unlink()
    assert main(["--root", str(with_examples), "validate"]) == 1
    printed = capsys.readouterr().out
    shown = re.search(r"```text\n\$ python -m generator validate\n(.*?)```", guide_text(), re.DOTALL)
    assert shown is not None
    assert shown.group(1) == printed
