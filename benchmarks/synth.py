"""Synthetic catalogues at N times the sample: each base, course, event, video and demand copied with new ids.

Copies keep realistic text (the sample's own), get a location inside their district's boundary (deterministic
pseudo-random, so runs are comparable) and point at their own copied provider and venue.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
#: Example demands, one per state of the matching (the published sample lists no demand yet).
EXAMPLES = REPO / "tests" / "data" / "demands"
sys.path.insert(0, str(REPO))

from generator.catalogue.geo import Polygon, in_shape, read_boundaries  # noqa: E402


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def point_in(polygons: tuple[Polygon, ...], rng: random.Random) -> tuple[float, float]:
    """A pseudo-random (lat, lon) inside a district's boundary (drawn in its box until one falls inside)."""
    lons = [x for p in polygons for x, _ in p[0]]
    lats = [y for p in polygons for _, y in p[0]]
    while True:
        lat, lon = rng.uniform(min(lats), max(lats)), rng.uniform(min(lons), max(lons))
        if in_shape(round(lat, 4), round(lon, 4), polygons):
            return lat, lon


def synthesize(dest: Path, factor: int, source: Path = REPO) -> Path:
    """Write a catalogue ``factor`` times the size of ``source`` into ``dest`` (replaced); return ``dest``."""
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "content").mkdir(parents=True)
    for name in ("resources.yaml", "mkdocs.yml"):
        shutil.copy(source / name, dest / name)
    for page in (source / "content").glob("*.md"):
        shutil.copy(page, dest / "content" / page.name)
    shutil.copytree(source / "content" / "geo", dest / "content" / "geo")
    if (source / "site_templates").exists():
        (dest / "site_templates").symlink_to(source / "site_templates")
    shapes = read_boundaries(source / "content" / "geo" / "districts.geojson")
    rng = random.Random(20221)

    def suffix(value: str, k: int) -> str:
        return value if k == 0 else f"{value}-x{k}"

    bases = [_load(p) for p in sorted((source / "content" / "bases").glob("*.yaml"))]
    base_ids = {b["id"] for b in bases}
    for k in range(factor):
        for base in bases:
            copy = dict(base, id=suffix(base["id"], k))
            if k:
                lat, lon = point_in(shapes[base["district"]], rng)
                copy["location"] = {"lat": round(lat, 4), "lon": round(lon, 4)}
            _dump(dest / "content" / "bases" / f"{copy['id']}.yaml", copy)
    for path in sorted((source / "content" / "courses").glob("*.yaml")):
        courses = _load(path)["courses"]
        for k in range(factor):
            copies = [
                dict(
                    c,
                    id=suffix(c["id"], k),
                    provider=suffix(c["provider"], k) if c["provider"] in base_ids else c["provider"],
                )
                for c in courses
            ]
            _dump(dest / "content" / "courses" / f"{suffix(path.stem, k)}.yaml", {"courses": copies})
    # The example demands (test data) stand in for schools' demands while the sample lists none.
    folders = [(source / "content" / f, f, key) for f, key in (("schedule", "events"), ("videos", "videos"))]
    folders += [(source / "content" / "demands", "demands", "demands"), (EXAMPLES, "demands", "demands")]
    for origin, folder, key in folders:
        for path in sorted(origin.rglob("*.yaml")):
            items = _load(path)[key]
            relative = path.relative_to(origin)
            for k in range(factor):
                copies = []
                for item in items:
                    copy = dict(item, id=suffix(item["id"], k))
                    venue = item.get("venue") or {}
                    if venue.get("base") in base_ids:
                        copy["venue"] = dict(venue, base=suffix(venue["base"], k))
                    copies.append(copy)
                target = dest / "content" / folder / relative.parent / f"{suffix(relative.stem, k)}.yaml"
                _dump(target, {key: copies})
    return dest
