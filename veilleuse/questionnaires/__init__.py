"""Elections, candidates and lists, questionnaires, invitations, answers, reviews."""
