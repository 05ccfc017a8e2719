"""Pictures drawn with Pillow for the writers that embed bitmaps (DOCX and the email
draft): the bar chart as a PNG, QR codes, brand logos and the pack's images scaled to fit,
and the text measures that size them. Imports neither python-docx nor reportlab, so the
email writer can share these without loading Word's library.
"""
