"""Models of the alerts app (none yet: see docs/architecture.md for what belongs here)."""
