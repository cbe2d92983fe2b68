"""The side panel that explains the question the officer is on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from eqia_tui.core.model.questionnaire import AnyQuestion, Characteristic, Questionnaire
from eqia_tui.tui.widgets.plain import visible


class HelpPanel(VerticalScroll):
    """Shows help for the focused question; F1 shows or hides it. Where it sits, and how big
    it is, is the screen's to say."""

    DEFAULT_CSS = """
    HelpPanel {
        padding: 0 1;
        background: $boost;
    }

    HelpPanel .help-title {
        margin-bottom: 1;
    }
    """

    can_focus = False

    def compose(self) -> ComposeResult:
        # Beside the form the panel starts with this title; under it (a narrow screen) the
        # title sits in the panel's top edge instead, to leave the lines for the help.
        self.border_title = "Help (Alt+Up and Alt+Down scroll it)"
        yield Static(Text("Help", style="bold"), classes="help-title")
        yield Static("", id="help-body")

    def show_question(
        self,
        questionnaire: Questionnaire,
        question: AnyQuestion,
        characteristic: Characteristic | None = None,
        intro: str = "",
    ) -> None:
        """The question's help; on the grid, the characteristic's whole description first
        and the grid's introduction (`intro`) last, as the grid folds both to a line."""
        text = Text()
        if characteristic is not None:
            text.append(f"{characteristic.label}\n", style="bold")
            text.append(f"{characteristic.help}\n\n", style="italic")
        text.append(f"{questionnaire.words(question.title)}\n", style="bold")
        text.append(questionnaire.words(question.help))
        scale = questionnaire.scale_for(question)
        if scale is not None:
            text.append("\n")
            for option in scale.options:
                text.append(f"\n{option.label}: ", style="bold")
                text.append(option.help)
        if intro:
            text.append("\n\nAbout this step\n", style="bold")
            text.append(intro)
        self.query_one("#help-body", Static).update(visible(text))
        self.scroll_home(animate=False)

    def show_text(self, title: str, body: str) -> None:
        text = Text(f"{title}\n", style="bold")
        text.append(body)
        self.query_one("#help-body", Static).update(visible(text))
        self.scroll_home(animate=False)
