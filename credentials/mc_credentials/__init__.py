"""Signed Open Badges 3.0 / W3C Verifiable Credentials, offline and Odoo-free."""

__version__ = "0.1.0"
