"""The manuscript stage: a folder of Markdown chapters and its book.toml -> the parsed Book.

Loading, configuration, the Markdown dialect and the parse-stage transforms live here; the
Book this stage hands on is plain data that every back end reads and none writes back.
"""
