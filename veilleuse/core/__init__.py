"""Shared building blocks: timestamps, the task interface, health check, log filters."""
