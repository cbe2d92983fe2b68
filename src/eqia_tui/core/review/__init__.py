"""After the answers: versions, sign-off, reminders and recorded waivers."""
