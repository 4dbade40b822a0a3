"""The review desk: Datasette with the project's plugin, metadata and templates."""
