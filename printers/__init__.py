"""Receipt printing: ESC/POS encoder, serial port, status, print queue, virtual printer."""
