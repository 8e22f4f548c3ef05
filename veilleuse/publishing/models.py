"""Models of the publishing app (none yet: see docs/architecture.md for what belongs here)."""
