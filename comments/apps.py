from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Kommentare")

    def ready(self) -> None:
        from benchmarking.hooks import flag_sections
        from comments.sections import flag_comment_links, joint_project_comments_section, measure_comments_section
        from roadmap.hooks import joint_project_page_sections, measure_page_sections

        measure_page_sections.register(measure_comments_section)
        joint_project_page_sections.register(joint_project_comments_section)
        flag_sections.register(flag_comment_links)
