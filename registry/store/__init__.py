"""The store: one DuckDB file and the files beside it (REGISTER.md sections 7 and 11), below every rule.

Layers, each importing only those above it in this list:
- `files`: paths, fsync, the purge journal, fault points (standard library only);
- `ledger`: the erasure ledger beside the store (files);
- `schema`: the tables and their migrations;
- `locks`: opening the file under our lock file and DuckDB's, and the rewrite (files);
- `recovery`: finishing an interrupted purge or restore (files, ledger, locks, schema);
- `db`: `connect` for a unit of work, `transaction`, `exclusive_store` (all of the above).
Nothing here imports a rule of the register; the rules import `db.connect` and `db.transaction`.
"""
