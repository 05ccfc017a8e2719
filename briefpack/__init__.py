"""briefpack: branded Protective Security Update handouts as PDF and DOCX."""

__version__ = "0.1.0"
