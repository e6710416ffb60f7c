"""Applications: the client's drafts, the applications and their lines, supplement requests and attachments."""
