"""`migrate`: the whole pipeline (assess -> convert -> cron -> bundle -> secrets plan -> plan ->
checklist) into one folder with an index page."""
