"""The assessment file: one TOML file per assessment, answers keyed by ids.

The package by concern, each part importable from here:

- `model`: an assessment in memory, its id, and what reading one gives back (`Loaded`);
- `asked`: which questions are asked and required given the answers, what is missing;
- `document`: reading a file (checked against its questionnaire) and writing it back;
- `file_models`: the pydantic models of the file, built from the questionnaire;
- `migration`: answers a newer questionnaire no longer asks for, set aside;
- `wording`: what is wrong with a file, in words, for each key path.
"""

from __future__ import annotations

from eqia_tui.core.model.assessment.asked import (
    ColumnState,
    Missing,
    column_required,
    column_state,
    lookup_for,
    missing_answers,
    progress,
    question_asked,
    question_required,
    required_count,
    section_asked,
    table_rows,
)
from eqia_tui.core.model.assessment.document import (
    EARLIEST,
    LATEST,
    check_header,
    parse_assessment,
    times_out_of_range,
    to_document,
)
from eqia_tui.core.model.assessment.file_models import (
    HEX_16,
    HEX_64,
    HISTORY_KEYS,
    SIGNED_KEYS,
    WAIVER_KEYS,
    Fingerprint,
    HistoryEntry,
    SignedTable,
    WaiverEntry,
    answers_model,
)
from eqia_tui.core.model.assessment.migration import (
    AGAIN,
    is_newer_version,
    kept_aside,
    set_aside_changes,
)
from eqia_tui.core.model.assessment.model import (
    FORMAT,
    FORMAT_VERSION,
    SLUG,
    SLUG_RULE,
    Assessment,
    Loaded,
    invalid_id,
    is_slug,
    new_assessment,
    now,
    slugify,
)
from eqia_tui.core.model.assessment.wording import (
    answer_problems,
    expected_words,
    wrong_type,
)

__all__ = [
    "AGAIN",
    "EARLIEST",
    "FORMAT",
    "FORMAT_VERSION",
    "HEX_16",
    "HEX_64",
    "HISTORY_KEYS",
    "LATEST",
    "SIGNED_KEYS",
    "SLUG",
    "SLUG_RULE",
    "WAIVER_KEYS",
    "Assessment",
    "ColumnState",
    "Fingerprint",
    "HistoryEntry",
    "Loaded",
    "Missing",
    "SignedTable",
    "WaiverEntry",
    "answer_problems",
    "answers_model",
    "check_header",
    "column_required",
    "column_state",
    "expected_words",
    "invalid_id",
    "is_newer_version",
    "is_slug",
    "kept_aside",
    "lookup_for",
    "missing_answers",
    "new_assessment",
    "now",
    "parse_assessment",
    "progress",
    "question_asked",
    "question_required",
    "required_count",
    "section_asked",
    "set_aside_changes",
    "slugify",
    "table_rows",
    "times_out_of_range",
    "to_document",
    "wrong_type",
]
