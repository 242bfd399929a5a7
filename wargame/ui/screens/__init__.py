"""Full screens of the TUI, one class per module."""
