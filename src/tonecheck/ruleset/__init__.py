"""Rules as data: loading, selecting and describing them."""
