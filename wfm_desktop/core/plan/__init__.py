"""The plan: its inputs with undo, the pipeline that computes it, and the .wfmplan document and file."""
