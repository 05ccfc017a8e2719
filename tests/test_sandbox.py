"""Placeholders: published Jinja2 sandbox escapes and SSTI payloads are refused, loops are
stopped after 3 seconds in a helper process, and links and images cannot be smuggled in."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from packs import pack_data

from briefpack.document import nodes as n
from briefpack.document import placeholders, sandbox_worker
from briefpack.document.compose import compose
from briefpack.document.context import placeholder_context
from briefpack.document.markdown import parse_blocks, safe_url
from briefpack.document.placeholders import (
    PlaceholderSecurityError,
    PlaceholderTimeoutError,
    expand,
)
from briefpack.model.errors import ComposeError
from briefpack.model.packfile import load_pack, pack_from_data

CONTEXT = {
    "pack": {"title": "Update", "date": "1 August 2016"},
    "threat": {"level": "severe", "name": "SEVERE", "meaning": "an attack is highly likely"},
    "stats": {"calls": {"value": "32", "label": "hotline calls"}},
    "today": "1 August 2016",
}

# Published sandbox escapes (by CVE) and classic server-side template injection payloads.
PAYLOADS = [
    # CVE-2016-10745: str.format reaching attributes
    '{{ "{0.__class__.__mro__}".format(threat) }}',
    "{{ threat.name.format(threat) }}",
    # CVE-2019-10906: str.format_map
    '{{ "{x.__class__}".format_map({"x": threat}) }}',
    # CVE-2024-56326: a format method reached indirectly
    '{% set f = "{0.__class__}".format %}{{ f(1) }}',
    "{% set f = threat.name.format %}{{ f(threat) }}",
    # CVE-2025-27516: the attr filter fetching format
    '{{ "{0.__class__}"|attr("format")(1) }}',
    '{{ threat|attr("__class__") }}',
    # classic SSTI
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ [].__class__.__base__.__subclasses__() }}",
    "{{ ().__class__.__bases__[0] }}",
    "{{ threat.__class__ }}",
    "{{ threat.name.__class__.mro() }}",
    "{{ pack.title.__getattribute__('__class__') }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ range.__class__ }}",
    "{{ dict.__base__ }}",
    "{{ request.application.__globals__.__builtins__ }}",
    "{{ config.items() }}",
    "{{ config }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ url_for.__globals__ }}",
    "{{ get_flashed_messages.__globals__ }}",
    '{{ "x"|format(1) }}',
    "{{ '%s' % threat }}",
    "{{ stats|map('upper')|list }}",
    "{{ threat|tojson }}",
    # resource exhaustion
    "{{ 'x' * 100000000 }}",
    "{{ [1] * 100000000 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ 10 ** 100000 }}",
    "{{ range(100000000)|list }}",
    "{{ threat.name.center(100000000) }}",
    "{{ threat.name|truncate(100000000) }}",
    "{{ ('x' * 1000000)|replace('x', 'yy') }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_and_exhaustion_payloads_are_security_errors(payload: str) -> None:
    with pytest.raises(PlaceholderSecurityError) as info:
        expand(payload, CONTEXT, "sections[2].body")
    assert isinstance(info.value, ComposeError)
    message = info.value.message
    assert message.startswith("sections[2].body: the placeholder tried something not allowed")
    assert "\n" not in message


def test_payload_count_for_the_docs() -> None:
    assert len(PAYLOADS) >= 40


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ threat.name }} ({{ stats.calls.value }})", "SEVERE (32)"),
        ("{{ threat.name|lower }}", "severe"),
        ("{{ threat.level|title }} at {{ pack.date }}", "Severe at 1 August 2016"),
        ('{% if threat.level == "severe" %}High{% else %}Low{% endif %}', "High"),
        ("{% for k in stats|sort %}{{ k }};{% endfor %}", "calls;"),
        ("{{ 'ab' * 3 }} {{ 2 ** 10 }}", "ababab 1024"),
        ("{{ threat.name }}\n", "SEVERE\n"),
    ],
)
def test_ordinary_placeholders_still_work(text: str, expected: str) -> None:
    assert expand(text, CONTEXT, "x") == expected


def test_plain_lookups_never_start_the_helper(monkeypatch) -> None:
    def no_helper():
        raise AssertionError("the helper process was used for a plain look-up")

    monkeypatch.setattr(placeholders, "shared_worker", no_helper)
    text = "{{ pack.title }}: {{threat.meaning}}, {{ stats.calls.value }} {{ today }}"
    assert expand(text, CONTEXT, "x") == "Update: an attack is highly likely, 32 1 August 2016"
    with pytest.raises(ComposeError, match=r"^x: unknown placeholder: 'nothing'$"):
        expand("{{ nothing }}", CONTEXT, "x")
    with pytest.raises(ComposeError, match=r"unknown placeholder: 'gone' \(statistic ids"):
        expand("{{ stats.gone.value }}", CONTEXT, "x")


def test_plain_and_sandbox_paths_agree() -> None:
    text = "A {{ pack.title }} B {{ stats.calls.label }} C"
    fast = expand(text, CONTEXT, "x")
    slow = sandbox_worker.shared_worker().render(text, CONTEXT)
    assert slow == {"id": slow["id"], "kind": "ok", "text": fast}


def test_output_is_capped_at_a_million_characters() -> None:
    near = "{{ 'x' * 999999 }}"
    assert len(expand(near, CONTEXT, "x")) == 999_999
    with pytest.raises(PlaceholderSecurityError, match="not allowed"):
        expand(near + near, CONTEXT, "x")


def test_endless_loop_is_stopped_after_3_seconds_in_a_process() -> None:
    worker = sandbox_worker.shared_worker()
    expand("{{ threat.name|upper }}", CONTEXT, "x")  # the helper is up
    first_pid = worker.pid
    assert first_pid is not None and first_pid != os.getpid()
    loop = (
        '{% set s = "x" * 2000 %}'
        "{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(PlaceholderTimeoutError) as info:
        expand(loop, CONTEXT, "sections[0].body")
    assert info.value.message.startswith("sections[0].body: placeholders took longer than 3")
    with pytest.raises(ProcessLookupError):
        os.kill(first_pid, 0)  # the runaway helper is gone
    assert expand("{{ threat.name|lower }}", CONTEXT, "x") == "severe"  # a fresh one works
    assert worker.pid not in (None, first_pid)


def test_exponential_macro_is_stopped_too() -> None:
    worker = sandbox_worker.SandboxWorker(timeout=0.5)
    try:
        bomb = (
            "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
            "{{ f(60) }}"
        )
        with pytest.raises(sandbox_worker.PlaceholderTimeout):
            worker.render(bomb, CONTEXT)
        assert worker.restarts == 1
        assert worker.render("{{ 1 + 1 }}", CONTEXT)["text"] == "2"
    finally:
        worker.stop()


def test_example_pack_composes_without_the_helper(example_path, monkeypatch) -> None:
    """Plain placeholders are filled in-process (bench/compose.py times it)."""
    monkeypatch.setattr(placeholders, "shared_worker", lambda: pytest.fail("helper used"))
    doc = compose(load_pack(example_path), example_path.parent)
    assert "{{" not in repr(doc)


def test_context_holds_only_plain_data(example_path) -> None:
    context = placeholder_context(load_pack(example_path), date(2016, 8, 1))

    def walk(value: object) -> None:
        assert not isinstance(value, date | datetime | bool | float)
        assert isinstance(value, dict | str | int), type(value)
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, str)
                walk(item)

    walk(context)
    assert context["stats"], "the example has statistics with ids"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.gov.uk/ACT", "https://www.gov.uk/ACT"),
        ("http://example.org", "http://example.org"),
        ("mailto:ct@example.org", "mailto:ct@example.org"),
        ("tel:0800789321", "tel:0800789321"),
        ("www.gov.uk", "https://www.gov.uk"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("file:///etc/passwd", None),
        ("vbscript:msgbox(1)", None),
        ("ftp://example.org", None),
        ("//evil.example", None),
    ],
)
def test_only_web_mail_and_phone_links(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_links_in_text_keep_only_safe_targets() -> None:
    (para,) = parse_blocks("[a](javascript:alert(1)) [b](https://gov.uk) [c](file:///etc/passwd)")
    links = [i for i in para.inlines if isinstance(i, n.Link)]
    assert [link.url for link in links] == ["https://gov.uk"]


def test_markdown_images_are_not_images(tmp_path) -> None:
    body = "![logo](https://evil.example/a.png) ![local](/etc/hosts)"
    pack = pack_from_data(pack_data({"kind": "text", "body": body}))
    doc = compose(pack, tmp_path)

    def all_nodes(value: object):
        yield value
        for child in getattr(value, "__dict__", {}).values():
            for item in child if isinstance(child, tuple) else (child,):
                yield from all_nodes(item)

    found = [node for block in doc.blocks for node in all_nodes(block)]
    assert not any(isinstance(node, n.Image) for node in found)
    # At most a plain web link to the picture; never a fetch, never a local file.
    links = [node.url for node in found if isinstance(node, n.Link)]
    assert links == ["https://evil.example/a.png"]
    (para,) = [b for b in doc.blocks if isinstance(b, n.Paragraph)]
    assert "!local" in n.plain_text(para.inlines)
