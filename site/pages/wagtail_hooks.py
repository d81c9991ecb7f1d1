from wagtail import hooks

from .cache import remember_page

hooks.register("before_serve_page", remember_page)
