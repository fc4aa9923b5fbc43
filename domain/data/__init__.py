"""Data files shipped with the domain core (a package so that setuptools' package-data picks them up)."""
