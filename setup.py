"""Packages: everything under app/, plus db/ and resources/ shipped inside it as app.db and
app.resources (so a non-editable install carries the migrations, reference data and
translations). Metadata lives in pyproject.toml."""

from setuptools import find_packages, setup

packages = find_packages(include=["app", "app.*"])
packages += ["app.db", "app.db.versions", "app.resources"]
setup(
    packages=packages,
    package_dir={"app.db": "db", "app.db.versions": "db/versions", "app.resources": "resources"},
)
