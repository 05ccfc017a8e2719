"""Render benchmark: prints medians beside their targets, not pass/fail (machines here are
shared and noisy).

    python bench/render.py [--runs N]

Measures, for the example pack:
- in process, after one warm-up round: compose, then each writer on the composed tree: PDF
  untagged (render_pdf's tagged=False, kept for this measurement), PDF tagged (what
  briefpack writes), DOCX, HTML and the email draft (eml). The formats are measured
  interleaved: each round composes the pack once and hands the tree to every writer in
  turn, starting one writer later each round, so a noisy moment hits all of them alike.
  Tagging's cost is the ratio of the tagged and untagged medians, printed with the lowest
  and highest of the rounds' own ratios, in wall-clock time and again in this process's CPU
  time (steadier where other programs share the machine);
- the size of the PDF, tagged and untagged;
- the whole `briefpack render --format both` process (PDF and DOCX).

And for the same content repeated 100 times: the in-process PDF (tagged and untagged) and
DOCX renders, measured the same interleaved way, and the peak memory of a fresh process
rendering it (each child's own, measured inside it).

The untagged PDF still builds the structure tree in memory during the walk (under 1% of
the render's time); it only leaves out the marked content and the tree in the file. The
ratio therefore slightly understates what tagging costs.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.render import render
from briefpack.render.brand_files import check_brand_files
from briefpack.render.pdf.writer import render_pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"

TARGET_TAGGED_RATIO = 1.15  # tagged PDF at most 1.15x the untagged one (issue 13)
TARGET_HTML_MS = 50.0  # the web page under 50 ms (issue 14)


def repeated(pack, times: int):
    """The example's sections `times` over, in one pack."""
    data = pack.model_dump(mode="json")
    data["sections"] = [copy.deepcopy(s) for _ in range(times) for s in data["sections"]]
    return pack_from_data(data)


def pdf_writer(tagged: bool) -> Callable[[object], bytes]:
    """The PDF writer as `render(doc, "pdf", invariant=True)` calls it, tagged or not."""

    def write(doc) -> bytes:
        check_brand_files(doc.brand)  # what render() does first, for every format
        return render_pdf(doc, invariant=True, tagged=tagged)

    return write


def writer(fmt: str) -> Callable[[object], bytes]:
    return lambda doc: render(doc, fmt, invariant=True)


WRITERS: dict[str, Callable[[object], bytes]] = {
    "PDF, untagged": pdf_writer(tagged=False),
    "PDF, tagged": pdf_writer(tagged=True),
    "DOCX": writer("docx"),
    "HTML": writer("html"),
    "email draft (eml)": writer("eml"),
}


class Timings(NamedTuple):
    """Milliseconds per round, by name: wall-clock time, and this process's CPU time (which
    other programs busy on a shared machine do not add to)."""

    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]


def interleaved(pack, names: list[str], runs: int) -> Timings:
    """Times per round of "compose", and of each named writer on that round's tree.
    One warm-up round first (fonts registered, modules imported); then `runs` rounds,
    the writers in turn, each round starting one writer later than the one before."""
    base = EXAMPLE.parent
    every = ["compose", *names]
    timings = Timings({name: [] for name in every}, {name: [] for name in every})
    for round_no in range(-1, runs):
        elapsed: dict[str, tuple[float, float]] = {}
        wall, cpu = time.perf_counter(), time.process_time()
        doc = compose(pack, base)
        elapsed["compose"] = _since(wall, cpu)
        shift = max(round_no, 0) % len(names)
        for name in names[shift:] + names[:shift]:
            wall, cpu = time.perf_counter(), time.process_time()
            WRITERS[name](doc)
            elapsed[name] = _since(wall, cpu)
        if round_no >= 0:  # round -1 is the warm-up
            for name, (wall_ms, cpu_ms) in elapsed.items():
                timings.wall[name].append(wall_ms)
                timings.cpu[name].append(cpu_ms)
    return timings


def _since(wall: float, cpu: float) -> tuple[float, float]:
    """Milliseconds of wall-clock and CPU time since the two readings."""
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up: the OS file cache, .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def whole_process(runs: int) -> float:
    exe = Path(sys.executable).with_name("briefpack")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(exe), "render", str(EXAMPLE), "-o", f"{tmp}/out", "--format", "both"]
        return median_ms(lambda: subprocess.run(cmd, check=True, capture_output=True), runs)


