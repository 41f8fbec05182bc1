"""The naming procedure (管理办法 二–四): states, guards and the records wenquan writes.

Holds the states and transitions, one application's files and commit messages (`case`), the records
(`workflow.yaml`, `review.yaml`), `advance`, the expert review (panel draw, inspection, score sheets, in
`expert_review`; the pool rules in `panel`; the panel's figures in `scores`), objections, after-naming duties and
obligations, status and due dates, the audit of history, and every application as read for display (`places`).

May import: the top-level modules, `dossier`, `rules` and `store`.
"""
