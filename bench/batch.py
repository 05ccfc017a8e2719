"""Batch render benchmark (issue 16, point 2): prints medians beside the target, no pass/fail.

    python bench/batch.py [--runs N] [--packs K] [--format pdf|docx|both]

Whole `briefpack render` processes, as an officer runs them, in interleaved rounds (each
round runs every command once, in turn, so a noisy moment on a shared machine hits them all
alike):

    one pack        briefpack render example -o one/
    K packs         briefpack render p1 … pK -o many/          (one process, a batch)
    K brands        briefpack render example --brand … ×K      (K brands of the officer's own,
                                                               made in a scratch user folder)
    K one by one    K separate `briefpack render` processes    (what a batch replaces)

and prints each median, the ratio of K packs to one pack beside the target (at most 3× for
10 packs), and the CPUs the batch may use.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"
TARGET_RATIO = 3.0  # 10 packs in one call take at most 3x one pack's call


def briefpack() -> list[str]:
    """The installed command beside this Python, else `python -m briefpack`."""
    exe = Path(sys.executable).with_name("briefpack")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "briefpack"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


def timed_each(commands: list[list[str]]) -> float:
    return sum(timed(command) for command in commands)


def make_brands(count: int) -> list[str]:
    """`count` brands of the officer's own (the default brand under other ids and names), in
    the scratch user folder the measured processes are given."""
    from briefpack.model.brand import find_brand
    from briefpack.model.brand_store import save_user_brand

    ids = [f"force-{number:02}" for number in range(count)]
    default = find_brand("default")
    for brand_id in ids:
        save_user_brand(default.model_copy(update={"id": brand_id, "name": f"Force {brand_id}"}))
    return ids


def commands(work: Path, packs: int, fmt: str) -> dict[str, list[list[str]]]:
    """Each measured thing: the processes it runs, one after another."""
    run = [*briefpack(), "render"]
    copies = []
    for number in range(packs):
        copy = work / "packs" / f"pack{number:02}.bpack"
        copy.parent.mkdir(exist_ok=True)
        shutil.copy2(EXAMPLE, copy)
        copies.append(str(copy))
    flags = [f"--brand={brand}" for brand in make_brands(packs)]
    single = [*run, str(EXAMPLE), "--format", fmt, "-o", f"{work}/one/"]
    return {
        "one pack": [single],
        f"{packs} packs, one call": [[*run, *copies, "--format", fmt, "-o", f"{work}/many/"]],
        f"{packs} brands, one call": [
            [*run, str(EXAMPLE), *flags, "--format", fmt, "-o", f"{work}/brands/"]
        ],
        f"{packs} packs, one call each": [
            [*run, copy, "--format", fmt, "-o", f"{work}/each/"] for copy in copies
        ],
    }


def measure(runs: int, packs: int, fmt: str) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["BRIEFPACK_USER_DIR"] = str(work / "user")  # the brands made for it
        measured = commands(work, packs, fmt)
        for name in measured:  # a first round warms the disk cache and the bytecode
            timed_each(measured[name])
        for _ in range(runs):
            for name, run in measured.items():
                times.setdefault(name, []).append(timed_each(run))
    return times


def cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--packs", type=int, default=10)
    parser.add_argument("--format", default="pdf", choices=("pdf", "docx", "both"))
    args = parser.parse_args()
    times = measure(args.runs, args.packs, args.format)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"whole processes, example pack, --format {args.format}, {cpus()} CPUs, "
        f"median of {args.runs} interleaved rounds:"
    )
    for name, value in medians.items():
        spread = f"{min(times[name]):.0f}-{max(times[name]):.0f}"
        print(f"  {name:28} {value:8.1f} ms   (range {spread} ms)")
    one = medians["one pack"]
    batch = medians[f"{args.packs} packs, one call"]
    each = medians[f"{args.packs} packs, one call each"]
    print(
        f"  {args.packs} packs in one call / one pack: {batch / one:4.2f}x "
        f"(target at most {TARGET_RATIO:.0f}x for 10 packs)"
    )
    print(f"  {args.packs} separate calls / {args.packs} packs in one call: {each / batch:4.2f}x")


if __name__ == "__main__":
    main()
