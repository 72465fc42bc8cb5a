"""Staff access: the technician PIN, its hashing and its lockout. No Qt."""
