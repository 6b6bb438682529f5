"""`checklist`: the cutover runbook for this deployment, generated from its actual findings."""
