"""示例县（虚构示例，非真实县份）: the example county plugin of the fyp-planning tutorial.

Everything is in ``data/``: the 十四五 plan (``example-14th.toml``) and, as its predecessor,
the 十三五 figures its chapter 1 reviews (``example-13th.toml``). The county, its firms and
every figure are invented.
"""

from fyp_planning import Plugin

plugin = Plugin.from_package(
    __name__,
    name="example",
    display_name="示例县科技和工业“十四五”发展规划",
    main="example-14th.toml",
)
