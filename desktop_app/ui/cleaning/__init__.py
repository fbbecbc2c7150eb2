"""The Data cleaning area: the identity worklist, its counts and filters, moves, corrections."""
