"""Property-based fuzzing (hypothesis) of the loaders and of every command: no traceback.

Documents are made by changing a real one at random: a value swapped for another of any
TOML type (text full of escape sequences and bidirectional overrides, whole numbers of
thousands of digits, infinite floats, dates and times at the ends of the calendar), a key
dropped or added, the text cut short or spliced. The loaders may refuse a document only
with `BadInput`; a command may only exit 0, 1 or 2, and prints nothing a terminal would
act on.

`make test` runs a short, repeatable round. For a long campaign (`make fuzz`):

    EQIA_FUZZ_EXAMPLES=5000 pytest tests/unit/test_fuzz.py

which also draws new examples each run instead of the same ones.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import sys
import tempfile
import tomllib
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eqia_tui.cli import main
from eqia_tui.core.disk.files import parse_toml
from eqia_tui.core.model.assessment import parse_assessment
from eqia_tui.core.model.questionnaire import (
    Questionnaire,
    load_questionnaire_data,
    load_questionnaire_file,
)
from eqia_tui.core.signing import sign
from eqia_tui.core.storage.store import dumps
from eqia_tui.core.text.problems import BadInput
from hostile import unsafe

from .helpers import EXAMPLE, KCC_PATH, approve, ready_to_sign

EXAMPLES = int(os.environ.get("EQIA_FUZZ_EXAMPLES", "0") or 0)
LONG_RUN = EXAMPLES > 0

FUZZ = settings(
    max_examples=EXAMPLES or 100,
    deadline=None,
    derandomize=not LONG_RUN,  # the same examples on every `make test`
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=EXAMPLES or 40)
"""For the commands, each example of which runs one command in full."""

# --- Values of every TOML type, the awkward ones first ----------------------------------------

AWKWARD = [
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x9b",
    "\x85",
    "\u202e",
    "\u2066",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x7f",
    "\ufffe",
    "\uffff",
    "\u2028",
    "[/]",
    "[@click=app.quit]",
    "\\",
    '"',
    "'''",
    "../",
    "%s",
    "{}",
]

texts = st.lists(
    st.one_of(
        st.sampled_from(AWKWARD),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
    ),
    max_size=6,
).map("".join)
HUGE = [2**63, -(2**63) - 1, 2**64, 10**4299, -(10**4299)]
"""Past 64 bits, and the longest whole numbers Python reads (4,300 digits)."""
whole_numbers = st.one_of(
    st.integers(min_value=-3, max_value=3),
    st.integers(),
    st.integers(min_value=0, max_value=len(HUGE) - 1).map(HUGE.__getitem__),
)
offsets = st.integers(min_value=-1439, max_value=1439).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
datetimes = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), offsets)).map(lambda d: d.replace(microsecond=0)),
    st.sampled_from(
        [
            datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))),
            datetime(1, 1, 1),
            datetime(9999, 12, 31, 23, 59, 59),
        ]
    ),
)
scalars = st.one_of(
    texts,
    whole_numbers,
    st.floats(),
    st.booleans(),
    st.dates(),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]),
    datetimes,
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.just(time(0, 0)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(texts, inner, max_size=3),
    ),
    max_leaves=6,
)


# --- Changing a real document at random -------------------------------------------------------


def key_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a document: the tables' keys and the lists' positions."""
    out = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += key_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += key_paths(item, (*path, index))
    return out


