"""Models of the questionnaires app (none yet: see docs/architecture.md for what belongs here)."""
