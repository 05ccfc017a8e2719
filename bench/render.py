"""Render benchmark: prints medians, not pass/fail (machines here are shared and noisy).

    python bench/render.py [--runs N]

Measures, for the example pack and for the same content repeated 100 times:
in-process PDF and DOCX render after warm-up (compose included), the whole
`briefpack render --format both` process, and peak memory of the 100x render
(each child's own, measured inside it).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefpack.document.compose import compose
from briefpack.model.packfile import load_pack, pack_from_data
from briefpack.render import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "protective-security-update.bpack"


def repeated(pack, times: int):
    """The example's sections `times` over, in one pack."""
    data = pack.model_dump(mode="json")
    data["sections"] = [copy.deepcopy(s) for _ in range(times) for s in data["sections"]]
    return pack_from_data(data)


def median_ms(fn, runs: int) -> tuple[float, list[float]]:
    fn()  # warm-up: fonts registered, modules imported
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def in_process(pack, fmt: str, runs: int) -> float:
    base = EXAMPLE.parent
    return median_ms(lambda: render(compose(pack, base), fmt, invariant=True), runs)[0]


def whole_process(runs: int) -> float:
    exe = Path(sys.executable).with_name("briefpack")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(exe), "render", str(EXAMPLE), "-o", f"{tmp}/out", "--format", "both"]
        return median_ms(lambda: subprocess.run(cmd, check=True, capture_output=True), runs)[0]


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    pack = load_pack(EXAMPLE)
    big = repeated(pack, 100)
    one = {f: in_process(pack, f, args.runs) for f in ("pdf", "docx")}
    hundred = {f: in_process(big, f, max(3, args.runs // 3)) for f in ("pdf", "docx")}
    print(f"example, in process (median of {args.runs}):")
    for f in ("pdf", "docx"):
        print(f"  {f:4}: {one[f]:7.1f} ms")
    print(f"  whole `briefpack render --format both` process: {whole_process(args.runs):7.1f} ms")
    print("example x100, in process:")
    for f in ("pdf", "docx"):
        print(f"  {f:4}: {hundred[f]:8.1f} ms  ({hundred[f] / one[f]:5.1f}x the example)")
    for f in ("pdf", "docx"):
        print(f"  peak memory of a process rendering it, {f}: {peak_rss_mb(f, 100):6.1f} MB")


if __name__ == "__main__":
    main()
