"""An overview of the grid: every characteristic with its positive and negative impact."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import ChoiceQuestion
from eqia_tui.core.text.safe_text import shown
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.suggestion import level_text


class GridOverview(StepPane):
    """Levels are shown as words and colour both, never colour alone."""

    DEFAULT_CSS = """
    GridOverview #overview {
        height: 1fr;
        margin: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            "Every characteristic at a glance. Choose a row to change its answers.",
            classes="intro",
        )
        yield DataTable(cursor_type="row", zebra_stripes=True, id="overview")

    def _columns(self) -> list[ChoiceQuestion]:
        section = self.step.section
        assert section is not None
        # The levels only: the overview compares characteristics by impact.
        return [q for q in section.questions if isinstance(q, ChoiceQuestion) and q.scale]

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Characteristic", key="characteristic")
        for question in self._columns():
            table.add_column(plain(question.title), key=question.id)
        self.refresh_view()

    def refresh_view(self) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        section = self.step.section
        assert section is not None
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for characteristic in q.characteristics:
            row = a.row(section.id, characteristic.id)
            cells: list[Text] = [plain(characteristic.label)]
            for question in self._columns():
                value = row.get(question.id)
                if not is_answered(value):
                    cells.append(Text("not answered", style="dim italic"))
                elif isinstance(question, ChoiceQuestion) and question.scale:
                    cells.append(level_text(value, shown(q.label_of(question, value))))
                else:
                    cells.append(plain(q.label_of(question, value)))
            table.add_row(*cells, key=characteristic.id)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        section = self.step.section
        assert section is not None
        first = section.questions[0].id
        self.post_message(self.Jump(f"{section.id}.{event.row_key.value}.{first}"))

    def focus_first(self) -> None:
        self.query_one(DataTable).focus()
