"""Users, associations, memberships and roles."""
