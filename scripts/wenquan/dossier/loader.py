"""Load a YAML file into plain JSON-like data, keeping the line and column of every node.

Built on PyYAML's event stream (the C parser when present): every mapping, sequence and scalar is
constructed here, so duplicate keys, aliases, anchors, foreign tags, deep nesting and YAML 1.1's implicit
typing ("no" -> false, "010" -> 8, unquoted dates) are seen and reported with their exact place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import Resolver

from wenquan.dossier.diagnostics import ERROR, Diagnostic, format_field

try:  # the C parser is several times faster; fall back to the pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 20

Path_ = tuple[Any, ...]

_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_BOOL_TRUE = {"yes", "true", "on"}
_INT_PLAIN = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT_PLAIN = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
# Control characters in text (C0 but tab and line feed, DEL, C1, line/paragraph separators, bidi controls): Y015.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
MAX_DIGITS = 30  # no figure of the program needs more; Python refuses beyond 4300 (Y016)
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_IMPLICIT = Resolver.yaml_implicit_resolvers

# PyYAML's English parser messages, in the words an applicant understands.
_PROBLEMS_ZH = [
    ("mapping values are not allowed", "此处不能出现“键: 值”（常见原因：冒号后缺空格、缩进不一致，或文本中含“: ”而未加引号）"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("did not find expected key", "缩进不一致，找不到预期的键"),
    ("did not find expected ',' or ']'", "方括号列表缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "花括号映射缺少“,”或“}”"),
    ("did not find expected '-' indicator", "列表项缩进不一致，缺少“-”"),
    ("found character that cannot start any token", "出现了不能作为开头的字符（常见原因：用了 Tab 缩进，或 @ ` 开头的文本未加引号）"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合）"),
    ("found unexpected ':'", "出现了多余的冒号“:”"),
    ("found a tab character", "不能用 Tab 缩进，请改用空格"),
    ("control characters are not allowed", "文件中含有不允许的控制字符"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("expected <block end>, but found", "缩进不一致"),
    ("block sequence entries are not allowed in this context", "此处不能开始“-”列表（检查缩进）"),
    ("did not find expected node content", "此处缺少内容（常见原因：方括号或花括号未闭合，或逗号后没有值）"),
    ("found unknown escape character", "双引号文本中有无效的转义（反斜杠“\\”后的字符）；含反斜杠的文本请改用单引号"),
    ("did not find expected alphabetic or numeric character", "“&”或“*”之后缺少名字（以 & 或 * 开头的文本请加引号）"),
    ("did not find expected <document start>", "文件结束标记“...”之后还有内容"),
    ("found duplicate %YAML directive", "重复的 %YAML 指令"),
]


@dataclass
class Document:
    """A loaded file: its data and where each node stands in the text."""

    display: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # YAML 1.1 implicit typing that a reader may not expect: path -> (kind, original text)
    surprises: dict[Path_, tuple[str, str]] = field(default_factory=dict)
    text: str = ""

    def where(self, path: Path_) -> tuple[int, int]:
        """The place of the node at `path`, or of its nearest ancestor that exists."""
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))

    def key_where(self, path: Path_) -> tuple[int, int]:
        """The place of the key naming `path` (for unknown and duplicate keys)."""
        return self.key_positions.get(tuple(path)) or self.where(path)

    def data_at(self, path: Path_) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def diag(self, path: Path_, code: str, message: str, severity: str = ERROR, at_key: bool = False,
             at: Path_ | None = None) -> Diagnostic:
        """A finding about the node at `path`, placed at its key (`at_key`), or at the key of `at`."""
        if at is not None:
            line, col = self.key_where(at)
        else:
            line, col = self.key_where(path) if at_key else self.where(path)
        return Diagnostic(self.display, line, col, severity, code, format_field(tuple(path)), message)


class _Fatal(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def load_file(path: Path, display: str | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Read and load one YAML file. Returns (document or None when unusable, diagnostics)."""
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [_file_diag(shown, "Y002", f"文件过大（{size / 1048576:.1f} MB），上限为 {MAX_BYTES // 1048576} MB")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_file_diag(shown, "Y000", f"无法读取文件：{exc.strerror or exc}")]
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Diagnostic]]:
    if len(raw) > MAX_BYTES:
        return None, [_file_diag(display, "Y002", f"文件过大（{len(raw) / 1048576:.1f} MB），上限为 {MAX_BYTES // 1048576} MB")]
    text, problem = _decode(raw, display)
    if problem:
        return None, [problem]
    assert text is not None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [_file_diag(display, "Y001", "文件是空的（没有任何数据）")]
    builder = _Builder(display, text)
    try:
        builder.run()
    except _Fatal as fatal:
        return None, builder.diagnostics + [fatal.diagnostic]
    except yaml.MarkedYAMLError as exc:
        return None, builder.diagnostics + [_full_width(display, text, exc) or _syntax_diag(display, exc, text)]
    except yaml.YAMLError as exc:
        line, col = _reader_position(exc, text)
        return None, builder.diagnostics + [Diagnostic(display, line, col, ERROR, "Y004", "(根)", f"YAML 语法错误：{exc}")]
    doc = builder.document()
    comma = _flow_commas(display, text)
    if not isinstance(doc.data, dict):
        kind = "列表" if isinstance(doc.data, list) else "单个值"
        return None, builder.diagnostics + [doc.diag((), "Y008", f"文件顶层必须是“键: 值”映射，实际是{kind}")]
    return doc, builder.diagnostics + comma


