"""Widgets used by the screens and dialogs."""
