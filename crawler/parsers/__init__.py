"""Pure parsers: bytes/text of a platform answer -> Post/Step records, no Scrapy involved.

Each field is read by a small `_parse_<field>` function so tests can assert one field at
a time on the real saved pages.
"""
