"""Camera source implementations; use :mod:`kiosk.camera` for the public interface."""
