"""Models of the commitments app (none yet: see docs/architecture.md for what belongs here)."""
