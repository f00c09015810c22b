"""Thin Scrapy spiders: requests and scheduling only; parsing lives in crawler.parsers."""
