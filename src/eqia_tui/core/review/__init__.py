"""After the answers: versions, sign-off, reminders and recorded waivers."""

DUE_WINDOW_DAYS = 30
"""Reviews this many days ahead count as due soon: in the drafts list, and in `eqia due`
unless `--within` says otherwise. Kept here, in a module that imports nothing, so that the
command line's parser can show it without loading the models (see `review.due`)."""
