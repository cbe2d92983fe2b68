"""The lowest layer: writing files safely, where they live, draft locks and crash logs.
Knows nothing of assessments."""
