"""Documentation generated from the running bot (see docs/first_week.py)."""
