"""The Textual TUI. It renders `view(state, seat)` and sends actions through a Session; it never changes state."""
