"""mapview: the Streamlit page. Run with ``streamlit run app.py``; the page is mapview.web.article_page."""

from pathlib import Path

from mapview.web.article_page import main

main(app_dir=Path(__file__).resolve().parent)
