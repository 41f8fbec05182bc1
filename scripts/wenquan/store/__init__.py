"""Git as wenquan's store: reading history, and writing exactly one commit of exactly the given files.

Holds history reads (`history`), the write side built on git's plumbing (`writer`), tree objects (`trees`),
the repository lock and the transaction that ties lock, files and commit together, and git commands run in
the background with their output in a file (`background`).

May import: the top-level modules only. It knows nothing of dossiers or rules: it moves bytes and trailers.
"""
