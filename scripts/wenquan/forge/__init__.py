"""Pull-request work on the forge: what a change means, and the comment that says so.

Holds the semantic diff (`semdiff`) and its renderings (`diff_render`), the pull-request comment
(`pr_comment`) and CODEOWNERS approvals.

May import: the top-level modules, `dossier`, `rules`, `store`, `workflow` and `documents`.
"""
