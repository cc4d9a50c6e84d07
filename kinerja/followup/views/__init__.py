"""The follow-up app's pages, one module per page family; thin: fetch, call, render."""
