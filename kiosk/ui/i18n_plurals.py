"""Plural forms in the ``.ts`` files, which ``pyside6-lupdate`` cannot find in Python.

A string with a count is marked ``translate(CTX, "%n tries left", None, n)``: Qt then picks
the translation's plural form for ``n``. ``pyside6-lupdate`` extracts such a string but not
as a plural (it reads no ``n`` from Python) and turns an existing plural translation into an
unfinished plain one. So :func:`kiosk.ui.i18n_tools.update` runs these steps around it:

1. :func:`plural_translations` reads the plural translations before lupdate runs;
2. :func:`restore_plurals` marks every ``%n`` message of the refreshed file plural again,
   with its translations back (a new one gets empty forms, unfinished);
3. :func:`write_english_plurals` writes ``AREA_en.ts``, the English plural forms only
   ("1 try left" / "%n tries left"); English is the source language, so nothing else.

Korean has one plural form, English two (Qt's numerus rules). Text only: the files keep
lupdate's layout, so a refresh changes only what changed.
"""

from __future__ import annotations

import re
from pathlib import Path

FORMS = {"ko": 1, "en": 2}

_CONTEXT = re.compile(r"<context>\n    <name>(?P<name>.*?)</name>\n(?P<body>.*?)</context>",
                      re.DOTALL)
_MESSAGE = re.compile(
    r"    <message(?P<attrs>[^>]*)>\n        <source>(?P<source>.*?)</source>\n"
    r"(?P<rest>.*?)    </message>\n", re.DOTALL)
_FORM = re.compile(r"<numerusform>(.*?)</numerusform>", re.DOTALL)
_PLAIN = re.compile(r'        <translation(?P<type> type="[a-z]+")?>(?P<text>.*?)</translation>\n',
                    re.DOTALL)

Key = tuple[str, str]  # (context, escaped source) as written in the file


def _messages(text: str) -> list[tuple[str, re.Match[str]]]:
    found: list[tuple[str, re.Match[str]]] = []
    for context in _CONTEXT.finditer(text):
        found.extend((context["name"], m) for m in _MESSAGE.finditer(context["body"]))
    return found


def plural_translations(ts: Path) -> dict[Key, tuple[list[str], bool]]:
    """(context, source) -> (the plural forms, finished?) of every plural message in ``ts``."""
    if not ts.exists():
        return {}
    table: dict[Key, tuple[list[str], bool]] = {}
    for context, m in _messages(ts.read_text(encoding="utf-8")):
        if 'numerus="yes"' in m["attrs"]:
            table[(context, m["source"])] = (_FORM.findall(m["rest"]),
                                             'type="unfinished"' not in m["rest"])
    return table


def _numerus_block(source: str, forms: list[str], finished: bool) -> str:
    kind = "" if finished else ' type="unfinished"'
    lines = "".join(f"            <numerusform>{f}</numerusform>\n" for f in forms)
    return (f'    <message numerus="yes">\n        <source>{source}</source>\n'
            f"        <translation{kind}>\n{lines}        </translation>\n    </message>\n")


def restore_plurals(ts: Path, before: dict[Key, tuple[list[str], bool]], language: str) -> int:
    """Mark every ``%n`` message in ``ts`` plural with ``before``'s forms (or empty ones, or
    its plain translation as each form); return how many messages are plural."""
    count = FORMS[language]
    text = ts.read_text(encoding="utf-8")
    plural = 0

    def fix_context(context: re.Match[str]) -> str:
        name = context["name"]

        def fix(m: re.Match[str]) -> str:
            nonlocal plural
            if "%n" not in m["source"]:
                return m.group(0)
            plural += 1
            known = before.get((name, m["source"]))
            if known is not None and len(known[0]) == count:
                return _numerus_block(m["source"], known[0], known[1])
            plain = _PLAIN.fullmatch(m["rest"])
            if plain is not None and plain["text"]:
                return _numerus_block(m["source"], [plain["text"]] * count, False)
            return _numerus_block(m["source"], [""] * count, False)

        body = _MESSAGE.sub(fix, context["body"])
        return f"<context>\n    <name>{name}</name>\n{body}</context>"

    ts.write_text(_CONTEXT.sub(fix_context, text), encoding="utf-8")
    return plural


def write_english_plurals(korean: Path, english: Path) -> int:
    """Write ``english`` with the English forms of every plural message in ``korean`` (kept
    from the old ``english`` where there; new ones empty and unfinished); return how many."""
    before = plural_translations(english)
    contexts: dict[str, list[str]] = {}
    for context, m in _messages(korean.read_text(encoding="utf-8")):
        if 'numerus="yes"' not in m["attrs"]:
            continue
        forms, finished = before.get((context, m["source"]), ([""] * FORMS["en"], False))
        contexts.setdefault(context, []).append(_numerus_block(m["source"], forms, finished))
    body = "".join(f"<context>\n    <name>{name}</name>\n{''.join(blocks)}</context>\n"
                   for name, blocks in sorted(contexts.items()))
    english.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                       f'<TS version="2.1" language="en">\n{body}</TS>\n', encoding="utf-8")
    return sum(len(blocks) for blocks in contexts.values())
