"""`deploy`: upload a bundle to the environment's S3 bucket and point the MWAA environment at it."""
