"""The `wenquan` command: click commands only, one module per command group, over the core.

Only this room reads argv, prints and exits; it maps the exception tree of `wenquan.errors` to exit codes.

May import: everything.
"""
