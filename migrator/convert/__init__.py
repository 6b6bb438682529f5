"""The convert pipeline: which files need a rewrite, the rewrite spread over cores, the output tree and report."""
