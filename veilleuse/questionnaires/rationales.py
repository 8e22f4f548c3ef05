"""The engine's rationales, marked for translation.

``veilleuse.analysis`` is plain Python and explains each grade in English
(``Grading.rationale``); the review page shows it in the reader's language with
``{% translate rationale %}``. A test checks that every rationale the grader can return is
listed here, so a new rule cannot reach the page untranslated.
"""

from django.utils.translation import gettext_noop

ENGINE_RATIONALES = (
    gettext_noop("A bare or emphatic yes: accepts the demand as asked."),
    gettext_noop("States a position in favour in a few words, with no means."),
    gettext_noop("Accepts every part of the demand, some without means."),
    gettext_noop("Refuses every part of the demand, offering something lesser."),
    gettext_noop("Accepts the main part of the demand, not all of the others."),
    gettext_noop("Refuses the main part of the demand, accepts another."),
    gettext_noop("Studies the main part of the demand, accepts another."),
    gettext_noop("A campaign caveat: the answer declines to commit now."),
    gettext_noop("Commits to act on the demand."),
    gettext_noop("Commits to part of the demand, studies the rest."),
    gettext_noop("Commits, under conditions or pointing to another authority."),
    gettext_noop("Opens with a no, then offers something lesser."),
    gettext_noop("Opens with a no."),
    gettext_noop("Opens with a yes and names the means."),
    gettext_noop("Opens with a yes, but names no means."),
    gettext_noop("Opens with a yes, but will not commit during the campaign."),
    gettext_noop("Opens with a yes, qualified in the same sentence."),
    gettext_noop("Opens with a yes, under conditions."),
    gettext_noop("Rejects the demand as asked and offers something lesser."),
    gettext_noop("Rejects the demand."),
    gettext_noop("Supports the demand and names the means."),
    gettext_noop("Supports the demand, without concrete means or with conditions."),
    gettext_noop("The answer is empty or declines to answer."),
    gettext_noop("The answer never speaks of what the question asks."),
    gettext_noop("The answer points to another authority only."),
    gettext_noop("The answer postpones or redirects instead of answering."),
    gettext_noop("The answer takes no position on the demand."),
    gettext_noop("What the answer says of the demand is study, dialogue or openness."),
)
