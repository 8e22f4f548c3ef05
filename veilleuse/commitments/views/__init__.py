"""Staff pages of commitment tracking: ``results`` (admins record who won), ``tracking`` (the
follow-up dashboard and the triage of proposals), ``commitment`` (one commitment's page: its
status changes, evidence, four-eyes publication and corrections)."""
