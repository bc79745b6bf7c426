from django.urls import path

from docket.search import views

urlpatterns = [path("", views.search_page, name="search")]
