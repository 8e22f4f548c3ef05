"""The cue lexicon: what the grader looks for, in French and English.

Each entry is (kind, label, regex). Patterns are written with accents and typographic
apostrophes; ``accent_tolerant`` makes them match text typed without them. Patterns are
matched case-insensitively on word boundaries. Adding a phrase is adding a line here; the
grading rules in ``grade.py`` only know the kinds.

Kinds:
    opening_yes / opening_no   a first word that answers the question ("Oui.", "No,")
    commit      a first-person commitment to act ("nous financerons", "we will fund")
    support     a stated position in favour ("nous sommes favorables", "we support")
    refusal     a first-person or evaluative rejection ("nous y sommes opposés", "impossible")
    hedge       study, dialogue, openness without commitment ("mérite d'être étudiée")
    condition   a condition on the support ("dès lors que", "provided that")
    caveat      a campaign caveat ("en période de campagne, nous ne pouvons pas nous engager")
    alternative a marker that something else is offered instead ("en revanche", "instead")
    warmth      sympathy that commits to nothing ("nous reconnaissons l'intérêt")
    deferral    postponing or redirecting instead of answering ("nous y reviendrons")
    deflection  a competence attributed to another authority; the label names the authority
    generic     a marker that a sentence speaks in general, not about the demand
    anaphora    a reference back to the demand ("ce projet", "this proposal")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .model import CueKind
from .text import accent_tolerant

# (kind, label, regex): the type checker holds every kind to ``model.CueKind``.
Entry = tuple[CueKind, str, str]

OPENING: list[Entry] = [
    (
        "opening_yes",
        "yes",
        r"^\W*(?:oui|yes|absolument|absolutely|bien sûr|évidemment|tout à fait"
        r"|certainement|certainly|of course|definitely|sans hésitation|sans réserve)\b",
    ),
    ("opening_no", "no", r"^\W*(?:non|no|nope)\b(?![-‐]?(?:\s*seulement|\s*only|\s+one|\s+doubt))"),
    # A one-word position stands for a yes or a no (docs/grading-guide.md, "commit when the
    # text commits"); followed by prose, "Pour" or "Contre" are prepositions, not positions.
    (
        "opening_yes",
        "position",
        r"^\W*(?:(?:je suis |nous sommes )?(?:favorables?|pour|d'accord)|agreed|in favou?r"
        r"|engagement pris|c'est oui|we agree|d'accord)\s*(?:[.!;:]|$)",
    ),
    (
        "opening_no",
        "position",
        r"^\W*(?:(?:je suis |nous sommes )?(?:contre|défavorables?|opposée?s?)|pas d'accord"
        r"|against|opposed|c'est non|jamais|never)\s*(?:[.!;:]|$)",
    ),
]

_FR: list[Entry] = [
    # commitments
    (
        "commit",
        "engagement",
        r"(?:nous nous|je m'|je me|nous nous y|je m'y) (?:engageons|engage)\b",
    ),
    ("commit", "engagement", r"(?:notre|mon) engagement (?:est|sera) (?:de|d')"),
    (
        "commit",
        "future action",
        r"nous (?:créerons|financerons|mettrons en (?:place|œuvre|oeuvre)|ouvrirons|allouerons"
        r"|augmenterons|abrogerons|doublerons|triplerons|construirons|recruterons|lancerons"
        r"|débloquerons|consacrerons|organiserons|garantirons|dégagerons|engagerons|porterons"
        r"|pérenniserons|attribuerons|accorderons|verserons|dénoncerons|demanderons|installerons"
        r"|soutiendrons financièrement|inscrirons|réaliserons|généraliserons|étendrons)\b",
    ),
    (
        "commit",
        "future action",
        r"je (?:créerai|financerai|mettrai en place|ouvrirai|abrogerai|demanderai|dénoncerai"
        r"|soutiendrai financièrement|lancerai|consacrerai|garantirai|porterai)\b",
    ),
    (
        "commit",
        "future action",
        r"nous allons (?:créer|financer|mettre en place|ouvrir|abroger|augmenter|lancer"
        r"|consacrer|débloquer|doubler|construire|recruter|dénoncer|garantir)\b",
    ),
    (
        "commit",
        "programme",
        r"(?:fait|fera|font) partie (?:de notre|de mon|du) programme|(?:figure|figurent|est inscrite?"
        r"|sont inscrits?) (?:dans|à) (?:notre|mon) programme|dans notre programme",
    ),
    ("commit", "decision", r"nous (?:prévoyons|avons prévu|avons décidé) de"),
    (
        "commit",
        "future action",
        r"\bnous (?:\w+ )?(?!(?:serons|aurons|verrons|étudierons|examinerons|réfléchirons"
        r"|reviendrons|regarderons|évaluerons|discuterons|échangerons|consulterons|saurons"
        r"|pourrons|devrons|voudrons|dirons|ferons|tenterons|essaierons|continuerons|soutiendrons"
        r"|accompagnerons|encouragerons|défendrons|appuierons|partagerons|excluerons)\b)"
        r"[a-zà-ÿ]{3,}(?:erons|irons|drons|trons)\b",
    ),
    (
        "commit",
        "future action",
        r"\b(?:sera|seront) (?:\w+ )?(?!(?:étudiée?s?|examinée?s?|discutée?s?|évaluée?s?"
        r"|regardée?s?|envisagée?s?|consultée?s?|associée?s?)\b)[a-zà-ÿ]{3,}(?:ée?s?|ie?s?)\b"
        r"(?! (?:à|de) (?:étudier|examiner))",
    ),
    (
        "commit",
        "budget",
        r"(?:sera|seront) (?:créée?s?|financée?s?|mise?s? en place|ouverte?s?"
        r"|abrogée?s?|doublée?s?|inscrite?s? au budget)\b",
    ),
    # support
    (
        "support",
        "in favour",
        r"(?:nous sommes|je suis|nous serions|je serais|nous y sommes|j'y suis|sommes|suis)"
        r"(?: \w+ment| donc| également| bien| plutôt)? (?:favorables?|pour|d'accord)\b",
    ),
    ("support", "in favour", r"\bfavorables? (?:à|au|aux)\b"),
    ("support", "in favour", r"en faveur d(?:e|u|es|')"),
    (
        "support",
        "support",
        r"nous (?:soutenons|soutiendrons|appuyons|appuierons|défendons|défendrons|encourageons"
        r"|encouragerons|partageons|approuvons|accompagnerons|porterons)\b",
    ),
    ("support", "support", r"je (?:soutiens|soutiendrai|défends|défendrai|partage|approuve)\b"),
    (
        "support",
        "continue",
        r"(?:nous|la ville|paris) (?:continuerons?|continuera) (?:à|de) (?:soutenir|agir|financer"
        r"|accompagner|défendre|lutter)",
    ),
    (
        "support",
        "determined",
        r"(?:nous sommes|sommes) (?:déterminée?s?|déterminé-es|résolue?s?)"
        r" (?:à|a)\b",
    ),
    ("support", "in favour", r"nous (?:y )?sommes (?:pleinement |tout à fait )?(?:acquis|prêts?)"),
    (
        "support",
        "necessary",
        r"il nous (?:semble|paraît) (?:\w+ )?(?:indispensable|essentiel|nécessaire|important|urgent"
        r"|souhaitable|légitime|juste|normal)",
    ),
    # refusals
    (
        "refusal",
        "not in favour",
        r"(?:ne|n') ?(?:sommes|suis|serons|serions|y sommes) pas (?:\w+ )?(?:favorables?|pour|prêts?"
        r"|d'accord)",
    ),
    (
        "refusal",
        "will not",
        r"(?:nous|je) (?:ne|n') ?(?:soutiendrons|soutenons|financerons|soutiendrai|pourrons"
        r"|pouvons|souhaitons|envisageons|comptons|allons|reviendrons|abrogerons|demanderons|peux"
        r"|soutiens|approuvons|sommes pas en mesure)\b[^.;:]{0,40}?\b(?:pas|jamais|plus)\b",
    ),
    (
        "refusal",
        "oppose",
        r"nous (?:nous |y )?(?:opposons|opposerons)|(?:opposée?s?|hostiles?) (?:à|au|aux)",
    ),
    (
        "refusal",
        "not possible",
        r"(?:semble|est|serait|paraît|apparaît|reste|sont|semblent|paraissent)(?: \w+ment)?"
        r" (?:très |particulièrement |juridiquement |aujourd'hui )?(?:impossible|irréaliste"
        r"|inenvisageable|exclue?|pas (?:possible|envisageable|souhaitable|opportune?)"
        r"|très difficile|difficilement envisageable)",
    ),
    ("refusal", "not possible", r"(?:pas|n'est pas|ne sont pas) envisagée?s?"),
    # An argument against the demand itself: unrealistic, unaffordable, disproportionate.
    (
        "refusal",
        "not possible",
        r"\b(?:n'est|ne sont|ne serait|ne seraient) (?:pas|ni) (?:\w+ )?(?:réalistes?|finançables?"
        r"|tenables?|soutenables?|raisonnables?|applicables?|praticables?)"
        r"|\bseraie?n?t (?:\w+ )?(?:disproportionnée?s?|irréalistes?|intenables?"
        r"|juridiquement fragiles?|trop (?:coûteu(?:x|se)s?|brutale?s?|chère?s?))",
    ),
    ("refusal", "not possible", r"il nous (?:semble|paraît) (?:très |extrêmement )?difficile"),
    ("refusal", "out of the question", r"hors de question|pas question|ne saurait"),
    ("refusal", "reject", r"nous (?:refusons|rejetons|ne retenons pas)|\bdéfavorables?\b"),
    ("refusal", "maintain", r"nous (?:maintiendrons|conserverons) (?:ces|les|cet|ce) \w+"),
    (
        "refusal",
        "not a priority",
        r"(?:ne relève|ne fait) pas (?:partie )?de nos priorités"
        r"|n'est pas à l'ordre du jour|n'est pas (?:une|la) (?:position|priorité|option)",
    ),
    (
        "refusal",
        "not ours",
        r"(?:il )?(?:ne|n')\s*(?:nous )?appartient (?:\w+ )?pas à (?:la ville|nous"
        r"|paris|la mairie|la municipalité)",
    ),
    (
        "refusal",
        "not right",
        r"(?:ne|n') ?nous (?:semble|paraît|semblerait|paraîtrait) pas|nous (?:semble|paraît"
        r"|semblerait|paraîtrait) (?:\w+ )?(?:redondante?|inutile|inadaptée?|contre-productive?"
        r"|superflue?|inopportune?|excessive?|prématurée?)",
    ),
    (
        "refusal",
        "negated action",
        r"\b(?:nous|je)\s+(?:ne|n')\s*(?:\w+\s+)?(?!(?:laisserons|laisserai|accepterons"
        r"|tolérerons|abandonnerons|oublierons|cesserons|lâcherons|renoncerons)\b)[a-zà-ÿ]+"
        r"(?:rons|rai|ons)\s+(?:\w+\s+)?(?:pas|jamais|plus)\b",
    ),
    # An argued position, as candidates write it beside a yes/no box: what must be done, what
    # is necessary or a good idea (support), what must not be, is useless or harmful (refusal).
    (
        "refusal",
        "argued against",
        r"\bil ne (?:faut|faudrait) pas\b|\b(?:ne|n')(?:doit|doivent|devrait|devraient) pas\b"
        r"|\b(?:n'est|ne sont|ne serait) pas (?:\w+ )?(?:nécessaires?|utiles?|une bonne (?:idée|chose)"
        r"|justifiée?s?|prioritaires?|le rôle|la solution|souhaitables?|opportune?s?)"
        r"|\b(?:est|sont|serait|seraient) (?:\w+ )?(?:inutiles?|une mauvaise (?:idée|chose)"
        r"|dangereu(?:x|se)s?|contre-producti(?:f|ve)s?|absurdes?|excessi(?:f|ve)s?"
        r"|une fausse (?:bonne )?idée|superflue?s?)\b|\b(?:je suis|nous sommes) contre\b",
    ),
    (
        "support",
        "argued for",
        r"\bil (?:faut|faudrait)\b(?! (?:d'abord|étudier|réfléchir|examiner|voir|attendre))"
        r"|\b(?:est|sont|serait|seraient|c'est) (?:\w+ )?(?:nécessaires?|indispensables?"
        r"|essentiel(?:le)?s?|urgente?s?|une bonne (?:idée|chose)|une nécessité|importante?s?"
        r"|justifiée?s?|prioritaires?|souhaitables?|primordiale?s?)\b",
    ),
    # hedges
    (
        "hedge",
        "to be studied",
        r"mérite(?:nt|rait|raient)? (?:d'être|une) (?:\w+ )?(?:étudiée?s?|examinée?s?"
        r"|approfondie?s?|discutée?s?|posée?s?|regardée?s?|expertisée?s?|étude|réflexion)",
    ),
    (
        "hedge",
        "study",
        r"\b(?:ré)?(?:étudier|étudierons|examiner|examinerons|expertiser|évaluer|évaluerons)\b"
        r"|à l'étude|étude de faisabilité|étude d'opportunité|déplacement d'étude"
        r"|état des lieux|\bdiagnostic\b|\baudit\b|\binventaire\b|\brecensement\b|\bcartographie\b",
    ),
    ("hedge", "reflection", r"\bréfléchir\b|\bréflexions?\b|nous (?:y )?réfléchirons"),
    (
        "hedge",
        "dialogue",
        r"\bconcertation\b|\bdialogue\b|poursuivre (?:ces|les|nos|le) (?:échanges|discussions"
        r"|travaux|travail)|groupe de travail|table ronde|\bconsultation\b|mission d'information"
        r"|\bdiscuter\b|\béchanger\b",
    ),
    (
        "hedge",
        "openness",
        r"\bouverte?s? (?:à|au|aux)\b|\bouverture (?:à|au)\b|nous n'excluons pas"
        r"|n'est pas exclue?",
    ),
    ("hedge", "consider", r"\benvisager\b|\bregarder\b|nous verrons|nous regarderons"),
    ("hedge", "not yet", r"\bà ce stade\b|pas encore|pour l'instant|dans un second temps"),
    ("hedge", "it seems", r"il nous (?:semble|paraît) (?:\w+ )?(?:pertinent|intéressant|utile)"),
    (
        "hedge",
        "modal",
        r"\bpourr(?:ait|aient|ions|a|ont)\b|\bserait (?:intéressant|utile|pertinent)",
    ),
    ("hedge", "review", r"\bréexaminer\b|\bréévaluer\b|\bréétudier\b|\bremettre à plat\b"),
    # conditions
    (
        "condition",
        "case by case",
        r"\blorsqu'(?:elles?|ils?) (?:nous )?(?:seront|sera)\b|\bau cas par cas\b|\bsi besoin\b",
    ),
    (
        "condition",
        "condition",
        r"dès lors que|à condition (?:que|qu'|de|d')|sous réserve|pour autant que|dans la mesure où"
        r"|si et seulement si|dans la limite|en fonction (?:des|du) (?:moyens|budget|marges"
        r"|contraintes|possibilités)|selon les (?:moyens|marges)|si (?:les|le|la) (?:conditions"
        r"|moyens|budget|cadre|finances)|sous condition",
    ),
    # campaign caveats
    (
        "caveat",
        "campaign",
        r"en (?:période de|pleine) campagne|pendant la campagne"
        r"|en période électorale|future majorité",
    ),
    (
        "caveat",
        "cannot commit",
        r"(?:ne|n')\s*(?:nous )?(?:\w+ )?pas (?:de |d')?(?:prendre (?:des |d'|un )?engagements?"
        r"|nous engager)",
    ),
    (
        "caveat",
        "cannot commit",
        r"(?:ne (?:pouvons|pourrons|peux|saurions)|ne sommes pas en mesure de) (?:pas )?(?:nous |m')?"
        r"(?:engager|prendre (?:d'|un |des )?engagements?)",
    ),
    ("caveat", "premature", r"\bprématurée?\b|trop tôt pour"),
    # alternatives
    (
        "alternative",
        "instead",
        r"\ben revanche\b|\bà défaut\b|\bplutôt qu(?:e\b|')|\bau lieu d(?:e\b|')|nous (?:proposons|préférons)"
        r"|\bpar contre\b|ce que nous pouvons faire",
    ),
    ("alternative", "contrast", r"\btoutefois\b|\bcependant\b|\bnéanmoins\b|, mais\b"),
    # warm words
    (
        "warmth",
        "recognition",
        r"nous (?:reconnaissons|comprenons|entendons|mesurons|partageons votre|partageons vos)"
        r"|(?:nous sommes|sommes) (?:très )?(?:attentifs|attentives|attentif·ves|sensibles)"
        r"|l'intérêt de cette (?:démarche|proposition|initiative)",
    ),
    # replies that postpone or redirect instead of answering
    (
        "deferral",
        "later",
        r"nous reviendrons vers vous|reviendrons (?:prochainement )?(?:vers vous|sur ce point)"
        r"|question transmise|voir notre programme|nous vous répondrons",
    ),
    # markers
    (
        "generic",
        "in general",
        r"plus généralement|de manière générale|d'une manière générale|de façon générale"
        r"|plus largement|en général|\btoutes? les? (?:formes|initiatives)",
    ),
    (
        "anaphora",
        "this demand",
        r"\b(?:ce|cet|cette|ces) (?:projet|demande|proposition|dossier|question|mesure|dispositif"
        r"|arrêtés?|centre|initiative|revendication|sujet|démarche|structure|plateforme|service"
        r"|type|idée)s?\b|^(?:c'est|cela|ceci|elle|il) |\bde (?:cette|cet|ce) (?:nature|ordre|genre|type)\b|\bnous y\b|\bj'y\b|\ble soutenir\b|\bla soutenir\b|\bles soutenir\b",
    ),
]

_EN: list[Entry] = [
    (
        "commit",
        "engagement",
        r"\b(?:we|i) (?:commit|pledge|promise|guarantee)\b|\b(?:we are|we're|i am|i'm) committed to",
    ),
    (
        "commit",
        "future action",
        r"\b(?:we|i) (?:will|shall|'ll)(?: \w+ly)? (?:fund|create|open|establish|build|allocate"
        r"|provide|repeal|introduce|launch|set up|double|increase|finance|ring-fence|deliver"
        r"|denounce|condemn|hire|recruit|invest|restore|scrap|implement|put in place|reserve"
        r"|make|train|ensure|give|cover)\b",
    ),
    (
        "commit",
        "engagement",
        r"\b(?:we are|we're|i am|i'm) (?:committing|earmarking|allocating"
        r"|setting aside|investing)\b",
    ),
    (
        "commit",
        "programme",
        r"\b(?:is|are) (?:part of|in|included in|written into) (?:our|my) (?:programme|program"
        r"|platform|manifesto|budget)\b",
    ),
    (
        "support",
        "support",
        r"\b(?:we|i) (?:fully |strongly |wholeheartedly |firmly )?(?:support|back|endorse|favou?r"
        r"|agree|champion|welcome|stand with|will support|would support|'d support)\b",
    ),
    (
        "support",
        "in favour",
        r"\bin favou?r of\b|\b(?:we are|we're|i am|i'm) (?:all )?for\b"
        r"|\b(?:we are|we're|i am|i'm) (?:\w+ )?(?:in favou?r|supportive)\b|\bwould back\b",
    ),
    ("support", "continue", r"\bwe will (?:continue|keep) (?:to |on )?(?:support|fund|work)"),
    (
        "refusal",
        "will not",
        r"\b(?:we|i) (?:do not|don't|cannot|can't|will not|won't|would not|wouldn't|are not able to"
        r"|are unable to|are not going to|aren't going to|have no intention to|do not intend to)"
        r"(?: \w+ly)?(?: be)? (?!(?:tolerate|accept|allow|abandon|forget|stop|let)\b)[a-z]+\b",
    ),
    ("refusal", "beyond", r"\bgoes beyond what we\b|\bnot (?:something|a step) we\b"),
    (
        "refusal",
        "not possible",
        r"\b(?:is|are|would be) not (?:achievable|realistic|affordable|feasible|workable"
        r"|sustainable|reasonable)\b|\bwould be (?:disproportionate|unrealistic|unworkable"
        r"|unaffordable|too (?:costly|expensive|brutal))\b",
    ),
    (
        "refusal",
        "oppose",
        r"\b(?:we|i) (?:oppose|reject|decline)\b|\b(?:we are|we're|i am|i'm)(?: \w+ly)? (?:opposed"
        r"|against)\b",
    ),
    (
        "refusal",
        "not possible",
        r"\b(?:not|never) (?:possible|feasible|realistic|appropriate|desirable|an option)\b"
        r"|\bout of the question\b|\bno plans to\b|\bis not a priority\b|\bnot something we\b"
        r"|\bnot in favou?r\b|\bimpossible\b",
    ),
    (
        "hedge",
        "study",
        r"\b(?:consider|considering|look into|looking into|explore|exploring|study|studying|review"
        r"|reviewing|assess|assessing|evaluate|examine|reflect on|revisit)\b"
        r"|\bdeserves? (?:further |careful |serious )?(?:study|consideration|attention|thought)"
        r"|\bworth (?:studying|exploring|considering|examining)",
    ),
    (
        "hedge",
        "dialogue",
        r"\bdialogue\b|\bconsultation\b|\bworking group\b|\btask force\b|\bround table\b"
        r"|\bdiscuss(?:ion|ions)?\b|\bconversation\b|\bkeep talking\b",
    ),
    (
        "hedge",
        "openness",
        r"\b(?:are|'re|be|remain|is|am) open to\b|\bopen-minded\b|\bwe do not rule out\b|\bwe don't rule out\b|\bnot rule out\b",
    ),
    (
        "hedge",
        "not yet",
        r"\bat this stage\b|\bin due course\b|\bfor now\b|\bnot yet\b|\bin time\b",
    ),
    ("hedge", "modal", r"\b(?:could|might|may) (?:be|consider|look|explore)\b"),
    (
        "condition",
        "condition",
        r"\bprovided (?:that)?\b|\bas long as\b|\bon condition\b|\bsubject to\b|\bdepending on\b"
        r"|\bwithin the limits\b|\bwhere (?:possible|feasible)\b|\bbudget permitting\b"
        r"|\bif (?:the |funding|budget|resources|conditions|the law)\b|\bonly if\b",
    ),
    ("caveat", "campaign", r"\bduring (?:the|an|this) (?:election )?campaign\b"),
    (
        "caveat",
        "cannot commit",
        r"\b(?:cannot|can't|unable to|not able to|not in a position to) (?:make (?:any )?(?:firm )?"
        r"(?:commitments?|promises)|commit)\b|\btoo early to\b|\bpremature\b",
    ),
    (
        "alternative",
        "instead",
        r"\binstead\b|\brather than\b|\bon the other hand\b|\bas an alternative\b"
        r"|\bwhat we can do\b|\bwe(?:'d| would)? prefer\b|\bhowever\b|, but\b",
    ),
    (
        "warmth",
        "recognition",
        r"\bwe (?:recogni[sz]e|understand|hear|share your|acknowledge|appreciate|value)\b"
        r"|\bwe are (?:attentive|sensitive|mindful)\b",
    ),
    (
        "deferral",
        "later",
        r"\bwe will get back to you\b|\bsee our (?:programme|program|manifesto)\b"
        r"|\bforwarded to\b",
    ),
    ("generic", "in general", r"\bmore (?:generally|broadly)\b|\bin general\b|\ball forms of\b"),
    (
        "anaphora",
        "this demand",
        r"\b(?:this|that|these|such) (?:proposal|project|request|demand|issue|question|measure"
        r"|scheme|centre|center|platform|service|initiative|idea|orders?|programme|program)s?\b"
        r"|\bof this kind\b|\bsuch an? \w+\b|\bfund it\b|\bsupport it\b|\bback it\b",
    ),
]

# Authorities that a competence can be deflected to. A mention counts as a deflection only
# in a sentence that also attributes competence or states a limit (see grade.py).
AUTHORITIES = [
    (
        "État",
        r"\bl'État\b|services de l'État|\bgouvernement\b"
        r"|\bministère\b|\bthe state\b|\bnational government\b|\bthe government\b|\bwhitehall\b",
    ),
    (
        "Préfecture de police",
        r"préfecture de police|\bpréfecture\b|\bpréfet\b|police prefecture"
        r"|\bprefect\b",
    ),
    (
        "loi / cadre légal",
        r"cadre (?:légal|juridique|législatif)|à droit constant|\bla loi\b"
        r"|\blégislateur\b|\bcontraintes juridiques\b|\blegal framework\b|\bthe law\b|\blegislation\b",
    ),
    ("Parlement", r"\bparlement\b|\bassemblée nationale\b|\bsénat\b|\bparliament\b|\bcongress\b"),
    (
        "Europe",
        r"\bl'europe\b|union européenne|\bl'ue\b|\beuropean union\b|\bthe eu\b|\bbruxelles\b",
    ),
    ("Métropole", r"\bmétropole\b|\bmetropolitan authority\b"),
    ("Région", r"\bla région\b|\bconseil régional\b|\bthe region\b|\bregional council\b"),
    ("Département", r"\bdépartement(?:al)?\b|\bcounty council\b"),
    ("ARS", r"\bagence régionale de santé\b|\bl'ARS\b|\bhealth authority\b"),
    ("Justice", r"\bla justice\b|\bparquet\b|\bprocureur\b|\bthe courts\b"),
]

COMPETENCE = (
    r"\bcompétences?\b|\brelève(?:nt)?\b|\brelever\b|\bressort\b|\bappartient\b|\bdépend(?:ent)?\b"
    r"|\bconjointe?\b|\bplaidoyer\b|\binterpeller(?:ons)?\b|\bauprès de\b|\bavec (?:la|le|l')"
    r"|\bau regard du\b|\bà droit constant\b|\bservices de l'État\b|\bdemanderons? à\b"
    r"|\bremit\b|\bresponsibility of\b|\bmatter for\b|\bjurisdiction\b|\bpowers?\b|\blobby\b"
    r"|\burge\b|\bwith the\b|\bcall on\b|\bdepends? on\b|\bfalls? (?:under|within)\b"
)


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: CueKind
    label: str
    regex: re.Pattern[str]


def _compile(source: str) -> re.Pattern[str]:
    return re.compile(accent_tolerant(source), re.IGNORECASE | re.UNICODE)


@lru_cache(maxsize=1)
def patterns() -> tuple[Pattern, ...]:
    """Every sentence-level cue pattern, French and English, compiled once."""
    return tuple(Pattern(kind, label, _compile(src)) for kind, label, src in (*_FR, *_EN))


@lru_cache(maxsize=1)
def opening_patterns() -> tuple[Pattern, ...]:
    return tuple(Pattern(kind, label, _compile(src)) for kind, label, src in OPENING)


@lru_cache(maxsize=1)
def authority_patterns() -> tuple[Pattern, ...]:
    return tuple(Pattern("deflection", name, _compile(src)) for name, src in AUTHORITIES)


@lru_cache(maxsize=1)
def competence_pattern() -> re.Pattern[str]:
    return _compile(COMPETENCE)
