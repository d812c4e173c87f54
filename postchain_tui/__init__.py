"""postchain: a terminal coach for posterior-chain strength routines."""

__version__ = "0.2.0"
