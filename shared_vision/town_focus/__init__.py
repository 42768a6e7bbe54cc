"""A town's individual focus under the shared vision: priority per field of action, local goals (tenant app)."""
