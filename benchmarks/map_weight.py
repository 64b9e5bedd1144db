"""Map page weight: bytes of /map/ HTML per base at 1×, 10× and 100× the sample catalogue.

Each scale copies every base of the repository (new ids, points spread at random — with a fixed seed — over
the base's district), builds the whole site without PDFs, and prints the built page's size. The data file the
page fetches (map/bases.json) is printed apart: it is not part of the page's HTML.

    python benchmarks/map_weight.py [--scales 1 10 100]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.catalogue.validate import validate  # noqa: E402
from generator.publish.build import build  # noqa: E402


def scaled_repo(dest: Path, times: int) -> int:
    """The repository's catalogue with ``times`` copies of every base; returns the number of bases."""
    for name in ("resources.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, dest / name)
    shutil.copytree(REPO / "content", dest / "content")
    (dest / "site_templates").symlink_to(REPO / "site_templates")
    root = yaml.safe_load((REPO / "resources.yaml").read_text(encoding="utf-8"))
    region = root["region"]["bbox"]
    # Each district's box, clipped to the region's (the district boxes are approximate).
    boxes = {
        d["id"]: [
            max(d["bbox"][0], region[0]),
            max(d["bbox"][1], region[1]),
            min(d["bbox"][2], region[2]),
            min(d["bbox"][3], region[3]),
        ]
        for d in root["districts"]
    }
    rng = random.Random(20221)
    originals = sorted((REPO / "content" / "bases").glob("*.yaml"))
    for copy in range(1, times):
        for path in originals:
            base = yaml.safe_load(path.read_text(encoding="utf-8"))
            west, south, east, north = boxes[base["district"]]
            base["id"] = f"{base['id']}-x{copy}"
            base["location"] = {
                "lat": round(rng.uniform(south, north), 5),
                "lon": round(rng.uniform(west, east), 5),
            }
            text = yaml.safe_dump(base, allow_unicode=True, sort_keys=False)
            (dest / "content" / "bases" / f"{base['id']}.yaml").write_text(text, encoding="utf-8")
    return len(originals) * times


def measure(times: int) -> dict[str, float]:
    """Build the scaled catalogue and weigh its map page."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        bases = scaled_repo(root, times)
        catalogue, _ = validate(root)
        assert catalogue is not None, "the scaled catalogue does not validate"
        located = sum(1 for b in catalogue.bases if b.location)
        started = time.perf_counter()
        build(root, Path(tmp) / "site", pdf=False)
        seconds = time.perf_counter() - started
        html = (Path(tmp) / "site" / "map" / "index.html").stat().st_size
        data = (Path(tmp) / "site" / "map" / "bases.json").stat().st_size
    return {"bases": bases, "located": located, "html": html, "data": data, "seconds": seconds}


def main() -> None:
    """Print one line per scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    print("scale  bases  on map  map/index.html  bytes/base  map/bases.json  bytes/base  build s")
    for times in args.scales:
        m = measure(times)
        per_html, per_data = m["html"] / m["located"], m["data"] / m["located"]
        print(
            f"{times:>4}×  {m['bases']:>5}  {m['located']:>6}  {m['html']:>14,}  {per_html:>10.0f}"
            f"  {m['data']:>14,}  {per_data:>10.0f}  {m['seconds']:>7.1f}"
        )


if __name__ == "__main__":
    main()
