"""Scrapy project: spiders, pure parsers, item pipelines and the local mirror."""
