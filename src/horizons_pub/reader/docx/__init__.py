"""Word files (.docx) read into an article: pandoc reads the text, an lxml scan of the OOXML the rest."""
