"""The wizard screen (screen.py) and the parts it owns, one concern a module."""

from eqia_tui.tui.screens.wizard.screen import WizardScreen

__all__ = ["WizardScreen"]
