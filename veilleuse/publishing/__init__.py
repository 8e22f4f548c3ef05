"""The published comparison: static site, open data, share images, PDF report, quiz."""
