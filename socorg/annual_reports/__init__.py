"""Annual inspection (年检) and annual work report (年报). Pure rules only for now."""
