"""Cameras: the source interface, the sources (a device, a video file, a picture folder, the
demo camera) and the reader thread that keeps one open. No Qt."""
