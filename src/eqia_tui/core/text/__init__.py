"""Words shown to people: problems with input, and text made safe for a terminal."""
