"""Retention and purges (REGISTER.md section 3): `due` (who is due, why, and what blocks it: the one
definition of the due date), `change` (what a new retention would do) and `review` (the dashboard's
purge review: by name, keeping a person out, four eyes). The purge itself, which every path calls (the
due list, the review, the command line, an erasure request, a restore), is `registry/purge.py`."""
