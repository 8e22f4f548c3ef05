"""Tracked commitments of the elected, their status changes and evidence."""
