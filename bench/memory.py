"""Memory and linearity benchmark for big packs: prints figures beside targets, not pass/fail.

    python bench/memory.py [--runs N] [--big] [--steps]

For the example pack repeated 100 and 300 times (and 1,000 times with --big), each format
(PDF, DOCX) is exported in a fresh child process the way `briefpack render` does it:
compose, render, check the bytes, write, check the file (services/export.py's
export_document). Each child prints its own peak memory (VmHWM, see bench/render.py) and
the export's time; the median of `--runs` children is printed per size, with the time per
copy of the example, and the ratio of the per-copy times of the biggest pack and 100×
(1.0 is linear).

--steps prints, for 300×, each child's peak after every stage (compose, render, check,
write, check the file), to see which stage sets the peak.

Targets (issue 16, point 3): at 300× the DOCX export peaks under 250 MB and the PDF under
150 MB; both stay linear in time up to 1,000×.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_PEAK_MB = {"pdf": 150.0, "docx": 250.0}  # at 300×
TARGET_AT = 300
TARGET_LINEAR = 1.25  # per-copy time at 1,000× over 100×: "linear", allowing for noise

# Run in the child: one export, with its peak memory read after each stage.
CHILD = """
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {here!r})
import render as b
exec(b.CHILD_PEAK)  # own_peak_kb()

from briefpack.document.compose import compose
from briefpack.services import export

steps = {{}}
pack = b.repeated(b.load_pack(b.EXAMPLE), {times})
steps["pack loaded"] = own_peak_kb()
start = time.perf_counter()
doc = compose(pack, b.EXAMPLE.parent)
steps["composed"] = own_peak_kb()
stage = export.ExportHooks(stage=lambda what: steps.__setitem__(what, own_peak_kb()))
with tempfile.TemporaryDirectory() as tmp:
    target = Path(tmp) / "out.{fmt}"
    export.export_document(doc, {{{fmt!r}: target}}, invariant=True, hooks=stage)
    seconds = time.perf_counter() - start
steps["done"] = own_peak_kb()
print(json.dumps({{"peak_kb": own_peak_kb(), "seconds": seconds, "steps": steps}}))
"""


def child_export(fmt: str, times: int) -> dict:
    """One export of the example `times` over in a fresh process: its peak and its time."""
    code = CHILD.format(here=str(HERE), times=times, fmt=fmt)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def line(label: str, value: str, target: str = "", verdict: str = "") -> None:
    tail = f"   target {target:<9} {verdict}" if target else ""
    print(f"  {label:<44} {value:>12}{tail}")


def measure(fmt: str, times: int, runs: int) -> tuple[float, float]:
    """Median peak (MB) and median ms per copy of `runs` children."""
    results = [child_export(fmt, times) for _ in range(runs)]
    peak = statistics.median(r["peak_kb"] for r in results) / 1024
    per_copy = statistics.median(r["seconds"] for r in results) * 1000 / times
    return peak, per_copy


def report(fmt: str, sizes: list[int], runs: int) -> None:
    per_copy: dict[int, float] = {}
    for times in sizes:
        peak, per_copy[times] = measure(fmt, times, runs)
        label = f"{fmt.upper()} {times}×: peak of the export process"
        if times == TARGET_AT:
            limit = TARGET_PEAK_MB[fmt]
            ok = "ok" if peak < limit else "OVER"
            line(label, f"{peak:.1f} MB", f"< {limit:.0f} MB", ok)
        else:
            line(label, f"{peak:.1f} MB")
        line(f"{fmt.upper()} {times}×: time per copy", f"{per_copy[times]:.1f} ms")
    biggest = max(sizes)
    ratio = per_copy[biggest] / per_copy[min(sizes)]
    ok = "ok" if ratio <= TARGET_LINEAR else "OVER"
    line(f"{fmt.upper()} per copy, {biggest}× / {min(sizes)}×", f"{ratio:.2f}x")
    if biggest >= 1000:
        line("  (linear in time)", "", f"≤ {TARGET_LINEAR:.2f}x", ok)


def steps(fmt: str) -> None:
    result = child_export(fmt, TARGET_AT)
    print(f"\n{fmt.upper()} {TARGET_AT}×, peak after each stage (MB):")
    for stage, kb in result["steps"].items():
        print(f"    {kb / 1024:8.1f}  {stage}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also 1,000× (minutes)")
    parser.add_argument("--steps", action="store_true", help="peaks stage by stage at 300×")
    parser.add_argument("--format", choices=["pdf", "docx"], action="append")
    args = parser.parse_args()
    sizes = [100, 300, 1000] if args.big else [100, 300]
    print(f"briefpack memory benchmark — python {sys.version.split()[0]}")
    print(f"medians of {args.runs} fresh processes each exporting the example repeated")
    for fmt in args.format or ["pdf", "docx"]:
        report(fmt, sizes, args.runs)
        if args.steps:
            steps(fmt)


if __name__ == "__main__":
    main()
