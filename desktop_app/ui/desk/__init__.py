"""The clerk's desk: search, pick or register a person, record the dose, next."""
