"""Writes: one service per action, one transaction each (convention 2 and 4)."""
