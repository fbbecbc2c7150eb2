"""The population register on the central platform (issue #15): loading it, checking every
Patient received against it, and linking one citizen's Patients across sites."""
