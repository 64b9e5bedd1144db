"""Damage the real catalogue at random: the validator must answer 0 or 1, never a traceback, and place every
problem on a line of the file it names.

    python benchmarks/fuzz.py [--runs 2000] [--seed 1] [--subprocess 20]
    python benchmarks/fuzz.py --seed 1 --case 417 [--keep DIR]   # replay one case

The catalogue (resources.yaml, every data file under content/ and the district boundaries) is copied once;
each case damages one file of the copy with one to three operations, in half of the cases also writes an
unknown field into a second YAML file, runs ``python -m generator validate --format json`` through its
``main`` in this process, and puts the files back. Case k of seed S draws everything from
``random.Random(f"{S}:{k}")``, so it can be replayed alone; ``--keep`` leaves the damaged catalogue in a
folder to run the validator on by hand.

A case fails when the command raises, writes to stderr, exits other than 0 or 1, prints what is not JSON or
what cannot be written as UTF-8, names a file that is not in the catalogue, a line outside the file (1 to
its number of lines + 1) or a column below 1; when a file that is not UTF-8 (or holds NUL) is not reported;
when the planted unknown field is not reported; and when damage that changes nothing a reader sees (CRLF
line ends, a BOM at the start) changes the report. Every tenth case also goes through the text, GitHub and
summary formats, which must exit alike and write nothing to stderr. ``--subprocess N`` runs the first N
cases through a real ``python -m generator`` too, which must print the same.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from damage import HARMLESS, OPERATIONS  # noqa: E402

from generator.cli.main import main as cli  # noqa: E402

LF = b"\n"

#: Every so many cases also go through the other formats and the English messages.
EVERY_FORMAT = 10
OTHER_FORMATS = [("--format", "text"), ("--format", "github", "--lang", "en"), ("--format", "summary")]
#: The problem planted in a second file: an unknown key on its first line, found whatever else is wrong.
PLANTED = b"zz_planted: 1\n"


@dataclass
class Case:
    """One run: the file damaged and how, and the file that holds the planted problem (if any)."""

    seed: int
    number: int
    file: str
    operations: list[str]
    planted: str | None
    damaged: bytes = b""

    def replay(self, sample: int = 1) -> str:
        """The command that runs this case alone."""
        where = f" --sample {sample}" if sample > 1 else ""
        return f"python benchmarks/fuzz.py --seed {self.seed} --case {self.number}{where}"


@dataclass
class Outcome:
    """What a batch of cases did: counts per operation and exit code, failures, time."""

    operations: collections.Counter[str] = field(default_factory=collections.Counter)
    exits: collections.Counter[int] = field(default_factory=collections.Counter)
    failures: list[tuple[Case, list[str]]] = field(default_factory=list)
    runs: int = 0
    seconds: float = 0.0
    sample: int = 1
    #: The last case run: what a replay of one case describes.
    last: Case | None = None


def data_files(root: Path) -> list[str]:
    """The catalogue's data files, relative to ``root``: the YAML files and the district boundaries."""
    found = [p for p in (root / "content").rglob("*") if p.suffix in {".yaml", ".geojson"} and p.is_file()]
    return ["resources.yaml", *sorted(p.relative_to(root).as_posix() for p in found)]


