"""Sample rows (示例/Sample) for the pages that would be empty without them, one module per domain.

The `generate_demo_data` command drives them; nothing here runs on its own.
"""
