"""The alert network's views, one module per activity (``member``, and the staff ones)."""
