"""Rules computed from the answers: the suggested weighting and the suggested actions."""
