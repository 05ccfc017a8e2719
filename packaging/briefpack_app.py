"""The desktop bundle's program: briefpack's command line and app, as `briefpack` runs them.

briefpack starts its helper processes (the placeholder sandbox, the live preview) as
`sys.executable -m MODULE`. In the bundle sys.executable is this program, not Python, so
`-m` is handled here: only briefpack's own modules, run as `python -m` would run them.
"""

from __future__ import annotations

import runpy
import sys


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "-m":
        module = sys.argv[2]
        if module != "briefpack" and not module.startswith("briefpack."):
            print(f"briefpack: -m runs only briefpack's own helpers, not {module}", file=sys.stderr)
            return 2
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from briefpack.cli import main as briefpack_main

    return briefpack_main()


if __name__ == "__main__":
    raise SystemExit(main())
