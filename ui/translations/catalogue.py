"""The Chinese texts the plain-Python core hands to the screens (problem explanations, face prompts, form and
name checks, device and queue errors, the back office's reasons), found in the core's source so that a new
message cannot be missed. ui.i18n.core_text() translates them under the context "kiosk".

A message is a Chinese string literal that is a call argument, a parameter default, a dict value, an
assignment's value or a return value; docstrings, comments, regular expressions and word lists are not.
f-strings become templates with {0}, {1}…, matched against the finished text at run time.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE_MODULES = (
    "kiosk/session.py",
    "kiosk/face/guidance.py",
    "domain/names.py",
    "domain/ids.py",
    "devices/idcard/base.py",
    "devices/idcard/errors.py",
    "devices/camera/base.py",
    "devices/printer/base.py",
    "devices/printer/faults.py",
    "offline_queue/errors.py",
    "backoffice/rules.py",
    "ui/controller.py",
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_NOT_MESSAGES = {"compile", "search", "match", "fullmatch", "sub", "tr", "translate"}


def _word_lists() -> tuple[str, ...]:
    """Tuples of words the screens show one by one."""
    from domain.application import FAMILY_RELATIONS
    from kiosk.session import EVALUATION_LEVELS

    return (*EVALUATION_LEVELS, *FAMILY_RELATIONS)


class _Collector(ast.NodeVisitor):
    def __init__(self, tree: ast.Module) -> None:
        self.found: list[str] = []
        self._names = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                       for t in n.targets if isinstance(t, ast.Name)
                       and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}

    def _text(self, node: ast.AST | None) -> str | None:
        """The message (or template) an expression spells, if it is one."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self._names.get(node.id)
        if isinstance(node, ast.JoinedStr):
            parts, slot = [], 0
            for value in node.values:
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
                else:
                    parts.append(f"{{{slot}}}")
                    slot += 1
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._text(node.left), self._text(node.right)
            return left + right if left is not None and right is not None else None
        return None

    def _add(self, node: ast.AST | None) -> None:
        text = self._text(node)
        if text and _CJK.search(text) and not isinstance(node, ast.Name):
            self.found.append(text)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in _NOT_MESSAGES:
            for arg in (*node.args, *(k.value for k in node.keywords)):
                self._add(arg)
        self.generic_visit(node)

    def visit_arguments(self, node: ast.arguments) -> None:
        for default in (*node.defaults, *node.kw_defaults):
            self._add(default)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for value in node.values:
            self._add(value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._add(node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._add(node.value)
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        self._add(node.value)
        self.generic_visit(node)


@functools.cache
def core_texts() -> tuple[str, ...]:
    """Every core message and template, in source order, each once."""
    found: list[str] = list(_word_lists())
    for relative in CORE_MODULES:
        tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"))
        collector = _Collector(tree)
        collector.visit(tree)
        found += collector.found
    return tuple(dict.fromkeys(found))


@functools.cache
def templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(template, pattern matching its finished texts) for the messages with {0}-style slots."""
    result = []
    for text in core_texts():
        pieces = re.split(r"\{\d+\}", text)
        if len(pieces) > 1:
            unescaped = [p.replace("{{", "{").replace("}}", "}") for p in pieces]
            result.append((text, re.compile("(.+?)".join(map(re.escape, unescaped)), re.DOTALL)))
    return tuple(result)
