"""Retention and purges (REGISTER.md section 3): `due` (who is due, why, and what blocks it: the one
definition of the due date), `change` (what a new retention would do), `purge` (erasing the due,
unblocked persons in one transaction, then rewriting the store) and `review` (the dashboard's purge
review: by name, keeping a person out, four eyes)."""
