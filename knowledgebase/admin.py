from django.contrib import admin

from knowledgebase.forms import GuideStepForm
from knowledgebase.models import (
    Article,
    ArticleFeedback,
    ArticleTranslation,
    Category,
    GovernmentService,
    Guide,
    GuideStep,
    ServiceDocument,
    ServiceStep,
    Tag,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticleTranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "is_public", "regulation_as_of", "review_due_on", "editor"]
    list_filter = ["status", "is_public", "category", "language", "tags"]
    list_select_related = ["category", "editor"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    raw_id_fields = ["editor"]
    inlines = [ArticleTranslationInline]


class ServiceDocumentInline(admin.TabularInline):
    model = ServiceDocument
    extra = 0


class ServiceStepInline(admin.TabularInline):
    model = ServiceStep
    extra = 0


@admin.register(GovernmentService)
class GovernmentServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "processing_days", "signature", "status", "regulation_as_of"]
    list_filter = ["status", "signature", "department"]
    search_fields = ["name", "department"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["articles"]
    inlines = [ServiceDocumentInline, ServiceStepInline]


class GuideStepInline(admin.StackedInline):
    model = GuideStep
    form = GuideStepForm
    extra = 0


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "article", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["article"]
    inlines = [GuideStepInline]


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
