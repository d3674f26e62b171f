"""Presswork's own Python-Markdown extensions, each one small piece of syntax."""
