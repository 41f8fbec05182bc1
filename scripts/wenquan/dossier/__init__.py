"""Reading and checking files: a dossier, a record, a registry file or a report as data with positions.

Holds the YAML loader that keeps every node's line and column, the JSON Schemas and the quick schema check,
validation with its diagnostics and reporters, the checks beyond the schema (codes Y, S, D, R), the Chinese
labels of fields, `monitoring.csv`, and the skeleton `wenquan new` writes.

May import: the top-level modules (`errors`, `repo`, `fsutil`) only. It knows nothing of rules, git or workflow.
"""
