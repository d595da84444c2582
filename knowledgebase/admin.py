from django.contrib import admin

from knowledgebase.models import Article, Category


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
