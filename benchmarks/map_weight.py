"""Map page weight: bytes of /map/ per base at 1×, 10× and 100× the sample catalogue.

Each scale is the sample synthesized N times (benchmarks/synth.py: new ids, every copy located at a
deterministic pseudo-random point inside its district's boundary). The page carries its bases inline (one
compact row each in folium's clustered layer) and, up to the list twin's limit, one list item each; the
district layer and Leaflet's own files do not grow with the catalogue. By default the map part alone is
rendered (its page is raw HTML blocks and a few headings, so its Markdown is the page's body; the theme adds
a fixed 28 KB or so); ``--build`` builds the whole site without PDFs and weighs the built page instead.
Printed per scale: the page's size, bytes per located base, and the marginal bytes each further base adds
since the previous scale.

    python benchmarks/map_weight.py [--scales 1 10 100] [--build]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import synthesize  # noqa: E402

from generator.catalogue.validate import validate  # noqa: E402
from generator.publish.build import build  # noqa: E402
from generator.site.parts import maps  # noqa: E402
from generator.site.render import render_part  # noqa: E402


def measure(times: int, whole: bool) -> dict[str, float]:
    """Render (or build) the catalogue at ``times`` the sample and weigh its map page."""
    with tempfile.TemporaryDirectory() as tmp:
        root = synthesize(Path(tmp) / "catalogue", times)
        catalogue, report = validate(root)
        assert catalogue is not None, [str(i) for i in report.errors][:5]
        located = sum(1 for b in catalogue.bases if b.location)
        started = time.perf_counter()
        if whole:
            build(root, Path(tmp) / "site", pdf=False)
            size = (Path(tmp) / "site" / "map" / "index.html").stat().st_size
        else:
            size = len(str(render_part(maps.render, catalogue)[maps.PAGE]).encode())
        seconds = time.perf_counter() - started
    return {"bases": len(catalogue.bases), "located": located, "html": size, "seconds": seconds}


def main() -> None:
    """Print one line per scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--build", action="store_true", help="build the whole site and weigh the built page")
    args = parser.parse_args()
    what = "map/index.html" if args.build else "map/index.md"
    print(f"scale  bases  on map  {what:>14}  bytes/located base  marginal bytes/base  seconds")
    previous: dict[str, float] | None = None
    for times in args.scales:
        m = measure(times, args.build)
        per_base = m["html"] / m["located"]
        marginal = (
            f"{(m['html'] - previous['html']) / (m['located'] - previous['located']):>19.0f}"
            if previous and m["located"] > previous["located"]
            else f"{'—':>19}"
        )
        print(
            f"{times:>4}×  {m['bases']:>5}  {m['located']:>6}  {m['html']:>14,}  {per_base:>18.0f}"
            f"  {marginal}  {m['seconds']:>7.1f}"
        )
        previous = m


if __name__ == "__main__":
    main()
