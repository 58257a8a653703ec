"""Tests of printers/: encoder, status, serial port, print queue, virtual printer."""
