"""The export log and the force library revision stamp (issue 17, point 5).

Every export, from the command line (one pack, or a batch on forked workers) and from the
app, records the force library revision in the file (PDF XMP, DOCX custom property, the web
page's <meta>, the email's header) and appends a line per file to the export log, which
`briefpack exports [--since DATE]` lists. The log is append-only: a torn last line is
skipped and counted, and appends from two processes never interleave.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pikepdf
import pytest
from force_repos import ALICE, Users, bare, head_of, own_item, run
from lxml import etree
from packs import EXAMPLE, ROOT, pack_data

from briefpack.document.compose import compose
from briefpack.model.export_log import (
    append_record,
    log_path,
    pack_hash,
    read_log,
    record_for,
)
from briefpack.model.force_publish import publish
from briefpack.model.force_revision import NO_REVISION, library_revision
from briefpack.model.packfile import load_pack, pack_from_data, pack_to_bytes
from briefpack.render import render
from briefpack.render.docx.custom_props import set_custom_properties
from briefpack.render.pdf.structure import BRIEFPACK_XMP_NS
from briefpack.services.export import ExportHooks, export_pack
from briefpack.services.export_audit import with_revision

REVISION = "3f2a9c1d5e6b7a8090a1b2c3d4e5f60718293a4b"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def small_pack(folder: Path, name: str = "brief.bpack", **meta: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = pack_data({"kind": "text", "title": "Hello", "body": "Report it."}, **meta)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def small_doc(revision: str = REVISION):
    pack = pack_from_data(pack_data({"kind": "text", "title": "Hello", "body": "Report it."}))
    return with_revision(compose(pack, EXAMPLE.parent, today=date(2016, 8, 1)), revision)


# ---- the stamp in each format ------------------------------------------------------------------


def xmp_revision(pdf: bytes) -> str:
    with pikepdf.open(io.BytesIO(pdf)) as doc, doc.open_metadata() as meta:
        return str(meta[f"{{{BRIEFPACK_XMP_NS}}}libraryRevision"])


def docx_properties(data: bytes) -> dict[str, str]:
    """The custom properties, read from docProps/custom.xml with zipfile and lxml."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("_rels/.rels").decode()
        root = etree.fromstring(package.read("docProps/custom.xml"))
    assert 'PartName="/docProps/custom.xml"' in types and "custom-properties+xml" in types
    assert "relationships/custom-properties" in rels and 'Target="docProps/custom.xml"' in rels
    found = {}
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        assert prop.get("fmtid") == "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
        assert int(prop.get("pid")) >= 2
        found[prop.get("name")] = prop.find(f"{{{VT_NS}}}lpwstr").text
    return found


def test_every_format_records_the_revision_where_it_keeps_metadata():
    doc = small_doc()
    assert xmp_revision(render(doc, "pdf", invariant=True)) == REVISION
    assert docx_properties(render(doc, "docx")) == {"BriefpackLibraryRevision": REVISION}
    html = render(doc, "html").decode()
    assert f'<meta name="briefpack-library-revision" content="{REVISION}">' in html
    mail = message_from_bytes(render(doc, "eml", invariant=True), policy=default)
    assert mail["X-Briefpack-Library-Revision"] == REVISION


def test_with_no_force_library_every_format_says_none():
    doc = small_doc(library_revision())
    assert library_revision() == NO_REVISION == "none"
    assert xmp_revision(render(doc, "pdf")) == "none"
    assert docx_properties(render(doc, "docx"))["BriefpackLibraryRevision"] == "none"


@pytest.mark.parametrize("fmt", ["pdf", "html", "eml"])
def test_invariant_output_stays_byte_identical_with_the_revision(fmt):
    assert render(small_doc(), fmt, invariant=True) == render(small_doc(), fmt, invariant=True)
    other = render(small_doc("none"), fmt, invariant=True)
    assert other != render(small_doc(), fmt, invariant=True)  # the revision is in the file


