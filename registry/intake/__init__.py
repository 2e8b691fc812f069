"""Imports (REGISTER.md section 9): files as other tools export them, read into the register.

- `files`: reading a file (CSV in its encodings and separators, Excel's Unicode Text, .xlsx) into a
  table of text cells, with the checks that keep a bad file out (size, columns, zip bombs);
- `headers`: which column a header means, from the documented exports of the tools SMEs use;
- `imports`: the rows checked against the register and applied in one transaction (`import_file`,
  `import_table`), with the rejected rows to correct and import again.
"""
