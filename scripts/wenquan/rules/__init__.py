"""The program's rules (管理办法) as data and as judgments: what a place meets, and by how much.

Holds `registry/rules.yaml` access (`ruleset`), the computed indicators, the eleven conditions of 管理办法 一,
mineral water (附录A), the suggested scores of 附录E, provincial overlays, the official working-day calendar,
periods counted in months, and `wenquan check`.

May import: the top-level modules and `dossier`. Never git, workflow or anything that presents.
"""
