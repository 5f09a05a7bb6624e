"""The version of fyp-planning.

May import: nothing.
"""

__version__ = "0.1.0.dev0"
