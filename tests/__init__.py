"""postchain's tests: a package, so that the top-level ``tests`` package that the FIT SDK
installs beside it is not the one imported."""
