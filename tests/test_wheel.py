"""The wheel carries assets/ and templates/: install it in a fresh venv and render there."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from packs import EXAMPLE, ROOT


@pytest.mark.slow
def test_wheel_installs_and_renders_the_example(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(dist.glob("briefpack-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "briefpack/_data/assets/fonts/LiberationSans-Regular.ttf" in names
    assert "briefpack/_data/assets/brands/default.json" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)  # the MIT licence

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # Reuse this environment's dependencies (no network); the venv's own copy of briefpack
    # comes first on sys.path, so the checkout is not what runs.
    site = Path(
        subprocess.check_output(
            [str(py), "-c", "import site; print(site.getsitepackages()[0])"], text=True
        ).strip()
    )
    (site / "zz_outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)

    out_pdf = tmp_path / "out.pdf"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.check_output(
        [str(py), "-c", "import briefpack, sys; print(briefpack.__file__)"],
        cwd=tmp_path,
        env=env,
        text=True,
    )
    assert str(venv) in where
    subprocess.run(
        [
            str(venv / "bin" / "briefpack"),
            "render",
            str(EXAMPLE),
            "-o",
            str(out_pdf),
            "--format",
            "both",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
    )
    assert out_pdf.read_bytes().startswith(b"%PDF")
    assert out_pdf.with_suffix(".docx").stat().st_size > 5000
