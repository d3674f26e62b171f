"""What reaches into WeasyPrint's or pydyf's internals, installed once and version-checked."""
