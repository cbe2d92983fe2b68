"""The suggested weighting and its reasons, shown live beside the officer's own choice."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.rules.weighting import Suggestion
from eqia_tui.tui.widgets.plain import plain, visible

LEVEL_STYLES = {
    "high": "bold #FFFFFF on #8B0000",
    "medium": "bold #000000 on #FF8C00",
    "low": "bold #000000 on #4CAF50",
    "none": "bold #000000 on #B4B4B4",
    "unknown": "bold #FFFFFF on #5B2C83",
}
"""Each level's badge: its word in its own colours, the same in every theme, each pair at a
contrast of 7 to 1 or more (tests/unit/test_contrast.py)."""


def level_text(value: str | None, label: str) -> Text:
    """A level as a word, with colour as an extra: never colour alone."""
    if not value:
        return Text("not answered", style="dim")
    return Text(f" {label} ", style=LEVEL_STYLES.get(value, "bold"))


class SuggestionPanel(Static):
    """Recomputed by the step whenever an answer changes. Its border turns to the warning
    colour while the suggestion is incomplete (not every characteristic is answered)."""

    DEFAULT_CSS = """
    SuggestionPanel {
        height: auto;
        margin: 1 1 0 1;
        padding: 0 1;
        border: round $primary;

        &.-incomplete {
            border: round $warning;
        }
    }
    """

    def show(
        self,
        questionnaire: Questionnaire,
        suggestion: Suggestion,
        reasons: bool = True,
        own: str | None = None,
    ) -> None:
        """`own`: the officer's weighting, when this step asks for it; flagged when it is not
        the suggestion, so a weighting chosen before the answers changed is noticed."""
        weighting = questionnaire.weighting
        if weighting is None or suggestion.suggested_rating is None:
            self.update(plain(suggestion.reasons[0], lines=True))
            return
        scale = questionnaire.scales[weighting.scale]
        option = scale.option(suggestion.suggested_rating)
        label = option.label if option else suggestion.suggested_rating
        text = Text("Suggested weighting: ", style="bold")
        text.append_text(level_text(suggestion.suggested_rating, label))
        found = questionnaire.resolve(weighting.judgement_question)
        if found and suggestion.suggested_judgement:
            judgement = questionnaire.label_of(found[1], suggestion.suggested_judgement)
            text.append("\nSuggested judgement: ", style="bold")
            text.append(judgement)
        if own and own != suggestion.suggested_rating:
            chosen = scale.option(own)
            text.append("\nYour weighting, ", style="bold")
            text.append_text(level_text(own, chosen.label if chosen else own))
            text.append(
                ", differs from the suggestion. Say why in your reasons, "
                "or press F2 to use the suggestion.",
                style="bold",
            )
        if reasons:
            text.append("\nWhy:", style="bold")
            for reason in suggestion.reasons:
                text.append(f"\n • {reason}")
        else:
            # The judgement step: say what the suggested judgement follows.
            for reason in suggestion.judgement_reasons:
                text.append(f"\n • {reason}")
            if not suggestion.rules_complete:
                text.append("\nNot every characteristic is answered yet.", style="italic")
        self.update(visible(text))
        self.set_class(not suggestion.rules_complete, "-incomplete")
