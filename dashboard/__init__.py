"""The Dash side of STRIDE: the app factory, component ids and the store accessor pages use."""
