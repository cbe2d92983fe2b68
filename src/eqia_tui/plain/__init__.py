"""Plain mode: the assessment as a line-by-line conversation on standard input and output,
for screen readers, braille displays and scripts. It walks the same steps, conditions and
questionnaires as the wizard, and writes to the same drafts. No Textual and no Rich here."""
