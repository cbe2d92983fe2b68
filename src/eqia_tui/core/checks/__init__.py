"""The robustness check: the challenges an equality group would make, found before they do.

`check(questionnaire, assessment, today)` returns a list of `Finding`s. Each has a stable
id (see docs/checks.md), a severity ("error" or "warning"), the key path of the answer it
is about (such as `screening.age.affects_details`), a message in plain words and how to fix
it. Errors are gaps and contradictions; warnings are about plain English and answers that
only point to another answer.

Nothing here is tied to one questionnaire. The checks find what they need through the
questionnaire itself (the weighting's grid, rating and judgement questions, the conditions
on follow-up questions, a table with a characteristics column) and are skipped cleanly when
a questionnaire has no such thing.

Messages name a question as the screen shows it: its label, in quotes. A label longer than
`NAME_LIMIT` characters is named by its short label and its first words instead (see
`question_name`).

Key paths:
- `section.question` for a question, `grid.characteristic.question` in a grid,
  `grid.characteristic` for a whole row of a grid;
- `section.table[0].column` for a cell of a table (rows count from 0);
- `signed` for the sign-off record;
- for a help text of the questionnaire, the key path of the question (or section) it helps.

The modules, by concern:
- `findings`: the `Finding`, waivers applied, the summary and the order of findings;
- `naming`: how messages name questions, rows, answers and key paths;
- `context`: what the checks share (`Context`) and every written answer;
- `impacts`: the grid's impacts as the weighting rules read them;
- `completeness`: the gaps (details after a yes, empty rows, actions, required answers);
- `judgement`: the weighting and the judgement against the grid and the actions;
- `review_and_sign_off`: the review date and a sign-off that no longer matches;
- `legal`: the tests the courts and the Equality Act 2010 set (decision-maker and date, the
  three aims, evidence, engagement, alternatives, combined effects, monitoring);
- `boilerplate`: answers repeated down the grid, and legal answers that say nothing;
- `writing` and `acronyms`: answers that point elsewhere, long sentences, short forms.
"""

from __future__ import annotations

from datetime import date

from eqia_tui.core.checks.acronyms import ACRONYMS, explained_acronyms, unexplained_acronyms
from eqia_tui.core.checks.boilerplate import repeated_answers, vague_answers
from eqia_tui.core.checks.completeness import (
    action_incomplete,
    characteristic_not_answered,
    no_actions,
    required_missing,
    yes_without_details,
)
from eqia_tui.core.checks.context import Context
from eqia_tui.core.checks.findings import (
    Finding,
    apply_waivers,
    has_errors,
    in_order,
    summary,
)
from eqia_tui.core.checks.judgement import (
    EVIDENCE_WORDS,
    actions_written,
    high_without_justification,
    lightest_judgement_with_actions,
    one_finding_for_the_lightest_judgement,
    screening_sufficient_with_risk,
    unknown_without_evidence_action,
    weighting_differs_from_suggestion,
    weighting_differs_without_reasons,
)
from eqia_tui.core.checks.legal import legal_tests
from eqia_tui.core.checks.naming import question_name
from eqia_tui.core.checks.review_and_sign_off import (
    changed_since_signed,
    review_date_set_and_ahead,
)
from eqia_tui.core.checks.writing import (
    longest_sentence,
    plain_english_answers,
    plain_english_help,
    points_elsewhere_in_rows,
)
from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review.waivers import waivers_of

__all__ = [
    "ACRONYMS",
    "EVIDENCE_WORDS",
    "Finding",
    "actions_written",
    "apply_waivers",
    "check",
    "explained_acronyms",
    "has_errors",
    "longest_sentence",
    "question_name",
    "summary",
    "unexplained_acronyms",
]


def check(
    questionnaire: Questionnaire, assessment: Assessment, today: date | None = None
) -> list[Finding]:
    """Every finding, errors first, each group in the order the questionnaire asks things."""
    ctx = Context(questionnaire, assessment, today or date.today())
    specific: list[Finding] = [
        *yes_without_details(ctx),
        *characteristic_not_answered(ctx),
        *unknown_without_evidence_action(ctx),
        *high_without_justification(ctx),
        *weighting_differs_without_reasons(ctx),
        *no_actions(ctx),
        *action_incomplete(ctx),
        *screening_sufficient_with_risk(ctx),
        *lightest_judgement_with_actions(ctx),
        *weighting_differs_from_suggestion(ctx),
        *review_date_set_and_ahead(ctx),
        *changed_since_signed(ctx),
        *legal_tests(ctx),
    ]
    specific = one_finding_for_the_lightest_judgement(specific)
    findings = [*specific, *required_missing(ctx, specific)]
    findings += [
        *points_elsewhere_in_rows(ctx),
        *repeated_answers(ctx),
        *vague_answers(ctx),
        *plain_english_answers(ctx),
        *plain_english_help(ctx),
    ]
    return apply_waivers(in_order(questionnaire, findings), waivers_of(assessment.signed))
