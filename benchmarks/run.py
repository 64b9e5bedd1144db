"""Build time and page weight at 1×, 10×, 100× (and 300×) the sample catalogue.

    python benchmarks/run.py [--factors 1 10 100 300] [--write-results]
    python benchmarks/run.py --profile 100 [--write-results]

Beside each build, benchmarks/anchor.py builds plain mkdocs-material with as many pages of the same mean
source size: "× plain material" is our whole build's time over the theme's own.

Each scale is synthesized (benchmarks/synth.py) and built in a fresh process (PDFs off: they are
per district, not per base), which reports its stage timings and its own peak memory. A table is printed;
``--write-results`` also writes benchmarks/RESULTS.md with the machine it ran on. ``--profile N`` builds
the N× catalogue under cProfile and prints (or writes into RESULTS.md) the functions that cost most.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

COLUMNS = [
    ("factor", "scale", "{}×"),
    ("bases", "bases", "{:,}"),
    ("courses", "courses", "{:,}"),
    ("validate_s", "validate s", "{:.2f}"),
    ("render_s", "render s", "{:.2f}"),
    ("mkdocs_s", "MkDocs s", "{:.2f}"),
    ("total_s", "total s", "{:.2f}"),
    ("per_base_ms", "ms/base", "{:.1f}"),
    ("own_share", "own stages", "{:.0%}"),
    ("ms_per_page", "ms/page", "{:.1f}"),
    ("anchor_ms_per_page", "plain material ms/page", "{:.1f}"),
    ("anchor_ratio", "× plain material", "{:.2f}"),
    ("peak_mb", "peak MB", "{:,.0f}"),
    ("pages", "pages", "{:,}"),
    ("site_mb", "site MB", "{:.1f}"),
    ("largest_html_kb", "largest HTML KB", "{:,.0f}"),
    ("largest_html", "largest page", "{}"),
    ("largest_detail_kb", "largest base/course page KB", "{:.1f}"),
    ("map_bytes_per_base", "map B/base", "{:.0f}"),
    ("pages_over_budget", "pages > 100 KB", "{:,}"),
]
#: No HTML page may weigh more (uncompressed): issue 9's budget.
PAGE_BUDGET = 100_000


def measure_one(root: Path, out: Path) -> dict[str, object]:
    """Build one synthesized catalogue in this process and measure it."""
    from generator.catalogue.validate import validate
    from generator.publish.build import build
    from generator.site.render import render_site

    started = time.perf_counter()
    catalogue, report = validate(root)
    validated = time.perf_counter()
    assert catalogue is not None, [str(i) for i in report.errors[:5]]
    output = render_site(catalogue)
    rendered = time.perf_counter()
    pages_md = [len(text) for path, text in output.items() if path.endswith(".md")]
    del output
    counts = len(catalogue.bases), len(catalogue.courses)
    del catalogue  # the build validates its own: holding this one too would inflate the peak
    build(root, out, pdf=False)  # validates and renders again, then MkDocs
    built = time.perf_counter()
    validate_s, render_s = validated - started, rendered - validated
    total_s = built - rendered
    mkdocs_s = max(total_s - validate_s - render_s, 0.0)
    html = [(p.stat().st_size, p) for p in out.rglob("*.html")]
    detail = [size for size, p in html if p.parent.parent.name in {"bases", "courses"}]
    largest_size, largest = max(html)
    # The anchor: plain mkdocs-material with as many pages, of our generated pages' mean source size.
    mean_source = sum(pages_md) // len(pages_md)
    anchor = subprocess.run(
        [
            sys.executable,
            str(HERE / "anchor.py"),
            str(len(html)),
            str(mean_source),
            str(out.parent / "anchor"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    anchor_s = json.loads(anchor.stdout.strip().splitlines()[-1])["anchor_s"]
    map_page = out / "map" / "index.html"
    return {
        "bases": counts[0],
        "courses": counts[1],
        "validate_s": validate_s,
        "render_s": render_s,
        "mkdocs_s": mkdocs_s,
        "total_s": total_s,
        "per_base_ms": 1000 * total_s / counts[0],
        "own_share": (validate_s + render_s) / total_s,
        "ms_per_page": 1000 * total_s / len(html),
        "anchor_ms_per_page": 1000 * anchor_s / len(html),
        "anchor_ratio": total_s / anchor_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": len(html),
        "site_mb": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6,
        "largest_html_kb": largest_size / 1e3,
        "largest_html": "/" + largest.parent.relative_to(out).as_posix() + "/",
        "largest_detail_kb": max(detail, default=0) / 1e3,
        "map_bytes_per_base": (map_page.stat().st_size / counts[0]) if map_page.exists() else 0.0,
        "pages_over_budget": sum(1 for size, _ in html if size > PAGE_BUDGET),
    }


def profile_one(root: Path, out: Path, top: int = 25) -> str:
    """Build one catalogue under cProfile; the costliest functions by own time and by cumulative time."""
    from generator.publish.build import build

    profiler = cProfile.Profile()
    profiler.runcall(build, root, out, pdf=False)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return "\n".join(line.rstrip() for line in text.getvalue().splitlines() if line.strip())


def write_block(marker: str, block: str, heading: str = "") -> None:
    """Put ``block`` between two ``marker`` lines in RESULTS.md (replacing what was there, or at the end,
    under ``heading`` if given)."""
    path = HERE / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{marker}\n{block}\n{marker}"
    if marker in text:
        before, _, rest = text.partition(marker)
        _, _, after = rest.partition(marker)
        text = before + block + after
    else:
        text = text.rstrip("\n") + (f"\n\n{heading}" if heading else "") + f"\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def table(rows: list[dict[str, object]]) -> str:
    head = "| " + " | ".join(title for _, title, _ in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    lines = [head, rule]
    for row in rows:
        lines.append("| " + " | ".join(fmt.format(row[key]) for key, _, fmt in COLUMNS) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--work", type=Path, default=HERE / "out")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=int, metavar="N", help="profile the N× build instead")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(*args.one)))
        return 0
    from synth import synthesize

    if args.profile:
        root = synthesize(args.work / f"x{args.profile}", args.profile)
        report = profile_one(root, args.work / f"site-x{args.profile}")
        print(report)
        if args.write_results:
            block = f"Profile of the {args.profile}× build (cProfile; {machine()}):\n\n```\n{report}\n```"
            write_block("<!-- profile -->", block)
        return 0
    rows = []
    for factor in args.factors:
        root = synthesize(args.work / f"x{factor}", factor)
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(root), str(args.work / f"site-x{factor}")],
            check=True,
            capture_output=True,
            text=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1]) | {"factor": factor}
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
    print()
    print(table(rows))
    base = rows[0]
    for row in rows[1:]:
        ratio = float(row["per_base_ms"]) / float(base["per_base_ms"])  # type: ignore[arg-type]
        print(f"{row['factor']}×: build time per base is {ratio:.2f}× the 1× figure")
    if args.write_results:
        write_block("<!-- build table -->", f"Machine: {machine()}. PDFs off.\n\n{table(rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
