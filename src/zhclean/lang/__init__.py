"""What is true of written Chinese, kept in one place: punctuation, patterns, a language model."""
