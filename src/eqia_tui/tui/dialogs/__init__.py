"""Dialogs shown over a screen."""
