"""The subcommands ``start``, ``new``, ``history`` and ``export``.

Each module offers ``add_parser(commands)`` to declare its arguments and ``run(...)`` to carry
it out; ``postchain_tui.cli`` wires them in. Nothing here imports Textual. The parser is built
for every command, the full-screen app included, so a module loads what only its ``run``
needs (the session index, the exporters) inside ``run``.
"""
