"""Server-rendered pages (Jinja2 templates) and vendored static assets: no build step, offline."""
