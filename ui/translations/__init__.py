"""Qt translation files (kiosk_<lang>.ts sources, .qm compiled) and the catalogue of core texts."""