def test_the_custom_properties_part_is_filled_in_place_never_twice():
    import docx

    word = docx.Document()
    set_custom_properties(word, {"A": "1"})
    set_custom_properties(word, {"B": "two  words\n"})
    out = io.BytesIO()
    word.save(out)
    with zipfile.ZipFile(out) as package:
        assert package.namelist().count("docProps/custom.xml") == 1
    assert docx_properties(out.getvalue()) == {"B": "two words"}


def test_libreoffice_opens_the_docx_and_reads_the_property(tmp_path, soffice):
    source = tmp_path / "brief.docx"
    source.write_bytes(render(small_doc(), "docx"))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "brief.odt") as odt:
        meta = odt.read("meta.xml").decode()
    assert f'meta:name="BriefpackLibraryRevision">{REVISION}<' in meta


def test_a_hand_edited_subscription_never_puts_its_text_in_a_file(user_data_dir):
    folder = user_data_dir / "force-library"
    folder.mkdir()
    record = {"format": "briefpack/force-subscription", "version": 1, "location": "/x"}
    for commit in ("abc\r\nBcc: all@example.com", "not hex" * 6, 7, None):
        (folder / "subscription.json").write_text(json.dumps({**record, "synced_commit": commit}))
        assert library_revision() == NO_REVISION
    (folder / "subscription.json").write_text(json.dumps({**record, "synced_commit": REVISION}))
    assert library_revision() == REVISION
    (folder / "subscription.json").write_bytes(b"\x00garbage")
    assert library_revision() == NO_REVISION


# ---- every export is logged ------------------------------------------------------------------


def test_a_command_line_export_logs_a_line_per_file(tmp_path, capsys):
    pack = small_pack(tmp_path, audience="Sector leads", marking="OFFICIAL-SENSITIVE")
    before = datetime.now().astimezone() - timedelta(seconds=2)
    code, out, _ = run(capsys, "render", str(pack), "--format", "both")
    assert code == 0 and out.count("wrote") == 2
    records = read_log().records
    assert [(r.format, Path(r.file)) for r in records] == [
        ("pdf", tmp_path / "brief.pdf"),
        ("docx", tmp_path / "brief.docx"),
    ]
    digest = hashlib.sha256(pack_to_bytes(load_pack(pack))).hexdigest()
    for record in records:
        assert Path(record.file).is_absolute()
        assert (record.title, record.audience, record.marking) == (
            "Counter Terrorism Protective Security Update",
            "Sector leads",
            "OFFICIAL-SENSITIVE",
        )
        assert record.pack_sha256 == digest and record.library_revision == "none"
        assert before <= record.when <= datetime.now().astimezone()
        assert record.when.utcoffset() is not None  # local time, with its offset


def test_the_pack_hash_is_the_sha256_of_the_pack_file_briefpack_saved():
    assert pack_hash(load_pack(EXAMPLE)) == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()


def hashed_packs():
    """Packs of every shape the digest's own walk must dump exactly as pydantic does."""
    from test_html import EVERY_KIND

    yield load_pack(EXAMPLE)
    yield from (load_pack(path) for path in sorted((ROOT / "templates").glob("*.bpack")))
    yield pack_from_data(pack_data(*EVERY_KIND))
    newer = pack_data({"kind": "text", "body": "x", "later": None, "kind2": {"a": [1, None]}})
    newer["meta"]["from_a_newer_briefpack"] = {"deep": [1.5, None, "x"]}
    yield pack_from_data(newer)  # fields a newer writer added, nulls and all
    picture = pack_from_data(pack_data({"kind": "image", "path": "p.png", "alt": "a"}))
    section = picture.sections[0].model_copy(update={"width_mm": 40})  # an int, unvalidated
    yield picture.model_copy(update={"sections": [section]})
    odd = picture.meta.model_copy(update={"date": datetime(2026, 12, 3, 9, 30)})
    yield picture.model_copy(update={"meta": odd})  # a type the walk leaves to pydantic


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # the odd date, on purpose
def test_the_pack_hash_is_of_exactly_the_bytes_briefpack_saves(monkeypatch):
    import briefpack.model.packfile as packfile

    asked = []  # the packs the digest's walk left to pydantic
    real = packfile.pack_to_bytes
    monkeypatch.setattr(packfile, "pack_to_bytes", lambda pack: asked.append(pack) or real(pack))
    packs = list(hashed_packs())
    for pack in packs:
        digest = pack_hash(pack)
        assert digest == hashlib.sha256(pack_to_bytes(pack)).hexdigest(), pack.meta.title
    assert asked == packs[-1:]  # only the one with a datetime for a date


