"""The question screen's input pages, one a way of answering, and their table (table.py)."""