def at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def same_kind(value: Any) -> st.SearchStrategy[Any]:
    """Another value of the same type as `value`, the awkward ones often: a document that
    stays well-formed but holds what a file from someone else may hold."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return whole_numbers
    if isinstance(value, float):
        return st.floats()
    if isinstance(value, str):
        return texts
    if isinstance(value, datetime):
        return datetimes
    if isinstance(value, date):
        return st.one_of(st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]))
    return values


HEADER_PATHS = [
    ("created",),
    ("updated",),
    ("questionnaire_version",),
    ("id",),
    ("format_version",),
]


@st.composite
def changed_documents(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """`base` with one to three changes: free text made longer and awkward (most often), a
    value swapped for one of the same type or of any type, a key dropped or added."""
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = key_paths(document)
        if not paths:
            break
        header = [p for p in HEADER_PATHS if p[0] in document]
        if header and draw(st.integers(0, 5)) == 0:
            path = draw(st.sampled_from(header))
        else:
            path = draw(st.sampled_from(paths))
        parent, last = at(document, path[:-1]), path[-1]
        how = draw(st.sampled_from(["more", "more", "more", "same", "same", "any", "drop", "add"]))
        if how == "more" and isinstance(parent[last], str) and " " in parent[last]:
            # Free text stays free text: longer, and holding what a terminal acts on.
            parent[last] = parent[last] * draw(st.integers(1, 40)) + draw(texts)
        elif how in ("more", "same"):
            parent[last] = draw(same_kind(parent[last]))
        elif how == "any":
            parent[last] = draw(values)
        elif how == "drop":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(texts)] = draw(values)
        else:
            parent.append(draw(values))
    return document


@st.composite
def spliced_text(draw: st.DrawFn, base: str) -> bytes:
    """The file's text cut, spliced and sprinkled with awkward characters."""
    text = base
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=len(text)))
        how = draw(st.sampled_from(["cut", "insert", "delete", "repeat"]))
        if how == "cut":
            text = text[:where]
        elif how == "insert":
            text = text[:where] + draw(st.one_of(st.sampled_from(AWKWARD), texts)) + text[where:]
        elif how == "delete":
            text = text[:where] + text[where + draw(st.integers(0, 200)) :]
        else:
            text = text[:where] + text[where : where + 200] + text[where:]
    encoded = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        index = draw(st.integers(min_value=0, max_value=max(0, len(encoded) - 1)))
        encoded = encoded[:index] + bytes([draw(st.integers(0, 255))]) + encoded[index + 1 :]
    return encoded


def toml_bytes(document: dict[str, Any]) -> bytes | None:
    """The document as TOML, or None when it cannot be written as TOML at all."""
    try:
        return tomli_w.dumps(document).encode("utf-8", errors="surrogatepass")
    except (TypeError, ValueError):
        return None


@cache
def kcc() -> Questionnaire:
    return load_questionnaire_file(KCC_PATH)


@cache
def bases() -> tuple[dict[str, Any], ...]:
    """The example, the example signed off, and the example with answers set aside, as
    raw TOML data."""
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    aside = copy.deepcopy(example)
    aside["set_aside"] = {
        "old_section": {"question": "An answer kept aside", "when": time(10, 30)},
        "screening": {"age": {"old_question": "Kept aside too"}},
    }
    loaded = parse_assessment(copy.deepcopy(example), "example.toml", kcc())
    ready_to_sign(loaded.assessment.answers)
    approve(loaded.assessment)
    sign(kcc(), loaded.assessment, "Jo Smith", datetime(2026, 3, 2, tzinfo=UTC))
    return example, tomllib.loads(dumps(kcc(), loaded.assessment)), aside


def load(data: bytes) -> None:
    """What `load_file` does with a file's bytes, against the built-in questionnaire."""
    parsed = parse_toml(data, "fuzz.toml")
    parse_assessment(parsed, "fuzz.toml", kcc())


# --- The loaders ------------------------------------------------------------------------------


@FUZZ
@given(st.data())
def test_the_assessment_loader_refuses_only_with_bad_input(data: st.DataObject) -> None:
    base = data.draw(st.sampled_from(bases()))
    raw = toml_bytes(data.draw(changed_documents(base)))
    if raw is None:
        return
    with contextlib.suppress(BadInput):
        load(raw)


@FUZZ
@given(st.data())
def test_the_toml_reader_refuses_spliced_text_only_with_bad_input(data: st.DataObject) -> None:
    raw = data.draw(spliced_text(EXAMPLE.read_text(encoding="utf-8")))
    with contextlib.suppress(BadInput):
        load(raw)


@FUZZ
@given(st.data())
def test_the_questionnaire_loader_refuses_only_with_bad_input(data: st.DataObject) -> None:
    base = tomllib.loads(KCC_PATH.read_text(encoding="utf-8"))
    document = data.draw(changed_documents(base))
    raw = toml_bytes(document)
    if raw is None:
        return
    try:
        questionnaire = load_questionnaire_data(parse_toml(raw, "q.toml"), "q.toml")
    except BadInput:
        return
    # A questionnaire that loads must also read the example, or refuse it in words.
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    with contextlib.suppress(BadInput):
        parse_assessment(example, "example.toml", questionnaire)


# --- Every command ----------------------------------------------------------------------------

