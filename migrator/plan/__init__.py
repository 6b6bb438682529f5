"""`plan`: size the MWAA environment from what the deployment measures, estimate its cost, and write
the infrastructure as code (CloudFormation and Terraform) from templates."""
