"""Browser tests: real Chromium driving JupyterLab 4 and Notebook 7 over loopback."""
