"""The app's screens: the routine picker, the session, the summary and a yes/no question.

Each screen lives in its own module (with its ``.tcss`` beside it) and is imported where it is
used, so starting the app loads only what the first screen needs.
"""
