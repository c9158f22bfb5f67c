"""Content of the announcement feeds: each renders a post from data the storage layer and services return."""
