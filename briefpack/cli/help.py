"""How `--help` reads: every command's parser is a BriefpackParser.

A group of commands is listed as the commands themselves, without argparse's extra
`{render,validate,…}` or `COMMAND` line above them, so the names line up with their help.
Each option's help ends with its default, written out in words ("(default: beside the
pack)"), rather than argparse's `(default: None)`; tests/test_cli.py checks that.
"""

from __future__ import annotations

import argparse
from typing import Any


class _CommandListFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=26)

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(sub) for sub in action._get_subactions())
        return super()._format_action(action)


class BriefpackParser(argparse.ArgumentParser):
    """An ArgumentParser whose help lists commands plainly; its subparsers are the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _CommandListFormatter)
        super().__init__(*args, **kwargs)
