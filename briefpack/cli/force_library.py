"""`briefpack library publish|subscribe|sync|history`: the force library, shared through git.

The work is in the model (force_store, force_publish, force_history); these commands only
read the arguments and say what happened. A sync or publish that fails says why, names the
repository and leaves everything as it was (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from briefpack.cli.errors import EXIT_OK, one_line
from briefpack.cli.wording import counted
from briefpack.model.dates import long_date

if TYPE_CHECKING:
    from briefpack.model.force_publish import PublishResult
    from briefpack.model.force_repo import CommitInfo
    from briefpack.model.force_store import ForceContent


def register_force_commands(actions: argparse._SubParsersAction) -> None:
    publish = actions.add_parser(
        "publish",
        help="write your items to the force library (one signed-off commit)",
        description="Write your own library items (and, if asked, your templates and "
        "brands) to the force library's git repository REPO as one commit. Refused, with "
        "nothing changed, when REPO has changed since you last synced.",
    )
    publish.add_argument("repo", metavar="REPO", help="a bare repository's folder, or a URL")
    publish.add_argument(
        "--author", required=True, help='who approves: "Name <email>" (signs the commit off)'
    )
    publish.add_argument("-m", "--message", help="why (default: a count of the changes)")
    publish.add_argument(
        "--ids", nargs="+", metavar="ID", help="only these of your items (default: all)"
    )
    publish.add_argument(
        "--remove", nargs="+", metavar="ID", default=[], help="items to take out (default: none)"
    )
    publish.add_argument("--templates", action="store_true", help="your templates too (off)")
    publish.add_argument("--brands", action="store_true", help="your brands too (off)")
    publish.add_argument(
        "--create", action="store_true", help="make REPO, a new folder, a repository (off)"
    )
    publish.set_defaults(run=cmd_publish)

    subscribe = actions.add_parser("subscribe", help="follow a force library")
    subscribe.add_argument("repo", metavar="REPO", help="a bare repository's folder, or a URL")
    subscribe.set_defaults(run=cmd_subscribe)

    sync = actions.add_parser("sync", help="fetch the force library you follow")
    sync.set_defaults(run=cmd_sync)

    history = actions.add_parser("history", help="who published what to the force library")
    history.add_argument("item", nargs="?", metavar="ITEM", help="only this item (default: all)")
    history.set_defaults(run=cmd_history)


def cmd_publish(args: argparse.Namespace) -> int:
    from briefpack.model.force_publish import publish

    result = publish(
        args.repo,
        args.author,
        args.message,
        ids=args.ids,
        remove=args.remove,
        templates=args.templates,
        brands=args.brands,
        create=args.create,
    )
    print(one_line(_published(result)))
    return EXIT_OK


def _published(result: PublishResult) -> str:
    if result.commit is None:
        return f"nothing to publish: {result.location} already holds all of it"
    from briefpack.model.force_history import changes_text, shown_name

    names = [[shown_name(p) for p in paths] for paths in (result.added, result.changed)]
    changes = changes_text(*names, [shown_name(p) for p in result.removed])
    return f"published {result.commit.short} to {result.location}: {changes}"


def cmd_subscribe(args: argparse.Namespace) -> int:
    from briefpack.model.force_store import subscribe

    done = subscribe(args.repo)
    if done.warning:  # a drive not connected now: followed all the same, and said
        print(one_line(f"warning: {done.warning}"), file=sys.stderr)
    where = done.record.location
    if not done.changed:
        print(one_line(f"already subscribed to the force library at {where}"))
    else:
        print(one_line(f"subscribed to the force library at {where}"))
        print("run `briefpack library sync` to fetch it")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from briefpack.model.force_store import sync

    del args
    result = sync()
    content = result.content
    news = "already up to date" if result.before == content.commit else "synced"
    what = counted(len(content.items), "item")
    extra = [counted(len(content.templates), "template")] if content.templates else []
    extra += [counted(len(content.brands), "brand")] if content.brands else []
    head = f" ({_commit_line(content.head)})" if content.head else ""
    print(one_line(f"{news}: {', '.join([what, *extra])} from {result.location}{head}"))
    warn(content)
    return EXIT_OK


def warn(content: ForceContent) -> None:
    """Each file the force library's copy skipped, on standard error."""
    for warning in content.warnings:
        print(one_line(f"warning: force library: {warning}"), file=sys.stderr)


def cmd_history(args: argparse.Namespace) -> int:
    from briefpack.model.force_history import changes_text, history

    entries = history(args.item)
    for entry in entries:
        print(one_line(_commit_line(entry.commit, with_author=True)))
        print(one_line(f"    {changes_text(entry.added, entry.changed, entry.removed)}"))
    shown = f" touching {args.item}" if args.item else ""
    print(f"{counted(len(entries), 'publication')}{shown}")
    return EXIT_OK


def _commit_line(commit: CommitInfo, *, with_author: bool = False) -> str:
    who = commit.author if with_author else commit.author.split(" <")[0]
    return f"{commit.short} by {who} on {long_date(commit.when.date())}: {commit.subject}"