def make_case(seed: int, number: int, files: list[str], originals: dict[str, bytes]) -> Case:
    """Case ``number`` of ``seed``: everything drawn from its own generator, so it replays alone."""
    rng = random.Random(f"{seed}:{number}")
    target = rng.choice(files)
    operations = [rng.choice(list(OPERATIONS)) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    others = [f for f in files if f not in (target, "resources.yaml") and f.endswith(".yaml")]
    planted = rng.choice(others) if rng.random() < 0.5 else None
    raw = originals[target]
    for name in operations:
        raw = OPERATIONS[name](rng, raw)
    return Case(seed, number, target, operations, planted, raw)


def run_cli(root: Path, *options: str) -> tuple[int | None, str, str]:
    """``python -m generator validate`` in this process (``--format json`` unless ``options`` say otherwise):
    exit code, stdout and stderr.

    Output goes through UTF-8 streams that refuse what a real terminal would refuse (lone surrogates).
    """
    out, err = io.BytesIO(), io.BytesIO()
    out_text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    err_text = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    code: int | None
    with contextlib.redirect_stdout(out_text), contextlib.redirect_stderr(err_text):
        try:
            code = cli(["validate", "--root", str(root), *(options or ("--format", "json"))])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else None
        except Exception:  # a traceback is exactly what this looks for
            code = None
            err_text.write(traceback.format_exc())
    return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8", "replace")


def run_subprocess(root: Path) -> tuple[int | None, str, str]:
    """The same command in a fresh interpreter, as a maintainer runs it."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--root", str(root), "--format", "json"],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


Located = set[tuple[str, int, int, str]]


def located(out: str) -> Located:
    """The issues of a JSON report as (file, line, column, code)."""
    return {(i["file"], i["line"], i["column"], i["code"]) for i in json.loads(out)["issues"]}


def judge(
    case: Case, files: dict[str, bytes], result: tuple[int | None, str, str], baseline: Located
) -> list[str]:
    """Every way this run broke the rules in the module's docstring (empty: it passed); ``baseline`` is
    what the undamaged catalogue gives."""
    code, out, err = result
    if err or code not in (0, 1):
        return [f"exit {code}, stderr: {err[-2000:]}"]
    try:
        report = json.loads(out)
    except ValueError as exc:
        return [f"output is not JSON ({exc}): {out[:200]!r}"]
    problems = []
    if (code == 1) != (report["errors"] > 0):
        problems.append(f"exit {code} with {report['errors']} error(s)")
    for found in report["issues"]:
        name, line, column = found["file"], found["line"], found["column"]
        if name not in files:
            problems.append(f"names no catalogue file: {found}")
        elif not (1 <= line <= files[name].count(LF) + 1 and column >= 1):
            problems.append(f"outside its file of {files[name].count(LF) + 1} lines: {found}")
    errors_in = {f["file"] for f in report["issues"] if f["severity"] == "error"}
    damaged = case.damaged
    try:
        readable = b"\x00" not in damaged.decode("utf-8").encode("utf-8")
    except UnicodeDecodeError:
        readable = False
    # The boundaries file's problems are told at the line of resources.yaml that names it.
    told_in = "resources.yaml" if case.file.endswith(".geojson") else case.file
    if not readable and told_in not in errors_in:
        problems.append("a file that is not UTF-8 or holds NUL passed")
    planted = {(f["file"], f["line"], f["code"]) for f in report["issues"]}
    if case.planted and (case.planted, 1, "unknown-field") not in planted:
        problems.append(f"the unknown field planted in {case.planted} went unreported")
    harmless = set(case.operations) <= HARMLESS and len(set(case.operations)) == len(case.operations)
    if harmless and not case.planted and located(out) != baseline:
        problems.append(f"harmless damage changed the report: {sorted(located(out) ^ baseline)[:5]}")
    return problems


@contextlib.contextmanager
def catalogue_copy(sample: int = 1) -> Iterator[tuple[Path, dict[str, bytes]]]:
    """A temporary copy of the repository's catalogue, and the bytes of each of its data files.

    With ``sample`` above 1, one base in ``sample`` is kept (with the courses file named after it), and one
    year of the schedule: a smaller catalogue, quicker to validate, with every kind of file.
    """
    with tempfile.TemporaryDirectory(prefix="kepu-fuzz-") as tmp:
        root = Path(tmp)
        shutil.copy(REPO / "resources.yaml", root / "resources.yaml")
        shutil.copytree(REPO / "content", root / "content")
        if sample > 1:
            content = root / "content"
            years = sorted((content / "schedule").iterdir())
            for year in years[: len(years) // 2] + years[len(years) // 2 + 1 :]:
                shutil.rmtree(year)
            kept = {p.stem for p in sorted((content / "bases").glob("*.yaml"))[sample - 1 :: sample]}
            # The venues of the year kept stay too, so that the smaller copy is valid before it is damaged.
            for path in (content / "schedule").rglob("*.yaml"):
                events = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("events", [])
                kept |= {e["venue"]["base"] for e in events if (e.get("venue") or {}).get("base")}
            for path in [*(content / "bases").glob("*.yaml"), *(content / "courses").glob("*.yaml")]:
                if path.stem not in kept:
                    path.unlink()
        yield root, {name: (root / name).read_bytes() for name in data_files(root)}


def apply(root: Path, case: Case, originals: dict[str, bytes]) -> dict[str, bytes]:
    """Write the case's files into ``root``; return the bytes of every data file as they now are."""
    files = dict(originals)
    files[case.file] = case.damaged
    if case.planted:
        files[case.planted] = PLANTED + originals[case.planted]
    for name in (case.file, case.planted):
        if name:
            (root / name).write_bytes(files[name])
    return files


def run(
    seed: int,
    numbers: range | list[int],
    subprocesses: int = 0,
    keep: Path | None = None,
    sample: int = 1,
) -> Outcome:
    """Run the numbered cases of ``seed`` against one copy of the catalogue (see :func:`catalogue_copy`),
    restoring it after each."""
    outcome = Outcome(sample=sample)
    started = time.perf_counter()
    with catalogue_copy(sample) as (root, originals):
        names = list(originals)
        baseline = located(run_cli(root)[1])
        for index, number in enumerate(numbers):
            case = make_case(seed, number, names, originals)
            files = apply(root, case, originals)
            result = run_cli(root)
            problems = judge(case, files, result, baseline)
            if index < subprocesses:
                again = run_subprocess(root)
                if again[:2] != result[:2]:
                    problems.append(f"a real process answered otherwise: exit {again[0]}, {again[2][-500:]}")
            if number % EVERY_FORMAT == 0:
                for options in OTHER_FORMATS:
                    other = run_cli(root, *options)
                    if other[0] != result[0] or other[2]:
                        problems.append(f"{' '.join(options)}: exit {other[0]}, stderr {other[2][-2000:]}")
            outcome.last = case
            outcome.operations.update(case.operations)
            outcome.exits[result[0] if result[0] is not None else -1] += 1
            outcome.runs += 1
            if problems:
                outcome.failures.append((case, problems))
            if keep is not None:
                shutil.copytree(root, keep, dirs_exist_ok=True)
            for name in (case.file, case.planted):
                if name:
                    (root / name).write_bytes(originals[name])
    outcome.seconds = time.perf_counter() - started
    return outcome


def summary(outcome: Outcome) -> str:
    """The counts, the time per run, and each failing case with the command that replays it."""
    lines = [
        f"{outcome.runs} runs in {outcome.seconds:.1f} s "
        f"({1000 * outcome.seconds / max(outcome.runs, 1):.0f} ms per run); "
        f"exit codes: {dict(sorted(outcome.exits.items()))}",
        "operations: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.operations.items())),
        f"failures: {len(outcome.failures)}",
    ]
    if outcome.runs == 1 and outcome.last is not None:
        case = outcome.last
        lines.append(f"case: {case.file}: {' + '.join(case.operations)}; planted in: {case.planted or '-'}")
    for case, problems in outcome.failures:
        lines.append(f"- {case.replay(outcome.sample)}  # {case.file}: {' + '.join(case.operations)}")
        lines += [f"    {p}" for p in problems[:5]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=2000, help="how many cases (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="which sequence of cases (default 1)")
    parser.add_argument("--case", type=int, default=None, help="run only this case of the seed")
    parser.add_argument("--subprocess", type=int, default=20, help="also run the first N in a real process")
    parser.add_argument(
        "--sample", type=int, default=1, help="damage a copy with one base in N (default all)"
    )
    parser.add_argument(
        "--keep", type=Path, default=None, help="with --case: leave the damaged catalogue here"
    )
    args = parser.parse_args(argv)
    numbers = [args.case] if args.case is not None else range(args.runs)
    keep = args.keep if args.case is not None else None
    outcome = run(args.seed, numbers, args.subprocess, keep, args.sample)
    print(summary(outcome))
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
