"""The program's documents: Markdown and Word made from a dossier and its records.

Holds the export of 申报表 (附件1, laid out in `appform`), 评审表, 公示, 碑文 (`stele`), outlines, the 附件3 表1
(`plantable`), the self-check forms of 附录D (`selfcheck`), Chinese numerals and quantities (`chinese`), the
Jinja2 environment (`templating`), literal-text escaping (`textsafe`) and the Word conversion (`wordfile`).
The other way round: a filled 申报表 read back (`formread` the Word file, `cellvalue` each cell, `form_import`
the dossier it makes) and monitoring data from a worksheet (`sheet_import`).

May import: the top-level modules, `dossier`, `rules`, `store` and `workflow`.
"""
