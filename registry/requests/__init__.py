"""Data-subject requests (REGISTER.md section 4): `register` (record, match, verify, extend, close,
the open ones and their counts), `deadlines` (one month, or three when extended, to the next working
day), `rights` (carrying a request out or refusing it, with its letter) and `answers` (the erasure
requests a purge carries out, answered by the purge itself)."""
