"""Forms of campaigns (questionnaire, candidates, answering) and of reviews."""
