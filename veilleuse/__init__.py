"""Veilleuse: questionnaires to election candidates, graded with evidence, published and
tracked; and a safety-alert network for sex workers.

Importing this package must not import Django: the analysis engine and the command line
use it without a configured Django project.
"""

__version__ = "0.1.0.dev0"
