"""Every pack measure, by protected characteristic, as pure functions: tidy frames in, tidy frames out. No Dash."""