def _comma_diag(display: str, number: int, match: re.Match[str], code: str, said: str) -> Diagnostic:
    """The full-width comma of a flow list `match`ed on line `number`, at its own column."""
    return Diagnostic(display, number, match.start(1) + match.group(1).index("，") + 1, ERROR, code, "(根)",
                      f"{said}；列表项之间应为半角逗号“,”（切换到英文标点输入）")


def _flow_commas(display: str, text: str) -> list[Diagnostic]:
    """`[115.9，116.3]` reads as one text, not two numbers: say where the full-width comma is."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = None if line.lstrip().startswith("#") else _FULL_WIDTH_COMMA.search(line)
        if match:
            found.append(_comma_diag(display, number, match, "Y017", "列表中用了全角逗号“，”，整个方括号被读成了一段文字"))
    return found


def _file_diag(display: str, code: str, message: str, line: int = 1, col: int = 1) -> Diagnostic:
    return Diagnostic(display, line, col, ERROR, code, "(文件)", message)


def _decode(raw: bytes, display: str) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, _file_diag(display, "Y003", "文件是 UTF-16 编码；请在编辑器中另存为 UTF-8 编码")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        try:
            decoded = raw.decode("gb18030")
        except UnicodeDecodeError:
            decoded = ""
        if decoded and re.search(r"[\u4e00-\u9fff]", decoded):
            message = ("文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（中文 Windows 记事本的默认编码）。"
                       "请转换为 UTF-8：iconv -f GB18030 -t UTF-8 原文件 > 新文件，或在编辑器中选择“以 UTF-8 编码保存”")
        else:
            message = "文件不是 UTF-8 编码（第一个无法解码的字节在此处）；请在编辑器中另存为 UTF-8 编码"
        return None, _file_diag(display, "Y003", message, line, col)


_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w.-]*)\s*：")
_FULL_WIDTH_COMMA = re.compile(r":\s+(\[[^\]\n\"']*，[^\]\n\"']*\])")


def _full_width(display: str, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic | None:
    """A syntax error caused by full-width punctuation typed by a Chinese input method: said as such, at its
    own line and column (YAML itself notices only at the next line)."""
    mark = exc.problem_mark or exc.context_mark
    last = mark.line + 1 if mark else len(text.splitlines())
    for number, line in enumerate(text.splitlines()[:last], start=1):
        if line.lstrip().startswith("#"):
            continue
        key = _FULL_WIDTH_KEY.match(line)
        if key:
            return Diagnostic(display, number, len(key.group(1).rstrip()) + 1, ERROR, "Y004", "(根)",
                              "YAML 语法错误：这里用了全角冒号“：”；键和值之间应为半角冒号加空格“: ”（切换到英文标点输入）")
        comma = _FULL_WIDTH_COMMA.search(line)
        if comma:
            return _comma_diag(display, number, comma, "Y004", "YAML 语法错误：列表中用了全角逗号“，”")
    return None


def _syntax_diag(display: str, exc: yaml.MarkedYAMLError, text: str = "") -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    at_end = exc.problem_mark is not None and not text[exc.problem_mark.index:].strip()
    if exc.context_mark and ("end of stream" in (exc.problem or "") or at_end):
        mark = exc.context_mark  # an unclosed quote or bracket: point where it was opened
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if at_end and mark is not None and not text[mark.index:].strip():  # found only at the end: the last thing written
        line, col = _last_opened(text)
    problem = exc.problem or str(exc)
    for english, chinese in _PROBLEMS_ZH:
        if english in problem:
            problem = chinese
            break
    return Diagnostic(display, line, col, ERROR, "Y004", "(根)", f"YAML 语法错误：{problem}")


def _last_opened(text: str) -> tuple[int, int]:
    """Line and column of the last bracket opened on the last line with data, else of that line's end."""
    lines = text.splitlines()
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        if line.strip() and not line.lstrip().startswith("#"):
            at = max(line.rfind("["), line.rfind("{"))
            return number, (at if at >= 0 else len(line.rstrip())) + 1
    return 1, 1


