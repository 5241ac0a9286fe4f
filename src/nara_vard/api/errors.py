"""Errors the API answers with: a status, a message naming what was wrong, never a stack trace."""

from __future__ import annotations


class ApiError(Exception):
    """A request the API cannot answer as asked (4xx), with a message for the person who sent it."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
