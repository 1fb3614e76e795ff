"""The press: a warm layout process for the preview (WeasyPrint imported once, the parts' layouts kept),
answering each request with the pages of one edition drawn as images.  :class:`.client.PressClient`
runs it; :mod:`.worker` is the process; :mod:`.records` what they say to each other."""
