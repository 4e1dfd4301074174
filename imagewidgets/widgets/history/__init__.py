"""History: the gallery's items, the static sheet and the Studio's history."""
