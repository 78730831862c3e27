"""Markup and text meant to break a page: every test of hostile input uses this one list."""

PAYLOADS = [
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('i1')>",
    "<a href=\"javascript:alert('j1')\">click</a>",
    "\"><svg onload=alert('v1')>",
    "'><img src=x onerror=alert('i2')>",
    "<svg><script>alert('v2')</script></svg>",
    "</script><script>alert('s2')</script>",
    "`${alert('t1')}`",
    "<b" + "b" * 3000 + " unbalanced <div",
    "\u202eevil\u202c reversed",
    "zero\u200bwidth\u200djoin",
    '=HYPERLINK("http://x","csv")',
]
# Elements and attributes that must never exist in the page because of an article or a link.
INJECTED = "img[src=x], svg[onload], a[href^='javascript'], [onerror], [onload]"


def hostile_article() -> str:
    """A news-like text that names real places and carries every payload, in quotes too."""
    parts = [f"Officials in Paris said “{PAYLOADS[0]} {PAYLOADS[1]}” on Monday."]
    for k, payload in enumerate(PAYLOADS[2:], 2):
        town = ["Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Lille"][k % 6]
        parts.append(f"In {town}, protesters wrote {payload} on walls, police said.")
    parts.append('He said "unbalanced quote and “another one, then nothing.')
    return "\n\n".join(parts)
