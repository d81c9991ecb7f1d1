"""The core keeps its tables in its sub-apps; this module lets Django send it post_migrate."""
