"""Files on disk: atomic writes, drafts, installed questionnaires, config, locks and
recovery copies."""

DEFAULT_QUESTIONNAIRE = "kcc-eqia"
"""The questionnaire a new assessment answers unless another is chosen: in `eqia new`,
`eqia schema` and the new-assessment dialog. Kept here, in a module that imports nothing,
so that the command line's parser can show it without loading the models."""
