"""The JSON Schema of every data file kind, generated from the models, for editors and for /data/schema/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.catalogue.kinds import KINDS, ROOT_SCHEMA
from generator.catalogue.root import Root

#: file name → model; data files point at these with a ``# yaml-language-server: $schema=`` line.
SCHEMA_FILES: dict[str, type[BaseModel]] = {ROOT_SCHEMA: Root} | {k.schema: k.file_model for k in KINDS}


def schemas() -> dict[str, dict[str, Any]]:
    """File name → JSON Schema (draft 2020-12), in a stable order."""
    out = {}
    for name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = name
        out[name] = schema
    return out


def schema_text(schema: dict[str, Any]) -> str:
    """Canonical text of one schema: the same model gives the same bytes."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
