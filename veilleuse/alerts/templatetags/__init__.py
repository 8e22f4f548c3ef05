"""Template tags of the alert network."""
