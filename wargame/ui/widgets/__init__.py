"""Widgets of the TUI, one class per module."""
