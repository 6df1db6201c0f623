"""The patient conversation API's pieces: schemas, tokens, reply shaping, serialized turns."""
