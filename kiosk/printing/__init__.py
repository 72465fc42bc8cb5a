"""Printing: the headless print service both front ends use. No Qt."""
