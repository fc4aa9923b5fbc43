"""Printed documents (license, receipt) rendered to PDF bytes with reportlab; no printing happens here."""
