"""Getting documents in: bytes and paths to text (encodings), HTML and DOCX to paragraphs,
and pairing Chinese and English documents. Imports only tmtool.text, records and errors.
"""
