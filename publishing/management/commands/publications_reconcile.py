from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from publishing.tasks import publications_reconcile


class Command(BaseCommand):
    help = (
        "Veröffentlicht, was Kommunen freigegeben oder geändert haben, aber (etwa nach einem abgebrochenen "
        "Worker) noch nicht veröffentlicht ist. Läuft sonst regelmäßig über Celery beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        published = publications_reconcile()
        for line in published:
            self.stdout.write(f"veröffentlicht: {line}")
        self.stdout.write(
            self.style.SUCCESS(f"Abgleich fertig: {len(published)} Veröffentlichungen nachgeholt.")
            if published
            else "Abgleich fertig: alles ist veröffentlicht."
        )
