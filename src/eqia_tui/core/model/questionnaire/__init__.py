"""Questionnaires are data: what is asked, in which words, and how the weighting is suggested.

The package in four parts, each importable from here:

- `models`: the pydantic models of a questionnaire file, and their lookups;
- `semantics`: the checks the models cannot make alone (ids, references, conditions, rules);
- `role_checks`: the roles checked likewise, and what a questionnaire loses by leaving one out;
- `loading`: reading a file through both, every problem in plain English with its key path.
"""

from __future__ import annotations

from eqia_tui.core.model.questionnaire.loading import (
    load_questionnaire_data,
    load_questionnaire_file,
    validation_problems,
)
from eqia_tui.core.model.questionnaire.models import (
    ACRONYM_PATTERN,
    ALL,
    CONDITION_REF_PATTERN,
    DERIVED_KEYS,
    HEADER_KEYS,
    ID_PATTERN,
    QUESTION_TYPES,
    QUESTIONNAIRE_ID_PATTERN,
    RESERVED_SECTION_IDS,
    SECTION_QUESTION_PATTERN,
    TRAILER_KEYS,
    VALUE_PATTERN,
    Acronym,
    ActionPlanRoles,
    AnyColumn,
    AnyQuestion,
    Characteristic,
    CharacteristicsQuestion,
    ChoiceQuestion,
    ColumnQuestion,
    Condition,
    Conditions,
    DateQuestion,
    Id,
    LongTextQuestion,
    Option,
    Question,
    Questionnaire,
    QuestionnaireId,
    Roles,
    Rule,
    Scale,
    Section,
    TableQuestion,
    Text,
    TextQuestion,
    Value,
    Weighting,
    YesNoQuestion,
)
from eqia_tui.core.model.questionnaire.role_checks import ROLE_USES, missing_roles
from eqia_tui.core.model.questionnaire.semantics import reason_problems, semantic_problems

__all__ = [
    "ACRONYM_PATTERN",
    "ALL",
    "CONDITION_REF_PATTERN",
    "DERIVED_KEYS",
    "HEADER_KEYS",
    "ID_PATTERN",
    "QUESTIONNAIRE_ID_PATTERN",
    "QUESTION_TYPES",
    "RESERVED_SECTION_IDS",
    "ROLE_USES",
    "SECTION_QUESTION_PATTERN",
    "TRAILER_KEYS",
    "VALUE_PATTERN",
    "Acronym",
    "ActionPlanRoles",
    "AnyColumn",
    "AnyQuestion",
    "Characteristic",
    "CharacteristicsQuestion",
    "ChoiceQuestion",
    "ColumnQuestion",
    "Condition",
    "Conditions",
    "DateQuestion",
    "Id",
    "LongTextQuestion",
    "Option",
    "Question",
    "Questionnaire",
    "QuestionnaireId",
    "Roles",
    "Rule",
    "Scale",
    "Section",
    "TableQuestion",
    "Text",
    "TextQuestion",
    "Value",
    "Weighting",
    "YesNoQuestion",
    "load_questionnaire_data",
    "load_questionnaire_file",
    "missing_roles",
    "reason_problems",
    "semantic_problems",
    "validation_problems",
]
