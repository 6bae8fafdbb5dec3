"""Streamlit helpers of the explorer app: URL state, cached data, and the tabs' contents."""
