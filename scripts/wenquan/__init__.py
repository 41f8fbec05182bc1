"""wenquan: the 中国温泉之乡（城、都） naming program as docs-as-code."""

__version__ = "0.1.0"
