"""Files on disk: atomic writes, drafts, installed questionnaires, config, locks and
recovery copies."""
