"""Bounds on the work hostile input or a careless rule can cause."""
