"""bench/render.py reports each child's own peak memory, not the peak it inherits from the
process that started it (getrusage's ru_maxrss keeps that across fork and exec on Linux)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "render.py"


def child_peak_code() -> str:
    spec = importlib.util.spec_from_file_location("bench_render", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CHILD_PEAK


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux's /proc")
def test_a_child_of_a_large_process_reports_its_own_small_peak():
    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"\1" * len(range(0, len(ballast), 4096))  # touched: really resident
    code = child_peak_code() + "print(own_peak_kb())"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    peak_mb = int(out.stdout) / 1024
    assert 0 < peak_mb < 100, peak_mb  # a bare Python: about 10 MB; the parent holds 300 MB
    del ballast


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux's /proc")
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_memory_bench_child_exports_and_reports_each_stage(fmt: str) -> None:
    """bench/memory.py's child still runs the export the command line runs (no figures
    are judged here: the bench prints them)."""
    spec = importlib.util.spec_from_file_location("bench_memory", BENCH.with_name("memory.py"))
    assert spec and spec.loader
    memory = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(memory)
    result = memory.child_export(fmt, 2)
    assert result["seconds"] > 0 and result["peak_kb"] > 10_000
    stages = list(result["steps"])
    assert stages[:2] == ["pack loaded", "composed"] and stages[-1] == "done"
    assert any(stage.startswith("Writing") for stage in stages)
    assert any(stage.startswith("Checking") for stage in stages)


def test_gui_bench_cold_start_child_reports_both_paints(tmp_path) -> None:
    """bench/gui.py's cold-start child finds the main window's preview and reports the
    window and first preview page painted (it once looked for a moved attribute and timed
    out on every run). Offscreen Qt; figures are printed by the bench, not judged here."""
    import json
    import os
    import time

    bench = BENCH.with_name("gui.py")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    env["BRIEFPACK_USER_DIR"] = str(tmp_path / "user")
    env["BRIEFPACK_BENCH_SPAWN"] = repr(time.time())
    proc = subprocess.run(
        [sys.executable, str(bench), "--child", "cold"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    assert lines, proc.stderr[-2000:]
    figures = json.loads(lines[0][len("BENCH ") :])
    assert 0 < figures["window_painted_s"] <= figures["preview_painted_s"]
