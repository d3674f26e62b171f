"""The print back end: the parsed Book -> print-ready PDFs laid out by WeasyPrint."""
