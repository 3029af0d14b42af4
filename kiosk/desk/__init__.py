"""The staff desk's state and rules, without Qt (ui.staff.desk is its Qt adapter)."""