COMMANDS = [
    ["validate"],
    ["check"],
    ["check", "--json"],
    ["rate"],
    ["rate", "--json"],
    ["history"],
    ["verify"],
    ["export", "--format", "md"],
    ["export", "--format", "html"],
    ["export", "--format", "csv"],
    ["export", "--format", "json"],
    ["export", "--format", "toml"],
    ["export", "--format", "docx", "-o", "OUT"],
    ["list"],
    ["list", "--json"],
    ["due"],
    ["due", "--json"],
    ["comments"],
    ["comments", "--json"],
    ["upgrade", "--dry-run"],
    ["upgrade", "--by", "Fuzz"],
    ["open", "--plain"],
    ["review", "--plain"],
    ["restore"],
    ["clean"],
    ["register", "--format", "csv"],
    ["register", "--format", "json"],
    ["register", "--format", "html"],
]
"""Each run with the file as its argument, but for `list`, `due` and `clean` (the drafts
folder that holds it), `restore` (its id) and `register` (the folder that holds it).
`open --plain` reads an empty standard input, and `review --plain` a closed one."""

EACH = settings(FUZZ, max_examples=max(1, EXAMPLES // len(COMMANDS)) if LONG_RUN else 2)
"""For each command: a few examples in `make test`, the long campaign shared out."""


def run(args: list[str], stdin: io.StringIO | None = None) -> tuple[int, str, str]:
    """`eqia ARGS`, with `stdin` as standard input (None: closed)."""
    out, err = io.StringIO(), io.StringIO()
    before = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = before
    return code, out.getvalue(), err.getvalue()


def crash_details(err: str) -> str:
    """The crash log a run names, for the failure message."""
    log = err.strip().rsplit(" ", 1)[-1]
    return Path(log).read_text(encoding="utf-8") if os.path.isfile(log) else err


def run_every_way(raw: bytes, command: list[str], home: Path) -> None:
    """One command on the file as a path, or on the drafts folder that holds it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(raw)
        drafts = home / "drafts"
        drafts.mkdir(parents=True, exist_ok=True)
        draft = drafts / "fuzz.toml"
        draft.write_bytes(raw)
        args = [str(Path(folder) / "out.docx") if a == "OUT" else a for a in command]
        if command[0] == "restore":
            args = ["restore", draft.stem]
        elif command[0] == "register":
            args = [args[0], folder, *args[1:]]
        elif command[0] not in ("list", "due", "clean"):
            args = [args[0], str(path), *args[1:]]
        # --home: `list`, `due`, `clean` and `restore` look in the drafts folder that holds it.
        args = ["--home", str(home), *args]
        code, out, err = run(args, None if command[0] == "review" else io.StringIO())
        assert code in (0, 1, 2), crash_details(err)
        assert "Traceback" not in out + err
        if code == 2:
            assert err.strip()
        assert unsafe(out) == [] and unsafe(err) == [], args
        # `upgrade` writes the file it moves on, by design; nothing else writes.
        moved = command[:2] == ["upgrade", "--by"] and code == 0
        assert path.read_bytes() == raw or moved, "a command changed the file"
        assert draft.read_bytes() == raw, "a command changed the draft"


@pytest.fixture(scope="module")
def fuzz_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-home")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@EACH
@given(data=st.data())
def test_every_command_on_a_changed_document(
    fuzz_home: Path, data: st.DataObject, command: list[str]
) -> None:
    base = data.draw(st.sampled_from(bases()))
    raw = toml_bytes(data.draw(changed_documents(base)))
    if raw is not None:
        run_every_way(raw, command, fuzz_home)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@EACH
@given(data=st.data())
def test_every_command_on_spliced_text(
    fuzz_home: Path, data: st.DataObject, command: list[str]
) -> None:
    raw = data.draw(spliced_text(EXAMPLE.read_text(encoding="utf-8")))
    run_every_way(raw, command, fuzz_home)


@FEW
@given(st.data())
def test_questionnaire_check_on_a_changed_questionnaire(data: st.DataObject) -> None:
    base = tomllib.loads(KCC_PATH.read_text(encoding="utf-8"))
    raw = toml_bytes(data.draw(changed_documents(base)))
    if raw is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "q.toml"
        path.write_bytes(raw)
        code, out, err = run(["questionnaire", "check", str(path)])
        assert code in (0, 2), crash_details(err)
        assert unsafe(out) == [] and unsafe(err) == []
        if code == 0:
            code, out, err = run(["schema", "--questionnaire", str(path)])
            assert code in (0, 2), crash_details(err)