def test_hashing_a_pack_builds_no_pydantic_serializer():
    script = (
        "from briefpack.model.packfile import load_pack\n"
        "from briefpack.model.export_log import pack_hash\n"
        f"pack = load_pack({str(EXAMPLE)!r})\n"
        "pack_hash(pack)\n"
        "print(type(pack).__pydantic_complete__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr  # a render never builds one for this


def test_an_app_export_logs_too(tmp_path):
    pytest.importorskip("PySide6")
    from briefpack.gui.export import export_job

    pack = load_pack(small_pack(tmp_path))
    target = tmp_path / "from-the-app.docx"
    job = export_job(pack, (tmp_path, tmp_path / "brief.bpack", frozenset()), target, "docx")

    class Progress:  # what gui/jobs.py hands the job
        def stage(self, _text: str) -> None:
            pass

        def cancelled(self) -> bool:
            return False

    assert job(Progress())
    [record] = read_log().records
    assert (record.file, record.format) == (str(target), "docx")


def test_a_batch_of_three_logs_three_lines_from_its_workers(tmp_path, capsys):
    packs = [str(small_pack(tmp_path / "in", f"pack-{i}.bpack", title=f"Pack {i}")) for i in "abc"]
    code, out, err = run(capsys, "render", *packs, "-o", f"{tmp_path / 'out'}/")
    assert (code, err) == (0, "") and out.count("wrote") == 3
    records = read_log().records
    assert sorted(r.title for r in records) == ["Pack a", "Pack b", "Pack c"]
    assert {Path(r.file).parent for r in records} == {tmp_path / "out"}


def test_a_cancelled_export_logs_nothing(tmp_path):
    pack = load_pack(small_pack(tmp_path))
    hooks = ExportHooks(cancelled=lambda: True)
    assert not export_pack(pack, tmp_path, {"pdf": tmp_path / "x.pdf"}, hooks=hooks)
    assert read_log().records == [] and not log_path().exists()


def test_a_log_that_cannot_be_written_warns_and_the_export_still_goes_out(tmp_path, capsys):
    log_path().mkdir(parents=True)  # a folder where the log should be
    pack = small_pack(tmp_path)
    said: list[str] = []
    hooks = ExportHooks(warned=said.append)
    assert export_pack(load_pack(pack), tmp_path, {"html": tmp_path / "x.html"}, hooks=hooks)
    [message] = said
    assert message.startswith(f"{log_path()}: could not record the export of {tmp_path}/x.html")
    assert message.endswith("the file itself was written and checked")
    assert (tmp_path / "x.html").is_file()

    code, out, err = run(capsys, "render", str(pack), "--format", "eml")
    assert code == 0 and out.startswith("wrote ") and (tmp_path / "brief.eml").is_file()
    assert err.startswith(f"warning: {log_path()}: could not record the export of")


# ---- the log survives crashes and concurrent writers -----------------------------------------


def a_record(title: str, when: datetime | None = None, file: str = "/tmp/x.pdf"):
    pack = pack_from_data(pack_data(title=title))
    return record_for(pack, Path(file), "pdf", "ab" * 32, "none", now=when)


def test_a_torn_last_line_is_skipped_counted_and_spoils_nothing_after_it(capsys):
    append_record(a_record("one"))
    append_record(a_record("two"))
    with log_path().open("ab") as log:  # a crash in the middle of the third line
        log.write(a_record("three").to_line()[:40])
    reading = read_log()
    assert [r.title for r in reading.records] == ["one", "two"] and reading.skipped == 1
    append_record(a_record("four"))  # starts a line of its own
    reading = read_log()
    assert [r.title for r in reading.records] == ["one", "two", "four"] and reading.skipped == 1
    code, out, err = run(capsys, "exports")
    assert code == 0 and "four" in out and "1 line could not be read" in err


WRITER = """
import sys, time
from pathlib import Path
from briefpack.model.export_log import append_record, record_for
from briefpack.model.packfile import pack_from_data
sys.path.insert(0, {tests!r})
from packs import pack_data
name, go = sys.argv[1], Path(sys.argv[2])
pack = pack_from_data(pack_data(title=name + " " + "x" * 5000))  # lines over PIPE_BUF
while not go.exists():
    time.sleep(0.005)
for number in range(200):
    append_record(record_for(pack, Path(f"/tmp/{{name}}-{{number}}.pdf"), "pdf", "0" * 64, "none"))
"""


def test_two_processes_appending_200_lines_each_never_interleave(tmp_path):
    go = tmp_path / "go"
    script = WRITER.format(tests=str(Path(__file__).parent))
    writers = [
        subprocess.Popen([sys.executable, "-c", script, name, str(go)]) for name in ("p", "q")
    ]
    time.sleep(0.5)  # both waiting: they start together
    go.touch()
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    lines = log_path().read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == 401
    reading = read_log()
    assert reading.skipped == 0 and len(reading.records) == 400
    for name in ("p", "q"):
        files = [r.file for r in reading.records if r.title.startswith(name + " ")]
        assert files == [f"/tmp/{name}-{number}.pdf" for number in range(200)]


# ---- briefpack exports ---------------------------------------------------------------------


def test_exports_lists_newest_last_with_short_paths_and_since_filters(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    local = datetime.now().astimezone().tzinfo
    for title, day in (("Old brief", 1), ("Board brief", 3), ("Site brief", 4)):
        when = datetime(2026, 12, day, 14, 5, tzinfo=local)
        append_record(a_record(title, when, str(tmp_path / "out" / f"{day}.pdf")))
    code, out, _ = run(capsys, "exports")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:2] == ["WHEN", "FORMAT"]
    assert [line.split("  ")[0] for line in lines[1:4]] == [
        "2026-12-01 14:05",
        "2026-12-03 14:05",
        "2026-12-04 14:05",
    ]
    assert lines[3].endswith(" out/4.pdf") and lines[-1] == "3 exports"

    code, out, _ = run(capsys, "exports", "--since", "3 December 2026")
    assert code == 0 and "Old brief" not in out and "Board brief" in out and "Site brief" in out
    assert out.splitlines()[-1] == "2 exports since 3 December 2026"

    code, out, _ = run(capsys, "exports", "--since", "2026-12-05")
    assert (code, out) == (0, "no exports recorded since 5 December 2026\n")


def test_exports_with_an_empty_log_and_a_bad_since(capsys):
    assert run(capsys, "exports") == (0, "no exports recorded yet\n", "")
    code, out, err = run(capsys, "exports", "--since", "31/02/2026")
    assert code == 2 and out == "" and err.startswith("--since: ") and len(err.splitlines()) == 1
    code, _, err = run(capsys, "exports", "--since", "last week")
    assert code == 2 and "--since" in err and "Traceback" not in err


# ---- with a real force library -----------------------------------------------------------------


def test_an_export_after_a_sync_records_the_synced_commit(tmp_path, monkeypatch, capsys):
    users = Users(tmp_path, monkeypatch)
    repo = bare(tmp_path)
    users.be("alice")
    own_item("Report it", "Call 0800 789 321")
    publish(str(repo), ALICE, "First approved items")
    users.be("bob")
    assert run(capsys, "library", "subscribe", str(repo))[0] == 0
    assert run(capsys, "library", "sync")[0] == 0
    commit = head_of(repo).decode()

    pack = small_pack(tmp_path / "packs")
    code, _, err = run(capsys, "render", str(pack), "--format", "pdf", "--invariant")
    assert (code, err) == (0, "")
    [record] = read_log().records
    assert record.library_revision == commit
    assert xmp_revision((tmp_path / "packs" / "brief.pdf").read_bytes()) == commit
    code, out, _ = run(capsys, "exports")
    assert commit[:7] in out.splitlines()[1].split()
