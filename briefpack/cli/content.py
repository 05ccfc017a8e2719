"""Command line for the content library, templates and brands (`briefpack library|templates|
brands|new`), and the export log of what was made from them (`briefpack exports`).
Registered by briefpack.cli.build_parser; every command returns an exit code.

    library.py, figures.py   the content library and its statistics
    templates.py             templates and brands
    new.py                   a new pack from a template
    exports.py               the export log
    options.py               what they share (--on-conflict, the review age)
"""

from __future__ import annotations

import argparse


def register_content_commands(sub: argparse._SubParsersAction) -> None:
    """Add the library, templates, brands, new and exports commands to the main parser."""
    from briefpack.cli.exports import register_exports_command
    from briefpack.cli.library import register_library_commands
    from briefpack.cli.new import register_new_command
    from briefpack.cli.templates import register_brands_commands, register_templates_commands

    register_library_commands(sub)
    register_templates_commands(sub)
    register_brands_commands(sub)
    register_new_command(sub)
    register_exports_command(sub)
