"""Imports of documents sent back, the review of every answer, exports and right of reply."""

from django.urls import path

from veilleuse.questionnaires.views import imports, replies, reviews

urlpatterns = [
    path(
        "c/<slug:slug>/candidates/<int:pk>/import/",
        imports.import_upload,
        name="import_upload",
    ),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/move/", imports.import_paragraph_move, name="import_paragraph_move"),
    path("imports/<int:pk>/split/", imports.import_paragraph_split, name="import_paragraph_split"),
    path("imports/<int:pk>/merge/", imports.import_paragraph_merge, name="import_paragraph_merge"),
    path("imports/<int:pk>/accept/", imports.import_accept, name="import_accept"),
    path("c/<slug:slug>/review/", reviews.review_list, name="review_list"),
    path("answers/<int:pk>/review/", reviews.answer_review, name="answer_review"),
    path("answers/<int:pk>/confirm/", reviews.answer_confirm, name="answer_confirm"),
    path("c/<slug:slug>/export/decisions.jsonl", reviews.decisions_export, name="decisions_export"),
    path(
        "c/<slug:slug>/export/suggestions.jsonl",
        reviews.suggestions_export,
        name="suggestions_export",
    ),
    path("r/<str:token>/grades/", replies.reply_grades, name="reply_grades"),
]
