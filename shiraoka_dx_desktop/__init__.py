"""白岡市DX推進全体方針 desktop application."""

__version__ = "0.1.0"
