"""The EPUB back end: the parsed Book -> an EPUB 3 file that passes EPUBCheck and Ace."""
