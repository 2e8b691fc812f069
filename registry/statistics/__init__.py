"""Anonymised statistics (REGISTER.md sections 5 and 8), the one part of the register that needs
numpy and scipy: nothing outside this package imports it except the command that publishes.

- `tables`: which tables, their periods and labels (standard library only: the texts, the page and
  the command line's choices read it without loading the rest);
- `cells`: a table's cells and the rule's parameters, plain data (counting needs no numpy or scipy, so the
  protection's libraries load while the store counts);
- `counting`: the tables counted in the store and protected (`statistics`);
- `disclosure`: the disclosure rule (k, dominance) and the protection of one table, with `flows`
  (its graph algorithms) and `linked` (tables published together);
- `publishing`: the CSV files, tables.json, the zip and the protection report.
"""
