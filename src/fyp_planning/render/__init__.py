"""Rendering: text tables now; reports, drawings and exports as they land."""
