"""Exit codes and how the command line reports a problem: one line on standard error.

0  done
1  an internal error (a bug): one line, the details in briefpack's log file
2  the input is bad (a file, an argument): one line naming the file, the place and why
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path

from briefpack import __version__
from briefpack.model.errors import BriefpackError

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl+C


def one_line(message: str) -> str:
    """A message safe for a terminal: a path's NUL, ESC or newline is shown escaped."""
    from briefpack.model.storage import shown_path

    return shown_path(message)


def refuse_nul_in_paths(paths: list[Path]) -> None:
    """No file name can hold a NUL; say so in one line instead of an internal error."""
    from briefpack.model.storage import shown_path

    for path in paths:
        if "\0" in str(path):
            raise BriefpackError(
                "a file name cannot contain a NUL character (shown as \\x00); check the name",
                file=shown_path(path),
            )


def log_file() -> Path:
    from platformdirs import user_log_dir

    folder = Path(user_log_dir("briefpack", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "briefpack.log"


def report_internal_error(exc: BaseException) -> int:
    """One line on standard error; the traceback appended to the log file (if it opens)."""
    try:
        path = log_file()
        stamp = datetime.now().isoformat(timespec="seconds")
        details = "".join(traceback.format_exception(exc))
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} briefpack {__version__} {' '.join(sys.argv)}\n{details}\n")
        from briefpack.cli.paths import shown

        where = f"; details in {shown(path)}"
    except OSError:
        where = ""
    message = f"briefpack: internal error: {type(exc).__name__}: {exc}{where}"
    print(one_line(message), file=sys.stderr)
    return EXIT_INTERNAL
