"""Subcommands that read the training log: ``history`` and ``export``.

Each module offers ``add_parser(commands)`` to declare its arguments and ``run(args, out, err)``
to carry it out; ``postchain_tui.cli`` wires them in. Nothing here imports Textual.
"""
