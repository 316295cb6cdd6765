"""tmtool: a Chinese–English translation memory for news copy.

Importing the package is cheap: no jieba, no numpy, no encoder. Each stage
(``tmtool.text``, ``tmtool.align``, ``tmtool.tm`` …) is importable on its own.
"""

from tmtool.errors import TmtoolError

__version__ = "0.1.0"

__all__ = ["TmtoolError", "__version__"]
