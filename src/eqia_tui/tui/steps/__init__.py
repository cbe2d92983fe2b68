"""One pane for each kind of wizard step."""
