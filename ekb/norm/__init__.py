"""The norm engine: försörjningsstöd as rules as code. Pure Python; imports nothing else from EKB."""
