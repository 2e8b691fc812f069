"""The UI catalogue, one module per page (`common` for what several pages share, `errors` for the
registry's error codes). Each module holds one dict, ENTRIES: key -> (Finnish, English), the two
languages side by side so that they cannot drift apart. ui/i18n.py assembles them with the words
made from the registry's own tables, and refuses a key defined twice."""
