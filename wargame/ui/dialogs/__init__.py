"""Modal dialogs of the TUI, one typed `ModalScreen[T]` per module."""
