"""What the django-q2 worker runs for news (schedule from migration 0002_job_schedules)."""

from news.services import news_publish_due


def publish_due_news() -> str:
    return f"published {news_publish_due()}"