# Printed by the child about itself. Linux's VmHWM is the peak of this program's own memory
# since it started; getrusage's ru_maxrss is not: across fork and exec it keeps the parent's
# peak (a child of a 300 MB process reported 310 MB where VmHWM said 9 MB). ru_maxrss is only
# the fallback where there is no /proc (it is in kB on Linux, bytes on macOS).
CHILD_PEAK = """
def own_peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource, sys
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak
"""


def peak_rss_mb(fmt: str, times: int) -> float:
    """Peak resident memory of a fresh process rendering the example `times` over, as that
    process measures it itself (not counting this benchmark's own memory)."""
    here = str(Path(__file__).parent)
    code = CHILD_PEAK + (
        f"import sys; sys.path.insert(0, {here!r}); import render as b\n"
        "from briefpack.render import render; from briefpack.document.compose import compose\n"
        f"p = b.repeated(b.load_pack(b.EXAMPLE), {times})\n"
        f"render(compose(p, b.EXAMPLE.parent), {fmt!r})\n"
        "print(own_peak_kb())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


# ---- printing ------------------------------------------------------------------------------


def line(label: str, value: str, target: str = "", verdict: str = "") -> None:
    tail = f"   target {target:<9} {verdict}" if target else "   no target"
    print(f"  {label:<48} {value:>10}{tail}")


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER"


def tagging_ratio(times: dict[str, list[float]]) -> tuple[float, float, float]:
    """Tagged over untagged: the ratio of the two medians, and the lowest and highest of the
    rounds' own ratios (how much the machine's noise moved it)."""
    tagged, untagged = times["PDF, tagged"], times["PDF, untagged"]
    rounds = [t / u for t, u in zip(tagged, untagged, strict=True)]
    return statistics.median(tagged) / statistics.median(untagged), min(rounds), max(rounds)


def report_times(timings: Timings, targets: bool) -> None:
    for name, values in timings.wall.items():
        median = statistics.median(values)
        if targets and name == "HTML":
            target = f"< {TARGET_HTML_MS:.0f} ms"
            line(name, f"{median:.1f} ms", target, verdict(median < TARGET_HTML_MS))
        else:
            line(name, f"{median:.1f} ms")
        if name != "PDF, tagged":
            continue
        for what, times in (("time", timings.wall), ("CPU time", timings.cpu)):
            ratio, low, high = tagging_ratio(times)
            line(
                f"  {what} tagged / untagged (rounds {low:.2f}-{high:.2f}x)",
                f"{ratio:.2f}x",
                f"≤ {TARGET_TAGGED_RATIO:.2f}x",
                verdict(ratio <= TARGET_TAGGED_RATIO),
            )


def report_sizes(doc) -> None:
    tagged, untagged = len(pdf_writer(True)(doc)), len(pdf_writer(False)(doc))
    line("PDF size, untagged", f"{untagged / 1024:.0f} kB")
    line("PDF size, tagged", f"{tagged / 1024:.0f} kB")
    line("  size tagged / untagged", f"{tagged / untagged:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    pack = load_pack(EXAMPLE)
    big = repeated(pack, 100)
    big_runs = max(3, args.runs // 3)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"briefpack render benchmark — python {sys.version.split()[0]}, {cpus} CPUs")

    one = interleaved(pack, list(WRITERS), args.runs)
    print(
        f"\nexample, in process: medians of {args.runs} interleaved rounds after a warm-up "
        "(compose once a round, then each writer on that tree)"
    )
    report_times(one, targets=True)
    report_sizes(compose(pack, EXAMPLE.parent))
    line("whole `briefpack render --format both` process", f"{whole_process(args.runs):.1f} ms")

    hundred = interleaved(big, ["PDF, untagged", "PDF, tagged", "DOCX"], big_runs)
    print(f"\nexample x100, in process: medians of {big_runs} interleaved rounds after a warm-up")
    report_times(hundred, targets=False)
    for name in ("PDF, tagged", "DOCX"):
        factor = statistics.median(hundred.wall[name]) / statistics.median(one.wall[name])
        line(f"{name}: x100 / the example", f"{factor:.1f}x")
    report_sizes(compose(big, EXAMPLE.parent))
    for fmt in ("pdf", "docx"):
        line(f"peak memory of a process rendering it, {fmt}", f"{peak_rss_mb(fmt, 100):.1f} MB")


if __name__ == "__main__":
    main()
