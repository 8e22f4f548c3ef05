"""The generated compliance documents say who sees what (``render.ACCESS``); this holds them
to the authorization matrix: each page a role is said to open answers 200 to the role's
person in ``rules.py``, and no staff member of another role opens a reader's pages."""

from __future__ import annotations

import pytest

from tests.authz.rules import ROLES, RULES
from veilleuse.alerts.compliance.render import ACCESS

STAFF_PERSONAS = ("mona", "lea", "alice", "paul")
# The roles that read data: what they open, no other role opens (a partner's form is shared
# with the moderators, who also report on someone's behalf).
READERS = ("mona", "lea", "alice")


@pytest.mark.parametrize(("role", "persona", "routes"), [row[:3] for row in ACCESS])
def test_each_role_of_the_documents_opens_what_they_say(role, persona, routes):
    for route in routes:
        expected = dict(zip(ROLES, RULES[f"alerts:{route}"].expected, strict=True))
        assert expected[persona] == "200", (role, route)
        if persona in READERS:
            others = [p for p in STAFF_PERSONAS if p != persona and expected[p] == "200"]
            assert others == [], (role, route, others)
