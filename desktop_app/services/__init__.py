"""Use cases that the UI and the CLI both call. Each opens its own transaction and returns
plain data describing what happened; none imports Qt."""
