"""The authorization matrix's data (tests/core/test_authorization_matrix.py): the expected
answer of every URL to every persona, one module per app, and the world the requests are
made in."""
