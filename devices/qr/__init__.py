"""QR codes: decoding camera frames (scanner) and the payload formats the terminal prints and accepts."""
