"""Property tests: no input text makes the loader or the validator raise; problems are always located."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalogue.load import load_text
from generator.catalogue.validate import validate

REPO = Path(__file__).resolve().parent.parent
YAMLISH = st.text(
    alphabet=st.sampled_from(
        [*"abcdeid:-_ \n\t[]{},'\"&*!#|>?%@`<=/.0123456789", "广", "州", "\ufeff", "\x00"]
    ),
    max_size=300,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["id", "name", "district", "location", "fields", "courses", "events", "lat", "lon", "x"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)
BASE_KEYS = [
    "id",
    "name",
    "level",
    "kind",
    "district",
    "address",
    "location",
    "fields",
    "summary",
    "verified",
    "source",
    "contact",
    "school_groups",
    "five_ones",
]


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_loader_never_raises(text: str) -> None:
    doc, issues = load_text(text, "f.yaml")
    assert doc is not None or issues
    for found in issues:
        assert found.line >= 1 and found.column >= 1 and found.code


def _catalogue(tmpdir: str) -> Path:
    root = Path(tmpdir)
    shutil.copy(REPO / "resources.yaml", root / "resources.yaml")
    shutil.copytree(REPO / "content" / "geo", root / "content" / "geo")
    for folder in ("bases", "courses", "schedule/2024"):
        (root / "content" / folder).mkdir(parents=True, exist_ok=True)
    return root


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(BASE_KEYS), VALUES, max_size=10), YAMLISH, VALUES)
def test_validator_never_raises(base: dict[str, object], raw: str, events: object) -> None:
    with tempfile.TemporaryDirectory() as tmpdir:
        root = _catalogue(tmpdir)
        (root / "content" / "bases" / "b.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
        (root / "content" / "courses" / "c.yaml").write_text(raw, encoding="utf-8", errors="surrogatepass")
        (root / "content" / "schedule" / "2024" / "e.yaml").write_text(
            yaml.safe_dump({"events": events}, allow_unicode=True), "utf-8"
        )
        catalogue, report = validate(root, dt.date(2026, 11, 29))
        assert catalogue is None or not report.errors
        for found in report:
            assert found.file.startswith("content/") and found.line >= 1 and found.column >= 1
