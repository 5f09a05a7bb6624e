"""The Dongkou county plugin: 洞口县科技和工业“十四五”发展规划（2021-2025年）as data.

Everything is in ``data/``: the 十四五 plan (``dongkou-14th.toml``) and, as its predecessor, the
十三五 figures its chapter 1 reviews (``dongkou-13th.toml``). Every figure carries the section
of the document it comes from; figures are recorded as the document states them.
"""

from fyp_planning import Plugin

plugin = Plugin.from_package(
    __name__,
    name="dongkou",
    display_name="洞口县科技和工业“十四五”发展规划",
    main="dongkou-14th.toml",
    description="洞口县科技和工业信息化局 — 十四五 plan with the 十三五 review",
)
