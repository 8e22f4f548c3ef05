"""The alert network's forms: one module for members, one for staff, one for the legal service."""
