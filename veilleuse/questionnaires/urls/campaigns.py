"""Campaigns, questionnaires, candidates, invitations and the public answer form."""

from django.urls import path

from veilleuse.questionnaires.views import answering, campaigns, candidates

CANDIDATE = "c/<slug:slug>/candidates/<int:candidate_id>/"
QUESTIONNAIRE = "c/<slug:slug>/questionnaire/"

urlpatterns = [
    path("", campaigns.home, name="home"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("c/<slug:slug>/", campaigns.campaign_dashboard, name="campaign_dashboard"),
    path("c/<slug:slug>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    # The questionnaire
    path(QUESTIONNAIRE, campaigns.questionnaire_detail, name="questionnaire"),
    path(f"{QUESTIONNAIRE}import/", campaigns.questionnaire_import, name="questionnaire_import"),
    path(f"{QUESTIONNAIRE}themes/new/", campaigns.theme_create, name="theme_create"),
    path(f"{QUESTIONNAIRE}themes/<int:theme_id>/", campaigns.theme_edit, name="theme_edit"),
    path(
        f"{QUESTIONNAIRE}themes/<int:theme_id>/delete/",
        campaigns.theme_delete,
        name="theme_delete",
    ),
    path(f"{QUESTIONNAIRE}questions/new/", campaigns.question_create, name="question_create"),
    path(
        f"{QUESTIONNAIRE}questions/<int:question_id>/",
        campaigns.question_edit,
        name="question_edit",
    ),
    path(
        f"{QUESTIONNAIRE}questions/<int:question_id>/delete/",
        campaigns.question_delete,
        name="question_delete",
    ),
    # Candidates and lists, their links and contact log
    path("c/<slug:slug>/candidates/", candidates.candidate_list, name="candidate_list"),
    path("c/<slug:slug>/candidates/new/", candidates.candidate_create, name="candidate_create"),
    path(
        "c/<slug:slug>/candidates/remind/",
        candidates.invitation_remind_all,
        name="invitation_remind_all",
    ),
    path(CANDIDATE, candidates.candidate_detail, name="candidate_detail"),
    path(f"{CANDIDATE}edit/", candidates.candidate_edit, name="candidate_edit"),
    path(f"{CANDIDATE}delete/", candidates.candidate_delete, name="candidate_delete"),
    path(f"{CANDIDATE}invitation/", candidates.invitation_create, name="invitation_create"),
    path(f"{CANDIDATE}invitation/send/", candidates.invitation_send, name="invitation_send"),
    path(f"{CANDIDATE}invitation/remind/", candidates.invitation_remind, name="invitation_remind"),
    path(f"{CANDIDATE}invitation/revoke/", candidates.invitation_revoke, name="invitation_revoke"),
    path(f"{CANDIDATE}contacts/", candidates.contact_add, name="contact_add"),
    # The candidates' side: no account, the personal link is the key
    path("r/<str:token>/", answering.answer, name="answer"),
    path("r/<str:token>/submit/", answering.answer_submit, name="answer_submit"),
    path("r/<str:token>/document/", answering.answer_document, name="answer_document"),
]
