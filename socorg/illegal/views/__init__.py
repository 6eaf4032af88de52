"""Pages of the illegal-organizations app: staff (tips, cases) and the public tip form."""
