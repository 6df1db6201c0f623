"""What operators see of a running server: JSON logs without patient data, metrics, request ids."""
