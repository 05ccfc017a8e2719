"""Whole-process benchmark against the floor (issue 16, point 1): prints medians and ratios
beside the targets, no pass/fail (machines here are shared and noisy).

    python bench/process.py [--runs N]

The floor is what a competent engineer would write by hand for this one handout:
bench/floor/pdf_handout.py (reportlab) and bench/floor/docx_handout.py (python-docx), same
words, panels, tiles, chart, QR codes, logo and fonts. Each round runs, each as a fresh
process writing into a scratch folder, one after another:

    floor PDF · briefpack render --format pdf · floor DOCX · briefpack render --format docx
    · briefpack render --format both

starting one command later each round, so a noisy moment hits them all alike; then the same
three `briefpack render` commands with an empty cache folder (the first render after an
install or an upgrade). The warm commands share one cache folder, filled before round one.
Ratios are the median of each round's ratio (both measured in the same round). The targets
are on wall-clock time; CPU time (user + system, a forked child's included) is printed
beside it, steadier on a shared machine (though `both` runs on two cores at once).

briefpack keeps its caches under $BRIEFPACK_USER_DIR/cache when that is set (model/cache.py),
so each process is given a scratch user folder. Bytecode is compiled first, as
tools/setup.sh does at install, so no process pays for compiling the sources.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    import resource  # CPU time of the children (POSIX)
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"
FLOOR = Path(__file__).resolve().parent / "floor"
USER_DIR_ENV = "BRIEFPACK_USER_DIR"  # model/userdata.py's; the cache is its cache/ folder

# (what is measured, what it is measured against, the target ratio)
TARGETS = (("pdf", "floor pdf", 1.5), ("docx", "floor docx", 1.5), ("both", "floor pdf", 1.6))


def briefpack() -> list[str]:
    """The installed command beside this Python, else `python -m briefpack`."""
    exe = Path(sys.executable).with_name("briefpack")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "briefpack"]


Command = Callable[[Path], tuple[list[str], dict[str, str]]]


def floor(script: str, suffix: str) -> Command:
    def command(out: Path) -> tuple[list[str], dict[str, str]]:
        return [sys.executable, str(FLOOR / script), str(out / f"floor{suffix}")], {}

    return command


def render(fmt: str, user_dir: Path | None) -> Command:
    """`briefpack render --format fmt`; with the warm user folder, or else a new empty one."""

    def command(out: Path) -> tuple[list[str], dict[str, str]]:
        home = user_dir if user_dir is not None else Path(tempfile.mkdtemp(dir=out))
        argv = [*briefpack(), "render", str(EXAMPLE), "--format", fmt, "-o", f"{out}/"]
        return argv, {USER_DIR_ENV: str(home)}

    return command


def timed(command: Command, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds (user + system, the forked child included)."""
    argv, extra = command(out)
    env = {**os.environ, **extra}
    before = _children_cpu()
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000, (_children_cpu() - before) * 1000


def _children_cpu() -> float:
    if resource is None:
        return math.nan
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Times = dict[str, list[tuple[float, float]]]  # (wall, cpu) ms per round, by command


def rounds(commands: dict[str, Command], runs: int, out: Path) -> Times:
    """Milliseconds per round for each command, run in turn, one later each round."""
    names = list(commands)
    times: Times = {name: [] for name in names}
    for number in range(runs):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(timed(commands[name], out))
    return times


def median(times: Times, name: str, which: int = 0) -> float:
    return statistics.median(sample[which] for sample in times[name])


def per_round_ratio(times: Times, name: str, base: str, which: int = 0) -> float:
    pairs = zip(times[name], times[base], strict=True)
    return statistics.median(a[which] / b[which] for a, b in pairs)


def compile_bytecode() -> None:
    """What tools/setup.sh does after installing: no measured process compiles a source."""
    for folder in (ROOT / "briefpack", FLOOR):
        compileall.compile_dir(folder, quiet=1)


def report(times: Times, runs: int) -> None:
    print(f"\nwhole process, example pack: medians of {runs} interleaved rounds")
    print(f"  {'':<34} {'wall':>10} {'cpu':>10}")
    for name in times:
        wall, cpu = median(times, name), median(times, name, 1)
        print(f"  {name:<34} {wall:7.1f} ms {cpu:7.1f} ms")
    print("\nratios of wall-clock time (median of each round's ratio), targets, and CPU ratios")
    for name, base, target in TARGETS:
        for warmth in ("warm", "cold"):
            measured = f"{name} ({warmth} cache)"
            ratio = per_round_ratio(times, measured, base)
            cpu = per_round_ratio(times, measured, base, 1)
            verdict = "ok" if ratio <= target else "OVER"
            print(
                f"  {measured:<18} / {base:<10} {ratio:5.2f}x  target ≤ {target:.1f}x "
                f"{verdict:<4}  (cpu {cpu:4.2f}x)"
            )
    print("\ncold cache (empty cache folder) against warm, wall-clock")
    for name in ("pdf", "docx", "both"):
        cold = median(times, f"{name} (cold cache)")
        warm = median(times, f"{name} (warm cache)")
        gap = cold - warm
        print(f"  {name:<6} cold {cold:7.1f} ms   warm {warm:7.1f} ms   cold − warm {gap:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"briefpack whole-process benchmark — python {sys.version.split()[0]}, {cpus} CPUs")
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        out, warm = Path(tmp), Path(tmp) / "user"
        commands: dict[str, Command] = {
            "floor pdf": floor("pdf_handout.py", ".pdf"),
            "pdf (warm cache)": render("pdf", warm),
            "floor docx": floor("docx_handout.py", ".docx"),
            "docx (warm cache)": render("docx", warm),
            "both (warm cache)": render("both", warm),
            "pdf (cold cache)": render("pdf", None),
            "docx (cold cache)": render("docx", None),
            "both (cold cache)": render("both", None),
        }
        for command in commands.values():  # warm-up: OS file cache, the warm cache folder
            timed(command, out)
        report(rounds(commands, args.runs, out), args.runs)


if __name__ == "__main__":
    main()
