"""Welfare education: programmes, lecturers and teachers' requests. A Kokoron plugin."""
