"""Settings: the kiosk's config file and where its data, cache and logs live. No Qt."""
