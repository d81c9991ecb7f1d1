from . import furigana


class FuriganaMiddleware:
    """Readings that editors wrote as 漢字《かんじ》 reach the visitor as <ruby> on every page.

    Titles, rich text, snippets and the plugins' pages alike, in one place; the admin keeps the
    notation as typed, except in previews.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or (request.path.startswith("/admin/") and "/preview/" not in request.path)
            or "《".encode(response.charset) not in response.content
        ):
            return response
        response.content = furigana.render_document(response.content.decode(response.charset))
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
