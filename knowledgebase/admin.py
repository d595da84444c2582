from django.contrib import admin

from knowledgebase.models import Article, ArticleFeedback, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "is_public", "regulation_as_of", "updated_at"]
    list_filter = ["status", "is_public", "category", "language"]
    list_select_related = ["category"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    """Readers' answers as they came; written only by knowledgebase.services.article_vote."""

    list_display = ["article", "is_helpful", "is_contacting_support", "created_at"]
    list_filter = ["is_helpful", "is_contacting_support"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
