"""The plan model: attrs value objects (private package; public names live in ``fyp_planning``)."""
