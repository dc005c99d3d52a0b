"""Use cases, no Qt: validate, check role, write the operation and its effect in one
transaction, return what changed."""
