"""Finding the programs a shell command runs, and the shell commands in DAG code.

`command_words(script)` tokenises a bash command line well enough to know which words are command
names: it understands quoting, `\\` escapes and line continuations, comments, `;` `&&` `||` `|` `&`
and newlines, `$( )` / backticks / `<( )` (their contents are commands too), redirections, here-docs
(their bodies are data), `VAR=value` prefixes, wrappers that run another command (`sudo -u x`,
`env`, `nohup`, `timeout 5`, `xargs -n1`, `bash -c "..."`) and Jinja blocks (`{{ ... }}` is a
value, `{% ... %}` separates commands). It never raises: an unterminated quote ends at the end.

`shell_texts(call, module)` yields the shell commands a call runs on the worker: `bash_command=`
(BashOperator, BashSensor), `subprocess.run/call/check_call/check_output/Popen(...)`, `os.system`,
`os.popen`. `SSHOperator(command=...)` is deliberately absent: it runs on the remote host.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from migrator.inputs.python_module import PythonModule
from migrator.rules.parse_time.module_scope import module_level_values

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=")
_SEPARATORS = frozenset({";", "&&", "||", "|", "|&", "&", "(", ")", "\n", ";;"})
_REDIRECTIONS = frozenset({"<", ">", ">>", "<<", "<<-", "<<<", ">&", "<&", "&>", "&>>", ">|", "<>"})
# Reserved words after which a command follows / which end a compound command.
_COMMAND_PREFIX_WORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "time", "!", "{"})
_COMPOUND_END_WORDS = frozenset({"fi", "done", "esac", "}"})

# Wrappers that run their argument as a command: option letters that take a value.
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"}),
    "env": frozenset({"-u", "--unset", "-C", "--chdir", "-S"}),
    "nohup": frozenset(),
    "exec": frozenset({"-a"}),
    "nice": frozenset({"-n"}),
    "ionice": frozenset({"-c", "-n", "-p"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "xargs": frozenset({"-I", "-n", "-P", "-d", "-L", "-s", "-a", "-E", "--max-args", "--max-procs"}),
    "command": frozenset(),
    "builtin": frozenset(),
    "time": frozenset({"-f", "-o"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "flock": frozenset({"-w", "-E", "--timeout"}),
    "chronic": frozenset(),
    "caffeinate": frozenset(),
}
# Wrappers whose first non-option argument is not the command (timeout's DURATION, flock's FILE).
_WRAPPER_LEADING_OPERANDS = {"timeout": 1, "flock": 1}
_SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh", "su", "runuser"})
_PLACEHOLDER = "\x00"


@dataclass(frozen=True, slots=True)
class CommandWord:
    """A program name (basename, as typed) and where it starts in the analysed text."""

    word: str
    offset: int


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    kind: str  # "word" | "op" | "redir"
    quoted: bool = False


def mask_jinja(script: str) -> str:
    """Replace Jinja blocks by same-length filler (offsets and line numbers stay valid): an expression
    becomes an opaque word, a statement becomes a command separator."""

    def filler(match: re.Match[str]) -> str:
        text = match.group(0)
        body = "".join("\n" if c == "\n" else " " for c in text)
        if text.startswith("{{"):
            return _PLACEHOLDER + body[1:]
        if text.startswith("{%"):
            return ";" + body[1:]
        return body

    return _JINJA.sub(filler, script) if "{" in script else script


class _Lexer:
    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.base = base
        self.pos = 0
        self.tokens: list[_Token] = []
        # Commands found inside $( ), backticks and <( ), already extracted.
        self.nested: list[CommandWord] = []
        self.heredocs: list[str] = []

    def run(self) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n:
            c = text[self.pos]
            if c in " \t\r":
                self.pos += 1
            elif c == "\\" and text.startswith("\\\n", self.pos):
                self.pos += 2
            elif c == "\n":
                self.tokens.append(_Token("\n", self.pos, "op"))
                self.pos += 1
                self._skip_heredocs()
            elif c == "#":
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end
            elif c in ";&|()":
                self._operator()
            elif c in "<>" or (c.isdigit() and self._digit_redirection()):
                self._redirection()
            else:
                self._word()

    def _operator(self) -> None:
        text, start = self.text, self.pos
        for op in (";;", "&&", "||", "|&", "&>>", "&>", ";", "&", "|", "(", ")"):
            if text.startswith(op, start):
                if op.startswith("&>"):
                    self._redirection()
                    return
                self.tokens.append(_Token(op, start, "op"))
                self.pos += len(op)
                return

    def _digit_redirection(self) -> bool:
        end = self.pos
        while end < len(self.text) and self.text[end].isdigit():
            end += 1
        return end < len(self.text) and self.text[end] in "<>"

    def _redirection(self) -> None:
        text, start = self.text, self.pos
        while self.pos < len(text) and text[self.pos].isdigit():
            self.pos += 1
        if text.startswith(("<(", ">("), self.pos):  # process substitution: a command list
            self.pos += 1
            self._substitution("(", ")")
            return
        for op in ("<<<", "<<-", "&>>", "<<", ">>", ">&", "<&", "&>", ">|", "<>", "<", ">"):
            if text.startswith(op, self.pos):
                self.pos += len(op)
                self.tokens.append(_Token(op, start, "redir"))
                if op in ("<<", "<<-"):
                    self._heredoc_delimiter()
                return
        self.pos += 1

    def _heredoc_delimiter(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        word = self._read_word()
        if word is not None:
            # Kept as a token so that the walk skips it as the redirection's target.
            self.tokens.append(word)
            self.heredocs.append(word.text)

    def _skip_heredocs(self) -> None:
        while self.heredocs:
            delimiter = self.heredocs.pop(0)
            while self.pos < len(self.text):
                end = self.text.find("\n", self.pos)
                line = self.text[self.pos : len(self.text) if end < 0 else end]
                self.pos = len(self.text) if end < 0 else end + 1
                if line.strip() == delimiter:
                    break

    def _word(self) -> None:
        word = self._read_word()
        if word is not None:
            self.tokens.append(word)

    def _read_word(self) -> _Token | None:
        text, n = self.text, len(self.text)
        start = self.pos
        chars: list[str] = []
        quoted = False
        while self.pos < n:
            c = text[self.pos]
            if c in " \t\r\n;&|()<>":
                break
            if c == "\\":
                if self.pos + 1 < n and text[self.pos + 1] != "\n":
                    chars.append(text[self.pos + 1])
                self.pos += 2
            elif c == "'":
                quoted = True
                end = text.find("'", self.pos + 1)
                end = n if end < 0 else end
                chars.append(text[self.pos + 1 : end])
                self.pos = end + 1
            elif c == '"':
                quoted = True
                self.pos += 1
                chars.append(self._double_quoted())
            elif c == "`":
                self._substitution("`", "`")
                chars.append(_PLACEHOLDER)
            elif c == "$":
                self._dollar()
                chars.append(_PLACEHOLDER)
            else:
                chars.append(c)
                self.pos += 1
        if self.pos == start:
            return None
        return _Token("".join(chars), self.base + start, "word", quoted)

    def _double_quoted(self) -> str:
        text, n = self.text, len(self.text)
        chars: list[str] = []
        while self.pos < n:
            c = text[self.pos]
            if c == '"':
                self.pos += 1
                break
            if c == "\\" and self.pos + 1 < n:
                chars.append(text[self.pos + 1])
                self.pos += 2
            elif c == "`":
                self._substitution("`", "`")
                chars.append(_PLACEHOLDER)
            elif c == "$":
                self._dollar()
                chars.append(_PLACEHOLDER)
            else:
                chars.append(c)
                self.pos += 1
        return "".join(chars)

    def _dollar(self) -> None:
        """At `$`: a command substitution is analysed, an arithmetic expansion skipped whole, and a
        variable (`$X`, `${X}`) left to the word loop as an opaque value."""
        text = self.text
        if text.startswith("$((", self.pos):
            depth, i = 0, self.pos + 1
            while i < len(text):
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
                if depth == 0:
                    break
            self.pos = i
        elif text.startswith("$(", self.pos):
            self.pos += 1
            self._substitution("(", ")")
        else:
            self.pos += 1

    def _substitution(self, opening: str, closing: str) -> None:
        """At `opening`: find its match and analyse the inside as a command list of its own."""
        text, n = self.text, len(self.text)
        inner_start = self.pos + 1
        depth, i = 1, inner_start
        quote = ""
        while i < n:
            c = text[i]
            if quote:
                if c == quote:
                    quote = ""
                elif c == "\\" and quote == '"':
                    i += 1
            elif c in "'\"" and opening != "`":
                quote = c
            elif c == "\\":
                i += 1
            elif opening != closing and c == opening:
                depth += 1
            elif c == closing:
                depth -= 1
                if depth == 0:
                    break
            i += 1
        self.nested.extend(_command_words(text[inner_start:i], self.base + inner_start))
        self.pos = min(i + 1, n)


@functools.lru_cache(maxsize=4096)
def command_words(script: str) -> tuple[CommandWord, ...]:
    """Program names the script runs, in order; dynamic ones (`$CMD`, `{{ x }}`) are left out.
    Cached: two rules read every command, and DAG repositories repeat the same commands."""
    return tuple(sorted(_command_words(mask_jinja(script), 0), key=lambda w: w.offset))


def _command_words(text: str, base: int) -> list[CommandWord]:
    lexer = _Lexer(text, base)
    lexer.run()
    return [*lexer.nested, *words_from_tokens(lexer.tokens)]


def words_from_tokens(tokens: list[_Token]) -> list[CommandWord]:
    """Walk the tokens of one command list, tracking where a command name may stand."""
    state = _WalkState()
    for token in tokens:
        if token.kind == "op":
            state.operator(token.text)
        elif token.kind == "redir":
            state.skip_target = True
        elif state.skip_target:
            state.skip_target = False
        else:
            state.word(token)
    return state.found


class _WalkState:
    def __init__(self) -> None:
        self.found: list[CommandWord] = []
        self.expect_command = True
        self.skip_target = False  # the next word is a redirection target or here-doc delimiter
        self.wrapper = ""  # inside `sudo ... <cmd>`: options to skip before the command
        self.wrapper_operands = 0
        self.skip_option_value = False
        self.skip_to_do = False  # `for x in ...; do`: the words before `do` are not commands
        self.shell_wants_script = False  # `bash -c <script>`
        self.case_state = ""  # "" | "subject" (case ... in) | "pattern" (before `)`) | "body"

    def operator(self, op: str) -> None:
        self.skip_target = False
        if self.case_state == "pattern" and op != ")":
            return  # `a|b)`: alternatives of one pattern
        if op in _SEPARATORS:
            self.expect_command, self.wrapper, self.skip_option_value, self.shell_wants_script = (
                True,
                "",
                False,
                False,
            )
        if self.case_state == "pattern" and op == ")":
            self.case_state = "body"
        elif self.case_state == "body" and op == ";;":
            self.case_state = "pattern"

    def word(self, token: _Token) -> None:
        word, bare = token.text, not token.quoted
        if self.case_state in ("subject", "pattern"):
            if bare and word == "in" and self.case_state == "subject":
                self.case_state = "pattern"
            elif bare and word == "esac":
                self.case_state, self.expect_command = "", False
            return
        if self.shell_wants_script:
            if not word.startswith("-"):
                self.shell_wants_script = False
                self.found.extend(_command_words(mask_jinja(word), token.start))
            return
        if self.skip_to_do:
            if bare and word == "do":
                self.skip_to_do, self.expect_command = False, True
            return
        if not self.expect_command:
            last = self.found[-1].word if self.found else ""
            if bare and word in _SHELL_SCRIPT_FLAGS and last in _SHELLS:
                self.shell_wants_script = True
            if bare and word == "esac":
                self.case_state = ""
            return
        if bare and word in ("for", "select"):
            self.skip_to_do = True
            return
        if bare and word == "case":
            self.case_state = "subject"
            return
        if bare and (word in _COMMAND_PREFIX_WORDS or word in _COMPOUND_END_WORDS):
            self.expect_command = word in _COMMAND_PREFIX_WORDS
            if word == "esac":
                self.case_state = ""
            return
        if self.wrapper and self._wrapper_argument(word):
            return
        if bare and _ASSIGNMENT.match(word):
            return
        program = word.rsplit("/", 1)[-1]
        if program in _WRAPPERS:
            self.wrapper, self.skip_option_value = program, False
            self.wrapper_operands = _WRAPPER_LEADING_OPERANDS.get(program, 0)
            return
        self.wrapper, self.expect_command = "", False
        if program and _PLACEHOLDER not in program:
            self.found.append(CommandWord(program, token.start))

    def _wrapper_argument(self, word: str) -> bool:
        """Whether `word` is an option or operand of the current wrapper (not the command)."""
        if self.skip_option_value:
            self.skip_option_value = False
            return True
        if word.startswith("-"):
            if word in ("-v", "-V") and self.wrapper == "command":
                # `command -v x` only asks whether x exists.
                self.expect_command, self.wrapper = False, ""
                return True
            self.skip_option_value = word in _WRAPPERS[self.wrapper]
            return True
        if self.wrapper == "env" and _ASSIGNMENT.match(word):
            return True
        if self.wrapper_operands:
            self.wrapper_operands -= 1
            return True
        return False


_SHELL_SCRIPT_FLAGS = frozenset({"-c", "-lc", "-ec", "-xc", "-exc", "-euc", "-cl"})


# --------------------------------------------------------------------------- shell commands in DAG code

_SUBPROCESS_FUNCTIONS = frozenset(
    {
        "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
        "subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput",
        "os.system", "os.popen",
    }
)  # fmt: skip
_ALWAYS_SHELL = frozenset({"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput"})
_SHELL_KEYWORDS = ("bash_command",)


@dataclass(frozen=True, slots=True)
class ShellText:
    """A shell command found in code. `node` is the string literal when the text is one (so a line
    inside a multi-line literal can be pinpointed), else the expression the command came from."""

    text: str
    node: ast.expr
    literal: bool
    argv: tuple[str, ...] = ()  # for subprocess argument lists: the words, no shell parsing


def _string_of(node: ast.expr, module: PythonModule) -> tuple[str, bool] | None:
    """The text of a string expression with unknown parts as placeholders; whether it is a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, True
    if isinstance(node, ast.JoinedStr):
        parts = [
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else _PLACEHOLDER
            for v in node.values
        ]
        return "".join(parts), False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_of(node.left, module), _string_of(node.right, module)
        if left is None and right is None:
            return None
        return (left[0] if left else _PLACEHOLDER) + (right[0] if right else _PLACEHOLDER), False
    if isinstance(node, ast.Name):
        value = module_level_values(module).get(node.id)
        if value is not None and not isinstance(value, ast.Name):
            resolved = _string_of(value, module)
            return (resolved[0], False) if resolved else None
    return None


