"""Map page weight: bytes of /map/ HTML per base at 1×, 10× and 100× the sample catalogue.

Each scale is the sample synthesized N times (benchmarks/synth.py: new ids, every copy located at a
deterministic pseudo-random point inside its district's boundary), built without PDFs. The page carries its
bases inline (one compact row each in folium's clustered layer) and, up to the list twin's limit, one list
item each; the district layer and Leaflet's own files do not grow with the catalogue. Printed per scale: the
page's size, bytes per located base, and the marginal bytes each further base adds since the previous scale.

    python benchmarks/map_weight.py [--scales 1 10 100]
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


def measure(times: int) -> dict[str, float]:
    """Build the catalogue at ``times`` the sample and weigh its map page."""
    with tempfile.TemporaryDirectory() as tmp:
        root = synthesize(Path(tmp) / "catalogue", times)
        catalogue, report = validate(root)
        assert catalogue is not None, [str(i) for i in report.errors][:5]
        located = sum(1 for b in catalogue.bases if b.location)
        started = time.perf_counter()
        build(root, Path(tmp) / "site", pdf=False)
        seconds = time.perf_counter() - started
        html = (Path(tmp) / "site" / "map" / "index.html").stat().st_size
    return {"bases": len(catalogue.bases), "located": located, "html": html, "seconds": seconds}


def main() -> None:
    """Print one line per scale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    print("scale  bases  on map  map/index.html  bytes/located base  marginal bytes/base  build s")
    previous: dict[str, float] | None = None
    for times in args.scales:
        m = measure(times)
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
