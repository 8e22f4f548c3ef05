"""Reads for campaign pages and for reviews."""
