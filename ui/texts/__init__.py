"""The UI catalogue, one module per page (`common` for what several pages share, `errors` for the
registry's error codes). Each module holds one dict, ENTRIES: key -> (Finnish, English), the two
languages side by side so that they cannot drift apart. A text that counts is a (one, many) pair in
each language, chosen by its count `n` (`t("due.confirm", n=3)`); a sentence of several counts takes
each as a phrase of its own `*.count.*` key. ui/i18n.py assembles the modules with the words made
from the registry's own tables, and refuses a key defined twice."""
