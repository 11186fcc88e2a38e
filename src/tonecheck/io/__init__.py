"""Reading drafts and messages out of files, folders and archives, and checking them in batches."""
