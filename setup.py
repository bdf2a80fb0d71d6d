"""Package discovery for the flat layout (metadata lives in pyproject.toml).

The repository root is the directory of the ``zentrale`` package, so ``bot/`` is
``zentrale.bot``; setuptools' own discovery cannot prefix names, hence these few lines.
"""

from setuptools import find_packages, setup

AREAS = ["bot", "cli", "config", "integrations", "services", "store", "webhooks", "web"]
subpackages = find_packages(include=[f"{area}*" for area in AREAS])

setup(
    package_dir={"zentrale": "."},
    packages=["zentrale", *(f"zentrale.{name}" for name in subpackages)],
    package_data={"": ["*.yaml", "*.mako", "*.tsv", "*.txt", "*.json", "templates/*", "static/*", "data/*"]},
)
