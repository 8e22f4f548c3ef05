"""Reads of the alert network for staff pages: moderation and administration, legal cases."""
