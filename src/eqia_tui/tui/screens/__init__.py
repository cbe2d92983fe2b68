"""Full screens: the drafts list and the wizard."""
