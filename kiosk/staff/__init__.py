"""Staff access: the barista code and the technician PIN (one hashing and lockout for both),
the doors they open, and the factory-default gate. No Qt.

- :mod:`kiosk.staff.rules`: the roles, their factory defaults, what a new code must be.
- :mod:`kiosk.staff.codes`: :class:`~kiosk.staff.codes.CodeStore`, one role's code file.
- :mod:`kiosk.staff.access`: :class:`~kiosk.staff.access.StaffAccess`, both codes, the doors
  and the gate.
"""
