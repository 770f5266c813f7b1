"""The PySide6 GUI of 评审工作台. Views hold layout; the core (``reviewer``) holds logic."""