_texts_cache: tuple[ast.Call | None, tuple[ShellText, ...]] = (None, ())


def shell_texts(call: ast.Call, module: PythonModule) -> tuple[ShellText, ...]:
    """The shell commands `call` runs (cached for the call last asked about: two rules ask)."""
    global _texts_cache
    cached_call, texts = _texts_cache
    if cached_call is not call:
        texts = tuple(_shell_texts(call, module))
        _texts_cache = (call, texts)
    return texts


def _shell_texts(call: ast.Call, module: PythonModule) -> Iterator[ShellText]:
    for kw in call.keywords:
        if kw.arg in _SHELL_KEYWORDS:
            resolved = _string_of(kw.value, module)
            if resolved is not None:
                yield ShellText(resolved[0], kw.value, resolved[1])
    if not call.args or not isinstance(call.func, ast.Name | ast.Attribute):
        return
    qualname = module.qualname(call.func)
    if qualname not in _SUBPROCESS_FUNCTIONS:
        return
    first = call.args[0]
    if isinstance(first, ast.List | ast.Tuple):
        argv = tuple(_string_of(e, module) for e in first.elts)
        words = tuple(a[0] if a else _PLACEHOLDER for a in argv)
        if words:
            yield ShellText(" ".join(words), first, False, argv=words)
        return
    resolved = _string_of(first, module)
    if resolved is None:
        return
    shell = qualname in _ALWAYS_SHELL or any(
        kw.arg == "shell" and isinstance(kw.value, ast.Constant) and kw.value.value is True
        for kw in call.keywords
    )
    if shell:
        yield ShellText(resolved[0], first, resolved[1])
    else:  # without a shell the string is the program path itself
        yield ShellText(resolved[0], first, resolved[1], argv=(resolved[0],))


def programs_in(shell: ShellText) -> Sequence[CommandWord]:
    if shell.argv:
        tokens = [_Token(word, 0, "word", quoted=True) for word in shell.argv]
        # Only the first element names a program, unless it is a wrapper/shell (`sudo`, `bash -c`).
        tokens[0] = _Token(shell.argv[0], 0, "word")
        if len(tokens) > 1 and tokens[1].text in _SHELL_SCRIPT_FLAGS:
            tokens[1] = _Token(tokens[1].text, 0, "word")
        return words_from_tokens(tokens)
    return command_words(shell.text)


def line_of(shell: ShellText, offset: int) -> int:
    """File line of `offset` in the text: exact inside a multi-line literal, else the node's line."""
    node = shell.node
    start = node.lineno
    end = node.end_lineno or start
    if not shell.literal or end == start:
        return start
    return min(start + shell.text.count("\n", 0, offset), end)
