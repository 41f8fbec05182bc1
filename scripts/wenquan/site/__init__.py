"""The two websites: the mkdocs plugin and the pages it generates.

Holds the plugin, the pages of the public site (`public_site`, the allow-list of what the public may see) and of
the internal review site (`review_site`), the Atom feed, the SVG charts and `wenquan build`.

May import: the top-level modules, `dossier`, `rules`, `store`, `workflow` and `documents`.
"""
