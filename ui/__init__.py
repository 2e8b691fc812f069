"""Streamlit-only helpers for the pages: translations, sign-in guard, formatting."""
