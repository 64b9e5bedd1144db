"""The JSON Schema: generated from the models, committed for editors, and true to the repository's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.catalogue.kinds import BY_NAME as KINDS
from generator.catalogue.load import data_files
from generator.catalogue.schema import SCHEMA_FILES, schema_text, schemas
from generator.catalogue.validate import kind_of

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FOR_KIND = {
    "root": "resources.schema.json",
    "base": "base.schema.json",
    "courses": "courses.schema.json",
    "videos": "videos.schema.json",
    "events": "events.schema.json",
    "demands": "demands.schema.json",
}


def test_committed_schemas_are_current() -> None:
    """schema/ is what `python -m generator schema --out schema` writes; regenerate after changing a model."""
    for name, schema in schemas().items():
        assert (REPO / "schema" / name).read_text(encoding="utf-8") == schema_text(schema), name


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for definition in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in definition.get("properties", {}).items():
            found.append((f"{definition.get('title')}.{name}", prop))
    return found


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_every_field_has_a_description(name: str) -> None:
    missing = [field for field, prop in _properties(schemas()[name]) if not prop.get("description")]
    assert missing == []


def _json_ready(value: Any) -> Any:
    """YAML dates become strings, as an editor's JSON Schema check sees them."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


DATA = [p for p in data_files(REPO) if kind_of(p.relative_to(REPO).as_posix())]


@pytest.mark.parametrize("path", DATA, ids=[p.relative_to(REPO).as_posix() for p in DATA])
def test_repository_data_validates_against_its_schema(path: Path) -> None:
    kind = kind_of(path.relative_to(REPO).as_posix())
    assert kind is not None
    schema = schemas()[SCHEMA_FOR_KIND[kind]]
    document = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.Draft202012Validator(schema, format_checker=None).validate(document)


@pytest.mark.parametrize("path", DATA, ids=[p.relative_to(REPO).as_posix() for p in DATA])
def test_data_files_name_their_schema(path: Path) -> None:
    kind = kind_of(path.relative_to(REPO).as_posix())
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (REPO / "schema" / SCHEMA_FOR_KIND[kind]).resolve()  # type: ignore[index]


def test_every_kind_has_a_schema() -> None:
    assert set(SCHEMA_FOR_KIND) == {"root", *KINDS}
    assert set(SCHEMA_FOR_KIND.values()) == set(SCHEMA_FILES)
