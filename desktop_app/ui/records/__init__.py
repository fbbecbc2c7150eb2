"""The Records area: the list of every dose, and one record with its history."""
