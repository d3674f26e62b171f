"""The live preview: rebuild on every save and serve the EPUB's pages on localhost."""
