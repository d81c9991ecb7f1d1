"""The parts of tests/site/test_every_form.py: finding the forms, the values people type, each
plugin's forms (their Specs) and sending them."""
