"""PDF documents with reportlab (no Qt): one module per document, plus fonts.py."""
