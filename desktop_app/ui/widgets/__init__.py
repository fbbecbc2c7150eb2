"""Small widgets the forms share."""
