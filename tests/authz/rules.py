"""What every role gets from every page: the authorization matrix (convention 5).

``test_matrix.py`` walks the URL configuration, builds a URL for every named route and
requests it (GET) as each role of ``ROLES``; the answer must be the rule's. A route
without a rule fails the suite: **adding a view means adding one line here**, in the dict
of its namespace (``ALERTS`` for ``alerts:my_view``)::

    #                             anon rosa sam  paul mona lea  alice bruno chloe oscar
    "my_view":              rule("M    200  403  404  404  404  404  404  404  404"),

One token per role, in the order of ``ROLES``:

- a status code: ``200``, ``403``, ``404`` ("missing" and "forbidden" look the same), ``405``
  (the route answers POST only: the matrix makes GET requests)...;
- ``L``: sent to the staff sign-in page; ``M``: sent to the members' sign-in page;
- ``F``: a member sent to their feed (a staff page refuses members' sessions, issue 12);
- ``R``: sent elsewhere (for instance to two-factor setup).

Routes that take a form are also POSTed to, with an empty body, as each role: a rule's
``post="..."`` line (same columns) says what each role gets. It is **required** when the GET
line has a ``405`` (a POST-only route: the GET line says nothing about who may act) and
optional otherwise. Its tokens are those of the GET line, plus:

- ``ok``: accepted by the gate; any answer that is not ``404``, ``403``, ``405``, ``500`` and
  not a redirect to a sign-in page (an empty form may well give ``400``, ``409``, ``200`` or a
  redirect back to a page: what matters here is that the role got past the gate).

Each POST runs in a transaction rolled back afterwards: an accepted action (a removal, a
sign-out) does not change the world for the next role.

URL parameters are filled from the world (tests/authz/world.py) by their name
(``DEFAULT_PARAMS``); a parameter whose meaning depends on the route (``pk``, ``action``)
is named in the rule: ``rule("...", pk="report")``. Not sure what a new page answers? Run
``AUTHZ_PRINT=1 .venv/bin/pytest -q tests/authz -s``: it prints each route's line as it is
today (``AUTHZ_PRINT=post`` prints the ``post=`` lines); check every token before pasting it.

The roles: ``anon`` (not signed in); ``rosa`` (member); ``sam`` (suspended member); ``paul``
(staff of the partner association); ``mona`` (moderator, reviewer of "demo"); ``lea``
(legal worker, viewer of "demo"); ``alice`` (admin of "demo", no network role); ``bruno``
(reviewer); ``chloe`` (viewer); ``oscar`` (admin of another association).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anon", "rosa", "sam", "paul", "mona", "lea", "alice", "bruno", "chloe", "oscar")

# Django's own admin has its own permission system and tests; not ours to list.
UNCHECKED = ("admin:",)

# (namespace, parameter) → the world value (tests/authz/world.py); namespace "" for any.
DEFAULT_PARAMS = {
    ("", "slug"): "campaign",
    ("accounts", "slug"): "association",
    ("alerts", "slug"): "association",
    ("", "membership_id"): "membership",
    ("", "theme_id"): "theme",
    ("", "question_id"): "question",
    ("", "candidate_id"): "candidate",
    ("", "token"): "token",
    ("accounts", "token"): "reset_token",
    ("", "uidb64"): "uidb64",
    ("", "page"): "page",
    ("", "official_id"): "official",
    ("", "change_id"): "evidence_change",
    ("", "alert_id"): "alert",
    ("", "report_id"): "report",
    ("", "case_id"): "case",
    ("", "delivery_id"): "delivery",
    ("", "publication_id"): "publication",
    ("", "service"): "service",
    ("", "checkin_id"): "checkin",
    ("", "message_id"): "message",
    ("alerts", "token"): "ack_token",
    ("", "page_id"): "duty_page",
    ("", "slot_id"): "duty_slot",
}


@dataclass(frozen=True)
class Rule:
    expected: tuple[str, ...]
    params: dict[str, str] = field(default_factory=dict)
    post: tuple[str, ...] | None = None


def rule(expected: str, post: str | None = None, **params: str) -> Rule:
    return Rule(_tokens(expected), params, _tokens(post) if post is not None else None)


def _tokens(line: str) -> tuple[str, ...]:
    tokens = tuple(line.split())
    if len(tokens) != len(ROLES):
        raise ValueError(f"{line!r}: one answer per role is needed ({', '.join(ROLES)}).")
    return tokens


# One line per route; the columns are ROLES. Aligned by hand: the formatter leaves it be.
# fmt: off
# The project.
PROJECT = {
    #                     anon rosa sam  paul mona lea  alice bruno chloe oscar
    "healthz":      rule("200  200  200  200  200  200  200  200  200  200"),
    "set_language": rule("R    R    R    R    R    R    R    R    R    R"),
}
# Accounts: signing in, passwords, two-factor, the team page.
ACCOUNTS = {
    #                                     anon rosa sam  paul mona lea  alice bruno chloe oscar
    "account":                      rule("L    F    F    200  200  200  200  200  200  200"),
    "login":                        rule("200  200  200  200  200  200  200  200  200  200"),
    # Signing out sends everyone to the sign-in page: here "L" is the sign-out done.
    "logout":                       rule("405  405  405  405  405  405  405  405  405  405",
                                    post="L    L    L    L    L    L    L    L    L    L"),
    "password_change":              rule("L    F    F    200  200  200  200  200  200  200"),
    "password_change_done":         rule("L    F    F    200  200  200  200  200  200  200"),
    "password_reset":               rule("200  200  200  200  200  200  200  200  200  200"),
    "password_reset_complete":      rule("200  200  200  200  200  200  200  200  200  200"),
    "password_reset_confirm":       rule("200  200  200  200  200  200  200  200  200  200"),
    "password_reset_done":          rule("200  200  200  200  200  200  200  200  200  200"),
    "team":                         rule("L    F    F    404  404  404  200  404  404  404"),
    "team_member_add":              rule("L    F    F    405  405  405  405  405  405  405",
                                    post="L    F    F    404  404  404  ok   404  404  404"),
    "team_member_remove":           rule("L    F    F    405  405  405  405  405  405  405",
                                    post="L    F    F    404  404  404  ok   404  404  404"),
    "team_member_role":             rule("L    F    F    405  405  405  405  405  405  405",
                                    post="L    F    F    404  404  404  ok   404  404  404"),
    "team_member_two_factor_reset": rule("L    F    F    405  405  405  405  405  405  405",
                                    post="L    F    F    404  404  404  ok   404  404  404"),
    "team_two_factor":              rule("L    F    F    405  405  405  405  405  405  405",
                                    post="L    F    F    404  404  404  ok   404  404  404"),
    "two_factor_remove":            rule("405  405  405  405  405  405  405  405  405  405",
                                    post="L    F    F    ok   ok   ok   ok   ok   ok   ok"),
    "two_factor_setup":             rule("L    F    F    200  200  200  200  200  200  200"),
    "two_factor_verify":            rule("L    F    F    R    R    R    R    R    R    R"),
}
# Campaigns, questionnaires, candidates, answers, imports, reviews.
QUESTIONNAIRES = {
    #                               anon rosa sam  paul mona lea  alice bruno chloe oscar
    "answer":                 rule("200  200  200  200  200  200  200  200  200  200"),
    "answer_confirm":         rule("L    F    F    405  405  405  405  405  405  405", pk="answer",
                              post="L    F    F    404  ok   404  ok   ok   404  404"),
    "answer_document":        rule("405  405  405  405  405  405  405  405  405  405",
                              post="ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    "answer_review":          rule("L    F    F    404  200  200  200  200  200  404", pk="answer"),
    "answer_submit":          rule("200  200  200  200  200  200  200  200  200  200"),
    "campaign_create":        rule("L    F    F    200  404  404  200  404  404  200"),
    "campaign_dashboard":     rule("L    F    F    404  200  200  200  200  200  404"),
    "campaign_edit":          rule("L    F    F    404  404  404  200  404  404  404"),
    "candidate_create":       rule("L    F    F    404  404  404  200  404  404  404"),
    "candidate_delete":       rule("L    F    F    404  404  404  200  404  404  404"),
    "candidate_detail":       rule("L    F    F    404  200  200  200  200  200  404"),
    "candidate_edit":         rule("L    F    F    404  404  404  200  404  404  404"),
    "candidate_list":         rule("L    F    F    404  200  200  200  200  200  404"),
    "contact_add":            rule("405  405  405  405  405  405  405  405  405  405",
                              post="L    F    F    404  404  404  ok   404  404  404"),
    "decisions_export":       rule("L    F    F    404  200  404  200  200  404  404"),
    "home":                   rule("L    F    F    200  200  200  200  200  200  200"),
    "import_accept":          rule("L    F    F    405  405  405  405  405  405  405", pk="import",
                              post="L    F    F    404  ok   404  ok   ok   404  404"),
    "import_detail":          rule("L    F    F    404  200  404  200  200  404  404", pk="import"),
    "import_paragraph_merge": rule("L    F    F    405  405  405  405  405  405  405", pk="import",
                              post="L    F    F    404  ok   404  ok   ok   404  404"),
    "import_paragraph_move":  rule("L    F    F    405  405  405  405  405  405  405", pk="import",
                              post="L    F    F    404  ok   404  ok   ok   404  404"),
    "import_paragraph_split": rule("L    F    F    405  405  405  405  405  405  405", pk="import",
                              post="L    F    F    404  ok   404  ok   ok   404  404"),
    "import_upload":          rule("L    F    F    404  200  404  200  200  404  404",
                                    pk="candidate"),
    "invitation_create":      rule("405  405  405  405  405  405  405  405  405  405",
                              post="L    F    F    404  404  404  ok   404  404  404"),
    "invitation_remind":      rule("405  405  405  405  405  405  405  405  405  405",
                              post="L    F    F    404  404  404  ok   404  404  404"),
    "invitation_remind_all":  rule("405  405  405  405  405  405  405  405  405  405",
                              post="L    F    F    404  404  404  ok   404  404  404"),
    "invitation_revoke":      rule("405  405  405  405  405  405  405  405  405  405",
                              post="L    F    F    404  404  404  ok   404  404  404"),
    "invitation_send":        rule("405  405  405  405  405  405  405  405  405  405",
                              post="L    F    F    404  404  404  ok   404  404  404"),
    "question_create":        rule("L    F    F    404  404  404  200  404  404  404"),
    "question_delete":        rule("L    F    F    404  404  404  200  404  404  404"),
    "question_edit":          rule("L    F    F    404  404  404  200  404  404  404"),
    "questionnaire":          rule("L    F    F    404  200  200  200  200  200  404"),
    "questionnaire_import":   rule("L    F    F    404  404  404  200  404  404  404"),
    "reply_grades":           rule("404  404  404  404  404  404  404  404  404  404"),
    "review_list":            rule("L    F    F    404  200  200  200  200  200  404"),
    "suggestions_export":     rule("L    F    F    404  200  404  200  200  404  404"),
    "theme_create":           rule("L    F    F    404  404  404  200  404  404  404"),
    "theme_delete":           rule("L    F    F    404  404  404  200  404  404  404"),
    "theme_edit":             rule("L    F    F    404  404  404  200  404  404  404"),
}
# Results and tracked commitments.
COMMITMENTS = {
    #                          anon rosa sam  paul mona lea  alice bruno chloe oscar
    "act_proposal_confirm": rule("L    F    F    404  200  404  200  200  404  404",
                            pk="act_proposal",
                            post="L    F    F    404  ok   404  ok   ok   404  404"),
    "act_proposal_dismiss": rule("L    F    F    404  200  404  200  200  404  404",
                            pk="act_proposal",
                            post="L    F    F    404  ok   404  ok   ok   404  404"),
    "change_correct":    rule("L    F    F    404  200  404  200  200  404  404", pk="change"),
    "change_publish":    rule("L    F    F    405  405  405  405  405  405  405", pk="change",
                         post="L    F    F    404  ok   404  ok   ok   404  404"),
    "commitment_add":    rule("L    F    F    404  200  404  200  200  404  404"),
    "commitment_detail": rule("L    F    F    404  200  200  200  200  200  404", pk="commitment"),
    "evidence_document": rule("L    F    F    404  404  404  404  404  404  404", pk="evidence"),
    "official_remove":   rule("L    F    F    405  405  405  405  405  405  405",
                         post="L    F    F    404  404  404  ok   404  404  404"),
    "proposals":         rule("L    F    F    404  200  404  200  200  404  404"),
    "propose":           rule("L    F    F    405  405  405  405  405  405  405",
                         post="L    F    F    404  404  404  ok   404  404  404"),
    "results":           rule("L    F    F    404  404  404  200  404  404  404"),
    "tracking":          rule("L    F    F    404  200  200  200  200  200  404"),
    "triage":            rule("L    F    F    405  405  405  405  405  405  405", pk="commitment",
                         post="L    F    F    404  ok   404  ok   ok   404  404"),
    "watch":             rule("L    F    F    404  200  200  200  200  200  404",
                         post="L    F    F    404  404  404  ok   404  404  404"),
    "watch_run":         rule("L    F    F    405  405  405  405  405  405  405",
                         pk="watched_source",
                         post="L    F    F    404  404  404  ok   404  404  404"),
}
# Publishing and the live preview.
PUBLISHING = {
    #                         anon rosa sam  paul mona lea  alice bruno chloe oscar
    "preview":          rule("L    F    F    404  200  200  200  200  200  404"),
    "preview_root":     rule("L    F    F    404  200  200  200  200  200  404"),
    "publish":          rule("L    F    F    404  404  404  200  404  404  404"),
    "publish_download": rule("L    F    F    404  404  404  404  404  404  404"),
}
# The alert network: members' pages (/alertes/), staff pages (/reseau/<association>/).
ALERTS = {
    #                                   anon rosa sam  paul mona lea  alice bruno chloe oscar
    "alert":                      rule("M    200  403  404  404  404  404  404  404  404",
                                   post="M    405  403  404  404  404  404  404  404  404"),
    "alert_review_confirm":       rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  404  404  404  404",
                                        pk="alert"),
    "alert_review_request":       rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  404  404  404  404",
                                        pk="alert"),
    "case_complaint_pdf":         rule("L    F    F    404  404  200  404  404  404  404"),
    "case_detail":                rule("L    F    F    404  404  200  404  404  404  404"),
    "case_open":                  rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  ok   404  404  404  404",
                                        report_id="legal_report"),
    "case_update":                rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  ok   404  404  404  404",
                                        action="case_action"),
    "app_settings":               rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "check":                      rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "checkin":                    rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    # The acknowledgement link: whoever holds it (a contact, the person on duty), signed in
    # or not; a wrong MAC is 404 (tests/authz/test_checkin_links.py).
    "checkin_ack":                rule("200  200  200  200  200  200  200  200  200  200",
                                  post="ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    "checkin_done":               rule("M    200  403  404  404  404  404  404  404  404"),
    "checkin_extend":             rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "checkin_safe":               rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "check_alarms":               rule("L    F    F    404  200  404  404  404  404  404",
                                   post="L    F    F    405  405  405  405  405  405  405"),
    "compliance":                 rule("L    F    F    404  404  404  200  404  404  404"),
    "compliance_pdf":             rule("L    F    F    404  404  404  200  404  404  404",
                                        name="compliance_document"),
    # The public contest form: everyone, and the same answer whatever the identifier.
    "contest":                    rule("200  200  200  200  200  200  200  200  200  200",
                                  post="ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    "contest_detail":             rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="contest"),
    "contest_queue":              rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "contest_received":           rule("200  200  200  200  200  200  200  200  200  200"),
    "deliveries":                 rule("L    F    F    404  200  404  404  404  404  404"),
    "delivery_retry":             rule("405  405  405  405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  404  404  404  404"),
    "duress":                     rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "duty":                       rule("L    F    F    404  200  404  404  404  404  404",
                                   post="405  405  405  405  405  405  405  405  405  405"),
    "duty_acknowledge":           rule("405  405  405  405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  404  404  404  404"),
    "duty_rota":                  rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "duty_slot_delete":           rule("405  405  405  405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "feed":                       rule("M    200  403  404  404  404  404  404  404  404",
                                   post="M    405  403  404  404  404  404  404  404  404"),
    "join":                       rule("200  200  200  200  200  200  200  200  200  200",
                                  post="ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    "legal_home":                 rule("L    F    F    404  404  200  404  404  404  404"),
    "login":                      rule("200  200  200  200  200  200  200  200  200  200",
                                  post="ok   ok   ok   ok   ok   ok   ok   ok   ok   ok"),
    # Signing out sends everyone to the sign-in page: here "M" is the sign-out done.
    "logout":                     rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    M    M    M    M    M    M    M    M    M"),
    # The installable app's manifest: fetched by browsers without cookies, the same for all.
    "manifest":                   rule("200  200  200  200  200  200  200  200  200  200",
                                        look="app_look", language="app_language"),
    "moderation_alert":           rule("L    F    F    404  200  404  404  404  404  404",
                                        pk="pending_alert"),
    "moderation_alert_action":    rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  404  404  404  404",
                                        pk="pending_alert", action="alert_action"),
    "moderation_queue":           rule("L    F    F    404  200  404  404  404  404  404"),
    "moderation_report":          rule("L    F    F    404  200  404  404  404  404  404",
                                        pk="report"),
    # The voice note of a report: its moderators only, like the report (a voice identifies).
    "moderation_report_voice":    rule("L    F    F    404  200  404  404  404  404  404",
                                   post="L    F    F    405  405  405  405  405  405  405",
                                        pk="voice_report"),
    "moderation_report_action":   rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  404  404  404  404",
                                        pk="report", action="report_action"),
    "member_notice":              rule("M    200  403  404  404  404  404  404  404  404"),
    "my_data":                    rule("M    200  403  404  404  404  404  404  404  404"),
    "my_data_erase":              rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "my_data_json":               rule("M    200  403  404  404  404  404  404  404  404"),
    "my_report":                  rule("M    200  403  404  404  404  404  404  404  404"),
    "my_report_withdraw":         rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "my_reports":                 rule("M    200  403  404  404  404  404  404  404  404"),
    "network_home":               rule("L    F    F    404  200  200  200  200  200  404"),
    "network_invitation_revoke":  rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="member_invitation"),
    "network_invitations":        rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "network_member_action":      rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="member", action="member_action"),
    "network_members":            rule("L    F    F    404  404  404  200  404  404  404"),
    "network_partner_deactivate": rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="partnership"),
    "network_partners":           rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "network_role_revoke":        rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="network_role"),
    "network_role_approve":       rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="network_role"),
    "network_roles":              rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "network_translations":       rule("L    F    F    404  200  200  200  200  200  404"),
    "network_zone_update":        rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  404  404  ok   404  404  404",
                                        pk="zone"),
    "network_zones":              rule("L    F    F    404  404  404  200  404  404  404",
                                  post="L    F    F    404  404  404  ok   404  404  404"),
    "channels":                   rule("M    200  403  404  404  404  404  404  404  404"),
    "channel_link_choices":       rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "channel_link_delete":        rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "channel_link_start":         rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "notifications":              rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "notifications_push":         rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "notifications_push_delete":  rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "notifications_test":         rule("405  405  405  405  405  405  405  405  405  405",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    # The sign-in's second step after a remote sign-out: nobody is waiting at it here.
    "passphrase_confirm":         rule("M    M    M    M    M    M    M    M    M    M",
                                  post="M    M    M    M    M    M    M    M    M    M"),
    # The quick exit signs anyone out and sends them to the neutral site ("R").
    "quick_exit":                 rule("R    R    R    R    R    R    R    R    R    R"),
    "remote_sign_out":            rule("L    F    F    404  200  404  404  404  404  404",
                                  post="L    F    F    404  ok   404  404  404  404  404"),
    "report_new":                 rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "report_on_behalf":           rule("L    F    F    200  200  404  404  404  404  404",
                                  post="L    F    F    ok   ok   404  404  404  404  404"),
    "report_sent":                rule("M    200  403  404  404  404  404  404  404  404"),
    "safety_plan":                rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "reported_notice":            rule("200  200  200  200  200  200  200  200  200  200"),
    "service_worker":             rule("200  200  200  200  200  200  200  200  200  200"),
    "sign_out_everywhere":        rule("M    200  403  404  404  404  404  404  404  404",
                                  post="M    ok   403  404  404  404  404  404  404  404"),
    "statistics":                 rule("L    F    F    404  200  404  200  404  404  404",
                                  post="L    F    F    404  ok   404  ok   404  404  404"),
    "statistics_csv":             rule("L    F    F    404  200  404  200  404  404  404",
                                   post="L    F    F    405  405  405  405  405  405  405"),
    "statistics_unpublish":       rule("L    F    F    405  405  405  405  405  405  405",
                                  post="L    F    F    404  ok   404  ok   404  404  404"),
    # The services' webhooks: no session counts, only the service's secret (none here).
    "telegram_webhook":           rule("405  405  405  405  405  405  405  405  405  405",
                                  post="403  403  403  403  403  403  403  403  403  403"),
    "whatsapp_webhook":           rule("403  403  403  403  403  403  403  403  403  403",
                                  post="403  403  403  403  403  403  403  403  403  403"),
}
# fmt: on

RULES: dict[str, Rule] = {
    **PROJECT,
    **{"accounts:" + name: entry for name, entry in ACCOUNTS.items()},
    **{"questionnaires:" + name: entry for name, entry in QUESTIONNAIRES.items()},
    **{"commitments:" + name: entry for name, entry in COMMITMENTS.items()},
    **{"publishing:" + name: entry for name, entry in PUBLISHING.items()},
    **{"alerts:" + name: entry for name, entry in ALERTS.items()},
}
