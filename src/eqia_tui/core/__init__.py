"""The core: everything about an assessment except how it is shown.

Imports no Textual and no Rich (an import-linter contract in pyproject.toml).
"""
