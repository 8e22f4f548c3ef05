"""Writes of commitment tracking: one service per action, one transaction each
(conventions 2 and 4). ``results``: who won and the proposals it makes; ``triage``:
accepting, dropping, merging and adding commitments; ``statuses``: status changes with their
evidence, four-eyes publication and corrections."""