def _reader_position(exc: yaml.YAMLError, text: str) -> tuple[int, int]:
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        before = text[:position]
        return before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1
    return 1, 1


class _Builder:
    """Turns the event stream into data, positions and diagnostics."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.surprises: dict[Path_, tuple[str, str]] = {}
        self.root: Any = None
        # stack frames: [container, path, pending key or None, keep?]
        self.stack: list[list[Any]] = []
        self.documents = 0

    def document(self) -> Document:
        return Document(self.display, self.root, self.positions, self.key_positions, self.surprises, self.text)

    def _fatal(self, event: Any, code: str, message: str, fld: str = "(根)") -> _Fatal:
        mark = event.start_mark
        return _Fatal(Diagnostic(self.display, mark.line + 1, mark.column + 1, ERROR, code, fld, message))

    def run(self) -> None:
        for event in yaml.parse(self.text, Loader=_Loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._start(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = self.stack.pop()
                self._deliver(frame[0], frame[1], keep=frame[3])
            elif kind is yaml.AliasEvent:
                raise self._fatal(event, "Y006", f"不允许使用别名（*{getattr(event, 'anchor', '')}）：申报材料中每个值都应直接写出")
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self._fatal(event, "Y009", "一个文件只能包含一个 YAML 文档（删除第二个“---”）")

    # -- helpers -------------------------------------------------------------------------------------

    def _target(self, event: Any) -> tuple[Path_, bool, bool]:
        """Where the next node goes: (its path, keep it?, is it a mapping key?)."""
        if not self.stack:
            return (), True, False
        frame = self.stack[-1]
        container, path, pending, keep = frame
        if isinstance(container, list):
            return path + (len(container),), keep, False
        if pending is None:
            return path, keep, True
        return path + (pending[0],), keep and pending[1], False

    def _check_node(self, event: Any, path: Path_) -> None:
        if getattr(event, "anchor", None):
            raise self._fatal(event, "Y006", f"不允许使用锚点（&{event.anchor}）：申报材料中每个值都应直接写出", format_field(path))
        tag = getattr(event, "tag", None)
        if tag and tag not in _CORE_TAGS and tag != "!":
            raise self._fatal(event, "Y011", f"不允许使用标签 {tag.replace(_TAG, '!!')}（申报材料只能写普通的文本、数字、列表和映射）", format_field(path))

    def _start(self, event: Any, container: Any) -> None:
        path, keep, is_key = self._target(event)
        if is_key:
            raise self._fatal(event, "Y010", "键必须是简单的文本，不能是列表或映射", format_field(path))
        self._check_node(event, path)
        if len(self.stack) >= MAX_DEPTH:
            raise self._fatal(event, "Y007", f"嵌套层级过深（超过 {MAX_DEPTH} 层）", format_field(path))
        if keep:
            self.positions[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        self.stack.append([container, path, None, keep])

    def _deliver(self, value: Any, path: Path_, keep: bool) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        else:
            if keep:
                container[frame[2][0]] = value
            frame[2] = None

    def _scalar(self, event: Any) -> None:
        path, keep, is_key = self._target(event)
        self._check_node(event, path)
        pos = (event.start_mark.line + 1, event.start_mark.column + 1)
        if is_key:
            frame = self.stack[-1]
            key = event.value
            key_path = path + (key,)
            duplicate = key in frame[0] and frame[3]
            if duplicate:
                first = self.key_positions.get(key_path, (0, 0))[0]
                self.diagnostics.append(Diagnostic(self.display, pos[0], pos[1], ERROR, "Y005", format_field(key_path),
                                                   f"重复的键“{key}”（第 {first} 行已有同名键）；只能出现一次"))
            elif frame[3]:
                self.key_positions[key_path] = pos
            frame[2] = (key, not duplicate)
            return
        value = self._construct(event, path, pos, keep)
        if keep:
            self.positions[path] = pos
        self._deliver(value, path, keep)

    def _construct(self, event: Any, path: Path_, pos: tuple[int, int], keep: bool) -> Any:
        text: str = event.value
        tag = event.tag
        bad = _CONTROL.search(text)
        if bad:
            self.diagnostics.append(Diagnostic(self.display, pos[0], pos[1], ERROR, "Y015", format_field(path),
                                               f"含有控制字符 U+{ord(bad.group()):04X}：文字中只能有可见字符、空格，"
                                               f"以及多行文字中的换行和制表符"))
            return _CONTROL.sub("", text)
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted or block scalar
                return text
            if _LEADING_ZERO.match(text):
                self.diagnostics.append(Diagnostic(self.display, pos[0], pos[1], ERROR, "Y012", format_field(path),
                                                   f"“{text}”以 0 开头：YAML 1.1 会把它当作八进制数或文本；"
                                                   f"数字请写成 {text.lstrip('+-0') or '0'}，编号等文本请加引号写成 '{text}'"))
                return text
            tag = _resolve_plain(text)
        if tag == _TAG + "str":
            return text
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            if text.lower() not in ("true", "false") and keep:
                self.surprises[path] = ("bool", text)
            return text.lower() in _BOOL_TRUE
        if tag == _TAG + "int":
            return self._int(text, path, pos, keep)
        if tag == _TAG + "float":
            return self._float(text, path, pos, keep)
        if tag == _TAG + "timestamp":
            if keep:
                self.surprises[path] = ("date", text)
            return text
        return text

    def _int(self, text: str, path: Path_, pos: tuple[int, int], keep: bool) -> Any:
        if sum(ch.isdigit() for ch in text) > MAX_DIGITS:
            self.diagnostics.append(Diagnostic(self.display, pos[0], pos[1], ERROR, "Y016", format_field(path),
                                               f"数字过长（{sum(ch.isdigit() for ch in text)} 位，最多 {MAX_DIGITS} 位）"))
            return text
        if _INT_PLAIN.match(text):
            return int(text)
        try:
            value = _yaml11_int(text)
        except (ValueError, OverflowError):
            return text
        if keep:
            self.surprises[path] = ("int", text)
        return value

    def _float(self, text: str, path: Path_, pos: tuple[int, int], keep: bool) -> Any:
        lowered = text.lower()
        if lowered.endswith(("inf", "nan")):
            self.diagnostics.append(Diagnostic(self.display, pos[0], pos[1], ERROR, "Y014", format_field(path),
                                               f"“{text}”不是有限的数字"))
            return text
        if not _FLOAT_PLAIN.match(text):
            if keep:
                self.surprises[path] = ("float", text)
        try:
            value = _yaml11_float(text)
        except ValueError:
            return text
        return value if math.isfinite(value) else text


def _resolve_plain(text: str) -> str:
    resolvers = _IMPLICIT.get(text[0] if text else "", []) + _IMPLICIT.get(None, [])
    for tag, regexp in resolvers:
        if regexp.match(text):
            return str(tag)
    return _TAG + "str"


def _yaml11_int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value.startswith("-") else 1
    value = value.lstrip("+-")
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if ":" in value:
        return sign * int(_sexagesimal(value, int))
    return sign * int(value)


def _yaml11_float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value.startswith("-") else 1.0
    value = value.lstrip("+-")
    if ":" in value:
        return sign * float(_sexagesimal(value, float))
    return sign * float(value)


def _sexagesimal(value: str, convert: Callable[[str], float]) -> float:
    """YAML 1.1's base 60 (`1:30` is 90), each part read with `convert`."""
    total: float = 0
    for part in value.split(":"):
        total = total * 60 + convert(part)
    return total


def load_trusted(text: str) -> Any:
    """Plain PyYAML loading (C loader when present) for files wenquan itself wrote and has validated."""
    return yaml.load(text, Loader=_Loader)


def trusted_mapping(raw: bytes) -> dict[str, Any] | None:
    """`load_trusted` of a file's bytes where they are a YAML mapping; None where they are not UTF-8, not YAML or
    not a mapping (a file changed by hand: `load_file` says where and why)."""
    try:
        data = load_trusted(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def is_dossier_text(path: Path) -> bool:
    """Whether a file declares the dossier schema in its first lines (the editor modeline)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        return False
    return b"dossier.schema.json" in head
