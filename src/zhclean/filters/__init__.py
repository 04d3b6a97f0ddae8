"""The built-in filters.  Importing this package registers each of them.

One module per filter; each is readable in one sitting.
"""

from . import (  # noqa: F401
    html,
    layout,
    mojibake,
    newlines,
    pinyin,
    punctuation,
    script,
    tidy,
    whitespace,
)
