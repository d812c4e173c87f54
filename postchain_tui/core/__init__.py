"""The Textual-free core: routines, the session engine, the log store and statistics.

Nothing in this package may import ``textual``; ``tests/test_core_isolation.py`` enforces it.
"""
